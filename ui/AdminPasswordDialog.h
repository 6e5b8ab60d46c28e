#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace taskdeck {

/// Shown once on first start when Taskdeck created the `admin` account with a random password
/// (AuthService::bootstrapAdmin's generatedPassword): the password in a read-only, selectable
/// field with a Copy button, and a warning that it will not be shown again.
///
/// Usage (app/): `auto *d = new AdminPasswordDialog(u"admin"_s, password, window);
/// d->setAttribute(Qt::WA_DeleteOnClose); d->open();`
class AdminPasswordDialog : public QDialog
{
    Q_OBJECT
public:
    AdminPasswordDialog(const QString &username, const QString &password,
                        QWidget *parent = nullptr);

    QLineEdit *passwordField() const { return m_password; }
    QPushButton *copyButton() const { return m_copy; }

public slots:
    /// Puts the password on the clipboard.
    void copyPassword();

private:
    QLineEdit *m_password;
    QPushButton *m_copy;
};

} // namespace taskdeck
