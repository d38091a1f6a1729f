// SPDX-License-Identifier: MIT
#include "simulator/SimulatorRestApi.h"

#include "simulator/SimulatedCall.h"
#include "simulator/SimulatorLogging.h"
#include "simulator/TelnyxFormats.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonParseError>

namespace sb {

namespace {

using telnyx::compactJson;
using telnyx::errorObject;

QByteArray okBody()
{
    return compactJson({{QStringLiteral("data"), QJsonObject{{QStringLiteral("result"), QStringLiteral("ok")}}}});
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

SimulatorRestApi::SimulatorRestApi(QString apiKey, QString applicationId, Hooks hooks, QObject *parent)
    : QObject(parent)
    , m_apiKey(std::move(apiKey))
    , m_applicationId(std::move(applicationId))
    , m_hooks(std::move(hooks))
    , m_server(std::make_unique<QHttpServer>())
{
    m_clock.start();
    // No routes: every request reaches one dispatcher that splits the raw (still encoded) path itself, so an
    // encoded '/' inside a call id stays in its segment, and 401/404 bodies are Telnyx's, not QHttpServer's.
    m_server->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handle(request, std::move(responder));
    });
}

SimulatorRestApi::~SimulatorRestApi() = default;

quint16 SimulatorRestApi::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

SimulatorRestApi::Answer SimulatorRestApi::error(const SimApiError &error)
{
    return Answer{error.httpStatus, telnyx::errorsBody(error.error)};
}

void SimulatorRestApi::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const auto write = [&responder](const Answer &answer) {
        responder.write(answer.body, QByteArrayLiteral("application/json"),
                        static_cast<QHttpServerResponder::StatusCode>(answer.status));
    };

    // Like Telnyx: no valid Bearer key, no service, whatever the path.
    const QByteArray authorization = request.value("authorization").trimmed();
    const QByteArray expected = "Bearer " + m_apiKey.toUtf8();
    if (!constantTimeEquals(authorization, expected)) {
        write(error({401, errorObject(QStringLiteral("10009"), QStringLiteral("Authentication failed"),
                                      QStringLiteral("The required authentication headers were either invalid or "
                                                     "not included in the request."))}));
        return;
    }

    const QByteArray rawPath = request.url().path(QUrl::FullyEncoded).toLatin1();
    const QList<QByteArray> segments = rawPath.split('/');
    const bool isPost = request.method() == QHttpServerRequest::Method::Post;
    const bool isGet = request.method() == QHttpServerRequest::Method::Get;
    const bool underCalls =
        segments.size() >= 3 && segments.at(0).isEmpty() && segments.at(1) == "v2" && segments.at(2) == "calls";
    const Answer notFound =
        error({404, errorObject(QStringLiteral("10005"), QStringLiteral("Resource not found"),
                                QStringLiteral("The requested resource or URL could not be found."))});
    const bool isIncoming = segments.size() == 4 && segments.at(0).isEmpty() && segments.at(1) == "v2" &&
                            segments.at(2) == "simulator" && segments.at(3) == "incoming";
    if (!underCalls && !(isIncoming && isPost)) {
        write(notFound);
        return;
    }

    QJsonObject body;
    if (isPost && !request.body().trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            write(error({400, errorObject(QStringLiteral("10015"), QStringLiteral("Bad Request"),
                                          QStringLiteral("The request body must be a JSON object."))}));
            return;
        }
        body = document.object();
    }

    if (isIncoming) {
        write(incoming(body));
        return;
    }
    if (segments.size() == 3) {
        if (!isPost) {
            write(notFound);
            return;
        }
        const QString commandId = body.value(QLatin1String("command_id")).toString();
        const QString key = QStringLiteral("dial/") + commandId;
        if (!commandId.isEmpty()) {
            if (const Answer *previous = rememberedAnswer(key)) {
                write(*previous);
                return;
            }
        }
        const Answer answer = dial(body);
        if (!commandId.isEmpty() && answer.status == 200)
            remember(key, answer);
        write(answer);
        return;
    }

    const QString callControlId = QUrl::fromPercentEncoding(segments.at(3));
    const bool isAction = segments.size() == 6 && segments.at(4) == "actions" && !segments.at(5).isEmpty();
    if (callControlId.isEmpty() || !((segments.size() == 4 && isGet) || (isAction && isPost))) {
        write(notFound);
        return;
    }
    SimulatedCall *call = m_hooks.find(callControlId);
    if (!call) {
        write(error({404, errorObject(QStringLiteral("90015"), QStringLiteral("Invalid Call Control ID"),
                                      QStringLiteral("The call_control_id provided was not valid."),
                                      QStringLiteral("/call_control_id"))}));
        return;
    }
    if (isGet) {
        write(callStatus(call));
        return;
    }

    const QString actionName = QString::fromLatin1(segments.at(5));
    const QString commandId = body.value(QLatin1String("command_id")).toString();
    const QString key = callControlId + QLatin1Char('/') + commandId;
    if (!commandId.isEmpty()) {
        if (const Answer *previous = rememberedAnswer(key)) {
            write(*previous);
            return;
        }
    }
    const Answer answer = action(call, actionName, body);
    if (!commandId.isEmpty() && answer.status == 200)
        remember(key, answer);
    write(answer);
}

