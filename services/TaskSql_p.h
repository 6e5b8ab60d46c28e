#pragma once

// Internal to services/: SQL building blocks shared by the TaskRepository*.cpp files (row
// decoding, positional binding, WHERE/ORDER BY from a TaskFilter). Not an interface for others.

#include "ServiceError.h"
#include "Task.h"

#include <QJsonValue>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QUuid>
#include <QVariant>

#include <memory>
#include <optional>

namespace taskdeck::tasksql {

/// The task columns every SELECT reads, in readTask()'s order.
extern const QString kColumns;

bool isPostgres(const QSqlDatabase &db);
ServiceError taskNotFound();
/// Logs and returns Internal for a row that cannot be decoded.
ServiceError badRow();
/// Lowercase canonical UUID text without braces.
QString idText(const QUuid &id);
/// Text to bind: never a null QString (the drivers bind that as SQL NULL).
QVariant text(const QString &value);
QVariant optional(const std::optional<QString> &value);
QVariant optional(const std::optional<qint64> &value);
/// JSON value as compact text (scalars too); SQL NULL for JSON null.
QVariant resultText(const QJsonValue &value);
QJsonValue resultFromText(const QVariant &text);

/// Decodes a row selected with kColumns; nullopt for a bad id or status.
std::optional<Task> readTask(const QSqlQuery &query);

/// Binds values by position; exec() on a reused prepared query keeps positions.
class Binder
{
public:
    explicit Binder(QSqlQuery &query) : m_query(query) {}
    Binder &operator<<(const QVariant &value)
    {
        m_query.bindValue(m_index++, value);
        return *this;
    }

private:
    QSqlQuery &m_query;
    int m_index = 0;
};

/// Finishes a cached query when the scope ends, so its statement does not stay active.
struct Finisher
{
    std::shared_ptr<QSqlQuery> query;
    ~Finisher()
    {
        if (query)
            query->finish();
    }
};

struct Where
{
    QString sql; ///< "" or " WHERE ..."
    QVariantList params;
};
/// `searchProbe` (PostgreSQL with the trigram index; TrigramSample::chooseProbe): substrings of
/// the folded needle for the index to read; the needle itself is then a filter the index does
/// not serve (COALESCE), checked on the candidate rows only. Empty: the plain needle.
Where buildWhere(const TaskFilter &filter, const QStringList &searchProbe = {});

/// One column of a sort field's key, in ORDER BY order (the id tie-break follows the last).
struct SortKeyColumn
{
    QString name;
    /// Ascending whatever the filter's order (category_null: nulls last in both directions).
    bool alwaysAscending = false;
};
/// The one definition of a sort field's key columns: orderBy() and orderedBefore() are both
/// built from it, so a row position can never disagree with list().
QList<SortKeyColumn> sortKeyColumns(TaskSortField field);
/// " ORDER BY key dir, id dir" (category: nulls last in both directions).
QString orderBy(const TaskFilter &filter);

/// A bare SQL condition with its positional parameters.
struct Condition
{
    QString sql;
    QVariantList params;
};
/// "The row comes before the row whose sortKeyColumns(filter.sort) hold `keyValues` and whose id
/// is `id`" in orderBy(filter) order (lexicographic over the key columns, then id). A null key
/// value means every row equal in the columns before it is null there too (category_key of the
/// rows without a category): that column is skipped.
Condition orderedBefore(const TaskFilter &filter, const QVariantList &keyValues, const QUuid &id);
bool bindAndExec(QSqlQuery &query, const QVariantList &params);
/// `id IN (?, ?, ...)` with one bound id per element (keep `ids` to a few hundred).
Where idIn(const QList<QUuid> &ids);

/// INSERT of `rows` tasks (16 values each).
QString insertSql(int rows = 1);
/// Binds one task's 16 insert values at `binder`'s position.
void bindTaskValues(Binder &binder, const Task &task);

} // namespace taskdeck::tasksql
