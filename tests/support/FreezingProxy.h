#pragma once

#include <QString>

#include <memory>

namespace taskdeck::test {

/// A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL in the tests) that can be
/// frozen: while frozen it keeps every connection open and keeps reading what both sides send,
/// but forwards nothing, like a hung server, a dead middlebox or a network partition (the
/// client's kernel still gets its data acknowledged, so TCP keepalives and tcp_user_timeout see
/// nothing wrong). New connections are accepted while frozen and never answered. Thawing resumes
/// forwarding of what arrives from then on (what was swallowed stays lost, so sessions that
/// lived through a freeze are broken, as after a real partition).
///
/// One std::thread (poll(2) loop); thread-safe. Destroying it closes every connection.
class FreezingProxy
{
public:
    /// Listens on an ephemeral port of 127.0.0.1 and forwards to `upstreamHost`:`upstreamPort`
    /// (an IPv4 address). isListening() is false when the socket could not be set up.
    FreezingProxy(const QString &upstreamHost, int upstreamPort);
    ~FreezingProxy();
    FreezingProxy(const FreezingProxy &) = delete;
    FreezingProxy &operator=(const FreezingProxy &) = delete;

    bool isListening() const;
    /// The port clients connect to.
    int port() const;
    /// Stops (true) or resumes (false) forwarding in both directions.
    void setFrozen(bool frozen);

private:
    struct Engine;
    std::unique_ptr<Engine> m_engine;
};

} // namespace taskdeck::test
