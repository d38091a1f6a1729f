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
    for (const auto &[call, uplink] : m_uplinks) {
        if (uplink->channel)
            QObject::disconnect(uplink->channel, nullptr, this, nullptr);
        m_gateway->setUplinkOpen(call, false);
    }
}

void AgentUplinks::add(MediaChannel *channel, const QString &callControlId)
{
    auto uplink = std::make_unique<Uplink>();
    uplink->channel = channel;
    channel->setParent(this);
    connect(channel, &MediaChannel::binaryReceived, this, [this, callControlId](const QByteArray &payload) {
        if (payload.size() == UplinkPacer::kFrameBytes)
            receive(callControlId, payload);
        else
            malformed();
    });
    connect(channel, &MediaChannel::textReceived, this, [this, callControlId](const QByteArray &utf8) {
        const std::optional<MediaFrame> frame = MediaFrame::parse(utf8);
        if (frame && frame->event == MediaFrame::Event::Media && frame->payload.size() == UplinkPacer::kFrameBytes)
            receive(callControlId, frame->payload);
        else
            malformed();
    });
    connect(channel, &MediaChannel::disconnected, this,
            [this, callControlId, channel] { remove(callControlId, channel); });
    m_uplinks.insert_or_assign(callControlId, std::move(uplink));
    m_gateway->setUplinkOpen(callControlId, true);
    qCInfo(lcMedia).noquote() << "agent-audio uplink opened for" << callControlId << "-" << m_uplinks.size() << "open";
    if (!m_timer.isActive()) {
        m_clock.start();
        m_ticks = 0;
        schedule();
    }
}

void AgentUplinks::receive(const QString &callControlId, const QByteArray &pcmu)
{
    const auto it = m_uplinks.find(callControlId);
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
    const auto it = m_uplinks.find(callControlId);
    if (it == m_uplinks.end())
        return;
    const QPointer<MediaChannel> channel = it->second->channel;
    remove(callControlId, channel);
    if (channel)
        channel->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("call ended"));
}

void AgentUplinks::remove(const QString &callControlId, MediaChannel *channel)
{
    const auto it = m_uplinks.find(callControlId);
    if (it == m_uplinks.end() || it->second->channel != channel)
        return;
    m_uplinks.erase(it);
    m_gateway->setUplinkOpen(callControlId, false);
    if (channel) {
        // Nothing more it sends is used; it goes once its connection has.
        QObject::disconnect(channel, &MediaChannel::binaryReceived, this, nullptr);
        QObject::disconnect(channel, &MediaChannel::textReceived, this, nullptr);
        connect(channel, &MediaChannel::disconnected, channel, &QObject::deleteLater);
        if (!channel->isOpen())
            channel->deleteLater();
    }
    qCInfo(lcMedia).noquote() << "agent-audio uplink closed for" << callControlId << "-" << m_uplinks.size() << "open";
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
        for (const auto &[call, uplink] : m_uplinks) {
            bool silence = false;
            const QByteArray frame = uplink->pacer.next(&silence);
            if (m_gateway->sendMicrophone(call, frame, MediaGateway::MicrophoneSource::Uplink))
                ++(silence ? m_metrics->uplinkSilenceOut : m_metrics->uplinkFramesOut);
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
