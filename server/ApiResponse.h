// SPDX-License-Identifier: MIT
#pragma once

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

class QHttpServerRequest;

namespace sb::api {

using Status = QHttpServerResponder::StatusCode;

// The largest request body accepted anywhere (CONTRACT §3): larger ones get 413.
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

} // namespace sb::api
