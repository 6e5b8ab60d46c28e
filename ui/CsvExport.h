#pragma once

#include "ServiceError.h"
#include "Task.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <memory>

class QProgressDialog;
class QSaveFile;
class QWidget;

namespace taskdeck {

class TaskService;

/// One CSV export of a filter to a file, with a progress dialog that can cancel it.
/// TaskService::exportCsv streams the rows to a sink that writes to a QSaveFile on the pool
/// thread (the file is used by that thread only until the future finishes); the file is
/// committed on the GUI thread when the export succeeded, else discarded. Deletes itself when
/// done.
///
/// Thread affinity: GUI thread (the sink runs on a pool thread and touches only atomics and
/// the file).
class CsvExport : public QObject
{
    Q_OBJECT
public:
    /// Starts exporting `filter` to `path`; returns the running export (parented to `parent`).
    /// Failures to open the file are reported through finished() too.
    /// The note shown with a finished export about its times: the file is always UTC (ISO 8601,
    /// as GET /api/tasks/export.csv), and the zone the window shows them in (TimeDisplay), e.g.
    /// "Times in the file are UTC (ISO 8601, as in the API); the window shows them in local time
    /// (UTC+01:00)."
    static QString timeNote();
    static CsvExport *start(TaskService *service, const TaskFilter &filter, const QString &path,
                            QWidget *parent);

    /// Stops a running export (the sink returns false on its next chunk; the file is discarded).
    ~CsvExport() override;

    QString path() const { return m_path; }

signals:
    /// `ok`: the file was written completely. `rows`: rows written. `message`: translated text
    /// for the user (success or why it failed).
    void finished(bool ok, qint64 rows, const QString &message);

private:
    struct Shared
    {
        std::atomic<qint64> bytes{0};
        std::atomic<bool> cancelled{false};
        std::atomic<bool> writeFailed{false};
    };

    CsvExport(const QString &path, QWidget *parent);
    void run(TaskService *service, const TaskFilter &filter);
    void finish(const Result<qint64> &result);
    void updateProgress();

    QString m_path;
    std::shared_ptr<QSaveFile> m_file;
    std::shared_ptr<Shared> m_shared;
    QPointer<QProgressDialog> m_progress;
};

} // namespace taskdeck
