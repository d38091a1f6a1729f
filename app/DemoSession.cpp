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
    // Customers call in: every --demo-incoming-every seconds, and in the desktop demo every two minutes unless told
    // otherwise (the desk's "A customer calls" button places one at once). A caller nobody answers gives up after
    // 25 s, before --ring-timeout's default 30 s: the demo shows a missed call too.
    const int everySeconds = config.demoIncomingEverySeconds > 0 ? config.demoIncomingEverySeconds
                             : config.headless                   ? 0
                                                                 : kDesktopIncomingEverySeconds;
    options.incomingEveryMs = everySeconds * 1000;
    options.incomingGiveUpAfterMs = everySeconds > 0 ? kCallerPatienceMs : 0;
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
