#include "FreezingProxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <thread>
#include <utility>
#include <vector>

namespace taskdeck::test {

struct FreezingProxy::Engine
{
    int listener = -1;
    int port = 0;
    std::array<int, 2> wake{-1, -1}; ///< pipe: a byte wakes the loop (stop)
    sockaddr_in upstream{};
    std::atomic<bool> frozen{false};
    std::atomic<bool> stopping{false};
    std::vector<std::pair<int, int>> pairs; ///< client, server; loop thread only
    std::thread thread;

    void loop()
    {
        std::array<char, 16384> buffer{};
        while (!stopping.load()) {
            std::vector<pollfd> fds;
            fds.push_back({wake[0], POLLIN, 0});
            fds.push_back({listener, POLLIN, 0});
            for (const auto &[client, server] : pairs) {
                fds.push_back({client, POLLIN, 0});
                fds.push_back({server, POLLIN, 0});
            }
            if (::poll(fds.data(), fds.size(), 200) < 0)
                continue;
            const size_t polled = pairs.size(); // acceptOne() may add one: not polled yet
            if (fds[1].revents & POLLIN)
                acceptOne();
            std::vector<std::pair<int, int>> alive(pairs.begin() + polled, pairs.end());
            for (size_t i = 0; i < polled; ++i) {
                const auto [client, server] = pairs[i];
                bool open = true;
                for (int side = 0; side < 2 && open; ++side) {
                    const pollfd &entry = fds[2 + 2 * i + side];
                    if ((entry.revents & (POLLIN | POLLHUP | POLLERR)) == 0)
                        continue;
                    const int from = side == 0 ? client : server;
                    const int to = side == 0 ? server : client;
                    const ssize_t n = ::read(from, buffer.data(), buffer.size());
                    if (n <= 0) {
                        open = false;
                        break;
                    }
                    if (frozen.load())
                        continue; // swallowed
                    ssize_t written = 0;
                    while (written < n) {
                        const ssize_t w =
                            ::send(to, buffer.data() + written, n - written, MSG_NOSIGNAL);
                        if (w <= 0) {
                            open = false;
                            break;
                        }
                        written += w;
                    }
                }
                if (open) {
                    alive.emplace_back(client, server);
                } else {
                    ::close(client);
                    ::close(server);
                }
            }
            pairs = std::move(alive);
        }
        for (const auto &[client, server] : pairs) {
            ::close(client);
            ::close(server);
        }
    }

    void acceptOne()
    {
        const int client = ::accept(listener, nullptr, nullptr);
        if (client < 0)
            return;
        const int server = ::socket(AF_INET, SOCK_STREAM, 0);
        if (server < 0 || ::connect(server, reinterpret_cast<const sockaddr *>(&upstream),
                                    sizeof upstream) != 0) {
            if (server >= 0)
                ::close(server);
            ::close(client);
            return;
        }
        pairs.emplace_back(client, server);
    }
};

FreezingProxy::FreezingProxy(const QString &upstreamHost, int upstreamPort)
    : m_engine(std::make_unique<Engine>())
{
    Engine &e = *m_engine;
    e.upstream.sin_family = AF_INET;
    e.upstream.sin_port = htons(quint16(upstreamPort));
    if (::inet_pton(AF_INET, upstreamHost.toLatin1().constData(), &e.upstream.sin_addr) != 1)
        return;
    if (::pipe2(e.wake.data(), O_CLOEXEC) != 0)
        return;
    e.listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (e.listener < 0 ||
        ::bind(e.listener, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(e.listener, 64) != 0 ||
        ::getsockname(e.listener, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        if (e.listener >= 0)
            ::close(e.listener);
        e.listener = -1;
        return;
    }
    e.port = ntohs(address.sin_port);
    e.thread = std::thread([&e] { e.loop(); });
}

FreezingProxy::~FreezingProxy()
{
    Engine &e = *m_engine;
    e.stopping = true;
    if (e.wake[1] >= 0) {
        const char byte = 0;
        [[maybe_unused]] const ssize_t ignored = ::write(e.wake[1], &byte, 1);
    }
    if (e.thread.joinable())
        e.thread.join();
    for (const int fd : {e.listener, e.wake[0], e.wake[1]}) {
        if (fd >= 0)
            ::close(fd);
    }
}

bool FreezingProxy::isListening() const
{
    return m_engine->listener >= 0;
}

int FreezingProxy::port() const
{
    return m_engine->port;
}

void FreezingProxy::setFrozen(bool frozen)
{
    m_engine->frozen = frozen;
}

} // namespace taskdeck::test
