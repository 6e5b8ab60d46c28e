#include "Metrics.h"

#include <QTest>

using namespace taskdeck;

class TestMetrics : public QObject
{
    Q_OBJECT

private:
    static MetricsSnapshot snapshot(qint64 completed, qint64 failed)
    {
        MetricsSnapshot m;
        m.byStatus[static_cast<int>(TaskStatus::Completed)] = completed;
        m.byStatus[static_cast<int>(TaskStatus::Failed)] = failed;
        return m;
    }

private slots:
    void emptyIsZero()
    {
        const MetricsSnapshot m;
        QCOMPARE(m.total(), 0);
        QCOMPARE(m.successRate(), 0.0);
        QCOMPARE(m.averageExecutionSeconds(), 0.0);
        QCOMPARE(TimeseriesPoint().averageExecutionSeconds(), 0.0);
    }

    void total()
    {
        MetricsSnapshot m;
        m.byStatus = {1, 2, 3, 4, 5};
        QCOMPARE(m.total(), 15);
        QCOMPARE(m.count(TaskStatus::InProgress), 2);
        QCOMPARE(m.count(TaskStatus::Cancelled), 5);
    }

    void successRate_data()
    {
        QTest::addColumn<qint64>("completed");
        QTest::addColumn<qint64>("failed");
        QTest::addColumn<double>("expected");
        QTest::newRow("none") << 0LL << 0LL << 0.0;
        QTest::newRow("all failed") << 0LL << 4LL << 0.0;
        QTest::newRow("all completed") << 7LL << 0LL << 100.0;
        QTest::newRow("2 of 3") << 2LL << 1LL << 66.67;
        QTest::newRow("1 of 3") << 1LL << 2LL << 33.33;
        QTest::newRow("1 of 8") << 1LL << 7LL << 12.5;
        QTest::newRow("1 of 6") << 1LL << 5LL << 16.67;
        // 1/16 = 6.25 exactly; 1/32 = 3.125 -> half-up 3.13; 1/160 = 0.625 -> 0.63
        QTest::newRow("1 of 16") << 1LL << 15LL << 6.25;
        QTest::newRow("1 of 32") << 1LL << 31LL << 3.13;
        QTest::newRow("1 of 160") << 1LL << 159LL << 0.63;
        QTest::newRow("1 of 1000000") << 1LL << 999999LL << 0.0;
        QTest::newRow("big") << 5000000000LL << 1LL << 100.0;
    }

    void successRate()
    {
        QFETCH(qint64, completed);
        QFETCH(qint64, failed);
        QFETCH(double, expected);
        QCOMPARE(snapshot(completed, failed).successRate(), expected);
    }

    void averageExecution_data()
    {
        QTest::addColumn<qint64>("sumMs");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<double>("expected");
        QTest::newRow("none") << 0LL << 0LL << 0.0;
        QTest::newRow("sum without count") << 500LL << 0LL << 0.0;
        QTest::newRow("exact") << 3000LL << 2LL << 1.5;
        QTest::newRow("half up") << 3LL << 2LL << 0.002;  // 1.5 ms -> 2 ms
        QTest::newRow("third") << 1000LL << 3LL << 0.333; // 333.33 ms
        QTest::newRow("two thirds") << 2000LL << 3LL << 0.667;
        QTest::newRow("large") << 86400000LL * 365 << 1LL << 31536000.0;
    }

    void averageExecution()
    {
        QFETCH(qint64, sumMs);
        QFETCH(qint64, count);
        QFETCH(double, expected);
        MetricsSnapshot m;
        m.completedExecutionMsSum = sumMs;
        m.completedExecutionCount = count;
        QCOMPARE(m.averageExecutionSeconds(), expected);
        TimeseriesPoint p;
        p.completedExecutionMsSum = sumMs;
        p.completedExecutionCount = count;
        QCOMPARE(p.averageExecutionSeconds(), expected);
    }

    void divideRoundHalfUp()
    {
        QCOMPARE(taskdeck::divideRoundHalfUp(0, 5), 0);
        QCOMPARE(taskdeck::divideRoundHalfUp(10, 4), 3); // 2.5 -> 3
        QCOMPARE(taskdeck::divideRoundHalfUp(9, 4), 2);  // 2.25
        QCOMPARE(taskdeck::divideRoundHalfUp(11, 4), 3); // 2.75
        QCOMPARE(taskdeck::divideRoundHalfUp(12, 4), 3);
        QCOMPARE(taskdeck::divideRoundHalfUp(1, 2), 1);
        QCOMPARE(taskdeck::divideRoundHalfUp(1, 3), 0);
        QCOMPARE(taskdeck::divideRoundHalfUp(-5, 2), -2); // -2.5 -> -2 (towards +inf)
        QCOMPARE(taskdeck::divideRoundHalfUp(-7, 2), -3); // -3.5 -> -3
        QCOMPARE(taskdeck::divideRoundHalfUp(5, 0), 0);
        const qint64 big = std::numeric_limits<qint64>::max();
        QCOMPARE(taskdeck::divideRoundHalfUp(big, big), 1);
        QCOMPARE(taskdeck::divideRoundHalfUp(big, 2), big / 2 + 1);
    }

    void buckets()
    {
        QCOMPARE(bucketName(TimeBucket::Minute), QStringLiteral("minute"));
        QCOMPARE(bucketName(TimeBucket::Hour), QStringLiteral("hour"));
        QCOMPARE(bucketName(TimeBucket::Day), QStringLiteral("day"));
        QCOMPARE(bucketFromName(u"minute"), std::optional<TimeBucket>(TimeBucket::Minute));
        QCOMPARE(bucketFromName(u"hour"), std::optional<TimeBucket>(TimeBucket::Hour));
        QCOMPARE(bucketFromName(u"day"), std::optional<TimeBucket>(TimeBucket::Day));
        QCOMPARE(bucketFromName(u"week"), std::nullopt);
        QCOMPARE(bucketFromName(u"Hour"), std::nullopt);
        QCOMPARE(bucketWidthMs(TimeBucket::Minute), 60000);
        QCOMPARE(bucketWidthMs(TimeBucket::Hour), 3600000);
        QCOMPARE(bucketWidthMs(TimeBucket::Day), 86400000);

        // 2026-11-29T07:01:05.123Z
        const EpochMs t = 1795935665123;
        QCOMPARE(bucketStart(TimeBucket::Minute, t), 1795935660000);
        QCOMPARE(bucketStart(TimeBucket::Hour, t), 1795935600000);
        QCOMPARE(bucketStart(TimeBucket::Day, t), 1795910400000);
        QCOMPARE(bucketStart(TimeBucket::Hour, 1795935600000), 1795935600000);
        QCOMPARE(bucketStart(TimeBucket::Minute, -1), -60000); // before the epoch: aligned down

        QCOMPARE(bucketCount(TimeBucket::Hour, 0, 0), 0);
        QCOMPARE(bucketCount(TimeBucket::Hour, 10, 5), 0);
        QCOMPARE(bucketCount(TimeBucket::Hour, 0, 1), 1);
        QCOMPARE(bucketCount(TimeBucket::Hour, 0, 3600000), 1);
        QCOMPARE(bucketCount(TimeBucket::Hour, 0, 3600001), 2);
        QCOMPARE(bucketCount(TimeBucket::Hour, 1800000, 3600001), 2);
        QCOMPARE(bucketCount(TimeBucket::Day, 0, 86400000LL * 24), 24);
        QCOMPARE(bucketCount(TimeBucket::Minute, 0, 60000LL * kMaxTimeseriesBuckets),
                 kMaxTimeseriesBuckets);
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
