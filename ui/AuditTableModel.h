#pragma once

#include "AuditLog.h"

#include <QAbstractTableModel>
#include <QCoreApplication>
#include <QList>

namespace taskdeck {

/// One page of audit entries for the Audit page's table (passive: AuditPage fills it with
/// setEntries(); no service access). Columns: time (local, seconds), user, action, target.
class AuditTableModel : public QAbstractTableModel
{
    Q_DECLARE_TR_FUNCTIONS(AuditTableModel)
public:
    enum Column
    {
        TimeColumn,
        UserColumn,
        ActionColumn,
        TargetColumn,
        ColumnCount
    };

    /// Re-formats the time column when TimeDisplay's zone changes.
    explicit AuditTableModel(QObject *parent = nullptr);

    void setEntries(QList<AuditEntry> entries);
    const QList<AuditEntry> &entries() const { return m_entries; }
    /// The entry of `row`; nullptr when out of range.
    const AuditEntry *entry(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<AuditEntry> m_entries;
};

} // namespace taskdeck
