// SPDX-License-Identifier: MIT
#include "PresenceModel.h"

#include "LanguageChange.h"
#include "UiLogging.h"
#include "protocol/Paths.h"

// C++
#include <algorithm>

namespace sb {

namespace {
const QString kPresencePath = paths::kPresence; // GET /api/presence (CONTRACT §9)
const QLatin1String kPresenceChanged{"presence.changed"};
} // namespace

PresenceModel::PresenceModel(QObject *parent)
    : QAbstractListModel(parent)
{
    onLanguageChange(this, [this] {
        if (!m_users.isEmpty())
            emit dataChanged(index(0), index(int(m_users.size()) - 1), {StateTextRole});
    });
}

int PresenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

QHash<int, QByteArray> PresenceModel::roleNames() const
{
    return {
        {NameRole, "name"},           {RoleRole, "role"}, {StatusRole, "status"},       {SinceRole, "since"},
        {ConnectedRole, "connected"}, {CallRole, "call"}, {StateRole, "presenceState"}, {StateTextRole, "stateText"},
    };
}

QVariant PresenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User &u = m_users.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return u.name;
    case RoleRole:
        return u.role;
    case StatusRole:
        return u.status;
    case SinceRole:
        return u.since;
    case ConnectedRole:
        return u.connected;
    case CallRole:
        return u.call;
    case StateRole:
        return QVariant::fromValue(u.state);
    case StateTextRole:
        return stateText(u.state);
    default:
        return {};
    }
}

QString PresenceModel::stateText(State state)
{
    switch (state) {
    case State::Available:
        return tr("Available");
    case State::Away:
        return tr("Away");
    case State::OnCall:
        return tr("On a call");
    case State::SignedOut:
        return tr("Signed out");
    }
    return {};
}

void PresenceModel::setBackend(BackendClient *backend)
{
    if (m_backend == backend)
        return;
    if (m_backend)
        m_backend->disconnect(this);
    m_backend = backend;
    if (m_backend) {
        connect(m_backend, &BackendClient::callEvent, this,
                [this](const QString &type, const QString &, const QString &, const QJsonObject &payload) {
                    applyEvent(type, payload);
                });
        connect(m_backend, &BackendClient::resynced, this, &PresenceModel::reload);
        reload();
    }
    emit backendChanged();
}

void PresenceModel::reload()
{
    if (!m_backend)
        return;
    m_backend->get(kPresencePath, this, [this](const ApiReply &reply) {
        if (!reply.ok()) {
            qCInfo(lcUi) << "presence not available:" << reply.status << reply.errorCode;
            return;
        }
        load(reply.data().toArray());
    });
}

std::optional<PresenceModel::User> PresenceModel::parse(const QJsonObject &object)
{
    User u;
    u.name = object.value(QLatin1String("name")).toString();
    u.status = object.value(QLatin1String("status")).toString();
    const QJsonValue connected = object.value(QLatin1String("connected"));
    if (u.name.isEmpty() || !connected.isBool())
        return std::nullopt;
    State connectedState;
    if (u.status == QLatin1String("available"))
        connectedState = State::Available;
    else if (u.status == QLatin1String("away"))
        connectedState = State::Away;
    else if (u.status == QLatin1String("busy"))
        connectedState = State::OnCall;
    else
        return std::nullopt;
    u.connected = connected.toBool();
    u.state = u.connected ? connectedState : State::SignedOut;
    u.role = object.value(QLatin1String("role")).toString();
    u.since = QDateTime::fromString(object.value(QLatin1String("since")).toString(), Qt::ISODateWithMs);
    u.call = object.value(QLatin1String("callControlId")).toString(); // null -> empty
    return u;
}

void PresenceModel::load(const QJsonArray &users)
{
    QList<User> list;
    for (const auto &value : users) {
        if (const auto user = parse(value.toObject()))
            list.append(*user);
    }
    std::sort(list.begin(), list.end(), [](const User &a, const User &b) { return a.name < b.name; });
    const auto sameName = [](const User &a, const User &b) { return a.name == b.name; };
    list.erase(std::unique(list.begin(), list.end(), sameName), list.end());
    const int before = count();
    beginResetModel();
    m_users = std::move(list);
    endResetModel();
    if (count() != before)
        emit countChanged();
}

bool PresenceModel::applyEvent(const QString &type, const QJsonObject &payload)
{
    if (type != kPresenceChanged)
        return false;
    const auto user = parse(payload);
    if (!user) {
        qCInfo(lcUi) << "malformed presence.changed ignored";
        return false;
    }
    upsert(*user);
    return true;
}

void PresenceModel::upsert(const User &user)
{
    const auto at = std::lower_bound(m_users.begin(), m_users.end(), user.name,
                                     [](const User &u, const QString &name) { return u.name < name; });
    const int row = int(at - m_users.begin());
    if (at != m_users.end() && at->name == user.name) {
        *at = user;
        emit dataChanged(index(row), index(row));
        return;
    }
    beginInsertRows({}, row, row);
    m_users.insert(row, user);
    endInsertRows();
    emit countChanged();
}

} // namespace sb
