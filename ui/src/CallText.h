// SPDX-License-Identifier: MIT
#pragma once

#include "protocol/CallStatus.h"

// Qt
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace sb {

// The words the dashboard uses for calls, in one place so that every screen says the same thing and the
// translators find them together: statuses, Telnyx hangup causes, event summaries, durations.
// In QML: the `CallText` singleton.
class CallText : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    explicit CallText(QObject *parent = nullptr);

    // A Telnyx hangup_cause (docs/telnyx.md §2.3: normal_clearing, user_busy, no_answer, timeout, call_rejected,
    // originator_cancel, not_found, time_limit, unspecified) as one sentence. `source` is hangup_source
    // (caller = this side for an outbound call, callee = the other side) and refines normal_clearing.
    Q_INVOKABLE static QString hangupCause(const QString &cause, const QString &source = {});
    // The stored status (initiated, ringing, answered, ended) as a short word; any other text is returned as is.
    Q_INVOKABLE static QString status(const QString &status);
    static QString status(CallStatus status);
    // One /call-events event in a few words, e.g. "Answered" or "Digit 5 received".
    Q_INVOKABLE static QString eventSummary(const QString &type, const QJsonObject &payload);
    // 0 -> "0:00", 75 -> "1:15", 3725 -> "1:02:05"; negative -> "".
    Q_INVOKABLE static QString duration(qint64 seconds);
};

} // namespace sb
