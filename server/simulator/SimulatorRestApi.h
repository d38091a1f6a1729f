// SPDX-License-Identifier: MIT
#pragma once

#include "simulator/SimulatorRequests.h"

// Qt
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>

// C++
#include <functional>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace sb {

class SimulatedCall;

// Telnyx's Call Control REST API as far as Switchboard uses it (docs/telnyx.md §3-§4), on a loopback QHttpServer:
//
//   POST /v2/calls                                  dial: 200 {"data":{call_control_id,...,"is_alive":false}}
//   GET  /v2/calls/{call_control_id}                the call's status
//   POST /v2/calls/{call_control_id}/actions/{a}    a = hangup, suppression_start, suppression_stop, send_dtmf,
//                                                   streaming_start, streaming_stop, and for incoming calls answer,
//                                                   reject, transfer: 200 {"data":{"result":"ok"}}
//   POST /v2/simulator/incoming                     the simulator's own: a customer calls in, {"from","to",
//                                                   "caller_id_name","give_up_after_s"} all optional:
//                                                   200 {"data":{"call_control_id",...}}; 422 without a webhook URL
//
// Every request needs `Authorization: Bearer <api key>` (401 otherwise). Refusals use Telnyx's errors[] body:
// 422 for invalid fields (SimulatorRequests.h), 404 with 90015 for an unknown call_control_id, 422 with 90018 for
// a call that has ended and 90034 for a command that needs an answered call (on a parked incoming call, everything but
// answer, reject, transfer and hangup). Answering or rejecting a call that is not parked and incoming is 422 with
// code 90061, the simulator's own (Telnyx documents none). The call id in the path may be
// percent-encoded (Telnyx's SDKs encode everything but pchar). A repeated command_id within 60 s gets the first
// answer again and is not applied twice.
class SimulatorRestApi : public QObject {
    Q_OBJECT
public:
    struct Hooks {
        std::function<SimulatedCall *(const DialParams &dial)> dial; // places the call; never null
        std::function<SimulatedCall *(const QString &callControlId)> find;
        // Places an incoming call (giveUpAfterMs < 0: the simulator's default); null when it cannot be announced.
        std::function<SimulatedCall *(const IncomingParams &incoming)> incoming;
    };

    SimulatorRestApi(QString apiKey, QString applicationId, Hooks hooks, QObject *parent = nullptr);
    ~SimulatorRestApi() override;

    // Returns the bound port, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);

    static constexpr int kIdempotencyWindowMs = 60000;

private:
    struct Answer {
        int status = 200;
        QByteArray body;
    };
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    Answer dial(const QJsonObject &body);
    Answer action(SimulatedCall *call, const QString &action, const QJsonObject &body);
    Answer callStatus(SimulatedCall *call) const;
    Answer incoming(const QJsonObject &body);
    static Answer error(const SimApiError &error);
    const Answer *rememberedAnswer(const QString &key);
    void remember(const QString &key, const Answer &answer);

    QString m_apiKey;
    QString m_applicationId;
    Hooks m_hooks;
    std::unique_ptr<QHttpServer> m_server;
    struct Remembered {
        qint64 at;
        Answer answer;
    };
    QElapsedTimer m_clock;
    QHash<QString, Remembered> m_commands; // command_id (per call for actions) -> first answer
};

} // namespace sb
