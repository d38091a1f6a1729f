// SPDX-License-Identifier: MIT
#include "RemoteCallAudio.h"

#include "Logging.h"
#include "audio/AudioEngine.h"
#include "client/BackendClient.h"
#include "client/ReconnectingSocket.h"
#include "media/MediaFrame.h"
#include "protocol/Paths.h"

// Qt
#include <QUrlQuery>

// C++
#include <utility>

namespace sb {

RemoteCallAudio::RemoteCallAudio(BackendClient *backend, AudioEngine *engine, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_engine(engine)
{
    // Made afresh for every attempt: the call's id, and the token as it is now (it may have been regenerated).
    const auto request = [this](QLatin1String path) {
        return [this, path] {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("call"), QString::fromLatin1(QUrl::toPercentEncoding(m_call)));
            // At the instance holding the call's media (CONTRACT §8): the dial's or answer's record named it.
            return m_backend ? m_backend->mediaRequest(path, m_call, query) : QNetworkRequest();
        };
    };
    m_listen = new ReconnectingSocket(request(paths::kFrontendAudio), this);
    m_uplink = new ReconnectingSocket(request(paths::kAgentAudio), this);
    for (ReconnectingSocket *socket : {m_listen, m_uplink}) {
        connect(socket, &ReconnectingSocket::connected, this, &RemoteCallAudio::updateState);
        connect(socket, &ReconnectingSocket::disconnected, this, &RemoteCallAudio::updateState);
        // A drop or a refused attempt may mean the call's media moved (its instance died and another took it over
        // within 5 s, or a 409 named another instance): the record says where it is now, read again before each next
        // attempt (within the backoff's delay).
        connect(socket, &ReconnectingSocket::retrying, this, [this] {
            if (m_backend && !m_call.isEmpty())
                m_backend->locateCall(m_call, this, {});
        });
    }
    connect(m_listen, &ReconnectingSocket::textMessageReceived, this, &RemoteCallAudio::onListenText);
    connect(engine, &AudioEngine::microphoneFrame, this, &RemoteCallAudio::onMicrophoneFrame);
    connect(backend, &BackendClient::callEvent, this,
            [this](const QString &type, const QString &, const QString &, const QJsonObject &payload) {
                onCallEvent(type, payload);
            });
}

RemoteCallAudio::~RemoteCallAudio()
{
    leave();
}

void RemoteCallAudio::follow(const QString &callControlId)
{
    if (callControlId == m_call)
        return;
    leave();
    if (callControlId.isEmpty())
        return;
    m_call = callControlId;
    m_law = G711Law::MuLaw;
    m_nextOrder = 0;
    m_everConnected = false;
    m_engine->setMicMuted(false); // the call's mute events follow; the server decides anyway
    qCInfo(lcMedia).noquote() << "remote audio follows" << m_call;
    emit callChanged(m_call);
    m_listen->start();
    m_uplink->start();
    updateState();
}

void RemoteCallAudio::leave()
{
    if (m_call.isEmpty())
        return;
    endStream();
    // Cleared first: the sockets' closing below then reads as Idle, not as a drop to reconnect from.
    const QString call = std::exchange(m_call, QString());
    m_listen->stop();
    m_uplink->stop();
    qCInfo(lcMedia).noquote() << "remote audio leaves" << call;
    emit callChanged(m_call);
    updateState();
}

void RemoteCallAudio::onListenText(const QString &text)
{
    const std::optional<MediaFrame> frame = MediaFrame::parse(text.toUtf8());
    if (!frame)
        return;
    // ?call= limits the socket to this call; a frame naming another is not ours all the same.
    if (!frame->callControlId.isEmpty() && frame->callControlId != m_call)
        return;
    switch (frame->event) {
    case MediaFrame::Event::Start:
        m_law = lawForEncoding(frame->encoding).value_or(G711Law::MuLaw);
        m_engine->beginStream(m_call, m_law);
        m_streaming = true;
        return;
    case MediaFrame::Event::Stop:
        endStream();
        return;
    case MediaFrame::Event::Media:
        break;
    default:
        return;
    }
    if (frame->track == MediaFrame::Track::Outbound || frame->payload.isEmpty())
        return;
    if (frame->track == MediaFrame::Track::Whisper) { // a supervisor speaks to this desk's agent alone
        if (m_engine->pushWhisper(m_call, frame->payload))
            ++m_whisperFrames;
        return;
    }
    if (!m_streaming) { // joined mid-stream: its start was sent before this socket opened
        m_engine->beginStream(m_call, m_law);
        m_streaming = true;
    }
    const quint64 order = frame->playbackOrder().value_or(m_nextOrder);
    m_nextOrder = order + 1;
    if (m_engine->pushRemote(m_call, order, frame->payload))
        ++m_framesToSpeaker;
}

void RemoteCallAudio::onCallEvent(const QString &type, const QJsonObject &payload)
{
    if (m_call.isEmpty() || payload.value(QLatin1String("call_control_id")).toString() != m_call)
        return;
    if (type == QLatin1String("call.hangup")) {
        leave();
    } else if (type == QLatin1String("call.muted") || type == QLatin1String("call.unmuted")) {
        m_engine->setMicMuted(type == QLatin1String("call.muted"));
    }
}

void RemoteCallAudio::onMicrophoneFrame(const QString &callControlId, const QByteArray &pcmu)
{
    if (m_call.isEmpty() || callControlId != m_call)
        return;
    if (m_uplink->sendBinary(pcmu))
        ++m_framesFromMicrophone;
    else
        ++m_micDropped;
}

void RemoteCallAudio::updateState()
{
    State state = State::Idle;
    if (!m_call.isEmpty()) {
        if (m_listen->isConnected() && m_uplink->isConnected()) {
            if (m_everConnected && m_state == State::Reconnecting)
                ++m_reconnects;
            m_everConnected = true;
            state = State::Connected;
        } else {
            state = m_everConnected ? State::Reconnecting : State::Connecting;
        }
    }
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void RemoteCallAudio::endStream()
{
    if (!m_streaming)
        return;
    m_streaming = false;
    m_engine->endStream(m_call);
}

} // namespace sb
