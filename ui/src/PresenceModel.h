// SPDX-License-Identifier: MIT
#pragma once

#include "client/BackendClient.h"

// Qt
#include <QAbstractListModel>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

// C++
#include <optional>

namespace sb {

// The team's agents and their states, for the Supervisor page (CONTRACT §9): GET /api/presence fills it (supervisor
// and admin tokens only; another token's 403 leaves it empty), and every presence.changed frame on /call-events
// updates one user, or adds one the list did not have yet. Re-read after /call-events comes back, since frames sent
// while it was down are lost. Sorted by name, so that a row does not jump when its state changes.
class PresenceModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(sb::BackendClient *backend READ backend WRITE setBackend NOTIFY backendChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    // What the page shows, decided once from the server's status and connected (never a translated label).
    enum class State {
        Available, // connected, status "available"
        Away,      // connected, status "away"
        OnCall,    // connected, status "busy": a live call
        SignedOut, // not connected, whatever the status
    };
    Q_ENUM(State)

    // The roles QML delegates read (role name in brackets).
    enum Roles {
        NameRole = Qt::UserRole + 1, // [name] string: the user's name (unique)
        RoleRole,                    // [role] string: agent, supervisor or admin
        StatusRole,                  // [status] string: the server's status: available, away or busy
        SinceRole,                   // [since] date: when that status began (UTC)
        ConnectedRole,               // [connected] bool: a desk of this user is connected
        CallRole,                    // [call] string: the call_control_id of the user's live call, or empty
        StateRole,                   // [presenceState] State: what to show
        StateTextRole,               // [stateText] string: the state in words (translated)
    };
    Q_ENUM(Roles)

    explicit PresenceModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    BackendClient *backend() const { return m_backend; }
    void setBackend(BackendClient *backend);
    int count() const { return int(m_users.size()); }

    Q_INVOKABLE void reload();
    // The whole list, as GET /api/presence's data. Malformed entries are skipped.
    void load(const QJsonArray &users);
    // One /call-events frame; anything but a well-formed presence.changed is ignored. True when it changed the list.
    bool applyEvent(const QString &type, const QJsonObject &payload);

    static QString stateText(State state);

signals:
    void backendChanged();
    void countChanged();

private:
    struct User {
        QString name;
        QString role;
        QString status;
        QDateTime since;
        bool connected = false;
        QString call;
        State state = State::SignedOut;
    };
    static std::optional<User> parse(const QJsonObject &object);
    void upsert(const User &user);

    QPointer<BackendClient> m_backend;
    QList<User> m_users; // sorted by name
};

} // namespace sb
