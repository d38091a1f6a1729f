// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <span>

class QTcpSocket;
class QWebSocket;

namespace sb {

class SocketPoller;

// One accepted WebSocket on a media path (/audio-stream, /frontend-audio), as the media code sees it:
// whole text messages in as UTF-8 bytes, pre-encoded server frames out.
//
// adopt() takes a connection over from QWebSocket once Qt has done the handshake. Where it can (POSIX,
// with the TCP socket under the WebSocket at hand), the result is a RawWebSocket: Switchboard then reads
// and writes the socket itself, watched through the SocketPoller, with no UTF-8 -> QString -> UTF-8
// round trip per frame and no per-socket notifier in Qt's poll list. Otherwise the QWebSocket stays
// and a thin adapter speaks for it; set SWITCHBOARD_MEDIA_IO=qt to choose that path everywhere. Either way the
// connection gets TCP_NODELAY: media frames are small and latency matters (no Nagle, no delayed-ACK stalls).
//
// Threads: a channel lives on its poller's thread. When `poller` belongs to another thread than the caller's
// (MediaGateway's media thread), adopt() returns a channel without parent that already lives there and stays quiet
// until start() is called on that thread: connect to it and hand it over, and call it only from that thread from then
// on. That holds for both kinds: the QWebSocket adapter moves there with its QWebSocket and TCP connection (only if
// that connection is known; else it stays on the caller's thread, like a channel adopted without poller).
class MediaChannel : public QObject {
    Q_OBJECT
public:
    // The largest message a media peer may send (Telnyx's frames, on /audio-stream, of any length: this is far
    // above any of them), and what any other WebSocket client may send (CONTRACT §3 "Limits"). Larger messages close
    // the connection with 1009 as soon as their length is known, before their payload is buffered.
    static constexpr qsizetype kMaxMessageBytes = 1024 * 1024;
    static constexpr qsizetype kMaxClientMessageBytes = 64 * 1024;
    static constexpr int kCloseTimeoutMs = 2000; // close(): how long the peer may take to answer
    // A peer that reads nothing while this much piles up for it (sendText(), or a frame's rest) is dropped.
    static constexpr qint64 kMaxBacklogBytes = 1024 * 1024;

    // `earlyBytes`: what the client sent behind its handshake and Qt has not decoded (see
    // HttpConnectionGuard::takeEarlyFrames); they are read before anything else. `maxMessageBytes` bounds each
    // incoming message (also set on `socket` where QWebSocket stays).
    // `takeover`: whether the descriptor may be taken over (not over TLS: it carries records only the QSslSocket can
    // read).
    enum class Takeover { Descriptor, QtSocketOnly };
    static MediaChannel *adopt(QWebSocket *socket, QTcpSocket *connection, SocketPoller *poller,
                               const QByteArray &earlyBytes = {}, qsizetype maxMessageBytes = kMaxMessageBytes,
                               QObject *parent = nullptr, Takeover takeover = Takeover::Descriptor);
    // Puts `bytes` back in front of `connection`'s read buffer and has its readers (the QWebSocket over it) read
    // them from the event loop, once whoever takes the socket over has connected to it.
    static void unread(QTcpSocket *connection, const QByteArray &bytes);
    // Sets the incoming message (and frame) limit of a QWebSocket.
    static void limitIncoming(QWebSocket *socket, qsizetype maxMessageBytes);
    // The TCP connection under `socket` (QWebSocket does not expose it): a QTcpSocket among the descendants of
    // `acceptedBy` (the server that accepted it, or an ancestor) with the same endpoints. Null when not found.
    static QTcpSocket *connectionUnder(const QWebSocket *socket, const QObject *acceptedBy);

    virtual QHostAddress peerAddress() const = 0;
    virtual bool isOpen() const = 0;

    // One text message (sent whole, queued behind what waits).
    virtual void sendText(const QByteArray &utf8) = 0;
    // Server frames made by ws::encodeFrame(), in order. Returns how many the connection took (into the
    // kernel, or the rest of a frame into its own small backlog); the others wait for writable().
    virtual int writeFrames(std::span<const QByteArray *const> frames) = 0;
    // Bytes taken but not yet in the kernel.
    virtual qint64 backlog() const = 0;
    virtual void setSendBufferSize(int bytes) = 0;

    // Close handshake: sends a close frame, ignores further messages, drops the connection when the
    // peer answers or after two seconds.
    virtual void close(quint16 code, const QString &reason) = 0;
    virtual void abort() = 0;
    // On the channel's thread, once whoever adopted it has connected to it: a channel adopted for another thread's
    // poller reads nothing before (the others start at once, and this does nothing).
    virtual void start() {}

signals:
    void textReceived(const QByteArray &utf8);
    void binaryReceived(const QByteArray &payload);
    void writable(); // the backlog is gone: writeFrames() takes frames again
    void disconnected();

protected:
    using QObject::QObject;
};

} // namespace sb
