// SPDX-License-Identifier: MIT
#include "WhisperControl.h"

namespace sb {

WhisperControl::WhisperControl(QObject *parent)
    : QObject(parent)
{
}

void WhisperControl::start(const QString &callControlId)
{
    if (m_available && !callControlId.isEmpty())
        emit startRequested(callControlId);
}

void WhisperControl::stop()
{
    if (m_available)
        emit stopRequested();
}

void WhisperControl::setAvailable(bool available)
{
    if (available == m_available)
        return;
    m_available = available;
    emit availableChanged();
}

void WhisperControl::setState(const QString &callControlId, bool talking, const QString &problem)
{
    if (callControlId == m_call && talking == m_talking && problem == m_problem)
        return;
    m_call = callControlId;
    m_talking = talking;
    m_problem = problem;
    emit stateChanged();
}

} // namespace sb
