#include "AuditTableModel.h"

#include <QDateTime>
#include <QTimeZone>

namespace taskdeck {

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
            return QDateTime::fromMSecsSinceEpoch(item->at, QTimeZone::utc())
                .toLocalTime()
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
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
        return QDateTime::fromMSecsSinceEpoch(item->at, QTimeZone::utc())
            .toString(Qt::ISODateWithMs);
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
