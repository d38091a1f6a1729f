// SPDX-License-Identifier: MIT
#include "client/RestClient.h"

#include "client/ClientLogging.h"
#include "protocol/Paths.h"

// Qt
#include <QJsonDocument>
#include <QNetworkReply>
#include <QPointer>

namespace sb {

namespace {

ApiReply readReply(QNetworkReply *reply)
{
    ApiReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    result.json = QJsonDocument::fromJson(body).object();
    if (result.status == 0) {
        result.errorCode = QStringLiteral("network_error");
        result.message = reply->errorString();
        result.networkError = int(reply->error());
    } else if (!result.ok()) {
        const QJsonObject error = result.json.value(QLatin1String("error")).toObject();
        result.errorCode = error.value(QLatin1String("code")).toString();
        result.message = error.value(QLatin1String("message")).toString();
        if (result.message.isEmpty())
            result.message = QString::fromUtf8(body.left(200));
    }
    return result;
}

} // namespace

RestClient::RestClient(QObject *parent)
    : QObject(parent)
{
}

void RestClient::send(QNetworkReply *reply, QObject *context, Callback callback)
{
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [this, reply, guard, callback = std::move(callback)] {
        reply->deleteLater();
        const ApiReply result = readReply(reply);
        if (!result.ok())
            qCInfo(lcClient).noquote() << reply->operation() << reply->url().path() << "->" << result.status
                                       << result.errorCode << result.message;
        emit replied(result);
        if (guard && callback)
            callback(result);
    });
}

void RestClient::get(const QString &pathAndQuery, QObject *context, Callback callback)
{
    send(m_network.get(m_endpoint.httpRequest(pathAndQuery)), context, std::move(callback));
}

void RestClient::post(const QString &path, const QJsonObject &body, QObject *context, Callback callback)
{
    QNetworkRequest request = m_endpoint.httpRequest(path);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    send(m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)), context, std::move(callback));
}

void RestClient::initiate(const QString &to, const QString &from, const QString &agentId, QObject *context, Callback cb)
{
    QJsonObject body{{QStringLiteral("to"), to}, {QStringLiteral("from"), from}};
    if (!agentId.isEmpty())
        body.insert(QStringLiteral("agentId"), agentId);
    post(paths::kInitiate, body, context, std::move(cb));
}

void RestClient::hangup(const QString &callControlId, QObject *context, Callback cb)
{
    post(paths::kEnd, {{QStringLiteral("call_control_id"), callControlId}}, context, std::move(cb));
}

void RestClient::setMuted(const QString &callControlId, bool muted, QObject *context, Callback cb)
{
    const QString id = BackendEndpoint::encodeId(callControlId);
    post(muted ? paths::mute(id) : paths::unmute(id), {}, context, std::move(cb));
}

void RestClient::sendDtmf(const QString &callControlId, const QString &digits, QObject *context, Callback cb)
{
    post(paths::dtmf(BackendEndpoint::encodeId(callControlId)), {{QStringLiteral("digits"), digits}}, context,
         std::move(cb));
}

void RestClient::answer(const QString &callControlId, QObject *context, Callback cb)
{
    post(paths::answer(BackendEndpoint::encodeId(callControlId)), {}, context, std::move(cb));
}

void RestClient::decline(const QString &callControlId, QObject *context, Callback cb)
{
    post(paths::decline(BackendEndpoint::encodeId(callControlId)), {}, context, std::move(cb));
}

void RestClient::setPresence(const QString &status, QObject *context, Callback cb)
{
    post(paths::kMyPresence, {{QStringLiteral("status"), status}}, context, std::move(cb));
}

void RestClient::listCalls(int limit, int offset, QObject *context, Callback cb)
{
    get(QStringLiteral("%1?limit=%2&offset=%3").arg(paths::kCalls).arg(limit).arg(offset), context, std::move(cb));
}

void RestClient::fetchCall(const QString &callControlId, QObject *context, Callback cb)
{
    get(paths::call(BackendEndpoint::encodeId(callControlId)), context, std::move(cb));
}

} // namespace sb
