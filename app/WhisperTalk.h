// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

class QWebSocket;

namespace sb {

class AudioEngine;
class BackendClient;

// A supervisor's push-to-talk whisper from this desk (docs/interface.md §7.2): while it talks, the desk's microphone
// (its AudioEngine's capture and device choice, talk-only: no output opened, nothing recorded) goes as binary 160-byte
// PCMU frames, one per 20 ms, to /whisper?call=ID at the call's instance (BackendClient::mediaRequest). The server
// hands them to the call's agent alone; the customer never hears them.
//
// Push-to-talk holds one socket per press: no reconnecting (a dropped whisper ends, and problem() says why; the
// next press opens a new one). A desk on a call of its own cannot whisper meanwhile: its microphone is that call's.
//
// Threads: the owner's (GUI) thread.
class WhisperTalk : public QObject {
    Q_OBJECT
public:
    WhisperTalk(BackendClient *backend, AudioEngine *engine, QObject *parent = nullptr);
    ~WhisperTalk() override;

    // Starts whispering into `callControlId` (stopping a whisper into another call first). False, with problem()
    // saying why, when the desk's microphone is on a call of its own.
    bool start(const QString &callControlId);
    void stop();

    QString callControlId() const { return m_call; } // empty when not whispering
    bool isConnected() const;                        // the socket is open: what is said is heard
    QString problem() const { return m_problem; }    // why the last whisper could not start or ended early
    quint64 framesSent() const { return m_sent; }

signals:
    void changed(); // callControlId, isConnected or problem changed

private:
    void onMicrophoneFrame(const QString &callControlId, const QByteArray &pcmu);
    void end(const QString &problem);

    BackendClient *m_backend;
    AudioEngine *m_engine;
    QPointer<QWebSocket> m_socket;
    QString m_call;
    QString m_problem;
    quint64 m_sent = 0;
};

} // namespace sb
