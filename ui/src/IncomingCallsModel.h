// SPDX-License-Identifier: MIT
#pragma once

#include "ActiveCallController.h"
#include "client/BackendClient.h"

// Qt
#include <QAbstractListModel>
#include <QJsonObject>
#include <QPointer>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace sb {

// The inbound calls ringing now (CONTRACT §9), from /call-events:
//   call.offered     adds the offer (or updates it: a longest-idle turn passing on names other desks);
//   call.taken       someone else answered: the offer goes;
//   call.offer_ended the caller gave up, nobody took it, or our longest-idle turn passed on: the offer goes, and if it
//                    rang for us it counts as missed (`missed`, until History is opened: clearMissed());
//   call.answered / call.hangup of an offered call: the offer goes too (a desk that missed the frames above).
// An offer rings for this desk (`forMe`) when its user (userName, Session.userName) is in offered_to; a supervisor's
// or admin's desk also gets the others' offers and shows them quietly. Without offered_to (an older server sends it
// only to the offered desks) an offer is for us.
//
// answer() posts /api/calls/telnyx/<id>/answer; on 200 the ActiveCallController adopts the call, which from then on
// follows its call.* events like a dialled one. 409 (already_answered, offer_ended) and 404 drop the offer and say
// so in `error`. decline() posts .../decline: the server sends this desk nothing more for that call, so the offer
// goes here on 200. After /call-events comes back every offer is checked with GET /api/calls/<id>, since frames sent
// while it was down are lost.
class IncomingCallsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(sb::BackendClient *backend READ backend WRITE setBackend NOTIFY backendChanged)
    Q_PROPERTY(sb::ActiveCallController *activeCall READ activeCall WRITE setActiveCall NOTIFY activeCallChanged)
    Q_PROPERTY(QString userName READ userName WRITE setUserName NOTIFY userNameChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int ringingForMe READ ringingForMe NOTIFY ringingForMeChanged)
    // The oldest offer ringing for this desk (what the shortcuts and the notification answer), or empty.
    Q_PROPERTY(QString firstForMe READ firstForMe NOTIFY ringingForMeChanged)
    Q_PROPERTY(int missed READ missed NOTIFY missedChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    // The roles QML delegates read (role name in brackets).
    enum Roles {
        CallControlIdRole = Qt::UserRole + 1, // [callControlId] string: the call's call_control_id
        FromRole,                             // [from] string: the caller's number (E.164 as Telnyx sent it)
        ToRole,                               // [to] string: the number they called (ours)
        CallerIdNameRole,                     // [callerIdName] string: the caller's name when the network sent one
        ForMeRole,                            // [forMe] bool: it rings for this desk's user
        OfferedToRole,                        // [offeredTo] list of strings: the users whose desks ring
        PendingRole,                          // [pending] bool: an answer or decline of it is in flight
    };
    Q_ENUM(Roles)

    // Offers beyond this are not kept (a flood of webhooks must not grow the desk without bound); far more than a
    // team's desks can show at once.
    static constexpr int kMaxOffers = 100;

    explicit IncomingCallsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    BackendClient *backend() const { return m_backend; }
    void setBackend(BackendClient *backend);
    ActiveCallController *activeCall() const { return m_activeCall; }
    void setActiveCall(ActiveCallController *activeCall);
    QString userName() const { return m_userName; }
    void setUserName(const QString &userName);
    int count() const { return int(m_offers.size()); }
    int ringingForMe() const;
    QString firstForMe() const;
    int missed() const { return m_missed; }
    QString error() const { return m_error; }

    Q_INVOKABLE void answer(const QString &callControlId);
    Q_INVOKABLE void decline(const QString &callControlId);
    // History was opened: the missed calls have been seen.
    Q_INVOKABLE void clearMissed();
    Q_INVOKABLE void clearError() { setError({}); }
    // Forgets every offer, the missed count and the error (the desk signed out: nothing of it shows in the next
    // session).
    void clear();
    // The offer's fields as a map (callControlId, from, to, callerIdName, forMe), or empty when it is not ringing.
    Q_INVOKABLE QVariantMap offer(const QString &callControlId) const;
    // One /call-events frame; anything but the offer events and the ends of offered calls is ignored.
    void applyEvent(const QString &type, const QJsonObject &payload);

signals:
    void backendChanged();
    void activeCallChanged();
    void userNameChanged();
    void countChanged();
    void ringingForMeChanged();
    void missedChanged();
    void errorChanged();
    // An answer was accepted: the call is this desk's now.
    void answered(const QString &callControlId);

private:
    struct Offer {
        QString callControlId, from, to, callerIdName;
        QStringList offeredTo;
        bool hasOfferedTo = false;
        bool pending = false;
    };
    bool isForMe(const Offer &offer) const;
    int indexOf(const QString &callControlId) const;
    // Removes the offer; `missedByMe`: it rang for us and nobody here took it.
    void remove(const QString &callControlId, bool missedByMe);
    void setPending(const QString &callControlId, bool pending);
    void setError(const QString &error);
    void recheck();
    // Emits the signals whose values may have changed since `before` (ringingForMe, firstForMe, count).
    void announce(int countBefore, int forMeBefore, const QString &firstBefore);

    QPointer<BackendClient> m_backend;
    QPointer<ActiveCallController> m_activeCall;
    QString m_userName;
    QList<Offer> m_offers; // oldest first
    int m_missed = 0;
    QString m_error;
};

} // namespace sb
