// SPDX-License-Identifier: MIT
#include "http/ConnectionBudget.h"

#include "http/HttpLogging.h"

namespace sb {

ConnectionBudget::Lease::Lease(ConnectionBudget *budget, std::function<void()> close, std::function<bool()> hasInput)
    : m_budget(budget)
    , m_close(std::move(close))
    , m_hasInput(std::move(hasInput))
{
}

ConnectionBudget::Lease::~Lease()
{
    if (m_budget)
        m_budget->forget(this);
}

ConnectionBudget::ConnectionBudget(int maxConnections, QObject *parent)
    : QObject(parent)
    , m_max(maxConnections)
{
}

ConnectionBudget::Lease *ConnectionBudget::admit(QObject *carrier, std::function<void()> close,
                                                 std::function<bool()> hasInput)
{
    if (m_open.size() >= m_max) {
        // The list is short (the cap) and this only runs at the cap: a scan is fine.
        const auto oldest = std::find_if(m_open.cbegin(), m_open.cend(), [](const Lease *lease) {
            return lease->stage() == Lease::Stage::Waiting && !(lease->m_hasInput && lease->m_hasInput());
        });
        if (oldest == m_open.cend()) {
            qCInfo(lcHttp) << "refused a connection: all" << m_max << "are busy";
            return nullptr;
        }
        Lease *victim = *oldest;
        forget(victim); // counted out now: its socket closes later, when the event loop gets to it
        victim->m_budget = nullptr;
        qCDebug(lcHttp) << "closed the oldest waiting connection to make room";
        victim->m_close();
    }
    auto *lease = new Lease(this, std::move(close), std::move(hasInput));
    lease->setParent(carrier);
    m_open.append(lease);
    return lease;
}

void ConnectionBudget::transfer(Lease *lease, QObject *carrier)
{
    if (lease)
        lease->setParent(carrier);
}

void ConnectionBudget::forget(Lease *lease)
{
    m_open.removeOne(lease);
}

} // namespace sb
