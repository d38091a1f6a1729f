// SPDX-License-Identifier: MIT
#pragma once

#include "simulator/SimulatorOptions.h"

// Qt
#include <QElapsedTimer>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

// C++
#include <map>

class QWebSocket;

namespace sb {

class CustomerClip;

// Where and how one call's media stream goes: the dial's (or streaming_start's) stream_* fields.
struct MediaStreamParams {
    QUrl url;
    QString authToken; // stream_auth_token; secret, never logged
    QString streamId;
    QString userId;
    QString callControlId;
    QString callSessionId;
    QString from;
    QString to;
    QJsonValue clientState = QJsonValue::Null;
    QJsonObject customParameters;
    QString track = QStringLiteral("inbound_track"); // inbound_track | outbound_track | both_tracks
    bool bidirectionalRtp = false;                   // stream_bidirectional_mode == "rtp"
};

// Telnyx's side of a media-streaming WebSocket (docs/telnyx.md §5): Telnyx is the client and connects to stream_url.
//
//   open:  request header `x-telnyx-streaming-auth-token`, then `connected` (version, token inside) and `start`
//          (stream_id, call ids, from, to, media_format PCMU/8000/1)
//   talk:  the customer clip as `media` frames of the "inbound" track, one 160-byte PCMU frame per 20 ms slot;
//          sequence_number counts every message, chunk counts media frames, timestamp is the frame's media time
//          in ms, all three as strings of digits as Telnyx sends them
//   hear:  each `{"event":"media","media":{"payload":...}}` Switchboard sends back (rtp mode) is echoed at once as an
//          "outbound" track frame, so both directions are visible; a `mark` comes straight back, as Telnyx does
//          when nothing is queued; a frame we cannot read is answered with an `error` frame (100003 / 100004)
//   end:   `stop`, then a normal close; the client deletes itself once the socket has closed
//
// Pacing: frame n is due at n * 20 ms after `start`, measured on a monotonic clock, so timer lateness never
// accumulates into drift; frames that fell due while the event loop was busy go out together, as a real sender
// catching up would. The injected media faults only move a frame's send time (late, jitter, reorder) or skip it
// (loss); sequence numbers are given when a frame is made, so the receiver sees the disorder.
class MediaStreamClient : public QObject {
    Q_OBJECT
public:
    static constexpr int kFrameMs = 20;
    static constexpr int kConnectTimeoutMs = 5000;

    struct Stats {
        quint64 inboundSent = 0;
        quint64 inboundLost = 0; // skipped by the loss fault
        quint64 outboundReceived = 0;
        quint64 outboundEchoed = 0;
        quint64 malformedReceived = 0;
        quint64 dtmfSent = 0;
    };

    MediaStreamClient(MediaStreamParams params, const CustomerClip *clip, const SimulatorFaults &faults,
                      QObject *parent = nullptr);
    ~MediaStreamClient() override;

    void open();
    void sendDtmf(QChar digit);
    // Sends `stop` and closes normally. No signal follows; the object deletes itself after the close.
    void stop();

    bool isStreaming() const { return m_state == State::Streaming; }
    const Stats &stats() const { return m_stats; }
    const MediaStreamParams &params() const { return m_params; }

signals:
    void opened();                           // handshake done; `connected` and `start` sent
    void failed(const QString &reason);      // never opened ("connection_failed")
    void lost(const QString &reason);        // closed by the far side, or dropped by the fault, before stop()
    void agentAudio(const QByteArray &pcmu); // one media payload Switchboard sent

private:
    enum class State { Idle, Connecting, Streaming, Stopped };

    void onConnected();
    void onDisconnected();
    void onTextMessage(const QString &text);
    void pump();
    void scheduleFrame(quint64 index);
    void sendFrame(const QByteArray &json);
    void sendError(int code, const char *title, const char *detail);
    QByteArray nextSequence();
    bool sendsInbound() const;
    bool echoesOutbound() const;

    MediaStreamParams m_params;
    QByteArray m_streamIdJson; // the stream_id, ready to splice into frames
    const CustomerClip *m_clip;
    SimulatorFaults m_faults;
    QRandomGenerator m_random;
    QWebSocket *m_socket = nullptr;
    State m_state = State::Idle;
    QTimer m_pacer;
    QTimer m_connectTimeout;
    QElapsedTimer m_clock;
    quint64 m_sequence = 0;
    quint64 m_nextFrame = 0;
    quint64 m_outboundChunk = 0;
    std::multimap<qint64, QByteArray> m_scheduled; // send time (ms on m_clock) -> frame, in due order
    Stats m_stats;
};

} // namespace sb
