// SPDX-License-Identifier: MIT
#include "simulator/MediaStreamClient.h"

#include "media/MediaFrame.h"
#include "simulator/CustomerClip.h"
#include "simulator/SimulatorLogging.h"
#include "simulator/TelnyxFormats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QWebSocket>

#include <algorithm>

namespace sb {

namespace {

constexpr char kProtocolVersion[] = "1.0.0";

QByteArray jsonString(const QString &text)
{
    // QJsonDocument escapes for us; strip the array brackets around the one value.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

MediaStreamClient::MediaStreamClient(MediaStreamParams params, const CustomerClip *clip, const SimulatorFaults &faults,
                                     QObject *parent)
    : QObject(parent)
    , m_params(std::move(params))
    , m_streamIdJson(jsonString(m_params.streamId))
    , m_clip(clip)
    , m_faults(faults)
    , m_random(faults.seed)
{
    m_pacer.setSingleShot(true);
    m_pacer.setTimerType(Qt::PreciseTimer);
    connect(&m_pacer, &QTimer::timeout, this, &MediaStreamClient::pump);
    m_connectTimeout.setSingleShot(true);
    connect(&m_connectTimeout, &QTimer::timeout, this, [this] {
        if (m_state != State::Connecting)
            return;
        qCInfo(lcSimulator).noquote() << "media stream" << m_params.streamId << "- no handshake within"
                                      << kConnectTimeoutMs << "ms";
        m_state = State::Stopped;
        m_socket->abort();
        emit failed(QStringLiteral("connection_failed"));
    });
}

MediaStreamClient::~MediaStreamClient()
{
    if (m_socket)
        m_socket->disconnect(this);
}

bool MediaStreamClient::sendsInbound() const
{
    return m_params.track != QLatin1String("outbound_track");
}

bool MediaStreamClient::echoesOutbound() const
{
    return m_params.bidirectionalRtp && m_params.track != QLatin1String("inbound_track");
}

void MediaStreamClient::open()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Connecting;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, &MediaStreamClient::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &MediaStreamClient::onDisconnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &MediaStreamClient::onTextMessage);
    QNetworkRequest request(m_params.url);
    if (!m_params.authToken.isEmpty())
        request.setRawHeader("x-telnyx-streaming-auth-token", m_params.authToken.toUtf8());
    qCDebug(lcSimulator).noquote() << "media stream" << m_params.streamId << "connecting to"
                                   << m_params.url.toString(QUrl::RemoveQuery);
    m_connectTimeout.start(kConnectTimeoutMs);
    m_socket->open(request);
}

void MediaStreamClient::onConnected()
{
    if (m_state != State::Connecting)
        return;
    m_connectTimeout.stop();
    m_state = State::Streaming;

    QJsonObject connected{{QStringLiteral("event"), QStringLiteral("connected")},
                          {QStringLiteral("version"), QLatin1String(kProtocolVersion)}};
    if (!m_params.authToken.isEmpty()) {
        connected.insert(QStringLiteral("connected"),
                         QJsonObject{{QStringLiteral("x-telnyx-streaming-auth-token"), m_params.authToken}});
    }
    sendFrame(telnyx::compactJson(connected));

    const QJsonObject mediaFormat{{QStringLiteral("encoding"), QStringLiteral("PCMU")},
                                  {QStringLiteral("sample_rate"), 8000},
                                  {QStringLiteral("channels"), 1}};
    const QJsonObject start{{QStringLiteral("user_id"), m_params.userId},
                            {QStringLiteral("call_control_id"), m_params.callControlId},
                            {QStringLiteral("call_session_id"), m_params.callSessionId},
                            {QStringLiteral("from"), m_params.from},
                            {QStringLiteral("to"), m_params.to},
                            {QStringLiteral("tags"), QJsonArray()},
                            {QStringLiteral("client_state"), m_params.clientState},
                            {QStringLiteral("custom_parameters"), m_params.customParameters},
                            {QStringLiteral("media_format"), mediaFormat}};
    sendFrame(telnyx::compactJson({{QStringLiteral("event"), QStringLiteral("start")},
                                   {QStringLiteral("sequence_number"), QString::fromLatin1(nextSequence())},
                                   {QStringLiteral("stream_id"), m_params.streamId},
                                   {QStringLiteral("start"), start}}));
    qCInfo(lcSimulator).noquote() << "media stream" << m_params.streamId << "open for" << m_params.callControlId;

    if (m_faults.dropMediaSocketAfterMs > 0) {
        QTimer::singleShot(m_faults.dropMediaSocketAfterMs, this, [this] {
            if (m_state != State::Streaming)
                return;
            qCInfo(lcSimulator).noquote() << "media stream" << m_params.streamId << "dropped (fault)";
            m_state = State::Stopped;
            m_pacer.stop();
            m_scheduled.clear();
            m_socket->abort();
            emit lost(QStringLiteral("dropped"));
        });
    }
    emit opened();
    if (sendsInbound()) {
        m_clock.start();
        pump();
    }
}

void MediaStreamClient::onDisconnected()
{
    m_pacer.stop();
    m_scheduled.clear();
    const State before = std::exchange(m_state, State::Stopped);
    if (before == State::Connecting) {
        m_connectTimeout.stop();
        qCInfo(lcSimulator).noquote() << "media stream" << m_params.streamId
                                      << "could not connect:" << m_socket->errorString();
        emit failed(QStringLiteral("connection_failed"));
    } else if (before == State::Streaming) {
        qCInfo(lcSimulator).noquote() << "media stream" << m_params.streamId << "closed by the far side, code"
                                      << int(m_socket->closeCode());
        emit lost(QStringLiteral("closed_by_peer"));
    }
}

void MediaStreamClient::stop()
{
    if (m_state == State::Streaming) {
        m_pacer.stop();
        m_scheduled.clear(); // frames still held back by faults are never sent
        const QJsonObject stopBody{{QStringLiteral("user_id"), m_params.userId},
                                   {QStringLiteral("call_control_id"), m_params.callControlId}};
        sendFrame(telnyx::compactJson({{QStringLiteral("event"), QStringLiteral("stop")},
                                       {QStringLiteral("sequence_number"), QString::fromLatin1(nextSequence())},
                                       {QStringLiteral("stream_id"), m_params.streamId},
                                       {QStringLiteral("stop"), stopBody}}));
        qCInfo(lcSimulator).noquote() << "media stream" << m_params.streamId << "stopped after" << m_stats.inboundSent
                                      << "frames sent," << m_stats.outboundReceived << "received";
    }
    const bool wasOpen = m_state == State::Streaming || m_state == State::Connecting;
    m_state = State::Stopped;
    m_connectTimeout.stop();
    if (!wasOpen || !m_socket || m_socket->state() == QAbstractSocket::UnconnectedState) {
        deleteLater();
        return;
    }
    // Give the stop frame and the close handshake their time; deleting the socket now would discard them.
    connect(m_socket, &QWebSocket::disconnected, this, &QObject::deleteLater);
    QTimer::singleShot(3000, this, &QObject::deleteLater);
    m_socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("stream stopped"));
}

