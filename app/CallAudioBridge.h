// SPDX-License-Identifier: MIT
#pragma once

#include "streaming/MediaGateway.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>

namespace sb {

class AudioEngine;
class CallStore;
class CallsApi;

// Joins the network side of a call's media (MediaGateway: Telnyx's stream) to this desk's audio
// devices (AudioEngine). The agent has one active call: the stream that started last. Its inbound
// track is played, and the microphone is sent back on it; the gateway drops microphone frames while
// the call is muted, and the engine then records silence on the agent channel.
//
//   Telnyx -> MediaGateway::inboundAudio -> AudioEngine::pushRemote -> jitter buffer -> speaker
//   microphone -> AudioEngine::microphoneFrame -> MediaGateway::sendMicrophone -> Telnyx
//
// The remote audio does not pass through this object's (the main) thread: the stream's start, its frames and its end
// go from the gateway's media thread straight to the engine (Qt::DirectConnection), which keeps the active stream
// behind its jitter buffer's lock. What the desk shows (activeCall(), activeCallChanged) and the microphone's mute
// follow on this thread, queued.
class CallAudioBridge : public QObject {
    Q_OBJECT
public:
    // `store`, when given, keeps where each call's recording (--record) was saved, for the history.
    CallAudioBridge(MediaGateway *gateway, AudioEngine *engine, CallsApi *calls, CallStore *store = nullptr,
                    QObject *parent = nullptr);
    // Disconnects from the media thread and waits for it: the engine is not called from there afterwards.
    ~CallAudioBridge() override;

    QString activeCall() const { return m_activeCall; }
    quint64 framesToSpeaker() const { return m_framesToSpeaker.load(std::memory_order_relaxed); }
    quint64 framesFromMicrophone() const { return m_framesFromMicrophone; }

signals:
    void activeCallChanged(const QString &callControlId);

private:
    QPointer<MediaGateway> m_gateway;
    AudioEngine *m_engine;
    QString m_activeCall;
    std::atomic<quint64> m_framesToSpeaker{0}; // counted on the media thread
    quint64 m_framesFromMicrophone = 0;
};

} // namespace sb
