#include "Backup.h"

#include "RetentionRepository.h"

namespace taskdeck {

QFuture<VoidResult> backupSqliteDatabase(const ConnectionPool *pool, QString file)
{
    return pool->run<Done>([file = std::move(file)](QSqlDatabase &db) -> VoidResult {
        return retention::backupSqlite(db, file);
    });
}

} // namespace taskdeck
