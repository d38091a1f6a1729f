// SPDX-License-Identifier: MIT
#include "DialerController.h"

#include "LanguageChange.h"
#include "protocol/E164.h"

namespace sb {

namespace {
constexpr int kMaxDigits = 15; // ITU-T E.164
constexpr int kMinDigits = 2;  // docs/interface.md §3.4
} // namespace

DialerController::DialerController(QObject *parent)
    : QObject(parent)
{
    onLanguageChange(this, [this] {
        emit numberChanged();
        emit callerIdChanged();
    });
}

void DialerController::setNumber(const QString &number)
{
    if (m_number == number)
        return;
    m_number = number;
    emit numberChanged();
    emit canDialChanged();
}

void DialerController::setCallerIds(const QStringList &callerIds)
{
    if (m_callerIds == callerIds)
        return;
    m_callerIds = callerIds;
    emit callerIdsChanged();
    if ((m_callerId.isEmpty() || !m_callerIds.contains(m_callerId)) && !m_callerIds.isEmpty())
        setCallerId(m_callerIds.constFirst());
}

void DialerController::setCallerId(const QString &callerId)
{
    if (m_callerId == callerId)
        return;
    m_callerId = callerId;
    emit callerIdChanged();
    emit canDialChanged();
}

QString DialerController::callerIdMessage() const
{
    if (m_callerId.isEmpty())
        return m_callerIds.isEmpty() ? tr("Add your Telnyx numbers in Settings, or type the number to call from.")
                                     : tr("Choose the number to call from.");
    const QString problem = validate(m_callerId);
    return problem.isEmpty() ? QString() : tr("Caller ID: %1").arg(problem);
}

void DialerController::appendDigit(const QString &digit)
{
    if (digit.size() != 1)
        return;
    const QChar c = digit.at(0);
    if (c.isDigit() || c == QLatin1Char('+') || c == QLatin1Char('*') || c == QLatin1Char('#'))
        setNumber(m_number + c);
}

void DialerController::backspace()
{
    if (!m_number.isEmpty())
        setNumber(m_number.chopped(1));
}

void DialerController::clear()
{
    setNumber({});
}

QString DialerController::normalize(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.isSpace() || c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('(') ||
            c == QLatin1Char(')'))
            continue;
        out.append(c);
    }
    return out;
}

bool DialerController::isValidNumber(const QString &n)
{
    return isE164(n); // the server's own check, so that what the dialer allows is what the API accepts
}

QString DialerController::validate(const QString &text)
{
    const QString n = normalize(text);
    if (n.isEmpty())
        return {};
    if (n.at(0) != QLatin1Char('+')) {
        if (n.at(0).isDigit())
            return tr("Start with + and the country code, for example +1 for the US or +49 for Germany.");
        return tr("A phone number starts with + and has only digits.");
    }
    int digits = 0;
    for (int i = 1; i < n.size(); ++i) {
        const QChar c = n.at(i);
        if (c == QLatin1Char('+'))
            return tr("Only one + is allowed, at the start.");
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return tr("'%1' is not allowed: use only digits after the +.").arg(c);
        ++digits;
    }
    if (digits == 0)
        return tr("Now type the country code and the number.");
    if (n.at(1) == QLatin1Char('0'))
        return tr("A country code never starts with 0: drop the 0 after the +.");
    if (digits < kMinDigits)
        return tr("Too short: keep typing the number.");
    if (digits > kMaxDigits)
        return tr("Too long: an international number has at most 15 digits (this one has %n).", nullptr, digits);
    return {};
}

} // namespace sb
