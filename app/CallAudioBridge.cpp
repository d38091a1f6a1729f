// SPDX-License-Identifier: MIT
#include "CallAudioBridge.h"

#include "Logging.h"
#include "audio/AudioEngine.h"
#include "calls/CallStore.h"
#include "calls/CallsApi.h"
#include "streaming/MediaGateway.h"

namespace sb {

CallAudioBridge::CallAudioBridge(MediaGateway *gateway, AudioEngine *engine, CallsApi *calls, CallStore *store,
                                 QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_engine(engine)
{
    // On the media thread, as the frames come (see the header).
    connect(
        gateway, &MediaGateway::streamStarted, this,
        [engine](const QString &call, G711Law law, const QString &) { engine->beginStream(call, law); },
        Qt::DirectConnection);
    connect(
        gateway, &MediaGateway::inboundAudio, this,
        [this, engine](const QString &call, quint64 order, const QByteArray &payload) {
            if (engine->pushRemote(call, order, payload))
                m_framesToSpeaker.fetch_add(1, std::memory_order_relaxed);
        },
        Qt::DirectConnection);
    connect(
        gateway, &MediaGateway::streamStopped, this, [engine](const QString &call) { engine->endStream(call); },
        Qt::DirectConnection);
    // On this thread, queued behind them: what the desk shows.
    connect(gateway, &MediaGateway::streamStarted, this, [this](const QString &call, G711Law, const QString &) {
        if (!m_activeCall.isEmpty() && m_activeCall != call)
            qCInfo(lcMedia).noquote() << "the speaker moves from" << m_activeCall << "to" << call;
        m_activeCall = call;
        m_engine->setMicMuted(m_gateway->isMuted(call));
        emit activeCallChanged(call);
    });
    connect(gateway, &MediaGateway::streamStopped, this, [this](const QString &call) {
        if (call != m_activeCall)
            return;
        m_activeCall.clear();
        emit activeCallChanged(QString());
    });
    connect(engine, &AudioEngine::microphoneFrame, this, [this](const QString &call, const QByteArray &pcmu) {
        if (m_gateway && m_gateway->sendMicrophone(call, pcmu))
            ++m_framesFromMicrophone;
    });
    if (store) {
        connect(engine, &AudioEngine::recordingStarted, this, [store](const QString &call, const QString &path) {
            if (!store->setRecordingPath(call, path))
                qCWarning(lcMedia).noquote() << "could not note the recording of" << call << "in the history";
        });
    }
    if (calls) {
        connect(calls, &CallsApi::muteChanged, this, [this](const QString &call, bool muted) {
            if (call == m_activeCall)
                m_engine->setMicMuted(muted);
        });
    }
}

CallAudioBridge::~CallAudioBridge()
{
    if (m_gateway) {
        disconnect(m_gateway, nullptr, this, nullptr);
        m_gateway->syncMediaThread();
    }
}

} // namespace sb
