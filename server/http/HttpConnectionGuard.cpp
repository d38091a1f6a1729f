// SPDX-License-Identifier: MIT
#include "http/HttpConnectionGuard.h"

#include "http/ApiResponse.h"
#include "http/HttpLogging.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>

// shutdown() and the FIONREAD ioctl are BSD socket calls every platform has (Winsock spells them SD_SEND and
// ioctlsocket).
#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/ioctl.h>
#include <sys/socket.h>
#endif

namespace sb {

namespace {

// After refusing a request or answering the last one, how long what the client still sends is read and
// thrown away before the connection is dropped (see finish()).
constexpr int kDrainMs = 2000;

constexpr int kMinimumListenBacklog = 50; // Qt's own default
// What a client may send behind its upgrade request before the handshake is done: the largest message any
// WebSocket path takes (a media frame, MediaChannel::kMaxMessageBytes), and a little.
constexpr qsizetype kMaxEarlyFrameBytes = 1024 * 1024 + 64;

#ifdef Q_OS_WIN
constexpr int kShutdownWrite = SD_SEND;
#else
constexpr int kShutdownWrite = SHUT_WR;
#endif

// Whether the client's bytes wait to be read: in Qt's buffer, or still in the kernel's (Qt reads them only when
// the event loop gets to the socket).
bool hasUnreadInput(QTcpSocket *socket)
{
    if (socket->bytesAvailable() > 0)
        return true;
#ifdef Q_OS_WIN
    u_long pending = 0;
    return ::ioctlsocket(SOCKET(socket->socketDescriptor()), FIONREAD, &pending) == 0 && pending > 0;
#else
    int pending = 0;
    return ::ioctl(int(socket->socketDescriptor()), FIONREAD, &pending) == 0 && pending > 0;
#endif
}

} // namespace

HttpConnectionGuard::HttpConnectionGuard(QTcpSocket *socket, const HttpLimits &limits, ConnectionBudget::Lease *lease)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_framer(limits)
    , m_lease(lease)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnectionGuard::timedOut);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnectionGuard::inspect);
    update(false); // the first head's deadline runs from the connection's opening
}

HttpConnectionGuard *HttpConnectionGuard::of(const QTcpSocket *socket)
{
    return socket ? socket->findChild<HttpConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void HttpConnectionGuard::followParser()
{
    // Connected after Qt's parser (which attached itself when the connection was handed over), so this runs
    // after it on each readyRead and learns what it left unread: a pipelined request behind a complete one.
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnectionGuard::afterParser);
}

void HttpConnectionGuard::inspect()
{
    if (m_released)
        return;
    if (m_finishing || !m_socket->isOpen()) {
        if (m_socket->isOpen())
            m_socket->readAll(); // the connection is ending: what the client still sends is thrown away
        return;
    }
    const qint64 unread = m_socket->bytesAvailable();
    const qint64 fresh = unread - m_seenUnread;
    if (fresh <= 0)
        return;
    if (m_framer.stage() == HttpRequestFramer::Stage::Closed && m_started >= m_framer.closingRequest()) {
        m_socket->readAll(); // after the request that ends the connection: never to reach Qt's parser
        m_seenUnread = 0;
        return;
    }
    const QByteArray bytes = m_socket->peek(unread).sliced(m_seenUnread);
    m_seenUnread = unread; // afterParser() lowers it by what Qt's parser reads now
    switch (m_framer.feed(bytes)) {
    case HttpRequestFramer::Verdict::Ok:
        break;
    case HttpRequestFramer::Verdict::HeadTooLarge:
        refuse(431, "Request Header Fields Too Large", QStringLiteral("header_too_large"),
               QStringLiteral("The request head is larger than %1 bytes.").arg(m_limits.maxHeadBytes));
        return;
    case HttpRequestFramer::Verdict::BadRequest:
        refuse(400, "Bad Request", QStringLiteral("bad_request"),
               QStringLiteral("The request is malformed: %1.").arg(m_framer.problem()));
        return;
    case HttpRequestFramer::Verdict::BodyTooLarge:
        refuse(413, "Payload Too Large", QStringLiteral("payload_too_large"),
               QStringLiteral("The request body is larger than 1 MiB."));
        return;
    }
    if (m_framer.awaitsContinue() && m_continued <= m_framer.completedRequests()) {
        m_continued = m_framer.completedRequests() + 1;
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    update(true);
}

void HttpConnectionGuard::afterParser()
{
    if (m_released || m_finishing || !m_socket->isOpen())
        return;
    m_seenUnread = m_socket->bytesAvailable();
    if (m_seenUnread > 0 && m_framer.stage() == HttpRequestFramer::Stage::Closed &&
        m_started >= m_framer.closingRequest()) {
        m_socket->readAll();
        m_seenUnread = 0;
    }
}

void HttpConnectionGuard::handlerReturned()
{
    if (m_held == 0)
        answered();
}

void HttpConnectionGuard::releaseAnswer()
{
    if (--m_held == 0)
        answered();
}

void HttpConnectionGuard::answered()
{
    ++m_answered;
    if (m_framer.closingRequest() > 0 && m_answered >= m_framer.closingRequest()) {
        finish();
        return;
    }
    update(false);
}

void HttpConnectionGuard::release()
{
    m_released = true;
    m_timer.stop();
    disconnect(m_socket, nullptr, this, nullptr);
    if (m_lease)
        m_lease->setStage(ConnectionBudget::Lease::Stage::Kept);
    // Now, from the request's handler (Qt's handshake may run as soon as it returns), and again on each readyRead
    // until the connection is taken over.
    holdBackFrames();
}

void HttpConnectionGuard::holdBackFrames()
{
    if (m_framesTaken)
        return;
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnectionGuard::holdBackFrames, Qt::UniqueConnection);
    // Qt's HTTP parser may still be inside its read transaction: what it read goes back first, and the transaction
    // starts again at the head, so that what Qt rolls back to for its WebSocket handshake is the head alone.
    const bool inTransaction = m_socket->isTransactionStarted();
    if (inTransaction)
        m_socket->rollbackTransaction();
    holdBack();
    if (inTransaction)
        m_socket->startTransaction();
}

