#include "BodyFields.h"

namespace taskdeck::json {

const QStringList &taskCreateFieldNames()
{
    static const QStringList kNames = {
        QStringLiteral("title"),  QStringLiteral("description"), QStringLiteral("category"),
        QStringLiteral("status"), QStringLiteral("priority"),    QStringLiteral("cost"),
    };
    return kNames;
}

const QStringList &taskPatchFieldNames()
{
    static const QStringList kNames = {
        QStringLiteral("title"),  QStringLiteral("description"),   QStringLiteral("category"),
        QStringLiteral("status"), QStringLiteral("priority"),      QStringLiteral("cost"),
        QStringLiteral("result"), QStringLiteral("error_message"),
    };
    return kNames;
}

const QStringList &userCreateFieldNames()
{
    static const QStringList kNames = {QStringLiteral("username"), QStringLiteral("password"),
                                       QStringLiteral("email"), QStringLiteral("role")};
    return kNames;
}

const QStringList &userPatchFieldNames()
{
    static const QStringList kNames = {QStringLiteral("email"), QStringLiteral("role"),
                                       QStringLiteral("password"), QStringLiteral("disabled")};
    return kNames;
}

const QStringList &loginFieldNames()
{
    static const QStringList kNames = {QStringLiteral("username"), QStringLiteral("password")};
    return kNames;
}

const QStringList &refreshFieldNames()
{
    static const QStringList kNames = {QStringLiteral("refresh_token")};
    return kNames;
}

} // namespace taskdeck::json
