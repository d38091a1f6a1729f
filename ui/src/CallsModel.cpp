// SPDX-License-Identifier: MIT
#include "CallsModel.h"

#include "CallText.h"
#include "LanguageChange.h"
#include "client/BackendClient.h"

// Qt
#include <QJsonArray>

namespace sb {

namespace {

QDateTime parseTime(const QJsonValue &value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs) : QDateTime();
}

// Events come in bursts (initiated, ringing, answered within milliseconds; a hangup with its recording): calls
// to re-read are gathered this long so that a burst costs one GET per call, still well under a frame at 60 Hz.
constexpr int kRefreshCoalesceMs = 30;
// The range GET /api/calls accepts for `limit` (docs/interface.md §3.8).
constexpr int kMinPageSize = 1;
constexpr int kMaxPageSize = 500;

} // namespace

CallsModel::CallsModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(kRefreshCoalesceMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &CallsModel::refreshPending);
    onLanguageChange(this, [this] {
        if (!m_calls.isEmpty())
            emit dataChanged(index(0), index(int(m_calls.size()) - 1), {StatusTextRole, HangupCauseTextRole});
    });
}

int CallsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_calls.size());
}

QHash<int, QByteArray> CallsModel::roleNames() const
{
    return {
        {CallControlIdRole, "callControlId"},
        {FromRole, "from"},
        {ToRole, "to"},
        {AgentIdRole, "agentId"},
        {DirectionRole, "direction"},
        {StatusRole, "status"},
        {StatusTextRole, "statusText"},
        {LiveRole, "live"},
        {MutedRole, "muted"},
        {HangupCauseRole, "hangupCause"},
        {HangupCauseTextRole, "hangupCauseText"},
        {DurationSecondsRole, "durationSeconds"},
        {DurationTextRole, "durationText"},
        {CreatedAtRole, "createdAt"},
        {AnsweredAtRole, "answeredAt"},
        {EndedAtRole, "endedAt"},
        {ListenersRole, "listeners"},
        {RecordingRole, "recording"},
        {MissedRole, "missed"},
        {RemoteNumberRole, "remoteNumber"},
    };
}

QVariant CallsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Call &c = m_calls.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ToRole:
        return c.to;
    case CallControlIdRole:
        return c.callControlId;
    case FromRole:
        return c.from;
    case AgentIdRole:
        return c.agentId;
    case DirectionRole:
        return c.direction;
    case StatusRole:
        return c.status ? callStatusName(*c.status) : QString();
    case StatusTextRole:
        return c.status ? CallText::status(*c.status) : QString();
    case LiveRole:
        return c.live();
    case MutedRole:
        return c.muted;
    case HangupCauseRole:
        return c.hangupCause;
    case HangupCauseTextRole:
        return c.status == CallStatus::Ended ? CallText::hangupCause(c.hangupCause, c.hangupSource) : QString();
    case DurationSecondsRole:
        return c.durationSeconds;
    case DurationTextRole:
        return CallText::duration(c.durationSeconds);
    case CreatedAtRole:
        return c.createdAt;
    case AnsweredAtRole:
        return c.answeredAt;
    case EndedAtRole:
        return c.endedAt;
    case ListenersRole:
        return c.listeners;
    case RecordingRole:
        return c.recording;
    case MissedRole:
        return c.missed;
    case RemoteNumberRole:
        return c.direction == QLatin1String("inbound") ? c.from : c.to;
    default:
        return {};
    }
}

QVariantMap CallsModel::get(int row) const
{
    QVariantMap map;
    if (row < 0 || row >= m_calls.size())
        return map;
    const QModelIndex i = index(row);
    const auto names = roleNames();
    for (auto it = names.begin(); it != names.end(); ++it)
        map.insert(QString::fromLatin1(it.value()), data(i, it.key()));
    return map;
}

int CallsModel::rowOf(const QString &callControlId) const
{
    for (int r = 0; r < m_calls.size(); ++r) {
        if (m_calls.at(r).callControlId == callControlId)
            return r;
    }
    return -1;
}

CallsModel::Call CallsModel::fromJson(const QJsonObject &json)
{
    Call c;
    c.callControlId = json.value(QLatin1String("callControlId")).toString();
    c.from = json.value(QLatin1String("from")).toString();
    c.to = json.value(QLatin1String("to")).toString();
    c.agentId = json.value(QLatin1String("agentId")).toString();
    c.direction = json.value(QLatin1String("direction")).toString();
    c.status = callStatusFromName(json.value(QLatin1String("status")).toString());
    c.hangupCause = json.value(QLatin1String("hangupCause")).toString();
    c.hangupSource = json.value(QLatin1String("hangupSource")).toString();
    c.muted = json.value(QLatin1String("muted")).toBool();
    const QJsonValue duration = json.value(QLatin1String("durationSeconds"));
    c.durationSeconds = duration.isDouble() ? qint64(duration.toDouble()) : -1;
    c.createdAt = parseTime(json.value(QLatin1String("createdAt")));
    c.answeredAt = parseTime(json.value(QLatin1String("answeredAt")));
    c.endedAt = parseTime(json.value(QLatin1String("endedAt")));
    c.listeners = json.value(QLatin1String("listeners")).toInt();
    c.recording = json.value(QLatin1String("recording")).toString();
    c.missed = json.value(QLatin1String("missed")).toBool();
    return c;
}

