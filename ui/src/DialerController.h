// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace sb {

// The dialer's logic, kept out of QML so that it is tested once: the number typed so far, what is wrong with
// it in words (while typing), and the caller id chosen from the configured numbers.
//
// Numbers are E.164 as the contract requires (+, first digit 1-9, 2 to 15 digits). People paste numbers with
// spaces, dashes, dots and brackets, so those are accepted and dropped: `normalized` is what is dialled.
class DialerController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString number READ number WRITE setNumber NOTIFY numberChanged)
    Q_PROPERTY(QString normalized READ normalized NOTIFY numberChanged)
    Q_PROPERTY(bool valid READ isValid NOTIFY numberChanged)
    Q_PROPERTY(QString validationMessage READ validationMessage NOTIFY numberChanged)
    Q_PROPERTY(QStringList callerIds READ callerIds WRITE setCallerIds NOTIFY callerIdsChanged)
    Q_PROPERTY(QString callerId READ callerId WRITE setCallerId NOTIFY callerIdChanged)
    Q_PROPERTY(QString callerIdMessage READ callerIdMessage NOTIFY callerIdChanged)
    Q_PROPERTY(bool canDial READ canDial NOTIFY canDialChanged)

public:
    explicit DialerController(QObject *parent = nullptr);

    QString number() const { return m_number; }
    void setNumber(const QString &number);
    QString normalized() const { return normalize(m_number); }
    bool isValid() const { return isValidNumber(normalized()); }
    QString validationMessage() const { return validate(m_number); }
    QStringList callerIds() const { return m_callerIds; }
    void setCallerIds(const QStringList &callerIds);
    QString callerId() const { return m_callerId; }
    void setCallerId(const QString &callerId);
    QString callerIdMessage() const;
    bool canDial() const { return isValid() && isValidNumber(normalize(m_callerId)); }

    // Keypad: 0-9, *, #, and + (long-press 0 on phones; here its own key). Only digits and + go in the number.
    Q_INVOKABLE void appendDigit(const QString &digit);
    Q_INVOKABLE void backspace();
    Q_INVOKABLE void clear();

    // Drops the separators people type: spaces, '-', '.', '(' and ')'.
    Q_INVOKABLE static QString normalize(const QString &text);
    Q_INVOKABLE static bool isValidNumber(const QString &normalized);
    // What is wrong with a number as typed, in one translated sentence; empty when it is fine or still empty.
    Q_INVOKABLE static QString validate(const QString &text);

signals:
    void numberChanged();
    void callerIdsChanged();
    void callerIdChanged();
    void canDialChanged();

private:
    QString m_number;
    QStringList m_callerIds;
    QString m_callerId;
};

} // namespace sb
