// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace sb {

class CallStore;
class InstanceRegistry;
class TelnyxClient;

// Failover of live calls (CONTRACT §8): once a second, the answered calls whose media instance is no longer live (no
// heartbeat for InstanceRegistry::kDeadAfterMs, or stopped) are claimed by this instance, one atomic update each, and
// Telnyx is asked to `streaming_start` to this instance's /audio-stream with a fresh stream_auth_token (PROTOCOL §4),
// so the audio goes on here. Calls not yet answered are left until they are: Telnyx streams only answered calls.
class CallTakeover : public QObject {
    Q_OBJECT
public:
    static constexpr int kCheckEveryMs = 1000;

    CallTakeover(CallStore *store, InstanceRegistry *instances, TelnyxClient *telnyx,
                 std::function<QString()> streamBaseUrl, QObject *parent = nullptr);
    void start() { m_timer.start(); }
    // One pass now (the timer's work).
    void check();

signals:
    // A call is this instance's now: its stream is expected with `token` (the media gateway registers it).
    void takingOver(const QString &callControlId, const QString &agentId, const QString &token);
    // Telnyx answered the streaming_start: ok, or why not.
    void tookOver(const QString &callControlId, bool ok);

private:
    CallStore *m_store;
    InstanceRegistry *m_instances;
    TelnyxClient *m_telnyx;
    std::function<QString()> m_streamBaseUrl;
    QTimer m_timer;
};

} // namespace sb
