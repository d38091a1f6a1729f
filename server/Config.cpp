// SPDX-License-Identifier: MIT
#include "Config.h"

#include "Logging.h"
#include "http/CorsPolicy.h"
#include "http/TrustedProxies.h"
#include "protocol/E164.h"
#include "telnyx/WebhookVerifier.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <sodium.h>

#include <memory>

namespace sb {

namespace {

QString invalid(const QString &origin, const QString &why)
{
    return QStringLiteral("invalid %1: %2").arg(origin, why);
}

std::optional<quint16> parsePort(const QString &text)
{
    bool ok = false;
    const uint v = text.trimmed().toUInt(&ok);
    if (!ok || v > 65535)
        return std::nullopt;
    return quint16(v);
}

// How one setting's text becomes part of Config. Each stores the value and returns an empty string, or returns
// why the text is not acceptable (the loader puts the setting's name in front).
using Apply = QString (*)(const QString &text, Config &config);

template <bool Config::*field> QString setSwitch(const QString &, Config &config)
{
    config.*field = true;
    return {};
}

template <QString Config::*field> QString setText(const QString &text, Config &config)
{
    config.*field = text;
    return {};
}

template <QString Config::*field> QString setTrimmed(const QString &text, Config &config)
{
    config.*field = text.trimmed();
    return {};
}

template <QByteArray Config::*field> QString setBytes(const QString &text, Config &config)
{
    config.*field = text.toUtf8();
    return {};
}

// The extra WebSocket listeners are optional: an empty value means none.
template <std::optional<quint16> Config::*field> QString setExtraPort(const QString &text, Config &config)
{
    if (text.trimmed().isEmpty())
        return {};
    const auto port = parsePort(text);
    if (!port)
        return QStringLiteral("'%1' is not a port number (0-65535)").arg(text);
    config.*field = *port;
    return {};
}

QString setPort(const QString &text, Config &config)
{
    const auto port = parsePort(text);
    if (!port)
        return QStringLiteral("'%1' is not a port number (0-65535)").arg(text);
    config.port = *port;
    return {};
}

QString setDial(const QString &text, Config &config)
{
    config.dial = text.trimmed();
    if (!isE164(config.dial))
        return QStringLiteral("'%1' is not an E.164 number such as +15551234567").arg(config.dial);
    return {};
}

QString setDialFrom(const QString &text, Config &config)
{
    config.dialFrom = text.trimmed();
    if (!isE164(config.dialFrom))
        return QStringLiteral("'%1' is not an E.164 number").arg(config.dialFrom);
    return {};
}

// A whole number from 1 to `max` into *value; otherwise why not, naming what it counts ("seconds").
QString parseCount(const QString &text, int max, const char *unit, int *value)
{
    bool ok = false;
    const int n = text.trimmed().toInt(&ok);
    if (!ok || n < 1 || n > max)
        return QStringLiteral("'%1' is not a number of %2 (1-%3)").arg(text, QLatin1String(unit), QString::number(max));
    *value = n;
    return {};
}

// A day: a longer --dial run (or a demo customer's pause) is a mistake in the number, not a plan.
constexpr int kMaxDaySeconds = 86400;
// Each open connection costs a descriptor and buffers; a million is far past what one process's descriptor limit
// allows anyway, so a larger number is a typing mistake.
constexpr int kMaxMaxConnections = 1'000'000;
// Telnyx's own transfer rings for at most 600 s; a caller is not kept waiting longer than that either.
constexpr int kMaxRingSeconds = 600;

// A whole number of seconds from 1 to `max` into the field.
template <int Config::*field, int max> QString setSeconds(const QString &text, Config &config)
{
    return parseCount(text, max, "seconds", &(config.*field));
}

QString setMaxConnections(const QString &text, Config &config)
{
    return parseCount(text, kMaxMaxConnections, "connections", &config.maxConnections);
}

QString setRingStrategy(const QString &text, Config &config)
{
    const QString strategy = text.trimmed().toLower();
    if (strategy == QLatin1String("all"))
        config.ringStrategy = RingStrategy::All;
    else if (strategy == QLatin1String("longest-idle"))
        config.ringStrategy = RingStrategy::LongestIdle;
    else
        return QStringLiteral("'%1' is not a ring strategy (all or longest-idle)").arg(text);
    return {};
}

QString setOverflowTo(const QString &text, Config &config)
{
    config.overflowTo = text.trimmed();
    if (!config.overflowTo.isEmpty() && !isE164(config.overflowTo))
        return QStringLiteral("'%1' is not an E.164 number").arg(config.overflowTo);
    return {};
}

QString setMicFile(const QString &text, Config &config)
{
    config.micFile = text;
    if (!text.isEmpty() && !QFileInfo(text).isReadable())
        return QStringLiteral("%1 cannot be read").arg(text);
    return {};
}

// An http:// or https:// URL with a host (--api-base, --connect).
template <QUrl Config::*field> QString setHttpUrl(const QString &text, Config &config)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return QStringLiteral("'%1' is not an http:// or https:// URL").arg(text);
    config.*field = url;
    return {};
}

// Empty means no remote backend (the environment variable may be set but empty).
QString setConnectUrl(const QString &text, Config &config)
{
    return text.trimmed().isEmpty() ? QString() : setHttpUrl<&Config::connectUrl>(text, config);
}

// The shape of a language code (en, de, es, pt_BR); which ones have a translation is the console's business, and it
// falls back to the system's language for the others. Empty means the one saved in Settings.
QString setLanguage(const QString &text, Config &config)
{
    static const QRegularExpression code(QStringLiteral("^[a-z]{2,3}([_-][A-Z]{2})?$"));
    const QString language = text.trimmed();
    if (!language.isEmpty() && !code.match(language).hasMatch())
        return QStringLiteral("'%1' is not a language code such as en, de or es").arg(text);
    config.language = language;
    return {};
}

QString setPublicKey(const QString &text, Config &config)
{
    config.publicKey = text.trimmed();
    if (!config.publicKey.isEmpty() && !WebhookVerifier::decodePublicKey(config.publicKey.toLatin1()))
        return QStringLiteral("not the base64 of a 32-byte Ed25519 public key");
    return {};
}

// A bare host means wss://host; a URL keeps its scheme (ws or wss) and base path, without the trailing slash.
QString setStreamUrl(const QString &text, Config &config)
{
    QString url = text.trimmed();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (url.isEmpty())
        return {};
    if (!url.contains(QLatin1String("://")))
        url.prepend(QStringLiteral("wss://"));
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty() ||
        (parsed.scheme() != QLatin1String("ws") && parsed.scheme() != QLatin1String("wss")) || parsed.hasQuery() ||
        parsed.hasFragment())
        return QStringLiteral("'%1' is not a host or a ws:// or wss:// URL").arg(text);
    config.streamUrl = url;
    return {};
}

