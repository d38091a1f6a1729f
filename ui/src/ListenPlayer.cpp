// SPDX-License-Identifier: MIT
#include "ListenPlayer.h"

#include "LanguageChange.h"
#include "PcmOutput.h"
#include "client/BackendClient.h"
#include "dsp/Telephone.h"
#include "media/MediaFrame.h"

// Qt
#include <QWebSocket>

// C++
#include <cmath>

namespace sb {

namespace {
// kFrameSamples (20 ms at 8 kHz) comes from dsp/Telephone.h.
constexpr std::size_t kPrimeSamples = 480; // 60 ms before a track starts playing
constexpr std::size_t kMaxSamples = 3200;  // 400 ms: beyond, cut back to kPrimeSamples
} // namespace

ListenPlayer::ListenPlayer(QObject *parent)
    : QObject(parent)
    , m_output(std::make_unique<PcmOutput>())
{
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
        if (m_callControlId == callControlId && !m_socket)
            openSocket();
    });
    m_mix.start();
    setState(State::Connecting,
             m_outputOk ? QString() : tr("%1 The call's audio is received but cannot be played here.").arg(error));
    emit listeningChanged();
}

void ListenPlayer::openSocket()
{
    m_socket = m_backend->openFrontendAudio(m_callControlId, true, this);
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { handleFrame(text.toUtf8()); });
    connect(m_socket, &QWebSocket::connected, this, [this] { setState(State::WaitingForAudio, m_problem); });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        const QString reason = m_socket ? m_socket->closeReason() : QString();
        stop();
        setState(State::NotListening,
                 reason.isEmpty() ? QString() : tr("The backend closed the audio: %1").arg(reason));
    });
}

void ListenPlayer::stop()
{
    m_mix.stop();
    m_output->close();
    if (m_socket || !m_callControlId.isEmpty()) {
        if (QWebSocket *socket = std::exchange(m_socket, nullptr)) {
            socket->disconnect(this);
            socket->close();
            socket->deleteLater();
        }
        m_callControlId.clear();
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
    if (payload.isEmpty())
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
