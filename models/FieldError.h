#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace taskdeck {

/// One validation failure, shaped like FastAPI's: `loc` is the path (e.g. {"body","title"} or
/// {"query","limit"}), `msg` stable English text, `type` a machine-readable kind such as
/// "missing", "string_too_long", "extra_forbidden", "value_error".
struct FieldError
{
    QStringList loc;
    QString msg;
    QString type;

    friend bool operator==(const FieldError &, const FieldError &) = default;
};
using FieldErrors = QList<FieldError>;

} // namespace taskdeck
