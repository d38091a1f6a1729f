// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUrl>

// C++
#include <optional>

namespace sb {

// A refusal in Telnyx's shape: an HTTP status and one `errors[]` entry (docs/telnyx.md §3.4).
struct SimApiError {
    int httpStatus = 422;
    QJsonObject error; // {code, title, detail, source{pointer}}
};

// The stream_* fields of a dial or of streaming_start, validated against Telnyx's enums.
struct StreamRequest {
    QString url; // ws:// or wss://
    QString track = QStringLiteral("inbound_track");
    QString codec = QStringLiteral("default");
    QString bidirectionalMode = QStringLiteral("mp3");
    QString bidirectionalCodec = QStringLiteral("PCMU");
    int bidirectionalSamplingRate = 8000;
    QString bidirectionalTargetLegs = QStringLiteral("opposite");
    QString authToken;            // secret
    QJsonObject customParameters; // streaming_start's custom_parameters[{name,value}], as an object
};

// A validated `POST /v2/calls` body.
struct DialParams {
    QString connectionId;
    QString to;           // the number or SIP URI dialed (the first one when `to` was an array)
    QString dtmfOnAnswer; // the digits after a ',' in `to`
    QString from;
    QString fromDisplayName;
    QJsonValue clientState = QJsonValue::Null; // base64 text, or null
    QString commandId;
    QUrl webhookUrl; // overrides the simulator's webhook URL for this call
    int timeoutSecs = 30;
    int timeLimitSecs = 14400;
    bool retryOnTimeout = true;
    std::optional<StreamRequest> stream; // set when stream_url was given
};

// A validated `POST /v2/simulator/incoming` body (the simulator's own route: a customer calls in).
struct IncomingParams {
    QString from;          // the customer; default: a random +1555 number
    QString to;            // the application's number; default kDemoInboundNumber
    QString callerIdName;  // default "Demo Customer"
    int giveUpAfterMs = 0; // give_up_after_s * 1000; 0 = the caller waits until the application acts
};
inline const QString kDemoInboundNumber = QStringLiteral("+15550100100");
inline const QString kDemoCallerName = QStringLiteral("Demo Customer");
QString randomCustomerNumber(); // "+1555" and 7 random digits

// Each parser checks a request body the way Telnyx does and either fills *out or says what is wrong, with the
// code Telnyx uses: 10004 missing, 10015 invalid value or connection_id, 10016 not E.164, 10032 not one of an
// enum, 10033 out of range.
std::optional<SimApiError> parseDial(const QJsonObject &body, const QString &applicationId, DialParams *out);
std::optional<SimApiError> parseStreamFields(const QJsonObject &body, bool urlRequired, StreamRequest *out);
std::optional<SimApiError> parseClientState(const QJsonObject &body, std::optional<QJsonValue> *out);
std::optional<SimApiError> parseSuppressionStart(const QJsonObject &body, QString *direction);
// actions/answer (AnswerRequest, PROTOCOL §7.3): the stream_* fields it has. *stream is empty without stream_url.
// stream_auth_token and stream_bidirectional_sampling_rate are not AnswerRequest's: like unknown fields, ignored.
std::optional<SimApiError> parseAnswer(const QJsonObject &body, std::optional<StreamRequest> *stream);
std::optional<SimApiError> parseReject(const QJsonObject &body, QString *cause); // USER_BUSY | CALL_REJECTED
std::optional<SimApiError> parseTransfer(const QJsonObject &body, QString *to);  // E.164 or SIP URI
std::optional<SimApiError> parseIncoming(const QJsonObject &body, int defaultGiveUpAfterMs, IncomingParams *out);
std::optional<SimApiError> parseSendDtmf(const QJsonObject &body, QString *digits, int *durationMs);

} // namespace sb
