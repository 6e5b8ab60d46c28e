#include "ApiJson.h"
#include "TaskCursor.h"
#include "TaskJson.h"
#include "UserJson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace taskdeck;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parseObject(const char *text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("bad test JSON: %s", text);
    return document.object();
}

FieldError bodyError(const char *field, const char *msg, const char *type)
{
    return FieldError{{QStringLiteral("body"), QString::fromLatin1(field)},
                      QString::fromLatin1(msg),
                      QString::fromLatin1(type)};
}

const char *const kExtra = "Extra inputs are not permitted";
const char *const kServerOwned = "Field is set by the server and cannot be written";
const char *const kEnumMsg =
    "Input should be 'pending', 'in_progress', 'completed', 'failed' or 'cancelled'";

/// Texts parseTimestamp() must reject.
const char *const kBadTimestamps[] = {"",
                                      "garbage",
                                      "2026",
                                      "2026-11",
                                      "2026-11-29T",
                                      "2026-11-29T07:01",
                                      "2026-11-29T07:01:05",
                                      "2026-11-29 07:01:05Z",
                                      "2026-11-29T07:01:05.Z",
                                      "2026-11-29T07:01:05.1234567890Z",
                                      "2026-11-29T07:01:05ZZ",
                                      "2026-11-29T07:01:05Z ",
                                      " 2026-11-29T07:01:05Z",
                                      "2026-11-29x",
                                      "2026-11-29T07:01:05.123Zjunk",
                                      "2026-13-01",
                                      "2026-00-10",
                                      "2026-11-31",
                                      "2025-02-29",
                                      "1900-02-29",
                                      "2026-11-00",
                                      "2026-11-29T24:00:00Z",
                                      "2026-11-29T23:60:00Z",
                                      "2026-11-29T23:59:60Z",
                                      "2026-11-29T07:01:05+2:00",
                                      "2026-11-29T07:01:05+24:00",
                                      "2026-11-29T07:01:05+02:60",
                                      "2026-11-29T07:01:05+02:0",
                                      "2026-11-29T07:01:05+020",
                                      "2026-11-29T07:01:05"
                                      "+",
                                      "2026-1-29",
                                      "26-11-29",
                                      "2026/11/29",
                                      "+2026-11-29",
                                      "2026-11-29T07:01:05,123Z",
                                      "١٢٣٤-11-29"};

// 2026-11-29T07:01:05.123Z
constexpr EpochMs kSampleMs = 1795935665123;

} // namespace

