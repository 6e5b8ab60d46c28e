// AdminPasswordDialog: the generated password is shown read-only and selectable, and Copy puts
// it on the clipboard. Grabs a PNG (TASKDECK_SCREENSHOT_DIR or /tmp).
#include "AdminPasswordDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace taskdeck;

class AdminPasswordDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void showsAndCopiesThePassword()
    {
        const QString password = QStringLiteral("q7-Hd3kP9zLm2xWv4tRb");
        AdminPasswordDialog dialog(QStringLiteral("admin"), password);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QLineEdit *field = dialog.passwordField();
        QCOMPARE(field->text(), password);
        QVERIFY(field->isReadOnly());
        QCOMPARE(field->selectedText(), password); // ready to copy by hand too
        QTest::mouseClick(dialog.copyButton(), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), password);
        QCOMPARE(dialog.copyButton()->text(), QStringLiteral("Copied"));
        dialog.grab().save(qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp")) +
                           QStringLiteral("/taskdeck-admin-password.png"));
    }
};

QTEST_MAIN(AdminPasswordDialogTest)
#include "tst_adminpassworddialog.moc"
