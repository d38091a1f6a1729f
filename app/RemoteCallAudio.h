// SPDX-License-Identifier: MIT
#pragma once

#include "media/G711.h"

// Qt
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

namespace sb {

class AudioEngine;
class BackendClient;
class ReconnectingSocket;

// A remote desk's call audio (--connect, CONTRACT §7): the same speaker and microphone as the local desk's
// (CallAudioBridge), with the network in between.
//
//   /frontend-audio?call=ID -> MediaFrame::parse -> start: AudioEngine::beginStream(law) -> media (inbound):
//     pushRemote(chunk/sequence order) -> jitter buffer -> speaker; stop: endStream
//   microphone -> AudioEngine::microphoneFrame (160 bytes PCMU, 20 ms) -> binary frame -> /agent-audio?call=ID
//   a supervisor's whisper (media, track "whisper", on the same /frontend-audio) -> AudioEngine::pushWhisper -> laid
//     over the customer after the jitter buffer (WhisperMixer)
//
// Which call: the desk's own current call, given by follow() (the desktop runner hands it the ActiveCallController's
// call from Calling on, so that the sockets are open before the stream's `start` comes) and left by leave(), or here
// on the call's `call.hangup` from /call-events. A socket opened in the middle of a stream has missed its `start`:
// the first inbound media then begins the stream as PCMU, what /frontend-audio announces on connect.
//
// Network drops: each socket reconnects on its own (ReconnectingSocket, ReconnectBackoff's delays) while the call
// lives; the engine's stream is kept meanwhile, so the jitter buffer conceals the gap and playback goes on where the
// frames resume. Microphone frames are dropped while the uplink is down, never queued. Mute is the server's to
// decide; the engine's microphone also follows the call's call.muted/call.unmuted events, as on the local desk, so
// that the meters and the recording agree with what the callee hears.
//
// Threads: everything on the owner's (GUI) thread; the engine's stream calls are thread-safe (AudioEngine.h).
class RemoteCallAudio : public QObject {
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString callControlId READ callControlId NOTIFY callChanged)
public:
    enum class State {
        Idle,         // no call followed
        Connecting,   // a call is followed; its sockets are opening for the first time
        Connected,    // both sockets are open
        Reconnecting, // a socket dropped during the call and is being reopened
    };
    Q_ENUM(State)

    RemoteCallAudio(BackendClient *backend, AudioEngine *engine, QObject *parent = nullptr);
    ~RemoteCallAudio() override;

    State state() const { return m_state; }
    QString callControlId() const { return m_call; }
    quint64 framesToSpeaker() const { return m_framesToSpeaker; }
    quint64 whisperFrames() const { return m_whisperFrames; } // a supervisor's whisper frames handed to the engine
    quint64 framesFromMicrophone() const { return m_framesFromMicrophone; }
    quint64 microphoneFramesDropped() const { return m_micDropped; }
    int reconnects() const { return m_reconnects; }

public slots:
    // Hears and speaks in this call from now on (leaving any other).
    void follow(const QString &callControlId);
    // Closes both sockets and ends the engine's stream: no call followed.
    void leave();

signals:
    void stateChanged(sb::RemoteCallAudio::State state);
    void callChanged(const QString &callControlId);

private:
    void onListenText(const QString &text);
    void onCallEvent(const QString &type, const QJsonObject &payload);
    void onMicrophoneFrame(const QString &callControlId, const QByteArray &pcmu);
    void updateState();
    void endStream();

    QPointer<BackendClient> m_backend;
    AudioEngine *m_engine;
    ReconnectingSocket *m_listen = nullptr; // /frontend-audio
    ReconnectingSocket *m_uplink = nullptr; // /agent-audio
    QString m_call;
    G711Law m_law = G711Law::MuLaw;
    bool m_streaming = false;     // the engine's stream is this call's
    bool m_everConnected = false; // both sockets were open once during this call
    quint64 m_nextOrder = 0;      // for media without chunk or sequence_number
    State m_state = State::Idle;
    quint64 m_framesToSpeaker = 0;
    quint64 m_whisperFrames = 0;
    quint64 m_framesFromMicrophone = 0;
    quint64 m_micDropped = 0;
    int m_reconnects = 0;
};

} // namespace sb
