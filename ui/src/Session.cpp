// SPDX-License-Identifier: MIT
#include "Session.h"

#include "UiLogging.h"
#include "UiSettings.h"
#include "protocol/Paths.h"

// Qt
#include <QNetworkReply>

namespace sb {

namespace {

// The roles of CONTRACT §6 that see every call.
bool supervises(const QString &role)
{
    return role == QLatin1String("supervisor") || role == QLatin1String("admin");
}

// "team.example.com:8000" -> "http://team.example.com:8000"; only http(s) URLs with a host are accepted.
QUrl serverUrlFrom(const QString &text)
{
    QString trimmed = text.trimmed();
    while (trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    if (!trimmed.isEmpty() && !trimmed.contains(QLatin1String("://")))
        trimmed.prepend(QLatin1String("http://"));
    const QUrl url(trimmed, QUrl::StrictMode);
    const bool http = url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
    return url.isValid() && http && !url.host().isEmpty() ? url : QUrl();
}

} // namespace

Session::Session(BackendClient *backend, CredentialStore *credentials, UiSettings *settings, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_credentials(credentials)
    , m_settings(settings)
{
}

bool Session::isSupervisor() const
{
    return supervises(m_role);
}

void Session::begin(Start start, const QUrl &serverUrl)
{
    m_start = start;
    switch (start) {
    case Start::Embedded:
        // The desk's own backend and its API token: the admin (CONTRACT §6), whatever /api/me takes to answer.
        m_userName = QStringLiteral("admin");
        m_role = QStringLiteral("admin");
        m_signedIn = true;
        setServerUrl(m_backend->baseUrl().toString());
        emit userChanged();
        emit signedInChanged();
        break;
    case Start::Token:
        check(m_backend->baseUrl(), m_backend->token(), Remember::No);
        break;
    case Start::SignIn: {
        const QUrl url = serverUrl.isEmpty() ? serverUrlFrom(m_settings->serverUrl()) : serverUrl;
        setServerUrl(url.toString());
        if (url.isEmpty() || !m_credentials)
            break;
        setBusy(true);
        const quint64 attempt = ++m_attempt;
        m_credentials->read(url.toString(), this, [this, url, attempt](const QString &token, const QString &error) {
            if (attempt != m_attempt)
                return;
            setBusy(false);
            if (!error.isEmpty())
                qCInfo(lcUi) << "no remembered token for" << url.toString() << ":" << error;
            if (!token.isEmpty())
                check(url, token, Remember::No); // already stored
        });
        break;
    }
    }
}

void Session::signIn(const QString &serverUrl, const QString &token)
{
    const QUrl url = serverUrlFrom(serverUrl);
    if (url.isEmpty()) {
        setError(tr("Enter the server's address, e.g. https://switchboard.example.com."));
        return;
    }
    if (token.trimmed().isEmpty()) {
        setError(tr("Enter your token."));
        return;
    }
    m_start = Start::SignIn; // also after a refused --token: a token typed here is remembered
    check(url, token.trimmed(), Remember::Yes);
}

void Session::check(const QUrl &url, const QString &token, Remember remember)
{
    setError(QString());
    setBusy(true);
    const quint64 attempt = ++m_attempt;
    m_probe.setEndpoint(BackendEndpoint(url, token));
    m_probe.get(paths::kMe, this, [this, url, token, remember, attempt](const ApiReply &reply) {
        if (attempt != m_attempt)
            return;
        setBusy(false);
        if (reply.ok())
            accept(url, token, reply.data().toObject(), remember);
        else
            refuse(reply);
    });
}

void Session::accept(const QUrl &url, const QString &token, const QJsonObject &me, Remember remember)
{
    readUser(me);
    setServerUrl(url.toString());
    if (m_backend->baseUrl() != url || m_backend->token() != token)
        m_backend->setEndpoint(url, token, true);
    if (!m_backend->isStarted())
        m_backend->start();
    if (!m_signedIn) {
        m_signedIn = true;
        emit signedInChanged();
    }
    qCInfo(lcUi) << "signed in to" << url.toString() << "as" << m_userName << m_role;
    if (m_start != Start::SignIn)
        return;
    m_settings->setServerUrl(url.toString());
    if (remember == Remember::No)
        return;
    if (!m_credentials) {
        setNotice(tr("Signed in. Your token is not remembered on this computer: sign in again next time."));
        return;
    }
    m_credentials->write(url.toString(), token, this, [this](const QString &error) {
        if (error.isEmpty()) {
            setNotice(QString());
            return;
        }
        qCWarning(lcUi) << "the token could not be stored in the keychain:" << error;
        setNotice(tr("Signed in, but your token could not be remembered (%1): sign in again next time.").arg(error));
    });
}

void Session::refuse(const ApiReply &reply)
{
    if (reply.status == 401) {
        setError(tr("The server refused this token. Check it, or ask an administrator for a new one."));
    } else if (reply.status == 0) {
        switch (QNetworkReply::NetworkError(reply.networkError)) {
        case QNetworkReply::SslHandshakeFailedError:
        case QNetworkReply::TemporaryNetworkFailureError:
            setError(tr("The server's TLS certificate was not accepted: %1").arg(reply.message));
            break;
        default:
            setError(tr("The server could not be reached: %1").arg(reply.message));
            break;
        }
    } else {
        setError(tr("The server answered %1: %2").arg(reply.status).arg(reply.message));
    }
    // A refused token on the command line or in the keychain: the page asks for one.
    if (m_signedIn) {
        m_signedIn = false;
        emit signedInChanged();
    }
}

void Session::readUser(const QJsonObject &me)
{
    const QString name = me.value(QLatin1String("name")).toString();
    const QString role = me.value(QLatin1String("role")).toString();
    if (name == m_userName && role == m_role)
        return;
    m_userName = name;
    m_role = role;
    emit userChanged();
}

void Session::signOut()
{
    if (!canSignOut())
        return;
    ++m_attempt;
    const QString server = m_serverUrl;
    if (m_credentials) {
        m_credentials->remove(server, this, [server](const QString &error) {
            if (!error.isEmpty())
                qCWarning(lcUi) << "the token for" << server << "could not be removed from the keychain:" << error;
        });
    }
    m_backend->stop();
    m_backend->setEndpoint(m_backend->baseUrl(), QString(), true);
    m_userName.clear();
    m_role.clear();
    m_signedIn = false;
    setNotice(QString());
    setError(QString());
    emit userChanged();
    emit signedInChanged();
}

void Session::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged();
}

void Session::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

void Session::setNotice(const QString &notice)
{
    if (notice == m_notice)
        return;
    m_notice = notice;
    emit noticeChanged();
}

void Session::setServerUrl(const QString &url)
{
    if (url == m_serverUrl)
        return;
    m_serverUrl = url;
    emit serverUrlChanged();
}

} // namespace sb
