// SPDX-License-Identifier: MIT
#include "telnyx/TelnyxClient.h"

#include "Logging.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUuid>

#include <memory>

namespace sb {

namespace {

// Telnyx's error bodies are short; a proxy's HTML page or a stack trace is not. Whatever we quote
// from a body ends up in a JSON error message and a log line, so keep it to one readable line.
constexpr qsizetype kMaxQuotedBody = 200;
// A misbehaving server could return hundreds of errors[]; the first few say everything useful.
constexpr qsizetype kMaxErrorsQuoted = 5;

QString reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 408:
        return QStringLiteral("Request Timeout");
    case 409:
        return QStringLiteral("Conflict");
    case 415:
        return QStringLiteral("Unsupported Media Type");
    case 422:
        return QStringLiteral("Unprocessable Entity");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        return {};
    }
}

// What a person should do about a status, when Telnyx's own words do not already say it.
QString hintFor(int status)
{
    if (status == 401)
        return QStringLiteral("the API key was refused; check TELNYX_API_KEY");
    if (status == 403)
        return QStringLiteral("the API key is not allowed to do this");
    if (status == 404)
        return QStringLiteral("no such resource; the call may have ended, or the API base URL is wrong");
    if (status == 429)
        return QStringLiteral("rate limited; try again shortly");
    if (status >= 500)
        return QStringLiteral("Telnyx is having trouble; try again shortly");
    return {};
}

// JSON:API says `code` is a string; be lenient with a number anyway.
QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().trimmed();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return {};
}

QString oneLine(QString text)
{
    text = text.simplified();
    if (text.size() > kMaxQuotedBody)
        text = text.left(kMaxQuotedBody) + QStringLiteral("…");
    return text;
}

bool looksLikeHtml(const QByteArray &body)
{
    const QByteArray head = body.left(256).trimmed().toLower();
    return head.startsWith("<!doctype") || head.startsWith("<html") || head.startsWith("<?xml") ||
           head.contains("<body") || head.contains("<head");
}

// "Title (detail)", "Title (at /to)" or just "Title" for one errors[] entry.
QString describeError(const QJsonObject &error)
{
    const QString title = jsonText(error.value(QLatin1String("title")));
    const QString detail = jsonText(error.value(QLatin1String("detail")));
    const QJsonObject source = error.value(QLatin1String("source")).toObject();
    QString where = jsonText(source.value(QLatin1String("pointer")));
    if (where.isEmpty())
        where = jsonText(source.value(QLatin1String("parameter")));

    QString text = title.isEmpty() ? detail : title;
    if (!title.isEmpty() && !detail.isEmpty() && detail.compare(title, Qt::CaseInsensitive) != 0)
        text += QStringLiteral(" (%1)").arg(detail);
    else if (!text.isEmpty() && !where.isEmpty())
        text += QStringLiteral(" (at %1)").arg(where);
    return oneLine(text);
}

// The id goes into the path as one segment: everything outside RFC 3986 `pchar` is encoded
// (so '/' in an id can never split it), while ':' stays as is, as Telnyx's own SDK sends it.
QByteArray encodePathSegment(const QString &segment)
{
    return QUrl::toPercentEncoding(segment, QByteArrayLiteral(":@!$&'()*+,;="));
}

// `{base}` + `encodedSuffix`, whether or not the configured base ends with '/'.
QUrl endpoint(const QUrl &base, const QByteArray &encodedSuffix)
{
    QUrl url = base;
    QString path = base.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QString::fromLatin1(encodedSuffix), QUrl::TolerantMode);
    return url;
}

QString freshCommandId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

TelnyxError makeError(int httpStatus, const QString &code, const QString &message)
{
    TelnyxError error;
    error.httpStatus = httpStatus;
    error.code = code;
    error.message = message;
    return error;
}

TelnyxResult failure(TelnyxError error)
{
    TelnyxResult result;
    result.error = std::move(error);
    return result;
}

// Runs the callback unless the caller's context object has died in the meantime. A null context
// means "no owner to outlive": the callback then runs for as long as the client lives.
struct Delivery {
    QPointer<QObject> context;
    bool hadContext = false;
    TelnyxClient::Callback callback;

    Delivery(QObject *ctx, TelnyxClient::Callback cb)
        : context(ctx)
        , hadContext(ctx != nullptr)
        , callback(std::move(cb))
    {
    }

    void operator()(const TelnyxResult &result) const
    {
        if (hadContext && context.isNull())
            return;
        if (callback)
            callback(result);
    }
};

} // namespace

