// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace sb {

// Counts the server's open connections over every listener, from accept to close, and keeps them under a
// cap (HttpLimits::maxConnections). Each connection holds a Lease for as long as it is open; whatever
// carries the connection owns the lease (the TCP socket, then, after a WebSocket upgrade, the WebSocket or
// the MediaChannel that took the descriptor over), so a connection counts until it really closes.
//
// At the cap a new connection makes room by closing the oldest one that is waiting: no request yet, or
// idle between requests (what slowloris clients look like). Connections in the middle of a request and
// WebSockets are never closed for room; when nothing can go, the new connection is refused at once.
// A waiting connection whose next bytes have already arrived (not read yet: the event loop is still accepting a
// burst) is not closed for room either: it is about to be busy, and it is what a client connecting just before
// a flood of idle sockets looks like.
class ConnectionBudget : public QObject {
    Q_OBJECT
public:
    class Lease : public QObject {
    public:
        enum class Stage {
            Waiting, // no request under way: may be closed for room
            Busy,    // a request is being received or answered
            Kept,    // a WebSocket: never closed for room
        };
        ~Lease() override;
        void setStage(Stage stage) { m_stage = stage; }
        Stage stage() const { return m_stage; }

    private:
        friend class ConnectionBudget;
        Lease(ConnectionBudget *budget, std::function<void()> close, std::function<bool()> hasInput);

        QPointer<ConnectionBudget> m_budget;
        std::function<void()> m_close;
        std::function<bool()> m_hasInput;
        Stage m_stage = Stage::Waiting;
    };

    explicit ConnectionBudget(int maxConnections, QObject *parent = nullptr);

    // A lease for a new connection (owned by `carrier`), making room if needed; null when there is no room:
    // the caller then closes the connection at once. `close` ends the connection when it is chosen to make room;
    // `hasInput` (may be empty) tells whether bytes from its client are waiting to be read.
    Lease *admit(QObject *carrier, std::function<void()> close, std::function<bool()> hasInput = {});
    // Hands a connection's lease to what carries it from now on; the lease ends when `carrier` is destroyed.
    static void transfer(Lease *lease, QObject *carrier);

    int openCount() const { return int(m_open.size()); }
    int maxConnections() const { return m_max; }

private:
    void forget(Lease *lease);

    int m_max;
    QList<Lease *> m_open; // in the order they opened: the oldest first
};

} // namespace sb
