#pragma once

#include "Metrics.h"
#include "ServiceError.h"
#include "Task.h"

#include <QObject>
#include <QTimer>
#include <QUuid>

#include <optional>

namespace taskdeck {

class TaskService;

/// Notices changes made by anyone (this window, the HTTP API, another process on the same
/// database) cheaply: every interval (1.2 s by default, so API changes show within 2 s) it reads
/// the maintained metrics and the most recently updated task (one indexed row). When that
/// fingerprint differs from the previous poll it emits changed(). TaskService::tasksChanged
/// triggers a poll at once. At most one poll is in flight; nothing waits on a future.
///
/// Thread affinity: GUI thread.
class ChangeMonitor : public QObject
{
    Q_OBJECT
public:
    explicit ChangeMonitor(TaskService *service, QObject *parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    int interval() const { return m_timer.interval(); }
    /// Starts polling (the first poll runs at once and emits changed()).
    void start();
    void stop() { m_timer.stop(); }
    /// Polls now (or right after the poll in flight).
    void pollNow();

    /// The metrics of the last successful poll.
    const std::optional<MetricsSnapshot> &lastMetrics() const { return m_metrics; }

signals:
    /// Something changed since the previous poll (also emitted by the first poll).
    void changed(const taskdeck::MetricsSnapshot &metrics);
    /// A poll failed; `error` says why (e.g. Unavailable).
    void pollFailed(const taskdeck::ServiceError &error);

private:
    struct Fingerprint
    {
        MetricsSnapshot metrics;
        QUuid newestId;
        EpochMs newestUpdatedAt = 0;
        int newestVersion = 0;
        friend bool operator==(const Fingerprint &, const Fingerprint &) = default;
    };

    void poll();
    void finishPoll(const MetricsSnapshot &metrics, const Result<TaskPage> &newest);

    TaskService *m_service;
    QTimer m_timer;
    bool m_polling = false;
    bool m_pollAgain = false;
    std::optional<Fingerprint> m_last;
    std::optional<MetricsSnapshot> m_metrics;
};

} // namespace taskdeck