TelnyxError TelnyxError::fromHttp(int httpStatus, const QByteArray &body)
{
    TelnyxError error;
    error.httpStatus = httpStatus;

    QStringList described;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        const QJsonObject root = document.object();
        const QJsonArray errors = root.value(QLatin1String("errors")).toArray();
        for (const QJsonValue entry : errors) {
            const QJsonObject object = entry.toObject();
            if (error.code.isEmpty())
                error.code = jsonText(object.value(QLatin1String("code")));
            const QString text = describeError(object);
            if (!text.isEmpty() && described.size() < kMaxErrorsQuoted)
                described << text;
        }
        if (errors.size() > kMaxErrorsQuoted)
            described << QStringLiteral("and %1 more").arg(errors.size() - kMaxErrorsQuoted);
        // Not Telnyx's shape, but a gateway in front of it may still have said something useful.
        if (described.isEmpty()) {
            for (const auto key : {QLatin1String("message"), QLatin1String("error"), QLatin1String("detail")}) {
                const QString text = jsonText(root.value(key));
                if (!text.isEmpty()) {
                    described << oneLine(text);
                    break;
                }
            }
        }
    } else if (!body.trimmed().isEmpty() && !looksLikeHtml(body)) {
        described << oneLine(QString::fromUtf8(body));
    }

    if (error.code.isEmpty())
        error.code = QStringLiteral("http_%1").arg(httpStatus);

    const QString reason = reasonPhrase(httpStatus);
    QString message = QStringLiteral("Telnyx answered %1").arg(httpStatus);
    if (described.isEmpty()) {
        if (!reason.isEmpty())
            message += QLatin1Char(' ') + reason;
        const QString hint = hintFor(httpStatus);
        if (!hint.isEmpty())
            message += QStringLiteral(": ") + hint;
    } else {
        message += QStringLiteral(": ") + described.join(QStringLiteral("; "));
        // Telnyx's titles for these are terse ("Authentication failed"); the hint names the fix.
        if (httpStatus == 401 || httpStatus == 403 || httpStatus == 429)
            message += QStringLiteral(" (%1)").arg(hintFor(httpStatus));
    }
    error.message = message;
    return error;
}

TelnyxError TelnyxError::unreachable(const QString &reason)
{
    return makeError(0, QStringLiteral("network_error"), QStringLiteral("Telnyx is unreachable: %1").arg(reason));
}

TelnyxError TelnyxError::timeout(std::chrono::milliseconds after)
{
    const auto ms = after.count();
    const QString span = ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
    return makeError(0, QStringLiteral("timeout"), QStringLiteral("Telnyx did not answer within %1").arg(span));
}

TelnyxClient::TelnyxClient(QUrl apiBase, QString apiKey, QObject *parent)
    : QObject(parent)
    , m_apiBase(std::move(apiBase))
    , m_apiKey(std::move(apiKey))
    , m_network(new QNetworkAccessManager(this))
{
}

TelnyxClient::~TelnyxClient()
{
    // Requests still in flight die with us, silently: their callbacks may capture objects that
    // are being torn down right now, so none of them may run from here.
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
}

void TelnyxClient::dial(const DialRequest &request, QObject *context, Callback callback)
{
    QJsonObject body{
        {QStringLiteral("connection_id"), request.connectionId},
        {QStringLiteral("to"), request.to},
        {QStringLiteral("from"), request.from},
        {QStringLiteral("stream_url"), request.streamUrl},
        {QStringLiteral("stream_track"), QStringLiteral("both_tracks")},
        {QStringLiteral("stream_codec"), QStringLiteral("PCMU")},
        {QStringLiteral("stream_bidirectional_mode"), QStringLiteral("rtp")},
        {QStringLiteral("stream_bidirectional_codec"), QStringLiteral("PCMU")},
        {QStringLiteral("stream_bidirectional_sampling_rate"), 8000},
    };
    // Both are optional for Telnyx (client_state must be base64 when present): an empty one is left out
    // rather than sent as "" for Telnyx to judge.
    if (!request.streamAuthToken.isEmpty())
        body.insert(QStringLiteral("stream_auth_token"), request.streamAuthToken);
    if (!request.clientState.isEmpty())
        body.insert(QStringLiteral("client_state"), request.clientState);

    // A 2xx without a call id is useless to us: nothing could be hung up or matched to webhooks.
    auto checked = [callback = std::move(callback)](const TelnyxResult &result) {
        if (!callback)
            return;
        if (!result.ok || !result.data.value(QLatin1String("call_control_id")).toString().isEmpty()) {
            callback(result);
            return;
        }
        callback(failure(makeError(200, QStringLiteral("bad_response"),
                                   QStringLiteral("Telnyx accepted the call but sent no call_control_id"))));
    };
    post(endpoint(m_apiBase, QByteArrayLiteral("/calls")), body, context, std::move(checked));
}

void TelnyxClient::action(const QString &callControlId, const QString &action, const QJsonObject &body,
                          QObject *context, Callback callback)
{
    if (callControlId.isEmpty() || action.isEmpty()) {
        const Delivery deliver(context, std::move(callback));
        QMetaObject::invokeMethod(
            this,
            [deliver] {
                deliver(failure(makeError(0, QStringLiteral("bad_request"),
                                          QStringLiteral("a call action needs a call_control_id and an action name"))));
            },
            Qt::QueuedConnection);
        return;
    }
    const QByteArray suffix = "/calls/" + encodePathSegment(callControlId) + "/actions/" + encodePathSegment(action);
    post(endpoint(m_apiBase, suffix), body, context, std::move(callback));
}

void TelnyxClient::hangup(const QString &callControlId, QObject *context, Callback callback)
{
    action(callControlId, QStringLiteral("hangup"), {}, context, std::move(callback));
}

