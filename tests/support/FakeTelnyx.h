// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace sb::test {

// A stand-in for Telnyx's REST API inside a test: a real QHttpServer on an ephemeral loopback port.
// By default POST /v2/calls answers 200 with a fresh call_control_id ("v3:fake-1", "v3:fake-2", ...)
// and every POST /v2/calls/{id}/actions/{name} answers 200 {"data":{"result":"ok"}}.
// Every request is recorded. Scripted answers override the defaults, first in first out.
class FakeTelnyx : public QObject {
    Q_OBJECT
public:
    struct Request {
        QByteArray method;
        QString path;             // percent-decoded path, e.g. "/v2/calls/v3:fake-1/actions/hangup"
        QByteArray rawPath;       // as sent on the wire
        QByteArray authorization; // the Authorization header
        QByteArray contentType;
        QJsonObject body;
        QList<QPair<QByteArray, QByteArray>> headers; // every header as sent, names in their original case
    };

    explicit FakeTelnyx(QObject *parent = nullptr);
    ~FakeTelnyx() override;

    quint16 port() const { return m_port; }
    QUrl baseUrl() const; // http://127.0.0.1:<port>/v2

    // The next request whose path ends with `pathSuffix` ("/calls", "/actions/hangup") gets this answer
    // after `delayMs` (a delay longer than the client's timeout simulates an unresponsive Telnyx).
    void respondNext(const QString &pathSuffix, int status, const QByteArray &body, int delayMs = 0);

    QList<Request> requests() const { return m_requests; }
    QList<Request> requestsTo(const QString &pathSuffix) const;
    void clearRequests() { m_requests.clear(); }
    QString lastCallControlId() const { return m_lastCallControlId; }

signals:
    void requestReceived(const sb::test::FakeTelnyx::Request &request);

private:
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void answer(QHttpServerResponder &&responder, int status, const QByteArray &body, int delayMs);

    struct Scripted {
        QString pathSuffix;
        int status;
        QByteArray body;
        int delayMs;
    };
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
    QList<Request> m_requests;
    QList<Scripted> m_scripted;
    QString m_lastCallControlId;
    int m_nextCall = 1;
    QHash<quint64, std::function<void()>> m_pendingAnswers; // delayed answers, written at the latest in ~FakeTelnyx
    quint64 m_nextPending = 1;
};

} // namespace sb::test
