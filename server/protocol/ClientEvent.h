// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace sb {

// An event of Switchboard's own on /call-events (presence.changed, call.offered, ...), in the shape the webhook
// events are relayed in (docs/interface.md §4.2): {"type", "id", "occurred_at", "payload"}, compact JSON.
inline QByteArray clientEventJson(const QString &type, const QJsonObject &payload)
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("type"), type},
                           {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                           {QStringLiteral("occurred_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                           {QStringLiteral("payload"), payload}})
        .toJson(QJsonDocument::Compact);
}

} // namespace sb