// PUBLIC_URL: an http:// or https:// URL with a host, perhaps a base path; kept without the trailing slash.
QString setPublicUrl(const QString &text, Config &config)
{
    QString url = text.trimmed();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (url.isEmpty())
        return {};
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty() ||
        (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https")) || parsed.hasQuery() ||
        parsed.hasFragment() || !parsed.userInfo().isEmpty())
        return QStringLiteral("'%1' is not an http:// or https:// URL").arg(text);
    config.publicUrl = url;
    return {};
}

QString setHost(const QString &text, Config &config)
{
    const QString host = text.trimmed();
    QHostAddress address;
    if (host == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(host))
        return QStringLiteral("'%1' is not an IP address").arg(host);
    config.host = address;
    config.hostText = host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : host;
    return {};
}

// Comma-separated items; empty items (a trailing comma, an empty variable) are skipped.
QStringList listItems(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(QLatin1Char(','))) {
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    }
    return items;
}

QString setCorsOrigins(const QString &text, Config &config)
{
    config.corsOrigins.clear();
    for (const QString &item : listItems(text)) {
        QString why;
        const QString origin = CorsPolicy::canonicalOrigin(item, &why);
        if (origin.isEmpty())
            return why;
        config.corsOrigins << origin;
    }
    return {};
}

