#include "Preferences.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdlib>

namespace taskdeck {

namespace {

const QString kThemeKey = QStringLiteral("display/theme");
const QString kTimeZoneKey = QStringLiteral("display/timeZone");
const QString kStartPageKey = QStringLiteral("display/startPage");
const QString kLanguageKey = QStringLiteral("display/language");

const QStringList kThemeNames{QStringLiteral("system"), QStringLiteral("light"),
                              QStringLiteral("dark")};
const QStringList kStartPageNames{QStringLiteral("last"), QStringLiteral("tasks"),
                                  QStringLiteral("dashboard")};

int storedIndex(const QString &key, const QStringList &names)
{
    return std::max<qsizetype>(0, names.indexOf(QSettings().value(key).toString()));
}

void setFusion()
{
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
}

} // namespace

Preferences::Theme Preferences::theme()
{
    return Theme(storedIndex(kThemeKey, kThemeNames));
}

void Preferences::setTheme(Theme theme)
{
    QSettings().setValue(kThemeKey, kThemeNames.at(int(theme)));
    applyTheme(theme);
}

TimeDisplay::Zone Preferences::timeZone()
{
    return QSettings().value(kTimeZoneKey).toString() == QLatin1String("utc")
               ? TimeDisplay::Zone::Utc
               : TimeDisplay::Zone::Local;
}

void Preferences::setTimeZone(TimeDisplay::Zone zone)
{
    QSettings().setValue(kTimeZoneKey, zone == TimeDisplay::Zone::Utc ? QStringLiteral("utc")
                                                                      : QStringLiteral("local"));
    TimeDisplay::setZone(zone);
}

Preferences::StartPage Preferences::startPage()
{
    return StartPage(storedIndex(kStartPageKey, kStartPageNames));
}

void Preferences::setStartPage(StartPage page)
{
    QSettings().setValue(kStartPageKey, kStartPageNames.at(int(page)));
}

QString Preferences::language()
{
    const QString code = QSettings().value(kLanguageKey).toString();
    return languages().contains(code) ? code : QString();
}

void Preferences::setLanguage(const QString &code)
{
    QSettings().setValue(kLanguageKey, languages().contains(code) ? code : QString());
}

QStringList Preferences::languages()
{
    return {QString(), QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr"),
            QStringLiteral("es")};
}

QString Preferences::languageName(const QString &code)
{
    // Written out: QLocale::nativeLanguageName() says "American English", "español de España".
    static const QHash<QString, QString> names{{QStringLiteral("en"), QStringLiteral("English")},
                                               {QStringLiteral("de"), QStringLiteral("Deutsch")},
                                               {QStringLiteral("fr"), QStringLiteral("Français")},
                                               {QStringLiteral("es"), QStringLiteral("Español")}};
    if (const auto it = names.constFind(code); it != names.cend())
        return *it;
    if (code.isEmpty())
        return {};
    return QLocale(code).nativeLanguageName();
}

void Preferences::applyStored()
{
    applyTheme(theme());
    TimeDisplay::setZone(timeZone());
}

void Preferences::applyTheme(Theme theme)
{
    static const QString systemStyle = QApplication::style()->name();
    static const QPalette systemPalette = QApplication::palette();
    switch (theme) {
    case Theme::System:
        if (QApplication::style()->name().compare(systemStyle, Qt::CaseInsensitive) != 0)
            QApplication::setStyle(QStyleFactory::create(systemStyle));
        QApplication::setPalette(systemPalette);
        break;
    case Theme::Light:
        setFusion();
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Theme::Dark:
        setFusion();
        QApplication::setPalette(darkPalette());
        break;
    }
}

QPalette Preferences::darkPalette()
{
    const QColor window(0x35, 0x35, 0x35);
    const QColor base(0x2a, 0x2a, 0x2a);
    const QColor text(0xe8, 0xe8, 0xe8);
    const QColor disabled(0x80, 0x80, 0x80);
    const QColor highlight(0x2a, 0x82, 0xda);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
    palette.setColor(QPalette::ToolTipBase, QColor(0x20, 0x20, 0x20));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabled);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
    palette.setColor(QPalette::Midlight, QColor(0x42, 0x42, 0x42));
    palette.setColor(QPalette::Mid, QColor(0x24, 0x24, 0x24));
    palette.setColor(QPalette::Dark, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::Shadow, QColor(0x14, 0x14, 0x14));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    palette.setColor(QPalette::LinkVisited, QColor(0xb4, 0x8c, 0xff));
    for (QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        palette.setColor(QPalette::Disabled, role, disabled);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
    return palette;
}

PreferencesDialog::PreferencesDialog(const QString &languageInUse, QWidget *parent)
    : QDialog(parent), m_languageInUse(languageInUse), m_theme(new QComboBox(this)),
      m_timeZone(new QComboBox(this)), m_startPage(new QComboBox(this)),
      m_language(new QComboBox(this)), m_languageNote(new QLabel(this))
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("preferencesDialog"));

    m_theme->setObjectName(QStringLiteral("themeBox"));
    m_theme->addItem(tr("Follow the system"), int(Preferences::Theme::System));
    m_theme->addItem(tr("Light"), int(Preferences::Theme::Light));
    m_theme->addItem(tr("Dark"), int(Preferences::Theme::Dark));
    m_theme->setCurrentIndex(m_theme->findData(int(Preferences::theme())));

    const QDateTime now = QDateTime::currentDateTime();
    const int offset = now.offsetFromUtc() / 60;
    const QString offsetText = QStringLiteral("UTC%1%2:%3")
                                   .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                                   .arg(std::abs(offset) / 60, 2, 10, QLatin1Char('0'))
                                   .arg(std::abs(offset) % 60, 2, 10, QLatin1Char('0'));
    m_timeZone->setObjectName(QStringLiteral("timeZoneBox"));
    m_timeZone->addItem(
        tr("Local time zone (%1, now %2)").arg(now.timeZoneAbbreviation(), offsetText),
        int(TimeDisplay::Zone::Local));
    m_timeZone->addItem(tr("UTC"), int(TimeDisplay::Zone::Utc));
    m_timeZone->setCurrentIndex(m_timeZone->findData(int(Preferences::timeZone())));
    m_timeZone->setToolTip(tr("How the window shows times: the task table, the details, the "
                              "charts and tooltips. The API and CSV files always use UTC."));

    m_startPage->setObjectName(QStringLiteral("startPageBox"));
    m_startPage->addItem(tr("The page open when the window was closed"),
                         int(Preferences::StartPage::LastUsed));
    m_startPage->addItem(tr("Tasks"), int(Preferences::StartPage::Tasks));
    m_startPage->addItem(tr("Dashboard"), int(Preferences::StartPage::Dashboard));
    m_startPage->setCurrentIndex(m_startPage->findData(int(Preferences::startPage())));

    m_language->setObjectName(QStringLiteral("languageBox"));
    for (const QString &code : Preferences::languages())
        m_language->addItem(code.isEmpty()
                                ? tr("System (%1)")
                                      .arg(Preferences::languageName(
                                          QLocale::system().name().section(QLatin1Char('_'), 0, 0)))
                                : Preferences::languageName(code),
                            code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(Preferences::language())));
    m_languageNote->setObjectName(QStringLiteral("languageNote"));
    m_languageNote->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Theme:"), m_theme);
    form->addRow(tr("Show &times in:"), m_timeZone);
    form->addRow(tr("&Start page:"), m_startPage);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), m_languageNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_theme, &QComboBox::currentIndexChanged, this,
            [this] { Preferences::setTheme(Preferences::Theme(m_theme->currentData().toInt())); });
    connect(m_timeZone, &QComboBox::currentIndexChanged, this, [this] {
        Preferences::setTimeZone(TimeDisplay::Zone(m_timeZone->currentData().toInt()));
    });
    connect(m_startPage, &QComboBox::currentIndexChanged, this, [this] {
        Preferences::setStartPage(Preferences::StartPage(m_startPage->currentData().toInt()));
    });
    connect(m_language, &QComboBox::currentIndexChanged, this, [this] {
        Preferences::setLanguage(m_language->currentData().toString());
        updateLanguageNote();
    });
    updateLanguageNote();
}

void PreferencesDialog::updateLanguageNote()
{
    // The window builds its texts once: a new language needs a new start.
    const bool changed = m_language->currentData().toString() != m_languageInUse;
    m_languageNote->setText(changed ? tr("<b>Restart Taskdeck to use this language.</b>")
                                    : tr("A new language takes effect the next time Taskdeck "
                                         "starts."));
}

} // namespace taskdeck
