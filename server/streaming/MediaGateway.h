// SPDX-License-Identifier: MIT
#pragma once

#include "media/G711.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>

class QThread;
class QWebSocket;

namespace sb {

class AudioFanout;
class CallStore;
class MediaChannel;
class MediaConnection;
class Metrics;
class SocketPoller;
struct MediaOutlet;

// /audio-stream: Telnyx's media WebSocket for each call (docs/interface.md §4.3, docs/telnyx.md §5).
//
// A connection is kept only when it presents a live call's stream_auth_token: in the
// x-telnyx-streaming-auth-token header (how Telnyx sends it), as ?token=, or in a first `connected`
// frame within 5 s. Anything else is closed with 1008 before a byte of it is forwarded. Tokens are
// compared by their SHA-256 (the store keeps only the hash) and never logged.
//
// Receive path: MediaChannel (the UTF-8 bytes as they arrived) -> MediaFrame::parse -> for the inbound track,
// inboundAudio(order, payload) for playback (reordering and concealment happen in the jitter buffer behind it), and the
// same text to AudioFanout. Send path: sendMicrophone() -> one `media` frame of 160 PCMU bytes, unless the call is
// muted.
//
// Threads: the gateway runs a media thread of its own ("switchboard-media") with its own SocketPoller (poller()).
// A connection adopted for that poller (the raw socket path: MediaChannel::adopt) is read, parsed and answered there,
// so a busy main thread (the QML scene, the HTTP server) does not delay the audio: streamStarted, inboundAudio,
// streamStopped and dtmfReceived are emitted on the media thread, in the order the frames came. Connect with
// Qt::DirectConnection to take them there (what the audio engine's jitter buffer does, under a brief lock), or let Qt
// queue them to a receiver's own thread. Everything else stays on the gateway's (main) thread: token checks (the call
// store), the /frontend-audio fan-out, the metrics and the stream list, reached by queued calls in frame order;
// sendMicrophone() queues the frame to the connection's thread, which writes it. A connection on the portable path
// (QWebSocket) stays on the main thread, and then so do its signals. The destructor closes the media thread's
// connections there and stops it: no frame is delivered once it has returned.
class MediaGateway : public QObject {
    Q_OBJECT
public:
    static constexpr int kAuthTimeoutMs = 5000;

    MediaGateway(CallStore *store, AudioFanout *fanout, Metrics *metrics, QObject *parent = nullptr);
    ~MediaGateway() override;

    // The media thread's poller: channels adopted for it are read on the media thread.
    SocketPoller *poller() const { return m_poller; }
    // Returns once the media thread has finished what it was doing: a receiver that has disconnected from the
    // signals above is not called any more afterwards (call it before deleting a Qt::DirectConnection receiver).
    void syncMediaThread();

    // Takes ownership of an accepted /audio-stream connection. `presentedToken`: what its handshake
    // carried (presentedToken()), empty when the token is to come in the `connected` frame.
    void addConnection(MediaChannel *channel, const QString &presentedToken);
    static QString presentedToken(const QWebSocket *socket);

    // The per-call secret handed to Telnyx at dial time (kept in memory, hashed, for a fast check).
    void registerStreamToken(const QString &callControlId, const QString &token);
    void forgetStreamToken(const QString &token);
    void setMuted(const QString &callControlId, bool muted);
    bool isMuted(const QString &callControlId) const { return m_muted.contains(callControlId); }

    // Where a microphone frame comes from: this machine's audio device, or a remote desk's /agent-audio uplink.
    enum class MicrophoneSource { Local, Uplink };
    // Sends the agent's audio (160 bytes PCMU = 20 ms) on the call's media socket. False when the call
    // has no open stream or is muted (then nothing is sent), or when a local frame comes while an uplink is open for
    // the call (the uplink is then the call's microphone, CONTRACT §7).
    bool sendMicrophone(const QString &callControlId, const QByteArray &pcmu,
                        MicrophoneSource source = MicrophoneSource::Local);
    // An /agent-audio uplink opened (true) or closed (false) for the call. Main thread.
    void setUplinkOpen(const QString &callControlId, bool open);
    bool hasUplink(const QString &callControlId) const { return m_uplinked.contains(callControlId); }

    int streamCount() const { return int(m_streams.size()); }
    QStringList streamingCalls() const { return m_streams.keys(); }

signals:
    // Emitted on the connection's thread (see above).
    void streamStarted(const QString &callControlId, sb::G711Law law, const QString &streamId);
    void inboundAudio(const QString &callControlId, quint64 order, const QByteArray &payload);
    void streamStopped(const QString &callControlId);
    void dtmfReceived(const QString &callControlId, const QString &digit);

    // The answer to a token a connection presented in its `connected` frame (empty: refused); on the main thread.
    void tokenChecked(QObject *connection, const QString &callControlId, QPrivateSignal);

private:
    friend class MediaConnection;
    // The live call a token belongs to, or empty. Main thread.
    QString authorise(const QString &token) const;
    void checkToken(QObject *connection, const QString &token);
    void connectionStarted(const QString &callControlId, const std::shared_ptr<MediaOutlet> &outlet);
    void connectionStopped(const QString &callControlId, const std::shared_ptr<MediaOutlet> &outlet);

    CallStore *m_store;
    AudioFanout *m_fanout;
    Metrics *m_metrics;
    QHash<QByteArray, QString> m_tokenHashes; // sha256(token) -> call
    QSet<QString> m_muted;
    QSet<QString> m_uplinked;                               // calls whose microphone is a remote desk's uplink
    QHash<QString, std::shared_ptr<MediaOutlet>> m_streams; // call -> where its started stream's frames go out
    QThread *m_thread = nullptr;                            // the media thread
    QObject *m_home = nullptr;        // lives on the media thread: parent of the connections there
    SocketPoller *m_poller = nullptr; // lives on the media thread
};

} // namespace sb