QString setTrustedProxies(const QString &text, Config &config)
{
    config.trustedProxies.clear();
    for (const QString &item : listItems(text)) {
        QString why;
        const auto subnet = TrustedProxies::parse(item, &why);
        if (!subnet)
            return why;
        config.trustedProxies << *subnet;
    }
    return {};
}

// A PEM file for TLS: it must be readable now (its content is checked when the listeners start).
template <QString Config::*field> QString setReadableFile(const QString &text, Config &config)
{
    const QString path = text.trimmed();
    if (!path.isEmpty() && !QFileInfo(path).isReadable())
        return QStringLiteral("%1 cannot be read").arg(path);
    config.*field = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    return {};
}

QString setDatabase(const QString &text, Config &config)
{
    QString error;
    if (!DatabaseUrl::parse(text, &error))
        return error;
    config.databaseUrl = text.trimmed();
    return {};
}

// One setting, one row. Its value comes from the first of: the flag, the environment variable, the INI file (an
// INI key), the fallback; with none of them, Config's own default stays. The rows are checked in this order, and
// --help lists the flags in it.
struct Setting {
    const char *flag;      // --flag (without dashes); nullptr: none
    const char *env;       // environment variable; nullptr: none
    const char *iniKey;    // key in the INI file; nullptr: not read from the file
    const char *valueName; // the flag's value in --help; nullptr: a switch, which takes no value
    const char *fallback;  // the value when no source has one (--help says "Default ..."); nullptr: none
    const char *help;
    Apply apply;
};

