// SPDX-License-Identifier: MIT
#include "BodySizeGuard.h"

#include "ApiResponse.h"
#include "Logging.h"

#include <QTcpSocket>

namespace sb {

namespace {

constexpr qint64 kMaxHeadBytes = 16 * 1024;

// The value of header `name` (lower case, with the colon) in a request head, or empty.
QByteArray headerValue(const QByteArray &head, QByteArrayView name)
{
    const QByteArray lower = head.toLower();
    qsizetype at = 0;
    while ((at = lower.indexOf(name, at)) >= 0) {
        if (at >= 2 && lower[at - 1] == '\n') {
            const qsizetype end = lower.indexOf('\r', at);
            return head.mid(at + name.size(), end - at - name.size()).trimmed();
        }
        at += name.size();
    }
    return {};
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
        m_socket->readAll(); // drain what the client still sends until the close completes
        return;
    }
    if (!m_socket->isOpen())
        return;
    const QByteArray peeked = m_socket->peek(kMaxHeadBytes);
    if (!startsWithMethod(peeked))
        return;
    const qsizetype headEnd = peeked.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    const QByteArray head = peeked.left(headEnd + 2);
    if (head == m_lastHead)
        return; // the HTTP parser has not consumed this request yet; it was inspected already
    m_lastHead = head;

    bool ok = false;
    const qint64 length = headerValue(head, "\ncontent-length:").toLongLong(&ok);
    if (ok && length > m_maxBodyBytes) {
        m_rejected = true;
        m_socket->readAll();
        const QByteArray body = api::errorBody(QStringLiteral("payload_too_large"),
                                               QStringLiteral("The request body is larger than 1 MiB."));
        m_socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nConnection: close\r\n"
                        "Content-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body);
        m_socket->disconnectFromHost();
        qCInfo(lcHttp) << "refused a request body of" << length << "bytes (limit" << m_maxBodyBytes << ")";
        return;
    }
    if (headerValue(head, "\nexpect:").toLower() == "100-continue" && peeked.size() == headEnd + 4)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
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
