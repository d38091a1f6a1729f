// SPDX-License-Identifier: MIT
#include "calls/CallRecord.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace sb {

QString isoUtc(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

namespace {
QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(isoUtc(time)) : QJsonValue(QJsonValue::Null);
}
QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}
} // namespace

QByteArray streamTokenHash(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

QJsonObject CallRecord::toJson() const
{
    return QJsonObject{
        {QStringLiteral("callControlId"), callControlId},
        {QStringLiteral("callLegId"), textOrNull(callLegId)},
        {QStringLiteral("callSessionId"), textOrNull(callSessionId)},
        {QStringLiteral("agentId"), textOrNull(agentId)},
        {QStringLiteral("from"), from},
        {QStringLiteral("to"), to},
        {QStringLiteral("direction"), direction},
        {QStringLiteral("status"), callStatusName(status)},
        {QStringLiteral("muted"), muted},
        {QStringLiteral("streamUrl"), textOrNull(streamUrl)},
        {QStringLiteral("hangupCause"), textOrNull(hangupCause)},
        {QStringLiteral("hangupSource"), textOrNull(hangupSource)},
        {QStringLiteral("sipHangupCause"), textOrNull(sipHangupCause)},
        {QStringLiteral("durationSeconds"),
         durationSeconds ? QJsonValue(double(*durationSeconds)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("createdAt"), timeOrNull(createdAt)},
        {QStringLiteral("answeredAt"), timeOrNull(answeredAt)},
        {QStringLiteral("endedAt"), timeOrNull(endedAt)},
        {QStringLiteral("updatedAt"), timeOrNull(updatedAt)},
        {QStringLiteral("recording"), textOrNull(recordingPath)},
        {QStringLiteral("offeredTo"), QJsonArray::fromStringList(offeredTo)},
        {QStringLiteral("missed"), missed},
        {QStringLiteral("instance"), textOrNull(instance)},
    };
}

QJsonObject CallEvent::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), type},
        {QStringLiteral("occurredAt"), occurredAt},
        {QStringLiteral("receivedAt"), isoUtc(receivedAt)},
        {QStringLiteral("payload"), payload},
    };
}

QByteArray CallEvent::toBroadcastJson() const
{
    return QJsonDocument(QJsonObject{
                             {QStringLiteral("type"), type},
                             {QStringLiteral("id"), id},
                             {QStringLiteral("occurred_at"), occurredAt},
                             {QStringLiteral("payload"), payload},
                         })
        .toJson(QJsonDocument::Compact);
}

} // namespace sb
