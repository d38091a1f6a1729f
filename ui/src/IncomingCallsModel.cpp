// SPDX-License-Identifier: MIT
#include "IncomingCallsModel.h"

#include "ActiveCallController.h"
#include "UiLogging.h"
#include "protocol/CallStatus.h"

// Qt
#include <QJsonArray>

// C++
#include <algorithm>
#include <optional>

namespace sb {

namespace {

QString text(const QJsonObject &payload, const char *key)
{
    return payload.value(QLatin1String(key)).toString();
}

} // namespace

IncomingCallsModel::IncomingCallsModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int IncomingCallsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_offers.size());
}

QHash<int, QByteArray> IncomingCallsModel::roleNames() const
{
    return {
        {CallControlIdRole, "callControlId"},
        {FromRole, "from"},
        {ToRole, "to"},
        {CallerIdNameRole, "callerIdName"},
        {ForMeRole, "forMe"},
        {OfferedToRole, "offeredTo"},
        {PendingRole, "pending"},
    };
}

QVariant IncomingCallsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Offer &o = m_offers.at(index.row());
    switch (role) {
    case CallControlIdRole:
        return o.callControlId;
    case Qt::DisplayRole:
    case FromRole:
        return o.from;
    case ToRole:
        return o.to;
    case CallerIdNameRole:
        return o.callerIdName;
    case ForMeRole:
        return isForMe(o);
    case OfferedToRole:
        return o.offeredTo;
    case PendingRole:
        return o.pending;
    default:
        return {};
    }
}

void IncomingCallsModel::setBackend(BackendClient *backend)
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
        connect(m_backend, &BackendClient::resynced, this, &IncomingCallsModel::recheck);
    }
    emit backendChanged();
}

void IncomingCallsModel::setActiveCall(ActiveCallController *activeCall)
{
    if (m_activeCall == activeCall)
        return;
    m_activeCall = activeCall;
    emit activeCallChanged();
}

void IncomingCallsModel::setUserName(const QString &userName)
{
    if (m_userName == userName)
        return;
    const int forMeBefore = ringingForMe();
    const QString firstBefore = firstForMe();
    m_userName = userName;
    emit userNameChanged();
    if (!m_offers.isEmpty())
        emit dataChanged(index(0), index(int(m_offers.size()) - 1), {ForMeRole});
    announce(count(), forMeBefore, firstBefore);
}

bool IncomingCallsModel::isForMe(const Offer &offer) const
{
    return !offer.hasOfferedTo || (!m_userName.isEmpty() && offer.offeredTo.contains(m_userName));
}

int IncomingCallsModel::ringingForMe() const
{
    return int(std::count_if(m_offers.cbegin(), m_offers.cend(), [this](const Offer &o) { return isForMe(o); }));
}

QString IncomingCallsModel::firstForMe() const
{
    for (const Offer &o : m_offers) {
        if (isForMe(o))
            return o.callControlId;
    }
    return {};
}

int IncomingCallsModel::indexOf(const QString &callControlId) const
{
    for (int i = 0; i < m_offers.size(); ++i) {
        if (m_offers.at(i).callControlId == callControlId)
            return i;
    }
    return -1;
}

QVariantMap IncomingCallsModel::offer(const QString &callControlId) const
{
    const int i = indexOf(callControlId);
    if (i < 0)
        return {};
    const Offer &o = m_offers.at(i);
    return {{QStringLiteral("callControlId"), o.callControlId},
            {QStringLiteral("from"), o.from},
            {QStringLiteral("to"), o.to},
            {QStringLiteral("callerIdName"), o.callerIdName},
            {QStringLiteral("forMe"), isForMe(o)}};
}

void IncomingCallsModel::announce(int countBefore, int forMeBefore, const QString &firstBefore)
{
    if (count() != countBefore)
        emit countChanged();
    if (ringingForMe() != forMeBefore || firstForMe() != firstBefore)
        emit ringingForMeChanged();
}

void IncomingCallsModel::applyEvent(const QString &type, const QJsonObject &payload)
{
    const QString id = text(payload, "call_control_id");
    if (id.isEmpty())
        return;
    if (type == QLatin1String("call.offered")) {
        const int countBefore = count();
        const int forMeBefore = ringingForMe();
        const QString firstBefore = firstForMe();
        Offer o;
        o.callControlId = id;
        o.from = text(payload, "from");
        o.to = text(payload, "to");
        o.callerIdName = text(payload, "caller_id_name");
        o.hasOfferedTo = payload.contains(QLatin1String("offered_to"));
        const QJsonArray names = payload.value(QLatin1String("offered_to")).toArray();
        for (const auto &name : names)
            o.offeredTo << name.toString();
        const int i = indexOf(id);
        if (i >= 0) {
            o.pending = m_offers.at(i).pending;
            m_offers[i] = o;
            emit dataChanged(index(i), index(i));
        } else {
            if (m_offers.size() >= kMaxOffers)
                return;
            beginInsertRows({}, int(m_offers.size()), int(m_offers.size()));
            m_offers.append(o);
            endInsertRows();
            if (isForMe(o))
                setError({}); // a new call: an older "someone else answered" is stale now
        }
        announce(countBefore, forMeBefore, firstBefore);
    } else if (type == QLatin1String("call.offer_ended")) {
        // offered_to names the desks whose ringing ended: a supervisor's desk also hears of others' offers ending,
        // and of a call this desk itself just declined.
        const int i = indexOf(id);
        if (i < 0)
            return;
        bool mine = isForMe(m_offers.at(i)) && !m_offers.at(i).pending;
        if (payload.contains(QLatin1String("offered_to"))) {
            const QJsonArray names = payload.value(QLatin1String("offered_to")).toArray();
            mine = mine && names.contains(QJsonValue(m_userName));
        }
        remove(id, mine);
    } else if (type == QLatin1String("call.taken") || type == QLatin1String("call.answered")) {
        remove(id, false);
    } else if (type == QLatin1String("call.hangup")) {
        // The caller gave up before the desk heard that the offer ended (or while this desk was answering it).
        const int i = indexOf(id);
        remove(id, i >= 0 && !m_offers.at(i).pending);
    }
}

