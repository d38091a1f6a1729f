// SPDX-License-Identifier: MIT
#include "simulator/TelnyxSimulator.h"

#include "simulator/CustomerClip.h"
#include "simulator/SimulatedCall.h"
#include "simulator/SimulatorLogging.h"
#include "simulator/SimulatorRestApi.h"
#include "simulator/TelnyxFormats.h"
#include "simulator/WebhookSender.h"

#include <QTimer>

namespace sb {

namespace {

QString stateName(SimulatedCall::State state)
{
    switch (state) {
    case SimulatedCall::State::Ringing:
        return QStringLiteral("ringing");
    case SimulatedCall::State::Answered:
        return QStringLiteral("answered");
    case SimulatedCall::State::Ended:
        return QStringLiteral("ended");
    }
    return QString();
}

} // namespace

TelnyxSimulator::TelnyxSimulator(SimulatorOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_userId(telnyx::newUuid())
    , m_clip(std::make_unique<CustomerClip>(CustomerClip::bundled()))
    , m_webhooks(new WebhookSender(this))
{
    m_webhooks->setUrls(QList<QUrl>{m_options.webhookUrl} + m_options.moreWebhookUrls);
    m_webhooks->setTimeoutMs(m_options.webhookTimeoutMs);
    m_webhooks->setRetryDelaysMs(m_options.webhookRetryDelaysMs);
    m_webhooks->setFaults(&m_options.faults);
    connect(m_webhooks, &WebhookSender::delivered, this, &TelnyxSimulator::webhookDelivered);
    connect(m_webhooks, &WebhookSender::attemptFailed, this, &TelnyxSimulator::webhookAttemptFailed);
    connect(m_webhooks, &WebhookSender::gaveUp, this, &TelnyxSimulator::webhookGaveUp);

    SimulatorRestApi::Hooks hooks;
    hooks.dial = [this](const DialParams &dial) { return placeCall(dial); };
    hooks.find = [this](const QString &id) { return findCall(id); };
    hooks.incoming = [this](const IncomingParams &incoming) { return placeIncoming(incoming); };
    m_rest = new SimulatorRestApi(m_options.apiKey, m_options.applicationId, std::move(hooks), this);
}

TelnyxSimulator::~TelnyxSimulator()
{
    // Calls first: their media clients and timers must not outlive the sender they talk to.
    for (SimulatedCall *call : std::as_const(m_calls)) {
        call->disconnect(this);
        delete call;
    }
    m_calls.clear();
}

bool TelnyxSimulator::start(QString *error)
{
    if (m_port)
        return true;
    m_port = m_rest->listen(m_options.listenAddress, m_options.port);
    if (m_port == 0) {
        if (error)
            *error = QStringLiteral("the Telnyx simulator cannot listen on %1:%2")
                         .arg(m_options.listenAddress.toString())
                         .arg(m_options.port);
        return false;
    }
    qCInfo(lcSimulator).noquote() << "Telnyx simulator listening on" << apiBase().toString()
                                  << "- every call is simulated";
    if (m_options.incomingEveryMs > 0) {
        m_incomingTimer = new QTimer(this);
        connect(m_incomingTimer, &QTimer::timeout, this, [this] {
            if (m_options.webhookUrl.isValid()) // until Switchboard listens, nobody could take the call
                placeIncomingCall();
        });
        m_incomingTimer->start(m_options.incomingEveryMs);
    }
    return true;
}

QUrl TelnyxSimulator::apiBase() const
{
    QString host = m_options.listenAddress.toString();
    if (m_options.listenAddress.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QUrl(QStringLiteral("http://%1:%2/v2").arg(host).arg(m_port));
}

QString TelnyxSimulator::apiKey() const
{
    return m_options.apiKey;
}

QString TelnyxSimulator::applicationId() const
{
    return m_options.applicationId;
}

QString TelnyxSimulator::publicKeyBase64() const
{
    return m_webhooks->publicKeyBase64();
}

void TelnyxSimulator::setWebhookUrl(const QUrl &url)
{
    m_options.webhookUrl = url;
    m_webhooks->setUrls(QList<QUrl>{url} + m_options.moreWebhookUrls);
}

QUrl TelnyxSimulator::webhookUrl() const
{
    return m_options.webhookUrl;
}

QStringList TelnyxSimulator::callIds() const
{
    return m_order;
}

std::optional<TelnyxSimulator::CallSnapshot> TelnyxSimulator::call(const QString &callControlId) const
{
    const SimulatedCall *call = findCall(callControlId);
    if (!call)
        return std::nullopt;
    CallSnapshot snapshot;
    snapshot.callControlId = call->callControlId();
    snapshot.to = call->dial().to;
    snapshot.from = call->dial().from;
    snapshot.scenario = call->scenario();
    snapshot.direction = call->isIncoming() ? QStringLiteral("incoming") : QStringLiteral("outgoing");
    snapshot.callerIdName = call->dial().fromDisplayName.isEmpty() ? call->dial().from : call->dial().fromDisplayName;
    snapshot.state = stateName(call->state());
    snapshot.hangupCause = call->hangupCause();
    snapshot.hangupSource = call->hangupSource();
    snapshot.noiseSuppression = call->noiseSuppression();
    snapshot.streaming = call->isStreaming();
    snapshot.durationSeconds = call->durationSeconds();
    snapshot.media = call->mediaStats();
    snapshot.transferredTo = call->transferredTo();
    snapshot.endTime = call->endTime();
    snapshot.lastAnswerBody = call->lastRequest(QStringLiteral("answer"));
    snapshot.lastRejectBody = call->lastRequest(QStringLiteral("reject"));
    return snapshot;
}

int TelnyxSimulator::pendingWebhooks() const
{
    return m_webhooks->pendingCount();
}

SimulatedCall *TelnyxSimulator::findCall(const QString &callControlId) const
{
    return m_calls.value(callControlId);
}

SimulatedCall *TelnyxSimulator::placeCall(const DialParams &dial)
{
    const SimScenario scenario = m_options.scenario.value_or(simScenarioForNumber(dial.to));
    SimulatedCall *call = addCall(dial, scenario, false);
    call->start();
    emit callStarted(call->callControlId(), dial.to, scenario);
    return call;
}

QString TelnyxSimulator::placeIncomingCall(const QString &from, const QString &to, const QString &callerIdName,
                                           int giveUpAfterMs)
{
    IncomingParams incoming;
    incoming.from = from.isEmpty() ? randomCustomerNumber() : from;
    incoming.to = to.isEmpty() ? kDemoInboundNumber : to;
    incoming.callerIdName = callerIdName.isEmpty() ? kDemoCallerName : callerIdName;
    incoming.giveUpAfterMs = giveUpAfterMs;
    SimulatedCall *call = placeIncoming(incoming);
    return call ? call->callControlId() : QString();
}

SimulatedCall *TelnyxSimulator::placeIncoming(const IncomingParams &incoming)
{
    if (!m_options.webhookUrl.isValid())
        return nullptr;
    DialParams params;
    params.connectionId = m_options.applicationId;
    params.from = incoming.from;
    params.to = incoming.to;
    params.fromDisplayName = incoming.callerIdName;
    // The forced scenario still applies (StreamingFailed: the answer's stream fails); the number-based ones are
    // about what a dialed far end does, so not here.
    SimulatedCall *call = addCall(params, m_options.scenario.value_or(SimScenario::Answered), true);
    call->startIncoming(incoming.giveUpAfterMs < 0 ? m_options.incomingGiveUpAfterMs : incoming.giveUpAfterMs);
    emit incomingCallPlaced(call->callControlId(), incoming.from);
    return call;
}

SimulatedCall *TelnyxSimulator::addCall(const DialParams &dial, SimScenario scenario, bool incoming)
{
    SimulatedCall::Context context;
    context.webhooks = m_webhooks;
    context.clip = m_clip.get();
    context.options = &m_options;
    context.userId = m_userId;
    context.mediaSeed = m_options.faults.seed + 104729u * m_callsPlaced++;
    auto *call = new SimulatedCall(dial, scenario, context, this,
                                   incoming ? SimulatedCall::Direction::Incoming : SimulatedCall::Direction::Outgoing);
    const QString id = call->callControlId();
    m_calls.insert(id, call);
    m_order.append(id);

    connect(call, &SimulatedCall::answered, this, [this, id] { emit callAnswered(id); });
    connect(call, &SimulatedCall::streamingStarted, this, [this, id] { emit streamingStarted(id); });
    connect(call, &SimulatedCall::streamingStopped, this, [this, id] { emit streamingStopped(id); });
    connect(call, &SimulatedCall::streamingFailed, this,
            [this, id](const QString &reason) { emit streamingFailed(id, reason); });
    connect(call, &SimulatedCall::agentAudio, this, [this, id](const QByteArray &pcmu) { emit agentAudio(id, pcmu); });
    connect(call, &SimulatedCall::ended, this, [this, id](const QString &cause, const QString &source) {
        emit callEnded(id, cause, source);
        forgetOldCalls();
    });
    return call;
}

void TelnyxSimulator::forgetOldCalls()
{
    int ended = 0;
    for (const QString &id : std::as_const(m_order))
        ended += m_calls.value(id)->isEnded() ? 1 : 0;
    for (qsizetype i = 0; i < m_order.size() && ended > kEndedCallsKept;) {
        SimulatedCall *call = m_calls.value(m_order.at(i));
        if (!call->isEnded()) {
            ++i;
            continue;
        }
        m_calls.remove(m_order.at(i));
        m_order.removeAt(i);
        call->disconnect(this);
        call->deleteLater();
        --ended;
    }
}

} // namespace sb
