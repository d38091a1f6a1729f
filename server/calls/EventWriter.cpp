// SPDX-License-Identifier: MIT
#include "calls/EventWriter.h"

#include "Logging.h"
#include "calls/CallStateMachine.h"
#include "calls/CallStore.h"

namespace sb {

namespace {
QString directionFromPayload(const QJsonObject &payload)
{
    const QString d = payload.value(QLatin1String("direction")).toString();
    if (d == QLatin1String("incoming"))
        return QStringLiteral("inbound");
    if (d == QLatin1String("outgoing"))
        return QStringLiteral("outbound");
    return QStringLiteral("unknown");
}
} // namespace

EventWriter::EventWriter(DatabaseUrl database)
    : m_database(std::move(database))
{
}

EventWriter::~EventWriter() = default;

EventWriter::Result EventWriter::write(const std::vector<CallEvent> &events)
{
    Result result;
    result.isNew.assign(events.size(), false);
    result.calls.resize(events.size());
    if (!m_store) {
        auto store = std::make_unique<CallStore>(m_database);
        if (!store->open(&result.error))
            return result;
        m_store = std::move(store);
    }
    if (!m_store->begin()) {
        result.error = m_store->lastError();
        return result;
    }
    if (!writeInTransaction(events, result)) {
        m_store->rollback();
        result.error = m_store->lastError();
        result.isNew.assign(events.size(), false);
        return result;
    }
    if (!m_store->commit()) {
        result.error = m_store->lastError();
        result.isNew.assign(events.size(), false);
        return result;
    }
    result.ok = true;
    return result;
}

bool EventWriter::writeInTransaction(const std::vector<CallEvent> &events, Result &result)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (std::size_t i = 0; i < events.size(); ++i) {
        const CallEvent &event = events[i];
        bool inserted = false;
        if (!m_store->insertEvent(event, &inserted))
            return false;
        result.isNew[i] = inserted;
        if (!inserted || event.callControlId.isEmpty())
            continue;
        std::optional<CallRecord> record = m_store->call(event.callControlId);
        if (!record) {
            // An event for a call we did not dial (an incoming call, or a webhook that overtook the
            // dial's own answer): start a record from what the event says.
            record = CallRecord{};
            record->callControlId = event.callControlId;
            record->direction = directionFromPayload(event.payload);
            record->createdAt = now;
        }
        if (CallStateMachine::apply(*record, event) || !record->updatedAt.isValid()) {
            record->updatedAt = now;
            if (!m_store->saveCall(*record))
                return false;
        }
        result.calls[i] = std::move(record);
    }
    return true;
}

} // namespace sb
