// SPDX-License-Identifier: MIT
#pragma once

#include "client/BackendEndpoint.h"

// Qt
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QObject>

// C++
#include <functional>

class QNetworkReply;

namespace sb {

// One answer of the backend's REST API, read completely.
struct ApiReply {
    int status = 0;       // HTTP status; 0 when the backend could not be reached at all
    QJsonObject json;     // the body when it was a JSON object
    QString errorCode;    // error.code of the contract's error shape, or "network_error"
    QString message;      // error.message, or the network error in words
    int networkError = 0; // QNetworkReply::NetworkError when status is 0 (e.g. SslHandshakeFailedError)

    bool ok() const { return status >= 200 && status < 300; }
    QJsonValue data() const { return json.value(QLatin1String("data")); }
};

// The REST half of Switchboard's interface (docs/interface.md §3): JSON requests with the API token, answers read into
// an ApiReply whatever went wrong (refused, unreachable, timed out). No state beyond the endpoint, so anything that
// speaks to a Switchboard (the dashboard, `--dial`, remote desks) can hold one.
class RestClient : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const ApiReply &reply)>;

    explicit RestClient(QObject *parent = nullptr);

    const BackendEndpoint &endpoint() const { return m_endpoint; }
    void setEndpoint(const BackendEndpoint &endpoint) { m_endpoint = endpoint; }

    // `context` guards the callback: it is not called once `context` is gone.
    void get(const QString &pathAndQuery, QObject *context, Callback callback);
    void post(const QString &path, const QJsonObject &body, QObject *context, Callback callback);

    void initiate(const QString &to, const QString &from, const QString &agentId, QObject *context, Callback cb);
    void hangup(const QString &callControlId, QObject *context, Callback cb);
    void setMuted(const QString &callControlId, bool muted, QObject *context, Callback cb);
    // POST /api/calls/telnyx/<id>/dtmf {"digits": "5"}: Telnyx send_dtmf on the call.
    void sendDtmf(const QString &callControlId, const QString &digits, QObject *context, Callback cb);
    // An inbound call offered to this token's user (CONTRACT §9): answer (200 with the record; 409 already_answered or
    // offer_ended) or decline (it stops ringing for this user only).
    void answer(const QString &callControlId, QObject *context, Callback cb);
    void decline(const QString &callControlId, QObject *context, Callback cb);
    // POST /api/me/presence {"status": "available" | "away"}.
    void setPresence(const QString &status, QObject *context, Callback cb);
    void listCalls(int limit, int offset, QObject *context, Callback cb);
    void fetchCall(const QString &callControlId, QObject *context, Callback cb);

signals:
    // Every answer, before its callback (BackendClient reads the call records for where their media is).
    void replied(const sb::ApiReply &reply);

private:
    void send(QNetworkReply *reply, QObject *context, Callback callback);

    QNetworkAccessManager m_network;
    BackendEndpoint m_endpoint;
};

} // namespace sb
