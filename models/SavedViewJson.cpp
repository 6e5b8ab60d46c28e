#include "SavedViewJson.h"

#include "ApiMessages.h"
#include "TaskJson.h"

#include <QJsonArray>

namespace taskdeck::json {

namespace {

FieldError bodyError(const QString &field, const QString &msg, const QString &type)
{
    return {{QStringLiteral("body"), field}, msg, type};
}

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

std::optional<QString> parseName(const QJsonValue &value, FieldErrors &errors)
{
    const QString field = QStringLiteral("name");
    if (!value.isString()) {
        errors.append(bodyError(field, msg::notAString(), QStringLiteral("string_type")));
        return std::nullopt;
    }
    const QString name = value.toString();
    if (name.trimmed().isEmpty()) {
        errors.append(bodyError(field, QStringLiteral("String should have at least 1 character"),
                                QStringLiteral("string_too_short")));
        return std::nullopt;
    }
    if (name.toUcs4().size() > kViewMaxNameLength) {
        errors.append(bodyError(
            field,
            QStringLiteral("String should have at most %1 characters").arg(kViewMaxNameLength),
            QStringLiteral("string_too_long")));
        return std::nullopt;
    }
    if (name.contains(QChar(u'\0'))) {
        errors.append(bodyError(
            field, QStringLiteral("Value error, text must not contain NUL (U+0000) characters"),
            QStringLiteral("value_error")));
        return std::nullopt;
    }
    return name.trimmed();
}

std::optional<QString> parseQuery(const QJsonValue &value, FieldErrors &errors)
{
    const QString field = QStringLiteral("query");
    if (!value.isString()) {
        errors.append(bodyError(field, msg::notAString(), QStringLiteral("string_type")));
        return std::nullopt;
    }
    QString query = value.toString().trimmed();
    if (query.startsWith(QLatin1Char('?')))
        query.remove(0, 1);
    if (query.size() > kViewMaxQueryLength) {
        errors.append(bodyError(
            field,
            QStringLiteral("String should have at most %1 characters").arg(kViewMaxQueryLength),
            QStringLiteral("string_too_long")));
        return std::nullopt;
    }
    return query;
}

std::optional<bool> parseBool(const QString &field, const QJsonValue &value, FieldErrors &errors)
{
    if (value.isBool())
        return value.toBool();
    errors.append(bodyError(field, msg::notABoolean(), QStringLiteral("bool_type")));
    return std::nullopt;
}

std::optional<QStringList> parseColumns(const QJsonValue &value, FieldErrors &errors)
{
    const QString field = QStringLiteral("columns");
    if (!value.isArray()) {
        errors.append(bodyError(field, QStringLiteral("Input should be a valid list"),
                                QStringLiteral("list_type")));
        return std::nullopt;
    }
    QStringList columns;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString name = array.at(i).toString();
        if (!array.at(i).isString() || !savedViewColumnNames().contains(name)) {
            errors.append({{QStringLiteral("body"), field, QString::number(i)},
                           QStringLiteral("Input should be one of the task fields: %1")
                               .arg(savedViewColumnNames().join(QStringLiteral(", "))),
                           QStringLiteral("enum")});
            return std::nullopt;
        }
        if (columns.contains(name)) {
            errors.append({{QStringLiteral("body"), field, QString::number(i)},
                           QStringLiteral("Value error, column '%1' is listed twice").arg(name),
                           QStringLiteral("value_error")});
            return std::nullopt;
        }
        columns.append(name);
    }
    return columns;
}

void rejectUnknown(const QJsonObject &body, FieldErrors &errors)
{
    QStringList keys = body.keys();
    keys.sort();
    for (const QString &member : keys) {
        if (!savedViewFieldNames().contains(member))
            errors.append(
                bodyError(member, msg::extraForbidden(), QStringLiteral("extra_forbidden")));
    }
}

} // namespace

QJsonObject savedViewToJson(const SavedView &view)
{
    return QJsonObject{
        {QStringLiteral("id"), idText(view.id)},
        {QStringLiteral("name"), view.name},
        {QStringLiteral("query"), view.query},
        {QStringLiteral("columns"), QJsonArray::fromStringList(view.columns)},
        {QStringLiteral("shared"), view.shared},
        {QStringLiteral("is_default"), view.isDefault},
        {QStringLiteral("user_id"), idText(view.userId)},
        {QStringLiteral("username"), view.username},
        {QStringLiteral("created_at"), formatTimestamp(view.createdAt)},
        {QStringLiteral("updated_at"), formatTimestamp(view.updatedAt)},
    };
}

QJsonObject savedViewListToJson(const QList<SavedView> &views)
{
    QJsonArray array;
    for (const SavedView &view : views)
        array.append(savedViewToJson(view));
    return QJsonObject{{QStringLiteral("views"), array}};
}

const QStringList &savedViewFieldNames()
{
    static const QStringList names{QStringLiteral("name"), QStringLiteral("query"),
                                   QStringLiteral("columns"), QStringLiteral("shared"),
                                   QStringLiteral("is_default")};
    return names;
}

const QStringList &savedViewColumnNames()
{
    return taskFieldNames();
}

std::variant<NewSavedView, FieldErrors> parseNewSavedView(const QJsonObject &body)
{
    FieldErrors errors;
    NewSavedView view;
    const QJsonValue name = body.value(QLatin1String("name"));
    if (name.isUndefined())
        errors.append(
            bodyError(QStringLiteral("name"), msg::fieldRequired(), QStringLiteral("missing")));
    else if (auto parsed = parseName(name, errors))
        view.name = *parsed;
    const QJsonValue query = body.value(QLatin1String("query"));
    if (query.isUndefined())
        errors.append(
            bodyError(QStringLiteral("query"), msg::fieldRequired(), QStringLiteral("missing")));
    else if (auto parsed = parseQuery(query, errors))
        view.query = *parsed;
    if (const QJsonValue v = body.value(QLatin1String("columns")); !v.isUndefined())
        view.columns = parseColumns(v, errors).value_or(QStringList());
    if (const QJsonValue v = body.value(QLatin1String("shared")); !v.isUndefined())
        view.shared = parseBool(QStringLiteral("shared"), v, errors).value_or(false);
    if (const QJsonValue v = body.value(QLatin1String("is_default")); !v.isUndefined())
        view.isDefault = parseBool(QStringLiteral("is_default"), v, errors).value_or(false);
    rejectUnknown(body, errors);
    if (!errors.isEmpty())
        return errors;
    return view;
}

std::variant<SavedViewPatch, FieldErrors> parseSavedViewPatch(const QJsonObject &body)
{
    FieldErrors errors;
    SavedViewPatch patch;
    if (const QJsonValue v = body.value(QLatin1String("name")); !v.isUndefined())
        patch.name = parseName(v, errors);
    if (const QJsonValue v = body.value(QLatin1String("query")); !v.isUndefined())
        patch.query = parseQuery(v, errors);
    if (const QJsonValue v = body.value(QLatin1String("columns")); !v.isUndefined())
        patch.columns = parseColumns(v, errors);
    if (const QJsonValue v = body.value(QLatin1String("shared")); !v.isUndefined())
        patch.shared = parseBool(QStringLiteral("shared"), v, errors);
    if (const QJsonValue v = body.value(QLatin1String("is_default")); !v.isUndefined())
        patch.isDefault = parseBool(QStringLiteral("is_default"), v, errors);
    rejectUnknown(body, errors);
    if (!errors.isEmpty())
        return errors;
    return patch;
}

} // namespace taskdeck::json
