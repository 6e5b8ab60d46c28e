// Preferences (issue 11 item 7) and Qt's translations (item 8), offscreen, SQLite and
// PostgreSQL: every choice is stored in QSettings and applies at once: the dark theme changes the
// application palette and the dashboard charts' theme, UTC vs local time changes the task
// table's cells (TZ=Europe/Berlin, a task created 2026-11-29T10:00:00Z), the detail panel, the
// chart axis and the CSV export note; the start page picks the page of the next window; the
// language is stored for the next start with a note. installTranslations("de") loads Qt's own
// German (QDialogButtonBox's Cancel reads "Abbrechen").
// The dialog is grabbed to taskdeck-preferences.png (TASKDECK_SCREENSHOT_DIR or /tmp).
#include "ChangeFeed.h"
#include "CsvExport.h"
#include "DashboardCharts.h"
#include "DashboardPage.h"
#include "KpiTile.h"
#include "MainWindow.h"
#include "Preferences.h"
#include "TaskDetailPanel.h"
#include "TaskJson.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"
#include "TimeDisplay.h"
#include "Translations.h"

#include <QApplication>
#include <QChart>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineSeries>
#include <QPen>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <ctime>

using namespace taskdeck;
using taskdeck::test::wait;

namespace {

Principal admin()
{
    return {QUuid::createUuid(), QStringLiteral("admin"), Role::Admin};
}

Task seedTask()
{
    Task task;
    task.id = QUuid::createUuid();
    task.title = QStringLiteral("Winter report");
    task.category = QStringLiteral("ops");
    task.status = TaskStatus::Completed;
    task.createdBy = QStringLiteral("admin");
    task.createdAt = *json::parseTimestamp(QStringLiteral("2026-11-29T10:00:00.000Z"));
    task.startedAt = *json::parseTimestamp(QStringLiteral("2026-11-29T10:05:00.000Z"));
    task.completedAt = *json::parseTimestamp(QStringLiteral("2026-11-29T10:06:00.250Z"));
    task.updatedAt = *task.completedAt;
    return task;
}

QString screenshotDir()
{
    return qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp"));
}

} // namespace

class PreferencesTest : public QObject
{
    Q_OBJECT

private:
    static QString cell(const TasksPage *page, int row, int column, int role = Qt::DisplayRole)
    {
        return page->model()->data(page->model()->index(row, column), role).toString();
    }

private slots:
    void initTestCase()
    {
        qputenv("TZ", "Europe/Berlin"); // UTC+01:00 in November
        tzset();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TaskdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_preferences"));
        QSettings().clear();
    }

    void cleanup()
    {
        Preferences::setTheme(Preferences::Theme::System);
        Preferences::setTimeZone(TimeDisplay::Zone::Local);
        QSettings().clear();
    }

    void defaultsAndUnknownValues()
    {
        QCOMPARE(Preferences::theme(), Preferences::Theme::System);
        QCOMPARE(Preferences::timeZone(), TimeDisplay::Zone::Local);
        QCOMPARE(Preferences::startPage(), Preferences::StartPage::LastUsed);
        QCOMPARE(Preferences::language(), QString());
        QSettings().setValue(QStringLiteral("display/theme"), QStringLiteral("purple"));
        QSettings().setValue(QStringLiteral("display/language"), QStringLiteral("xx"));
        QCOMPARE(Preferences::theme(), Preferences::Theme::System);
        QCOMPARE(Preferences::language(), QString());
        QCOMPARE(Preferences::languages(),
                 QStringList({QString(), QStringLiteral("en"), QStringLiteral("de"),
                              QStringLiteral("fr"), QStringLiteral("es")}));
        QCOMPARE(Preferences::languageName(QStringLiteral("fr")), QStringLiteral("Français"));
        QCOMPARE(Preferences::languageName(QString()), QString());
        QCOMPARE(Preferences::languageName(QStringLiteral("es")), QStringLiteral("Español"));
        QCOMPARE(Preferences::languageName(QStringLiteral("de")), QStringLiteral("Deutsch"));
        QCOMPARE(Preferences::languageName(QStringLiteral("en")), QStringLiteral("English"));
    }

