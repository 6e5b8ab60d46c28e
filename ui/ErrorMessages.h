#pragma once

#include "FieldError.h"
#include "ServiceError.h"

#include <QCoreApplication>
#include <QString>

namespace taskdeck {

/// The one place in ui/ that turns service errors into translated, user-facing text
/// (DESIGN.md "Errors"). Service messages are stable English for the API; the GUI never shows
/// them verbatim except as the last fallback for a field error it does not know.
class ErrorMessages
{
    Q_DECLARE_TR_FUNCTIONS(ErrorMessages)
public:
    /// A sentence for a message box or a status line.
    static QString text(const ServiceError &error);
    /// A short text for the label next to the field that `error` names (loc's last element).
    static QString fieldText(const FieldError &error);
    /// The field a validation error belongs to ("title", "cost", ...), or empty.
    static QString fieldName(const FieldError &error);
};

} // namespace taskdeck
