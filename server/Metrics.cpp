// SPDX-License-Identifier: MIT
#include "Metrics.h"

#include <QSet>

namespace sb {

void Metrics::addGauge(const QString &name, const QString &help, const QString &labels, std::function<double()> value)
{
    m_gauges.append({name, help, labels, std::move(value)});
}

QByteArray Metrics::render() const
{
    QByteArray out;
    auto counter = [&out](const char *name, const char *help, quint64 value, const char *labels = nullptr) {
        out += "# HELP " + QByteArray(name) + ' ' + help + "\n# TYPE " + name + " counter\n" + name;
        if (labels)
            out += QByteArray("{") + labels + '}';
        out += ' ' + QByteArray::number(value) + '\n';
    };
    counter("switchboard_http_requests_total", "HTTP requests handled by the API.", httpRequests);
    counter("switchboard_calls_initiated_total", "Calls Telnyx accepted.", callsInitiated);
    counter("switchboard_calls_failed_total", "Dial attempts Telnyx refused or did not answer.", callsFailed);
    counter("switchboard_webhooks_accepted_total", "Webhook events verified and stored.", webhooksAccepted);
    counter("switchboard_webhooks_duplicate_total", "Webhook events already accepted before (not applied again).",
            webhooksDuplicate);
    out += "# HELP switchboard_webhooks_refused_total Webhooks refused, by reason.\n"
           "# TYPE switchboard_webhooks_refused_total counter\n";
    out += "switchboard_webhooks_refused_total{reason=\"signature\"} " + QByteArray::number(webhooksRefusedSignature) +
           '\n';
    out +=
        "switchboard_webhooks_refused_total{reason=\"invalid\"} " + QByteArray::number(webhooksRefusedInvalid) + '\n';
    out += "switchboard_webhooks_refused_total{reason=\"not_configured\"} " +
           QByteArray::number(webhooksRefusedUnconfigured) + '\n';
    counter("switchboard_webhook_batches_total", "Database transactions that stored webhook events.", webhookBatches);
    counter("switchboard_media_frames_in_total", "Media frames received from Telnyx.", mediaFramesIn);
    counter("switchboard_media_frames_out_total", "Media frames sent (to listeners and to Telnyx).", mediaFramesOut);
    counter("switchboard_media_frames_dropped_total", "Media frames dropped for slow listeners.", mediaFramesDropped);
    counter("switchboard_media_frames_malformed_total", "Malformed media frames ignored.", mediaFramesMalformed);
    counter("switchboard_uplink_frames_received_total", "Microphone frames received on /agent-audio and /whisper.",
            uplinkFramesIn);
    counter("switchboard_uplink_frames_sent_total", "Uplink microphone frames sent to Telnyx.", uplinkFramesOut);
    counter("switchboard_whisper_frames_sent_total", "Whisper frames sent to the call's agent (never to Telnyx).",
            whisperFramesOut);
    counter("switchboard_uplink_silence_sent_total", "Silence frames sent to Telnyx while an uplink was starved.",
            uplinkSilenceOut);
    counter("switchboard_uplink_frames_malformed_total", "Malformed /agent-audio frames ignored.",
            uplinkFramesMalformed);
    counter("switchboard_uplink_frames_dropped_total", "Uplink frames dropped (oldest first) beyond 200 ms buffered.",
            uplinkFramesDropped);

    QSet<QString> described;
    for (const Gauge &g : m_gauges) {
        if (!described.contains(g.name)) {
            described.insert(g.name);
            out += "# HELP " + g.name.toUtf8() + ' ' + g.help.toUtf8() + "\n# TYPE " + g.name.toUtf8() + " gauge\n";
        }
        out += g.name.toUtf8();
        if (!g.labels.isEmpty())
            out += '{' + g.labels.toUtf8() + '}';
        out += ' ' + QByteArray::number(g.value(), 'g', 15) + '\n';
    }
    return out;
}

} // namespace sb
