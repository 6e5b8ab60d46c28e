#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace taskdeck {

/// Which trigrams of a q= needle PostgreSQL's trigram index should read (issue 9 item 2).
///
/// `search_text LIKE '%needle%'` makes pg_trgm's GIN index merge the posting lists of every
/// trigram of the needle. For a phrase of common words ("Escalation for mobile": 19 trigrams,
/// several of them in a third of the rows) that merge is most of the request: at 1,000,000 tasks
/// 46-59 ms of index scan for 3,130 candidate rows, while two well-chosen trigrams ('%esc%' and
/// '%bil%') give the same 3,130 candidates in 5-8 ms (docs/MEASUREMENTS.md, 2026-12-07). The
/// needle itself is then checked on the candidate rows only, so results are exactly those of the
/// plain LIKE: a row holding the needle holds each of its substrings.
///
/// A probe is chosen from a sample of `search_text` values: the rows PostgreSQL's ANALYZE keeps as
/// the column's histogram bounds and most common values (statistics target 1000, migration 012:
/// up to 2,000 rows). Plain value type; construction costs about a millisecond per 1,000 sample
/// texts; const methods are safe from any thread.
class TrigramSample
{
public:
    TrigramSample() = default;
    /// `texts`: folded search texts (as stored in `tasks.search_text`).
    explicit TrigramSample(const QStringList &texts);

    /// Sample texts.
    int size() const { return int(m_texts.size()); }

    /// Substrings of `foldedNeedle` (the case-folded q= value) for the index to read, each three
    /// ASCII letters or digits, at most three; empty when the plain needle is the better plan:
    /// no word of three or more such characters, an empty sample, or when the sample says the
    /// probe would leave more than three times as many candidates as the needle matches (for
    /// needles whose words are common but whose punctuation or word boundaries make them rare,
    /// the plain needle's padded trigrams select better).
    ///
    /// Rule: the rarest trigram (fewest sample texts) of each word, rarest first; a further word's
    /// trigram is added only while it narrows the sample texts holding all chosen trigrams and is
    /// in at most 20% of the sample (longer posting lists cost more to merge than they save).
    QStringList chooseProbe(const QString &foldedNeedle) const;

private:
    using Postings = QList<quint16>; ///< sorted indexes into m_texts
    static quint32 key(QStringView trigram);

    QStringList m_texts;
    QHash<quint32, Postings> m_postings; ///< ASCII trigram -> sample texts holding it
};

} // namespace taskdeck
