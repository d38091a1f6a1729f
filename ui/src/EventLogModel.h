// SPDX-License-Identifier: MIT
#pragma once

#include "client/BackendClient.h"

// Qt
#include <QAbstractListModel>
#include <QDateTime>
#include <QJsonObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace sb {

// The live event log: every /call-events frame as it arrives, newest first, at most maxEvents kept (the oldest
// fall off). Only what arrives while the dashboard runs; a call's full event list is GET /api/calls/<id>.
class EventLogModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(sb::BackendClient *backend READ backend WRITE setBackend NOTIFY backendChanged)
    Q_PROPERTY(int maxEvents READ maxEvents WRITE setMaxEvents NOTIFY maxEventsChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    // The roles QML delegates read (role name in brackets).
    enum Roles {
        EventIdRole = Qt::UserRole + 1, // [eventId] string: data.id (unique), or a Switchboard UUID for call.muted
        TypeRole,                       // [type] string: event type, e.g. "call.answered"
        CallControlIdRole,              // [callControlId] string: the call it belongs to
        OccurredAtRole,                 // [occurredAt] date: when it happened (Telnyx's occurred_at)
        TimeTextRole,                   // [timeText] string: occurredAt as local hh:mm:ss
        SummaryRole,                    // [summary] string: the event in words (translated)
        PayloadRole,                    // [payload] string: the payload as compact JSON, for the curious
    };
    Q_ENUM(Roles)

    explicit EventLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    BackendClient *backend() const { return m_backend; }
    void setBackend(BackendClient *backend);
    int maxEvents() const { return m_maxEvents; }
    void setMaxEvents(int maxEvents);
    int count() const { return int(m_events.size()); }

    Q_INVOKABLE void clear();
    // Adds one event as if it had arrived (the backend's callEvent signal lands here).
    Q_INVOKABLE void append(const QString &type, const QString &eventId, const QString &occurredAt,
                            const QJsonObject &payload);

signals:
    void backendChanged();
    void maxEventsChanged();
    void countChanged();

private:
    struct Event {
        QString id, type, callControlId;
        QDateTime occurredAt;
        QJsonObject payload;
    };
    void trim();

    QPointer<BackendClient> m_backend;
    QList<Event> m_events; // newest first
    int m_maxEvents = 500;
};

} // namespace sb
