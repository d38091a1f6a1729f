// SPDX-License-Identifier: MIT
#include "streaming/AudioFanout.h"

#include "Logging.h"
#include "Metrics.h"

#include "websocket/MediaChannel.h"
#include "websocket/WebSocketFrames.h"

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
        l->channel->disconnect(this);
        delete l->channel;
        delete l;
    }
}

AudioFanout::Listener *AudioFanout::find(MediaChannel *channel)
{
    for (Listener *l : std::as_const(m_listeners)) {
        if (l->channel == channel)
            return l;
    }
    return nullptr;
}

bool AudioFanout::hears(const Listener &l, const QString &callControlId) const
{
    if (!l.callFilter.isEmpty() && l.callFilter != callControlId)
        return false;
    return l.onlyAgent.isEmpty() || agentOf(callControlId) == l.onlyAgent;
}

QString AudioFanout::agentOf(const QString &callControlId) const
{
    const auto known = m_agents.constFind(callControlId);
    if (known != m_agents.cend())
        return *known;
    QString agent = m_agentLookup ? m_agentLookup(callControlId) : QString();
    rememberAgent(callControlId, agent);
    return agent;
}

void AudioFanout::rememberAgent(const QString &callControlId, const QString &agentId) const
{
    if (m_agents.size() >= kMaxRememberedAgents)
        m_agents.clear(); // live calls' agents are looked up again, once each
    m_agents.insert(callControlId, agentId);
}

void AudioFanout::addListener(MediaChannel *channel, const QString &callFilter, bool bothTracks,
                              const QString &onlyAgent, const QString &user)
{
    auto *listener = new Listener;
    listener->channel = channel;
    listener->callFilter = callFilter;
    listener->onlyAgent = onlyAgent;
    listener->user = user;
    listener->bothTracks = bothTracks;
    channel->setParent(this);
    sizeKernelBuffer(*listener);
    connect(channel, &MediaChannel::writable, this, [this, channel] {
        if (Listener *l = find(channel))
            pump(*l);
    });
    connect(channel, &MediaChannel::disconnected, this, [this, channel] { remove(channel); });
    m_listeners.append(listener);

    enqueue(*listener, {ws::encodeTextFrame(kConnected), false});
    for (auto it = m_liveStarts.cbegin(); it != m_liveStarts.cend(); ++it) {
        if (hears(*listener, it.key()))
            enqueue(*listener, {ws::encodeTextFrame(it.value()), false});
    }
    qCInfo(lcMedia).noquote() << "frontend-audio listener joined"
                              << (callFilter.isEmpty() ? QStringLiteral("(all calls)") : callFilter)
                              << (bothTracks ? "both tracks" : "inbound track") << "-" << m_listeners.size()
                              << "listening";
}

int AudioFanout::callsHeard(const Listener &l) const
{
    const int calls = l.callFilter.isEmpty() ? qMax(1, int(m_liveStarts.size())) : 1;
    return calls * (l.bothTracks ? 2 : 1); // calls and tracks, in fact
}

void AudioFanout::sizeKernelBuffer(Listener &l)
{
    const int size = qBound(kKernelBufferPerCall, kKernelBufferPerCall * callsHeard(l), kKernelBufferMax);
    if (size != l.kernelBuffer) {
        l.channel->setSendBufferSize(size);
        l.kernelBuffer = size;
    }
}

void AudioFanout::remove(MediaChannel *channel)
{
    for (qsizetype i = 0; i < m_listeners.size(); ++i) {
        if (m_listeners[i]->channel == channel) {
            m_dirty.removeAll(m_listeners[i]);
            delete m_listeners.takeAt(i);
            channel->deleteLater();
            qCInfo(lcMedia) << "frontend-audio listener left -" << m_listeners.size() << "listening";
            return;
        }
    }
}

