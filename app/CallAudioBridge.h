// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

namespace sb {

class AudioEngine;
class CallStore;
class CallsApi;
class MediaGateway;

// Joins the network side of a call's media (MediaGateway: Telnyx's stream) to this desk's audio
// devices (AudioEngine). The agent has one active call: the stream that started last. Its inbound
// track is played, and the microphone is sent back on it; the gateway drops microphone frames while
// the call is muted, and the engine then records silence on the agent channel.
//
//   Telnyx -> MediaGateway::inboundAudio -> AudioEngine::pushRemote -> jitter buffer -> speaker
//   microphone -> AudioEngine::microphoneFrame -> MediaGateway::sendMicrophone -> Telnyx
class CallAudioBridge : public QObject {
    Q_OBJECT
public:
    // `store`, when given, keeps where each call's recording (--record) was saved, for the history.
    CallAudioBridge(MediaGateway *gateway, AudioEngine *engine, CallsApi *calls, CallStore *store = nullptr,
                    QObject *parent = nullptr);

    QString activeCall() const { return m_activeCall; }
    quint64 framesToSpeaker() const { return m_framesToSpeaker; }
    quint64 framesFromMicrophone() const { return m_framesFromMicrophone; }

signals:
    void activeCallChanged(const QString &callControlId);

private:
    MediaGateway *m_gateway;
    AudioEngine *m_engine;
    QString m_activeCall;
    quint64 m_framesToSpeaker = 0;
    quint64 m_framesFromMicrophone = 0;
};

} // namespace sb
