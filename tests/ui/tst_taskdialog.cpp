// TaskDialog's cost entry in each language the app has (C, English, German): the group separator
// is accepted only where it groups thousands ("1,234.50" in English, "1.234,50" in German) and
// rejected elsewhere ("1,5" in English, "1.5" in German: both used to be saved as 15.00 USD); the
// parsed amount is shown next to the field while typing; what is saved is exactly what was shown.
// An edit that meets someone else's change (stale version) offers Reload / Overwrite / Cancel
// without losing the user's edits. Mark Failed asks for the error message, and the table and the
// edit dialog show it. Runs against a real TaskService on SQLite and PostgreSQL.
#include "TaskDialog.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"

#include <QCoreApplication>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTranslator>

#include <memory>
#include <optional>

using namespace taskdeck;
using taskdeck::test::operatorUser;

Q_DECLARE_METATYPE(std::optional<qint64>)

class TaskDialogTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TestDatabase> m_db;
    std::unique_ptr<TaskService> m_service;

    /// The "changed by someone else" panel is shown.
    static bool conflictShown(const TaskDialog &dialog)
    {
        const auto *panel = dialog.findChild<QWidget *>(QStringLiteral("conflictPanel"));
        return panel && panel->isVisible();
    }

    static QLocale localeNamed(const QString &name)
    {
        return name == QLatin1String("C") ? QLocale::c() : QLocale(name);
    }

