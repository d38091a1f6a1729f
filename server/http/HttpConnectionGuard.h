// SPDX-License-Identifier: MIT
#pragma once

#include "http/ConnectionBudget.h"
#include "http/HttpLimits.h"
#include "http/HttpRequestFramer.h"

#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTimer>

#include <optional>

class QTcpSocket;

namespace sb {

// Qt 6.4's HTTP server reads whatever a client sends into memory until a request is complete: it has no
// limit on a head or a body, no timeout, and ignores `Connection: close`. This guard sits on each
// connection's socket ahead of Qt's parser (its readyRead slot is connected first, so it runs first) and
// follows the byte stream with an HttpRequestFramer. What breaks a limit is answered here (431, 400, 413,
// 408, JSON in the contract's shape) and the connection closed, before Qt buffers it. It also closes a
// connection idle between requests, ends one after the answer to a request that asked for that, answers
// `Expect: 100-continue` (Qt 6.4 does not), and keeps the connection's lease in the ConnectionBudget
// up to date (waiting, or busy with a request). After a WebSocket upgrade it lets go completely.
class HttpConnectionGuard : public QObject {
    Q_OBJECT
public:
    HttpConnectionGuard(QTcpSocket *socket, const HttpLimits &limits, ConnectionBudget::Lease *lease);

    static HttpConnectionGuard *of(const QTcpSocket *socket);
    ConnectionBudget::Lease *lease() const { return m_lease; }

    // Qt's parser is now attached to the socket: from here on the guard also sees what it left unread.
    void followParser();

    // HttpServer reports each request Qt hands over: started, and its handler returned. A handler that keeps
    // the responder for a later answer holds the answer until it lets the responder go (api::DeferredResponder).
    void requestStarted() { ++m_started; }
    void handlerReturned();
    void holdAnswer() { ++m_held; }
    void releaseAnswer();

    // A WebSocket upgrade was accepted: the bytes are WebSocket frames from now on, not the guard's business.
    // Until takeEarlyFrames(), though, it holds back what arrives behind the upgrade head: Qt 6.4's WebSocket
    // handshake decodes frames already buffered with the head before anyone can connect to the new QWebSocket, so a
    // client's first frames (sent in the same packet as its handshake) would be lost, and would pass before any
    // message size limit is set.
    void release();
    // The bytes held back since release(), for whoever took the connection over (they precede anything still in
    // the socket's buffer); the guard holds nothing back from now on.
    QByteArray takeEarlyFrames();

    // The listed CORS origin of the request being answered (empty: none): api::send* name it in their answer.
    void setCorsOrigin(const QByteArray &origin) { m_corsOrigin = origin; }
    const QByteArray &corsOrigin() const { return m_corsOrigin; }

private:
    enum class Deadline { None, Head, Idle };

    void inspect();
    void afterParser();
    void refuse(int status, QByteArrayView reason, const QString &code, const QString &message);
    void answered();
    void finish();
    void finishWhenWritten();
    void update(bool bytesArrived);
    void timedOut();
    void holdBackFrames();
    void holdBack();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    HttpRequestFramer m_framer;
    QPointer<ConnectionBudget::Lease> m_lease;
    QTimer m_timer;
    Deadline m_deadline = Deadline::None;
    qint64 m_seenUnread = 0; // bytes in the socket's buffer the framer has seen already
    int m_started = 0;       // requests Qt handed over
    int m_answered = 0;      // of them, answered
    int m_held = 0;          // answers still held by deferred responders
    int m_continued = 0;     // the last request answered `100 Continue`
    bool m_finishing = false;
    bool m_released = false;
    QByteArray m_corsOrigin;
    QByteArray m_upgradeHead; // after release(): the upgrade request, left in the buffer for the handshake
    QByteArray m_earlyFrames; // after release(): what followed it
    bool m_framesTaken = false;
};

// A QTcpServer that admits each connection into the ConnectionBudget and puts an HttpConnectionGuard on it
// before QAbstractHttpServer takes it. Over the cap with nothing to close for room, a connection is closed
// at once.
//
// With a TLS configuration each connection is a QSslSocket whose server handshake starts at once; it is handed
// over before the handshake is done, which changes nothing for Qt's parser and the guard: a QSslSocket's
// readyRead, peek() and read() see decrypted bytes only. So every limit holds as over plain TCP, and the head
// deadline, which runs from the connection's opening, covers the handshake too (a client that never finishes it
// is dropped after HttpLimits::headTimeoutMs).
class GuardedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    GuardedTcpServer(const HttpLimits &limits, ConnectionBudget *budget, const std::optional<QSslConfiguration> &tls,
                     QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    HttpLimits m_limits;
    ConnectionBudget *m_budget;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace sb
