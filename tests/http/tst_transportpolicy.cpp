// http::TransportPolicy as a pure function: origin, host and subnet parsing, CORS headers, the
// Host check and the client address behind trusted proxies.
#include "TransportPolicy.h"

#include <QTest>

using namespace taskdeck::http;

class TestTransportPolicy : public QObject
{
    Q_OBJECT

private slots:
    void originsAreNormalizedAndChecked()
    {
        QString normalized;
        QCOMPARE(TransportPolicy::parseOrigin(QStringLiteral("HTTPS://App.Example.com:443/"),
                                              &normalized),
                 QString());
        QCOMPARE(normalized, QStringLiteral("https://app.example.com"));
        QCOMPARE(TransportPolicy::parseOrigin(QStringLiteral("http://localhost:5173"), &normalized),
                 QString());
        QCOMPARE(normalized, QStringLiteral("http://localhost:5173"));
        for (const char *bad : {"*", "null", "app.example.com", "ftp://x", "https://x/path",
                                "https://u@x", "https://x?q=1", ""})
            QVERIFY2(!TransportPolicy::parseOrigin(QLatin1String(bad), &normalized).isEmpty(), bad);
    }

    void corsHeadersOnlyForAllowedOrigins()
    {
        TransportPolicy policy;
        QVERIFY(!policy.corsEnabled());
        QVERIFY(!policy.originAllowed("http://localhost:5173"));
        QCOMPARE(policy.configure({QStringLiteral("http://localhost:5173")}, {}, {}), QString());
        QVERIFY(policy.corsEnabled());
        QVERIFY(policy.originAllowed("http://localhost:5173"));
        QVERIFY(policy.originAllowed("http://LOCALHOST:5173"));
        QVERIFY(!policy.originAllowed("http://localhost:5174"));
        QVERIFY(!policy.originAllowed("https://localhost:5173"));
        QVERIFY(!policy.originAllowed("null"));
        QVERIFY(!policy.originAllowed(""));
        QCOMPARE(policy.corsResponseHeaders("http://evil.example"), HeaderList());
        QCOMPARE(policy.corsResponseHeaders("http://localhost:5173"),
                 (HeaderList{{"Access-Control-Allow-Origin", "http://localhost:5173"},
                             {"Vary", "Origin"},
                             {"Access-Control-Expose-Headers", "ETag, Location, Retry-After"}}));
    }

    void hostsAreCaseInsensitiveAndPortAware()
    {
        TransportPolicy policy;
        QVERIFY(policy.hostAllowed("anything.example:1234"));
        QVERIFY(policy.hostAllowed(""));
        QCOMPARE(policy.configure({},
                                  {QStringLiteral("Taskdeck.Example.com"),
                                   QStringLiteral("localhost:8000"), QStringLiteral("[::1]:8000"),
                                   QStringLiteral("127.0.0.1")},
                                  {}),
                 QString());
        QVERIFY(policy.hostAllowed("taskdeck.example.com"));
        QVERIFY(policy.hostAllowed("TASKDECK.example.COM:8443"));
        QVERIFY(policy.hostAllowed("localhost:8000"));
        QVERIFY(!policy.hostAllowed("localhost:8001"));
        QVERIFY(!policy.hostAllowed("localhost"));
        QVERIFY(policy.hostAllowed("[::1]:8000"));
        QVERIFY(!policy.hostAllowed("[::1]:80"));
        QVERIFY(policy.hostAllowed("127.0.0.1:9999"));
        QVERIFY(!policy.hostAllowed("evil.example"));
        QVERIFY(!policy.hostAllowed("taskdeck.example.com.evil.example"));
        QVERIFY(!policy.hostAllowed(""));
        QVERIFY(!policy.hostAllowed("localhost:8000:1"));

        TransportPolicy::HostPattern pattern;
        for (const char *bad :
             {"", "a b", "host:", "host:0", "host:70000", "::1", "[::1", "ho/st", "[1.2.3.4]"})
            QVERIFY2(!TransportPolicy::parseHostPattern(QLatin1String(bad), &pattern).isEmpty(),
                     bad);
    }

    void subnetsAreChecked()
    {
        QPair<QHostAddress, int> subnet;
        QCOMPARE(TransportPolicy::parseSubnet(QStringLiteral("10.0.0.0/8"), &subnet), QString());
        QCOMPARE(subnet.second, 8);
        QCOMPARE(TransportPolicy::parseSubnet(QStringLiteral("192.168.1.7"), &subnet), QString());
        QCOMPARE(subnet.second, 32);
        QCOMPARE(TransportPolicy::parseSubnet(QStringLiteral("fd00::/8"), &subnet), QString());
        for (const char *bad : {"", "10.0.0.0/33", "10.0.0/8x", "proxy.example", "10.0.0.0/-1"})
            QVERIFY2(!TransportPolicy::parseSubnet(QLatin1String(bad), &subnet).isEmpty(), bad);
        TransportPolicy policy;
        QCOMPARE(policy.configure({}, {}, {QStringLiteral("bogus")}),
                 QStringLiteral("invalid subnet (expected ADDRESS or ADDRESS/PREFIX): bogus"));
    }

    void clientAddressBehindTrustedProxies()
    {
        const QHostAddress proxy(QStringLiteral("10.1.2.3"));
        const QHostAddress stranger(QStringLiteral("198.51.100.9"));
        TransportPolicy none;
        QCOMPARE(none.clientAddress(proxy, "203.0.113.7"), QStringLiteral("10.1.2.3"));

        TransportPolicy policy;
        QCOMPARE(policy.configure({}, {}, {QStringLiteral("10.0.0.0/8")}), QString());
        // Not from a trusted peer: the header is ignored.
        QCOMPARE(policy.clientAddress(stranger, "203.0.113.7"), QStringLiteral("198.51.100.9"));
        // From a trusted peer: the right-most untrusted address.
        QCOMPARE(policy.clientAddress(proxy, "203.0.113.7"), QStringLiteral("203.0.113.7"));
        QCOMPARE(policy.clientAddress(proxy, "1.1.1.1, 203.0.113.7, 10.9.9.9"),
                 QStringLiteral("203.0.113.7"));
        // A spoofed left part cannot hide the real client.
        QCOMPARE(policy.clientAddress(proxy, "10.0.0.1,203.0.113.7"),
                 QStringLiteral("203.0.113.7"));
        // Only trusted hops: the left-most one.
        QCOMPARE(policy.clientAddress(proxy, "10.0.0.5, 10.0.0.6"), QStringLiteral("10.0.0.5"));
        // No header, or garbage: the last address a trusted proxy vouched for.
        QCOMPARE(policy.clientAddress(proxy, ""), QStringLiteral("10.1.2.3"));
        QCOMPARE(policy.clientAddress(proxy, "garbage"), QStringLiteral("10.1.2.3"));
        QCOMPARE(policy.clientAddress(proxy, "203.0.113.7, garbage, 10.0.0.9"),
                 QStringLiteral("10.0.0.9"));
        // IPv4-mapped peers and IPv6 hops.
        QCOMPARE(
            policy.clientAddress(QHostAddress(QStringLiteral("::ffff:10.1.2.3")), "2001:db8::1"),
            QStringLiteral("2001:db8::1"));
        QCOMPARE(none.clientAddress(QHostAddress(QStringLiteral("::ffff:127.0.0.1")), ""),
                 QStringLiteral("127.0.0.1"));
    }
};

QTEST_GUILESS_MAIN(TestTransportPolicy)
#include "tst_transportpolicy.moc"
