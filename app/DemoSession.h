// SPDX-License-Identifier: MIT
#pragma once

#include "Config.h"

#include <QObject>

#include <memory>

namespace sb {

class SwitchboardServer;
class TelnyxSimulator;

// --demo: the built-in Telnyx simulator on a loopback port, and Switchboard pointed at it (API base,
// API key, application id, webhook public key), so that any E.164 number dialed places a simulated
// call with signed webhooks and a real media stream. Nothing leaves the machine.
class DemoSession : public QObject {
    Q_OBJECT
public:
    static constexpr int kDesktopIncomingEverySeconds = 120;
    static constexpr int kCallerPatienceMs = 25'000;

    explicit DemoSession(QObject *parent = nullptr);
    ~DemoSession() override;

    // Starts the simulator and rewrites `config` to use it. False and *error on failure.
    bool prepare(Config &config, QString *error);
    // Once the server listens: where the simulator delivers its webhooks.
    void attach(const SwitchboardServer &server);

    TelnyxSimulator *simulator() const { return m_simulator.get(); }

private:
    std::unique_ptr<TelnyxSimulator> m_simulator;
};

} // namespace sb