void HttpConnectionGuard::holdBack()
{
    const QByteArray buffered = m_socket->peek(m_socket->bytesAvailable());
    if (m_upgradeHead.isEmpty()) {
        const qsizetype crlf = buffered.indexOf("\r\n\r\n");
        const qsizetype lf = buffered.indexOf("\n\n"); // the bare-LF form
        if (crlf < 0 && lf < 0)
            return;
        const qsizetype end = crlf >= 0 ? crlf + 4 : lf + 2;
        m_upgradeHead = buffered.first(end);
    }
    // Once the handshake has read the head, what arrives is the WebSocket's to read.
    if (buffered.size() == m_upgradeHead.size() || !buffered.startsWith(m_upgradeHead))
        return;
    // Everything out, the head back in front (QIODevice takes back bytes one at a time; a head is a few hundred).
    m_socket->skip(buffered.size());
    m_earlyFrames += QByteArrayView(buffered).sliced(m_upgradeHead.size());
    if (m_earlyFrames.size() > kMaxEarlyFrameBytes) {
        qCInfo(lcHttp).noquote() << "dropped a WebSocket from" << m_socket->peerAddress().toString()
                                 << "that sent more than" << kMaxEarlyFrameBytes
                                 << "bytes before its handshake was done";
        m_socket->abort();
        return;
    }
    for (qsizetype i = m_upgradeHead.size() - 1; i >= 0; --i)
        m_socket->ungetChar(m_upgradeHead.at(i));
}

QByteArray HttpConnectionGuard::takeEarlyFrames()
{
    m_framesTaken = true;
    disconnect(m_socket, &QTcpSocket::readyRead, this, &HttpConnectionGuard::holdBackFrames);
    return std::exchange(m_earlyFrames, {});
}

void HttpConnectionGuard::update(bool bytesArrived)
{
    using Stage = HttpRequestFramer::Stage;
    const Stage stage = m_framer.stage();
    const bool answering = m_answered < m_framer.completedRequests();
    Deadline deadline = Deadline::None;
    bool waiting = false;
    if (stage == Stage::Head || (stage == Stage::Idle && m_framer.completedRequests() == 0)) {
        deadline = Deadline::Head;
        waiting = !answering;
    } else if (stage == Stage::Body) {
        deadline = Deadline::Idle;
    } else if (stage == Stage::Idle && !answering) {
        deadline = Deadline::Idle;
        waiting = true;
    }
    if (answering)
        deadline = Deadline::None; // the server's turn: no client deadline runs
    if (m_lease)
        m_lease->setStage(waiting ? ConnectionBudget::Lease::Stage::Waiting : ConnectionBudget::Lease::Stage::Busy);
    // A head's deadline runs from its first byte, not its last; an idle deadline from the last byte.
    const bool restart = deadline != m_deadline || (deadline == Deadline::Idle && bytesArrived);
    m_deadline = deadline;
    if (deadline == Deadline::None)
        m_timer.stop();
    else if (restart)
        m_timer.start(deadline == Deadline::Head ? m_limits.headTimeoutMs : m_limits.idleTimeoutMs);
}

