#include "SavedViewRepository.h"

#include "ConnectionPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace taskdeck::viewdb {

namespace {

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QString boolSql(bool value)
{
    return value ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
}

QString columnsText(const QStringList &columns)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(columns)).toJson(QJsonDocument::Compact));
}

QStringList columnsFromText(const QString &text)
{
    QStringList columns;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue &value : array)
        columns.append(value.toString());
    return columns;
}

/// Columns read by viewFromRow(), `v` the view and `u` its owner.
const QString kViewColumns =
    QStringLiteral("v.id, v.name, v.query, v.columns_json, v.shared, v.is_default, v.user_id, "
                   "u.username, v.created_at, v.updated_at");

SavedView viewFromRow(const QSqlQuery &q)
{
    SavedView view;
    view.id = QUuid::fromString(q.value(0).toString());
    view.name = q.value(1).toString();
    view.query = q.value(2).toString();
    view.columns = columnsFromText(q.value(3).toString());
    view.shared = q.value(4).toBool();
    view.isDefault = q.value(5).toBool();
    view.userId = QUuid::fromString(q.value(6).toString());
    view.username = q.value(7).toString();
    view.createdAt = q.value(8).toLongLong();
    view.updatedAt = q.value(9).toLongLong();
    return view;
}

} // namespace

Result<QList<SavedView>> listVisible(QSqlDatabase &db, const QUuid &userId)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM saved_views v JOIN users u ON u.id = v.user_id "
                             "WHERE v.user_id = ? OR v.shared = TRUE "
                             "ORDER BY CASE WHEN v.user_id = ? THEN 0 ELSE 1 END, v.name, v.id")
                  .arg(kViewColumns));
    q.addBindValue(uuidText(userId));
    q.addBindValue(uuidText(userId));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "list saved views");
    QList<SavedView> views;
    while (q.next())
        views.append(viewFromRow(q));
    return views;
}

Result<std::optional<SavedView>> findView(QSqlDatabase &db, const QUuid &id)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM saved_views v JOIN users u ON u.id = v.user_id "
                             "WHERE v.id = ?")
                  .arg(kViewColumns));
    q.addBindValue(uuidText(id));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "find saved view");
    if (!q.next())
        return std::optional<SavedView>();
    return std::optional<SavedView>(viewFromRow(q));
}

Result<bool> nameTaken(QSqlDatabase &db, const QUuid &ownerId, const QString &name,
                       const QUuid &exceptId)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT 1 FROM saved_views WHERE user_id = ? AND name = ? AND id <> ?"));
    q.addBindValue(uuidText(ownerId));
    q.addBindValue(name);
    q.addBindValue(uuidText(exceptId));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "check saved view name");
    return q.next();
}

VoidResult clearDefault(QSqlDatabase &db, const QUuid &ownerId)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "UPDATE saved_views SET is_default = FALSE WHERE user_id = ? AND is_default = TRUE"));
    q.addBindValue(uuidText(ownerId));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "clear default view");
    return Done{};
}

VoidResult insertView(QSqlDatabase &db, const SavedView &view)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO saved_views (id, user_id, name, query, columns_json, "
                             "shared, is_default, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, %1, %2, ?, ?)")
                  .arg(boolSql(view.shared), boolSql(view.isDefault)));
    q.addBindValue(uuidText(view.id));
    q.addBindValue(uuidText(view.userId));
    q.addBindValue(view.name);
    q.addBindValue(view.query);
    q.addBindValue(columnsText(view.columns));
    q.addBindValue(view.createdAt);
    q.addBindValue(view.updatedAt);
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "insert saved view");
    return Done{};
}

VoidResult updateView(QSqlDatabase &db, const SavedView &view)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE saved_views SET name = ?, query = ?, columns_json = ?, "
                             "shared = %1, is_default = %2, updated_at = ? WHERE id = ?")
                  .arg(boolSql(view.shared), boolSql(view.isDefault)));
    q.addBindValue(view.name);
    q.addBindValue(view.query);
    q.addBindValue(columnsText(view.columns));
    q.addBindValue(view.updatedAt);
    q.addBindValue(uuidText(view.id));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "update saved view");
    return Done{};
}

Result<bool> deleteView(QSqlDatabase &db, const QUuid &id)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM saved_views WHERE id = ?"));
    q.addBindValue(uuidText(id));
    if (!q.exec())
        return ConnectionPool::mapSqlError(q.lastError(), "delete saved view");
    return q.numRowsAffected() > 0;
}

} // namespace taskdeck::viewdb