constexpr Setting kSettings[] = {
    // What to run (command line only).
    {"headless", nullptr, nullptr, nullptr, nullptr, "Run the backend only, without a window.",
     &setSwitch<&Config::headless>},
    {"demo", nullptr, nullptr, nullptr, nullptr, "Run against the built-in Telnyx simulator.",
     &setSwitch<&Config::demo>},
    {"demo-incoming-every", nullptr, nullptr, "seconds", nullptr,
     "With --demo: a simulated customer calls in every this many seconds.",
     &setSeconds<&Config::demoIncomingEverySeconds, kMaxDaySeconds>},
    {"dial", nullptr, nullptr, "number", nullptr, "Place one call to this E.164 number at start.", &setDial},
    {"from", nullptr, nullptr, "number", "+15550000000", "Caller id (E.164) for --dial.", &setDialFrom},
    {"hangup-after", nullptr, nullptr, "seconds", nullptr,
     "Hang up the --dial call this many seconds after it is answered.",
     &setSeconds<&Config::hangupAfterSeconds, kMaxDaySeconds>},
    {"mic-file", nullptr, nullptr, "file", nullptr, "Send this WAV file instead of the microphone.", &setMicFile},
    {"record", nullptr, nullptr, "folder", nullptr, "Save every call as a two-channel WAV in this folder.",
     &setText<&Config::recordDir>},
    {"output-device", nullptr, nullptr, "id", nullptr, "Audio output device id (default: the system's).",
     &setBytes<&Config::outputDevice>},
    {"input-device", nullptr, nullptr, "id", nullptr, "Audio input device id (default: the system's).",
     &setBytes<&Config::inputDevice>},
    {"no-audio", nullptr, nullptr, nullptr, nullptr, "Open no audio device (audio is still decoded).",
     &setSwitch<&Config::noAudio>},
    // The console (not in the INI file: that file is the backend's).
    {"connect", "SWITCHBOARD_CONNECT_URL", nullptr, "url", nullptr,
     "Open the console against a remote Switchboard at this http(s) URL.", &setConnectUrl},
    {"token", "SWITCHBOARD_CONNECT_TOKEN", nullptr, "token", nullptr,
     "The remote Switchboard's API token (with --connect; without it, the sign-in page asks for one).",
     &setText<&Config::connectToken>},
    {"sign-in", nullptr, nullptr, nullptr, nullptr,
     "Open the sign-in page for a team's Switchboard server (a token remembered in the keychain signs in on its own).",
     &setSwitch<&Config::signIn>},
    {"language", "SWITCHBOARD_LANGUAGE", nullptr, "code", nullptr,
     "The console's language: en, de or es (default: the one chosen in Settings, else the system's).", &setLanguage},
    // The backend.
    {"api-key", "TELNYX_API_KEY", "api-key", "key", nullptr,
     "Telnyx API v2 key (Bearer). Without it, placing a call answers 503.", &setTrimmed<&Config::apiKey>},
    {"application-id", "TELNYX_APPLICATION_ID", "application-id", "id", nullptr,
     "Call Control application id (connection_id) used to dial.", &setTrimmed<&Config::applicationId>},
    {"public-key", "TELNYX_PUBLIC_KEY", "public-key", "base64", nullptr,
     "Telnyx webhook public key (base64 Ed25519, 32 bytes).", &setPublicKey},
    {"stream-url", "TELNYX_STREAM_URL", "stream-url", "url", nullptr,
     "Where Telnyx reaches /audio-stream: a host (wss://host) or a ws:// or wss:// URL. Default ws://HOST:PORT.",
     &setStreamUrl},
    {"public-url", "PUBLIC_URL", "public-url", "url", nullptr,
     "The base URL under which Telnyx and desks reach this instance (several instances on one PostgreSQL: each its "
     "own). Default http://HOST:PORT; the stream URL is derived from it unless --stream-url is set.",
     &setPublicUrl},
    {"api-base", "TELNYX_API_BASE", "api-base", "url", "https://api.telnyx.com/v2", "Telnyx REST base URL.",
     &setHttpUrl<&Config::apiBase>},
    {"host", "HOST", "host", "address", "127.0.0.1", "Listen address.", &setHost},
    {"port", "PORT", "port", "port", "8000", "Listen port for HTTP and WebSockets (0 = any free port).", &setPort},
    {"cors-origins", "CORS_ORIGINS", "cors-origins", "origins", nullptr,
     "Comma-separated browser origins (https://crm.example.com) whose pages may call the REST API; once set, "
     "WebSocket upgrades from other origins are refused.",
     &setCorsOrigins},
    {"tls-cert", "TLS_CERT", "tls-cert", "file", nullptr,
     "PEM certificate (chain) to serve https:// and wss:// on every listener (with --tls-key).",
     &setReadableFile<&Config::tlsCertFile>},
    {"tls-key", "TLS_KEY", "tls-key", "file", nullptr, "PEM private key of --tls-cert.",
     &setReadableFile<&Config::tlsKeyFile>},
    {"trusted-proxies", "TRUSTED_PROXIES", "trusted-proxies", "addresses", nullptr,
     "Comma-separated addresses or subnets of reverse proxies whose X-Forwarded-For names the client in logs.",
     &setTrustedProxies},
    {"max-connections", "MAX_CONNECTIONS", "max-connections", "count", "1000",
     "The most open connections over every listener, WebSockets included (1-1000000); past it a new one is closed.",
     &setMaxConnections},
    {"ring-timeout", "RING_TIMEOUT", "ring-timeout", "seconds", "30",
     "An incoming call nobody answers in this long is rejected as busy (or sent to --overflow-to).",
     &setSeconds<&Config::ringTimeoutSeconds, kMaxRingSeconds>},
    {"ring-strategy", "RING_STRATEGY", "ring-strategy", "strategy", "all",
     "How an incoming call is offered: all (every available agent at once) or longest-idle (one agent at a time, "
     "the longest idle first).",
     &setRingStrategy},
    {"ring-step", "RING_STEP", "ring-step", "seconds", "15",
     "With --ring-strategy longest-idle: how long each agent's turn rings.",
     &setSeconds<&Config::ringStepSeconds, kMaxRingSeconds>},
    {"overflow-to", "OVERFLOW_TO", "overflow-to", "number", nullptr,
     "Transfer an incoming call nobody takes to this E.164 number instead of rejecting it.", &setOverflowTo},
    {nullptr, "WS_CALL_EVENTS_PORT", "ws-call-events-port", nullptr, nullptr, nullptr,
     &setExtraPort<&Config::callEventsPort>},
    {nullptr, "WS_AUDIO_STREAM_PORT", "ws-audio-stream-port", nullptr, nullptr, nullptr,
     &setExtraPort<&Config::audioStreamPort>},
    {nullptr, "WS_FRONTEND_AUDIO_PORT", "ws-frontend-audio-port", nullptr, nullptr, nullptr,
     &setExtraPort<&Config::frontendAudioPort>},
    // No fallback: the default database depends on --demo (see completeDefaults).
    {"database", "DATABASE_URL", "database", "url", nullptr, "sqlite:///abs/path.sqlite (default: app-data folder).",
     &setDatabase},
    // No fallback: generated on first start and kept in the INI file (see act).
    {"api-token", "API_TOKEN", "api-token", "token", nullptr,
     "Bearer token for /api/*, /call-events and /frontend-audio.", &setTrimmed<&Config::apiToken>},
};

