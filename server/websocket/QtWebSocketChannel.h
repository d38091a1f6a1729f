// SPDX-License-Identifier: MIT
#pragma once

#include "websocket/MediaChannel.h"

#include <QPointer>

namespace sb {

// MediaChannel over a QWebSocket, for where RawWebSocket cannot take the connection over (no POSIX
// sockets, the TCP socket not found, or SWITCHBOARD_MEDIA_IO=qt). Frames are unwrapped and sent as
// messages through Qt. Frames are refused while Qt still holds unsent bytes (writable() follows when they are
// gone), so a slow peer's frames wait in the caller's queue, where they can be dropped; sendText() drops a peer
// for which more than kMaxBacklogBytes wait.
class QtWebSocketChannel final : public MediaChannel {
    Q_OBJECT
public:
    QtWebSocketChannel(QWebSocket *socket, QTcpSocket *connection, QObject *parent = nullptr);
    ~QtWebSocketChannel() override;

    QHostAddress peerAddress() const override;
    bool isOpen() const override;
    void sendText(const QByteArray &utf8) override;
    int writeFrames(std::span<const QByteArray *const> frames) override;
    qint64 backlog() const override;
    void setSendBufferSize(int bytes) override;
    void close(quint16 code, const QString &reason) override;
    void abort() override;

private:
    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_connection;
};

} // namespace sb
