// SPDX-License-Identifier: MIT
#include "streaming/MediaGateway.h"

#include "Logging.h"
#include "Metrics.h"
#include "calls/CallRecord.h"
#include "calls/CallStore.h"
#include "media/MediaFrame.h"
#include "streaming/AudioFanout.h"
#include "websocket/MediaChannel.h"
#include "websocket/SocketPoller.h"
#include "websocket/WebSocketFrames.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <utility>

namespace sb {

// Where a started stream's outgoing frames go: the connection while it lives. The gateway keeps one per call on the
// main thread; the connection clears it (under the lock) as it goes, so a frame is never queued to a deleted one.
struct MediaOutlet {
    QMutex mutex;
    MediaConnection *connection = nullptr; // guarded by mutex
};

namespace {
// Frames that may wait for a token check (the token came in the `connected` frame); more and the peer is refused.
constexpr int kMaxFramesBeforeAuth = 64;
} // namespace

// One Telnyx media connection: authorisation, then frame handling. Lives as long as its socket, on its socket's
// thread (the media thread, or the main thread on the portable path); reaches the gateway's state only through
// queued calls (toGateway) and emits the gateway's frame signals itself.
class MediaConnection : public QObject {
public:
    // `callId`: the call a token presented with the handshake was found for (checked on the main thread), or empty;
    // `tokenPresented`: whether the handshake carried a token (if so and it was not found, the peer is refused).
    MediaConnection(MediaGateway *gateway, MediaChannel *channel, QString callId, bool tokenPresented)
        : m_gateway(gateway)
        , m_channel(channel)
        , m_outlet(std::make_shared<MediaOutlet>())
        , m_callId(std::move(callId))
        , m_refuse(tokenPresented && m_callId.isEmpty())
    {
        m_outlet->connection = this;
        connect(channel, &MediaChannel::textReceived, this, &MediaConnection::onText);
        connect(channel, &MediaChannel::binaryReceived, this, [this](const QByteArray &) {
            toGateway([gateway = m_gateway] { ++gateway->m_metrics->mediaFramesMalformed; });
        });
        connect(channel, &MediaChannel::disconnected, this, &MediaConnection::onDisconnected);
        connect(gateway, &MediaGateway::tokenChecked, this, [this](QObject *connection, const QString &callId) {
            if (connection == this)
                authorised(callId);
        });
    }

    ~MediaConnection() override
    {
        QMutexLocker lock(&m_outlet->mutex);
        m_outlet->connection = nullptr;
    }

    // On the connection's thread, once it lives there: takes the channel and starts the 5 s wait for a token.
    void begin(QObject *home)
    {
        setParent(home);
        m_channel->setParent(this);
        m_channel->start();
        if (m_refuse) {
            reject(QStringLiteral("unknown or ended call"));
            return;
        }
        if (!m_callId.isEmpty()) {
            qCInfo(lcMedia).noquote() << "media stream connected for" << m_callId;
            return;
        }
        QTimer::singleShot(MediaGateway::kAuthTimeoutMs, this, [this] {
            if (m_callId.isEmpty())
                reject(QStringLiteral("no stream token within 5 s"));
        });
    }

    void send(const QByteArray &frame) { m_channel->sendText(frame); }

private:
    // Runs `call` on the gateway's thread, after everything queued before it.
    template <typename Call> void toGateway(Call &&call)
    {
        if (thread() == m_gateway->thread())
            call();
        else
            QMetaObject::invokeMethod(m_gateway, std::forward<Call>(call), Qt::QueuedConnection);
    }

    void authorised(const QString &callId)
    {
        if (!m_checking || m_closing)
            return;
        m_checking = false;
        m_callId = callId;
        if (m_callId.isEmpty()) {
            reject(QStringLiteral("unknown or ended call"));
            return;
        }
        qCInfo(lcMedia).noquote() << "media stream connected for" << m_callId;
        const QPointer<MediaConnection> self(this);
        const QList<QByteArray> waiting = std::exchange(m_waiting, {});
        for (const QByteArray &text : waiting) {
            onText(text);
            if (!self || m_closing)
                return;
        }
    }

