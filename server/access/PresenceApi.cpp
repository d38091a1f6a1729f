// SPDX-License-Identifier: MIT
#include "access/PresenceApi.h"

#include "http/ApiResponse.h"
#include "users/PresenceBoard.h"
#include "users/UserStore.h"

// Qt
#include <QJsonArray>

namespace sb {

PresenceApi::PresenceApi(PresenceBoard *board, UserStore *users, QObject *parent)
    : QObject(parent)
    , m_board(board)
    , m_users(users)
{
}

void PresenceApi::choose(const Caller &caller, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const auto body = api::readJsonObject(request, responder);
    if (!body)
        return;
    const QString status = body->value(QLatin1String("status")).toString();
    if (status != QLatin1String("available") && status != QLatin1String("away")) {
        api::sendError(responder, api::Status::BadRequest, QStringLiteral("invalid_status"),
                       QStringLiteral("status must be \"available\" or \"away\" (busy follows from a live call)."));
        return;
    }
    m_board->choose(caller.name, caller.role,
                    status == QLatin1String("available") ? PresenceBoard::Status::Available
                                                         : PresenceBoard::Status::Away);
    api::sendData(responder, m_board->of(caller.name).value_or(PresenceBoard::Presence{}).toJson());
}

void PresenceApi::list(const Caller &caller, QHttpServerResponder &&responder)
{
    if (!caller.seesAllCalls()) {
        api::sendError(responder, api::Status::Forbidden, QStringLiteral("forbidden"),
                       QStringLiteral("Only supervisors and admins see the team's presence."));
        return;
    }
    QList<std::pair<QString, Role>> roster;
    if (m_users) {
        for (const User &user : m_users->users())
            roster.append({user.name, user.role});
    }
    QJsonArray data;
    for (const PresenceBoard::Presence &presence : m_board->all(roster))
        data.append(presence.toJson());
    api::sendData(responder, data);
}

} // namespace sb
