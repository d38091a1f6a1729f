// SPDX-License-Identifier: MIT
#pragma once

#include "websocket/MediaChannel.h"

#include <QList>
#include <QPointer>

class QThread;

namespace sb {

// MediaChannel over a QWebSocket, for where RawWebSocket cannot take the connection over (no POSIX
// sockets, the TCP socket not found, or SWITCHBOARD_MEDIA_IO=qt). Frames are unwrapped and sent as
// messages through Qt. Frames are refused while Qt still holds unsent bytes (writable() follows when they are
// gone), so a slow peer's frames wait in the caller's queue, where they can be dropped; sendText() drops a peer
// for which more than kMaxBacklogBytes wait.
//
// moveAlong() takes the channel, its QWebSocket and the TCP connection under it to another thread (the media
// thread): Qt's HTTP and WebSocket servers let go of the connection first, and the channel keeps what it receives
// there until start() is called on that thread, as a RawWebSocket made for another thread's poller does.
class QtWebSocketChannel final : public MediaChannel {
    Q_OBJECT
public:
    QtWebSocketChannel(QWebSocket *socket, QTcpSocket *connection, QObject *parent = nullptr);
    ~QtWebSocketChannel() override;

    // Without parent, from the thread the channel lives on; false (and nothing moved) when the TCP connection under
    // the QWebSocket is not known: the QWebSocket cannot go without it.
    bool moveAlong(QThread *thread);
    void start() override;

    QHostAddress peerAddress() const override;
    bool isOpen() const override;
    void sendText(const QByteArray &utf8) override;
    int writeFrames(std::span<const QByteArray *const> frames) override;
    qint64 backlog() const override;
    void setSendBufferSize(int bytes) override;
    void close(quint16 code, const QString &reason) override;
    void abort() override;

private:
    struct Held {
        bool text = true;
        QByteArray bytes;
    };
    void received(bool text, const QByteArray &bytes);

    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_connection;
    // Moved to another thread and not started yet: what arrives waits here (a few frames at most: start() is queued
    // right behind the move), and so does the news of a disconnection.
    bool m_holding = false;
    bool m_disconnectHeld = false;
    QList<Held> m_held;
    qint64 m_heldBytes = 0;
};

} // namespace sb
