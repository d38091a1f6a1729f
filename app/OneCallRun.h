// SPDX-License-Identifier: MIT
#pragma once

#include "client/RestClient.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

namespace sb {

class AudioEngine;
class CallAudioBridge;
class SwitchboardServer;
struct CallEvent;
struct CallRecord;
struct Config;

// `--dial NUMBER [--hangup-after S]`: places one call through the server's own HTTP API (the client library, as
// any client would), follows it
// through its events, hangs it up S seconds after it was answered, and prints a summary. finished()
// reports 0 only when every stage happened: initiated, answered, streaming started, audio frames
// played, hung up, and the record stored as ended with a duration and a cause.
class OneCallRun : public QObject {
    Q_OBJECT
public:
    OneCallRun(SwitchboardServer *server, AudioEngine *engine, CallAudioBridge *bridge, const Config &config,
               QObject *parent = nullptr);

    void start();

signals:
    void finished(int exitCode);

private:
    RestClient &api();
    void onEvent(const CallEvent &event);
    void hangUp();
    void finish();
    void fail(const QString &why);
    QString elapsed() const;

    SwitchboardServer *m_server;
    AudioEngine *m_engine;
    CallAudioBridge *m_bridge;
    QString m_to;
    QString m_from;
    int m_hangupAfterSeconds;
    RestClient m_api;
    QElapsedTimer m_clock;
    QTimer m_deadline;
    QString m_callId;
    QStringList m_stages;   // event types in the order they arrived
    QStringList m_timeline; // printable lines
    bool m_hangupRequested = false;
    bool m_done = false;
    quint64 m_framesPlayedAtStart = 0;
};

} // namespace sb
