// SPDX-License-Identifier: MIT
#pragma once

#include "Config.h"
#include "audio/AudioEngine.h"

// Qt
#include <QString>

// C++
#include <memory>

namespace sb {

class CallAudioBridge;
class DemoSession;
class SwitchboardServer;
class TelnyxSimulator;

// The backend this desk runs itself, the same for the window and for --headless: the Telnyx simulator in front of
// it (--demo), the server, and the agent's call audio (speaker, microphone, recording) joined to the server's media.
// A console for a remote Switchboard (--connect) has none of this.
class LocalBackend {
public:
    explicit LocalBackend(Config config);
    ~LocalBackend();
    LocalBackend(const LocalBackend &) = delete;
    LocalBackend &operator=(const LocalBackend &) = delete;

    // Starts the simulator (--demo), the server and then the audio, and prints "listening on URL" to stderr (the line
    // scripts and the service's journal wait for). False and *error, one line, when something could not start.
    bool start(QString *error);

    // The configuration in force: with --demo, pointed at the simulator once started.
    const Config &config() const { return m_config; }
    // Null until start() has succeeded.
    SwitchboardServer *server() const { return m_server.get(); }
    AudioEngine *engine() const { return m_engine.get(); }
    CallAudioBridge *bridge() const { return m_bridge.get(); }
    // The Telnyx simulator in front of the server (--demo), else null.
    TelnyxSimulator *simulator() const;

private:
    Config m_config;
    // Declared in start-up order, so that they are destroyed the other way round: the audio first, the simulator last.
    std::unique_ptr<DemoSession> m_demo;
    std::unique_ptr<SwitchboardServer> m_server;
    std::unique_ptr<AudioEngine> m_engine;
    std::unique_ptr<CallAudioBridge> m_bridge;
};

// The audio engine's options as the command line sets them (devices, --mic-file, --record, --no-audio).
AudioOptions audioOptions(const Config &config);

} // namespace sb
