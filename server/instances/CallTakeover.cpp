// SPDX-License-Identifier: MIT
#include "instances/CallTakeover.h"

#include "Config.h"
#include "calls/CallRecord.h"
#include "calls/CallStore.h"
#include "instances/InstanceRegistry.h"
#include "protocol/Paths.h"
#include "store/StoreLogging.h"
#include "telnyx/TelnyxClient.h"

#include <QJsonObject>
#include <QSet>
#include <QUrlQuery>

namespace sb {

CallTakeover::CallTakeover(CallStore *store, InstanceRegistry *instances, TelnyxClient *telnyx,
                           std::function<QString()> streamBaseUrl, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_instances(instances)
    , m_telnyx(telnyx)
    , m_streamBaseUrl(std::move(streamBaseUrl))
{
    m_timer.setInterval(kCheckEveryMs);
    connect(&m_timer, &QTimer::timeout, this, &CallTakeover::check);
}

void CallTakeover::check()
{
    QSet<QString> live;
    for (const InstanceRegistry::Instance &instance : m_instances->live())
        live.insert(instance.url);
    if (!live.contains(m_instances->selfUrl()))
        return; // this instance's own heartbeat is not getting through: it is in no position to take anything
    for (const CallRecord &call : m_store->liveCalls()) {
        if (call.status != CallStatus::Answered || call.instance.isEmpty() || live.contains(call.instance))
            continue;
        const QString token = ConfigLoader::generateToken(); // 256 random bits, as a dial's
        const QString streamUrl = m_streamBaseUrl() + paths::kAudioStream;
        if (!m_store->claimCall(call.callControlId, call.instance, streamUrl, streamTokenHash(token)))
            continue; // another instance was quicker (or the call just ended)
        qCWarning(lcStore).noquote() << "instance" << call.instance << "is gone: taking over call"
                                     << call.callControlId;
        emit takingOver(call.callControlId, call.agentId, token);
        const QJsonObject body{
            {QStringLiteral("stream_url"), streamUrl},
            {QStringLiteral("stream_track"), QStringLiteral("both_tracks")},
            {QStringLiteral("stream_codec"), QStringLiteral("PCMU")},
            {QStringLiteral("stream_bidirectional_mode"), QStringLiteral("rtp")},
            {QStringLiteral("stream_bidirectional_codec"), QStringLiteral("PCMU")},
            {QStringLiteral("stream_bidirectional_sampling_rate"), 8000},
            {QStringLiteral("stream_auth_token"), token},
        };
        const QString id = call.callControlId;
        m_telnyx->action(id, QStringLiteral("streaming_start"), body, this, [this, id](const TelnyxResult &result) {
            if (!result.ok)
                qCWarning(lcStore).noquote() << "streaming_start for the taken-over call" << id << "failed";
            emit tookOver(id, result.ok);
        });
    }
}

} // namespace sb
