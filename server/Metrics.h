// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace sb {

// Counters and gauges for /metrics (Prometheus text format 0.0.4). Everything runs on the server's
// thread, so plain integers suffice; media threads report through queued calls.
class Metrics {
public:
    quint64 httpRequests = 0;
    quint64 callsInitiated = 0;
    quint64 callsFailed = 0;
    quint64 webhooksAccepted = 0;
    quint64 webhooksDuplicate = 0;
    quint64 webhooksRefusedSignature = 0;
    quint64 webhooksRefusedInvalid = 0;
    quint64 webhooksRefusedUnconfigured = 0;
    quint64 webhookBatches = 0;
    quint64 mediaFramesIn = 0;
    quint64 mediaFramesOut = 0;
    quint64 mediaFramesDropped = 0;
    quint64 mediaFramesMalformed = 0;
    // /agent-audio uplinks (CONTRACT §7)
    quint64 uplinkFramesIn = 0;
    quint64 uplinkFramesOut = 0;
    quint64 uplinkSilenceOut = 0;
    quint64 whisperFramesOut = 0; // whisper frames handed to the call's agent (docs/interface.md §7.2)
    quint64 uplinkFramesMalformed = 0;
    quint64 uplinkFramesDropped = 0;

    // A gauge read when /metrics is rendered: name, help text, labels ("path=\"/call-events\""), value.
    void addGauge(const QString &name, const QString &help, const QString &labels, std::function<double()> value);

    QByteArray render() const;

private:
    struct Gauge {
        QString name;
        QString help;
        QString labels;
        std::function<double()> value;
    };
    QList<Gauge> m_gauges;
};

} // namespace sb
