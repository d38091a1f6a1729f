// SPDX-License-Identifier: MIT
#include "ListenPlayer.h"

#include "client/BackendClient.h"
#include "PcmOutput.h"
#include "UiLogging.h"

// Qt
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

// C++
#include <cmath>

namespace sb {

namespace {
constexpr int kFrameSamples = 160;         // 20 ms at 8 kHz
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
    connect(m_output.get(), &PcmOutput::failed, this, [this](const QString &message) { setStatus(m_status, message); });
    m_status = tr("Not listening");
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

void ListenPlayer::setStatus(const QString &status, const QString &problem)
{
    if (m_status == status && m_problem == problem)
        return;
    m_status = status;
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
    m_socket = m_backend->openFrontendAudio(callControlId, true, this);
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { handleFrame(text.toUtf8()); });
    connect(m_socket, &QWebSocket::connected, this,
            [this] { setStatus(tr("Listening, waiting for audio…"), m_problem); });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        const QString reason = m_socket ? m_socket->closeReason() : QString();
        stop();
        setStatus(tr("Not listening"),
                  reason.isEmpty() ? QString() : tr("The backend closed the audio: %1").arg(reason));
    });
    m_mix.start();
    setStatus(tr("Connecting…"),
              m_outputOk ? QString() : tr("%1 The call's audio is received but cannot be played here.").arg(error));
    emit listeningChanged();
}

void ListenPlayer::stop()
{
    m_mix.stop();
    m_output->close();
    if (m_socket) {
        QWebSocket *socket = std::exchange(m_socket, nullptr);
        socket->disconnect(this);
        socket->close();
        socket->deleteLater();
        m_callControlId.clear();
        m_level = 0;
        emit levelChanged();
        emit listeningChanged();
        setStatus(tr("Not listening"));
    }
}

void ListenPlayer::handleFrame(const QByteArray &json)
{
    const QJsonObject frame = QJsonDocument::fromJson(json).object();
    const QString event = frame.value(QLatin1String("event")).toString();
    if (event == QLatin1String("start")) {
        const QString encoding = frame.value(QLatin1String("start"))
                                     .toObject()
                                     .value(QLatin1String("media_format"))
                                     .toObject()
                                     .value(QLatin1String("encoding"))
                                     .toString();
        m_law = lawForEncoding(encoding).value_or(G711Law::MuLaw);
        setStatus(tr("Listening"), m_problem);
        return;
    }
    if (event == QLatin1String("stop")) {
        setStatus(tr("The call's audio stream stopped."), m_problem);
        return;
    }
    if (event != QLatin1String("media"))
        return;
    const QJsonObject media = frame.value(QLatin1String("media")).toObject();
    const QByteArray payload = QByteArray::fromBase64(media.value(QLatin1String("payload")).toString().toLatin1());
    if (payload.isEmpty())
        return;
    ++m_framesReceived;
    const QString track = media.value(QLatin1String("track")).toString();
    Track &t = track.startsWith(QLatin1String("outbound")) ? m_outbound : m_inbound;
    std::vector<int16_t> pcm(std::size_t(payload.size()));
    decodeG711(m_law, {reinterpret_cast<const uint8_t *>(payload.constData()), std::size_t(payload.size())},
               pcm.data());
    t.samples.insert(t.samples.end(), pcm.begin(), pcm.end());
    if (t.samples.size() > kMaxSamples)
        t.samples.erase(t.samples.begin(), t.samples.end() - std::ptrdiff_t(kPrimeSamples));
    if (m_status != tr("Listening"))
        setStatus(tr("Listening"), m_problem);
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