const Setting &settingFor(QLatin1String flag)
{
    for (const Setting &s : kSettings) {
        if (s.flag && flag == QLatin1String(s.flag))
            return s;
    }
    Q_UNREACHABLE();
}

// A setting's text and where it came from ("--port", "PORT", "port in /etc/switchboard.conf"), for error messages.
struct Value {
    QString text;
    QString origin;
    SettingSource source = SettingSource::Default;
};

// The sources, in precedence order.
class Sources {
public:
    Sources(const QCommandLineParser &parser, const QProcessEnvironment &env, const QSettings &file)
        : m_parser(parser)
        , m_env(env)
        , m_file(file)
    {
    }

    std::optional<Value> resolve(const Setting &s) const
    {
        if (s.flag && m_parser.isSet(QLatin1String(s.flag)))
            return Value{m_parser.value(QLatin1String(s.flag)), QStringLiteral("--%1").arg(QLatin1String(s.flag)),
                         SettingSource::CommandLine};
        if (s.env && m_env.contains(QLatin1String(s.env)))
            return Value{m_env.value(QLatin1String(s.env)), QLatin1String(s.env), SettingSource::Environment};
        if (s.iniKey && m_file.contains(QLatin1String(s.iniKey)))
            return Value{m_file.value(QLatin1String(s.iniKey)).toString(),
                         QStringLiteral("%1 in %2").arg(QLatin1String(s.iniKey), m_file.fileName()),
                         SettingSource::ConfigFile};
        if (s.fallback)
            return Value{QLatin1String(s.fallback), QStringLiteral("the default of --%1").arg(QLatin1String(s.flag))};
        return std::nullopt;
    }

private:
    const QCommandLineParser &m_parser;
    const QProcessEnvironment &m_env;
    const QSettings &m_file;
};

// The command line's own options (actions and the file to read), besides one per setting.
const QCommandLineOption kHelp({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
const QCommandLineOption kVersion({QStringLiteral("v"), QStringLiteral("version")},
                                  QStringLiteral("Show the version."));
const QCommandLineOption kShowToken(QStringLiteral("show-token"), QStringLiteral("Print the API token and exit."));
const QCommandLineOption kConfig(QStringLiteral("config"),
                                 QStringLiteral("INI configuration file (keys are the flag names)."),
                                 QStringLiteral("file"));

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QStringLiteral("Switchboard: agent softphone console for Telnyx Call Control.\n"
                       "Precedence: command-line flag > environment variable > config file > default.\n"
                       "Users: switchboard user add NAME --role agent|supervisor|admin, user list, user token NAME,\n"
                       "user remove NAME (with --config and --database as for the server).\n"
                       "Telnyx simulator alone, for offline development: switchboard simulate --help."));
    parser.addOptions({kHelp, kVersion, kShowToken, kConfig});
    for (const Setting &s : kSettings) {
        if (!s.flag)
            continue;
        QString help = QLatin1String(s.help);
        if (s.fallback)
            help += QStringLiteral(" Default %1.").arg(QLatin1String(s.fallback));
        if (s.env)
            help += QStringLiteral(" [env %1]").arg(QLatin1String(s.env));
        parser.addOption(s.valueName ? QCommandLineOption(QLatin1String(s.flag), help, QLatin1String(s.valueName))
                                     : QCommandLineOption(QLatin1String(s.flag), help));
    }
}

