#include "TaskQueryString.h"

#include "TaskJson.h"

#include <QStringList>
#include <QUrl>

namespace taskdeck::json {

namespace {

QString encode(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

QString decode(QString value)
{
    value.replace(QLatin1Char('+'), QLatin1Char(' '));
    return QUrl::fromPercentEncoding(value.toUtf8());
}

} // namespace

QString taskFilterToQuery(const TaskFilter &filter)
{
    QStringList parts;
    if (!filter.statuses.isEmpty()) {
        QStringList names;
        for (TaskStatus status : filter.statuses)
            names.append(statusName(status));
        parts.append(QStringLiteral("status=") + names.join(QLatin1Char(',')));
    }
    if (filter.category)
        parts.append(QStringLiteral("category=") + encode(*filter.category));
    if (!filter.search.isEmpty())
        parts.append(QStringLiteral("q=") + encode(filter.search));
    if (filter.createdAfter)
        parts.append(QStringLiteral("created_after=") +
                     encode(formatTimestamp(*filter.createdAfter)));
    if (filter.createdBefore)
        parts.append(QStringLiteral("created_before=") +
                     encode(formatTimestamp(*filter.createdBefore)));
    if (!filter.priorities.isEmpty()) {
        QStringList values;
        for (int priority : filter.priorities)
            values.append(QString::number(priority));
        parts.append(QStringLiteral("priority=") + values.join(QLatin1Char(',')));
    }
    if (filter.createdBy)
        parts.append(QStringLiteral("created_by=") + encode(*filter.createdBy));
    if (filter.completedAfter)
        parts.append(QStringLiteral("completed_after=") +
                     encode(formatTimestamp(*filter.completedAfter)));
    if (filter.completedBefore)
        parts.append(QStringLiteral("completed_before=") +
                     encode(formatTimestamp(*filter.completedBefore)));
    parts.append(QStringLiteral("sort=") + sortFieldName(filter.sort));
    parts.append(QStringLiteral("order=") + (filter.order == SortOrder::Ascending
                                                 ? QStringLiteral("asc")
                                                 : QStringLiteral("desc")));
    return parts.join(QLatin1Char('&'));
}

TaskFilter taskFilterFromQuery(const QString &query)
{
    TaskFilter filter;
    QString text = query.trimmed();
    if (text.startsWith(QLatin1Char('?')))
        text.remove(0, 1);
    for (const QString &pair : text.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        const QString name = decode(eq < 0 ? pair : pair.left(eq));
        const QString value = eq < 0 ? QString() : decode(pair.mid(eq + 1));
        if (name == u"status") {
            for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const std::optional<TaskStatus> status = statusFromName(part.trimmed());
                if (status && !filter.statuses.contains(*status))
                    filter.statuses.append(*status);
            }
        } else if (name == u"category") {
            filter.category = value.trimmed();
        } else if (name == u"q") {
            filter.search = value;
        } else if (name == u"created_after") {
            filter.createdAfter = parseTimestamp(value.trimmed());
        } else if (name == u"created_before") {
            filter.createdBefore = parseTimestamp(value.trimmed());
        } else if (name == u"priority") {
            for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                bool ok = false;
                const int priority = part.trimmed().toInt(&ok);
                if (ok && priority >= kPriorityMin && priority <= kPriorityMax &&
                    !filter.priorities.contains(priority))
                    filter.priorities.append(priority);
            }
        } else if (name == u"created_by") {
            filter.createdBy = value.trimmed();
        } else if (name == u"completed_after") {
            filter.completedAfter = parseTimestamp(value.trimmed());
        } else if (name == u"completed_before") {
            filter.completedBefore = parseTimestamp(value.trimmed());
        } else if (name == u"sort") {
            if (const std::optional<TaskSortField> field = sortFieldFromName(value))
                filter.sort = *field;
        } else if (name == u"order") {
            if (value == u"asc")
                filter.order = SortOrder::Ascending;
            else if (value == u"desc")
                filter.order = SortOrder::Descending;
        }
    }
    return filter;
}

} // namespace taskdeck::json