void MediaStreamClient::sendDtmf(QChar digit)
{
    if (m_state != State::Streaming)
        return;
    ++m_stats.dtmfSent;
    sendFrame(telnyx::compactJson({{QStringLiteral("event"), QStringLiteral("dtmf")},
                                   {QStringLiteral("sequence_number"), QString::fromLatin1(nextSequence())},
                                   {QStringLiteral("stream_id"), m_params.streamId},
                                   {QStringLiteral("occurred_at"), telnyx::nowIsoMicros()},
                                   {QStringLiteral("dtmf"), QJsonObject{{QStringLiteral("digit"), QString(digit)}}}}));
}

QByteArray MediaStreamClient::nextSequence()
{
    return QByteArray::number(++m_sequence);
}

void MediaStreamClient::pump()
{
    if (m_state != State::Streaming)
        return;
    const qint64 now = m_clock.elapsed();
    while (qint64(m_nextFrame) * kFrameMs <= now)
        scheduleFrame(m_nextFrame++);
    for (auto it = m_scheduled.begin(); it != m_scheduled.end() && it->first <= now;) {
        sendFrame(it->second);
        ++m_stats.inboundSent;
        it = m_scheduled.erase(it);
        if (m_state != State::Streaming)
            return;
    }
    qint64 next = qint64(m_nextFrame) * kFrameMs;
    if (!m_scheduled.empty())
        next = std::min(next, m_scheduled.begin()->first);
    m_pacer.start(int(std::max<qint64>(0, next - m_clock.elapsed())));
}

