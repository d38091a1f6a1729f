// SPDX-License-Identifier: MIT
#pragma once

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QJsonValue>

#include <QPointer>
#include <QTcpSocket>

#include <memory>
#include <optional>

class QHttpServerRequest;

namespace sb {
class HttpConnectionGuard;
}

namespace sb::api {

using Status = QHttpServerResponder::StatusCode;

// The largest request body accepted anywhere (docs/interface.md §3.3): larger ones get 413.
constexpr qint64 kMaxBodyBytes = 1024 * 1024;

void sendJson(QHttpServerResponder &responder, const QJsonObject &body, Status status = Status::Ok);
// {"success": true, "data": ...}
void sendData(QHttpServerResponder &responder, const QJsonValue &data, const QJsonObject &extra = {});
// {"success": false, "error": {"code": ..., "message": ...}}
void sendError(QHttpServerResponder &responder, Status status, const QString &code, const QString &message);
QByteArray errorBody(const QString &code, const QString &message);

// The checks every JSON endpoint makes on its body, in this order: size (413), media type (415),
// syntax and shape (400). Sends the error and returns nullopt when a check fails.
std::optional<QJsonObject> readJsonObject(const QHttpServerRequest &request, QHttpServerResponder &responder);
bool isJsonContentType(const QByteArray &contentType);

// A responder kept for an answer that comes later (after a Telnyx call or a database commit).
// Qt 6.4's responder holds a raw socket pointer: a client that disconnected meanwhile must not be
// written to, so the socket is watched and target() is null once it is gone.
class DeferredResponder {
public:
    explicit DeferredResponder(QHttpServerResponder &&responder);
    // Letting the responder go ends the request for the connection (HttpConnectionGuard): answered or not.
    ~DeferredResponder();
    DeferredResponder(const DeferredResponder &) = delete;
    DeferredResponder &operator=(const DeferredResponder &) = delete;

    // The responder, or null when the client has gone.
    QHttpServerResponder *target();

private:
    QPointer<QTcpSocket> m_socket;
    QPointer<HttpConnectionGuard> m_guard;
    QByteArray m_corsOrigin; // the request's, for the answer (HttpConnectionGuard::corsOrigin)
    std::unique_ptr<QHttpServerResponder> m_responder;
};
using SharedResponder = std::shared_ptr<DeferredResponder>;

inline SharedResponder defer(QHttpServerResponder &&responder)
{
    return std::make_shared<DeferredResponder>(std::move(responder));
}
inline void sendData(const SharedResponder &responder, const QJsonValue &data)
{
    if (auto *target = responder->target())
        sendData(*target, data);
}
inline void sendError(const SharedResponder &responder, Status status, const QString &code, const QString &message)
{
    if (auto *target = responder->target())
        sendError(*target, status, code, message);
}

} // namespace sb::api
