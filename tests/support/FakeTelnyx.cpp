// SPDX-License-Identifier: MIT
#include "FakeTelnyx.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

namespace sb::test {

namespace {

using Status = QHttpServerResponder::StatusCode;

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

// QHttpServerResponder 6.4 looks the reason phrase up in a fixed table and throws for a code it
// does not know, so a scripted oddity (299, 460) is answered with its class's generic code instead.
Status toStatus(int status)
{
    if (QMetaEnum::fromType<Status>().valueToKey(status) != nullptr)
        return static_cast<Status>(status);
    qWarning("FakeTelnyx: HTTP status %d is unknown to QHttpServer; answering %d", status, status / 100 * 100);
    switch (status / 100) {
    case 1:
    case 2:
        return Status::Ok;
    case 3:
        return Status::MultipleChoices;
    case 4:
        return Status::BadRequest;
    default:
        return Status::InternalServerError;
    }
}

QByteArray contentTypeFor(const QByteArray &body)
{
    const QByteArray head = body.trimmed();
    if (head.isEmpty())
        return {};
    if (head.startsWith('{') || head.startsWith('['))
        return "application/json";
    if (head.startsWith('<'))
        return "text/html; charset=utf-8";
    return "text/plain; charset=utf-8";
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray errorsBody(const QString &code, const QString &title, const QString &detail)
{
    const QJsonObject error{
        {QStringLiteral("code"), code}, {QStringLiteral("title"), title}, {QStringLiteral("detail"), detail}};
    return compact({{QStringLiteral("errors"), QJsonArray{error}}});
}

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

FakeTelnyx::FakeTelnyx(QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<QHttpServer>())
{
    // No routes: every request reaches the missing handler, which dispatches on the raw path itself.
    // That keeps an encoded '/' inside a call id in one segment, exactly as Telnyx would see it.
    m_server->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handle(request, std::move(responder));
    });
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    if (m_port == 0)
        qWarning("FakeTelnyx: could not listen on 127.0.0.1");
}

FakeTelnyx::~FakeTelnyx()
{
    // Every delayed answer is written now rather than dropped with its responder.
    const auto pending = std::exchange(m_pendingAnswers, {});
    for (const auto &write : pending)
        write();
}

QUrl FakeTelnyx::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v2").arg(m_port));
}

void FakeTelnyx::respondNext(const QString &pathSuffix, int status, const QByteArray &body, int delayMs)
{
    m_scripted.append(Scripted{pathSuffix, status, body, delayMs});
}

QList<FakeTelnyx::Request> FakeTelnyx::requestsTo(const QString &pathSuffix) const
{
    QList<Request> matching;
    for (const Request &request : m_requests) {
        if (request.path.endsWith(pathSuffix))
            matching.append(request);
    }
    return matching;
}

void FakeTelnyx::handle(const QHttpServerRequest &httpRequest, QHttpServerResponder &&responder)
{
    Request request;
    request.method = methodName(httpRequest.method());
    request.path = httpRequest.url().path();
    request.rawPath = httpRequest.url().path(QUrl::FullyEncoded).toLatin1();
    request.authorization = httpRequest.value("authorization");
    request.contentType = httpRequest.value("content-type");
    request.body = QJsonDocument::fromJson(httpRequest.body()).object();
    request.headers = httpRequest.headers();
    m_requests.append(request);
    // Emitted before answering, so a listener may still script the answer to this very request.
    emit requestReceived(request);

    // Like Telnyx: no usable Bearer token, no service. Scripted answers wait for an authorised request.
    const QByteArray authorization = request.authorization.trimmed();
    if (!authorization.startsWith("Bearer ") || authorization.mid(7).trimmed().isEmpty()) {
        answer(std::move(responder), 401,
               errorsBody(QStringLiteral("10009"), QStringLiteral("Authentication failed"),
                          QStringLiteral("The required authentication headers were either invalid or not included "
                                         "in the request.")),
               0);
        return;
    }

    for (qsizetype i = 0; i < m_scripted.size(); ++i) {
        if (!request.path.endsWith(m_scripted.at(i).pathSuffix))
            continue;
        const Scripted scripted = m_scripted.takeAt(i);
        if (request.path.endsWith(QLatin1String("/calls")) && scripted.status / 100 == 2) {
            const QString id = QJsonDocument::fromJson(scripted.body)
                                   .object()
                                   .value(QLatin1String("data"))
                                   .toObject()
                                   .value(QLatin1String("call_control_id"))
                                   .toString();
            if (!id.isEmpty())
                m_lastCallControlId = id;
        }
        answer(std::move(responder), scripted.status, scripted.body, scripted.delayMs);
        return;
    }

    // Defaults. Segments are split on the encoded path, so "v3:a%2Fb" stays one id.
    const QList<QByteArray> segments = request.rawPath.split('/');
    const bool isPost = request.method == "POST";
    if (isPost && segments.size() == 3 && segments.at(1) == "v2" && segments.at(2) == "calls") {
        m_lastCallControlId = QStringLiteral("v3:fake-%1").arg(m_nextCall++);
        const QJsonObject data{{QStringLiteral("call_control_id"), m_lastCallControlId},
                               {QStringLiteral("call_leg_id"), uuid()},
                               {QStringLiteral("call_session_id"), uuid()},
                               {QStringLiteral("is_alive"), false},
                               {QStringLiteral("record_type"), QStringLiteral("call")}};
        answer(std::move(responder), 200, compact({{QStringLiteral("data"), data}}), 0);
        return;
    }
    if (isPost && segments.size() == 6 && segments.at(1) == "v2" && segments.at(2) == "calls" &&
        !segments.at(3).isEmpty() && segments.at(4) == "actions" && !segments.at(5).isEmpty()) {
        answer(std::move(responder), 200,
               compact({{QStringLiteral("data"), QJsonObject{{QStringLiteral("result"), QStringLiteral("ok")}}}}), 0);
        return;
    }
    answer(
        std::move(responder), 404,
        errorsBody(
            QStringLiteral("10005"), QStringLiteral("Resource not found"),
            QStringLiteral("%1 %2 is not served by FakeTelnyx").arg(QString::fromLatin1(request.method), request.path)),
        0);
}

void FakeTelnyx::answer(QHttpServerResponder &&responder, int status, const QByteArray &body, int delayMs)
{
    // The socket must be read before the responder is moved; a client that gave up (its own
    // timeout) has closed it by the time a delayed answer is due, and then nothing can be written.
    QPointer<QTcpSocket> socket = responder.socket();
    auto keep = std::make_shared<QHttpServerResponder>(std::move(responder));
    auto write = [keep, socket, status, body] {
        if (socket.isNull() || socket->state() != QAbstractSocket::ConnectedState)
            return;
        const QByteArray contentType = contentTypeFor(body);
        if (contentType.isEmpty())
            keep->write(body, QHttpServerResponder::HeaderList{}, toStatus(status));
        else
            keep->write(body, contentType, toStatus(status));
    };

    if (delayMs <= 0) {
        write();
        return;
    }
    const quint64 id = m_nextPending++;
    m_pendingAnswers.insert(id, write);
    QTimer::singleShot(delayMs, this, [this, id] {
        const auto write = m_pendingAnswers.take(id);
        if (write)
            write();
    });
}

} // namespace sb::test
