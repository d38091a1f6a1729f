// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>

class QWebSocket;

namespace sb {

// The /call-events WebSocket clients and the broadcast to them. Clients arrive already authorised.
class CallEventsHub : public QObject {
    Q_OBJECT
public:
    explicit CallEventsHub(QObject *parent = nullptr);
    ~CallEventsHub() override;

    void addClient(QWebSocket *socket); // takes ownership
    int clientCount() const { return int(m_clients.size()); }
    void broadcast(const QByteArray &json);

private:
    QList<QWebSocket *> m_clients;
};

} // namespace sb
