#pragma once

#include <QByteArray>

// A Triage-format guide with one command check: `printf '%s|' ${namespace} ${pod}`, with
// defaults default and api, passing when the output holds `|api|`. For the trust tests.
inline const QByteArray kCommandGuide = R"(---
triage: 1
id: pods
title: Pods
---

# Pods

## Issue: A pod restarts

**Symptoms**

- `CrashLoopBackOff`

### Check: Which pod

```check
type: command
command: printf '%s|' ${namespace} ${pod}
vars:
  namespace: default
  pod: api
expect: "[STDOUT] contains '|api|'"
pass: "#outcome-read-it"
fail: "#outcome-read-it"
```

### Outcome: Read it

The log says why.
)";