    void reject(const QString &why)
    {
        if (m_closing)
            return;
        m_closing = true;
        m_waiting.clear();
        qCInfo(lcMedia).noquote() << "refused a media connection from" << m_channel->peerAddress().toString() << "-"
                                  << why;
        m_channel->close(ws::ClosePolicyViolated, QStringLiteral("unauthorized"));
    }

    void onText(const QByteArray &text)
    {
        if (m_closing || m_refuse)
            return;
        if (m_checking) {
            // The token is being checked on the main thread: what follows waits for the answer, in order.
            if (m_waiting.size() >= kMaxFramesBeforeAuth)
                reject(QStringLiteral("too many frames before the token was checked"));
            else
                m_waiting.append(text);
            return;
        }
        MediaFrameError error = MediaFrameError::None;
        auto frame = MediaFrame::parse(text, &error);
        if (frame && frame->track == MediaFrame::Track::Whisper) {
            frame.reset(); // a supervisor's whisper is Switchboard's own track: Telnyx cannot send one
            error = MediaFrameError::BadTrack;
        }
        if (!frame) {
            toGateway([gateway = m_gateway] { ++gateway->m_metrics->mediaFramesMalformed; });
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
            m_checking = true;
            toGateway([gateway = m_gateway, self = static_cast<QObject *>(this), token = frame->authToken] {
                gateway->checkToken(self, token);
            });
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
            toGateway([gateway = m_gateway, call = m_callId, outlet = m_outlet, text] {
                gateway->m_fanout->forward(call, AudioFanout::FrameKind::Start, text);
                gateway->connectionStarted(call, outlet);
            });
            if (m_law)
                emit m_gateway->streamStarted(m_callId, *m_law, m_streamId);
            return;
        case MediaFrame::Event::Media: {
            const bool outbound = frame->track == MediaFrame::Track::Outbound;
            if (!outbound && m_law) {
                // chunk counts media messages only; sequence_number also counts dtmf and marks.
                const quint64 order = frame->playbackOrder().value_or(++m_fallbackOrder);
                emit m_gateway->inboundAudio(m_callId, order, frame->payload);
            }
            toGateway([gateway = m_gateway, call = m_callId, outbound, text] {
                ++gateway->m_metrics->mediaFramesIn;
                gateway->m_fanout->forward(
                    call, outbound ? AudioFanout::FrameKind::OutboundMedia : AudioFanout::FrameKind::InboundMedia,
                    text);
            });
            return;
        }
        case MediaFrame::Event::Stop:
            if (m_started)
                stop(text);
            else
                toGateway([gateway = m_gateway, call = m_callId, text] {
                    gateway->m_fanout->forward(call, AudioFanout::FrameKind::Stop, text);
                });
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

    // The stream ended: `stopText` to the listeners, and the stream leaves the list, in one step on the main thread.
    void stop(const QByteArray &stopText)
    {
        if (!m_started)
            return;
        m_started = false;
        toGateway([gateway = m_gateway, call = m_callId, outlet = m_outlet, stopText] {
            gateway->m_fanout->forward(call, AudioFanout::FrameKind::Stop, stopText);
            gateway->connectionStopped(call, outlet);
        });
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
            stop(stopText);
        }
        deleteLater();
    }

    MediaGateway *m_gateway;
    MediaChannel *m_channel;
    std::shared_ptr<MediaOutlet> m_outlet;
    QString m_callId;
    QString m_streamId;
    std::optional<G711Law> m_law;
    QList<QByteArray> m_waiting; // frames that came while the token was being checked
    quint64 m_fallbackOrder = 0;
    bool m_refuse = false;   // the handshake's token was refused: close once begun
    bool m_checking = false; // the `connected` frame's token is being checked on the main thread
    bool m_started = false;
    bool m_closing = false;
};

MediaGateway::MediaGateway(CallStore *store, AudioFanout *fanout, Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_fanout(fanout)
    , m_metrics(metrics)
    , m_thread(new QThread(this))
{
    m_thread->setObjectName(QStringLiteral("switchboard-media"));
    m_thread->start(QThread::HighPriority);
    // The poller's notifiers are made on the thread that runs them.
    m_home = new QObject;
    m_home->moveToThread(m_thread);
    QMetaObject::invokeMethod(
        m_home, [this] { m_poller = new SocketPoller; }, Qt::BlockingQueuedConnection);
}

MediaGateway::~MediaGateway()
{
    // The media thread's connections (and their sockets) go there, before the poller they are watched by; no frame
    // signal is emitted after this. Connections still on their way there are begun first, so that they go too.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    QMetaObject::invokeMethod(
        m_home,
        [this] {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
            qDeleteAll(m_home->findChildren<MediaConnection *>(Qt::FindDirectChildrenOnly));
            delete m_poller;
            m_poller = nullptr;
            delete m_home;
            m_home = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void MediaGateway::syncMediaThread()
{
    if (m_home)
        QMetaObject::invokeMethod(
            m_home, [] {}, Qt::BlockingQueuedConnection);
}

void MediaGateway::addConnection(MediaChannel *channel, const QString &presentedToken)
{
    // The handshake's token is checked here, on the main thread (the call store); a `connected` frame's, later.
    auto *connection = new MediaConnection(
        this, channel, presentedToken.isEmpty() ? QString() : authorise(presentedToken), !presentedToken.isEmpty());
    if (channel->thread() == thread()) {
        connection->begin(this);
        return;
    }
    connection->moveToThread(channel->thread());
    // Begun from this thread's event loop: whoever accepted the channel connects to it first (it is quiet until
    // begun, so it cannot go away before).
    QMetaObject::invokeMethod(
        this,
        [connection, home = m_home] {
            QMetaObject::invokeMethod(
                connection, [connection, home] { connection->begin(home); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
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

void MediaGateway::forgetStreamToken(const QString &token)
{
    m_tokenHashes.remove(streamTokenHash(token));
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

void MediaGateway::checkToken(QObject *connection, const QString &token)
{
    emit tokenChecked(connection, authorise(token), QPrivateSignal());
}

void MediaGateway::connectionStarted(const QString &callControlId, const std::shared_ptr<MediaOutlet> &outlet)
{
    m_streams.insert(callControlId, outlet);
    if (const auto call = m_store->call(callControlId); call && call->muted)
        m_muted.insert(call->callControlId);
}

void MediaGateway::connectionStopped(const QString &callControlId, const std::shared_ptr<MediaOutlet> &outlet)
{
    if (m_streams.value(callControlId) == outlet)
        m_streams.remove(callControlId);
}

void MediaGateway::setUplinkOpen(const QString &callControlId, bool open)
{
    if (open)
        m_uplinked.insert(callControlId);
    else
        m_uplinked.remove(callControlId);
}

bool MediaGateway::sendMicrophone(const QString &callControlId, const QByteArray &pcmu, MicrophoneSource source)
{
    if (source == MicrophoneSource::Local && m_uplinked.contains(callControlId))
        return false; // a remote desk's uplink is the call's microphone
    const std::shared_ptr<MediaOutlet> outlet = m_streams.value(callControlId);
    if (!outlet || m_muted.contains(callControlId))
        return false;
    QByteArray frame = makeOutboundMediaFrame(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(pcmu.constData()), std::size_t(pcmu.size())));
    {
        // Written by the socket's thread; the lock keeps the connection from going while the frame is queued to it
        // (a frame queued to a connection that then goes is dropped with it).
        QMutexLocker lock(&outlet->mutex);
        MediaConnection *connection = outlet->connection;
        if (!connection)
            return false;
        if (connection->thread() == QThread::currentThread())
            connection->send(frame);
        else
            QMetaObject::invokeMethod(
                connection, [connection, frame = std::move(frame)] { connection->send(frame); }, Qt::QueuedConnection);
    }
    ++m_metrics->mediaFramesOut;
    return true;
}

} // namespace sb