class TestTaskJson : public QObject
{
    Q_OBJECT

private slots:
    void formatTimestamp_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("epoch") << 0LL << QStringLiteral("1970-01-01T00:00:00.000Z");
        QTest::newRow("sample") << kSampleMs << QStringLiteral("2026-11-29T07:01:05.123Z");
        QTest::newRow("before epoch") << -1LL << QStringLiteral("1969-12-31T23:59:59.999Z");
        QTest::newRow("leap day") << 1709164800000LL << QStringLiteral("2024-02-29T00:00:00.000Z");
        QTest::newRow("y2k eve") << 946684799999LL << QStringLiteral("1999-12-31T23:59:59.999Z");
        QTest::newRow("year 9999")
            << 253402300799999LL << QStringLiteral("9999-12-31T23:59:59.999Z");
    }

    void formatTimestamp()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(json::formatTimestamp(ms), text);
        QCOMPARE(json::parseTimestamp(text), std::optional<EpochMs>(ms));
    }

    void parseTimestamp_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        const qint64 whole = kSampleMs - 123;
        QTest::newRow("Z no fraction") << QStringLiteral("2026-11-29T07:01:05Z") << whole;
        QTest::newRow("ms") << QStringLiteral("2026-11-29T07:01:05.123Z") << kSampleMs;
        QTest::newRow("1 digit") << QStringLiteral("2026-11-29T07:01:05.1Z") << whole + 100;
        QTest::newRow("2 digits") << QStringLiteral("2026-11-29T07:01:05.12Z") << whole + 120;
        QTest::newRow("6 digits truncated")
            << QStringLiteral("2026-11-29T07:01:05.123999Z") << kSampleMs;
        QTest::newRow("9 digits") << QStringLiteral("2026-11-29T07:01:05.999999999Z")
                                  << whole + 999;
        QTest::newRow("+02:00") << QStringLiteral("2026-11-29T09:01:05.123+02:00") << kSampleMs;
        QTest::newRow("-0530") << QStringLiteral("2026-11-29T01:31:05.123-0530") << kSampleMs;
        QTest::newRow("+00:00") << QStringLiteral("2026-11-29T07:01:05.123+00:00") << kSampleMs;
        QTest::newRow("-00") << QStringLiteral("2026-11-29T07:01:05.123-00") << kSampleMs;
        QTest::newRow("offset over midnight")
            << QStringLiteral("2026-11-30T00:01:05+17:00") << whole;
        QTest::newRow("bare date") << QStringLiteral("2026-11-29") << 1795910400000LL;
        QTest::newRow("lower case t z") << QStringLiteral("2026-11-29t07:01:05.123z") << kSampleMs;
        QTest::newRow("leap day") << QStringLiteral("2024-02-29") << 1709164800000LL;
        QTest::newRow("2000 leap") << QStringLiteral("2000-02-29T00:00:00Z") << 951782400000LL;
        QTest::newRow("end of day")
            << QStringLiteral("2026-12-31T23:59:59.999Z") << 1798761599999LL;
    }

    void formatTimestampOutsideFourDigitYears()
    {
        // Years outside 0-9999 (which parseTimestamp does not read) take the snprintf path.
        QCOMPARE(json::formatTimestamp(253402300800000LL),
                 QStringLiteral("10000-01-01T00:00:00.000Z"));
        QCOMPARE(json::formatTimestamp(-62167219200000LL),
                 QStringLiteral("0000-01-01T00:00:00.000Z"));
        QCOMPARE(json::formatTimestamp(-62167219200001LL),
                 QStringLiteral("-001-12-31T23:59:59.999Z"));
    }

    void formatTimestampMatchesQDateTime()
    {
        // formatTimestamp writes its digits itself (no snprintf): the same text as QDateTime's
        // for random times in years 1-9999.
        QRandomGenerator random(7);
        for (int i = 0; i < 20000; ++i) {
            const qint64 ms = -62135596800000LL +
                              qint64(random.bounded(std::numeric_limits<quint32>::max())) *
                                  random.bounded(73000) +
                              random.bounded(1000);
            const QString expected = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
                                         .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
                                     QLatin1Char('Z');
            QCOMPARE(json::formatTimestamp(ms), expected);
            char buffer[json::kTimestampBufferSize];
            QCOMPARE(json::formatTimestampTo(buffer, ms), 24);
            QCOMPARE(QLatin1StringView(buffer), expected);
        }
    }

    void parseTimestamp()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(json::parseTimestamp(text), std::optional<EpochMs>(ms));
    }

    void parseTimestampRejects_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *bad : kBadTimestamps) {
            QTest::newRow(bad) << QString::fromUtf8(bad);
        }
    }

    void parseTimestampRejects()
    {
        QFETCH(QString, text);
        QCOMPARE(json::parseTimestamp(text), std::nullopt);
    }

    void timestampRoundTrip()
    {
        QRandomGenerator rng(20261129);
        for (int i = 0; i < 20000; ++i) {
            // 0001-01-01 .. 9999-12-31
            const qint64 ms =
                -62135596800000LL + static_cast<qint64>(rng.bounded(315537897599999.0));
            const QString text = json::formatTimestamp(ms);
            QCOMPARE(text.size(), 24);
            QCOMPARE(json::parseTimestamp(text), std::optional<EpochMs>(ms));
        }
        QCOMPARE(json::timestampToJson(std::nullopt), QJsonValue(QJsonValue::Null));
        QCOMPARE(json::timestampToJson(kSampleMs),
                 QJsonValue(QStringLiteral("2026-11-29T07:01:05.123Z")));
    }

    void moneyFromDouble_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<qint64>("e4"); // -1 = rejected
        QTest::newRow("0") << 0.0 << 0LL;
        QTest::newRow("-0") << -0.0 << 0LL;
        QTest::newRow("0.1") << 0.1 << 1000LL;
        QTest::newRow("0.2") << 0.2 << 2000LL;
        QTest::newRow("0.3") << 0.3 << 3000LL;
        QTest::newRow("0.0001") << 0.0001 << 1LL;
        QTest::newRow("1.2345") << 1.2345 << 12345LL;
        QTest::newRow("12") << 12.0 << 120000LL;
        QTest::newRow("999999.9999") << 999999.9999 << 9999999999LL;
        QTest::newRow("1000000") << 1000000.0 << 10000000000LL;
        QTest::newRow("1000000.0001") << 1000000.0001 << 10000000001LL;
        QTest::newRow("-0.5") << -0.5 << -5000LL;
        QTest::newRow("-1.2345") << -1.2345 << -12345LL;
        QTest::newRow("0.1+0.2 float sum") << (0.1 + 0.2) << -1LL;
        QTest::newRow("0.30000000000000004") << 0.30000000000000004 << -1LL;
        QTest::newRow("0.30000003") << 0.30000003 << -1LL;
        QTest::newRow("0.00001") << 0.00001 << -1LL;
        QTest::newRow("1.23456") << 1.23456 << -1LL;
        QTest::newRow("1e-20") << 1e-20 << -1LL;
        QTest::newRow("1e12") << 1e12 << -1LL;
        QTest::newRow("inf") << std::numeric_limits<double>::infinity() << -1LL;
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << -1LL;
    }

    void moneyFromDouble()
    {
        QFETCH(double, value);
        QFETCH(qint64, e4);
        const std::optional<MoneyE4> expected = e4 == -1 ? std::nullopt : std::optional(e4);
        QCOMPARE(json::moneyFromDouble(value), expected);
    }

    void moneySums()
    {
        const MoneyE4 sum = *json::moneyFromDouble(0.1) + *json::moneyFromDouble(0.2);
        QCOMPARE(sum, 3000);
        QCOMPARE(json::moneyToDouble(sum), 0.3);
        QCOMPARE(compact(QJsonObject{{QStringLiteral("total_cost"), json::moneyToDouble(sum)}}),
                 QByteArray(R"({"total_cost":0.3})"));
        QCOMPARE(compact(QJsonObject{{QStringLiteral("c"), json::moneyToDouble(1)}}),
                 QByteArray(R"({"c":1e-04})"));
        QCOMPARE(compact(QJsonObject{{QStringLiteral("c"), json::moneyToDouble(10)}}),
                 QByteArray(R"({"c":0.001})"));
        // Ten thousand 0.0001 costs are exactly 1.
        MoneyE4 total = 0;
        for (int i = 0; i < 10000; ++i)
            total += *json::moneyFromDouble(0.0001);
        QCOMPARE(compact(QJsonObject{{QStringLiteral("c"), json::moneyToDouble(total)}}),
                 QByteArray(R"({"c":1})"));
    }

    /// Every 4-decimal value survives text -> QJsonDocument -> moneyFromDouble, and serialises
    /// back to its shortest decimal text (no 0.29999999999999999).
    void moneyJsonRoundTrip()
    {
        QRandomGenerator rng(42);
        QList<MoneyE4> values = {1,    3,     7,     10,          999,        1000,
                                 3000, 12345, 99999, 10000000000, 9999999999, 10000000001};
        for (int i = 0; i < 50000; ++i)
            values.append(static_cast<MoneyE4>(rng.bounded(10000000001.0)));
        for (const MoneyE4 e4 : values) {
            QString text = json::moneyToText(e4);
            while (text.endsWith(QLatin1Char('0')))
                text.chop(1);
            if (text.endsWith(QLatin1Char('.')))
                text.chop(1);
            const QByteArray doc = "{\"c\":" + text.toLatin1() + '}';
            const double parsed = QJsonDocument::fromJson(doc).object().value(u"c").toDouble();
            QCOMPARE(json::moneyFromDouble(parsed), std::optional<MoneyE4>(e4));
            // Qt 6.4 writes 0.0001..0.0009 as 1e-04..9e-04 (valid JSON, the same double).
            const QByteArray written =
                e4 >= 1 && e4 <= 9 ? "{\"c\":" + QByteArray::number(e4) + "e-04}" : doc;
            QCOMPARE(compact(QJsonObject{{QStringLiteral("c"), json::moneyToDouble(e4)}}), written);
        }
    }

    void moneyText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("e4"); // -1 = rejected (no valid test value is -1)
        QTest::newRow("12") << QStringLiteral("12") << 120000LL;
        QTest::newRow("0.3") << QStringLiteral("0.3") << 3000LL;
        QTest::newRow("0.0315") << QStringLiteral("0.0315") << 315LL;
        QTest::newRow("0.30000") << QStringLiteral("0.30000") << 3000LL;
        QTest::newRow("-2.5") << QStringLiteral("-2.5") << -25000LL;
        QTest::newRow("+1") << QStringLiteral("+1") << 10000LL;
        QTest::newRow("0.00005") << QStringLiteral("0.00005") << -1LL;
        QTest::newRow("empty") << QString() << -1LL;
        QTest::newRow("dot") << QStringLiteral(".") << -1LL;
        QTest::newRow(".5") << QStringLiteral(".5") << -1LL;
        QTest::newRow("5.") << QStringLiteral("5.") << -1LL;
        QTest::newRow("1e3") << QStringLiteral("1e3") << -1LL;
        QTest::newRow("space") << QStringLiteral(" 1") << -1LL;
        QTest::newRow("comma") << QStringLiteral("1,5") << -1LL;
        QTest::newRow("abc") << QStringLiteral("abc") << -1LL;
        QTest::newRow("huge") << QStringLiteral("123456789012345") << -1LL;
    }

    void moneyText()
    {
        QFETCH(QString, text);
        QFETCH(qint64, e4);
        const std::optional<MoneyE4> expected = e4 == -1 ? std::nullopt : std::optional(e4);
        QCOMPARE(json::moneyFromText(text), expected);
    }

    void moneyToText()
    {
        QCOMPARE(json::moneyToText(0), QStringLiteral("0.0000"));
        QCOMPARE(json::moneyToText(3000), QStringLiteral("0.3000"));
        QCOMPARE(json::moneyToText(120000), QStringLiteral("12.0000"));
        QCOMPARE(json::moneyToText(315), QStringLiteral("0.0315"));
        QCOMPARE(json::moneyToText(-5000), QStringLiteral("-0.5000"));
        QCOMPARE(json::moneyToText(10000000000), QStringLiteral("1000000.0000"));
        QCOMPARE(json::moneyToText(std::numeric_limits<qint64>::min()),
                 QStringLiteral("-922337203685477.5808"));
    }

    void compactJsonValues()
    {
        QCOMPARE(json::toCompactJson(QJsonValue(QJsonValue::Null)), QByteArray("null"));
        QCOMPARE(json::toCompactJson(QStringLiteral("ok \"x\"")), QByteArray("\"ok \\\"x\\\"\""));
        QCOMPARE(json::toCompactJson(42), QByteArray("42"));
        QCOMPARE(json::toCompactJson(true), QByteArray("true"));
        QCOMPARE(json::toCompactJson(QJsonObject{{QStringLiteral("a"), 1}}),
                 QByteArray(R"({"a":1})"));
        QCOMPARE(json::parseJsonValue("\"ok\""), std::optional(QJsonValue(QStringLiteral("ok"))));
        QCOMPARE(json::parseJsonValue("null"), std::optional(QJsonValue(QJsonValue::Null)));
        QCOMPARE(json::parseJsonValue(" [1, 2] "), std::optional(QJsonValue(QJsonArray{1, 2})));
        QCOMPARE(json::parseJsonValue("1,2"), std::nullopt);
        QCOMPARE(json::parseJsonValue("1],[2"), std::nullopt);
        QCOMPARE(json::parseJsonValue(""), std::nullopt);
        QCOMPARE(json::parseJsonValue("{"), std::nullopt);
    }

    void taskToJson()
    {
        Task task;
        task.id = QUuid::fromString(u"{3F2C1A9E-0B4D-4C5E-9F61-7A8B9C0D1E2F}");
        task.title = QStringLiteral("Draft \"post\" ✅");
        task.description = QStringLiteral("Line one\nline two");
        task.category = std::nullopt;
        task.status = TaskStatus::Completed;
        task.priority = 3;
        task.costE4 = 3000;
        task.result = QJsonObject{{QStringLiteral("words"), 812}};
        task.errorMessage = std::nullopt;
        task.createdBy = QStringLiteral("ana");
        task.createdAt = kSampleMs;
        task.updatedAt = kSampleMs + 60000;
        task.startedAt = kSampleMs + 1000;
        task.completedAt = kSampleMs + 41120;
        task.version = 4;
        const QByteArray expected =
            R"({"category":null,"completed_at":"2026-11-29T07:01:46.243Z","cost":0.3,)"
            R"("created_at":"2026-11-29T07:01:05.123Z","created_by":"ana",)"
            R"("description":"Line one\nline two","error_message":null,"execution_time":40.12,)"
            R"("id":"3f2c1a9e-0b4d-4c5e-9f61-7a8b9c0d1e2f","priority":3,"result":{"words":812},)"
            R"("started_at":"2026-11-29T07:01:06.123Z","status":"completed",)"
            "\"title\":\"Draft \\\"post\\\" \xE2\x9C\x85\","
            R"("updated_at":"2026-11-29T07:02:05.123Z","version":4})";
        QCOMPARE(compact(json::taskToJson(task)), expected);

        Task fresh;
        fresh.id = QUuid::fromString(u"00000000-0000-4000-8000-000000000001");
        fresh.title = QStringLiteral("t");
        const QJsonObject object = json::taskToJson(fresh);
        QCOMPARE(object.keys().size(), json::taskFieldNames().size());
        for (const QString &name : json::taskFieldNames())
            QVERIFY2(object.contains(name), qPrintable(name));
        QCOMPARE(compact(object),
                 QByteArray(R"({"category":null,"completed_at":null,"cost":0,)"
                            R"("created_at":"1970-01-01T00:00:00.000Z","created_by":null,)"
                            R"("description":null,"error_message":null,"execution_time":null,)"
                            R"("id":"00000000-0000-4000-8000-000000000001","priority":1,)"
                            R"("result":null,"started_at":null,"status":"pending","title":"t",)"
                            R"("updated_at":"1970-01-01T00:00:00.000Z","version":1})"));
    }

    void taskFieldNames()
    {
        QCOMPARE(json::taskFieldNames().join(QLatin1Char(',')),
                 QStringLiteral("id,title,description,category,status,priority,cost,result,"
                                "error_message,created_by,created_at,updated_at,started_at,"
                                "completed_at,execution_time,version"));
    }

    void taskPageToJson()
    {
        TaskPage page;
        page.total = 42;
        page.offset = 10;
        page.limit = 5;
        QCOMPARE(compact(json::taskPageToJson(page)),
                 QByteArray(R"({"limit":5,"next_cursor":null,"offset":10,"tasks":[],"total":42})"));
        page.afterKey = true;
        QCOMPARE(
            compact(json::taskPageToJson(page)),
            QByteArray(R"({"limit":5,"next_cursor":null,"offset":null,"tasks":[],"total":42})"));
    }

    void directWritersMatchTheObjectWriter()
    {
        // json::appendTaskJson/taskPageToApiJson write without a QJsonObject; the bytes must be
        // those of toApiJson(taskToJson()) and toApiJson(taskPageToJson()) for every task.
        QRandomGenerator random(20261207);
        const QStringList texts{QString(),
                                QStringLiteral("plain"),
                                QStringLiteral("quote \" backslash \\ slash / tab \t nl \n cr \r"),
                                QStringLiteral("controls \x01\x08\x0b\x0c\x1f\x7f end"),
                                QStringLiteral("Größe ✅ 𝄞 日本"),
                                QString(QChar(0xD800)) + QStringLiteral("lone surrogate"),
                                QString(300, QLatin1Char('x'))};
        const QList<QJsonValue> results{
            QJsonValue(QJsonValue::Undefined),
            QJsonValue(QJsonValue::Null),
            QJsonValue(0.0),
            QJsonValue(1.5),
            QJsonValue(QStringLiteral("done\n")),
            QJsonObject{{QStringLiteral("cost"), 2.0},
                        {QStringLiteral("n"), QJsonArray{1, 2.25, true, QJsonValue()}}},
            QJsonArray{QJsonObject{{QStringLiteral("execution_time"), 3}}}};
        const QList<MoneyE4> costs{0, 1, 3000, 10000, 12345, 99999999, 1000000000000000LL};
        auto optionalText = [&](int pick) -> std::optional<QString> {
            return pick == 0 ? std::nullopt : std::optional<QString>(texts.at(pick % texts.size()));
        };
        TaskPage page;
        for (int i = 0; i < 400; ++i) {
            Task task;
            task.id = QUuid::createUuid();
            task.title = texts.at(1 + random.bounded(int(texts.size()) - 1));
            task.description = optionalText(random.bounded(8));
            task.category = optionalText(random.bounded(8));
            task.status = kAllStatuses[random.bounded(int(std::size(kAllStatuses)))];
            task.priority = random.bounded(kPriorityMax + 1);
            task.costE4 = costs.at(random.bounded(int(costs.size())));
            task.result = results.at(random.bounded(int(results.size())));
            task.errorMessage = optionalText(random.bounded(8));
            task.createdBy = optionalText(random.bounded(3));
            task.createdAt =
                kSampleMs - 4'000'000'000'000LL + qint64(random.bounded(8'000'000)) * 1'000'000LL;
            task.updatedAt = task.createdAt + random.bounded(100000);
            if (random.bounded(2))
                task.startedAt = task.createdAt + random.bounded(5000);
            if (random.bounded(2))
                task.completedAt = task.createdAt + random.bounded(5'000'000);
            task.version = 1 + random.bounded(1000);
            const QByteArray expected = json::toApiJson(json::taskToJson(task));
            QCOMPARE(json::taskToApiJson(task), expected);
            page.tasks << task;
        }
        page.total = 123456789012LL;
        page.offset = 40;
        page.limit = 100;
        QCOMPARE(json::taskPageToApiJson(page), json::toApiJson(json::taskPageToJson(page)));
        TaskFilter filter;
        filter.sort = TaskSortField::Title;
        page.afterKey = true;
        page.nextKey = TaskListKey{{QStringLiteral("größe \"x\"")}, page.tasks.last().id};
        QCOMPARE(json::taskPageToApiJson(page, filter),
                 json::toApiJson(json::taskPageToJson(page, filter)));
        const QByteArray cursorMember =
            "\"next_cursor\":\"" + cursor::encode(filter, *page.nextKey).toLatin1() + '"';
        QVERIFY(json::taskPageToApiJson(page, filter).contains(cursorMember));
        page.tasks.clear();
        page.nextKey.reset();
        QCOMPARE(json::taskPageToApiJson(page),
                 QByteArray(R"({"limit":100,"next_cursor":null,"offset":null,"tasks":[],)"
                            R"("total":123456789012})"));
    }

    void parseNewTaskFull()
    {
        const auto parsed = json::parseNewTask(parseObject(
            R"({"title":" Write ","description":null,"category":"seo","status":"in_progress",)"
            R"("priority":2.0,"cost":0.1})"));
        QVERIFY(std::holds_alternative<NewTask>(parsed));
        const NewTask task = std::get<NewTask>(parsed);
        QCOMPARE(task.title, QStringLiteral(" Write ")); // trimming is TaskRules' job
        QCOMPARE(task.description, std::nullopt);
        QCOMPARE(task.category, std::optional<QString>(QStringLiteral("seo")));
        QCOMPARE(task.status, TaskStatus::InProgress);
        QCOMPARE(task.priority, 2);
        QCOMPARE(task.costE4, 1000);
    }

    void parseNewTaskDefaults()
    {
        const auto parsed = json::parseNewTask(parseObject(R"({"title":"x"})"));
        QVERIFY(std::holds_alternative<NewTask>(parsed));
        const NewTask task = std::get<NewTask>(parsed);
        QCOMPARE(task.title, QStringLiteral("x"));
        QCOMPARE(task.description, std::nullopt);
        QCOMPARE(task.category, std::nullopt);
        QCOMPARE(task.status, TaskStatus::Pending);
        QCOMPARE(task.priority, 1);
        QCOMPARE(task.costE4, 0);
    }

    void parseNewTaskErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<FieldErrors>("errors");
        QTest::newRow("missing title")
            << QByteArray("{}") << FieldErrors{bodyError("title", "Field required", "missing")};
        QTest::newRow("null title")
            << QByteArray(R"({"title":null})")
            << FieldErrors{bodyError("title", "Input should be a valid string", "string_type")};
        QTest::newRow("number title")
            << QByteArray(R"({"title":5})")
            << FieldErrors{bodyError("title", "Input should be a valid string", "string_type")};
        QTest::newRow("typo") << QByteArray(R"({"title":"x","stauts":"pending"})")
                              << FieldErrors{bodyError("stauts", kExtra, "extra_forbidden")};
        QTest::newRow("result on create")
            << QByteArray(R"({"title":"x","result":1})")
            << FieldErrors{bodyError("result", kExtra, "extra_forbidden")};
        QTest::newRow("priority fraction")
            << QByteArray(R"({"title":"x","priority":1.5})")
            << FieldErrors{
                   bodyError("priority",
                             "Input should be a valid integer, got a number with a fractional part",
                             "int_from_float")};
        QTest::newRow("priority string")
            << QByteArray(R"({"title":"x","priority":"2"})")
            << FieldErrors{bodyError("priority", "Input should be a valid integer", "int_type")};
        QTest::newRow("priority bool")
            << QByteArray(R"({"title":"x","priority":true})")
            << FieldErrors{bodyError("priority", "Input should be a valid integer", "int_type")};
        QTest::newRow("priority null")
            << QByteArray(R"({"title":"x","priority":null})")
            << FieldErrors{bodyError("priority", "Input should be a valid integer", "int_type")};
        QTest::newRow("status unknown") << QByteArray(R"({"title":"x","status":"done"})")
                                        << FieldErrors{bodyError("status", kEnumMsg, "enum")};
        QTest::newRow("status number") << QByteArray(R"({"title":"x","status":1})")
                                       << FieldErrors{bodyError("status", kEnumMsg, "enum")};
        QTest::newRow("status case") << QByteArray(R"({"title":"x","status":"Pending"})")
                                     << FieldErrors{bodyError("status", kEnumMsg, "enum")};
        QTest::newRow("cost decimals")
            << QByteArray(R"({"title":"x","cost":0.12345})")
            << FieldErrors{bodyError("cost",
                                     "Decimal input should have no more than 4 decimal places",
                                     "decimal_max_places")};
        QTest::newRow("cost float noise")
            << QByteArray(R"({"title":"x","cost":0.30000000000000004})")
            << FieldErrors{bodyError("cost",
                                     "Decimal input should have no more than 4 decimal places",
                                     "decimal_max_places")};
        QTest::newRow("cost string")
            << QByteArray(R"({"title":"x","cost":"1.5"})")
            << FieldErrors{bodyError("cost", "Input should be a valid number", "float_type")};
        QTest::newRow("description number")
            << QByteArray(R"({"title":"x","description":1})")
            << FieldErrors{
                   bodyError("description", "Input should be a valid string", "string_type")};
        QTest::newRow("category array")
            << QByteArray(R"({"title":"x","category":["a"]})")
            << FieldErrors{bodyError("category", "Input should be a valid string", "string_type")};
        QTest::newRow("server-owned fields")
            << QByteArray(R"({"title":"x","id":"a","version":2,"created_by":"me",)"
                          R"("created_at":"2026-01-01","updated_at":null,"started_at":null,)"
                          R"("completed_at":null,"execution_time":1})")
            << FieldErrors{bodyError("completed_at", kServerOwned, "extra_forbidden"),
                           bodyError("created_at", kServerOwned, "extra_forbidden"),
                           bodyError("created_by", kServerOwned, "extra_forbidden"),
                           bodyError("execution_time", kServerOwned, "extra_forbidden"),
                           bodyError("id", kServerOwned, "extra_forbidden"),
                           bodyError("started_at", kServerOwned, "extra_forbidden"),
                           bodyError("updated_at", kServerOwned, "extra_forbidden"),
                           bodyError("version", kServerOwned, "extra_forbidden")};
        QTest::newRow("all errors collected")
            << QByteArray(R"({"description":false,"category":7,"status":"nope",)"
                          R"("priority":0.5,"cost":1.00001,"id":"x","zzz":1,"aaa":2})")
            << FieldErrors{
                   bodyError("title", "Field required", "missing"),
                   bodyError("description", "Input should be a valid string", "string_type"),
                   bodyError("category", "Input should be a valid string", "string_type"),
                   bodyError("status", kEnumMsg, "enum"),
                   bodyError("priority",
                             "Input should be a valid integer, got a number with a fractional part",
                             "int_from_float"),
                   bodyError("cost", "Decimal input should have no more than 4 decimal places",
                             "decimal_max_places"),
                   bodyError("aaa", kExtra, "extra_forbidden"),
                   bodyError("id", kServerOwned, "extra_forbidden"),
                   bodyError("zzz", kExtra, "extra_forbidden")};
    }

    void parseNewTaskErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(FieldErrors, errors);
        const auto parsed = json::parseNewTask(parseObject(body.constData()));
        QVERIFY(std::holds_alternative<FieldErrors>(parsed));
        QCOMPARE(std::get<FieldErrors>(parsed), errors);
    }

    void parseOutOfRangeSaturates()
    {
        // Ranges are TaskRules' job; values beyond int/int64 saturate so they still fail there.
        const auto parsed = json::parseNewTask(parseObject(R"({"title":"x","priority":1e20,)"
                                                           R"("cost":1e300})"));
        QVERIFY(std::holds_alternative<NewTask>(parsed));
        QCOMPARE(std::get<NewTask>(parsed).priority, std::numeric_limits<int>::max());
        QCOMPARE(std::get<NewTask>(parsed).costE4, std::numeric_limits<MoneyE4>::max());
        const auto negative = json::parseNewTask(parseObject(R"({"title":"x","priority":-1e20,)"
                                                             R"("cost":-1e300})"));
        QVERIFY(std::holds_alternative<NewTask>(negative));
        QCOMPARE(std::get<NewTask>(negative).priority, std::numeric_limits<int>::min());
        QCOMPARE(std::get<NewTask>(negative).costE4, std::numeric_limits<MoneyE4>::min());
        const auto small = json::parseNewTask(parseObject(R"({"title":"x","priority":-1,)"
                                                          R"("cost":-0.5})"));
        QVERIFY(std::holds_alternative<NewTask>(small));
        QCOMPARE(std::get<NewTask>(small).priority, -1);
        QCOMPARE(std::get<NewTask>(small).costE4, -5000);
    }

    void parsePatch()
    {
        const auto empty = json::parseTaskPatch(QJsonObject());
        QVERIFY(std::holds_alternative<TaskPatch>(empty));
        QVERIFY(std::get<TaskPatch>(empty).isEmpty());

        const auto parsed = json::parseTaskPatch(
            parseObject(R"({"title":"New","description":null,"category":"ops","status":"failed",)"
                        R"("priority":0,"cost":12,"result":null,"error_message":"Timeout"})"));
        QVERIFY(std::holds_alternative<TaskPatch>(parsed));
        const TaskPatch patch = std::get<TaskPatch>(parsed);
        QCOMPARE(patch.title, std::optional<QString>(QStringLiteral("New")));
        QVERIFY(patch.description.has_value());
        QCOMPARE(*patch.description, std::nullopt);
        QCOMPARE(patch.category, std::optional(std::optional<QString>(QStringLiteral("ops"))));
        QCOMPARE(patch.status, std::optional<TaskStatus>(TaskStatus::Failed));
        QCOMPARE(patch.priority, std::optional<int>(0));
        QCOMPARE(patch.costE4, std::optional<MoneyE4>(120000));
        QCOMPARE(patch.result, std::optional<QJsonValue>(QJsonValue(QJsonValue::Null)));
        QCOMPARE(patch.errorMessage,
                 std::optional(std::optional<QString>(QStringLiteral("Timeout"))));

        const auto withResult =
            json::parseTaskPatch(parseObject(R"({"result":{"a":[1,"b"]},"error_message":null})"));
        QVERIFY(std::holds_alternative<TaskPatch>(withResult));
        const TaskPatch second = std::get<TaskPatch>(withResult);
        QCOMPARE(second.result, std::optional<QJsonValue>(QJsonObject{
                                    {QStringLiteral("a"), QJsonArray{1, QStringLiteral("b")}}}));
        QVERIFY(second.errorMessage.has_value());
        QCOMPARE(*second.errorMessage, std::nullopt);
        QCOMPARE(second.title, std::nullopt);
        QCOMPARE(second.description, std::nullopt);
    }

    void parsePatchErrors()
    {
        const auto parsed = json::parseTaskPatch(parseObject(
            R"({"title":null,"error_message":3,"version":2,"stauts":"failed","cost":-1.000001})"));
        QVERIFY(std::holds_alternative<FieldErrors>(parsed));
        const FieldErrors expected = {
            bodyError("title", "Input should be a valid string", "string_type"),
            bodyError("cost", "Decimal input should have no more than 4 decimal places",
                      "decimal_max_places"),
            bodyError("error_message", "Input should be a valid string", "string_type"),
            bodyError("stauts", kExtra, "extra_forbidden"),
            bodyError("version", kServerOwned, "extra_forbidden")};
        QCOMPARE(std::get<FieldErrors>(parsed), expected);
    }

    void metricsToJson()
    {
        MetricsSnapshot m;
        m.byStatus = {3, 1, 2, 1, 0};
        m.totalCostE4 = 3000;
        m.completedExecutionMsSum = 1000;
        m.completedExecutionCount = 3;
        m.byCategory.insert(QString(), 2);
        m.byCategory.insert(QStringLiteral("seo"), 5);
        QCOMPARE(compact(json::metricsToJson(m)),
                 QByteArray(R"({"avg_execution_time":0.333,"cancelled_tasks":0,)"
                            R"("completed_tasks":2,"failed_tasks":1,"in_progress_tasks":1,)"
                            R"("pending_tasks":3,"success_rate":66.67,"total_cost":0.3,)"
                            R"("total_tasks":7})"));
        QCOMPARE(compact(json::metricsSummaryToJson(m)),
                 QByteArray(R"({"avg_execution_time":0.333,"by_category":{"":2,"seo":5},)"
                            R"("by_status":{"cancelled":0,"completed":2,"failed":1,)"
                            R"("in_progress":1,"pending":3},"success_rate":66.67,)"
                            R"("total":7,"total_cost":0.3})"));
    }

    void metricsEmpty()
    {
        const MetricsSnapshot m;
        QCOMPARE(compact(json::metricsToJson(m)),
                 QByteArray(R"({"avg_execution_time":0,"cancelled_tasks":0,"completed_tasks":0,)"
                            R"("failed_tasks":0,"in_progress_tasks":0,"pending_tasks":0,)"
                            R"("success_rate":0,"total_cost":0,"total_tasks":0})"));
        const QJsonObject summary = json::metricsSummaryToJson(m);
        QCOMPARE(compact(summary.value(u"by_status").toObject()),
                 QByteArray(R"({"cancelled":0,"completed":0,"failed":0,"in_progress":0,)"
                            R"("pending":0})"));
        QCOMPARE(summary.value(u"by_category").toObject(), QJsonObject());
        QVERIFY(summary.value(u"success_rate").isDouble());
        QVERIFY(summary.value(u"avg_execution_time").isDouble());
    }

    void timeseriesToJson()
    {
        Timeseries series;
        series.bucket = TimeBucket::Hour;
        TimeseriesPoint first;
        first.start = kSampleMs - 123 - 65000;
        first.created = 4;
        first.completed = 2;
        first.failed = 1;
        first.costE4 = 1000 + 2000;
        first.completedExecutionMsSum = 3;
        first.completedExecutionCount = 2;
        TimeseriesPoint empty;
        empty.start = first.start + 3600000;
        series.points = {first, empty};
        QCOMPARE(compact(json::timeseriesToJson(series)),
                 QByteArray(R"({"bucket":"hour","points":[)"
                            R"({"avg_execution_time":0.002,"completed":2,"cost":0.3,"created":4,)"
                            R"("failed":1,"t":"2026-11-29T07:00:00.000Z"},)"
                            R"({"avg_execution_time":0,"completed":0,"cost":0,"created":0,)"
                            R"("failed":0,"t":"2026-11-29T08:00:00.000Z"}]})"));
    }

    void userToJson()
    {
        User user;
        user.id = QUuid::fromString(u"{A0000000-0000-4000-8000-00000000000B}");
        user.username = QStringLiteral("ana");
        user.role = Role::Operator;
        user.createdAt = kSampleMs;
        QCOMPARE(compact(json::userToJson(user)),
                 QByteArray(R"({"email":null,"id":"a0000000-0000-4000-8000-00000000000b",)"
                            R"("role":"operator","username":"ana"})"));
        user.email = QStringLiteral("ana@example.com");
        user.disabled = true;
        QCOMPARE(
            compact(json::userAccountToJson(user)),
            QByteArray(R"({"created_at":"2026-11-29T07:01:05.123Z","disabled":true,)"
                       R"("email":"ana@example.com","id":"a0000000-0000-4000-8000-00000000000b",)"
                       R"("role":"operator","username":"ana"})"));
    }

    void errorBodies()
    {
        const FieldErrors errors = {bodyError("title", "Field required", "missing"),
                                    FieldError{{QStringLiteral("query"), QStringLiteral("limit")},
                                               QStringLiteral("Input should be less than or "
                                                              "equal to 100"),
                                               QStringLiteral("less_than_equal")}};
        QCOMPARE(compact(json::validationErrorBody(errors)),
                 QByteArray(R"({"detail":[{"loc":["body","title"],"msg":"Field required",)"
                            R"("type":"missing"},{"loc":["query","limit"],)"
                            R"("msg":"Input should be less than or equal to 100",)"
                            R"("type":"less_than_equal"}]})"));
        QCOMPARE(compact(json::validationErrorBody({})), QByteArray(R"({"detail":[]})"));
        QCOMPARE(compact(json::errorBody(QStringLiteral("Task not found"))),
                 QByteArray(R"({"detail":"Task not found"})"));
    }
};

QTEST_APPLESS_MAIN(TestTaskJson)
#include "tst_taskjson.moc"
