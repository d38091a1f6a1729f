// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <deque>

class QTcpSocket;
class QWebSocket;

namespace sb {

class Metrics;

// /frontend-audio: the call audio rebroadcast to listeners (supervisors, remote consoles).
//
// Hot path: every frame Telnyx sends is forwarded as the very text it arrived as. The WebSocket frame
// (header + payload; server frames are unmasked, so the bytes are the same for every listener) is
// built once and the one implicitly shared buffer is queued to every listener that wants it: no
// JSON work, no per-listener copy until the socket's own write buffer.
//
// Back-pressure, so that a slow or dead listener never delays the others and never falls more than
// about a second behind live:
// - at most kSocketHighWater bytes are handed to a listener's socket at a time; the rest waits in
//   that listener's queue, and the queue is pumped again when the socket reports bytes written;
// - the queue holds at most kQueueFrames media frames per track (about 0.8 s of 20 ms frames):
//   past that, the OLDEST media frames are dropped (start/stop are never dropped) and counted in
//   /metrics as switchboard_media_frames_dropped_total;
// - the kernel send buffer of listener sockets is shrunk to kKernelSendBuffer, so seconds of audio
//   cannot hide in the kernel either. Linux doubles the value; 8 KiB requested is ~16 KiB, about
//   0.4 s of one track at ~370 bytes a frame.
class AudioFanout : public QObject {
    Q_OBJECT
public:
    enum class FrameKind { Start, Stop, InboundMedia, OutboundMedia };

    static constexpr int kQueueFrames = 40;
    static constexpr qint64 kSocketHighWater = 4 * 1024;
    static constexpr int kKernelSendBuffer = 8 * 1024;

    explicit AudioFanout(Metrics *metrics, QObject *parent = nullptr);
    ~AudioFanout() override;

    // Takes ownership of an authorised listener. `callFilter` empty = every call. `connection` is the
    // TCP socket under the WebSocket when known (HttpServer::connectionOf); frames are then written to
    // it directly, else sent through QWebSocket.
    void addListener(QWebSocket *socket, QTcpSocket *connection, const QString &callFilter, bool bothTracks);

    // Forwards one Telnyx frame (its exact UTF-8 text) of call `callControlId`.
    void forward(const QString &callControlId, FrameKind kind, const QByteArray &text);

    int listenerCount() const { return int(m_listeners.size()); }
    int listenerCount(const QString &callControlId) const;
    quint64 droppedFrames() const { return m_dropped; }

    static QByteArray encodeTextFrame(const QByteArray &payload);

private:
    struct Item {
        QByteArray frame; // an encoded WebSocket frame, shared between listeners
        QByteArray text;  // the payload, for the fallback path without raw socket access
        bool media = false;
        bool outbound = false;
    };
    struct Listener {
        QWebSocket *socket = nullptr;
        QTcpSocket *tcp = nullptr; // the connection under the WebSocket, written directly when found
        QString callFilter;
        bool bothTracks = false;
        std::deque<Item> queue;
        int queuedInbound = 0;
        int queuedOutbound = 0;
    };
    void enqueue(Listener &listener, const Item &item);
    void pump(Listener &listener);
    void remove(QWebSocket *socket);
    Listener *find(QWebSocket *socket);

    Metrics *m_metrics;
    QList<Listener *> m_listeners;
    QHash<QString, QByteArray> m_liveStarts; // call -> its stream's start frame, replayed to late joiners
    quint64 m_dropped = 0;
};

} // namespace sb
