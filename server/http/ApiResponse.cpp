// SPDX-License-Identifier: MIT
#include "http/ApiResponse.h"

#include "http/HttpConnectionGuard.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonParseError>

namespace sb::api {

namespace {
const QByteArray kJson = QByteArrayLiteral("application/json");

// Every answer to a page of a listed CORS origin names that origin (and says it depends on it, for caches).
void writeJson(QHttpServerResponder &responder, const QByteArray &body, Status status)
{
    const HttpConnectionGuard *guard = HttpConnectionGuard::of(responder.socket());
    const QByteArray origin = guard ? guard->corsOrigin() : QByteArray();
    if (origin.isEmpty())
        responder.write(body, kJson, status);
    else
        responder.write(body, {{"Content-Type", kJson}, {"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}},
                        status);
}
} // namespace

void sendJson(QHttpServerResponder &responder, const QJsonObject &body, Status status)
{
    writeJson(responder, QJsonDocument(body).toJson(QJsonDocument::Compact), status);
}

void sendData(QHttpServerResponder &responder, const QJsonValue &data, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("success"), true);
    body.insert(QStringLiteral("data"), data);
    sendJson(responder, body);
}

QByteArray errorBody(const QString &code, const QString &message)
{
    const QJsonObject body{
        {QStringLiteral("success"), false},
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void sendError(QHttpServerResponder &responder, Status status, const QString &code, const QString &message)
{
    writeJson(responder, errorBody(code, message), status);
}

bool isJsonContentType(const QByteArray &contentType)
{
    const QByteArray type = contentType.split(';').first().trimmed().toLower();
    return type == "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

std::optional<QJsonObject> readJsonObject(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QByteArray body = request.body();
    if (body.size() > kMaxBodyBytes) {
        sendError(responder, Status::PayloadTooLarge, QStringLiteral("payload_too_large"),
                  QStringLiteral("The request body is larger than 1 MiB."));
        return std::nullopt;
    }
    if (!isJsonContentType(request.value("content-type"))) {
        sendError(responder, Status::UnsupportedMediaType, QStringLiteral("unsupported_media_type"),
                  QStringLiteral("Send the body as JSON with Content-Type: application/json."));
        return std::nullopt;
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        sendError(
            responder, Status::BadRequest, QStringLiteral("invalid_json"),
            QStringLiteral("The body is not valid JSON: %1 at offset %2.").arg(error.errorString()).arg(error.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        sendError(responder, Status::BadRequest, QStringLiteral("invalid_json"),
                  QStringLiteral("The body must be a JSON object."));
        return std::nullopt;
    }
    return doc.object();
}

DeferredResponder::DeferredResponder(QHttpServerResponder &&responder)
    : m_socket(responder.socket())
    , m_guard(HttpConnectionGuard::of(responder.socket()))
    , m_responder(std::make_unique<QHttpServerResponder>(std::move(responder)))
{
    if (m_guard) {
        m_guard->holdAnswer();
        m_corsOrigin = m_guard->corsOrigin();
    }
}

QHttpServerResponder *DeferredResponder::target()
{
    if (m_socket.isNull() || m_socket->state() != QAbstractSocket::ConnectedState)
        return nullptr;
    // The connection may have read another request meanwhile: the answer is this request's.
    if (m_guard)
        m_guard->setCorsOrigin(m_corsOrigin);
    return m_responder.get();
}

DeferredResponder::~DeferredResponder()
{
    if (m_guard)
        m_guard->releaseAnswer();
}

} // namespace sb::api