// The settings without a flag, named below the options.
QString environmentOnlyHelp()
{
    QStringList names;
    for (const Setting &s : kSettings) {
        if (!s.flag)
            names << QLatin1String(s.env);
    }
    return QStringLiteral("\nExtra WebSocket listeners (environment only): %1.\n")
        .arg(names.join(QStringLiteral(", ")));
}

// Parses the command line; false when there is nothing more to do (an error, --help, --version).
bool parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, ConfigResult *result)
{
    describeOptions(parser);
    if (!parser.parse(arguments)) {
        result->error = parser.errorText();
        return false;
    }
    if (parser.isSet(kHelp)) {
        result->action = ConfigAction::Help;
        result->output = parser.helpText() + environmentOnlyHelp();
        return false;
    }
    if (parser.isSet(kVersion)) {
        result->action = ConfigAction::Version;
        result->output = QStringLiteral("switchboard %1\n").arg(QStringLiteral(SWITCHBOARD_VERSION));
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result->error =
            QStringLiteral("unexpected argument: %1 (see --help)").arg(parser.positionalArguments().first());
        return false;
    }
    return true;
}

// The INI file: --config (which must exist) or the default one (which need not, yet).
std::unique_ptr<QSettings> openConfigFile(const QCommandLineParser &parser, Config &config, QString *error)
{
    const bool explicitConfig = parser.isSet(kConfig);
    config.configFile =
        explicitConfig ? QFileInfo(parser.value(kConfig)).absoluteFilePath() : ConfigLoader::defaultConfigFile();
    if (explicitConfig && !QFileInfo::exists(config.configFile)) {
        *error = invalid(QStringLiteral("--config"), QStringLiteral("%1 does not exist").arg(config.configFile));
        return nullptr;
    }
    auto file = std::make_unique<QSettings>(config.configFile, QSettings::IniFormat);
    if (file->status() != QSettings::NoError) {
        *error =
            invalid(QStringLiteral("--config"), QStringLiteral("%1 is not a readable INI file").arg(config.configFile));
        return nullptr;
    }
    return file;
}

// Every row: its value by precedence, checked and stored. Stops at the first bad value.
bool applySettings(const Sources &sources, Config &config, QString *error)
{
    for (const Setting &s : kSettings) {
        const std::optional<Value> value = sources.resolve(s);
        if (!value)
            continue;
        if (const QString why = s.apply(value->text, config); !why.isEmpty()) {
            *error = invalid(value->origin, why);
            return false;
        }
    }
    return true;
}

// Rules between settings.
bool checkTogether(const Sources &sources, const Config &config, QString *error)
{
    if (config.tlsCertFile.isEmpty() != config.tlsKeyFile.isEmpty()) {
        const bool certOnly = config.tlsKeyFile.isEmpty();
        const Value given = *sources.resolve(settingFor(QLatin1String(certOnly ? "tls-cert" : "tls-key")));
        const Setting &missing = settingFor(QLatin1String(certOnly ? "tls-key" : "tls-cert"));
        *error = invalid(
            given.origin,
            QStringLiteral("needs --%1 (%2) as well").arg(QLatin1String(missing.flag), QLatin1String(missing.env)));
        return false;
    }
    if (config.demoIncomingEverySeconds > 0 && !config.demo) { // only the simulator has customers to call in
        *error = invalid(sources.resolve(settingFor(QLatin1String("demo-incoming-every")))->origin,
                         QStringLiteral("needs --demo as well"));
        return false;
    }
    return true;
}

// Defaults that depend on other settings.
void completeDefaults(Config &config)
{
    if (config.databaseUrl.isEmpty()) {
        config.databaseUrl = ConfigLoader::defaultDatabaseUrl();
        if (config.demo) // simulated calls stay out of the real history
            config.databaseUrl.replace(QStringLiteral("switchboard.sqlite"), QStringLiteral("switchboard-demo.sqlite"));
    }
}