private slots:
    void initTestCase()
    {
        m_db = std::make_unique<test::TestDatabase>();
        if (!m_db->isValid())
            TASKDECK_SKIP_DB(m_db->skipReason());
        m_service = std::make_unique<TaskService>(m_db->pool());
    }

    void cleanupTestCase()
    {
        m_service.reset();
        m_db.reset();
        QLocale::setDefault(QLocale::c());
    }

    void costEntry_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("typed");
        // The amount saved in ten-thousandths of a dollar; none: refused, nothing saved.
        QTest::addColumn<std::optional<qint64>>("savedE4");
        // What the label next to the field shows for it.
        QTest::addColumn<QString>("preview");

        const std::optional<qint64> refused;
        const QString invalid = QStringLiteral("not a valid amount");
        struct Case
        {
            const char *locale;
            const char *typed;
            std::optional<qint64> savedE4;
            const char *preview;
        };
        const Case cases[] = {
            // C: '.' decimals, ',' thousands (shown without grouping, like the table's cells).
            {"C", "1.5", 15'000, "= 1.50 USD"},
            {"C", "1,5", refused, nullptr},
            {"C", "1,234.50", 12'345'000, "= 1234.50 USD"},
            {"C", "1234.5", 12'345'000, "= 1234.50 USD"},
            {"C", "0.0001", 1, "= 0.0001 USD"},
            // English.
            {"en_US", "1.5", 15'000, "= 1.50 USD"},
            {"en_US", "1,5", refused, nullptr},
            {"en_US", "1,50", refused, nullptr},
            {"en_US", "12,3456", refused, nullptr},
            {"en_US", "1,234.50", 12'345'000, "= 1,234.50 USD"},
            {"en_US", "12,345", 123'450'000, "= 12,345.00 USD"},
            {"en_US", "1.234,50", refused, nullptr},
            {"en_US", "1.2.3", refused, nullptr},
            {"en_US", "  7 ", 70'000, "= 7.00 USD"},
            {"en_US", "0.12345", refused, nullptr},
            {"en_US", "2.125", 21'250, "= 2.125 USD"},
            // German: ',' decimals, '.' thousands.
            {"de_DE", "1,5", 15'000, "= 1,50 USD"},
            {"de_DE", "1.5", refused, nullptr},
            {"de_DE", "1.50", refused, nullptr},
            {"de_DE", "1.234,50", 12'345'000, "= 1.234,50 USD"},
            {"de_DE", "1234,5", 12'345'000, "= 1.234,50 USD"},
            {"de_DE", "12.345", 123'450'000, "= 12.345,00 USD"},
            {"de_DE", "1,234.50", refused, nullptr},
            {"de_DE", "0,0001", 1, "= 0,0001 USD"},
        };
        for (const Case &c : cases) {
            QTest::addRow("%s \"%s\"", c.locale, c.typed)
                << QString::fromLatin1(c.locale) << QString::fromLatin1(c.typed) << c.savedE4
                << (c.preview ? QString::fromLatin1(c.preview) : invalid);
        }
    }

    void costEntry()
    {
        QFETCH(QString, locale);
        QFETCH(QString, typed);
        QFETCH(std::optional<qint64>, savedE4);
        QFETCH(QString, preview);
        QLocale::setDefault(localeNamed(locale));

        TaskDialog dialog(m_service.get(), operatorUser(), {});
        dialog.show();
        auto *title = dialog.findChild<QLineEdit *>(QStringLiteral("titleEdit"));
        auto *cost = dialog.findChild<QLineEdit *>(QStringLiteral("costEdit"));
        QVERIFY(title && cost);
        title->setText(QStringLiteral("Cost %1 %2").arg(locale, typed));
        cost->clear();
        QTest::keyClicks(cost, typed);
        QCOMPARE(cost->text(), typed);

        // What the label next to the field shows while typing.
        auto *shown = dialog.findChild<QLabel *>(QStringLiteral("costPreview"));
        const QString shownText = shown ? shown->text() : QString();

        QSignalSpy saved(&dialog, &TaskDialog::saved);
        dialog.accept();
        if (!savedE4) {
            if (dialog.fieldErrorText(QStringLiteral("cost")).isEmpty()) {
                QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
                QFAIL(qPrintable(QStringLiteral("\"%1\" must be refused, was saved as %2 E4")
                                     .arg(typed)
                                     .arg(saved.at(0).at(0).value<Task>().costE4)));
            }
            QTest::qWait(50);
            QCOMPARE(saved.size(), 0);
            QVERIFY(dialog.isVisible());
        } else {
            QCOMPARE(dialog.fieldErrorText(QStringLiteral("cost")), QString());
            QTRY_COMPARE(saved.size(), 1);
            const Task task = saved.at(0).at(0).value<Task>();
            QCOMPARE(task.costE4, *savedE4);
            const auto stored = test::wait(m_service->get(task.id));
            QVERIFY(stored.ok());
            QCOMPARE(stored.value().costE4, *savedE4);
        }
        QVERIFY2(shown, "no label shows the parsed amount");
        QCOMPARE(shownText, preview);
    }

    void misplacedSeparatorIsExplained_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("error");
        QTest::newRow("en_US") << QStringLiteral("en_US") << QStringLiteral("1,5")
                               << QStringLiteral("Here “,” separates thousands. Use “.” for "
                                                 "decimals, for example 1,234.50.");
        QTest::newRow("de_DE") << QStringLiteral("de_DE") << QStringLiteral("1.5")
                               << QStringLiteral("Hier trennt „.“ Tausender. Verwenden Sie „,“ "
                                                 "für Dezimalstellen, zum Beispiel 1.234,50.");
    }

    void misplacedSeparatorIsExplained()
    {
        QFETCH(QString, locale);
        QFETCH(QString, typed);
        QFETCH(QString, error);
        QLocale::setDefault(localeNamed(locale));
        QTranslator translator;
        if (locale.startsWith(QLatin1String("de"))) {
            QVERIFY(translator.load(QLocale(), QStringLiteral("taskdeck"), QStringLiteral("_"),
                                    QStringLiteral(":/i18n")));
            QCoreApplication::installTranslator(&translator);
        }
        TaskDialog dialog(m_service.get(), operatorUser(), {});
        dialog.findChild<QLineEdit *>(QStringLiteral("titleEdit"))->setText(QStringLiteral("x"));
        dialog.findChild<QLineEdit *>(QStringLiteral("costEdit"))->setText(typed);
        dialog.accept();
        const QString shown = dialog.fieldErrorText(QStringLiteral("cost"));
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(shown, error);
    }

    void editConflictOffersReloadOverwriteCancel()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        NewTask draft;
        draft.title = QStringLiteral("Hotel booking");
        draft.costE4 = 10'000;
        const auto created = test::wait(m_service->create(draft, operatorUser()));
        QVERIFY(created.ok());
        const Task shown = created.value();

        TaskDialog dialog(m_service.get(), operatorUser(), {}, shown);
        dialog.show();
        auto *title = dialog.findChild<QLineEdit *>(QStringLiteral("titleEdit"));
        auto *cost = dialog.findChild<QLineEdit *>(QStringLiteral("costEdit"));
        QVERIFY(title && cost);

        // Someone else changes the task while the dialog is open (like a PATCH with curl).
        TaskPatch theirs;
        theirs.title = QStringLiteral("Hotel booking (theirs)");
        theirs.priority = 3;
        QVERIFY(test::wait(m_service->update(shown.id, theirs, std::nullopt, operatorUser())).ok());

        // The user's save is refused; the dialog shows what changed and keeps the edits.
        title->setText(QStringLiteral("Mine"));
        cost->setText(QStringLiteral("2.5"));
        QSignalSpy saved(&dialog, &TaskDialog::saved);
        dialog.accept();
        auto *panel = dialog.findChild<QWidget *>(QStringLiteral("conflictPanel"));
        QVERIFY2(panel, "no conflict panel: the user can only cancel and lose the edits");
        QTRY_VERIFY(conflictShown(dialog));
        QVERIFY(panel->isVisible());
        const QString text = dialog.findChild<QLabel *>(QStringLiteral("conflictText"))->text();
        QVERIFY2(text.contains(QStringLiteral("Title: “Hotel booking” → “Hotel booking (theirs)”")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Priority: Normal → Critical")), qPrintable(text));
        // Field by field, what the user's save would write against what is stored now: the
        // title both changed (highlighted), the cost only the user did.
        QCOMPARE(
            dialog.conflictRows(),
            QList<QStringList>({{QStringLiteral("Title"), QStringLiteral("Hotel booking (theirs)"),
                                 QStringLiteral("Mine"), QStringLiteral("both")},
                                {QStringLiteral("Cost"), QStringLiteral("1.00 USD"),
                                 QStringLiteral("2.50 USD"), QStringLiteral("yours")}}));
        QVERIFY(dialog.findChild<QWidget *>(QStringLiteral("conflictTable"))->isVisible());
        QCOMPARE(title->text(), QStringLiteral("Mine"));
        QCOMPARE(cost->text(), QStringLiteral("2.5"));
        QCOMPARE(saved.size(), 0);

        // Cancel: back to editing, edits kept, nothing saved.
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("conflictCancel")),
                          Qt::LeftButton);
        QVERIFY(!conflictShown(dialog));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.conflictRows(), QList<QStringList>());
        QCOMPARE(title->text(), QStringLiteral("Mine"));
        QCOMPARE(cost->text(), QStringLiteral("2.5"));
        QCOMPARE(test::wait(m_service->get(shown.id)).value().version, 2);

        // Saving again meets the same conflict; Overwrite sends the user's changes with the new
        // version: title and cost are the user's, the priority stays theirs.
        dialog.accept();
        QTRY_VERIFY(conflictShown(dialog));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("conflictOverwrite")),
                          Qt::LeftButton);
        QTRY_COMPARE(saved.size(), 1);
        const Task overwritten = test::wait(m_service->get(shown.id)).value();
        QCOMPARE(overwritten.title, QStringLiteral("Mine"));
        QCOMPARE(overwritten.costE4, 25'000);
        QCOMPARE(overwritten.priority, 3);
        QCOMPARE(overwritten.version, 3);

        // Reload: their version goes into the form, the dialog stays open, and a save then works.
        TaskDialog again(m_service.get(), operatorUser(), {}, overwritten);
        again.show();
        TaskPatch theirsAgain;
        theirsAgain.title = QStringLiteral("Theirs again");
        QVERIFY(test::wait(m_service->update(shown.id, theirsAgain, std::nullopt, operatorUser()))
                    .ok());
        auto *title2 = again.findChild<QLineEdit *>(QStringLiteral("titleEdit"));
        title2->setText(QStringLiteral("Mine again"));
        again.accept();
        QTRY_VERIFY(conflictShown(again));
        QTest::mouseClick(again.findChild<QPushButton *>(QStringLiteral("conflictReload")),
                          Qt::LeftButton);
        QVERIFY(!conflictShown(again));
        QVERIFY(again.isVisible());
        QCOMPARE(title2->text(), QStringLiteral("Theirs again"));
        again.findChild<QLineEdit *>(QStringLiteral("costEdit"))->setText(QStringLiteral("5"));
        QSignalSpy savedAgain(&again, &TaskDialog::saved);
        again.accept();
        QTRY_COMPARE(savedAgain.size(), 1);
        const Task reloaded = test::wait(m_service->get(shown.id)).value();
        QCOMPARE(reloaded.title, QStringLiteral("Theirs again"));
        QCOMPARE(reloaded.costE4, 50'000);
        QCOMPARE(reloaded.version, 5);
    }

    void markFailedAsksForTheErrorMessageAndShowsIt()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        NewTask draft;
        draft.title = QStringLiteral("Nightly export");
        draft.status = TaskStatus::InProgress;
        const auto created = test::wait(m_service->create(draft, operatorUser()));
        QVERIFY(created.ok());
        const QUuid id = created.value().id;

        TasksPage page(m_service.get(), operatorUser(), nullptr);
        TaskFilter only;
        only.search = QStringLiteral("Nightly export");
        page.model()->setFilter(only);
        page.show();
        QTRY_VERIFY(page.model()->taskAt(0));
        page.view()->selectionModel()->setCurrentIndex(page.model()->index(0, 0),
                                                       QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
        QVERIFY(page.statusAction(TaskStatus::Failed)->isEnabled());

        // Mark Failed asks for the reason first (optional text); nothing changes until OK.
        page.statusAction(TaskStatus::Failed)->trigger();
        QInputDialog *ask = nullptr;
        const bool asked = QTest::qWaitFor(
            [&] {
                ask = page.findChild<QInputDialog *>(QStringLiteral("failReasonDialog"));
                return ask && ask->isVisible();
            },
            1000);
        if (!asked) {
            QTest::qWait(200);
            QFAIL(qPrintable(QStringLiteral("no reason asked; the task is now %1")
                                 .arg(statusName(test::wait(m_service->get(id)).value().status))));
        }
        QCOMPARE(test::wait(m_service->get(id)).value().status, TaskStatus::InProgress);
        ask->setTextValue(QStringLiteral("Disk full on export host"));
        ask->accept();
        QTRY_COMPARE(test::wait(m_service->get(id)).value().status, TaskStatus::Failed);
        const Task failed = test::wait(m_service->get(id)).value();
        QCOMPARE(failed.errorMessage,
                 std::optional<QString>(QStringLiteral("Disk full on export host")));

        // The error message shows in the table (status cell's tooltip) and in the edit dialog.
        page.reload(); // no change feed here: the window's rows come from it
        QTRY_COMPARE(page.model()->taskAt(0)->status, TaskStatus::Failed);
        const QString tip =
            page.model()
                ->data(page.model()->index(0, TaskTableModel::StatusColumn), Qt::ToolTipRole)
                .toString();
        QVERIFY2(tip.contains(QStringLiteral("Disk full on export host")), qPrintable(tip));
        TaskDialog dialog(m_service.get(), operatorUser(), {}, failed);
        auto *shown = dialog.findChild<QLabel *>(QStringLiteral("errorMessageText"));
        QVERIFY2(shown, "the edit dialog does not show the error message");
        QCOMPARE(shown->text(), QStringLiteral("Disk full on export host"));
    }
};

QTEST_MAIN(TaskDialogTest)
#include "tst_taskdialog.moc"
