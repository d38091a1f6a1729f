// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QUrl>

namespace sb {

// Where each call's media is, when several Switchboard instances share one database (CONTRACT §8): every call record
// the backend answers with names the instance holding its media (`instance`, that instance's public URL), and a call's
// /frontend-audio and /agent-audio are served only there. The desk remembers the latest word on each call it has seen,
// so that it opens those sockets at the right instance on its own; a user never needs to know there are several.
class CallInstances {
public:
    // One record ({"callControlId", "instance", ...}), a dial's answer ({"dbRecord": record}) or an array of records
    // (GET /api/calls); anything else is ignored.
    // A record whose instance is not an http(s) URL, or is empty (one instance), forgets the call's.
    void note(const QJsonValue &records);
    // The instance holding the call's media, or an empty URL when it is not known.
    QUrl of(const QString &callControlId) const { return m_instances.value(callControlId); }
    void forget(const QString &callControlId) { m_instances.remove(callControlId); }
    qsizetype size() const { return m_instances.size(); }

    // How many calls are remembered at most: the oldest news goes first past it (a long shift's history pages).
    static constexpr qsizetype kMaxCalls = 2000;

private:
    void noteOne(const QJsonObject &record);
    QHash<QString, QUrl> m_instances;
};

} // namespace sb
