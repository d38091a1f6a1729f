// SPDX-License-Identifier: MIT
#include "LocalBackend.h"

#include "CallAudioBridge.h"
#include "DemoSession.h"
#include "DescriptorLimit.h"
#include "Logging.h"
#include "SwitchboardServer.h"

// C++
#include <cstdio>
#include <utility>

namespace sb {

LocalBackend::LocalBackend(Config config)
    : m_config(std::move(config))
{
}

LocalBackend::~LocalBackend() = default;

bool LocalBackend::start(QString *error)
{
    if (m_config.demo) {
        m_demo = std::make_unique<DemoSession>();
        QString why;
        if (!m_demo->prepare(m_config, &why)) {
            *error = QStringLiteral("the Telnyx simulator did not start: %1").arg(why);
            return false;
        }
    }
    if (const QString warning = raiseDescriptorLimit(m_config.maxConnections); !warning.isEmpty())
        qCWarning(lcConfig).noquote() << warning;
    m_server = std::make_unique<SwitchboardServer>(m_config);
    if (!m_server->start(error)) {
        m_server.reset();
        return false;
    }
    if (m_demo)
        m_demo->attach(*m_server);
    std::fprintf(stderr, "listening on %s%s\n", qPrintable(m_server->listenUrl()),
                 m_config.demo ? " (demo: simulated Telnyx, no real calls)" : "");
    std::fflush(stderr);

    m_engine = std::make_unique<AudioEngine>(audioOptions(m_config));
    m_bridge =
        std::make_unique<CallAudioBridge>(m_server->media(), m_engine.get(), m_server->calls(), m_server->store());
    return true;
}

AudioOptions audioOptions(const Config &config)
{
    AudioOptions options;
    options.outputDeviceId = config.outputDevice;
    options.inputDeviceId = config.inputDevice;
    options.micFile = config.micFile;
    options.recordDir = config.recordDir;
    options.playback = !config.noAudio;
    options.capture = !config.noAudio;
    return options;
}

TelnyxSimulator *LocalBackend::simulator() const
{
    return m_demo ? m_demo->simulator() : nullptr;
}

} // namespace sb
