// SPDX-License-Identifier: MIT
#pragma once

#include "CallRecord.h"

#include "ApiResponse.h"
#include <QObject>

#include <memory>
#include <optional>
#include <vector>

class QHttpServerRequest;

namespace sb {

class CallEventsHub;
class CallStore;
class Metrics;
class WebhookVerifier;

// POST /api/calls/telnyx/webhook. Verify the signature, then store the event durably, answer 200,
// apply it to its call and broadcast it (CONTRACT §3).
//
// Durability without a disk sync per request: verified events wait in a queue until the event loop
// has read everything that arrived, then one transaction stores the whole batch (deduplicated by
// data.id with INSERT OR IGNORE) together with the call records they change, and commits (WAL,
// synchronous=FULL). Only after that commit do the waiting requests get their 200. A failed commit
// answers 500, so Telnyx delivers again. Under load a batch holds as many events as arrived during
// the previous commit, which is how throughput scales while each answer still comes within
// milliseconds, far inside Telnyx's 2 s deadline.
class WebhookReceiver : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxBatch = 256;

    WebhookReceiver(const WebhookVerifier *verifier, CallStore *store, CallEventsHub *events, Metrics *metrics,
                    QObject *parent = nullptr);
    ~WebhookReceiver() override;

    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    // Parses and checks a webhook body; nullopt and *error when it is not a Telnyx event envelope.
    static std::optional<CallEvent> parseEvent(const QByteArray &body, QString *error);

signals:
    // After commit, for each newly accepted event; `call` is the record after the event (if any).
    void eventAccepted(const sb::CallEvent &event, const std::optional<sb::CallRecord> &call);

private:
    struct Pending {
        CallEvent event;
        std::unique_ptr<api::DeferredResponder> responder;
    };
    void flush();
    bool storeBatch(std::vector<Pending> &batch, std::vector<bool> &isNew,
                    std::vector<std::optional<CallRecord>> &calls);

    const WebhookVerifier *m_verifier;
    CallStore *m_store;
    CallEventsHub *m_events;
    Metrics *m_metrics;
    std::vector<Pending> m_pending;
    bool m_flushScheduled = false;
};

} // namespace sb
