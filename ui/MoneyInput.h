#pragma once

#include "Task.h"

#include <QLocale>
#include <QString>

#include <optional>

namespace taskdeck {

/// Reads and shows amounts of money typed by a person, in the conventions of a locale, exactly
/// (integer ten-thousandths, never a binary float).
///
/// A typed amount is unambiguous or refused: the locale's decimal point may appear once, and its
/// group separator only between groups of exactly three digits of the integer part. So in English
/// "1,234.50" and "1234.5" are 1234.50 while "1,5" is refused; in German "1.234,50" and "1234,5"
/// are 1234.50 while "1.5" is refused (both were read as 15 before). Where the group separator is
/// a (no-break) space, a plain space is accepted in its place. Leading and trailing spaces are
/// ignored; an empty text is 0; a leading '-' or '+' is kept for the range check to refuse.
namespace MoneyInput {

enum class Problem
{
    None,
    /// Not a number, or more than 4 decimals.
    Invalid,
    /// The group separator where it does not separate thousands ("1,5" in English).
    MisplacedGroupSeparator,
};

struct Parsed
{
    std::optional<MoneyE4> value; ///< set when problem is None
    Problem problem = Problem::None;
};

Parsed parse(const QString &text, const QLocale &locale);

/// `amount` in `locale`'s digits and separators, with 2 to 4 decimals (as many as it needs):
/// 12'345'000 -> "1,234.50" (English), "1.234,50" (German); 1 -> "0.0001".
QString format(MoneyE4 amount, const QLocale &locale);

} // namespace MoneyInput

} // namespace taskdeck
