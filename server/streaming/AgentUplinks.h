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
// Threads: everything here is on the main thread: the channels are adopted for the main thread's poller (as for
// /frontend-audio), and sendMicrophone() queues the frame to the Telnyx connection's thread itself.
class AgentUplinks : public QObject {
    Q_OBJECT
public:
    static constexpr int kTickMs = 20;
    static constexpr int kMaxCatchUpTicks = 5; // 100 ms: beyond, the clock is re-based

    AgentUplinks(MediaGateway *gateway, Metrics *metrics, QObject *parent = nullptr);
    ~AgentUplinks() override;

    bool isOpen(const QString &callControlId) const { return m_uplinks.count(callControlId) != 0; }
    int count() const { return int(m_uplinks.size()); }
    // Takes ownership of an accepted, authorised channel carrying the microphone of `callControlId`.
    void add(MediaChannel *channel, const QString &callControlId);

public slots:
    // The call ended (hang-up, or its Telnyx stream stopped): its uplink closes with 1000 and is forgotten.
    void callEnded(const QString &callControlId);

private:
    struct Uplink {
        QPointer<MediaChannel> channel;
        UplinkPacer pacer;
    };
    void receive(const QString &callControlId, const QByteArray &pcmu);
    void malformed();
    void remove(const QString &callControlId, MediaChannel *channel);
    void tick();
    void schedule();

    MediaGateway *m_gateway;
    Metrics *m_metrics;
    std::map<QString, std::unique_ptr<Uplink>> m_uplinks;
    QTimer m_timer;
    QElapsedTimer m_clock; // the monotonic start tick 0 is counted from
    qint64 m_ticks = 0;    // ticks done since m_clock started
};

} // namespace sb
