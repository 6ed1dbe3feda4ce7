#pragma once

#include "TestSupport.h"

#include <QCoreApplication>
#include <QTest>

#include <cstdio>

// main() for tests that read ../shared/seeds: exit 77 (CTest's "skipped") with a clear message
// when the seeds are not there, instead of passing without testing anything.
#define TRIAGE_SEED_TEST_MAIN(TestClass)                                                                      \
    int main(int argc, char **argv)                                                                           \
    {                                                                                                         \
        QCoreApplication app(argc, argv);                                                                     \
        if (triage::test::seedsDir().isEmpty()) {                                                             \
            std::fprintf(stderr, "SKIP: ../shared/seeds not found next to the checkout and TRIAGE_SEEDS_DIR " \
                                 "is not set; seed tests skipped\n");                                         \
            return 77;                                                                                        \
        }                                                                                                     \
        TestClass test;                                                                                       \
        return QTest::qExec(&test, argc, argv);                                                               \
    }
