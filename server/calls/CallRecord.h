// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/CallStatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace sb {

// How a call's stream auth token is kept and looked up: SHA-256 of its UTF-8 bytes. The dial stores it, the
// media gateway finds the call by it; the token itself is never stored.
QByteArray streamTokenHash(const QString &token);

// One call as it is kept and shown.
struct CallRecord {
    QString callControlId;
    QString callLegId;
    QString callSessionId;
    QString agentId;
    QString from;
    QString to;
    QString direction = QStringLiteral("outbound-dial");
    CallStatus status = CallStatus::Initiated;
    bool muted = false;
    QString streamUrl;
    QByteArray streamTokenHash; // SHA-256 of the per-call stream auth token; the token itself is never kept
    QString hangupCause;
    QString hangupSource;
    QString sipHangupCause;
    std::optional<qint64> durationSeconds; // answered -> hung up; 0 when never answered
    QString recordingPath;                 // the call's two-channel WAV (--record), empty when none
    QStringList offeredTo;                 // an inbound call: the users it was offered to (CONTRACT §9)
    bool missed = false;                   // an inbound call nobody answered (the caller gave up, or nobody took it)
    QString instance;                      // the public URL of the instance holding its media (CONTRACT §8)
    QDateTime createdAt;
    QDateTime answeredAt;
    QDateTime endedAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
};

// One accepted event: a Telnyx webhook or one Switchboard made itself (call.muted / call.unmuted).
struct CallEvent {
    QString id;
    QString type;
    QString occurredAt; // as Telnyx sent it (ISO-8601 UTC)
    QString callControlId;
    QJsonObject payload;
    QByteArray payloadJson; // compact JSON of payload, as stored
    QDateTime receivedAt;

    QJsonObject toJson() const;
    // The /call-events frame: {"type","id","occurred_at","payload"} (docs/interface.md §4.2).
    QByteArray toBroadcastJson() const;
};

QString isoUtc(const QDateTime &time); // "2026-03-10T14:02:11.482Z", empty for a null time

} // namespace sb