SimulatorRestApi::Answer SimulatorRestApi::dial(const QJsonObject &body)
{
    DialParams params;
    if (auto refusal = parseDial(body, m_applicationId, &params))
        return error(*refusal);
    SimulatedCall *call = m_hooks.dial(params);
    QJsonObject data{
        {QStringLiteral("call_control_id"), call->callControlId()}, {QStringLiteral("call_leg_id"), call->callLegId()},
        {QStringLiteral("call_session_id"), call->callSessionId()}, {QStringLiteral("is_alive"), false},
        {QStringLiteral("record_type"), QStringLiteral("call")},    {QStringLiteral("start_time"), call->startTime()}};
    if (params.clientState.isString())
        data.insert(QStringLiteral("client_state"), params.clientState);
    return Answer{200, compactJson({{QStringLiteral("data"), data}})};
}

SimulatorRestApi::Answer SimulatorRestApi::incoming(const QJsonObject &body)
{
    IncomingParams params;
    if (auto refusal = parseIncoming(body, -1, &params))
        return error(*refusal);
    SimulatedCall *call = m_hooks.incoming(params);
    if (!call) {
        return error({422, errorObject(QStringLiteral("10015"), QStringLiteral("No webhook URL"),
                                       QStringLiteral("The simulator has no webhook URL to announce the call to "
                                                      "(switchboard simulate --webhook-url URL)."))});
    }
    return Answer{200, compactJson({{QStringLiteral("data"),
                                     QJsonObject{{QStringLiteral("call_control_id"), call->callControlId()},
                                                 {QStringLiteral("call_leg_id"), call->callLegId()},
                                                 {QStringLiteral("call_session_id"), call->callSessionId()},
                                                 {QStringLiteral("from"), params.from},
                                                 {QStringLiteral("to"), params.to},
                                                 {QStringLiteral("record_type"), QStringLiteral("call")}}}})};
}

SimulatorRestApi::Answer SimulatorRestApi::callStatus(SimulatedCall *call) const
{
    // Telnyx's retrieve-call schema (CallWithRecordingId): end_time only once the call is over, client_state when
    // one was set, call_duration an integer number of seconds.
    QJsonObject data{{QStringLiteral("call_control_id"), call->callControlId()},
                     {QStringLiteral("call_leg_id"), call->callLegId()},
                     {QStringLiteral("call_session_id"), call->callSessionId()},
                     {QStringLiteral("is_alive"), !call->isEnded()},
                     {QStringLiteral("record_type"), QStringLiteral("call")},
                     {QStringLiteral("call_duration"), qint64(call->durationSeconds())},
                     {QStringLiteral("start_time"), call->startTime()}};
    if (call->isEnded())
        data.insert(QStringLiteral("end_time"), call->endTime());
    if (call->clientState().isString())
        data.insert(QStringLiteral("client_state"), call->clientState());
    return Answer{200, compactJson({{QStringLiteral("data"), data}})};
}

