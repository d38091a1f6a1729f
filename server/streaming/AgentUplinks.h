// SPDX-License-Identifier: MIT
#pragma once

#include "streaming/UplinkPacer.h"

// Qt
#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

// C++
#include <map>
#include <memory>
#include <utility>

namespace sb {

class MediaChannel;
class MediaGateway;
class Metrics;

// /agent-audio?call=ID (CONTRACT §7): a remote desk's microphone for one call. Whoever accepts the WebSocket has
// checked the token and the call (own agent or admin, a live call, no uplink open yet: isOpen()) before add().
//
// Frames in: binary messages of exactly 160 PCMU bytes, or text {"event":"media","media":{"payload":"<base64 of
// 160 bytes>"}}; anything else is counted (uplinkFramesMalformed) and ignored, the connection stays. Each uplink
// has an UplinkPacer (timing choices there); one 20 ms timer for all uplinks takes a frame from each and sends it
// through MediaGateway::sendMicrophone(…, Uplink), so mute is the gateway's to decide, as for a local microphone.
// While an uplink is open the gateway drops the local microphone's frames for that call (one voice per call).
// While it is open but starved, the pacer's silence goes out every tick (a steady stream for Telnyx); once it has
// closed (the desk dropped), nothing is sent for it: the call goes on, the callee hears silence, the local microphone
// (if any) may speak again, and the desk may reconnect.
//
// Pacing: ticks are counted from one monotonic start (tick n is due at n * 20 ms), and the timer is re-armed for the
// next due tick each time, so a late wake-up shortens the next wait instead of pushing every later tick back:
// lateness never accumulates. After a stall of more than kMaxCatchUpTicks the clock is re-based instead of
// bursting the backlog to Telnyx. The timer runs only while an uplink is open.
//
// Whisper (docs/interface.md §7.2): /whisper?call=ID is the same kind of socket for a supervisor's voice, with the
// same pacer and the same tick, but its frames never go to Telnyx: each one is handed on as whisperFrame() (for the
// call's agent's desk alone), and a starved whisper sends nothing (the agent's desk mixes only what comes). One of
// each kind per call.
//
// Threads: everything here is on the main thread: the channels are adopted for the main thread's poller (as for
// /frontend-audio), and sendMicrophone() queues the frame to the Telnyx connection's thread itself.
class AgentUplinks : public QObject {
    Q_OBJECT
public:
    static constexpr int kTickMs = 20;
    static constexpr int kMaxCatchUpTicks = 5; // 100 ms: beyond, the clock is re-based

    enum class Kind { Agent, Whisper };

    AgentUplinks(MediaGateway *gateway, Metrics *metrics, QObject *parent = nullptr);
    ~AgentUplinks() override;

    bool isOpen(const QString &callControlId, Kind kind = Kind::Agent) const
    {
        return m_uplinks.count({callControlId, kind}) != 0;
    }
    int count(Kind kind = Kind::Agent) const;
    // Takes ownership of an accepted, authorised channel carrying the microphone of `callControlId`.
    void add(MediaChannel *channel, const QString &callControlId);
    // The same for a supervisor's whisper: `speaker` is who whispers, `agent` the call's agent who hears it.
    void addWhisper(MediaChannel *channel, const QString &callControlId, const QString &speaker, const QString &agent);

signals:
    // One 20 ms whisper frame (160 PCMU bytes) for `agent`'s desk on `callControlId`.
    void whisperFrame(const QString &callControlId, const QString &agent, const QByteArray &pcmu);
    // A whisper began (its socket accepted) or ended (closed, dropped, or the call ended).
    void whisperChanged(const QString &callControlId, const QString &speaker, bool whispering);

public slots:
    // The call ended (hang-up, or its Telnyx stream stopped): its uplink and whisper close with 1000 and are forgotten.
    void callEnded(const QString &callControlId);

private:
    using Key = std::pair<QString, Kind>;
    struct Uplink {
        QPointer<MediaChannel> channel;
        UplinkPacer pacer;
        QString speaker; // whisper: who speaks
        QString agent;   // whisper: who hears
    };
    void open(MediaChannel *channel, const Key &key, std::unique_ptr<Uplink> uplink);
    void receive(const Key &key, const QByteArray &pcmu);
    void malformed();
    void remove(const Key &key, MediaChannel *channel);
    void tick();
    void schedule();

    MediaGateway *m_gateway;
    Metrics *m_metrics;
    std::map<Key, std::unique_ptr<Uplink>> m_uplinks;
    QTimer m_timer;
    QElapsedTimer m_clock; // the monotonic start tick 0 is counted from
    qint64 m_ticks = 0;    // ticks done since m_clock started
};

} // namespace sb
