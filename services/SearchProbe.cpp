#include "SearchProbe.h"

#include <algorithm>
#include <iterator>

namespace taskdeck {

namespace {

bool isAsciiWordChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9');
}

/// Calls `f(QStringView run)` for each maximal run of ASCII lowercase letters and digits of at
/// least three characters.
template <typename F> void forEachWord(QStringView text, F &&f)
{
    qsizetype start = -1;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const bool word = i < text.size() && isAsciiWordChar(text.at(i));
        if (word && start < 0) {
            start = i;
        } else if (!word && start >= 0) {
            if (i - start >= 3)
                f(text.mid(start, i - start));
            start = -1;
        }
    }
}

constexpr qsizetype kMaxSampleTexts = 65535; // indexes are quint16
constexpr int kMaxProbeTrigrams = 3;
constexpr int kMaxAddedShareDivisor = 5; // a further trigram: in at most 1/5 of the sample
constexpr qsizetype kMaxCandidateRatio = 3;

} // namespace

quint32 TrigramSample::key(QStringView trigram)
{
    return (quint32(trigram.at(0).unicode()) << 16) | (quint32(trigram.at(1).unicode()) << 8) |
           quint32(trigram.at(2).unicode());
}

TrigramSample::TrigramSample(const QStringList &texts) : m_texts(texts.mid(0, kMaxSampleTexts))
{
    QList<quint32> seen;
    for (qsizetype i = 0; i < m_texts.size(); ++i) {
        seen.clear();
        forEachWord(m_texts.at(i), [&seen](QStringView word) {
            for (qsizetype j = 0; j + 3 <= word.size(); ++j)
                seen.append(key(word.mid(j, 3)));
        });
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        for (quint32 k : std::as_const(seen))
            m_postings[k].append(quint16(i)); // ascending: texts are visited in order
    }
}

QStringList TrigramSample::chooseProbe(const QString &foldedNeedle) const
{
    if (m_texts.isEmpty())
        return {};
    struct Candidate
    {
        QString trigram;
        const Postings *texts;
    };
    static const Postings kNone;
    QList<QList<Candidate>> words; // each word's trigrams
    forEachWord(foldedNeedle, [&](QStringView word) {
        QList<Candidate> trigrams;
        for (qsizetype j = 0; j + 3 <= word.size(); ++j) {
            const auto found = m_postings.constFind(key(word.mid(j, 3)));
            trigrams.append({word.mid(j, 3).toString(),
                             found == m_postings.constEnd() ? &kNone : &found.value()});
        }
        words.append(trigrams);
    });
    if (words.isEmpty())
        return {};

    // The rarest trigram of the needle first.
    qsizetype firstWord = 0;
    const Candidate *first = &words.first().first();
    for (qsizetype w = 0; w < words.size(); ++w)
        for (const Candidate &c : std::as_const(words[w]))
            if (c.texts->size() < first->texts->size()) {
                first = &c;
                firstWord = w;
            }
    QStringList probe{first->trigram};
    Postings joint = *first->texts;
    QList<bool> used(words.size(), false);
    used[firstWord] = true;

    // Then, from another word each time, the trigram that leaves the fewest sample texts holding
    // all chosen trigrams (fewer texts of its own on a tie), while that narrows them.
    while (probe.size() < kMaxProbeTrigrams) {
        qsizetype bestWord = -1;
        const Candidate *best = nullptr;
        Postings bestJoint;
        for (qsizetype w = 0; w < words.size(); ++w) {
            if (used.at(w))
                continue;
            for (const Candidate &c : std::as_const(words[w])) {
                if (c.texts->size() * kMaxAddedShareDivisor > m_texts.size() ||
                    probe.contains(c.trigram))
                    continue; // a long posting list costs more to merge than it saves
                Postings narrowed;
                std::set_intersection(joint.cbegin(), joint.cend(), c.texts->cbegin(),
                                      c.texts->cend(), std::back_inserter(narrowed));
                if (!best || narrowed.size() < bestJoint.size() ||
                    (narrowed.size() == bestJoint.size() &&
                     c.texts->size() < best->texts->size())) {
                    best = &c;
                    bestWord = w;
                    bestJoint = std::move(narrowed);
                }
            }
        }
        if (!best || bestJoint.size() >= joint.size())
            break;
        probe << best->trigram;
        joint = std::move(bestJoint);
        used[bestWord] = true;
    }

    qsizetype matches = 0;
    for (qsizetype i : joint) // only texts holding the probe can hold the needle
        if (m_texts.at(i).contains(foldedNeedle))
            ++matches;
    if (joint.size() > std::max<qsizetype>(kMaxCandidateRatio * matches, kMaxCandidateRatio))
        return {};
    return probe;
}

} // namespace taskdeck
