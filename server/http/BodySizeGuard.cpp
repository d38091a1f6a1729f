// SPDX-License-Identifier: MIT
#include "http/BodySizeGuard.h"

#include "http/ApiResponse.h"
#include "http/HttpLogging.h"

#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace sb {

namespace {

constexpr qint64 kMaxHeadBytes = 16 * 1024;
constexpr qint64 kChunkFramingAllowance = 64 * 1024;
constexpr int kDrainMs = 2000;

// The value of header `name` in a lower-cased request head, or empty. `name` starts with the line feed that ends
// the line before it (so only a whole header name matches) and ends with the colon.
QByteArray headerValue(const QByteArray &lowerHead, QByteArrayView name)
{
    const qsizetype at = lowerHead.indexOf(name);
    if (at < 0)
        return {};
    const qsizetype start = at + name.size();
    const qsizetype end = lowerHead.indexOf('\r', start);
    return lowerHead.mid(start, end < 0 ? -1 : end - start).trimmed();
}

bool startsWithMethod(const QByteArray &data)
{
    for (const char *m : {"POST ", "PUT ", "PATCH ", "GET ", "DELETE ", "HEAD ", "OPTIONS "}) {
        if (data.startsWith(m))
            return true;
    }
    return false;
}

} // namespace

BodySizeGuard::BodySizeGuard(QTcpSocket *socket, qint64 maxBodyBytes)
    : QObject(socket)
    , m_socket(socket)
    , m_maxBodyBytes(maxBodyBytes)
{
    connect(socket, &QTcpSocket::readyRead, this, &BodySizeGuard::inspect);
}

void BodySizeGuard::inspect()
{
    if (m_rejected) {
        m_socket->readAll(); // discard what the client still sends until the close completes
        return;
    }
    if (!m_socket->isOpen())
        return;
    const QByteArray peeked = m_socket->peek(kMaxHeadBytes);
    if (!startsWithMethod(peeked)) {
        // Mid-body: the HTTP parser took everything up to here, so what waits now is what just arrived.
        // A chunked body announces no length, so what arrives is what counts (with room for the framing).
        if (m_chunked) {
            m_chunkedBytes += m_socket->bytesAvailable();
            if (m_chunkedBytes > m_maxBodyBytes + kChunkFramingAllowance)
                reject(QStringLiteral("a chunked request body over %1 bytes").arg(m_maxBodyBytes));
        }
        return;
    }
    const qsizetype headEnd = peeked.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    const QByteArray head = peeked.left(headEnd + 2).toLower(); // header names and the values read here ignore case
    if (head == m_lastHead)
        return; // the HTTP parser has not consumed this request yet; it was inspected already
    m_lastHead = head;
    m_chunked = headerValue(head, "\ntransfer-encoding:").contains("chunked");
    m_chunkedBytes = m_socket->bytesAvailable() - (headEnd + 4);

    bool ok = false;
    const qint64 length = headerValue(head, "\ncontent-length:").toLongLong(&ok);
    if (ok && length > m_maxBodyBytes) {
        reject(QStringLiteral("a request body of %1 bytes").arg(length));
        return;
    }
    if (headerValue(head, "\nexpect:") == "100-continue" && peeked.size() == headEnd + 4)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void BodySizeGuard::reject(const QString &what)
{
    m_rejected = true;
    // The HTTP parser lets go of this connection: it would otherwise keep what arrives for its request
    // (in a read transaction). From now on only inspect() reads, and throws the bytes away.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    connect(m_socket, &QTcpSocket::readyRead, this, &BodySizeGuard::inspect);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();

    const QByteArray body =
        api::errorBody(QStringLiteral("payload_too_large"), QStringLiteral("The request body is larger than 1 MiB."));
    m_socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    "Content-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body);
    m_socket->flush();
#ifdef Q_OS_UNIX
    // Closing outright while the client is still sending would reset the connection, and a reset can
    // destroy the answer before the client reads it. So: end our side only, keep discarding what comes,
    // and drop the connection when the client closes, or after kDrainMs.
    if (m_socket->bytesToWrite() == 0 && ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR) == 0) {
        QTimer::singleShot(kDrainMs, m_socket, &QTcpSocket::abort);
    } else
#endif
    {
        m_socket->disconnectFromHost();
    }
    qCInfo(lcHttp).noquote() << "refused" << what << "(limit" << m_maxBodyBytes << "bytes)";
}

GuardedTcpServer::GuardedTcpServer(qint64 maxBodyBytes, QObject *parent)
    : QTcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
{
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    new BodySizeGuard(socket, m_maxBodyBytes);
    addPendingConnection(socket);
}

} // namespace sb