SimulatorRestApi::Answer SimulatorRestApi::action(SimulatedCall *call, const QString &action, const QJsonObject &body)
{
    static const QStringList known{QStringLiteral("hangup"),           QStringLiteral("suppression_start"),
                                   QStringLiteral("suppression_stop"), QStringLiteral("send_dtmf"),
                                   QStringLiteral("streaming_start"),  QStringLiteral("streaming_stop"),
                                   QStringLiteral("answer"),           QStringLiteral("reject"),
                                   QStringLiteral("transfer")};
    // What a parked incoming call accepts: Telnyx wants an answer "before executing subsequent commands on an
    // incoming call" (PROTOCOL §7.1); reject and transfer are the other ways out, hangup is always allowed.
    static const QStringList whileParked{QStringLiteral("answer"), QStringLiteral("reject"), QStringLiteral("transfer"),
                                         QStringLiteral("hangup")};
    if (!known.contains(action)) {
        return error(
            {404, errorObject(QStringLiteral("10005"), QStringLiteral("Resource not found"),
                              QStringLiteral("The simulator does not implement the '%1' action.").arg(action))});
    }
    if (call->isEnded() || !call->transferredTo().isEmpty()) { // a transferred leg is on its way out
        return error({422, errorObject(QStringLiteral("90018"), QStringLiteral("Call has already ended"),
                                       QStringLiteral("This call is no longer active and can't receive commands."))});
    }
    std::optional<QJsonValue> clientState;
    if (auto refusal = parseClientState(body, &clientState))
        return error(*refusal);
    const auto notAnswered = [] {
        return error({422, errorObject(QStringLiteral("90034"), QStringLiteral("Call not answered yet"),
                                       QStringLiteral("This call can't receive this command because it has not been "
                                                      "answered yet."))});
    };
    const bool parked = call->state() == SimulatedCall::State::Ringing;
    const bool parkedIncoming = parked && call->isIncoming();
    if (parkedIncoming && !whileParked.contains(action))
        return notAnswered();
    if (!parkedIncoming && (action == QLatin1String("answer") || action == QLatin1String("reject"))) {
        // Telnyx documents no code for answering a call that is already answered (PROTOCOL §7.5); the simulator
        // keeps the 422 errors[] shape with a code of its own, 90061, and says why in the title.
        return error({422, errorObject(QStringLiteral("90061"),
                                       call->isIncoming() ? QStringLiteral("Call has already been answered")
                                                          : QStringLiteral("Call is not an incoming call"),
                                       QStringLiteral("Only a parked incoming call can be answered or rejected."))});
    }

    if (action == QLatin1String("answer")) {
        std::optional<StreamRequest> stream;
        if (auto refusal = parseAnswer(body, &stream))
            return error(*refusal);
        if (clientState)
            call->setClientState(*clientState);
        call->rememberRequest(action, body);
        call->answerIncoming(stream);
        return Answer{200, okBody()};
    }
    if (action == QLatin1String("reject")) {
        QString cause;
        if (auto refusal = parseReject(body, &cause))
            return error(*refusal);
        if (clientState)
            call->setClientState(*clientState);
        call->rememberRequest(action, body);
        call->reject(cause);
        return Answer{200, okBody()};
    }
    if (action == QLatin1String("transfer")) {
        QString to;
        if (auto refusal = parseTransfer(body, &to))
            return error(*refusal);
        if (parked && !call->isIncoming()) // a dialed call that nobody answered has nothing to hand on
            return notAnswered();
        if (clientState)
            call->setClientState(*clientState);
        call->rememberRequest(action, body);
        call->transfer(to);
        return Answer{200, okBody()};
    }

    if (action == QLatin1String("suppression_start")) {
        QString direction;
        if (auto refusal = parseSuppressionStart(body, &direction))
            return error(*refusal);
        call->setNoiseSuppression(direction);
    } else if (action == QLatin1String("suppression_stop")) {
        call->setNoiseSuppression(QString());
    } else if (action == QLatin1String("send_dtmf")) {
        QString digits;
        int durationMs = 250;
        if (auto refusal = parseSendDtmf(body, &digits, &durationMs))
            return error(*refusal);
        if (call->state() != SimulatedCall::State::Answered)
            return notAnswered();
        call->sendDtmf(digits, durationMs);
    } else if (action == QLatin1String("streaming_start")) {
        StreamRequest stream;
        if (auto refusal = parseStreamFields(body, true, &stream))
            return error(*refusal);
        if (call->state() != SimulatedCall::State::Answered)
            return notAnswered();
        if (clientState)
            call->setClientState(*clientState);
        call->rememberRequest(action, body);
        call->startStreaming(stream);
        return Answer{200, okBody()};
    } else if (action == QLatin1String("streaming_stop")) {
        call->stopStreaming();
    }
    call->rememberRequest(action, body);
    // client_state set by a command is echoed on the webhooks that follow it, the hangup's included.
    if (clientState)
        call->setClientState(*clientState);
    if (action == QLatin1String("hangup"))
        call->hangup();
    return Answer{200, okBody()};
}

const SimulatorRestApi::Answer *SimulatorRestApi::rememberedAnswer(const QString &key)
{
    const auto it = m_commands.constFind(key);
    if (it == m_commands.constEnd() || m_clock.elapsed() - it->at > kIdempotencyWindowMs)
        return nullptr;
    return &it->answer;
}

void SimulatorRestApi::remember(const QString &key, const Answer &answer)
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_commands.begin(); it != m_commands.end();) {
        if (now - it->at > kIdempotencyWindowMs)
            it = m_commands.erase(it);
        else
            ++it;
    }
    m_commands.insert(key, Remembered{now, answer});
}

} // namespace sb
