// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSocketNotifier;
class QTimer;

// Turns a request to stop (SIGINT, SIGTERM; on Windows also the console's close, logoff and shutdown events)
// into a Qt signal, so shutdown runs on the event loop: pending webhook batches are committed and sockets
// closed cleanly. Only one SignalWatcher may exist at a time (the handlers are process-wide).
//
// Three ways, chosen at build time:
// - POSIX (SWITCHBOARD_HAVE_POSIX_SIGNALS): a self-pipe written by the async-signal-safe handler, watched by a
//   QSocketNotifier: the event loop wakes at once.
// - Windows: SetConsoleCtrlHandler, whose handler runs on a thread of its own, sets a flag; plus std::signal.
// - Portable (anything else, and SWITCHBOARD_PORTABLE builds): std::signal sets a sig_atomic_t flag that a
//   100 ms timer reads. Standard C++ only, so it compiles everywhere; a stop takes up to 100 ms to be seen.
class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_poll = nullptr;
};
