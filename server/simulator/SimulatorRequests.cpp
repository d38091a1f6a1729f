// SPDX-License-Identifier: MIT
#include "simulator/SimulatorRequests.h"

#include "protocol/E164.h"
#include "simulator/TelnyxFormats.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QStringList>

#include <cmath>

namespace sb {

namespace {

using telnyx::errorObject;

SimApiError missing(const QString &field)
{
    return {422, errorObject(QStringLiteral("10004"), QStringLiteral("Missing required parameter"),
                             QStringLiteral("The '%1' parameter is required and cannot be blank.").arg(field),
                             QLatin1Char('/') + field)};
}

SimApiError invalid(const QString &field, const QString &detail)
{
    return {422, errorObject(QStringLiteral("10015"), QStringLiteral("Invalid value for %1").arg(field), detail,
                             QLatin1Char('/') + field)};
}

SimApiError notE164(const QString &field)
{
    return {422, errorObject(QStringLiteral("10016"), QStringLiteral("Phone number must be in +E164 format"),
                             QStringLiteral("The '%1' parameter must be in E164 format.").arg(field),
                             QLatin1Char('/') + field)};
}

SimApiError notInEnum(const QString &field, const QStringList &values)
{
    return {422, errorObject(QStringLiteral("10032"), QStringLiteral("Invalid enumerated value"),
                             QStringLiteral("The value must be one of: %1.").arg(values.join(QStringLiteral(", "))),
                             QLatin1Char('/') + field)};
}

SimApiError outOfRange(const QString &field, int low, int high)
{
    return {422, errorObject(QStringLiteral("10033"), QStringLiteral("Value outside of range"),
                             QStringLiteral("The value is outside of allowed range %1 to %2").arg(low).arg(high),
                             QLatin1Char('/') + field)};
}

// An optional string member: absent or null leaves *out alone; any other non-string is refused.
std::optional<SimApiError> optionalString(const QJsonObject &body, const QString &field, QString *out)
{
    const QJsonValue value = body.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString())
        return invalid(field, QStringLiteral("The '%1' parameter must be a string.").arg(field));
    *out = value.toString();
    return std::nullopt;
}

std::optional<SimApiError> optionalEnum(const QJsonObject &body, const QString &field, const QStringList &values,
                                        QString *out)
{
    QString text;
    if (auto error = optionalString(body, field, &text))
        return error;
    if (text.isNull())
        return std::nullopt;
    if (!values.contains(text)) // case-sensitive, as Telnyx's enums are
        return notInEnum(field, values);
    *out = text;
    return std::nullopt;
}

std::optional<SimApiError> optionalInt(const QJsonObject &body, const QString &field, int low, int high, int *out)
{
    const QJsonValue value = body.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    // std::trunc, not a cast to an integer: a number beyond any integer type (1e300) is out of range, not
    // undefined behaviour (found by fuzz_simulator_requests).
    const double number = value.toDouble();
    if (!value.isDouble() || number != std::trunc(number))
        return invalid(field, QStringLiteral("The '%1' parameter must be an integer.").arg(field));
    if (number < low || number > high)
        return outOfRange(field, low, high);
    *out = int(number);
    return std::nullopt;
}

bool isSipUri(QStringView to)
{
    return (to.startsWith(QLatin1String("sip:")) || to.startsWith(QLatin1String("sips:"))) &&
           to.indexOf(QLatin1Char('@')) > 4;
}

bool isDtmfDigit(QChar c, bool allowPauses)
{
    return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('A') && c <= QLatin1Char('D')) ||
           c == QLatin1Char('*') || c == QLatin1Char('#') ||
           (allowPauses && (c == QLatin1Char('w') || c == QLatin1Char('W')));
}

std::optional<SimApiError> requiredString(const QJsonObject &body, const QString &field, QString *out)
{
    const QJsonValue value = body.value(field);
    if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().trimmed().isEmpty()))
        return missing(field);
    if (!value.isString())
        return invalid(field, QStringLiteral("The '%1' parameter must be a string.").arg(field));
    *out = value.toString();
    return std::nullopt;
}

} // namespace

