// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkRequest;

namespace sb {

// What went wrong talking to Telnyx, already in words a person can act on.
struct TelnyxError {
    int httpStatus = 0; // 0 when no HTTP answer came (unreachable, timeout)
    QString code;       // Telnyx's first errors[].code ("10016"), or "timeout" / "network_error"
    QString message;    // "Telnyx answered 422: Phone number must be in +E164 format (The 'to' ...)"

    // Builds the error from Telnyx's `{"errors":[{code,title,detail,source}]}` body; falls back to
    // the HTTP status and the raw reason when the body is not of that shape.
    static TelnyxError fromHttp(int httpStatus, const QByteArray &body);
    static TelnyxError unreachable(const QString &reason);
    static TelnyxError timeout(std::chrono::milliseconds after);
};

struct TelnyxResult {
    bool ok = false;
    QJsonObject data;  // the `data` object of a 2xx answer
    TelnyxError error; // set when !ok
};

// Everything Switchboard puts in a dial besides the fixed stream settings (docs/interface.md §3.4).
struct DialRequest {
    QString connectionId;
    QString to;
    QString from;
    QString streamUrl;       // full URL of our /audio-stream
    QString streamAuthToken; // per-call secret; never logged
    QString clientState;     // already base64
};

// Telnyx Call Control v2 REST client on QNetworkAccessManager. Every request carries
// `Authorization: Bearer <key>`, JSON, a fresh UUID command_id, and a timeout (10 s default).
// Callbacks run on the thread that owns the client; a callback whose `context` died is dropped.
class TelnyxClient : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const TelnyxResult &)>;

    TelnyxClient(QUrl apiBase, QString apiKey, QObject *parent = nullptr);
    ~TelnyxClient() override;

    bool isConfigured() const { return !m_apiKey.isEmpty(); }
    QUrl apiBase() const { return m_apiBase; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // POST {base}/calls with connection_id, to, from, stream_url, stream_auth_token, client_state,
    // command_id and stream_track=both_tracks, stream_bidirectional_mode=rtp, stream_codec=PCMU,
    // stream_bidirectional_codec=PCMU, stream_bidirectional_sampling_rate=8000.
    void dial(const DialRequest &request, QObject *context, Callback callback);

    // POST {base}/calls/{id}/actions/{action}; `id` percent-encoded as a path segment (':' kept).
    // A fresh command_id is added to `body`.
    void action(const QString &callControlId, const QString &action, const QJsonObject &body, QObject *context,
                Callback callback);

    void hangup(const QString &callControlId, QObject *context, Callback callback);
    void suppressionStart(const QString &callControlId, QObject *context, Callback callback); // direction both
    void suppressionStop(const QString &callControlId, QObject *context, Callback callback);
    void sendDtmf(const QString &callControlId, const QString &digits, QObject *context, Callback callback);

private:
    void post(const QUrl &url, const QJsonObject &body, QObject *context, Callback callback);
    // Why nothing can be sent to `url` (no API key, not an http(s) URL), or empty when it can.
    QString notReadyReason(const QUrl &url) const;
    // A POST of JSON to Telnyx: our key, our user agent, redirects refused.
    QNetworkRequest jsonRequest(const QUrl &url) const;

    QUrl m_apiBase;
    QString m_apiKey;
    std::chrono::milliseconds m_timeout{10000};
    QNetworkAccessManager *m_network = nullptr;
};

} // namespace sb