    void timeFormatter()
    {
        const EpochMs ms = *json::parseTimestamp(QStringLiteral("2026-11-29T10:00:00.125Z"));
        TimeDisplay::setZone(TimeDisplay::Zone::Local);
        QCOMPARE(TimeDisplay::format(ms), QStringLiteral("2026-11-29 11:00:00"));
        QCOMPARE(TimeDisplay::formatMinutes(ms), QStringLiteral("2026-11-29 11:00"));
        QCOMPARE(TimeDisplay::formatExact(ms), QStringLiteral("2026-11-29 11:00:00.125 UTC+01:00"));
        QCOMPARE(TimeDisplay::zoneDescription(ms), QStringLiteral("local time (UTC+01:00)"));
        // Summer time in Berlin.
        const EpochMs july = *json::parseTimestamp(QStringLiteral("2026-07-01T10:00:00.000Z"));
        QCOMPARE(TimeDisplay::formatExact(july),
                 QStringLiteral("2026-07-01 12:00:00.000 UTC+02:00"));
        TimeDisplay::setZone(TimeDisplay::Zone::Utc);
        QCOMPARE(TimeDisplay::format(ms), QStringLiteral("2026-11-29 10:00:00"));
        QCOMPARE(TimeDisplay::formatExact(ms), QStringLiteral("2026-11-29 10:00:00.125 UTC"));
        QCOMPARE(TimeDisplay::zoneDescription(ms), QStringLiteral("UTC"));
        QCOMPARE(TimeDisplay::timeSpec(), Qt::UTC);
        QCOMPARE(CsvExport::timeNote(),
                 QStringLiteral("Times in the file are UTC (ISO 8601, as in the API), as the "
                                "window shows them."));
        TimeDisplay::setZone(TimeDisplay::Zone::Local);
        QCOMPARE(TimeDisplay::timeSpec(), Qt::LocalTime);
        QCOMPARE(CsvExport::timeNote(),
                 QStringLiteral("Times in the file are UTC (ISO 8601, as in the API); the window "
                                "shows them in local time (UTC+01:00)."));
    }

