// SPDX-License-Identifier: MIT
#include "AudioFanout.h"

#include "Logging.h"
#include "Metrics.h"

#include <QTcpSocket>
#include <QWebSocket>

#include <cerrno>
#ifdef Q_OS_UNIX
#include <sys/uio.h>
#endif

namespace sb {

namespace {
const QByteArray kConnected = QByteArrayLiteral(
    R"({"event":"connected","message":"Connected to audio stream","config":{"format":"PCMU","sampleRate":8000,"channels":1}})");
}

AudioFanout::AudioFanout(Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_metrics(metrics)
{
    m_clock.start();
    m_lastFlushNs = -kSendRoundNs;
    m_roundTimer.setSingleShot(true);
    m_roundTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_roundTimer, &QTimer::timeout, this, &AudioFanout::flush);
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
        listener->tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        sizeKernelBuffer(*listener);
        connect(listener->tcp, &QTcpSocket::bytesWritten, this, [this, socket] {
            if (Listener *l = find(socket))
                pump(*l);
        });
    } else {
        qCDebug(lcMedia) << "frontend-audio: no direct socket access; using QWebSocket sends";
    }
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { remove(socket); });
    m_listeners.append(listener);

    const qint64 now = m_clock.elapsed();
    enqueue(*listener, {encodeTextFrame(kConnected), kConnected, now, false});
    for (auto it = m_liveStarts.cbegin(); it != m_liveStarts.cend(); ++it) {
        if (callFilter.isEmpty() || callFilter == it.key())
            enqueue(*listener, {encodeTextFrame(it.value()), it.value(), now, false});
    }
    qCInfo(lcMedia).noquote() << "frontend-audio listener joined"
                              << (callFilter.isEmpty() ? QStringLiteral("(all calls)") : callFilter)
                              << (bothTracks ? "both tracks" : "inbound track") << "-" << m_listeners.size()
                              << "listening";
}

void AudioFanout::sizeKernelBuffer(Listener &l)
{
    if (!l.tcp)
        return;
    const int calls = l.callFilter.isEmpty() ? qMax(1, int(m_liveStarts.size())) : 1;
    const int size =
        qBound(kKernelBufferPerCall, kKernelBufferPerCall * calls * (l.bothTracks ? 2 : 1), kKernelBufferMax);
    if (size != l.kernelBuffer) {
        l.tcp->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, size);
        l.kernelBuffer = size;
    }
}

void AudioFanout::remove(QWebSocket *socket)
{
    for (qsizetype i = 0; i < m_listeners.size(); ++i) {
        if (m_listeners[i]->socket == socket) {
            m_dirty.removeAll(m_listeners[i]);
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
    const bool liveSetChanged = kind == FrameKind::Start || kind == FrameKind::Stop;
    if (kind == FrameKind::Start)
        m_liveStarts.insert(callControlId, text);
    else if (kind == FrameKind::Stop)
        m_liveStarts.remove(callControlId);
    if (m_listeners.isEmpty())
        return;
    const bool outbound = kind == FrameKind::OutboundMedia;
    Item item{QByteArray(), text, m_clock.elapsed(), outbound || kind == FrameKind::InboundMedia};
    for (Listener *l : std::as_const(m_listeners)) {
        if (liveSetChanged && l->callFilter.isEmpty())
            sizeKernelBuffer(*l);
        if (!l->callFilter.isEmpty() && l->callFilter != callControlId)
            continue;
        if (outbound && !l->bothTracks)
            continue;
        if (item.frame.isEmpty())
            item.frame = encodeTextFrame(text); // encoded once, only when someone wants it
        enqueue(*l, item);
    }
}

void AudioFanout::dropStale(Listener &l, qint64 nowMs)
{
    // Oldest first: a listener that fell behind skips ahead to live.
    for (auto it = l.queue.begin(); it != l.queue.end() && nowMs - it->queuedAtMs > kMaxQueueMs;) {
        if (it->media) {
            it = l.queue.erase(it);
            ++m_dropped;
            ++m_metrics->mediaFramesDropped;
        } else {
            ++it;
        }
    }
}

void AudioFanout::enqueue(Listener &l, Item item)
{
    l.queue.push_back(std::move(item));
    if (l.dirty)
        return;
    l.dirty = true;
    m_dirty.append(&l);
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        const qint64 sinceLast = m_clock.nsecsElapsed() - m_lastFlushNs;
        if (sinceLast >= kSendRoundNs) {
            // Quiet until now: send right after the event loop has read what arrived in this pass.
            QMetaObject::invokeMethod(this, &AudioFanout::flush, Qt::QueuedConnection);
        } else {
            // Busy: this frame joins the round that closes kSendRoundNs after the last one.
            m_roundTimer.start(int((kSendRoundNs - sinceLast + 999'999) / 1'000'000));
        }
    }
}

void AudioFanout::flush()
{
    m_roundTimer.stop();
    m_flushScheduled = false;
    m_lastFlushNs = m_clock.nsecsElapsed();
    const QList<Listener *> dirty = std::exchange(m_dirty, {});
    for (Listener *l : dirty) {
        l->dirty = false;
        pump(*l);
    }
}

void AudioFanout::pump(Listener &l)
{
    if (l.queue.empty())
        return;
    if (!l.tcp) {
        for (const Item &item : l.queue) {
            l.socket->sendTextMessage(QString::fromUtf8(item.text));
            if (item.media)
                ++m_metrics->mediaFramesOut;
        }
        l.queue.clear();
        return;
    }
    dropStale(l, m_clock.elapsed());
    if (l.tcp->bytesToWrite() > 0)
        return; // the socket's own buffer drains first; bytesWritten() pumps again
#ifdef Q_OS_UNIX
    while (!l.queue.empty()) {
        iovec vec[kMaxWritevFrames];
        int count = 0;
        for (auto it = l.queue.begin(); it != l.queue.end() && count < kMaxWritevFrames; ++it, ++count)
            vec[count] = {const_cast<char *>(it->frame.constData()), std::size_t(it->frame.size())};
        const auto written = ::writev(int(l.tcp->socketDescriptor()), vec, count);
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return; // the connection failed; QWebSocket notices and the listener is removed
        std::size_t left = written > 0 ? std::size_t(written) : 0;
        while (!l.queue.empty() && left >= std::size_t(l.queue.front().frame.size())) {
            left -= std::size_t(l.queue.front().frame.size());
            if (l.queue.front().media)
                ++m_metrics->mediaFramesOut;
            l.queue.pop_front();
        }
        if (written <= 0 || left > 0) {
            // The kernel took less than offered: hand the rest of the front frame to Qt, whose write
            // notifier tells us (bytesWritten) when the connection can take more.
            const Item &front = l.queue.front();
            l.tcp->write(front.frame.constData() + left, front.frame.size() - qsizetype(left));
            if (front.media)
                ++m_metrics->mediaFramesOut;
            l.queue.pop_front();
            return;
        }
    }
#else
    // No writev(): hand the frames to the socket's buffer (Qt writes them out together).
    while (!l.queue.empty() && l.tcp->bytesToWrite() < kKernelBufferPerCall) {
        l.tcp->write(l.queue.front().frame);
        if (l.queue.front().media)
            ++m_metrics->mediaFramesOut;
        l.queue.pop_front();
    }
#endif
}

} // namespace sb
