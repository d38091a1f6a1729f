// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace sb {

// The Supervisor page's push-to-talk "Whisper" (docs/interface.md §7.2), as QML sees it. The talking itself (the
// desk's microphone to /whisper) is the application's (app/WhisperTalk): it answers startRequested/stopRequested and
// reports back through setAvailable/setState, as AudioStatus is fed. Without that wiring (no audio engine on this
// desk) the control is unavailable and the page hides the button.
class WhisperControl : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Dashboard makes it")
    Q_PROPERTY(bool available READ isAvailable NOTIFY availableChanged)
    Q_PROPERTY(QString callControlId READ callControlId NOTIFY stateChanged)
    Q_PROPERTY(bool talking READ isTalking NOTIFY stateChanged)
    Q_PROPERTY(QString problem READ problem NOTIFY stateChanged)

public:
    explicit WhisperControl(QObject *parent = nullptr);

    bool isAvailable() const { return m_available; }
    QString callControlId() const { return m_call; } // the call being whispered into (connecting or talking)
    bool isTalking() const { return m_talking; }     // connected: what is said is heard
    QString problem() const { return m_problem; }    // why the last whisper could not start or ended early

    // Press and release of the button.
    Q_INVOKABLE void start(const QString &callControlId);
    Q_INVOKABLE void stop();

    void setAvailable(bool available);
    void setState(const QString &callControlId, bool talking, const QString &problem);

signals:
    void availableChanged();
    void stateChanged();
    void startRequested(const QString &callControlId);
    void stopRequested();

private:
    bool m_available = false;
    QString m_call;
    bool m_talking = false;
    QString m_problem;
};

} // namespace sb
