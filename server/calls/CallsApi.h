// SPDX-License-Identifier: MIT
#pragma once

#include "calls/CallRecord.h"
#include "users/Caller.h"

#include <QHttpServerResponder>
#include <QObject>

#include <functional>
#include <memory>

class QHttpServerRequest;

namespace sb {

class CallEventsHub;
class CallStore;
class HttpServer;
class Metrics;
class TelnyxClient;
struct Config;
struct DialRequest;

// The /api/calls endpoints (docs/interface.md §3): dial, hang up, mute, history. The token is checked by the
// caller (SwitchboardServer) before any of these runs; each gets who it speaks for and applies the rights of
// CONTRACT §6: an agent dials as itself, acts on its own calls only (another's: 403, nothing sent or stored) and
// sees its own calls only (another's: 404).
class CallsApi : public QObject {
    Q_OBJECT
public:
    CallsApi(const Config *config, TelnyxClient *telnyx, CallStore *store, CallEventsHub *events, Metrics *metrics,
             std::function<QString()> streamBaseUrl, QObject *parent = nullptr);

    void initiate(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void end(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void setMuted(const Caller &caller, const QString &callControlId, bool muted, QHttpServerResponder &&responder);
    // POST /api/calls/telnyx/:id/dtmf {"digits": "12#"}: Telnyx send_dtmf (keypad during a call).
    void sendDtmf(const Caller &caller, const QString &callControlId, const QHttpServerRequest &request,
                  QHttpServerResponder &&responder);
    void list(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void get(const Caller &caller, const QString &callControlId, QHttpServerResponder &&responder);

    // A supervisor began or stopped whispering to the call's agent: call.whisper_started / call.whisper_ended
    // ({"supervisor": name}) stored with the call's events and sent on /call-events, so the agent is told.
    void noteWhisper(const QString &callControlId, const QString &supervisor, bool whispering);

    // How many /frontend-audio listeners hear a call right now (shown to supervisors).
    void setListenerCounter(std::function<int(const QString &)> counter) { m_listenerCounter = std::move(counter); }

    // The client_state Switchboard gives a call it dials or answers (base64 JSON {"agentId", "ts"}): Telnyx echoes it
    // in the call's webhooks, which name the agent before the call's record does.
    static QString clientState(const QString &agentId);

signals:
    // A call was dialled; `streamToken` is the per-call media secret (for the media gateway only).
    void callDialled(const sb::CallRecord &call, const QString &streamToken);
    void muteChanged(const QString &callControlId, bool muted);

private:
    QJsonObject withLiveFacts(const CallRecord &record) const;
    // Answers 503 not_configured and returns false when Telnyx cannot be reached for `action` (dialing
    // also needs the application id).
    bool requireTelnyx(QHttpServerResponder &responder, const QString &action, bool dialing = false);
    void sendNotFound(QHttpServerResponder &responder, const QString &callControlId);
    // The call `caller` may act on: answers 404 (unknown) or 403 (another agent's) and returns nothing otherwise.
    std::optional<CallRecord> callToActOn(const Caller &caller, const QString &callControlId,
                                          QHttpServerResponder &responder);
    // Telnyx's dial command for a checked body: our media stream with its per-call token, the agent in client_state.
    DialRequest dialRequest(const QJsonObject &body, const QString &agentId, const QString &streamToken) const;
    // Stores a call Telnyx placed; the record as stored, or nothing when the store failed.
    std::optional<CallRecord> storeDialledCall(const CallRecord &record);
    CallEvent makeLocalEvent(const QString &type, const QString &callControlId, const QJsonObject &extra) const;

    const Config *m_config;
    TelnyxClient *m_telnyx;
    CallStore *m_store;
    CallEventsHub *m_events;
    Metrics *m_metrics;
    std::function<QString()> m_streamBaseUrl;
    std::function<int(const QString &)> m_listenerCounter;
};

} // namespace sb
