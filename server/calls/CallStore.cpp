// SPDX-License-Identifier: MIT
#include "calls/CallStore.h"

#include "store/Schema.h"
#include "store/StoreLogging.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace sb {

namespace {

constexpr auto kCallColumns = "call_control_id, call_leg_id, call_session_id, agent_id, from_number, to_number, "
                              "direction, status, muted, stream_url, stream_token_hash, hangup_cause, hangup_source, "
                              "sip_hangup_cause, duration_seconds, created_at, answered_at, ended_at, updated_at, "
                              "recording_path, offered_to, missed, instance";

// An agent's calls: those they dialled or answered, and the incoming ones offered to them (answered by someone else
// or missed: CONTRACT §9). offered_to is "name,name"; names are [a-z0-9._-], and '_' is escaped for LIKE.
constexpr char kInvolvingAgent[] = "WHERE agent_id = ? OR (',' || offered_to || ',') LIKE ? ESCAPE '\\'";

void bindAgent(QSqlQuery &q, const QString &agentId)
{
    // UserStore::isValidName allows no '%' and no backslash in a name: '_' is the only LIKE wildcard to escape.
    QString escaped = agentId;
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    q.addBindValue(agentId);
    q.addBindValue(QStringLiteral("%,%1,%").arg(escaped));
}

QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QVariant textOrNull(const QString &s)
{
    return s.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

} // namespace

CallStore::CallStore(const QString &sqlitePath)
    : CallStore(DatabaseUrl::sqlite(sqlitePath))
{
}

CallStore::CallStore(DatabaseUrl url)
    : m_db(std::move(url), QStringLiteral("calls"))
{
}

CallStore::~CallStore()
{
    // Prepared queries go before the connection they were made on.
    m_insertEvent.reset();
    m_saveCall.reset();
    m_selectCall.reset();
}

bool CallStore::open(QString *error)
{
    if (!m_db.open(error) || !Schema::migrate(m_db, error))
        return false;
    prepareKept();
    qCInfo(lcStore).noquote() << "database" << m_db.url().display() << "schema version" << schemaVersion();
    return true;
}

void CallStore::prepareKept() const
{
    const QSqlDatabase db = m_db.connection();
    m_preparedFor = m_db.generation();
    m_insertEvent = std::make_unique<QSqlQuery>(db);
    m_insertEvent->prepare(QStringLiteral("INSERT INTO events (id, call_control_id, event_type, occurred_at, "
                                          "received_at, payload) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    m_saveCall = std::make_unique<QSqlQuery>(db);
    // An upsert rather than INSERT OR REPLACE: the row is updated in place instead of deleted and
    // re-inserted, which would rewrite every index entry.
    QStringList updates;
    for (const QString &column : QString::fromLatin1(kCallColumns).split(QStringLiteral(", ")).mid(1))
        updates << QStringLiteral("%1 = excluded.%1").arg(column);
    QStringList placeholders;
    placeholders.fill(QStringLiteral("?"), updates.size() + 1);
    m_saveCall->prepare(
        QStringLiteral("INSERT INTO calls (%1) VALUES (%2) ON CONFLICT(call_control_id) DO UPDATE SET %3")
            .arg(QLatin1String(kCallColumns), placeholders.join(QStringLiteral(", ")),
                 updates.join(QStringLiteral(", "))));
    m_selectCall = std::make_unique<QSqlQuery>(db);
    m_selectCall->setForwardOnly(true); // no result cache: one row is read
    m_selectCall->prepare(
        QStringLiteral("SELECT %1 FROM calls WHERE call_control_id = ?").arg(QLatin1String(kCallColumns)));
}

QSqlQuery *CallStore::kept(const std::unique_ptr<QSqlQuery> &query) const
{
    if (m_db.isLost()) {
        // Statements prepared on the lost connection go with it, not onto the next one.
        m_insertEvent.reset();
        m_saveCall.reset();
        m_selectCall.reset();
        m_db.reopenIfLost();
        if (m_db.isLost())
            return nullptr;
    }
    if (!query || m_preparedFor != m_db.generation())
        prepareKept();
    return query.get();
}

bool CallStore::saveDialledCall(const CallRecord &r)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral(
        "INSERT INTO calls (call_control_id, call_leg_id, call_session_id, agent_id, from_number, to_number, "
        "direction, "
        "status, muted, stream_url, stream_token_hash, created_at, updated_at, instance) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, 0, ?, ?, ?, ?, ?) ON CONFLICT(call_control_id) DO UPDATE SET call_leg_id = COALESCE(calls.call_leg_id, "
        "excluded.call_leg_id), "
        "call_session_id = COALESCE(calls.call_session_id, excluded.call_session_id), agent_id = excluded.agent_id, "
        "from_number = excluded.from_number, to_number = excluded.to_number, direction = excluded.direction, "
        "stream_url = excluded.stream_url, stream_token_hash = excluded.stream_token_hash, "
        "updated_at = excluded.updated_at, instance = excluded.instance"));
    int i = 0;
    q.bindValue(i++, r.callControlId);
    q.bindValue(i++, textOrNull(r.callLegId));
    q.bindValue(i++, textOrNull(r.callSessionId));
    q.bindValue(i++, textOrNull(r.agentId));
    q.bindValue(i++, r.from);
    q.bindValue(i++, r.to);
    q.bindValue(i++, r.direction);
    q.bindValue(i++, callStatusName(r.status));
    q.bindValue(i++, textOrNull(r.streamUrl));
    q.bindValue(i++, r.streamTokenHash);
    q.bindValue(i++, r.createdAt.toMSecsSinceEpoch());
    q.bindValue(i++, r.updatedAt.toMSecsSinceEpoch());
    // Its media comes here: the stream URL it was dialled or answered with is this instance's.
    q.bindValue(i++, textOrNull(r.instance.isEmpty() ? m_instanceUrl : r.instance));
    return m_db.exec(q);
}

bool CallStore::setRecordingPath(const QString &callControlId, const QString &path)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE calls SET recording_path = ? WHERE call_control_id = ?"));
    q.bindValue(0, path);
    q.bindValue(1, callControlId);
    return m_db.exec(q) && q.numRowsAffected() == 1;
}

