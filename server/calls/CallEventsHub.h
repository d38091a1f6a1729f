// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>

class QWebSocket;

namespace sb {

// The /call-events WebSocket clients and the broadcast to them. Clients arrive already authorised.
//
// Each client's send queue (the bytes Qt holds for its socket, not yet in the kernel) is bounded (CONTRACT §3
// "Limits"): a client that does not read is dropped once its queue passes kMaxQueuedBytes, so it cannot make the
// server hold every event from then on. The others are not held up by it: each socket is written on its own.
class CallEventsHub : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kMaxQueuedBytes = 1024 * 1024;

    explicit CallEventsHub(QObject *parent = nullptr);
    ~CallEventsHub() override;

    void addClient(QWebSocket *socket); // takes ownership
    int clientCount() const { return int(m_clients.size()); }
    void broadcast(const QByteArray &json);

private:
    QList<QWebSocket *> m_clients;
};

} // namespace sb