void MediaStreamClient::scheduleFrame(quint64 index)
{
    const QByteArray sequence = nextSequence();
    const QByteArray chunk = QByteArray::number(index + 1);
    const qint64 due = qint64(index) * kFrameMs;
    if (m_faults.mediaLossRate > 0 && m_random.generateDouble() < m_faults.mediaLossRate) {
        ++m_stats.inboundLost;
        return;
    }
    qint64 sendAt = due;
    if (m_faults.mediaJitterMs > 0)
        sendAt += m_random.bounded(m_faults.mediaJitterMs + 1);
    if (m_faults.mediaLateRate > 0 && m_random.generateDouble() < m_faults.mediaLateRate)
        sendAt += m_faults.mediaLateMs;
    else if (m_faults.mediaReorderRate > 0 && m_random.generateDouble() < m_faults.mediaReorderRate)
        sendAt += kFrameMs + m_faults.mediaJitterMs + 1; // after the next frame, even a jittered one: swapped

    const QByteArray &payload = m_clip->frameBase64(index);
    QByteArray frame;
    frame.reserve(160 + payload.size());
    frame += R"({"event":"media","sequence_number":")";
    frame += sequence;
    frame += R"(","stream_id":)";
    frame += m_streamIdJson;
    frame += R"(,"media":{"track":"inbound","chunk":")";
    frame += chunk;
    frame += R"(","timestamp":")";
    frame += QByteArray::number(due);
    frame += R"(","payload":")";
    frame += payload;
    frame += R"("}})";
    m_scheduled.emplace(sendAt, std::move(frame));
}

void MediaStreamClient::sendFrame(const QByteArray &json)
{
    if (m_socket && m_socket->isValid())
        m_socket->sendTextMessage(QString::fromLatin1(json));
}

void MediaStreamClient::sendError(int code, const char *title, const char *detail)
{
    const QJsonObject payload{{QStringLiteral("code"), code},
                              {QStringLiteral("title"), QLatin1String(title)},
                              {QStringLiteral("detail"), QLatin1String(detail)}};
    sendFrame(telnyx::compactJson({{QStringLiteral("event"), QStringLiteral("error")},
                                   {QStringLiteral("stream_id"), m_params.streamId},
                                   {QStringLiteral("payload"), payload}}));
}

void MediaStreamClient::onTextMessage(const QString &text)
{
    if (m_state != State::Streaming)
        return;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QString event = document.object().value(QLatin1String("event")).toString();
    if (!document.isObject() || event.isEmpty()) {
        ++m_stats.malformedReceived;
        sendError(100003, "malformed_frame", "Received frame was not formed correctly");
        return;
    }
    if (event == QLatin1String("media")) {
        const QJsonValue payloadValue =
            document.object().value(QLatin1String("media")).toObject().value(QLatin1String("payload"));
        const QByteArray payload = payloadValue.toString().toLatin1();
        const std::optional<QByteArray> pcmu = payloadValue.isString() ? decodeBase64Strict(payload) : std::nullopt;
        if (!pcmu || pcmu->isEmpty()) {
            ++m_stats.malformedReceived;
            sendError(100004, "invalid_media", "Media payload is not valid base64");
            return;
        }
        ++m_stats.outboundReceived;
        emit agentAudio(*pcmu);
        if (!echoesOutbound())
            return;
        const quint64 chunk = ++m_outboundChunk;
        QByteArray frame;
        frame.reserve(160 + payload.size());
        frame += R"({"event":"media","sequence_number":")";
        frame += nextSequence();
        frame += R"(","stream_id":)";
        frame += m_streamIdJson;
        frame += R"(,"media":{"track":"outbound","chunk":")";
        frame += QByteArray::number(chunk);
        frame += R"(","timestamp":")";
        frame += QByteArray::number((chunk - 1) * kFrameMs);
        frame += R"(","payload":")";
        frame += payload;
        frame += R"("}})";
        sendFrame(frame);
        ++m_stats.outboundEchoed;
        return;
    }
    if (event == QLatin1String("mark")) {
        // Nothing is ever queued here (echoes go out at once), so the mark comes straight back.
        const QJsonObject mark = document.object().value(QLatin1String("mark")).toObject();
        sendFrame(telnyx::compactJson({{QStringLiteral("event"), QStringLiteral("mark")},
                                       {QStringLiteral("sequence_number"), QString::fromLatin1(nextSequence())},
                                       {QStringLiteral("stream_id"), m_params.streamId},
                                       {QStringLiteral("mark"), mark}}));
        return;
    }
    if (event == QLatin1String("clear"))
        return; // nothing queued to clear
    ++m_stats.malformedReceived;
    sendError(100003, "malformed_frame", "Received frame was not formed correctly");
}

} // namespace sb