bool CallStore::setMuted(const QString &callControlId, bool muted, const QDateTime &when)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE calls SET muted = ?, updated_at = ? WHERE call_control_id = ?"));
    q.bindValue(0, muted ? 1 : 0);
    q.bindValue(1, when.toMSecsSinceEpoch());
    q.bindValue(2, callControlId);
    return m_db.exec(q) && q.numRowsAffected() == 1;
}

bool CallStore::insertEvent(const CallEvent &event, bool *inserted)
{
    QSqlQuery *kept = this->kept(m_insertEvent);
    if (!kept)
        return false;
    QSqlQuery &q = *kept;
    q.bindValue(0, event.id);
    q.bindValue(1, textOrNull(event.callControlId));
    q.bindValue(2, event.type);
    q.bindValue(3, event.occurredAt);
    q.bindValue(4, event.receivedAt.toMSecsSinceEpoch());
    q.bindValue(5, QString::fromUtf8(event.payloadJson));
    if (!m_db.exec(q))
        return false;
    *inserted = q.numRowsAffected() > 0;
    return true;
}

bool CallStore::saveCall(const CallRecord &r)
{
    QSqlQuery *kept = this->kept(m_saveCall);
    if (!kept)
        return false;
    QSqlQuery &q = *kept;
    int i = 0;
    q.bindValue(i++, r.callControlId);
    q.bindValue(i++, textOrNull(r.callLegId));
    q.bindValue(i++, textOrNull(r.callSessionId));
    q.bindValue(i++, textOrNull(r.agentId));
    q.bindValue(i++, r.from.isNull() ? QStringLiteral("") : r.from); // a null QString would bind as SQL NULL
    q.bindValue(i++, r.to.isNull() ? QStringLiteral("") : r.to);
    q.bindValue(i++, r.direction);
    q.bindValue(i++, callStatusName(r.status));
    q.bindValue(i++, r.muted ? 1 : 0);
    q.bindValue(i++, textOrNull(r.streamUrl));
    q.bindValue(i++, r.streamTokenHash.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                 : QVariant(r.streamTokenHash));
    q.bindValue(i++, textOrNull(r.hangupCause));
    q.bindValue(i++, textOrNull(r.hangupSource));
    q.bindValue(i++, textOrNull(r.sipHangupCause));
    q.bindValue(i++, r.durationSeconds ? QVariant(*r.durationSeconds) : QVariant(QMetaType::fromType<qint64>()));
    q.bindValue(i++, r.createdAt.toMSecsSinceEpoch());
    q.bindValue(i++, msOrNull(r.answeredAt));
    q.bindValue(i++, msOrNull(r.endedAt));
    q.bindValue(i++, (r.updatedAt.isValid() ? r.updatedAt : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch());
    q.bindValue(i++, textOrNull(r.recordingPath));
    q.bindValue(i++, r.offeredTo.isEmpty() ? QStringLiteral("") : r.offeredTo.join(QLatin1Char(','))); // not NULL
    q.bindValue(i++, r.missed ? 1 : 0);
    q.bindValue(i++, textOrNull(r.instance));
    return m_db.exec(q);
}

bool CallStore::claimCall(const QString &callControlId, const QString &from, const QString &streamUrl,
                          const QByteArray &tokenHash)
{
    QSqlQuery q = m_db.query();
    // One statement, conditional on the holder: two instances racing for a call cannot both win.
    q.prepare(QStringLiteral("UPDATE calls SET instance = ?, stream_url = ?, stream_token_hash = ?, updated_at = ? "
                             "WHERE call_control_id = ? AND instance = ? AND status <> 'ended'"));
    q.addBindValue(m_instanceUrl);
    q.addBindValue(streamUrl);
    q.addBindValue(tokenHash);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(callControlId);
    q.addBindValue(from);
    return m_db.exec(q) && q.numRowsAffected() == 1;
}

bool CallStore::claimAnswer(const QString &callControlId, const QString &agent)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE calls SET agent_id = ?, updated_at = ? WHERE call_control_id = ? AND "
                             "status = 'ringing' AND (agent_id IS NULL OR agent_id = '') AND missed = 0"));
    q.addBindValue(agent);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(callControlId);
    return m_db.exec(q) && q.numRowsAffected() == 1;
}

