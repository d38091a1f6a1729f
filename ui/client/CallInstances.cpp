// SPDX-License-Identifier: MIT
#include "client/CallInstances.h"

// Qt
#include <QJsonArray>
#include <QJsonObject>

namespace sb {

void CallInstances::note(const QJsonValue &records)
{
    if (records.isArray()) {
        for (const auto &record : records.toArray())
            noteOne(record.toObject());
    } else if (records.isObject()) {
        noteOne(records.toObject());
    }
}

void CallInstances::noteOne(const QJsonObject &record)
{
    if (const QJsonValue dialled = record.value(QLatin1String("dbRecord")); dialled.isObject()) {
        noteOne(dialled.toObject()); // a dial's answer carries the stored record
        return;
    }
    const QString call = record.value(QLatin1String("callControlId")).toString();
    if (call.isEmpty() || !record.contains(QLatin1String("instance")))
        return;
    const QUrl instance(record.value(QLatin1String("instance")).toString(), QUrl::StrictMode);
    const bool web = instance.isValid() && !instance.host().isEmpty() &&
                     (instance.scheme() == QLatin1String("http") || instance.scheme() == QLatin1String("https"));
    if (!web) {
        m_instances.remove(call);
        return;
    }
    if (m_instances.size() >= kMaxCalls && !m_instances.contains(call))
        m_instances.clear(); // rare, and only costs a lookup later: the records come again with the next list
    m_instances.insert(call, instance);
}

} // namespace sb
