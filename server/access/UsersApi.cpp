// SPDX-License-Identifier: MIT
#include "access/UsersApi.h"

#include "http/ApiResponse.h"
#include "users/UserStore.h"

// Qt
#include <QHttpServerRequest>
#include <QJsonArray>

namespace sb {

namespace {

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonObject userJson(const User &user)
{
    return QJsonObject{{QStringLiteral("name"), user.name},
                       {QStringLiteral("role"), roleName(user.role)},
                       {QStringLiteral("createdAt"), timeOrNull(user.createdAt)},
                       {QStringLiteral("lastSeenAt"), timeOrNull(user.lastSeenAt)}};
}

const QString kNameRule = QStringLiteral("1 to 64 of a-z 0-9 . _ -");

} // namespace

UsersApi::UsersApi(UserStore *users, QObject *parent)
    : QObject(parent)
    , m_users(users)
{
}

bool UsersApi::requireAdmin(const Caller &caller, QHttpServerResponder &responder)
{
    if (caller.managesUsers())
        return true;
    api::sendError(responder, api::Status::Forbidden, QStringLiteral("forbidden"),
                   QStringLiteral("Only an admin manages users."));
    return false;
}

void UsersApi::sendNotFound(QHttpServerResponder &responder, const QString &name)
{
    api::sendError(responder, api::Status::NotFound, QStringLiteral("user_not_found"),
                   QStringLiteral("No user named '%1'.").arg(name));
}

bool UsersApi::refusedFor(UserStore::Outcome outcome, QHttpServerResponder &responder, const QString &name)
{
    if (outcome == UserStore::Outcome::Done)
        return false;
    if (outcome == UserStore::Outcome::NotFound)
        sendNotFound(responder, name);
    else
        sendStorageError(responder);
    return true;
}

void UsersApi::sendStorageError(QHttpServerResponder &responder)
{
    api::sendError(responder, api::Status::InternalServerError, QStringLiteral("storage_error"),
                   QStringLiteral("The users could not be stored: %1").arg(m_users->lastError()));
}

void UsersApi::me(const Caller &caller, QHttpServerResponder &&responder)
{
    const QString role = roleName(caller.role);
    // In `data` as every answer, and at the top level as the contract writes it ({"name", "role"}).
    api::sendData(responder, QJsonObject{{QStringLiteral("name"), caller.name}, {QStringLiteral("role"), role}},
                  {{QStringLiteral("name"), caller.name}, {QStringLiteral("role"), role}});
}

void UsersApi::add(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (!requireAdmin(caller, responder))
        return;
    const auto body = api::readJsonObject(request, responder);
    if (!body)
        return;
    const QString name = body->value(QLatin1String("name")).toString();
    const auto role = roleFromName(body->value(QLatin1String("role")).toString());
    if (!UserStore::isValidName(name)) {
        api::sendError(responder, api::Status::BadRequest, QStringLiteral("invalid_name"),
                       QStringLiteral("'name' must be %1.").arg(kNameRule));
        return;
    }
    if (!role) {
        api::sendError(responder, api::Status::BadRequest, QStringLiteral("invalid_role"),
                       QStringLiteral("'role' must be agent, supervisor or admin."));
        return;
    }
    QString token;
    switch (m_users->add(name, *role, &token)) {
    case UserStore::Outcome::Done:
        break;
    case UserStore::Outcome::Duplicate:
        api::sendError(responder, api::Status::Conflict, QStringLiteral("user_exists"),
                       QStringLiteral("A user named '%1' exists already.").arg(name));
        return;
    default:
        sendStorageError(responder);
        return;
    }
    QJsonObject data = userJson(m_users->user(name).value_or(User{name, *role, {}, {}}));
    data.insert(QStringLiteral("token"), token); // the only time it is ever shown
    api::sendJson(responder,
                  QJsonObject{{QStringLiteral("success"), true},
                              {QStringLiteral("data"), data},
                              {QStringLiteral("token"), token}},
                  api::Status::Created);
}

void UsersApi::list(const Caller &caller, QHttpServerResponder &&responder)
{
    if (!requireAdmin(caller, responder))
        return;
    QJsonArray users;
    for (const User &user : m_users->users())
        users.append(userJson(user));
    api::sendData(responder, users);
}

void UsersApi::rotate(const Caller &caller, const QString &name, QHttpServerResponder &&responder)
{
    if (!requireAdmin(caller, responder))
        return;
    QString token;
    if (refusedFor(m_users->rotate(name, &token), responder, name))
        return;
    emit tokensChanged();
    QJsonObject data = userJson(m_users->user(name).value_or(User{name, Role::Agent, {}, {}}));
    data.insert(QStringLiteral("token"), token);
    api::sendData(responder, data, {{QStringLiteral("token"), token}});
}

void UsersApi::remove(const Caller &caller, const QString &name, QHttpServerResponder &&responder)
{
    if (!requireAdmin(caller, responder))
        return;
    if (refusedFor(m_users->remove(name), responder, name))
        return;
    emit tokensChanged();
    emit userRemoved(name);
    api::sendData(responder, QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("removed"), true}});
}

} // namespace sb
