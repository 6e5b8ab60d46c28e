// libFuzzer target: the connection guard's request-head scanner (RequestFraming.h) with the
// default and with tiny limits, and the WebSocket client frame scanner (ClientFrameGuard.h) fed
// the same bytes whole and in two pieces (both must agree).
#include "ClientFrameGuard.h"
#include "RequestFraming.h"

#include <cstdint>
#include <cstdlib>

using namespace taskdeck::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const RequestHead head = scanRequestHead(bytes, {});
    if (head.state == RequestHead::State::Complete &&
        (head.headerBytes <= 0 || head.headerBytes > bytes.size() || head.contentLength < 0))
        abort();
    FramingLimits tiny;
    tiny.maxRequestLineBytes = 16;
    tiny.maxHeaderBytes = 32;
    tiny.maxBodyBytes = 8;
    (void)scanRequestHead(bytes, tiny);

    ClientFrameScanner whole;
    whole.feed(bytes);
    ClientFrameScanner split;
    const qsizetype at = size > 0 ? qsizetype(data[0]) % (bytes.size() + 1) : 0;
    split.feed(bytes.first(at));
    split.feed(bytes.sliced(at));
    if (whole.unmasked() != split.unmasked() || whole.frames() != split.frames() ||
        whole.payloadRemaining() != split.payloadRemaining())
        abort();
    return 0;
}
