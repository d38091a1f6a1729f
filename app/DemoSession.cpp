// SPDX-License-Identifier: MIT
#include "DemoSession.h"

#include "Logging.h"
#include "SwitchboardServer.h"
#include "protocol/Paths.h"
#include "simulator/TelnyxSimulator.h"

namespace sb {

DemoSession::DemoSession(QObject *parent)
    : QObject(parent)
{
}

DemoSession::~DemoSession() = default;

bool DemoSession::prepare(Config &config, QString *error)
{
    SimulatorOptions options;
    m_simulator = std::make_unique<TelnyxSimulator>(options);
    if (!m_simulator->start(error))
        return false;
    config.apiBase = m_simulator->apiBase();
    config.apiKey = m_simulator->apiKey();
    config.applicationId = m_simulator->applicationId();
    config.publicKey = m_simulator->publicKeyBase64();
    config.streamUrl.clear(); // the simulator streams to this machine's own /audio-stream
    qCWarning(lcConfig).noquote() << "DEMO MODE: calls go to the built-in Telnyx simulator at"
                                  << config.apiBase.toString() << "- nothing is dialed for real";
    return true;
}

void DemoSession::attach(const SwitchboardServer &server)
{
    m_simulator->setWebhookUrl(QUrl(server.listenUrl() + paths::kWebhook));
}

} // namespace sb
