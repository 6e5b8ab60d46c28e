// TrigramSample::chooseProbe (issue 9 item 2): which trigrams of a q= needle PostgreSQL's trigram
// index reads, chosen from a sample of search texts. Pure logic, no database: the samples here
// are built so each rule decides the answer.
#include "SearchProbe.h"

#include <QTest>

using namespace taskdeck;

namespace {

/// `count` copies of `text` (a sample may hold equal texts: its most common values).
QStringList repeated(const QString &text, int count)
{
    QStringList texts;
    for (int i = 0; i < count; ++i)
        texts << text;
    return texts;
}

} // namespace

class TestSearchProbe : public QObject
{
    Q_OBJECT

private slots:
    void emptySampleReadsThePlainNeedle()
    {
        QCOMPARE(TrigramSample().chooseProbe(QStringLiteral("escalation for mobile")),
                 QStringList());
        QCOMPARE(TrigramSample(QStringList()).size(), 0);
    }

    /// Only runs of three or more ASCII letters and digits give trigrams (what pg_trgm reads for
    /// an inner fragment of a LIKE pattern without padding).
    void needlesWithoutAsciiWordsReadThePlainNeedle()
    {
        const TrigramSample sample(repeated(QStringLiteral("routine task"), 50));
        QCOMPARE(sample.chooseProbe(QStringLiteral("ab")), QStringList());
        QCOMPARE(sample.chooseProbe(QStringLiteral("σσευσ")), QStringList());
        QCOMPARE(sample.chooseProbe(QStringLiteral("a_b c-d")), QStringList());
        QCOMPARE(sample.chooseProbe(QString()), QStringList());
    }

    /// The rarest trigram first, then the trigram of another word that narrows the sample texts
    /// holding all chosen trigrams most; a common word ("for") that narrows nothing is left out.
    void rarestFirstThenWhatNarrows()
    {
        QStringList texts;
        texts << repeated(QStringLiteral("escalation for mobile app"), 10)
              << repeated(QStringLiteral("escalation for desktop"), 20)
              << repeated(QStringLiteral("review for mobile"), 8)
              << repeated(QStringLiteral("routine task"), 162);
        const TrigramSample sample(texts);
        QCOMPARE(sample.size(), 200);
        // mobile: 18 texts (its four trigrams tie: the first), escalation: 30, for: 38.
        QCOMPARE(sample.chooseProbe(QStringLiteral("escalation for mobile")),
                 (QStringList{QStringLiteral("mob"), QStringLiteral("esc")}));
        // One word: its rarest trigram.
        QCOMPARE(sample.chooseProbe(QStringLiteral("desktop")), QStringList{QStringLiteral("des")});
    }

    /// Within a word, the trigram chosen is the one that narrows the chosen set most (not simply
    /// the word's rarest): "kap" is rarer than "ppa" but always comes with "zeta" here.
    void narrowingDecidesWithinAWord()
    {
        QStringList texts;
        texts << repeated(QStringLiteral("zeta kappa"), 5)
              << repeated(QStringLiteral("zeta kapok"), 10)
              << repeated(QStringLiteral("hoppa dance"), 20)
              << repeated(QStringLiteral("apple pie"), 30)
              << repeated(QStringLiteral("routine task"), 135);
        const TrigramSample sample(texts);
        // zet, eta: 15; kap: 15, app: 35, ppa: 25. After "zet": kap leaves 15, app and ppa 5 each,
        // ppa has the shorter list.
        QCOMPARE(sample.chooseProbe(QStringLiteral("zeta kappa")),
                 (QStringList{QStringLiteral("zet"), QStringLiteral("ppa")}));
    }

    /// A trigram in more than a fifth of the sample is not added to a probe.
    void commonTrigramsAreNotAdded()
    {
        QStringList texts;
        texts << repeated(QStringLiteral("rare word"), 4) << repeated(QStringLiteral("word"), 60)
              << repeated(QStringLiteral("rare"), 4)
              << repeated(QStringLiteral("routine task"), 132);
        const TrigramSample sample(texts);
        // rar, are: 8; wor, ord: 64 (32%): not added although it would narrow 8 to 4.
        QCOMPARE(sample.chooseProbe(QStringLiteral("rare word")),
                 QStringList{QStringLiteral("rar")});
    }

    /// When the sample says the probe would leave more than three times the needle's matches
    /// (common words, a rare arrangement of punctuation), the plain needle is read.
    void rareArrangementsOfCommonWordsReadThePlainNeedle()
    {
        QStringList texts;
        texts << repeated(QStringLiteral("cost 100 done"), 50)
              << repeated(QStringLiteral("routine task"), 150);
        const TrigramSample sample(texts);
        QCOMPARE(sample.chooseProbe(QStringLiteral("100% done_ok")), QStringList());
        // The same words as the sample has them: 50 candidates, 50 matches.
        QCOMPARE(sample.chooseProbe(QStringLiteral("100 done")),
                 QStringList{QStringLiteral("100")});
    }

    /// Non-ASCII letters end a word for the probe (the trigram index has them, but as hashes this
    /// code does not compute): "übersicht" is probed through "bersicht".
    void nonAsciiLettersSplitWords()
    {
        QStringList texts;
        texts << repeated(QStringLiteral("übersicht der kosten"), 3)
              << repeated(QStringLiteral("routine task"), 97);
        const TrigramSample sample(texts);
        QCOMPARE(sample.chooseProbe(QStringLiteral("übersicht")),
                 QStringList{QStringLiteral("ber")});
    }
};

QTEST_GUILESS_MAIN(TestSearchProbe)
#include "tst_searchprobe.moc"