    void windowFollowsPreferences()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Task seeded = seedTask();
        QVERIFY(wait(service.importTasks({seeded}, {2}, admin(), {})).ok());
        ChangeFeed feed(db.pool());
        QTRY_COMPARE(feed.listenerState(), ChangeFeed::ListenerState::Connected);
        MainWindow window(&service, admin(), QString(), db.config(), db.pool(), &feed);
        window.resize(1280, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TasksPage *page = window.tasksPage();
        QTRY_COMPARE(cell(page, 0, TaskTableModel::TitleColumn), QStringLiteral("Winter report"));
        QCOMPARE(cell(page, 0, TaskTableModel::CreatedColumn),
                 QStringLiteral("2026-11-29 11:00:00"));
        QCOMPARE(cell(page, 0, TaskTableModel::CompletedColumn, Qt::ToolTipRole),
                 QStringLiteral("2026-11-29 11:06:00.250 UTC+01:00"));
        page->view()->selectRow(0);
        TaskDetailPanel *panel = page->detailPanel();
        QTRY_COMPARE(panel->fieldText(QStringLiteral("created_at")),
                     QStringLiteral("2026-11-29 11:00:00"));

        // The preferences dialog: every change is stored and applied at once.
        PreferencesDialog *dialog = window.openPreferences();
        QVERIFY(dialog->isVisible());
        dialog->timeZoneBox()->setCurrentIndex(
            dialog->timeZoneBox()->findData(int(TimeDisplay::Zone::Utc)));
        QCOMPARE(QSettings().value(QStringLiteral("display/timeZone")).toString(),
                 QStringLiteral("utc"));
        QCOMPARE(TimeDisplay::zone(), TimeDisplay::Zone::Utc);
        QCOMPARE(cell(page, 0, TaskTableModel::CreatedColumn),
                 QStringLiteral("2026-11-29 10:00:00"));
        QCOMPARE(cell(page, 0, TaskTableModel::StartedColumn),
                 QStringLiteral("2026-11-29 10:05:00"));
        QCOMPARE(cell(page, 0, TaskTableModel::CompletedColumn, Qt::ToolTipRole),
                 QStringLiteral("2026-11-29 10:06:00.250 UTC"));
        QCOMPARE(panel->fieldText(QStringLiteral("created_at")),
                 QStringLiteral("2026-11-29 10:00:00"));

        // The chart axis: the 24-hour range ticks every 4 hours, labelled in the zone.
        DashboardPage *dashboard = window.dashboardPage();
        dashboard->setRange(DashboardPage::Range::Last24Hours);
        const DashboardPage::Window w = dashboard->currentWindow();
        QTRY_COMPARE(dashboard->timelineChart()->axisLabels().first(),
                     TimeDisplay::format(w.axisFrom, QStringLiteral("HH:mm")));
        const QString utcFirst = dashboard->timelineChart()->axisLabels().first();
        dialog->timeZoneBox()->setCurrentIndex(
            dialog->timeZoneBox()->findData(int(TimeDisplay::Zone::Local)));
        QCOMPARE(cell(page, 0, TaskTableModel::CreatedColumn),
                 QStringLiteral("2026-11-29 11:00:00"));
        QCOMPARE(panel->fieldText(QStringLiteral("created_at")),
                 QStringLiteral("2026-11-29 11:00:00"));
        const QString localFirst = dashboard->timelineChart()->axisLabels().first();
        QCOMPARE(localFirst, TimeDisplay::toDateTime(w.axisFrom).toString(QStringLiteral("HH:mm")));
        QVERIFY2(localFirst != utcFirst, qPrintable(localFirst + QStringLiteral(" = ") + utcFirst));
        QCOMPARE(dashboard->timelineChart()->pointToolTip(
                     dashboard->timelineChart()->createdSeries(),
                     *json::parseTimestamp(QStringLiteral("2026-11-29T10:00:00.000Z")), 12),
                 QStringLiteral("Created: 12 · 2026-11-29 11:00"));

        // Theme: the palette and the charts' theme follow at once.
        const QPalette systemPalette = QApplication::palette();
        dialog->themeBox()->setCurrentIndex(
            dialog->themeBox()->findData(int(Preferences::Theme::Dark)));
        QCOMPARE(QSettings().value(QStringLiteral("display/theme")).toString(),
                 QStringLiteral("dark"));
        QCOMPARE(QApplication::palette().color(QPalette::Window),
                 Preferences::darkPalette().color(QPalette::Window));
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        // Widgets take the new application palette with posted events.
        QTRY_VERIFY(isDarkPalette(page->view()->palette()));
        QTRY_COMPARE(dashboard->timelineChart()->chart()->theme(), QChart::ChartThemeDark);
        QCOMPARE(dashboard->statusChart()->chart()->theme(), QChart::ChartThemeDark);
        QCOMPARE(dashboard->categoryChart()->chart()->theme(), QChart::ChartThemeDark);
        // The KPI tiles take the dark base colour (their style sheet is made again).
        KpiTile *tile = dashboard->tile(QStringLiteral("totalTile"));
        QTRY_VERIFY(
            tile->styleSheet().contains(Preferences::darkPalette().color(QPalette::Base).name()));
        // The series keep Taskdeck's colours under the new theme.
        QCOMPARE(dashboard->timelineChart()->failedSeries()->pen().color(),
                 TaskTableModel::statusColor(TaskStatus::Failed));
        window.tabs()->setCurrentWidget(page);
        QTest::qWait(100);
        window.grab().save(screenshotDir() + QStringLiteral("/taskdeck-prefs-dark-tasks.png"));
        window.tabs()->setCurrentWidget(dashboard);
        QTest::qWait(100);
        window.grab().save(screenshotDir() + QStringLiteral("/taskdeck-prefs-dark-dashboard.png"));

        dialog->themeBox()->setCurrentIndex(
            dialog->themeBox()->findData(int(Preferences::Theme::Light)));
        QVERIFY(!isDarkPalette(QApplication::palette()));
        QTRY_COMPARE(dashboard->timelineChart()->chart()->theme(), QChart::ChartThemeLight);
        QCOMPARE(dashboard->statusChart()->chart()->theme(), QChart::ChartThemeLight);
        dialog->themeBox()->setCurrentIndex(
            dialog->themeBox()->findData(int(Preferences::Theme::System)));
        QCOMPARE(QApplication::palette().color(QPalette::Window),
                 systemPalette.color(QPalette::Window));

        // Start page and language are stored; the language waits for the next start.
        dialog->startPageBox()->setCurrentIndex(
            dialog->startPageBox()->findData(int(Preferences::StartPage::Dashboard)));
        QCOMPARE(QSettings().value(QStringLiteral("display/startPage")).toString(),
                 QStringLiteral("dashboard"));
        QVERIFY(dialog->languageNote()->text().contains(QStringLiteral("next time")));
        dialog->languageBox()->setCurrentIndex(
            dialog->languageBox()->findData(QStringLiteral("fr")));
        QCOMPARE(Preferences::language(), QStringLiteral("fr"));
        QCOMPARE(dialog->languageNote()->text(),
                 QStringLiteral("<b>Restart Taskdeck to use this language.</b>"));
        // docs/screenshot-preferences.png: the dialog with the restart note.
        QTest::qWait(100);
        QVERIFY(dialog->grab().save(screenshotDir() + QStringLiteral("/taskdeck-preferences.png")));
        dialog->close();
    }