void HttpConnectionGuard::timedOut()
{
    if (const auto *tls = qobject_cast<QSslSocket *>(m_socket); tls && !tls->isEncrypted()) {
        // The TLS handshake is not done: there is no channel to answer 408 on.
        qCInfo(lcHttp).noquote() << "closed a connection from" << m_socket->peerAddress().toString()
                                 << "whose TLS handshake did not finish within" << m_limits.headTimeoutMs << "ms";
        m_finishing = true;
        m_socket->abort();
        return;
    }
    if (m_deadline == Deadline::Head) {
        refuse(408, "Request Timeout", QStringLiteral("request_timeout"),
               QStringLiteral("The request head did not arrive within %1 ms.").arg(m_limits.headTimeoutMs));
        return;
    }
    qCDebug(lcHttp) << "closed a connection idle for" << m_limits.idleTimeoutMs << "ms";
    finish();
}

void HttpConnectionGuard::refuse(int status, QByteArrayView reason, const QString &code, const QString &message)
{
    // Qt's parser lets go of this connection: it would otherwise keep what arrives for its request (in a
    // read transaction). From now on only inspect() reads, and throws the bytes away.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnectionGuard::inspect);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();

    const QByteArray body = api::errorBody(code, message);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray() +
                    "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body);
    qCInfo(lcHttp).noquote() << "refused" << (m_framer.problem().isEmpty() ? message : m_framer.problem()) << "from"
                             << m_socket->peerAddress().toString() << "with" << status;
    finish();
}

void HttpConnectionGuard::finish()
{
    m_finishing = true;
    m_timer.stop();
    m_deadline = Deadline::None;
    if (m_lease)
        m_lease->setStage(ConnectionBudget::Lease::Stage::Waiting); // nothing left to lose: may go for room
    finishWhenWritten();
}

void HttpConnectionGuard::finishWhenWritten()
{
    m_socket->flush();
    // Over TLS the answer waits twice: to be encrypted (bytesToWrite) and, encrypted, to reach the kernel.
    auto *tls = qobject_cast<QSslSocket *>(m_socket);
    if (m_socket->bytesToWrite() > 0 || (tls && tls->encryptedBytesToWrite() > 0)) {
        // The answer is not in the kernel yet: end the connection once it is.
        connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnectionGuard::finishWhenWritten,
                Qt::UniqueConnection);
        if (tls)
            connect(tls, &QSslSocket::encryptedBytesWritten, this, &HttpConnectionGuard::finishWhenWritten,
                    Qt::UniqueConnection);
        return;
    }
    disconnect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnectionGuard::finishWhenWritten);
    if (tls)
        disconnect(tls, &QSslSocket::encryptedBytesWritten, this, &HttpConnectionGuard::finishWhenWritten);
    // Closing outright while the client is still sending would reset the connection, and a reset can
    // destroy the answer before the client reads it. So: end our side only, keep discarding what comes,
    // and drop the connection when the client closes, or after kDrainMs. (Over TLS this ends the stream without
    // a close_notify alert; our answers carry their length, so a client cannot mistake a cut one for whole.)
    if (::shutdown(m_socket->socketDescriptor(), kShutdownWrite) == 0) {
        QTimer::singleShot(kDrainMs, m_socket, &QTcpSocket::abort);
        return;
    }
    m_socket->disconnectFromHost();
}

GuardedTcpServer::GuardedTcpServer(const HttpLimits &limits, ConnectionBudget *budget,
                                   const std::optional<QSslConfiguration> &tls, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_budget(budget)
    , m_tls(tls)
{
    // The kernel's queue of connections not yet accepted. Qt's default (50) overflows when many clients connect
    // at once (a burst of desks after a restart, or an attack opening hundreds): the kernel then drops the
    // SYNs it has no room for and those clients retry only after a second, /healthz included. A queue as
    // long as the connection cap lets the server accept the burst and apply the cap itself.
    setListenBacklogSize(std::max(kMinimumListenBacklog, limits.maxConnections));
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    QSslSocket *tls = m_tls ? new QSslSocket(this) : nullptr;
    QTcpSocket *socket = tls ? tls : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    ConnectionBudget::Lease *lease = m_budget->admit(
        socket, [socket] { socket->abort(); }, [socket] { return hasUnreadInput(socket); });
    if (!lease) {
        socket->abort(); // over the cap and nothing to close for room: this one goes at once
        socket->deleteLater();
        return;
    }
    auto *guard = new HttpConnectionGuard(socket, m_limits, lease);
    if (tls) {
        tls->setSslConfiguration(*m_tls);
        // A failed handshake (a plain-HTTP client, a client that refuses our certificate) ends the connection.
        connect(tls, &QAbstractSocket::errorOccurred, tls, [tls] {
            if (!tls->isEncrypted()) {
                qCDebug(lcHttp).noquote()
                    << "TLS handshake with" << tls->peerAddress().toString() << "failed:" << tls->errorString();
                tls->abort();
            }
        });
        tls->startServerEncryption();
    }
    addPendingConnection(socket); // QAbstractHttpServer attaches its parser here (pendingConnectionAvailable)
    guard->followParser();
}

} // namespace sb
