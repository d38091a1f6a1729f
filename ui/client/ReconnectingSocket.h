// SPDX-License-Identifier: MIT
#pragma once

#include "client/ReconnectBackoff.h"

// Qt
#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>

// C++
#include <functional>

class QWebSocket;

namespace sb {

// One WebSocket kept open while start()ed: when it drops (or cannot be opened) it is opened again after
// ReconnectBackoff's delay, with a request made afresh each time (the API token may have been regenerated), until
// stop(). Nothing is queued for a closed socket: sendBinary() says false and the caller drops the frame.
//
// Bounded sending: QWebSocket buffers whatever the kernel does not take, without limit. A frame is refused once more
// than kMaxUnsentBytes are waiting (about 160 ms of 20 ms PCMU frames), so a stalled network costs at most that much
// memory and that much delay; newer audio is worth more than old audio on a call.
class ReconnectingSocket : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kMaxUnsentBytes = 8 * 160;

    using RequestFactory = std::function<QNetworkRequest()>;
    explicit ReconnectingSocket(RequestFactory request, QObject *parent = nullptr);
    ~ReconnectingSocket() override;

    void start();
    // Closes normally (1000) and stops reconnecting.
    void stop();
    bool isRunning() const { return m_running; }
    bool isConnected() const { return m_connected; }
    // Sends one binary message if connected and not backed up; false when it was dropped.
    bool sendBinary(const QByteArray &message);
    // Attempts made since start(), the first one included (for tests and logs).
    int attempts() const { return m_attempts; }

signals:
    void connected();
    // The connection dropped (after it had opened) or was lost; another attempt follows (unless stopped).
    void disconnected();
    // The next attempt is due in `delayMs`: after every drop and every attempt that failed (refused, unreachable, a
    // handshake answered 4xx). Time to find out whether the request should now go elsewhere (CONTRACT §8).
    void retrying(int delayMs);
    void textMessageReceived(const QString &message);

private:
    void open();
    void onDisconnected();
    void discardSocket();

    RequestFactory m_request;
    ReconnectBackoff m_backoff;
    QWebSocket *m_socket = nullptr;
    QTimer m_retry;
    QElapsedTimer m_upSince;
    qint64 m_unsent = 0; // bytes given to the socket and not yet reported written
    int m_attempts = 0;
    bool m_running = false;
    bool m_connected = false;
};

} // namespace sb