void TelnyxClient::suppressionStart(const QString &callControlId, QObject *context, Callback callback)
{
    action(callControlId, QStringLiteral("suppression_start"), {{QStringLiteral("direction"), QStringLiteral("both")}},
           context, std::move(callback));
}

void TelnyxClient::suppressionStop(const QString &callControlId, QObject *context, Callback callback)
{
    action(callControlId, QStringLiteral("suppression_stop"), {}, context, std::move(callback));
}

void TelnyxClient::sendDtmf(const QString &callControlId, const QString &digits, QObject *context, Callback callback)
{
    action(callControlId, QStringLiteral("send_dtmf"), {{QStringLiteral("digits"), digits}}, context,
           std::move(callback));
}

QString TelnyxClient::notReadyReason(const QUrl &url) const
{
    if (!isConfigured())
        return QStringLiteral("the Telnyx API key is not configured (set TELNYX_API_KEY or --api-key)");
    if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return QStringLiteral("the Telnyx API base URL is not a valid http(s) URL (TELNYX_API_BASE)");
    return {};
}

QNetworkRequest TelnyxClient::jsonRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Switchboard/" SWITCHBOARD_VERSION));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    // A redirected POST would be re-sent as a GET or to a host we did not choose; Telnyx never redirects.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

namespace {

// A caller retrying on purpose passes its own command_id so Telnyx drops the duplicate; everything else gets a
// fresh one.
QJsonObject withCommandId(QJsonObject body)
{
    if (body.value(QLatin1String("command_id")).toString().isEmpty())
        body.insert(QStringLiteral("command_id"), freshCommandId());
    return body;
}

// What a finished reply means: Telnyx's `data` on a 2xx, else the error (timeout, unreachable, refused).
TelnyxResult readResult(QNetworkReply *reply, bool timedOut, std::chrono::milliseconds timeout)
{
    TelnyxResult result;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (timedOut) {
        result.error = TelnyxError::timeout(timeout);
    } else if (!statusAttribute.isValid()) {
        result.error = TelnyxError::unreachable(reply->errorString());
    } else {
        const int status = statusAttribute.toInt();
        const QByteArray answer = reply->readAll();
        if (status >= 200 && status < 300) {
            result.ok = true;
            // An action's 2xx without JSON is still a success; dial() checks for its call id itself.
            result.data = QJsonDocument::fromJson(answer).object().value(QLatin1String("data")).toObject();
        } else {
            result.error = TelnyxError::fromHttp(status, answer);
        }
    }
    return result;
}

void logResult(const QString &path, int httpStatus, qint64 ms, const TelnyxResult &result)
{
    if (result.ok) {
        qCDebug(lcTelnyx).noquote() << "POST" << path << "->" << httpStatus << "in" << ms << "ms";
    } else if (result.error.httpStatus >= 400 && result.error.httpStatus < 500) {
        // Telnyx refused the command: the caller says what that means (a 90018 on a call that already
        // ended is not worth a warning, a refused dial is).
        qCInfo(lcTelnyx).noquote() << "POST" << path << "refused in" << ms << "ms:" << result.error.code << "-"
                                   << result.error.message;
    } else {
        qCWarning(lcTelnyx).noquote() << "POST" << path << "failed in" << ms << "ms:" << result.error.code << "-"
                                      << result.error.message;
    }
}

} // namespace

// Steps: refuse early when not configured, build the request, send it under a deadline, read and log the answer,
// deliver it to the caller.
void TelnyxClient::post(const QUrl &url, const QJsonObject &body, QObject *context, Callback callback)
{
    const Delivery deliver(context, std::move(callback));

    // Failing before the network is still reported through the callback, and never synchronously:
    // callers get one code path and no re-entrancy surprises.
    if (const QString notReady = notReadyReason(url); !notReady.isEmpty()) {
        qCWarning(lcTelnyx).noquote() << "POST" << url.path() << "not sent:" << notReady;
        QMetaObject::invokeMethod(
            this, [deliver, notReady] { deliver(failure(makeError(0, QStringLiteral("not_configured"), notReady))); },
            Qt::QueuedConnection);
        return;
    }

    struct Pending {
        QElapsedTimer elapsed;
        bool timedOut = false;
    };
    auto pending = std::make_shared<Pending>();
    pending->elapsed.start();

    const QString path = url.path();
    qCDebug(lcTelnyx).noquote() << "POST" << path; // never the body: it may hold the stream auth token
    QNetworkReply *reply =
        m_network->post(jsonRequest(url), QJsonDocument(withCommandId(body)).toJson(QJsonDocument::Compact));

    // A deadline for the whole exchange; QNetworkRequest::setTransferTimeout only measures idle gaps.
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply, pending] {
        pending->timedOut = true;
        reply->abort();
    });
    deadline->start(m_timeout);

    connect(reply, &QNetworkReply::finished, this, [this, reply, pending, deliver, path] {
        reply->deleteLater();
        const TelnyxResult result = readResult(reply, pending->timedOut, m_timeout);
        logResult(path, reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), pending->elapsed.elapsed(),
                  result);
        deliver(result);
    });
}

} // namespace sb