    void startPage()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        for (const auto &[page, expected] : {std::pair{Preferences::StartPage::Dashboard, 1},
                                             std::pair{Preferences::StartPage::Tasks, 0}}) {
            QSettings().setValue(QStringLiteral("window/tab"), 1 - expected); // the other one
            Preferences::setStartPage(page);
            MainWindow window(&service, admin(), QString(), db.config(), db.pool(), nullptr);
            QCOMPARE(window.tabs()->currentIndex(), expected);
        }
        // "last": the page open when the window was closed.
        Preferences::setStartPage(Preferences::StartPage::LastUsed);
        QSettings().setValue(QStringLiteral("window/tab"), 1);
        MainWindow window(&service, admin(), QString(), db.config(), db.pool(), nullptr);
        QCOMPARE(window.tabs()->currentWidget(), window.dashboardPage());
    }

    void preferencesMenuAndShortcut()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        MainWindow window(&service, admin(), QString(), db.config(), db.pool(), nullptr);
        QCOMPARE(window.preferencesAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
        QCOMPARE(window.preferencesAction()->text(), QStringLiteral("&Preferences…"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.preferencesAction()->trigger();
        QTRY_VERIFY(window.findChild<PreferencesDialog *>() != nullptr);
        QVERIFY(window.findChild<PreferencesDialog *>()->isVisible());
    }

    void qtTranslations()
    {
        const LoadedTranslations german = installTranslations(QStringLiteral("de"));
        QVERIFY(german.taskdeck);
        QVERIFY2(german.qt, "qtbase_de.qm not found: install qt6-translations-l10n");
        QCOMPARE(installedLanguage(), QStringLiteral("de"));
        {
            QDialogButtonBox box(QDialogButtonBox::Cancel | QDialogButtonBox::Yes |
                                 QDialogButtonBox::No);
            QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
            QCOMPARE(box.button(QDialogButtonBox::Yes)->text(), QStringLiteral("&Ja"));
            QCOMPARE(box.button(QDialogButtonBox::No)->text(), QStringLiteral("&Nein"));
            QCOMPARE(TaskTableModel::statusText(TaskStatus::Failed),
                     QStringLiteral("Fehlgeschlagen"));
        }
        // French: Qt's texts now; Taskdeck's own French file is not in the build yet.
        const LoadedTranslations french = installTranslations(QStringLiteral("fr"));
        QVERIFY(french.qt);
        {
            QDialogButtonBox box(QDialogButtonBox::Cancel);
            QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Annuler"));
        }
        const LoadedTranslations spanish = installTranslations(QStringLiteral("es"));
        QVERIFY(spanish.qt);
        {
            QDialogButtonBox box(QDialogButtonBox::Cancel);
            QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancelar"));
        }
        const LoadedTranslations english = installTranslations(QStringLiteral("en"));
        QVERIFY(!english.taskdeck);
        {
            QDialogButtonBox box(QDialogButtonBox::Cancel);
            QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancel"));
            QCOMPARE(TaskTableModel::statusText(TaskStatus::Failed), QStringLiteral("Failed"));
        }
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
};

QTEST_MAIN(PreferencesTest)
#include "tst_preferences.moc"
