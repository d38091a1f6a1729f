// SPDX-License-Identifier: MIT
#include "streaming/MediaGateway.h"

#include "Logging.h"
#include "Metrics.h"
#include "calls/CallRecord.h"
#include "calls/CallStore.h"
#include "media/MediaFrame.h"
#include "streaming/AudioFanout.h"
#include "websocket/MediaChannel.h"
#include "websocket/WebSocketFrames.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

namespace sb {

// One Telnyx media connection: authorisation, then frame handling. Lives as long as its socket.
class MediaConnection : public QObject {
public:
    MediaConnection(MediaGateway *gateway, MediaChannel *channel, const QString &presentedToken)
        : QObject(gateway)
        , m_gateway(gateway)
        , m_channel(channel)
    {
        channel->setParent(this);
        connect(channel, &MediaChannel::textReceived, this, &MediaConnection::onText);
        connect(channel, &MediaChannel::binaryReceived, this, [this] { ++m_gateway->m_metrics->mediaFramesMalformed; });
        connect(channel, &MediaChannel::disconnected, this, &MediaConnection::onDisconnected);

        if (!presentedToken.isEmpty()) {
            if (!authorise(presentedToken))
                return;
        } else {
            QTimer::singleShot(MediaGateway::kAuthTimeoutMs, this, [this] {
                if (m_callId.isEmpty())
                    reject(QStringLiteral("no stream token within 5 s"));
            });
        }
    }

    QString callId() const { return m_callId; }
    bool started() const { return m_started; }
    void send(const QByteArray &frame) { m_channel->sendText(frame); }

private:
    bool authorise(const QString &token)
    {
        m_callId = m_gateway->authorise(token);
        if (m_callId.isEmpty()) {
            reject(QStringLiteral("unknown or ended call"));
            return false;
        }
        qCInfo(lcMedia).noquote() << "media stream connected for" << m_callId;
        return true;
    }

    void reject(const QString &why)
    {
        if (m_closing)
            return;
        m_closing = true;
        qCInfo(lcMedia).noquote() << "refused a media connection from" << m_channel->peerAddress().toString() << "-"
                                  << why;
        m_channel->close(ws::ClosePolicyViolated, QStringLiteral("unauthorized"));
    }

    void onText(const QByteArray &text)
    {
        if (m_closing)
            return;
        MediaFrameError error = MediaFrameError::None;
        const auto frame = MediaFrame::parse(text, &error);
        Metrics *metrics = m_gateway->m_metrics;
        if (!frame) {
            ++metrics->mediaFramesMalformed;
            if (m_callId.isEmpty())
                reject(QStringLiteral("malformed first frame"));
            else
                qCDebug(lcMedia) << "ignored a malformed media frame:" << mediaFrameErrorName(error);
            return;
        }
        if (m_callId.isEmpty()) {
            // Not yet authorised: only a `connected` frame carrying the token is acceptable.
            if (frame->event != MediaFrame::Event::Connected || frame->authToken.isEmpty()) {
                reject(QStringLiteral("no stream token"));
                return;
            }
            authorise(frame->authToken);
            return;
        }
        switch (frame->event) {
        case MediaFrame::Event::Connected:
            return;
        case MediaFrame::Event::Start:
            if (!frame->callControlId.isEmpty() && frame->callControlId != m_callId) {
                reject(QStringLiteral("start names another call"));
                return;
            }
            m_law = lawForEncoding(frame->encoding);
            if (!m_law)
                qCWarning(lcMedia).noquote()
                    << "stream of" << m_callId << "announces" << frame->encoding << "- forwarded but not played";
            m_started = true;
            m_streamId = frame->streamId;
            m_gateway->m_fanout->forward(m_callId, AudioFanout::FrameKind::Start, text);
            m_gateway->connectionStarted(this);
            if (m_law)
                emit m_gateway->streamStarted(m_callId, *m_law, m_streamId);
            return;
        case MediaFrame::Event::Media: {
            ++metrics->mediaFramesIn;
            const bool outbound = frame->track == MediaFrame::Track::Outbound;
            m_gateway->m_fanout->forward(
                m_callId, outbound ? AudioFanout::FrameKind::OutboundMedia : AudioFanout::FrameKind::InboundMedia,
                text);
            if (!outbound && m_law) {
                // chunk counts media messages only; sequence_number also counts dtmf and marks.
                const quint64 order = frame->playbackOrder().value_or(++m_fallbackOrder);
                emit m_gateway->inboundAudio(m_callId, order, frame->payload);
            }
            return;
        }
        case MediaFrame::Event::Stop:
            m_gateway->m_fanout->forward(m_callId, AudioFanout::FrameKind::Stop, text);
            stop();
            return;
        case MediaFrame::Event::Dtmf:
            emit m_gateway->dtmfReceived(m_callId, frame->dtmfDigit);
            return;
        case MediaFrame::Event::Mark:
            return;
        case MediaFrame::Event::Error:
            qCWarning(lcMedia).noquote() << "Telnyx reported a media error on" << m_callId << ":"
                                         << frame->errorCode.value_or(0) << frame->errorTitle << frame->errorDetail;
            return;
        }
    }

