// SPDX-License-Identifier: MIT
#include "websocket/SocketPoller.h"

#include "websocket/WebSocketLogging.h"

#include <QSocketNotifier>

#ifdef SWITCHBOARD_HAVE_EPOLL
#include <sys/epoll.h>
#include <unistd.h>
#endif

namespace sb {

SocketPoller::SocketPoller(QObject *parent, Backend backend)
    : QObject(parent)
{
#ifdef SWITCHBOARD_HAVE_EPOLL
    if (backend == Backend::Notifiers)
        return;
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll >= 0) {
        m_notifier = new QSocketNotifier(qintptr(m_epoll), QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &SocketPoller::dispatch);
    } else {
        qCWarning(lcWebSocket) << "epoll unavailable; watching media sockets one notifier each";
    }
#else
    Q_UNUSED(backend)
#endif
}

SocketPoller::~SocketPoller()
{
    for (const Entry &entry : std::as_const(m_clients)) {
        delete entry.read;
        delete entry.write;
    }
#ifdef SWITCHBOARD_HAVE_EPOLL
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
#endif
}

bool SocketPoller::watch(int fd, Client *client)
{
    if (fd < 0 || m_clients.contains(fd))
        return false;
    Entry entry;
    entry.client = client;
#ifdef SWITCHBOARD_HAVE_EPOLL
    if (m_epoll >= 0) {
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.fd = fd;
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0)
            return false;
        m_clients.insert(fd, entry);
        return true;
    }
#endif
    entry.read = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
    connect(entry.read, &QSocketNotifier::activated, this, [this, fd] {
        if (const auto it = m_clients.constFind(fd); it != m_clients.cend())
            it->client->socketReadable();
    });
    entry.write = new QSocketNotifier(qintptr(fd), QSocketNotifier::Write, this);
    entry.write->setEnabled(false);
    connect(entry.write, &QSocketNotifier::activated, this, [this, fd] {
        if (const auto it = m_clients.constFind(fd); it != m_clients.cend())
            it->client->socketWritable();
    });
    m_clients.insert(fd, entry);
    return true;
}

void SocketPoller::setWriteInterest(int fd, bool enabled)
{
    const auto it = m_clients.find(fd);
    if (it == m_clients.end() || it->writeInterest == enabled)
        return;
    it->writeInterest = enabled;
    if (it->write) {
        it->write->setEnabled(enabled);
        return;
    }
#ifdef SWITCHBOARD_HAVE_EPOLL
    if (m_epoll < 0)
        return;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | (enabled ? quint32(EPOLLOUT) : 0u);
    event.data.fd = fd;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
#endif
}

void SocketPoller::unwatch(int fd)
{
    const auto it = m_clients.find(fd);
    if (it == m_clients.end())
        return;
    // Later: this may run inside one of these notifiers' own activated().
    for (QSocketNotifier *notifier : {it->read, it->write}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    m_clients.erase(it);
#ifdef SWITCHBOARD_HAVE_EPOLL
    if (m_epoll >= 0)
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
#endif
}

void SocketPoller::dispatch()
{
#ifdef SWITCHBOARD_HAVE_EPOLL
    // Whatever is ready now; the notifier fires again while anything stays ready (level-triggered).
    // A client may unwatch itself or others while this batch runs, so each one is looked up afresh.
    epoll_event events[128];
    const int count = epoll_wait(m_epoll, events, 128, 0);
    for (int i = 0; i < count; ++i) {
        const int fd = events[i].data.fd;
        const quint32 what = events[i].events;
        if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
            const auto it = m_clients.constFind(fd);
            if (it == m_clients.cend())
                continue;
            it->client->socketReadable();
        }
        if (what & EPOLLOUT) {
            const auto it = m_clients.constFind(fd);
            if (it != m_clients.cend() && it->writeInterest)
                it->client->socketWritable();
        }
    }
#endif
}

} // namespace sb