void IncomingCallsModel::remove(const QString &callControlId, bool missedByMe)
{
    const int i = indexOf(callControlId);
    if (i < 0)
        return;
    const int countBefore = count();
    const int forMeBefore = ringingForMe();
    const QString firstBefore = firstForMe();
    const bool wasForMe = isForMe(m_offers.at(i));
    beginRemoveRows({}, i, i);
    m_offers.removeAt(i);
    endRemoveRows();
    announce(countBefore, forMeBefore, firstBefore);
    if (missedByMe && wasForMe) {
        ++m_missed;
        emit missedChanged();
    }
}

void IncomingCallsModel::setPending(const QString &callControlId, bool pending)
{
    const int i = indexOf(callControlId);
    if (i < 0 || m_offers.at(i).pending == pending)
        return;
    m_offers[i].pending = pending;
    emit dataChanged(index(i), index(i), {PendingRole});
}

void IncomingCallsModel::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

void IncomingCallsModel::clearMissed()
{
    if (m_missed == 0)
        return;
    m_missed = 0;
    emit missedChanged();
}

void IncomingCallsModel::clear()
{
    const int countBefore = count();
    const int forMeBefore = ringingForMe();
    const QString firstBefore = firstForMe();
    beginResetModel();
    m_offers.clear();
    endResetModel();
    announce(countBefore, forMeBefore, firstBefore);
    clearMissed();
    setError({});
}

void IncomingCallsModel::answer(const QString &callControlId)
{
    const int i = indexOf(callControlId);
    if (!m_backend || i < 0 || m_offers.at(i).pending)
        return;
    const QString from = m_offers.at(i).from;
    setError({});
    setPending(callControlId, true);
    m_backend->answer(callControlId, this, [this, callControlId, from](const ApiReply &reply) {
        if (reply.ok()) {
            remove(callControlId, false);
            if (m_activeCall)
                m_activeCall->adopt(callControlId, from);
            emit answered(callControlId);
            return;
        }
        qCWarning(lcUi).noquote() << "answer of" << callControlId << "refused:" << reply.status << reply.errorCode;
        if (reply.errorCode == QLatin1String("already_answered")) {
            setError(tr("Someone else answered the call from %1.").arg(from));
        } else if (reply.status == 409 || reply.status == 404) {
            setError(tr("The call from %1 stopped ringing before you answered.").arg(from));
        } else {
            // Telnyx refused (502) or the backend is unreachable: the offer goes on, so the agent may try again.
            setPending(callControlId, false);
            setError(tr("The call could not be answered: %1").arg(reply.message));
            return;
        }
        remove(callControlId, false);
    });
}

void IncomingCallsModel::decline(const QString &callControlId)
{
    const int i = indexOf(callControlId);
    if (!m_backend || i < 0 || m_offers.at(i).pending)
        return;
    setPending(callControlId, true);
    m_backend->decline(callControlId, this, [this, callControlId](const ApiReply &reply) {
        // 404: it no longer rings for us anyway. Anything else: it still rings, so the agent may try again.
        if (reply.ok() || reply.status == 404) {
            remove(callControlId, false);
            return;
        }
        qCWarning(lcUi).noquote() << "decline of" << callControlId << "refused:" << reply.status << reply.errorCode;
        setPending(callControlId, false);
        setError(tr("The call could not be declined: %1").arg(reply.message));
    });
}

void IncomingCallsModel::recheck()
{
    if (!m_backend)
        return;
    for (const Offer &o : std::as_const(m_offers)) {
        const QString id = o.callControlId;
        m_backend->fetchCall(id, this, [this, id](const ApiReply &reply) {
            const std::optional<CallStatus> status =
                callStatusFromName(reply.data().toObject().value(QLatin1String("status")).toString());
            // Still ringing, or the backend could not say: keep it. Gone or past ringing: drop it.
            if (reply.status == 0 || (reply.ok() && status && *status < CallStatus::Answered))
                return;
            remove(id, false);
        });
    }
}

} // namespace sb
