// SPDX-License-Identifier: MIT
#include "AgentUplinks.h"

#include "Logging.h"
#include "Metrics.h"
#include "media/MediaFrame.h"
#include "streaming/MediaGateway.h"
#include "websocket/MediaChannel.h"

// Qt
#include <QWebSocketProtocol>

// C++
#include <algorithm>
#include <utility>

namespace sb {

AgentUplinks::AgentUplinks(MediaGateway *gateway, Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_metrics(metrics)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AgentUplinks::tick);
}

AgentUplinks::~AgentUplinks()
{
    for (const auto &[key, uplink] : m_uplinks) {
        if (uplink->channel)
            QObject::disconnect(uplink->channel, nullptr, this, nullptr);
        if (key.second == Kind::Agent)
            m_gateway->setUplinkOpen(key.first, false);
    }
}

int AgentUplinks::count(Kind kind) const
{
    return int(std::count_if(m_uplinks.begin(), m_uplinks.end(),
                             [kind](const auto &entry) { return entry.first.second == kind; }));
}

void AgentUplinks::add(MediaChannel *channel, const QString &callControlId)
{
    open(channel, {callControlId, Kind::Agent}, std::make_unique<Uplink>());
    m_gateway->setUplinkOpen(callControlId, true);
}

void AgentUplinks::addWhisper(MediaChannel *channel, const QString &callControlId, const QString &speaker,
                              const QString &agent)
{
    auto whisper = std::make_unique<Uplink>();
    whisper->speaker = speaker;
    whisper->agent = agent;
    open(channel, {callControlId, Kind::Whisper}, std::move(whisper));
    emit whisperChanged(callControlId, speaker, true);
}

void AgentUplinks::open(MediaChannel *channel, const Key &key, std::unique_ptr<Uplink> uplink)
{
    uplink->channel = channel;
    channel->setParent(this);
    connect(channel, &MediaChannel::binaryReceived, this, [this, key](const QByteArray &payload) {
        if (payload.size() == UplinkPacer::kFrameBytes)
            receive(key, payload);
        else
            malformed();
    });
    connect(channel, &MediaChannel::textReceived, this, [this, key](const QByteArray &utf8) {
        const std::optional<MediaFrame> frame = MediaFrame::parse(utf8);
        if (frame && frame->event == MediaFrame::Event::Media && frame->payload.size() == UplinkPacer::kFrameBytes)
            receive(key, frame->payload);
        else
            malformed();
    });
    connect(channel, &MediaChannel::disconnected, this, [this, key, channel] { remove(key, channel); });
    m_uplinks.insert_or_assign(key, std::move(uplink));
    qCInfo(lcMedia).noquote() << (key.second == Kind::Agent ? "agent-audio uplink" : "whisper") << "opened for"
                              << key.first << "-" << m_uplinks.size() << "open";
    if (!m_timer.isActive()) {
        m_clock.start();
        m_ticks = 0;
        schedule();
    }
}

void AgentUplinks::receive(const Key &key, const QByteArray &pcmu)
{
    const auto it = m_uplinks.find(key);
    if (it == m_uplinks.end())
        return;
    ++m_metrics->uplinkFramesIn;
    if (!it->second->pacer.push(pcmu))
        ++m_metrics->uplinkFramesDropped;
}

void AgentUplinks::malformed()
{
    ++m_metrics->uplinkFramesMalformed;
}

void AgentUplinks::callEnded(const QString &callControlId)
{
    for (const Kind kind : {Kind::Agent, Kind::Whisper}) {
        const auto it = m_uplinks.find({callControlId, kind});
        if (it == m_uplinks.end())
            continue;
        const QPointer<MediaChannel> channel = it->second->channel;
        remove(it->first, channel);
        if (channel)
            channel->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("call ended"));
    }
}

void AgentUplinks::remove(const Key &key, MediaChannel *channel)
{
    const auto it = m_uplinks.find(key);
    if (it == m_uplinks.end() || it->second->channel != channel)
        return;
    const auto [call, kind] = key; // copies: `key` may be the entry's own, erased next
    const QString speaker = it->second->speaker;
    m_uplinks.erase(it);
    if (kind == Kind::Agent)
        m_gateway->setUplinkOpen(call, false);
    else
        emit whisperChanged(call, speaker, false);
    if (channel) {
        // Nothing more it sends is used; it goes once its connection has.
        QObject::disconnect(channel, &MediaChannel::binaryReceived, this, nullptr);
        QObject::disconnect(channel, &MediaChannel::textReceived, this, nullptr);
        connect(channel, &MediaChannel::disconnected, channel, &QObject::deleteLater);
        if (!channel->isOpen())
            channel->deleteLater();
    }
    qCInfo(lcMedia).noquote() << (kind == Kind::Agent ? "agent-audio uplink" : "whisper") << "closed for" << call << "-"
                              << m_uplinks.size() << "open";
    if (m_uplinks.empty())
        m_timer.stop();
}

void AgentUplinks::tick()
{
    const qint64 due = m_clock.elapsed() / kTickMs + 1; // ticks that should have run by now (tick 0 at start)
    qint64 todo = due - m_ticks;
    if (todo > kMaxCatchUpTicks) {
        m_ticks = due - 1; // a long stall: re-base rather than burst the backlog to Telnyx
        todo = 1;
    }
    for (; todo > 0; --todo, ++m_ticks) {
        for (const auto &[key, uplink] : m_uplinks) {
            bool silence = false;
            const QByteArray frame = uplink->pacer.next(&silence);
            if (key.second == Kind::Whisper) {
                // Never to Telnyx: the customer must not hear it. Nothing while the supervisor's desk is silent.
                if (!silence) {
                    ++m_metrics->whisperFramesOut;
                    emit whisperFrame(key.first, uplink->agent, frame);
                }
            } else if (m_gateway->sendMicrophone(key.first, frame, MediaGateway::MicrophoneSource::Uplink)) {
                ++(silence ? m_metrics->uplinkSilenceOut : m_metrics->uplinkFramesOut);
            }
        }
    }
    if (!m_uplinks.empty())
        schedule();
}

void AgentUplinks::schedule()
{
    const qint64 next = m_ticks * kTickMs; // when the next tick is due, from m_clock's start
    m_timer.start(int(std::max<qint64>(0, next - m_clock.elapsed())));
}

} // namespace sb