    void stop()
    {
        if (!m_started)
            return;
        m_started = false;
        m_gateway->connectionStopped(this);
        emit m_gateway->streamStopped(m_callId);
    }

    void onDisconnected()
    {
        if (m_started) {
            // The socket went away without a `stop`: tell listeners the stream ended all the same. Written by a
            // JSON writer: the stream_id is Telnyx's text and must not be able to add members of its own.
            const QByteArray stopText =
                QJsonDocument(
                    QJsonObject{{QStringLiteral("event"), QStringLiteral("stop")},
                                {QStringLiteral("stream_id"), m_streamId},
                                {QStringLiteral("stop"), QJsonObject{{QStringLiteral("call_control_id"), m_callId}}}})
                    .toJson(QJsonDocument::Compact);
            m_gateway->m_fanout->forward(m_callId, AudioFanout::FrameKind::Stop, stopText);
            stop();
        }
        deleteLater();
    }

    MediaGateway *m_gateway;
    MediaChannel *m_channel;
    QString m_callId;
    QString m_streamId;
    std::optional<G711Law> m_law;
    quint64 m_fallbackOrder = 0;
    bool m_started = false;
    bool m_closing = false;
};

MediaGateway::MediaGateway(CallStore *store, AudioFanout *fanout, Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_fanout(fanout)
    , m_metrics(metrics)
{
}

MediaGateway::~MediaGateway() = default;

void MediaGateway::addConnection(MediaChannel *channel, const QString &presentedToken)
{
    new MediaConnection(this, channel, presentedToken);
}

QString MediaGateway::presentedToken(const QWebSocket *socket)
{
    QString token = QString::fromUtf8(socket->request().rawHeader("x-telnyx-streaming-auth-token"));
    if (token.isEmpty())
        token = QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
    return token;
}

void MediaGateway::registerStreamToken(const QString &callControlId, const QString &token)
{
    m_tokenHashes.insert(streamTokenHash(token), callControlId);
}

void MediaGateway::setMuted(const QString &callControlId, bool muted)
{
    if (muted)
        m_muted.insert(callControlId);
    else
        m_muted.remove(callControlId);
}

QString MediaGateway::authorise(const QString &token) const
{
    const QByteArray hash = streamTokenHash(token);
    QString callId = m_tokenHashes.value(hash);
    std::optional<CallRecord> call = callId.isEmpty() ? m_store->callByStreamTokenHash(hash) : m_store->call(callId);
    if (!call || call->status == CallStatus::Ended)
        return {};
    return call->callControlId;
}

void MediaGateway::connectionStarted(MediaConnection *connection)
{
    m_streams.insert(connection->callId(), connection);
    if (const auto call = m_store->call(connection->callId()); call && call->muted)
        m_muted.insert(call->callControlId);
}

void MediaGateway::connectionStopped(MediaConnection *connection)
{
    if (m_streams.value(connection->callId()) == connection)
        m_streams.remove(connection->callId());
}

bool MediaGateway::sendMicrophone(const QString &callControlId, const QByteArray &pcmu)
{
    MediaConnection *connection = m_streams.value(callControlId);
    if (!connection || m_muted.contains(callControlId))
        return false;
    connection->send(makeOutboundMediaFrame(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(pcmu.constData()), std::size_t(pcmu.size()))));
    ++m_metrics->mediaFramesOut;
    return true;
}

} // namespace sb
