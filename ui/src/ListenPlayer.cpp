// SPDX-License-Identifier: MIT
#include "ListenPlayer.h"

#include "LanguageChange.h"
#include "PcmOutput.h"
#include "client/BackendClient.h"
#include "dsp/Telephone.h"
#include "media/MediaFrame.h"
#include "protocol/CallStatus.h"

// C++
#include <cmath>
#include <utility>

namespace sb {

namespace {
// kFrameSamples (20 ms at 8 kHz) comes from dsp/Telephone.h.
constexpr std::size_t kPrimeSamples = 480; // 60 ms before a track starts playing
constexpr std::size_t kMaxSamples = 3200;  // 400 ms: beyond, cut back to kPrimeSamples
} // namespace

ListenPlayer::ListenPlayer(QObject *parent)
    : QObject(parent)
    , m_socket([this] { return request(); })
    , m_output(std::make_unique<PcmOutput>())
{
    connect(&m_socket, &ReconnectingSocket::textMessageReceived, this,
            [this](const QString &text) { handleFrame(text.toUtf8()); });
    connect(&m_socket, &ReconnectingSocket::connected, this, [this] { setState(State::WaitingForAudio, m_problem); });
    // Every drop while listening is followed by `retrying` (stop() stops the socket after clearing the call).
    connect(&m_socket, &ReconnectingSocket::retrying, this, &ListenPlayer::relocate);
    m_mix.setInterval(20);
    m_mix.setTimerType(Qt::PreciseTimer);
    connect(&m_mix, &QTimer::timeout, this, &ListenPlayer::mixTick);
    connect(m_output.get(), &PcmOutput::failed, this, [this](const QString &message) { setState(m_state, message); });
    onLanguageChange(this, [this] { emit statusChanged(); });
}

ListenPlayer::~ListenPlayer()
{
    stop();
}

void ListenPlayer::setBackend(BackendClient *backend)
{
    if (m_backend == backend)
        return;
    stop();
    m_backend = backend;
    emit backendChanged();
}

void ListenPlayer::setVolume(double volume)
{
    volume = std::clamp(volume, 0.0, 1.0);
    if (qFuzzyCompare(volume, m_volume))
        return;
    m_volume = volume;
    m_output->setVolume(volume);
    emit volumeChanged();
}

QString ListenPlayer::statusText() const
{
    switch (m_state) {
    case State::NotListening:
        return tr("Not listening");
    case State::Connecting:
        return tr("Connecting…");
    case State::WaitingForAudio:
        return tr("Listening, waiting for audio…");
    case State::Listening:
        return tr("Listening");
    case State::StreamStopped:
        return tr("The call's audio stream stopped.");
    case State::Reconnecting:
        return tr("Audio lost, reconnecting…");
    }
    return {};
}

void ListenPlayer::setState(State state, const QString &problem)
{
    if (m_state == state && m_problem == problem)
        return;
    m_state = state;
    m_problem = problem;
    emit statusChanged();
}

void ListenPlayer::listen(const QString &callControlId)
{
    stop();
    if (!m_backend || callControlId.isEmpty())
        return;
    m_callControlId = callControlId;
    m_inbound = {};
    m_outbound = {};
    m_law = G711Law::MuLaw;
    QString error;
    m_outputOk = m_output->open({}, &error);
    m_output->setVolume(m_volume);
    // Where the call's media is may have changed since it was listed (several instances, CONTRACT §8): read its
    // record first, then open the socket there. The state says Connecting meanwhile.
    m_backend->locateCall(callControlId, this, [this, callControlId] {
        if (m_callControlId == callControlId)
            m_socket.start();
    });
    m_mix.start();
    setState(State::Connecting,
             m_outputOk ? QString() : tr("%1 The call's audio is received but cannot be played here.").arg(error));
    emit listeningChanged();
}

QNetworkRequest ListenPlayer::request() const
{
    return m_backend ? m_backend->frontendAudioRequest(m_callControlId, true) : QNetworkRequest();
}

void ListenPlayer::relocate()
{
    if (!m_backend || !isListening())
        return;
    setState(State::Reconnecting, m_problem);
    const QString call = m_callControlId;
    m_backend->fetchCall(call, this, [this, call](const ApiReply &reply) {
        if (m_callControlId != call)
            return;
        // Unreachable (status 0) or a server error: the backend may come back; the attempts go on.
        if (reply.status == 0 || reply.status >= 500)
            return;
        QString why;
        if (!reply.ok())
            why = reply.message.isEmpty() ? reply.errorCode : reply.message;
        else if (callStatusFromName(reply.data().toObject().value(QLatin1String("status")).toString()) ==
                 CallStatus::Ended)
            why = tr("The call ended.");
        else
            return; // live: the next attempt goes where its record says
        stop();
        setState(State::NotListening, tr("Listening stopped: %1").arg(why));
    });
}

void ListenPlayer::stop()
{
    m_mix.stop();
    m_output->close();
    // Cleared first: the socket's closing then is not a drop to reconnect from.
    const QString call = std::exchange(m_callControlId, QString());
    m_socket.stop();
    if (!call.isEmpty()) {
        m_level = 0;
        emit levelChanged();
        emit listeningChanged();
        setState(State::NotListening);
    }
}

void ListenPlayer::handleFrame(const QByteArray &json)
{
    const std::optional<MediaFrame> frame = MediaFrame::parse(json);
    if (!frame)
        return;
    switch (frame->event) {
    case MediaFrame::Event::Start:
        m_law = lawForEncoding(frame->encoding).value_or(G711Law::MuLaw);
        setState(State::Listening, m_problem);
        return;
    case MediaFrame::Event::Stop:
        setState(State::StreamStopped, m_problem);
        return;
    case MediaFrame::Event::Media:
        break;
    default:
        return;
    }
    const QByteArray &payload = frame->payload;
    if (payload.isEmpty() || frame->track == MediaFrame::Track::Whisper) // a whisper is for the agent's desk alone
        return;
    ++m_framesReceived;
    Track &t = frame->track == MediaFrame::Track::Outbound ? m_outbound : m_inbound;
    std::vector<int16_t> pcm(std::size_t(payload.size()));
    decodeG711(m_law, {reinterpret_cast<const uint8_t *>(payload.constData()), std::size_t(payload.size())},
               pcm.data());
    t.samples.insert(t.samples.end(), pcm.begin(), pcm.end());
    if (t.samples.size() > kMaxSamples)
        t.samples.erase(t.samples.begin(), t.samples.end() - std::ptrdiff_t(kPrimeSamples));
    setState(State::Listening, m_problem);
}

void ListenPlayer::mixTick()
{
    int32_t mixed[kFrameSamples] = {};
    bool any = false;
    for (Track *t : {&m_inbound, &m_outbound}) {
        if (!t->playing && t->samples.size() >= kPrimeSamples)
            t->playing = true;
        if (!t->playing)
            continue;
        if (t->samples.size() < std::size_t(kFrameSamples)) { // ran dry: prime again
            t->playing = false;
            continue;
        }
        for (int i = 0; i < kFrameSamples; ++i)
            mixed[i] += t->samples[std::size_t(i)];
        t->samples.erase(t->samples.begin(), t->samples.begin() + kFrameSamples);
        any = true;
    }
    int16_t out[kFrameSamples];
    int peak = 0;
    for (int i = 0; i < kFrameSamples; ++i) {
        out[i] = int16_t(std::clamp(mixed[i], -32768, 32767));
        peak = std::max(peak, std::abs(int(out[i])));
    }
    const double level = any ? double(peak) / 32768.0 : 0.0;
    if (std::abs(level - m_level) > 0.01) {
        m_level = level;
        emit levelChanged();
    }
    if (any && m_outputOk)
        m_output->write(out, kFrameSamples);
}

} // namespace sb