// What a valid configuration leads to: a token on first start, --show-token.
void act(const QCommandLineParser &parser, const Sources &sources, ConfigResult &result)
{
    Config &config = result.config;
    // Token regeneration must know whether a saved token would be in force after a restart.
    if (const auto token = sources.resolve(settingFor(QLatin1String("api-token"))); token && !config.apiToken.isEmpty())
        config.apiTokenSource = token->source;
    if (config.apiToken.isEmpty()) {
        // First start: generate the token and keep it in the config file so that it survives restarts.
        config.apiToken = ConfigLoader::generateToken();
        if (!ConfigLoader::saveToken(config.configFile, config.apiToken))
            qCWarning(lcConfig).noquote() << "could not save the generated API token to" << config.configFile
                                          << "- it is valid for this run only";
        else
            qCInfo(lcConfig).noquote() << "generated an API token and saved it to" << config.configFile
                                       << "(print it with --show-token)";
    }
    if (parser.isSet(kShowToken)) {
        result.action = ConfigAction::ShowToken;
        result.output = config.apiToken + QLatin1Char('\n');
    }
}

// The config file holds the API token: owner only, in a folder only its owner can enter when we create it.
constexpr QFileDevice::Permissions kOwnerReadWrite = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kGroupOrOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                    QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                    QFileDevice::WriteOther | QFileDevice::ExeOther;

// Creates the missing folders of `path`, each 0700 whatever the umask; folders that exist keep their mode.
bool makePrivateFolders(const QString &path)
{
    QStringList missing;
    for (QFileInfo folder(path); !folder.exists() && !folder.isRoot(); folder.setFile(folder.absolutePath()))
        missing.prepend(folder.absoluteFilePath());
    for (const QString &folder : std::as_const(missing)) {
        if (!QDir().mkdir(folder, kOwnerReadWrite | QFileDevice::ExeOwner) && !QFileInfo(folder).isDir())
            return false;
    }
    return QFileInfo(path).isDir();
}

// The INI text with `api-token=<token>` in its general section (the keys before any [section], or under
// [General]: where QSettings reads a key without a group). An api-token line there is replaced, otherwise one is
// added at the section's start; every other line, comments included, stays as the admin wrote it. The token is
// base64url (generateToken), which needs no INI escaping.
QByteArray withToken(const QByteArray &ini, const QString &token)
{
    const QByteArray entry = "api-token=" + token.toLatin1();
    QList<QByteArray> lines = ini.split('\n');
    if (lines.last().isEmpty())
        lines.removeLast(); // the text after the last newline
    bool general = true;
    bool replaced = false;
    qsizetype insertAt = 0;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.startsWith('[')) {
            general = line.compare("[general]", Qt::CaseInsensitive) == 0;
            if (general)
                insertAt = i + 1;
        } else if (const qsizetype equals = line.indexOf('=');
                   general && equals > 0 && line.left(equals).trimmed() == "api-token") {
            lines[i] = entry;
            replaced = true;
        }
    }
    if (!replaced)
        lines.insert(insertAt, entry);
    return lines.join('\n') + '\n';
}

// A private temporary file beside `configFile` holding `text`, for QSettings to read or write; removed with it.
std::unique_ptr<QTemporaryFile> privateCopy(const QString &configFile, const QByteArray &text)
{
    auto copy = std::make_unique<QTemporaryFile>(configFile + QStringLiteral(".XXXXXX"));
    if (!copy->open() || !copy->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        copy->write(text) != text.size() || !copy->flush())
        return nullptr;
    copy->close();
    return copy;
}

// The api-token that Switchboard would read from an INI file holding `text` (null when it cannot tell).
QString readTokenFrom(const QString &configFile, const QByteArray &text)
{
    const std::unique_ptr<QTemporaryFile> copy = privateCopy(configFile, text);
    if (!copy)
        return {};
    const QSettings settings(copy->fileName(), QSettings::IniFormat);
    return settings.value(QStringLiteral("api-token")).toString();
}

