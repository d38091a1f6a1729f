// SPDX-License-Identifier: MIT
#pragma once

#include "media/G711.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <optional>

class QWebSocket;

namespace sb {

class AudioFanout;
class CallStore;
class MediaChannel;
class MediaConnection;
class Metrics;

// /audio-stream: Telnyx's media WebSocket for each call (docs/interface.md §4.3, docs/telnyx.md §5).
//
// A connection is kept only when it presents a live call's stream_auth_token: in the
// x-telnyx-streaming-auth-token header (how Telnyx sends it), as ?token=, or in a first `connected`
// frame within 5 s. Anything else is closed with 1008 before a byte of it is forwarded. Tokens are
// compared by their SHA-256 (the store keeps only the hash) and never logged.
//
// Receive path: MediaChannel (the UTF-8 bytes as they arrived) -> MediaFrame::parse -> forward the same text to
// AudioFanout -> for the inbound track, inboundAudio(order, payload) for playback (reordering and concealment happen in
// the jitter buffer behind it). Send path: sendMicrophone() -> one `media` frame of 160 PCMU bytes, unless the call is
// muted.
class MediaGateway : public QObject {
    Q_OBJECT
public:
    static constexpr int kAuthTimeoutMs = 5000;

    MediaGateway(CallStore *store, AudioFanout *fanout, Metrics *metrics, QObject *parent = nullptr);
    ~MediaGateway() override;

    // Takes ownership of an accepted /audio-stream connection. `presentedToken`: what its handshake
    // carried (presentedToken()), empty when the token is to come in the `connected` frame.
    void addConnection(MediaChannel *channel, const QString &presentedToken);
    static QString presentedToken(const QWebSocket *socket);

    // The per-call secret handed to Telnyx at dial time (kept in memory, hashed, for a fast check).
    void registerStreamToken(const QString &callControlId, const QString &token);
    void setMuted(const QString &callControlId, bool muted);
    bool isMuted(const QString &callControlId) const { return m_muted.contains(callControlId); }

    // Sends the agent's audio (160 bytes PCMU = 20 ms) on the call's media socket. False when the call
    // has no open stream or is muted (then nothing is sent).
    bool sendMicrophone(const QString &callControlId, const QByteArray &pcmu);

    int streamCount() const { return int(m_streams.size()); }
    QStringList streamingCalls() const { return m_streams.keys(); }

signals:
    void streamStarted(const QString &callControlId, sb::G711Law law, const QString &streamId);
    void inboundAudio(const QString &callControlId, quint64 order, const QByteArray &payload);
    void streamStopped(const QString &callControlId);
    void dtmfReceived(const QString &callControlId, const QString &digit);

private:
    friend class MediaConnection;
    // The live call a token belongs to, or empty.
    QString authorise(const QString &token) const;
    void connectionStarted(MediaConnection *connection);
    void connectionStopped(MediaConnection *connection);

    CallStore *m_store;
    AudioFanout *m_fanout;
    Metrics *m_metrics;
    QHash<QByteArray, QString> m_tokenHashes; // sha256(token) -> call
    QSet<QString> m_muted;
    QHash<QString, MediaConnection *> m_streams; // call -> its started stream
};

} // namespace sb