int AudioFanout::listenerCount(const QString &callControlId) const
{
    int n = 0;
    for (const Listener *l : m_listeners) {
        if (hears(*l, callControlId))
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
    if (m_listeners.isEmpty()) {
        if (kind == FrameKind::Stop)
            m_agents.remove(callControlId);
        return;
    }
    const bool outbound = kind == FrameKind::OutboundMedia;
    Item item{QByteArray(), outbound || kind == FrameKind::InboundMedia};
    for (Listener *l : std::as_const(m_listeners)) {
        if (liveSetChanged && l->callFilter.isEmpty())
            sizeKernelBuffer(*l);
        if (!hears(*l, callControlId))
            continue;
        if (outbound && !l->bothTracks)
            continue;
        if (item.frame.isEmpty())
            item.frame = ws::encodeTextFrame(text); // encoded once, only when someone wants it
        enqueue(*l, item);
    }
    if (kind == FrameKind::Stop)
        m_agents.remove(callControlId); // after its stop frame went to the listeners that heard the call
}

void AudioFanout::whisper(const QString &callControlId, const QString &agent, const QByteArray &pcmu)
{
    Item item{QByteArray(), true};
    ++m_whisperChunks;
    for (Listener *l : std::as_const(m_listeners)) {
        if (agent.isEmpty() || l->user != agent || l->callFilter != callControlId)
            continue;
        if (item.frame.isEmpty()) {
            const QByteArray text = R"({"event":"media","media":{"track":"whisper","chunk":")" +
                                    QByteArray::number(m_whisperChunks) + R"(","payload":")" + pcmu.toBase64() +
                                    R"("}})";
            item.frame = ws::encodeTextFrame(text);
        }
        enqueue(*l, item);
    }
}

quint64 AudioFanout::droppedFrames() const
{
    return m_metrics->mediaFramesDropped;
}

void AudioFanout::popFront(Listener &l)
{
    const Item &front = l.queue.front();
    (front.media ? l.mediaBytes : l.controlBytes) -= front.frame.size();
    l.queue.pop_front();
}

void AudioFanout::dropOldestMedia(Listener &l)
{
    // Oldest first: a listener that fell behind skips ahead to live. Start and stop frames stay, in their place.
    const qint64 bound = qBound(kQueueBytesPerCall, kQueueBytesPerCall * callsHeard(l), kMaxQueueBytes);
    for (auto it = l.queue.begin(); it != l.queue.end() && l.mediaBytes > bound;) {
        if (it->media) {
            l.mediaBytes -= it->frame.size();
            it = l.queue.erase(it);
            ++m_metrics->mediaFramesDropped;
        } else {
            ++it;
        }
    }
}

void AudioFanout::enqueue(Listener &l, Item item)
{
    if (l.dropped)
        return;
    (item.media ? l.mediaBytes : l.controlBytes) += item.frame.size();
    const bool media = item.media;
    l.queue.push_back(std::move(item));
    if (media) {
        dropOldestMedia(l);
    } else if (l.controlBytes > kMaxControlBytes) {
        // Only a listener that has read nothing through many streams' starts and stops gets here.
        qCInfo(lcMedia).noquote() << "dropped a frontend-audio listener at" << l.channel->peerAddress().toString()
                                  << "that reads nothing";
        l.dropped = true;
        l.queue.clear();
        l.mediaBytes = l.controlBytes = 0;
        // From the event loop: this may run inside a loop over m_listeners, which remove() changes.
        MediaChannel *channel = l.channel;
        QTimer::singleShot(0, channel, [channel] { channel->abort(); });
        return;
    }
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
    while (!l.queue.empty()) {
        const QByteArray *frames[kMaxWriteFrames];
        std::size_t count = 0;
        for (auto it = l.queue.begin(); it != l.queue.end() && count < kMaxWriteFrames; ++it)
            frames[count++] = &it->frame;
        const int taken = l.channel->writeFrames(std::span(frames, count));
        for (int i = 0; i < taken; ++i) {
            if (l.queue.front().media)
                ++m_metrics->mediaFramesOut;
            popFront(l);
        }
        if (std::size_t(taken) < count)
            return; // the rest waits for writable()
    }
}

} // namespace sb
