#include "ErrorMessages.h"

#include "ApiMessages.h"
#include "MoneyInput.h"
#include "Task.h"
#include "WriteOutcome.h"

#include <QLocale>

namespace taskdeck {

QString ErrorMessages::text(const ServiceError &error)
{
    using Kind = ServiceError::Kind;
    // User accounts (Users page): the service's stable messages name the case.
    if (error.kind == Kind::Conflict) {
        if (error.message == msg::usernameTaken())
            return tr("This username is already taken. Choose another one.");
        if (error.message == msg::cannotDeleteLastAdmin())
            return tr("The last enabled administrator cannot be deleted. Make another user an "
                      "administrator first.");
        if (error.message == msg::cannotDemoteLastAdmin())
            return tr("The last enabled administrator cannot be demoted or disabled. Make "
                      "another user an administrator first.");
    }
    // Sign-in (SignInDialog): wrong credentials and login bans.
    if (error.kind == Kind::Unauthenticated && error.message == msg::invalidCredentials())
        return tr("Invalid username or password.");
    if (error.kind == Kind::TooManyRequests && error.retryAfterSeconds > 0) {
        const qint64 minutes = (error.retryAfterSeconds + 59) / 60;
        if (minutes == 1)
            return tr("Too many failed sign-ins. Try again in 1 minute.");
        return tr("Too many failed sign-ins. Try again in %1 minutes.").arg(minutes);
    }
    if (error.kind == Kind::NotFound && error.message == msg::userNotFound())
        return tr("The user no longer exists. Someone may have deleted it.");
    switch (error.kind) {
    case Kind::Validation:
        return tr("Some values are not valid. Correct the marked fields and try again.");
    case Kind::BadRequest:
        return tr("The request was not valid.");
    case Kind::NotFound:
        return tr("The task no longer exists. Someone may have deleted it.");
    case Kind::Conflict:
        return tr("This change is not allowed in the task's current state. Someone may have "
                  "changed it in the meantime.");
    case Kind::PreconditionFailed:
        return tr("Someone else changed this task in the meantime. Reopen it and try again.");
    case Kind::Unauthenticated:
        return tr("You are not signed in, or your account was disabled.");
    case Kind::Forbidden:
        return tr("Your role does not allow this action.");
    case Kind::TooManyRequests:
        return tr("Too many attempts. Wait a few minutes and try again.");
    case Kind::Unavailable:
        return tr("The database is unavailable. Check the connection and try again.");
    case Kind::Timeout:
        return tr("The database took too long to answer. Try again, or narrow the filter.");
    case Kind::Internal:
        if (isOutcomeUnknown(error))
            return tr("The connection to the database broke while saving: the change may or may "
                      "not have been saved. Reload before trying again.");
        break;
    }
    return tr("An internal error occurred. Details are in the log.");
}

QString ErrorMessages::fieldName(const FieldError &error)
{
    return error.loc.isEmpty() ? QString() : error.loc.last();
}

QString ErrorMessages::fieldText(const FieldError &error)
{
    const QString field = fieldName(error);
    const bool tooLong = error.type.contains(QLatin1String("too_long"));
    if (field == QLatin1String("title")) {
        if (tooLong)
            return tr("The title is too long: at most %L1 characters.").arg(kTitleMaxLength);
        return tr("Enter a title.");
    }
    if (field == QLatin1String("description"))
        return tr("The description is too long: at most %L1 characters.")
            .arg(kDescriptionMaxLength);
    if (field == QLatin1String("category"))
        return tr("The category is too long: at most %L1 characters.").arg(kCategoryMaxLength);
    if (field == QLatin1String("priority"))
        return tr("Choose a priority from Low to Critical.");
    if (field == QLatin1String("cost") && error.type == QLatin1String("group_separator")) {
        const QLocale locale;
        return tr("Here “%1” separates thousands. Use “%2” for decimals, for example %3.")
            .arg(locale.groupSeparator(), locale.decimalPoint(),
                 MoneyInput::format(12'345'000, locale));
    }
    if (field == QLatin1String("cost"))
        return tr("Enter an amount in USD from 0 to 1,000,000 with at most 4 decimals.");
    if (field == QLatin1String("status"))
        return tr("A new task starts as Pending or In progress.");
    if (field == QLatin1String("username"))
        return tr("Use 3 to 64 characters: letters A-Z and a-z, digits, '.', '_' or '-'.");
    if (field == QLatin1String("password"))
        return tr("The password needs at least 12 characters.");
    if (field == QLatin1String("email"))
        return tr("Enter an email address with an '@', or leave it empty.");
    if (field == QLatin1String("to"))
        return tr("The end of the time range must be later than its start.");
    return error.msg;
}

} // namespace taskdeck
