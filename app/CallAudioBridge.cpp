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
    connect(gateway, &MediaGateway::streamStarted, this, [this](const QString &call, G711Law law, const QString &) {
        if (!m_activeCall.isEmpty() && m_activeCall != call)
            qCInfo(lcMedia).noquote() << "the speaker moves from" << m_activeCall << "to" << call;
        m_activeCall = call;
        m_engine->beginStream(call, law);
        m_engine->setMicMuted(m_gateway->isMuted(call));
        emit activeCallChanged(call);
    });
    connect(gateway, &MediaGateway::inboundAudio, this,
            [this](const QString &call, quint64 order, const QByteArray &payload) {
                if (call != m_activeCall)
                    return;
                ++m_framesToSpeaker;
                m_engine->pushRemote(order, payload);
            });
    connect(gateway, &MediaGateway::streamStopped, this, [this](const QString &call) {
        if (call != m_activeCall)
            return;
        m_engine->endStream(call);
        m_activeCall.clear();
        emit activeCallChanged(QString());
    });
    connect(engine, &AudioEngine::microphoneFrame, this, [this](const QString &call, const QByteArray &pcmu) {
        if (m_gateway->sendMicrophone(call, pcmu))
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

} // namespace sb
