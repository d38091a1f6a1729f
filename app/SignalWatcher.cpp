// SPDX-License-Identifier: MIT
#include "SignalWatcher.h"

#include <QSocketNotifier>
#include <QTimer>

#include <csignal>

#if defined(SWITCHBOARD_HAVE_POSIX_SIGNALS)
#include <sys/socket.h>
#include <unistd.h>
#elif defined(Q_OS_WIN)
#include <qt_windows.h>
#endif

namespace {

#if defined(SWITCHBOARD_HAVE_POSIX_SIGNALS)

int g_pipe[2] = {-1, -1};

void onSignal(int signalNumber)
{
    const char byte = char(signalNumber);
    [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1); // async-signal-safe
}

#else

// The one thing a standard signal handler may do: store to a volatile sig_atomic_t.
volatile std::sig_atomic_t g_requested = 0;

void onSignal(int signalNumber)
{
    g_requested = signalNumber;
}

#if defined(Q_OS_WIN)
// Runs on a thread the system creates for it. Returning TRUE for close/logoff/shutdown gives the process a
// few seconds (about 5) before it is ended, which the 100 ms poll fits in.
BOOL WINAPI onConsoleEvent(DWORD event)
{
    switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
        g_requested = SIGINT;
        return TRUE;
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        g_requested = SIGTERM;
        return TRUE;
    default:
        return FALSE;
    }
}
#endif

#endif

} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
#if defined(SWITCHBOARD_HAVE_POSIX_SIGNALS)
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) != 0)
        return;
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(g_pipe[0], &byte, 1) == 1)
            emit terminationRequested(int(byte));
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
#else
    g_requested = 0;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
#if defined(Q_OS_WIN)
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
#endif
    // 100 ms: quick enough for a person pressing Ctrl+C and for a service manager's stop timeout.
    constexpr int kPollMs = 100;
    m_poll = new QTimer(this);
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (const int signalNumber = g_requested) {
            g_requested = 0;
            emit terminationRequested(signalNumber);
        }
    });
    m_poll->start();
#endif
}

SignalWatcher::~SignalWatcher()
{
    // The handlers stay installed: a stop request may arrive twice (GNU timeout signals the child and then its
    // process group), and a second one after this point must not kill the process mid-shutdown. With the pipe
    // closed the POSIX handler's write fails harmlessly; the portable one only sets a flag.
#if defined(SWITCHBOARD_HAVE_POSIX_SIGNALS)
    delete m_notifier;
    m_notifier = nullptr;
    for (int &fd : g_pipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
#else
#if defined(Q_OS_WIN)
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
#endif
#endif
}
