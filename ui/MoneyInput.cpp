#include "MoneyInput.h"

#include "TaskJson.h"

#include <QStringList>

namespace taskdeck::MoneyInput {

namespace {

bool isAsciiDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

bool isSpaceLike(QChar c)
{
    return c == u' ' || c == QChar(0x00A0) || c == QChar(0x202F);
}

Parsed refused(Problem problem)
{
    return {std::nullopt, problem};
}

} // namespace

Parsed parse(const QString &input, const QLocale &locale)
{
    QString text = input.trimmed();
    if (text.isEmpty())
        return {MoneyE4(0), Problem::None};

    QString sign;
    const QString negative = locale.negativeSign();
    if (text.startsWith(u'-') || text.startsWith(u'+')) {
        sign = text.left(1);
        text.remove(0, 1);
    } else if (!negative.isEmpty() && text.startsWith(negative)) {
        sign = QStringLiteral("-");
        text.remove(0, negative.size());
    }

    const QString point = locale.decimalPoint();
    QString group = locale.groupSeparator();
    if (group == point)
        group.clear(); // indistinguishable: accept no grouping at all
    if (group.size() == 1 && isSpaceLike(group.front())) {
        // French-style grouping: whichever space was typed counts as the separator.
        for (QChar &c : text) {
            if (isSpaceLike(c))
                c = group.front();
        }
    }

    const qsizetype pointAt = point.isEmpty() ? -1 : text.indexOf(point);
    const QStringView all(text);
    const QStringView integer = pointAt < 0 ? all : all.left(pointAt);
    const QStringView fraction = pointAt < 0 ? QStringView() : all.mid(pointAt + point.size());
    if (pointAt >= 0 && fraction.contains(point))
        return refused(Problem::Invalid);
    if (!group.isEmpty() && fraction.contains(group))
        return refused(Problem::MisplacedGroupSeparator);

    QString digits;
    if (!group.isEmpty() && integer.contains(group)) {
        const QList<QStringView> parts = integer.split(group);
        bool grouped = true;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const QStringView part = parts[i];
            if (!part.isEmpty() && !isAsciiDigits(part))
                return refused(Problem::Invalid);
            grouped = grouped && (i == 0 ? part.size() >= 1 && part.size() <= 3 : part.size() == 3);
            digits += part;
        }
        if (!grouped)
            return refused(Problem::MisplacedGroupSeparator);
    } else if (integer.isEmpty() && pointAt >= 0) {
        digits = QStringLiteral("0"); // ".5"
    } else if (isAsciiDigits(integer)) {
        digits = integer.toString();
    } else {
        return refused(Problem::Invalid);
    }
    if (pointAt >= 0 && !isAsciiDigits(fraction))
        return refused(Problem::Invalid);

    QString canonical = sign + digits;
    if (pointAt >= 0)
        canonical += QLatin1Char('.') + fraction;
    const std::optional<MoneyE4> value = json::moneyFromText(canonical);
    if (!value)
        return refused(Problem::Invalid);
    return {value, Problem::None};
}

QString format(MoneyE4 amount, const QLocale &locale)
{
    const bool negative = amount < 0;
    const qint64 magnitude = negative ? -amount : amount;
    QString fraction = QStringLiteral("%1").arg(magnitude % 10'000, 4, 10, QLatin1Char('0'));
    while (fraction.size() > 2 && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    return (negative ? locale.negativeSign() : QString()) + locale.toString(magnitude / 10'000) +
           locale.decimalPoint() + fraction;
}

} // namespace taskdeck::MoneyInput