// `ini` with the token set by QSettings itself, which writes a file it reads back the same way.
QByteArray rewrittenByQSettings(const QString &configFile, const QByteArray &ini, const QString &token)
{
    const std::unique_ptr<QTemporaryFile> copy = privateCopy(configFile, ini);
    if (!copy)
        return {};
    {
        QSettings settings(copy->fileName(), QSettings::IniFormat);
        settings.setValue(QStringLiteral("api-token"), token);
        settings.sync();
        // A FormatError from reading stays (a "# comment" line is one for QSettings) and the file is written all
        // the same; only a file it could not write is a failure here. The caller reads the result back anyway.
        if (settings.status() == QSettings::AccessError)
            return {};
    }
    QFile written(copy->fileName());
    return written.open(QIODevice::ReadOnly) ? written.readAll() : QByteArray();
}

} // namespace

QString Config::publicBaseUrl(quint16 actualPort) const
{
    if (!publicUrl.isEmpty())
        return publicUrl;
    QString host = hostText;
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::"))
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')))
        host = QStringLiteral("[%1]").arg(host);
    return QStringLiteral("%1://%2:%3")
        .arg(tls() ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(actualPort);
}

QString Config::streamBaseUrl(quint16 actualPort) const
{
    if (!streamUrl.isEmpty())
        return streamUrl;
    if (!publicUrl.isEmpty()) // http -> ws, https -> wss
        return QStringLiteral("ws") + publicUrl.mid(4);
    QString host = hostText;
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::"))
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')))
        host = QStringLiteral("[%1]").arg(host);
    return QStringLiteral("%1://%2:%3").arg(tls() ? QStringLiteral("wss") : QStringLiteral("ws"), host).arg(actualPort);
}

DatabaseUrl Config::database() const
{
    QString error;
    return DatabaseUrl::parse(databaseUrl, &error).value_or(DatabaseUrl());
}

QString ConfigLoader::defaultConfigFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/switchboard.conf");
}

QString ConfigLoader::defaultDatabaseUrl()
{
    return QStringLiteral("sqlite://") + QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/switchboard.sqlite");
}

QString ConfigLoader::generateToken()
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool ConfigLoader::saveToken(const QString &configFile, const QString &token)
{
    if (configFile.isEmpty() || !makePrivateFolders(QFileInfo(configFile).absolutePath()))
        return false;
    QByteArray ini;
    if (QFile current(configFile); current.exists()) {
        if (!current.open(QIODevice::ReadOnly))
            return false;
        ini = current.readAll();
        if (current.permissions() & kGroupOrOthers)
            qCWarning(lcConfig).noquote()
                << configFile << "holds the API token but its group or others could read it; it is now"
                << "readable by its owner only (0600)";
    }
    // The line edit keeps the admin's comments and layout; a file that QSettings reads otherwise than a plain INI
    // (a section header with text after its ']', stray control bytes: the config fuzzer found such files) is
    // rewritten by QSettings itself instead, comments lost, so that the token saved is the one read next time.
    QByteArray text = withToken(ini, token);
    if (readTokenFrom(configFile, text) != token) {
        text = rewrittenByQSettings(configFile, ini, token);
        if (readTokenFrom(configFile, text) != token) {
            qCWarning(lcConfig).noquote() << configFile << "cannot be edited so that it keeps the API token";
            return false;
        }
    }
    // QSaveFile writes a temporary file beside the target and renames it over the target at commit, so a crash
    // leaves the old file or the new one, never half of it. Its mode is set before the token is written into it.
    QSaveFile file(configFile);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kOwnerReadWrite))
        return false;
    file.write(text);
    return file.commit();
}

ConfigResult ConfigLoader::load(const QStringList &arguments, const QProcessEnvironment &environment)
{
    ConfigResult result;
    if (sodium_init() < 0) {
        result.error = QStringLiteral("libsodium could not be initialised");
        return result;
    }
    QCommandLineParser parser;
    if (!parseCommandLine(parser, arguments, &result))
        return result;
    const std::unique_ptr<QSettings> file = openConfigFile(parser, result.config, &result.error);
    if (!file)
        return result;
    const Sources sources(parser, environment, *file);
    if (!applySettings(sources, result.config, &result.error) || !checkTogether(sources, result.config, &result.error))
        return result;
    completeDefaults(result.config);
    act(parser, sources, result);
    return result;
}

} // namespace sb
