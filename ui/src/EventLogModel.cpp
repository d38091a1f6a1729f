// SPDX-License-Identifier: MIT
#include "EventLogModel.h"

#include "CallText.h"
#include "LanguageChange.h"
#include "client/BackendClient.h"

// Qt
#include <QJsonDocument>

namespace sb {

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractListModel(parent)
{
    onLanguageChange(this, [this] {
        if (!m_events.isEmpty())
            emit dataChanged(index(0), index(int(m_events.size()) - 1), {SummaryRole});
    });
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

QHash<int, QByteArray> EventLogModel::roleNames() const
{
    return {
        {EventIdRole, "eventId"},       {TypeRole, "type"},         {CallControlIdRole, "callControlId"},
        {OccurredAtRole, "occurredAt"}, {TimeTextRole, "timeText"}, {SummaryRole, "summary"},
        {PayloadRole, "payload"},
    };
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Event &e = m_events.at(index.row());
    switch (role) {
    case EventIdRole:
        return e.id;
    case TypeRole:
        return e.type;
    case CallControlIdRole:
        return e.callControlId;
    case OccurredAtRole:
        return e.occurredAt;
    case TimeTextRole:
        return e.occurredAt.isValid() ? e.occurredAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString();
    case Qt::DisplayRole:
    case SummaryRole:
        return CallText::eventSummary(e.type, e.payload);
    case PayloadRole:
        return QString::fromUtf8(QJsonDocument(e.payload).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

void EventLogModel::setBackend(BackendClient *backend)
{
    if (m_backend == backend)
        return;
    if (m_backend)
        m_backend->disconnect(this);
    m_backend = backend;
    if (m_backend)
        connect(m_backend, &BackendClient::callEvent, this, &EventLogModel::append);
    emit backendChanged();
}

void EventLogModel::setMaxEvents(int maxEvents)
{
    maxEvents = std::max(1, maxEvents);
    if (m_maxEvents == maxEvents)
        return;
    m_maxEvents = maxEvents;
    trim();
    emit maxEventsChanged();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    endResetModel();
    emit countChanged();
}

void EventLogModel::append(const QString &type, const QString &eventId, const QString &occurredAt,
                           const QJsonObject &payload)
{
    if (type.startsWith(QLatin1String("presence."))) // the team's presence: the Supervisor page's, not a call event
        return;
    Event e;
    e.id = eventId;
    e.type = type;
    e.callControlId = payload.value(QLatin1String("call_control_id")).toString();
    e.occurredAt = QDateTime::fromString(occurredAt, Qt::ISODateWithMs);
    if (!e.occurredAt.isValid())
        e.occurredAt = QDateTime::currentDateTimeUtc();
    e.payload = payload;
    beginInsertRows({}, 0, 0);
    m_events.prepend(e);
    endInsertRows();
    trim();
    emit countChanged();
}

void EventLogModel::trim()
{
    if (m_events.size() <= m_maxEvents)
        return;
    beginRemoveRows({}, m_maxEvents, int(m_events.size()) - 1);
    m_events.resize(m_maxEvents);
    endRemoveRows();
}

} // namespace sb
