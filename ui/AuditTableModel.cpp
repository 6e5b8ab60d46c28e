#include "AuditTableModel.h"

#include "TimeDisplay.h"

namespace taskdeck {

AuditTableModel::AuditTableModel(QObject *parent) : QAbstractTableModel(parent)
{
    connect(TimeDisplay::instance(), &TimeDisplay::zoneChanged, this, [this] {
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn),
                             {Qt::DisplayRole, Qt::ToolTipRole});
    });
}

void AuditTableModel::setEntries(QList<AuditEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

const AuditEntry *AuditTableModel::entry(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return nullptr;
    return &m_entries.at(row);
}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    const AuditEntry *item = index.isValid() ? entry(index.row()) : nullptr;
    if (!item)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return TimeDisplay::format(item->at);
        case UserColumn:
            return item->username;
        case ActionColumn:
            return item->action;
        case TargetColumn:
            return item->target;
        default:
            break;
        }
    } else if (role == Qt::ToolTipRole && index.column() == TimeColumn) {
        return TimeDisplay::formatExact(item->at);
    }
    return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case UserColumn:
        return tr("User");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Target");
    default:
        break;
    }
    return {};
}

} // namespace taskdeck
