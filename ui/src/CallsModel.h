// SPDX-License-Identifier: MIT
#pragma once

#include "client/BackendClient.h"
#include "protocol/CallStatus.h"

// Qt
#include <QAbstractListModel>
#include <QDateTime>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace sb {

// Calls of a backend for QML: the history (GET /api/calls, newest first, paged with limit/offset) kept live by
// /call-events. Every event of a call re-reads that call (GET /api/calls/<id>), so a row always shows what the
// backend stored (status never goes backwards there) and calls placed elsewhere appear at once.
//
// Every loaded call is a row. Views that show some of them (the history's search, the supervisor's live calls)
// put a CallsFilterModel over this one.
class CallsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(sb::BackendClient *backend READ backend WRITE setBackend NOTIFY backendChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
    Q_PROPERTY(int count READ rowCountProperty NOTIFY countChanged)
    Q_PROPERTY(int loadedCount READ loadedCount NOTIFY countChanged)
    Q_PROPERTY(int total READ total NOTIFY countChanged)
    Q_PROPERTY(bool canLoadMore READ canLoadMore NOTIFY countChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    // The roles QML delegates read (role name in brackets).
    enum Roles {
        CallControlIdRole = Qt::UserRole + 1, // [callControlId] string: Telnyx's call_control_id, unique per call
        FromRole,                             // [from] string: E.164 caller id used
        ToRole,                               // [to] string: E.164 number dialled
        AgentIdRole,                          // [agentId] string: agent who placed the call, may be empty
        DirectionRole,                        // [direction] string: "outbound-dial" or "inbound"
        StatusRole,                           // [status] string: initiated | ringing | answered | ended
        StatusTextRole,                       // [statusText] string: the status in words (translated)
        LiveRole,                             // [live] bool: status is not ended
        MutedRole,                            // [muted] bool: the agent's microphone is muted
        HangupCauseRole,                      // [hangupCause] string: Telnyx hangup_cause, empty while live
        HangupCauseTextRole,                  // [hangupCauseText] string: the cause as a sentence (translated)
        DurationSecondsRole,                  // [durationSeconds] int: answered to hang-up, -1 while unknown
        DurationTextRole,                     // [durationText] string: "m:ss", empty while unknown
        CreatedAtRole,                        // [createdAt] date: when it was dialled
        AnsweredAtRole,                       // [answeredAt] date: invalid if never answered
        EndedAtRole,                          // [endedAt] date: invalid while live
        ListenersRole,                        // [listeners] int: /frontend-audio listeners hearing the call now
        RecordingRole,                        // [recording] string: path of the call's WAV (--record), or empty
        MissedRole,                           // [missed] bool: an inbound call nobody answered
        RemoteNumberRole,                     // [remoteNumber] string: the other party (from when inbound, else to)
    };
    Q_ENUM(Roles)

    explicit CallsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    BackendClient *backend() const { return m_backend; }
    void setBackend(BackendClient *backend);
    int pageSize() const { return m_pageSize; }
    void setPageSize(int pageSize);
    int rowCountProperty() const { return int(m_calls.size()); }
    int loadedCount() const { return int(m_calls.size()); }
    int total() const { return m_total; }
    bool canLoadMore() const { return m_calls.size() < m_total; }
    bool isLoading() const { return m_loading; }
    QString errorString() const { return m_error; }

    // Re-reads the first page (drops the others).
    Q_INVOKABLE void reload();
    // Appends the next page.
    Q_INVOKABLE void loadMore();
    // The call on `row` as a map of the role names above (for detail views).
    Q_INVOKABLE QVariantMap get(int row) const;
    // The row of a call, or -1.
    Q_INVOKABLE int rowOf(const QString &callControlId) const;

signals:
    void backendChanged();
    void pageSizeChanged();
    void countChanged();
    void loadingChanged();
    void errorStringChanged();

private:
    struct Call {
        QString callControlId, from, to, agentId, direction, hangupCause, hangupSource;
        std::optional<CallStatus> status; // empty for a word this console does not know
        bool live() const { return status != CallStatus::Ended; }
        bool muted = false;
        qint64 durationSeconds = -1;
        int listeners = 0;
        QString recording;
        bool missed = false;
        QDateTime createdAt, answeredAt, endedAt;
    };
    static Call fromJson(const QJsonObject &json);
    void upsert(const Call &call);
    void onCallEvent(const QString &type, const QString &eventId, const QString &occurredAt,
                     const QJsonObject &payload);
    void refreshPending();
    void setLoading(bool loading);
    void setError(const QString &error);

    QPointer<BackendClient> m_backend;
    QList<Call> m_calls; // every loaded call, newest first: the rows
    int m_pageSize = 50;
    int m_total = 0;
    bool m_loading = false;
    int m_generation = 0; // answers of a superseded reload are dropped
    QString m_error;
    QSet<QString> m_pending; // calls to re-read, coalesced so a burst of events costs one request per call
    QTimer m_refreshTimer;
};

} // namespace sb