std::optional<SimApiError> parseClientState(const QJsonObject &body, std::optional<QJsonValue> *out)
{
    const QJsonValue value = body.value(QLatin1String("client_state"));
    if (value.isUndefined())
        return std::nullopt;
    if (value.isNull()) {
        *out = QJsonValue(QJsonValue::Null);
        return std::nullopt;
    }
    if (!value.isString() || !telnyx::isStandardBase64(value.toString()))
        return invalid(QStringLiteral("client_state"), QStringLiteral("The 'client_state' parameter must be base64."));
    *out = value;
    return std::nullopt;
}

std::optional<SimApiError> parseStreamFields(const QJsonObject &body, bool urlRequired, StreamRequest *out)
{
    StreamRequest stream;
    if (urlRequired) {
        if (auto error = requiredString(body, QStringLiteral("stream_url"), &stream.url))
            return error;
    } else if (auto error = optionalString(body, QStringLiteral("stream_url"), &stream.url)) {
        return error;
    }
    if (!stream.url.isEmpty()) {
        const QUrl url(stream.url, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")))
            return invalid(QStringLiteral("stream_url"),
                           QStringLiteral("The 'stream_url' parameter must be a ws:// or wss:// URL."));
    }
    const QStringList codecs{QStringLiteral("PCMU"), QStringLiteral("PCMA"),   QStringLiteral("G722"),
                             QStringLiteral("OPUS"), QStringLiteral("AMR-WB"), QStringLiteral("L16")};
    if (auto e = optionalEnum(
            body, QStringLiteral("stream_track"),
            {QStringLiteral("inbound_track"), QStringLiteral("outbound_track"), QStringLiteral("both_tracks")},
            &stream.track))
        return e;
    if (auto e = optionalEnum(body, QStringLiteral("stream_codec"), codecs + QStringList{QStringLiteral("default")},
                              &stream.codec))
        return e;
    if (auto e = optionalEnum(body, QStringLiteral("stream_bidirectional_mode"),
                              {QStringLiteral("mp3"), QStringLiteral("rtp")}, &stream.bidirectionalMode))
        return e;
    if (auto e = optionalEnum(body, QStringLiteral("stream_bidirectional_codec"), codecs, &stream.bidirectionalCodec))
        return e;
    if (auto e = optionalEnum(body, QStringLiteral("stream_bidirectional_target_legs"),
                              {QStringLiteral("both"), QStringLiteral("self"), QStringLiteral("opposite")},
                              &stream.bidirectionalTargetLegs))
        return e;
    const QJsonValue rate = body.value(QLatin1String("stream_bidirectional_sampling_rate"));
    if (!rate.isUndefined() && !rate.isNull()) {
        const QList<int> rates{8000, 16000, 22050, 24000, 48000};
        // toInt() is -1 for a number that is not an int, however large (fuzz_simulator_requests found 1.6e24).
        if (!rate.isDouble() || !rates.contains(rate.toInt(-1)))
            return notInEnum(QStringLiteral("stream_bidirectional_sampling_rate"),
                             {QStringLiteral("8000"), QStringLiteral("16000"), QStringLiteral("22050"),
                              QStringLiteral("24000"), QStringLiteral("48000")});
        stream.bidirectionalSamplingRate = rate.toInt();
    }
    if (auto e = optionalString(body, QStringLiteral("stream_auth_token"), &stream.authToken))
        return e;
    if (stream.authToken.size() > 4000)
        return invalid(QStringLiteral("stream_auth_token"),
                       QStringLiteral("The 'stream_auth_token' parameter must be at most 4000 characters."));
    for (const QJsonValue parameter : body.value(QLatin1String("custom_parameters")).toArray()) {
        const QJsonObject pair = parameter.toObject();
        stream.customParameters.insert(pair.value(QLatin1String("name")).toString(),
                                       pair.value(QLatin1String("value")));
    }
    *out = std::move(stream);
    return std::nullopt;
}

std::optional<SimApiError> parseDial(const QJsonObject &body, const QString &applicationId, DialParams *out)
{
    DialParams dial;
    // Required fields first, in the order Telnyx's schema lists them.
    if (auto e = requiredString(body, QStringLiteral("connection_id"), &dial.connectionId))
        return e;
    const QJsonValue toValue = body.value(QLatin1String("to"));
    if (toValue.isUndefined() || toValue.isNull() || (toValue.isString() && toValue.toString().trimmed().isEmpty()) ||
        (toValue.isArray() && toValue.toArray().isEmpty()))
        return missing(QStringLiteral("to"));
    if (auto e = requiredString(body, QStringLiteral("from"), &dial.from))
        return e;

    if (dial.connectionId != applicationId) {
        return SimApiError{
            422, telnyx::errorObject(QStringLiteral("10015"),
                                     QStringLiteral("Invalid value for connection_id (Call Control App ID)"),
                                     QStringLiteral("The requested connection_id (Call Control App ID) is either "
                                                    "invalid or does not exist. Only Call Control Apps with valid "
                                                    "webhook URL are accepted."),
                                     QStringLiteral("/connection_id"))};
    }

    // `to`: a string (optionally ",DTMF" after the number) or an array of strings; E.164 or a SIP URI.
    QStringList targets;
    if (toValue.isString()) {
        QString text = toValue.toString();
        const qsizetype comma = text.indexOf(QLatin1Char(','));
        if (comma >= 0) {
            dial.dtmfOnAnswer = text.mid(comma + 1);
            text.truncate(comma);
            for (const QChar c : std::as_const(dial.dtmfOnAnswer)) {
                if (!isDtmfDigit(c, true))
                    return notE164(QStringLiteral("to"));
            }
        }
        targets.append(text);
    } else if (toValue.isArray()) {
        for (const QJsonValue item : toValue.toArray()) {
            if (!item.isString())
                return notE164(QStringLiteral("to"));
            targets.append(item.toString());
        }
    } else {
        return notE164(QStringLiteral("to"));
    }
    // Telnyx checks numbers by the same E.164 rule as our contract ('+', first digit 1-9, 2 to 15 digits).
    for (const QString &target : std::as_const(targets)) {
        if (!isE164(target) && !isSipUri(target))
            return notE164(QStringLiteral("to"));
    }
    dial.to = targets.constFirst();
    if (!isE164(dial.from))
        return notE164(QStringLiteral("from"));

    if (auto e = optionalString(body, QStringLiteral("from_display_name"), &dial.fromDisplayName))
        return e;
    if (dial.fromDisplayName.size() > 128)
        return invalid(QStringLiteral("from_display_name"),
                       QStringLiteral("The 'from_display_name' parameter must be at most 128 characters."));
    std::optional<QJsonValue> clientState;
    if (auto e = parseClientState(body, &clientState))
        return e;
    if (clientState)
        dial.clientState = *clientState;
    if (auto e = optionalString(body, QStringLiteral("command_id"), &dial.commandId))
        return e;
    QString webhookUrl;
    if (auto e = optionalString(body, QStringLiteral("webhook_url"), &webhookUrl))
        return e;
    if (!webhookUrl.isEmpty()) {
        dial.webhookUrl = QUrl(webhookUrl, QUrl::StrictMode);
        if (!dial.webhookUrl.isValid() || dial.webhookUrl.host().isEmpty() ||
            (dial.webhookUrl.scheme() != QLatin1String("http") && dial.webhookUrl.scheme() != QLatin1String("https")))
            return invalid(QStringLiteral("webhook_url"),
                           QStringLiteral("The 'webhook_url' parameter must be an http(s) URL."));
    }
    QString method;
    if (auto e = optionalEnum(body, QStringLiteral("webhook_url_method"),
                              {QStringLiteral("POST"), QStringLiteral("GET")}, &method))
        return e;
    if (auto e = optionalInt(body, QStringLiteral("timeout_secs"), 5, 600, &dial.timeoutSecs))
        return e;
    if (auto e = optionalInt(body, QStringLiteral("time_limit_secs"), 30, 14400, &dial.timeLimitSecs))
        return e;
    const QJsonValue retry = body.value(QLatin1String("retry_on_timeout"));
    if (!retry.isUndefined() && !retry.isNull()) {
        if (!retry.isBool())
            return invalid(QStringLiteral("retry_on_timeout"),
                           QStringLiteral("The 'retry_on_timeout' parameter must be a boolean."));
        dial.retryOnTimeout = retry.toBool();
    }

    StreamRequest stream;
    if (auto e = parseStreamFields(body, false, &stream))
        return e;
    if (!stream.url.isEmpty())
        dial.stream = std::move(stream);
    *out = std::move(dial);
    return std::nullopt;
}

std::optional<SimApiError> parseSuppressionStart(const QJsonObject &body, QString *direction)
{
    *direction = QStringLiteral("inbound");
    return optionalEnum(body, QStringLiteral("direction"),
                        {QStringLiteral("inbound"), QStringLiteral("outbound"), QStringLiteral("both")}, direction);
}

std::optional<SimApiError> parseSendDtmf(const QJsonObject &body, QString *digits, int *durationMs)
{
    if (auto e = requiredString(body, QStringLiteral("digits"), digits))
        return e;
    for (const QChar c : std::as_const(*digits)) {
        if (!isDtmfDigit(c, true))
            return invalid(QStringLiteral("digits"),
                           QStringLiteral("The 'digits' parameter may hold only 0-9, A-D, *, # and the pauses w, W."));
    }
    *durationMs = 250;
    return optionalInt(body, QStringLiteral("duration_millis"), 100, 500, durationMs);
}

QString randomCustomerNumber()
{
    // +1 555 numbers are fictional in North America: a demo never names a real subscriber.
    return QStringLiteral("+1555%1").arg(QRandomGenerator::global()->bounded(10000000), 7, 10, QLatin1Char('0'));
}

std::optional<SimApiError> parseAnswer(const QJsonObject &body, std::optional<StreamRequest> *stream)
{
    StreamRequest parsed;
    QJsonObject fields = body;
    fields.remove(QStringLiteral("stream_auth_token"));
    fields.remove(QStringLiteral("stream_bidirectional_sampling_rate"));
    if (auto e = parseStreamFields(fields, false, &parsed))
        return e;
    stream->reset();
    if (!parsed.url.isEmpty())
        *stream = std::move(parsed);
    return std::nullopt;
}

std::optional<SimApiError> parseReject(const QJsonObject &body, QString *cause)
{
    if (auto e = requiredString(body, QStringLiteral("cause"), cause))
        return e;
    const QStringList causes{QStringLiteral("CALL_REJECTED"), QStringLiteral("USER_BUSY")};
    if (!causes.contains(*cause))
        return notInEnum(QStringLiteral("cause"), causes);
    return std::nullopt;
}

std::optional<SimApiError> parseTransfer(const QJsonObject &body, QString *to)
{
    if (auto e = requiredString(body, QStringLiteral("to"), to))
        return e;
    if (!isE164(*to) && !isSipUri(*to))
        return notE164(QStringLiteral("to"));
    return std::nullopt;
}

std::optional<SimApiError> parseIncoming(const QJsonObject &body, int defaultGiveUpAfterMs, IncomingParams *out)
{
    IncomingParams incoming;
    incoming.giveUpAfterMs = defaultGiveUpAfterMs;
    if (auto e = optionalString(body, QStringLiteral("from"), &incoming.from))
        return e;
    if (incoming.from.isEmpty())
        incoming.from = randomCustomerNumber();
    else if (!isE164(incoming.from) && !isSipUri(incoming.from))
        return notE164(QStringLiteral("from"));
    if (auto e = optionalString(body, QStringLiteral("to"), &incoming.to))
        return e;
    if (incoming.to.isEmpty())
        incoming.to = kDemoInboundNumber;
    else if (!isE164(incoming.to) && !isSipUri(incoming.to))
        return notE164(QStringLiteral("to"));
    if (auto e = optionalString(body, QStringLiteral("caller_id_name"), &incoming.callerIdName))
        return e;
    if (incoming.callerIdName.isEmpty())
        incoming.callerIdName = kDemoCallerName;
    if (incoming.callerIdName.size() > 128)
        return invalid(QStringLiteral("caller_id_name"),
                       QStringLiteral("The 'caller_id_name' parameter must be at most 128 characters."));
    // Seconds, fractions allowed (a test's caller may give up after 0.3 s); 0 = waits until the application acts.
    const QJsonValue giveUp = body.value(QLatin1String("give_up_after_s"));
    if (!giveUp.isUndefined() && !giveUp.isNull()) {
        if (!giveUp.isDouble())
            return invalid(QStringLiteral("give_up_after_s"),
                           QStringLiteral("The 'give_up_after_s' parameter must be a number."));
        const double seconds = giveUp.toDouble();
        if (!(seconds >= 0 && seconds <= 3600)) // also refuses NaN
            return outOfRange(QStringLiteral("give_up_after_s"), 0, 3600);
        incoming.giveUpAfterMs = int(seconds * 1000);
    }
    *out = std::move(incoming);
    return std::nullopt;
}

} // namespace sb