bool CallsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && canLoadMore() && !m_loading;
}

void CallsModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        loadMore();
}

void CallsModel::setBackend(BackendClient *backend)
{
    if (m_backend == backend)
        return;
    if (m_backend)
        m_backend->disconnect(this);
    m_backend = backend;
    if (m_backend) {
        connect(m_backend, &BackendClient::callEvent, this, &CallsModel::onCallEvent);
        connect(m_backend, &BackendClient::resynced, this, &CallsModel::reload);
        connect(m_backend, &BackendClient::endpointChanged, this, &CallsModel::reload);
    }
    emit backendChanged();
    reload();
}

void CallsModel::setPageSize(int pageSize)
{
    pageSize = std::clamp(pageSize, kMinPageSize, kMaxPageSize);
    if (m_pageSize == pageSize)
        return;
    m_pageSize = pageSize;
    emit pageSizeChanged();
}

void CallsModel::setLoading(bool loading)
{
    if (m_loading != loading) {
        m_loading = loading;
        emit loadingChanged();
    }
}

void CallsModel::setError(const QString &error)
{
    if (m_error != error) {
        m_error = error;
        emit errorStringChanged();
    }
}

void CallsModel::reload()
{
    if (!m_backend || m_backend->baseUrl().isEmpty())
        return;
    const int generation = ++m_generation;
    setLoading(true);
    m_backend->listCalls(m_pageSize, 0, this, [this, generation](const ApiReply &reply) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!reply.ok()) {
            setError(tr("The call history could not be loaded: %1").arg(reply.message));
            return;
        }
        setError({});
        beginResetModel();
        m_calls.clear();
        for (const QJsonValue v : reply.data().toArray())
            m_calls.append(fromJson(v.toObject()));
        m_total = reply.json.value(QLatin1String("total")).toInt();
        endResetModel();
        emit countChanged();
    });
}

void CallsModel::loadMore()
{
    if (!m_backend || m_loading || !canLoadMore())
        return;
    const int generation = m_generation;
    setLoading(true);
    m_backend->listCalls(m_pageSize, int(m_calls.size()), this, [this, generation](const ApiReply &reply) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!reply.ok()) {
            setError(tr("More calls could not be loaded: %1").arg(reply.message));
            return;
        }
        setError({});
        m_total = reply.json.value(QLatin1String("total")).toInt();
        // Calls placed since the first page shift the offsets: a call already loaded is not added twice.
        QSet<QString> known;
        for (const Call &c : std::as_const(m_calls))
            known.insert(c.callControlId);
        QList<Call> added;
        for (const QJsonValue v : reply.data().toArray()) {
            Call c = fromJson(v.toObject());
            if (!known.contains(c.callControlId))
                added.append(std::move(c));
        }
        if (!added.isEmpty()) {
            beginInsertRows({}, int(m_calls.size()), int(m_calls.size() + added.size()) - 1);
            m_calls.append(std::move(added));
            endInsertRows();
        }
        emit countChanged();
    });
}

void CallsModel::onCallEvent(const QString &, const QString &, const QString &, const QJsonObject &payload)
{
    const QString id = payload.value(QLatin1String("call_control_id")).toString();
    if (id.isEmpty())
        return;
    m_pending.insert(id);
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void CallsModel::refreshPending()
{
    if (!m_backend)
        return;
    const QSet<QString> ids = std::exchange(m_pending, {});
    for (const QString &id : ids) {
        m_backend->fetchCall(id, this, [this](const ApiReply &reply) {
            if (reply.ok())
                upsert(fromJson(reply.data().toObject()));
        });
    }
}

void CallsModel::upsert(const Call &call)
{
    if (call.callControlId.isEmpty())
        return;
    int at = -1;
    for (int i = 0; i < m_calls.size(); ++i) {
        if (m_calls.at(i).callControlId == call.callControlId) {
            at = i;
            break;
        }
    }
    if (at >= 0) {
        m_calls[at] = call;
        emit dataChanged(index(at), index(at));
        return;
    }
    // A new call: newest first, so it goes before the first loaded call that is older.
    int pos = 0;
    while (pos < m_calls.size() && m_calls.at(pos).createdAt > call.createdAt)
        ++pos;
    beginInsertRows({}, pos, pos);
    m_calls.insert(pos, call);
    ++m_total;
    endInsertRows();
    emit countChanged();
}

} // namespace sb
