// SPDX-License-Identifier: MIT
#pragma once

#include "websocket/MediaChannel.h"
#include "websocket/SocketPoller.h"
#include "websocket/WebSocketFrames.h"

#include <QByteArray>
#include <QHostAddress>

namespace sb {

// A server-side WebSocket on a socket descriptor of its own (POSIX), after Qt did the handshake; see
// MediaChannel. Reads once per readiness (level-triggered: the poller comes back while bytes wait),
// parses with ws::FrameReader, answers pings and the close handshake itself. Writes go straight to the
// kernel (sendmsg, gathered, MSG_NOSIGNAL); only the rest of a frame the kernel did not take waits in
// a small backlog, sent when the socket is writable again, and then writable() is emitted.
// disconnected() is always emitted from the event loop, never from inside a call into this object.
// It lives on its poller's thread: made elsewhere, it is moved there at once (MediaChannel::adopt does) and watches
// its socket only from start(), called on that thread.
class RawWebSocket final : public MediaChannel, private SocketPoller::Client {
    Q_OBJECT
public:
    // Takes ownership of `fd` (non-blocking, connected). `alreadyRead`: bytes Qt read past the handshake.
    // When `poller` lives on another thread, `parent` must be null and the caller moves the object there.
    RawWebSocket(int fd, const QHostAddress &peer, const QByteArray &alreadyRead, SocketPoller *poller,
                 qsizetype maxMessageBytes = kMaxMessageBytes, QObject *parent = nullptr);
    ~RawWebSocket() override;

    QHostAddress peerAddress() const override { return m_peer; }
    bool isOpen() const override { return m_state == State::Open; }
    void sendText(const QByteArray &utf8) override;
    int writeFrames(std::span<const QByteArray *const> frames) override;
    qint64 backlog() const override { return m_backlog.size() - m_backlogPos; }
    void setSendBufferSize(int bytes) override;
    void close(quint16 code, const QString &reason) override;
    void abort() override { finish(); }
    void start() override;

private:
    enum class State { Open, Closing, Closed };

    void attach(); // on the poller's thread: watch the socket, handle what came with the handshake

    void socketReadable() override;
    void socketWritable() override;
    void process();
    void sendRaw(const QByteArray &bytes);
    void keepBacklog(const char *data, qsizetype size);
    void finish();

    int m_fd;
    QHostAddress m_peer;
    SocketPoller *m_poller;
    ws::FrameReader m_reader;
    QByteArray m_backlog;
    qsizetype m_backlogPos = 0;
    State m_state = State::Open;
    bool m_attached = false; // watched by the poller
};

} // namespace sb
