// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <deque>
#include <functional>

namespace sb {

class MediaChannel;
class Metrics;

// /frontend-audio: the call audio rebroadcast to listeners (supervisors, remote consoles).
//
// Hot path: every frame Telnyx sends is forwarded as the very text it arrived as. The WebSocket frame
// (header + payload; server frames are unmasked, so the bytes are the same for every listener) is
// built once and the one implicitly shared buffer is queued to every listener that wants it: no
// JSON work and no per-listener copy. Frames go out in send rounds: a frame arriving after a quiet spell
// (kSendRoundNs since the last round) is sent right after the event loop pass that read it; under load,
// frames gather until kSendRoundNs after the previous round, so each listener gets one gathered write
// of ~20 frames every 2 ms instead of one syscall (and one loopback/TCP segment) per frame. 2 ms is a
// tenth of one audio frame and well inside any listener's jitter buffer; it cuts the fan-out's system
// time several-fold at 100,000 frames/s. Listeners are MediaChannels (RawWebSocket on POSIX): frames
// the kernel does not take stay in this queue, where they can still be dropped, until writable().
//
// Back-pressure, so that a slow or dead listener never delays the others and never makes the server hold more
// than a bounded amount for it (CONTRACT §4 /frontend-audio):
// - a listener's queue holds at most kQueueBytesPerCall of media frames per call and track it hears (between
//   kQueueBytesPerCall and kMaxQueueBytes); past that its OLDEST media frames are dropped and counted in /metrics
//   (switchboard_media_frames_dropped_total) and the newest kept, so a listener that reads again after a pause
//   gets the latest audio (also when the stream has stopped meanwhile: nothing is dropped for its age) and then
//   everything live. The bound is bytes per call, not one frame count, because a listener hearing every call
//   receives 200 calls' worth of frames in the same second as a one-call listener receives 50;
// - start, stop and connected frames are never dropped (a listener needs them to follow the streams), so they
//   have a bound of their own: a listener with more than kMaxControlBytes of them waiting reads nothing, and is
//   dropped;
// - the kernel send buffer is sized to about 0.4 s of what the listener hears (8 KiB per call and track,
//   between 8 KiB and 512 KiB), so seconds of audio cannot hide in the kernel either;
// - TCP_NODELAY (MediaChannel::adopt): without it every write waits for the listener's delayed ACK
//   (up to 40 ms on Linux).
//
// An agent's listener hears only its own calls (CONTRACT §6): it carries the agent's name, and the call's agent is
// looked up (setAgentLookup) once per call and kept until its stream stops, so a media frame costs one hash lookup
// per such listener, and nothing at all when there is none.
class AudioFanout : public QObject {
    Q_OBJECT
public:
    enum class FrameKind { Start, Stop, InboundMedia, OutboundMedia };

    static constexpr qint64 kQueueBytesPerCall = 16 * 1024; // ~0.85 s of one track's frames (~370 B each)
    static constexpr qint64 kMaxQueueBytes = 1024 * 1024;
    static constexpr qint64 kMaxControlBytes = 256 * 1024;
    static constexpr int kKernelBufferPerCall = 8 * 1024; // ~0.4 s of one track's frames (~370 B each)
    static constexpr int kKernelBufferMax = 512 * 1024;
    static constexpr int kMaxWriteFrames = 64;
    static constexpr qint64 kSendRoundNs = 2'000'000;

    explicit AudioFanout(Metrics *metrics, QObject *parent = nullptr);
    ~AudioFanout() override;

    // Takes ownership of an authorised listener. `callFilter` empty = every call; `onlyAgent` non-empty = only the
    // calls whose agentId is that name; `user`: whose token opened it (whispers go to the call's agent's own).
    void addListener(MediaChannel *channel, const QString &callFilter, bool bothTracks, const QString &onlyAgent = {},
                     const QString &user = {});
    // call_control_id -> the call's agentId (empty when unknown).
    void setAgentLookup(std::function<QString(const QString &)> lookup) { m_agentLookup = std::move(lookup); }
    // A call's agent, known before its stream starts (at the dial): no lookup needed, and none cached stale.
    void noteAgent(const QString &callControlId, const QString &agentId) { rememberAgent(callControlId, agentId); }

    // Forwards one Telnyx frame (its exact UTF-8 text) of call `callControlId`.
    void forward(const QString &callControlId, FrameKind kind, const QByteArray &text);
    // A supervisor's whisper frame (160 PCMU bytes) to `agent`'s own listeners of `callControlId` (opened with
    // ?call=ID by that user), as {"event":"media","media":{"track":"whisper","chunk":"n","payload":"…"}}: nobody
    // else hears it (docs/interface.md §7.2).
    void whisper(const QString &callControlId, const QString &agent, const QByteArray &pcmu);

    int listenerCount() const { return int(m_listeners.size()); }
    int listenerCount(const QString &callControlId) const;
    quint64 droppedFrames() const;

private:
    struct Item {
        QByteArray frame; // an encoded WebSocket frame, shared between listeners
        bool media = false;
    };
    struct Listener {
        MediaChannel *channel = nullptr;
        QString callFilter;
        QString onlyAgent;
        QString user;
        bool bothTracks = false;
        std::deque<Item> queue;
        qint64 mediaBytes = 0;   // of the frames in the queue, media
        qint64 controlBytes = 0; // and the others
        int kernelBuffer = 0;
        bool dropped = false; // stuck: closed, and nothing more is queued
        bool dirty = false;   // queued frames wait for this pass's flush
    };
    void enqueue(Listener &listener, Item item);
    void flush();
    void pump(Listener &listener);
    void dropOldestMedia(Listener &listener);
    void popFront(Listener &listener);
    int callsHeard(const Listener &listener) const;
    void sizeKernelBuffer(Listener &listener);
    void remove(MediaChannel *channel);
    Listener *find(MediaChannel *channel);
    bool hears(const Listener &listener, const QString &callControlId) const;
    QString agentOf(const QString &callControlId) const;
    void rememberAgent(const QString &callControlId, const QString &agentId) const;

    Metrics *m_metrics;
    QElapsedTimer m_clock;
    QList<Listener *> m_listeners;
    QList<Listener *> m_dirty;
    bool m_flushScheduled = false;
    qint64 m_lastFlushNs = 0;
    QTimer m_roundTimer;
    QHash<QString, QByteArray> m_liveStarts;
    quint64 m_whisperChunks = 0; // counts whisper frames, for their "chunk" (the desk's order) // call -> its stream's
                                 // start frame, replayed to late joiners
    std::function<QString(const QString &)> m_agentLookup;
    // call -> its agent, for agents' listeners; forgotten at its stream's stop. A cache (the store has it all): calls
    // dialled that never streamed are not kept past kMaxRememberedAgents.
    static constexpr qsizetype kMaxRememberedAgents = 10'000;
    mutable QHash<QString, QString> m_agents;
};

} // namespace sb
