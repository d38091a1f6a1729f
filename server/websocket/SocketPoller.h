// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QObject>

class QSocketNotifier;

namespace sb {

// Readiness of many raw sockets behind one entry in the Qt event loop.
//
// Qt 6.4's event dispatcher hands the whole list of its socket notifiers to poll() on every wake-up,
// so with a few hundred media connections each frame that arrives costs a walk over all of them, in
// the kernel and in Qt. On Linux the poller keeps its sockets in one epoll set instead, and only the
// epoll descriptor sits in Qt's list: a wake-up costs what is ready, not what is open. Elsewhere it
// falls back to a QSocketNotifier pair per socket. Level-triggered either way; everything runs on the
// poller's thread.
class SocketPoller : public QObject {
    Q_OBJECT
public:
    class Client {
    public:
        virtual void socketReadable() = 0; // also on hang-up and error: the read tells which
        virtual void socketWritable() = 0;

    protected:
        ~Client() = default;
    };

    // Notifiers: the per-socket fallback even where epoll exists (for tests of that path).
    enum class Backend { Best, Notifiers };

    explicit SocketPoller(QObject *parent = nullptr, Backend backend = Backend::Best);
    ~SocketPoller() override;

    bool watch(int fd, Client *client); // read interest; false when the descriptor cannot be watched
    void setWriteInterest(int fd, bool enabled);
    void unwatch(int fd); // before the descriptor is closed
    int watchedCount() const { return int(m_clients.size()); }

private:
    void dispatch();

    struct Entry {
        Client *client = nullptr;
        bool writeInterest = false;
        QSocketNotifier *read = nullptr; // the fallback without epoll
        QSocketNotifier *write = nullptr;
    };
    QHash<int, Entry> m_clients;
    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace sb
