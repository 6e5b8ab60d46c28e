#include "CsvExport.h"

#include "Async.h"
#include "ErrorMessages.h"
#include "TaskService.h"
#include "TimeDisplay.h"

#include <QDateTime>
#include <QDir>
#include <QLocale>
#include <QProgressDialog>
#include <QSaveFile>
#include <QTimer>
#include <QWidget>

namespace taskdeck {

QString CsvExport::timeNote()
{
    if (TimeDisplay::zone() == TimeDisplay::Zone::Utc)
        return tr("Times in the file are UTC (ISO 8601, as in the API), as the window shows them.");
    return tr("Times in the file are UTC (ISO 8601, as in the API); the window shows them in %1.")
        .arg(TimeDisplay::zoneDescription(QDateTime::currentMSecsSinceEpoch()));
}

CsvExport *CsvExport::start(TaskService *service, const TaskFilter &filter, const QString &path,
                            QWidget *parent)
{
    auto *job = new CsvExport(path, parent);
    // Report asynchronously, so callers can connect to finished() after start() returns.
    QTimer::singleShot(0, job, [job, service, filter] { job->run(service, filter); });
    return job;
}

CsvExport::CsvExport(const QString &path, QWidget *parent)
    : QObject(parent), m_path(path), m_file(std::make_shared<QSaveFile>(path)),
      m_shared(std::make_shared<Shared>())
{}

CsvExport::~CsvExport()
{
    m_shared->cancelled = true;
}

void CsvExport::run(TaskService *service, const TaskFilter &filter)
{
    if (!m_file->open(QIODevice::WriteOnly)) {
        emit finished(false, 0,
                      tr("Could not write %1: %2")
                          .arg(QDir::toNativeSeparators(m_path), m_file->errorString()));
        deleteLater();
        return;
    }
    m_progress = new QProgressDialog(tr("Exporting tasks…"), tr("Cancel"), 0, 0,
                                     qobject_cast<QWidget *>(parent()));
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setWindowTitle(tr("Export CSV"));
    m_progress->setMinimumDuration(500);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_progress, &QProgressDialog::canceled, this,
            [shared = m_shared] { shared->cancelled = true; });
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &CsvExport::updateProgress);
    timer->start(200);

    auto sink = [file = m_file, shared = m_shared](const QByteArray &chunk) {
        if (shared->cancelled)
            return false;
        if (file->write(chunk) != chunk.size()) {
            shared->writeFailed = true;
            return false;
        }
        shared->bytes += chunk.size();
        return true;
    };
    whenReady(this, service->exportCsv(filter, sink),
              [this](const Result<qint64> &result) { finish(result); });
}

void CsvExport::updateProgress()
{
    if (m_progress)
        m_progress->setLabelText(
            tr("Exporting tasks… %1 written").arg(QLocale().formattedDataSize(m_shared->bytes)));
}

void CsvExport::finish(const Result<qint64> &result)
{
    if (m_progress) {
        m_progress->disconnect(this); // closing a progress dialog emits canceled()
        m_progress->close();
    }
    const QString where = QDir::toNativeSeparators(m_path);
    if (result.ok() && !m_shared->cancelled && !m_shared->writeFailed && m_file->commit()) {
        const qint64 rows = result.value();
        emit finished(true, rows,
                      rows == 1 ? tr("Exported 1 task to %1.").arg(where)
                                : tr("Exported %L1 tasks to %2.").arg(rows).arg(where));
    } else {
        m_file->cancelWriting();
        QString message;
        if (m_shared->cancelled)
            message = tr("The export was cancelled; %1 was not written.").arg(where);
        else if (!result.ok())
            message = ErrorMessages::text(result.error());
        else
            message = tr("Could not write %1: %2").arg(where, m_file->errorString());
        emit finished(false, result.ok() ? result.value() : 0, message);
    }
    deleteLater();
}

} // namespace taskdeck