void CallStore::releaseAnswer(const QString &callControlId, const QString &agent)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE calls SET agent_id = '', updated_at = ? WHERE call_control_id = ? AND "
                             "agent_id = ? AND status = 'ringing'"));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(callControlId);
    q.addBindValue(agent);
    m_db.exec(q);
}

bool CallStore::claimMissed(const QString &callControlId)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE calls SET missed = 1, updated_at = ? WHERE call_control_id = ? AND "
                             "(agent_id IS NULL OR agent_id = '') AND status <> 'ended'"));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(callControlId);
    return m_db.exec(q) && q.numRowsAffected() == 1;
}

bool CallStore::setOffer(const QString &callControlId, const QStringList &offeredTo, bool missed)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE calls SET offered_to = ?, missed = ?, updated_at = ? WHERE call_control_id = ?"));
    q.bindValue(0, offeredTo.isEmpty() ? QStringLiteral("") : offeredTo.join(QLatin1Char(','))); // not NULL
    q.bindValue(1, missed ? 1 : 0);
    q.bindValue(2, QDateTime::currentMSecsSinceEpoch());
    q.bindValue(3, callControlId);
    return m_db.exec(q) && q.numRowsAffected() > 0;
}

CallRecord CallStore::readCall(const QSqlQuery &q) const
{
    CallRecord r;
    int i = 0;
    r.callControlId = q.value(i++).toString();
    r.callLegId = q.value(i++).toString();
    r.callSessionId = q.value(i++).toString();
    r.agentId = q.value(i++).toString();
    r.from = q.value(i++).toString();
    r.to = q.value(i++).toString();
    r.direction = q.value(i++).toString();
    r.status = callStatusFromName(q.value(i++).toString()).value_or(CallStatus::Initiated);
    r.muted = q.value(i++).toInt() != 0;
    r.streamUrl = q.value(i++).toString();
    r.streamTokenHash = q.value(i++).toByteArray();
    r.hangupCause = q.value(i++).toString();
    r.hangupSource = q.value(i++).toString();
    r.sipHangupCause = q.value(i++).toString();
    const QVariant duration = q.value(i++);
    if (!duration.isNull())
        r.durationSeconds = duration.toLongLong();
    r.createdAt = fromMs(q.value(i++));
    r.answeredAt = fromMs(q.value(i++));
    r.endedAt = fromMs(q.value(i++));
    r.updatedAt = fromMs(q.value(i++));
    r.recordingPath = q.value(i++).toString();
    r.offeredTo = q.value(i++).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    r.missed = q.value(i++).toInt() != 0;
    r.instance = q.value(i++).toString();
    return r;
}

