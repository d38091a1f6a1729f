// SPDX-License-Identifier: MIT
#include "AudioFanout.h"

#include "Logging.h"
#include "Metrics.h"

#include <QTcpSocket>
#include <QWebSocket>

namespace sb {

namespace {
const QByteArray kConnected = QByteArrayLiteral(
    R"({"event":"connected","message":"Connected to audio stream","config":{"format":"PCMU","sampleRate":8000,"channels":1}})");
}

AudioFanout::AudioFanout(Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_metrics(metrics)
{
}

AudioFanout::~AudioFanout()
{
    for (Listener *l : std::as_const(m_listeners)) {
        l->socket->disconnect(this);
        l->socket->abort();
        delete l->socket;
        delete l;
    }
}

QByteArray AudioFanout::encodeTextFrame(const QByteArray &payload)
{
    // RFC 6455 §5.2: FIN + text opcode, then the length in 7, 7+16 or 7+64 bits; no mask from a server.
    QByteArray frame;
    const quint64 n = quint64(payload.size());
    frame.reserve(payload.size() + 10);
    frame.append(char(0x81));
    if (n < 126) {
        frame.append(char(n));
    } else if (n <= 0xFFFF) {
        frame.append(char(126));
        frame.append(char(n >> 8));
        frame.append(char(n & 0xFF));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((n >> shift) & 0xFF));
    }
    frame.append(payload);
    return frame;
}

AudioFanout::Listener *AudioFanout::find(QWebSocket *socket)
{
    for (Listener *l : std::as_const(m_listeners)) {
        if (l->socket == socket)
            return l;
    }
    return nullptr;
}

void AudioFanout::addListener(QWebSocket *socket, QTcpSocket *connection, const QString &callFilter, bool bothTracks)
{
    auto *listener = new Listener;
    listener->socket = socket;
    listener->callFilter = callFilter;
    listener->bothTracks = bothTracks;
    socket->setParent(this);
    // Writing pre-encoded frames to the TCP connection directly lets one buffer serve every listener and
    // lets us bound its kernel send buffer. QWebSocket still handles what the listener sends (pings, close).
    listener->tcp = connection;
    if (listener->tcp) {
        listener->tcp->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, kKernelSendBuffer);
        connect(listener->tcp, &QTcpSocket::bytesWritten, this, [this, socket] {
            if (Listener *l = find(socket))
                pump(*l);
        });
    } else {
        qCDebug(lcMedia) << "frontend-audio: no direct socket access; using QWebSocket sends";
    }
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { remove(socket); });
    m_listeners.append(listener);

    enqueue(*listener, {encodeTextFrame(kConnected), kConnected, false, false});
    for (auto it = m_liveStarts.cbegin(); it != m_liveStarts.cend(); ++it) {
        if (callFilter.isEmpty() || callFilter == it.key())
            enqueue(*listener, {encodeTextFrame(it.value()), it.value(), false, false});
    }
    qCInfo(lcMedia).noquote() << "frontend-audio listener joined"
                              << (callFilter.isEmpty() ? QStringLiteral("(all calls)") : callFilter)
                              << (bothTracks ? "both tracks" : "inbound track") << "-" << m_listeners.size()
                              << "listening";
}

void AudioFanout::remove(QWebSocket *socket)
{
    for (qsizetype i = 0; i < m_listeners.size(); ++i) {
        if (m_listeners[i]->socket == socket) {
            delete m_listeners.takeAt(i);
            socket->deleteLater();
            qCInfo(lcMedia) << "frontend-audio listener left -" << m_listeners.size() << "listening";
            return;
        }
    }
}

int AudioFanout::listenerCount(const QString &callControlId) const
{
    int n = 0;
    for (const Listener *l : m_listeners) {
        if (l->callFilter.isEmpty() || l->callFilter == callControlId)
            ++n;
    }
    return n;
}

void AudioFanout::forward(const QString &callControlId, FrameKind kind, const QByteArray &text)
{
    if (kind == FrameKind::Start)
        m_liveStarts.insert(callControlId, text);
    else if (kind == FrameKind::Stop)
        m_liveStarts.remove(callControlId);
    if (m_listeners.isEmpty())
        return;
    const bool outbound = kind == FrameKind::OutboundMedia;
    const bool media = outbound || kind == FrameKind::InboundMedia;
    Item item{QByteArray(), text, media, outbound};
    for (Listener *l : std::as_const(m_listeners)) {
        if (!l->callFilter.isEmpty() && l->callFilter != callControlId)
            continue;
        if (outbound && !l->bothTracks)
            continue;
        if (item.frame.isEmpty())
            item.frame = encodeTextFrame(text); // encoded once, only when someone wants it
        enqueue(*l, item);
    }
}

void AudioFanout::enqueue(Listener &l, const Item &item)
{
    l.queue.push_back(item);
    if (item.media) {
        int &count = item.outbound ? l.queuedOutbound : l.queuedInbound;
        ++count;
        if (count > kQueueFrames) {
            // Drop the oldest media frame of this track: a listener that fell behind skips ahead to live.
            for (auto it = l.queue.begin(); it != l.queue.end(); ++it) {
                if (it->media && it->outbound == item.outbound) {
                    l.queue.erase(it);
                    --count;
                    ++m_dropped;
                    ++m_metrics->mediaFramesDropped;
                    break;
                }
            }
        }
    }
    pump(l);
}

void AudioFanout::pump(Listener &l)
{
    while (!l.queue.empty()) {
        if (l.tcp && l.tcp->bytesToWrite() >= kSocketHighWater)
            return;
        const Item &item = l.queue.front();
        if (l.tcp)
            l.tcp->write(item.frame);
        else
            l.socket->sendTextMessage(QString::fromUtf8(item.text));
        if (item.media) {
            ++m_metrics->mediaFramesOut;
            --(item.outbound ? l.queuedOutbound : l.queuedInbound);
        }
        l.queue.pop_front();
    }
}

} // namespace sb
