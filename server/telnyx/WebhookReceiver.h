// SPDX-License-Identifier: MIT
#pragma once

#include "calls/CallRecord.h"
#include "calls/EventWriter.h"
#include "http/ApiResponse.h"

#include <QObject>
#include <QThread>
#include <QThreadPool>

#include <memory>
#include <optional>
#include <vector>

class QHttpServerRequest;

namespace sb {

class CallEventsHub;
class Metrics;
class WebhookVerifier;

// POST /api/calls/telnyx/webhook. Verify the signature, then store the event durably, answer 200,
// apply it to its call and broadcast it (docs/interface.md §3.7).
//
// Where the time goes and why the work is spread as it is (2 cores, target thousands per second):
// - the Ed25519 check (~70 µs) runs on a small thread pool, off the event loop;
// - verified events queue up for the EventWriter thread, which stores a whole batch (deduplicated by
//   data.id with INSERT OR IGNORE) together with the call records it changes in one transaction and
//   commits (WAL, synchronous=FULL: on disk before the commit returns). While one batch commits,
//   the next one gathers: group commit, so a slow disk makes batches larger rather than answers
//   later;
// - only after its batch committed does a request get its 200, then the event is broadcast. A failed
//   commit answers 500, so Telnyx delivers again.
// Events from different connections may be stored in another order than they arrived; Telnyx does
// not promise any order, and the state machine never goes backwards.
class WebhookReceiver : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxBatch = 512;
    static constexpr int kMaxInFlight = 4096; // verified or verifying, not yet answered: beyond, 503

    WebhookReceiver(const WebhookVerifier *verifier, const DatabaseUrl &database, CallEventsHub *events,
                    Metrics *metrics, QObject *parent = nullptr);
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
    struct Checked; // the outcome of verifying and parsing one request, off the event loop
    void onChecked(const std::shared_ptr<Checked> &checked);
    void submitBatch();
    void finishBatch(std::vector<Pending> &batch, const EventWriter::Result &result);

    const WebhookVerifier *m_verifier;
    CallEventsHub *m_events;
    Metrics *m_metrics;
    QThreadPool m_verifiers;
    QThread m_writerThread;
    EventWriter *m_writer = nullptr;
    std::vector<Pending> m_pending;
    bool m_writing = false;
    int m_inFlight = 0;
};

} // namespace sb