QList<CallRecord> CallStore::readCalls(QSqlQuery &q) const
{
    QList<CallRecord> out;
    q.setForwardOnly(true);
    if (!m_db.exec(q))
        return out;
    while (q.next())
        out.append(readCall(q));
    return out;
}

std::optional<CallRecord> CallStore::call(const QString &callControlId) const
{
    QSqlQuery *kept = this->kept(m_selectCall);
    if (!kept)
        return std::nullopt;
    QSqlQuery &q = *kept;
    q.bindValue(0, callControlId);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    CallRecord r = readCall(q);
    q.finish();
    return r;
}

std::optional<CallRecord> CallStore::callByStreamTokenHash(const QByteArray &hash) const
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT %1 FROM calls WHERE stream_token_hash = ?").arg(QLatin1String(kCallColumns)));
    q.bindValue(0, hash);
    const auto calls = readCalls(q);
    return calls.isEmpty() ? std::nullopt : std::optional<CallRecord>(calls.first());
}

QList<CallRecord> CallStore::calls(int limit, int offset, const std::optional<QString> &agentId) const
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT %1 FROM calls %2 ORDER BY created_at DESC, %3 DESC LIMIT ? OFFSET ?")
                  .arg(QLatin1String(kCallColumns), agentId ? QLatin1String(kInvolvingAgent) : QLatin1String(),
                       m_db.insertionOrder()));
    if (agentId)
        bindAgent(q, *agentId);
    q.addBindValue(limit);
    q.addBindValue(offset);
    return readCalls(q);
}

QList<CallRecord> CallStore::liveCalls() const
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT %1 FROM calls WHERE status <> ? ORDER BY created_at DESC")
                  .arg(QLatin1String(kCallColumns)));
    q.addBindValue(callStatusName(CallStatus::Ended)); // the column holds the wire words
    return readCalls(q);
}

qint64 CallStore::callCount(const std::optional<QString> &agentId) const
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM calls %1")
                  .arg(agentId ? QLatin1String(kInvolvingAgent) : QLatin1String()));
    if (agentId)
        bindAgent(q, *agentId);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

qint64 CallStore::eventCount() const
{
    QSqlQuery q = m_db.query();
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM events")) && q.next() ? q.value(0).toLongLong() : 0;
}

std::optional<CallEvent> CallStore::event(const QString &id) const
{
    QSqlQuery q = m_db.query();
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT event_type, occurred_at, received_at, payload, call_control_id FROM events "
                             "WHERE id = ?"));
    q.bindValue(0, id);
    if (!m_db.exec(q) || !q.next())
        return std::nullopt;
    CallEvent e;
    e.id = id;
    e.type = q.value(0).toString();
    e.occurredAt = q.value(1).toString();
    e.receivedAt = fromMs(q.value(2));
    e.payloadJson = q.value(3).toString().toUtf8();
    e.payload = QJsonDocument::fromJson(e.payloadJson).object();
    e.callControlId = q.value(4).toString();
    return e;
}

QList<CallEvent> CallStore::events(const QString &callControlId) const
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT id, event_type, occurred_at, received_at, payload FROM events "
                             "WHERE call_control_id = ? ORDER BY occurred_at, %1")
                  .arg(m_db.insertionOrder()));
    q.bindValue(0, callControlId);
    QList<CallEvent> out;
    if (!m_db.exec(q))
        return out;
    while (q.next()) {
        CallEvent e;
        e.id = q.value(0).toString();
        e.type = q.value(1).toString();
        e.occurredAt = q.value(2).toString();
        e.receivedAt = fromMs(q.value(3));
        e.payloadJson = q.value(4).toString().toUtf8();
        e.payload = QJsonDocument::fromJson(e.payloadJson).object();
        e.callControlId = callControlId;
        out.append(e);
    }
    return out;
}

} // namespace sb
