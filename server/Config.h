// SPDX-License-Identifier: MIT
#pragma once

#include "store/DatabaseUrl.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace sb {

// How an incoming call is offered (CONTRACT §9, --ring-strategy): to every available agent at once, or to one at a
// time, the longest idle first, for --ring-step each.
enum class RingStrategy { All, LongestIdle };

// Where a setting's value came from, highest precedence last.
enum class SettingSource { Default, ConfigFile, Environment, CommandLine };

// Everything Switchboard is told at start-up (docs/interface.md §2). Plain data; ConfigLoader fills it.
struct Config {
    QString apiKey;        // TELNYX_API_KEY: secret, never logged
    QString applicationId; // TELNYX_APPLICATION_ID
    QString publicKey;     // TELNYX_PUBLIC_KEY, base64 of 32 bytes (validated)
    QString streamUrl;     // TELNYX_STREAM_URL normalised to "ws[s]://host[:port][/base]", empty = derive
    QString publicUrl;     // PUBLIC_URL normalised to "http[s]://host[:port][/base]", empty = http[s]://HOST:PORT
    QUrl apiBase{QStringLiteral("https://api.telnyx.com/v2")};
    QHostAddress host{QHostAddress::LocalHost};
    QString hostText{QStringLiteral("127.0.0.1")};
    quint16 port = 8000;
    std::optional<quint16> callEventsPort;
    std::optional<quint16> audioStreamPort;
    std::optional<quint16> frontendAudioPort;
    QString apiToken; // API_TOKEN: secret, never logged
    // Default: generated at first start (and kept in the config file from then on).
    SettingSource apiTokenSource = SettingSource::Default;
    QString databaseUrl;       // "sqlite:///abs/path.sqlite" or "postgresql://..." (always set after loading)
    QString configFile;        // the INI file read (and where a generated token is kept)
    int maxConnections = 1000; // --max-connections: open connections over every listener (HttpLimits)
    QStringList corsOrigins;   // CORS_ORIGINS, each as a browser sends it: "https://crm.example.com" (CorsPolicy)
    QString tlsCertFile;       // TLS_CERT: absolute path of the PEM certificate chain; empty = plain HTTP
    QString tlsKeyFile;        // TLS_KEY: absolute path of its PEM private key (set together with tlsCertFile)
    QList<QPair<QHostAddress, int>> trustedProxies; // TRUSTED_PROXIES subnets (TrustedProxies)
    // Inbound calls (CONTRACT §9, calls/CallOffers).
    int ringTimeoutSeconds = 30; // --ring-timeout: nobody answered in this long: reject (or --overflow-to)
    RingStrategy ringStrategy = RingStrategy::All;
    int ringStepSeconds = 15; // --ring-step: each agent's turn with longest-idle
    QString overflowTo;       // --overflow-to: E.164 a call nobody takes is transferred to; empty = reject it busy

    bool headless = false;
    bool demo = false;
    int demoIncomingEverySeconds = 0; // --demo-incoming-every S: with --demo, a simulated customer calls in every S
                                      // seconds (SimulatorOptions::incomingEveryMs); 0 = never

    // Run options (command line only).
    QString dial;               // --dial NUMBER: place one call at start (with --demo --headless: the one-call run)
    QString dialFrom;           // --from NUMBER: caller id for --dial
    int hangupAfterSeconds = 0; // --hangup-after S: hang that call up S seconds after it was answered
    QString micFile;            // --mic-file FILE.wav: feed this file instead of the microphone
    QString recordDir;          // --record DIR: save each call as a two-channel WAV
    QByteArray outputDevice;    // --output-device ID (QAudioDevice id), empty = system default
    QByteArray inputDevice;     // --input-device ID, empty = system default
    bool noAudio = false;       // --no-audio: open no audio device (audio is still decoded and counted)

    // The console (flag or environment, never the INI file: that is the backend's).
    QUrl connectUrl; // --connect URL, SWITCHBOARD_CONNECT_URL: a console for a remote Switchboard; no local backend
    QString connectToken; // --token T, SWITCHBOARD_CONNECT_TOKEN: that backend's API token; without it, a sign-in page
    bool signIn = false;  // --sign-in: a desk for a team server, signed in on its sign-in page; no local backend
    QString language;     // --language CODE, SWITCHBOARD_LANGUAGE: overrides the one saved in Settings; empty = that

    // The listeners serve TLS (https://, wss://).
    bool tls() const { return !tlsCertFile.isEmpty(); }
    // The base URL under which Telnyx and desks reach this instance (CONTRACT §8): PUBLIC_URL or http[s]://HOST:PORT.
    // It names the instance among several on one database.
    QString publicBaseUrl(quint16 actualPort) const;
    // Where Telnyx reaches /audio-stream: the configured stream URL, else derived from PUBLIC_URL (ws[s]:// with
    // its base path), else ws[s]://HOST:PORT.
    QString streamBaseUrl(quint16 actualPort) const;
    // databaseUrl parsed (checked when it was set).
    DatabaseUrl database() const;
    // A flag or an environment variable sets the token: they win over the config file at every start, so a token
    // saved there would not survive a restart.
    bool apiTokenFixed() const
    {
        return apiTokenSource == SettingSource::Environment || apiTokenSource == SettingSource::CommandLine;
    }
};

// What the command line asked for besides running: help, version, show-token.
enum class ConfigAction { Run, Help, Version, ShowToken };

struct ConfigResult {
    ConfigAction action = ConfigAction::Run;
    Config config;
    QString error;  // one line naming the setting; non-empty means start-up must stop
    QString output; // text for --help / --version / --show-token
};

// Reads flags > environment > INI file (--config, default: the platform's app-config folder) > defaults,
// validates every value, and generates and saves the API token on first start. Every setting is one row of a
// table in Config.cpp (flag, environment variable, INI key, default, how it is checked and stored).
class ConfigLoader {
public:
    static ConfigResult load(const QStringList &arguments, const QProcessEnvironment &environment);
    static QString defaultConfigFile();
    static QString defaultDatabaseUrl();
    static QString generateToken(); // 256 random bits, base64url without padding
    // As `api-token` in the INI file, written atomically and 0600 (in a folder made 0700 if it is created); the rest
    // of the file, comments included, stays as it is. False when the file cannot be written.
    static bool saveToken(const QString &configFile, const QString &token);
};

} // namespace sb
