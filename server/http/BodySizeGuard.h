// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;

namespace sb {

// QHttpServer 6.4 buffers a whole request body before any handler sees it and has no size limit,
// nor `Expect: 100-continue`. This guard sits on each connection's socket ahead of the HTTP parser
// (its readyRead slot is connected first, so it runs first). When a request head announces a
// Content-Length over the limit it answers 413 at once and closes the connection, so the body is
// never buffered; for an acceptable body announced with `Expect: 100-continue` it sends
// `100 Continue` so that clients such as curl do not stall for a second.
// Chunked bodies have no length up front: once more than the limit (plus room for the chunk framing)
// is buffered for one request, it is refused the same way; the handlers check the decoded size too
// (api::readJsonObject).
class BodySizeGuard : public QObject {
    Q_OBJECT
public:
    BodySizeGuard(QTcpSocket *socket, qint64 maxBodyBytes);

private:
    void inspect();
    void reject(const QString &what);

    QTcpSocket *m_socket;
    qint64 m_maxBodyBytes;
    QByteArray m_lastHead;
    bool m_rejected = false;
    bool m_chunked = false;    // the request being received has a chunked body
    qint64 m_chunkedBytes = 0; // of it, received so far (framing included)
};

// A QTcpServer that puts a BodySizeGuard on every connection before QAbstractHttpServer takes it.
class GuardedTcpServer : public QTcpServer {
    Q_OBJECT
public:
    GuardedTcpServer(qint64 maxBodyBytes, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    qint64 m_maxBodyBytes;
};

} // namespace sb
