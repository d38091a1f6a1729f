// SPDX-License-Identifier: MIT
#pragma once

#include "calls/CallRecord.h"

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

// The /api/calls endpoints (docs/interface.md §3): dial, hang up, mute, history. The API token is checked by
// the caller (SwitchboardServer) before any of these runs.
class CallsApi : public QObject {
    Q_OBJECT
public:
    CallsApi(const Config *config, TelnyxClient *telnyx, CallStore *store, CallEventsHub *events, Metrics *metrics,
             std::function<QString()> streamBaseUrl, QObject *parent = nullptr);

    void initiate(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void end(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void setMuted(const QString &callControlId, bool muted, QHttpServerResponder &&responder);
    // POST /api/calls/telnyx/:id/dtmf {"digits": "12#"}: Telnyx send_dtmf (keypad during a call).
    void sendDtmf(const QString &callControlId, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void list(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void get(const QString &callControlId, QHttpServerResponder &&responder);

    // How many /frontend-audio listeners hear a call right now (shown to supervisors).
    void setListenerCounter(std::function<int(const QString &)> counter) { m_listenerCounter = std::move(counter); }

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
    // Telnyx's dial command for a checked body: our media stream with its per-call token, the agent in client_state.
    DialRequest dialRequest(const QJsonObject &body, const QString &streamToken) const;
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
