// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QLatin1String>
#include <QString>

// The paths of Switchboard's HTTP and WebSocket interface (docs/interface.md §3-§4), named once for the server that
// routes them, the client library that calls them, the simulator and the app. A path that changes here changes for all.
namespace sb::paths {

// REST, under the API token.
inline constexpr QLatin1String kInitiate{"/api/calls/telnyx/initiate"};
inline constexpr QLatin1String kEnd{"/api/calls/telnyx/end"};
inline constexpr QLatin1String kCalls{"/api/calls"}; // GET ?limit=&offset=; /api/calls/<id> is one call
inline constexpr QLatin1String kTokenRegenerate{"/api/token/regenerate"};
// Users and roles (CONTRACT §6): /api/me for every token, /api/users for admins.
inline constexpr QLatin1String kMe{"/api/me"};
// The live instances sharing the database (CONTRACT §8), for every token.
inline constexpr QLatin1String kInstances{"/api/instances"};
inline constexpr QLatin1String kUsers{"/api/users"}; // GET the list, POST {"name","role"}
// Presence (CONTRACT §9): one's own (POST {"status"}), the team's (GET, supervisors and admins).
inline constexpr QLatin1String kMyPresence{"/api/me/presence"};
inline constexpr QLatin1String kPresence{"/api/presence"};
inline constexpr QLatin1String kNameParam{":name"};
// Telnyx's webhooks: signed, no API token.
inline constexpr QLatin1String kWebhook{"/api/calls/telnyx/webhook"};
// No token: for load balancers and Prometheus.
inline constexpr QLatin1String kHealth{"/healthz"};
inline constexpr QLatin1String kMetrics{"/metrics"};

// WebSockets.
inline constexpr QLatin1String kCallEvents{"/call-events"};
inline constexpr QLatin1String kAudioStream{"/audio-stream"}; // Telnyx's media; the per-call stream token
inline constexpr QLatin1String kFrontendAudio{"/frontend-audio"};
inline constexpr QLatin1String kAgentAudio{"/agent-audio"}; // ?call=ID: a remote desk's microphone (CONTRACT §7)
inline constexpr QLatin1String kWhisper{"/whisper"};        // ?call=ID: a supervisor's voice to the call's agent only

// Per-call paths take the call_control_id as one path segment. The server routes them with kIdParam in its place;
// a client passes the id percent-encoded (see BackendEndpoint::encodeId).
inline constexpr QLatin1String kIdParam{":id"};
inline QString call(const QString &id)
{
    return QString(kCalls) + QLatin1Char('/') + id;
}
inline QString mute(const QString &id)
{
    return QStringLiteral("/api/calls/telnyx/%1/mute").arg(id);
}
inline QString unmute(const QString &id)
{
    return QStringLiteral("/api/calls/telnyx/%1/unmute").arg(id);
}
inline QString answer(const QString &id) // an inbound call offered to the caller (CONTRACT §9)
{
    return QStringLiteral("/api/calls/telnyx/%1/answer").arg(id);
}
inline QString decline(const QString &id)
{
    return QStringLiteral("/api/calls/telnyx/%1/decline").arg(id);
}
inline QString dtmf(const QString &id)
{
    return QStringLiteral("/api/calls/telnyx/%1/dtmf").arg(id);
}
inline QString user(const QString &name) // DELETE
{
    return QString(kUsers) + QLatin1Char('/') + name;
}
inline QString userToken(const QString &name) // POST: a new token
{
    return user(name) + QStringLiteral("/token");
}

} // namespace sb::paths
