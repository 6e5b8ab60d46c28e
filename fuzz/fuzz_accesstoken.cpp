// libFuzzer target: the access token (JWT, HS256) parser (AccessToken.h): any bytes as a token,
// with and without the session claims; refused or accepted, never a crash, leak or UB.
#include "AccessToken.h"

#include <cstdint>

using namespace taskdeck;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView token(reinterpret_cast<const char *>(data), qsizetype(size));
    static const QByteArray secret("fuzz-secret-0123456789abcdef0123");
    (void)auth::verifyAccessClaims(secret, token, 1'700'000'000);
    (void)auth::verifyAccessToken(secret, token, 1'700'000'000);
    return 0;
}
