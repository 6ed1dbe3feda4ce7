#include "ProbeRegistry.h"

#include "CommandProbe.h"
#include "DnsProbe.h"
#include "DotenvProbe.h"
#include "EnvProbe.h"
#include "FileProbe.h"
#include "HttpProbe.h"
#include "JwtProbe.h"
#include "KafkaProbe.h"
#include "KeychainProbe.h"
#include "PortProbe.h"
#include "PrometheusProbe.h"
#include "RedisProbe.h"
#include "SystemProbe.h"
#include "TcpProbe.h"

namespace triage {

namespace {
template<typename Probe>
ProbeRegistry::Factory factory()
{
    return [](const CheckSpec &spec, const CheckContext &context, QObject *parent) -> CheckProbe * {
        return new Probe(spec, context, parent);
    };
}
} // namespace

ProbeRegistry ProbeRegistry::withCoreProbes()
{
    ProbeRegistry r;
    r.add(QStringLiteral("tcp"), factory<TcpProbe>());
    r.add(QStringLiteral("http"), factory<HttpProbe>());
    r.add(QStringLiteral("redis"), factory<RedisProbe>());
    r.add(QStringLiteral("port"), factory<PortProbe>());
    r.add(QStringLiteral("env"), factory<EnvProbe>());
    r.add(QStringLiteral("dotenv"), factory<DotenvProbe>());
    r.add(QStringLiteral("file"), factory<FileProbe>());
    r.add(QStringLiteral("dns"), factory<DnsProbe>());
    r.add(QStringLiteral("jwt"), factory<JwtProbe>());
    r.add(QStringLiteral("prometheus"), factory<PrometheusProbe>());
    r.add(QStringLiteral("kafka"), factory<KafkaProbe>());
    r.add(QStringLiteral("system"), factory<SystemProbe>());
    r.add(QStringLiteral("keychain"), factory<KeychainProbe>());
    r.add(QStringLiteral("command"), factory<CommandProbe>());
    return r;
}

CheckProbe *ProbeRegistry::create(const CheckSpec &spec, const CheckContext &context, QObject *parent) const
{
    const auto it = m_factories.constFind(spec.type);
    return it == m_factories.cend() ? nullptr : (*it)(spec, context, parent);
}

} // namespace triage
