// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringView>

// C++
#include <chrono>

namespace sb::telnyx {

// Ids, times and bodies in the exact shapes Telnyx uses (docs/telnyx.md §2-§4), shared by the simulator's parts.

QString newUuid(); // "5d1e8f20-fd9a-11f0-8c3b-02420a1f0b69" style: lowercase, no braces

// "v3:" followed by 43 base64url characters (256 random bits), like Telnyx's call_control_id.
QString newCallControlId();

// ISO-8601 UTC with microseconds and 'Z': "2026-03-10T14:02:11.482913Z".
QString isoMicros(std::chrono::system_clock::time_point time);
inline QString nowIsoMicros()
{
    return isoMicros(std::chrono::system_clock::now());
}

// Strict standard base64 with padding, as Telnyx demands for client_state.
bool isStandardBase64(QStringView text);

// One Telnyx REST error body: {"errors":[{"code":"10016","title":...,"detail":...,"source":{"pointer":"/to"}}]}.
// `code` is a string of digits, as in Telnyx's schema; the pointer is left out when empty.
QJsonObject errorObject(const QString &code, const QString &title, const QString &detail,
                        const QString &pointer = QString());
QByteArray errorsBody(const QJsonObject &error);

QByteArray compactJson(const QJsonObject &object);

} // namespace sb::telnyx
