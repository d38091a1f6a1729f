// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace sb {

class AudioEngine;
class AudioStatus;
class CallAudioBridge;
class RemoteCallAudio;

// Feeds the dashboard's AudioStatus from the AudioEngine, and the speaker controls back. Everything here runs
// on the GUI thread: the engine re-emits its audio-thread signals on its owner's thread (AudioEngine.h), and
// jitterStats() is its thread-safe snapshot, read twice a second (often enough for a health dot, rare enough
// to cost nothing).
class AudioStatusFeed : public QObject {
    Q_OBJECT
public:
    AudioStatusFeed(AudioEngine *engine, CallAudioBridge *bridge, AudioStatus *status, QObject *parent = nullptr);
    // A remote desk (--connect): the call's stream and the state of its sockets come from `remote` instead.
    AudioStatusFeed(AudioEngine *engine, RemoteCallAudio *remote, AudioStatus *status, QObject *parent = nullptr);

private:
    AudioStatusFeed(AudioEngine *engine, AudioStatus *status, QObject *parent);
    void setStreaming(bool streaming);
    void poll();

    QPointer<AudioEngine> m_engine;
    QPointer<AudioStatus> m_status;
    QTimer m_poll;
    bool m_streaming = false;
};

} // namespace sb
