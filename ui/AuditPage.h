#pragma once

#include "AuditLog.h"
#include "ServiceError.h"
#include "User.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace taskdeck {

class AuditService;
class AuditTableModel;
class ChangeFeed;

/// The Audit page (administrators only; named AuditLogPage because AuditPage is the service's
/// page of entries, AuditLog.h): one page of audit entries at a time, newest first,
/// filtered by user, action, target and an optional time range, with previous/next paging and
/// the selected entry's before/after objects as indented JSON.
///
/// Loads through AuditService::list() with whenReady(); only the newest request's answer is
/// shown. Filter edits reload from the first page (debounced 300 ms); refresh() reloads the
/// current page and is called by the Refresh button, at most once a second while the change
/// feed publishes task changes (every task change is audited), and when the feed asks for a
/// resync.
///
/// Thread affinity: GUI thread.
class AuditLogPage : public QWidget
{
    Q_OBJECT
public:
    /// Entries per page.
    static constexpr int kPageSize = 50;

    AuditLogPage(AuditService *audit, ChangeFeed *feed, Principal principal,
                 QWidget *parent = nullptr);

    AuditTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPlainTextEdit *detail() const { return m_detail; }
    QLabel *totalLabel() const { return m_totalLabel; }
    QLineEdit *userEdit() const { return m_userEdit; }
    QComboBox *actionCombo() const { return m_actionCombo; }
    QLineEdit *targetEdit() const { return m_targetEdit; }
    QPushButton *previousButton() const { return m_previousButton; }
    QPushButton *nextButton() const { return m_nextButton; }
    QPushButton *refreshButton() const { return m_refreshButton; }
    /// Entries matching the filter (the last answer's total).
    qint64 total() const { return m_total; }
    qint64 offset() const { return m_offset; }
    /// The filter the widgets describe.
    AuditFilter filter() const;

public slots:
    /// Reloads the current page with the current filter.
    void refresh();

signals:
    /// A page arrived (after the model was filled).
    void loaded();
    void loadFailed(const ServiceError &error);

private:
    void filterChanged();
    void showPage(const AuditPage &page);
    void showDetail();
    void updatePaging();
    static QString jsonText(const QJsonValue &value);

    AuditService *m_audit;
    Principal m_principal;
    AuditTableModel *m_model;
    QTableView *m_view;
    QPlainTextEdit *m_detail;
    QLabel *m_totalLabel;
    QLabel *m_errorLabel;
    QLineEdit *m_userEdit;
    QComboBox *m_actionCombo;
    QLineEdit *m_targetEdit;
    QCheckBox *m_fromCheck;
    QDateTimeEdit *m_fromEdit;
    QCheckBox *m_toCheck;
    QDateTimeEdit *m_toEdit;
    QPushButton *m_previousButton;
    QPushButton *m_nextButton;
    QPushButton *m_refreshButton;
    QTimer m_debounce;
    QTimer m_liveRefresh; ///< single shot: at most one re-read a second while changes arrive
    quint64 m_generation = 0;
    qint64 m_offset = 0;
    qint64 m_total = 0;
};

} // namespace taskdeck
