// SPDX-License-Identifier: MIT
#pragma once

#include "client/BackendClient.h"

// Qt
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace sb {

struct ApiReply;

// The agent's one current call, as the Active call panel shows it.
//
// dial() posts /api/calls/telnyx/initiate; from then on the state follows the call's /call-events:
//   Idle -> Dialing (request in flight) -> Calling (Telnyx placed it) -> Ringing? -> Connected -> Ended
//   any -> Failed (the backend or Telnyx refused: `problem` says what happened, `advice` what to do).
// States only move forward, like the backend's statuses: a late call.answered never revives an ended call.
// Webhooks can overtake the dial's answer, so events of a call we do not know yet are kept until it arrives.
class ActiveCallController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(sb::BackendClient *backend READ backend WRITE setBackend NOTIFY backendChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString stateText READ stateText NOTIFY stateChanged)
    Q_PROPERTY(bool inCall READ inCall NOTIFY stateChanged)
    Q_PROPERTY(QString callControlId READ callControlId NOTIFY callChanged)
    Q_PROPERTY(QString remoteNumber READ remoteNumber NOTIFY callChanged)
    Q_PROPERTY(QString callerId READ callerId NOTIFY callChanged)
    Q_PROPERTY(int elapsedSeconds READ elapsedSeconds NOTIFY elapsedChanged)
    Q_PROPERTY(QString elapsedText READ elapsedText NOTIFY elapsedChanged)
    Q_PROPERTY(bool muted READ isMuted NOTIFY mutedChanged)
    // Who whispers to this desk's agent right now (call.whisper_started/ended), empty when nobody: the panel says so.
    Q_PROPERTY(QString whisperer READ whisperer NOTIFY whispererChanged)
    Q_PROPERTY(QString endReason READ endReason NOTIFY stateChanged)
    Q_PROPERTY(QString problem READ problem NOTIFY problemChanged)
    Q_PROPERTY(QString advice READ advice NOTIFY problemChanged)
    Q_PROPERTY(QString digitsSent READ digitsSent NOTIFY digitsSentChanged)

public:
    enum State { Idle, Dialing, Calling, Ringing, Connected, Ended, Failed };
    Q_ENUM(State)

    explicit ActiveCallController(QObject *parent = nullptr);

    BackendClient *backend() const { return m_backend; }
    void setBackend(BackendClient *backend);
    State state() const { return m_state; }
    QString stateText() const { return stateName(m_state); }
    bool inCall() const { return m_state >= Dialing && m_state <= Connected; }
    QString callControlId() const { return m_callControlId; }
    QString remoteNumber() const { return m_remoteNumber; }
    QString callerId() const { return m_callerId; }
    int elapsedSeconds() const;
    QString elapsedText() const;
    bool isMuted() const { return m_muted; }
    QString whisperer() const { return m_whisperer; }
    QString endReason() const { return m_endReason; }
    QString problem() const { return m_problem; }
    QString advice() const { return m_advice; }
    QString digitsSent() const { return m_digitsSent; }

    Q_INVOKABLE void dial(const QString &to, const QString &from, const QString &agentId = {});
    Q_INVOKABLE void hangUp();
    Q_INVOKABLE void setMuted(bool muted);
    Q_INVOKABLE void toggleMute() { setMuted(!m_muted); }
    // Sends one keypad digit (0-9, *, #, A-D) to the far end while connected.
    Q_INVOKABLE void sendDtmf(const QString &digit);
    // Follows a call placed elsewhere (a script, --dial) as the current call, from Calling on.
    Q_INVOKABLE void adopt(const QString &callControlId, const QString &remoteNumber);
    // Back to Idle from Ended or Failed (the panel's "Done").
    Q_INVOKABLE void reset();
    // Applies one /call-events event (the backend's callEvent signal lands here).
    Q_INVOKABLE void applyEvent(const QString &type, const QString &occurredAt, const QJsonObject &payload);

    Q_INVOKABLE static QString stateName(sb::ActiveCallController::State state);

signals:
    void backendChanged();
    void stateChanged();
    void callChanged();
    void elapsedChanged();
    void mutedChanged();
    void whispererChanged();
    void problemChanged();
    void digitsSentChanged();
    // For notifications: the call ended (reason in words) or could not be placed (problem in words).
    void callEnded(const QString &remoteNumber, const QString &reason);
    void callFailed(const QString &problem);

private:
    void setWhisperer(const QString &name);
    void setState(State state);
    void setProblem(const QString &problem, const QString &advice);
    void fail(const ApiReply &reply, const QString &what);
    void applyRecord(const QJsonObject &record);
    void resync();

    QPointer<BackendClient> m_backend;
    State m_state = Idle;
    QString m_callControlId;
    QString m_remoteNumber;
    QString m_callerId;
    QDateTime m_answeredAt;
    QTimer m_tick;
    bool m_muted = false;
    QString m_whisperer;
    bool m_hangupRequested = false;
    bool m_streamProblem = false; // `problem` is a streaming.failed
    QString m_endReason;
    QString m_problem;
    QString m_advice;
    QString m_digitsSent;
    struct Early {
        QString type, occurredAt;
        QJsonObject payload;
    };
    QList<Early> m_early; // events of calls not known yet, while the dial request is in flight
};

} // namespace sb
