// libFuzzer target: --import's parser (TaskImport.h) over CSV (TaskCsv.h: RFC 4180 records,
// header check, one task per record) and JSON Lines; the first byte picks the format.
#include "TaskCsv.h"
#include "TaskImport.h"

#include <cstdint>

using namespace taskdeck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray text(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const ImportFormat format = (data[0] & 1) ? ImportFormat::JsonLines : ImportFormat::Csv;
    (void)parseImportData(text, format, 1'700'000'000'000);
    if (format == ImportFormat::Csv) {
        QList<int> lines;
        (void)csv::parseRecords(text, &lines);
    }
    return 0;
}
