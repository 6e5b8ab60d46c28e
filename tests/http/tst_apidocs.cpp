// GET /api/docs in a real browser: headless Chromium (Debian's chromium) driven by
// tests/http/tools/docs-browser.cjs (puppeteer-core) against a real ApiServer. The page loads
// without a Content-Security-Policy violation, lists every operation of the OpenAPI document,
// "Try it out" on GET /api/health shows 200, and a token pasted into the Authorize dialog is sent
// (GET /api/auth/me shows 200). A missing Chromium, node or npm package is a failure, not a skip.
// With TASKDECK_DOCS_SCREENSHOT=<file.png> the page is also saved as a screenshot
// (docs/screenshot-api-docs.png is made this way).
#include "ApiTestClient.h"

#include <QFileInfo>
#include <QProcess>
#include <QTest>

using namespace taskdeck;
using namespace taskdeck::test;

class TestApiDocs : public QObject
{
    Q_OBJECT

private slots:
    void docsPageWorksInChromium()
    {
        const QString chromium =
            qEnvironmentVariable("CHROMIUM", QStringLiteral("/usr/bin/chromium"));
        QVERIFY2(QFileInfo(chromium).isExecutable(),
                 qPrintable(chromium + QStringLiteral(" is missing: scripts/deps.sh installs "
                                                      "Debian's chromium")));
        ApiTestClient api;
        TASKDECK_REQUIRE_API(&api);
        const QString token = api.adminToken();
        QVERIFY(!token.isEmpty());

        QProcess node;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), QStringLiteral(TASKDECK_NODE_MODULES));
        env.insert(QStringLiteral("CHROMIUM"), chromium);
        node.setProcessEnvironment(env);
        node.setProcessChannelMode(QProcess::MergedChannels);
        QStringList arguments{
            QStringLiteral(TASKDECK_SOURCE_DIR "/tests/http/tools/docs-browser.cjs"),
            QStringLiteral("http://127.0.0.1:%1").arg(api.port()), token};
        if (const QString screenshot = qEnvironmentVariable("TASKDECK_DOCS_SCREENSHOT");
            !screenshot.isEmpty())
            arguments.append(screenshot);
        node.start(QStringLiteral("node"), arguments);
        QVERIFY2(node.waitForStarted(), "node is missing (scripts/deps.sh installs nodejs)");
        // The server answers from its own thread: this one may block while the browser works.
        const bool finished = node.waitForFinished(90'000);
        const QByteArray output = node.readAll();
        qInfo().noquote() << QString::fromUtf8(output).trimmed();
        QVERIFY2(finished, "the browser did not finish within 90 s");
        QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0,
                 output.constData());
        QVERIFY(output.contains("try it out GET /api/health: 200\n"));
        QVERIFY(output.contains("authorize + try it out GET /api/auth/me: 200\n"));
        QVERIFY(output.contains("no CSP violation, no page error\n"));
    }
};

QTEST_GUILESS_MAIN(TestApiDocs)
#include "tst_apidocs.moc"
