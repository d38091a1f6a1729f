// SPDX-License-Identifier: MIT
#include "Config.h"

#include "protocol/E164.h"
#include "Logging.h"
#include "telnyx/WebhookVerifier.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>

#include <sodium.h>

namespace sb {

namespace {

// One configurable value: its flag, environment variable and INI key (the flag name).
struct Setting {
    const char *flag;
    const char *env;
    const char *valueName;
    const char *help;
};

constexpr Setting kSettings[] = {
    {"api-key", "TELNYX_API_KEY", "key", "Telnyx API v2 key (Bearer). Without it, placing a call answers 503."},
    {"application-id", "TELNYX_APPLICATION_ID", "id", "Call Control application id (connection_id) used to dial."},
    {"public-key", "TELNYX_PUBLIC_KEY", "base64", "Telnyx webhook public key (base64 Ed25519, 32 bytes)."},
    {"stream-url", "TELNYX_STREAM_URL", "url",
     "Where Telnyx reaches /audio-stream: a host (wss://host) or a ws:// or wss:// URL. Default ws://HOST:PORT."},
    {"api-base", "TELNYX_API_BASE", "url", "Telnyx REST base URL. Default https://api.telnyx.com/v2."},
    {"host", "HOST", "address", "Listen address. Default 127.0.0.1."},
    {"port", "PORT", "port", "Listen port for HTTP and WebSockets (0 = any free port). Default 8000."},
    {"api-token", "API_TOKEN", "token", "Bearer token for /api/*, /call-events and /frontend-audio."},
    {"database", "DATABASE_URL", "url", "sqlite:///abs/path.sqlite (default: app-data folder)."},
};

constexpr Setting kExtraPorts[] = {
    {"ws-call-events-port", "WS_CALL_EVENTS_PORT", "port", ""},
    {"ws-audio-stream-port", "WS_AUDIO_STREAM_PORT", "port", ""},
    {"ws-frontend-audio-port", "WS_FRONTEND_AUDIO_PORT", "port", ""},
};

// Resolves one setting by precedence and remembers where the value came from, for error messages.
class SettingSource {
public:
    SettingSource(const QCommandLineParser &parser, const QProcessEnvironment &env, const QSettings *file)
        : m_parser(parser)
        , m_env(env)
        , m_file(file)
    {
    }

    std::optional<QString> value(const Setting &s, QString *origin) const
    {
        const QString flag = QLatin1String(s.flag);
        if (m_parser.optionNames().contains(flag) && m_parser.isSet(flag)) {
            *origin = QStringLiteral("--%1").arg(flag);
            return m_parser.value(flag);
        }
        const QString env = QLatin1String(s.env);
        if (m_env.contains(env)) {
            *origin = env;
            return m_env.value(env);
        }
        if (m_file && m_file->contains(flag)) {
            *origin = QStringLiteral("%1 in %2").arg(flag, m_file->fileName());
            return m_file->value(flag).toString();
        }
        return std::nullopt;
    }

private:
    const QCommandLineParser &m_parser;
    const QProcessEnvironment &m_env;
    const QSettings *m_file;
};

std::optional<quint16> parsePort(const QString &text)
{
    bool ok = false;
    const uint v = text.trimmed().toUInt(&ok);
    if (!ok || v > 65535)
        return std::nullopt;
    return quint16(v);
}

QString invalid(const QString &origin, const QString &why)
{
    return QStringLiteral("invalid %1: %2").arg(origin, why);
}

} // namespace

QString Config::streamBaseUrl(quint16 actualPort) const
{
    if (!streamUrl.isEmpty())
        return streamUrl;
    QString host = hostText;
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::"))
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')))
        host = QStringLiteral("[%1]").arg(host);
    return QStringLiteral("ws://%1:%2").arg(host).arg(actualPort);
}

QString Config::sqlitePath() const
{
    if (!databaseUrl.startsWith(QLatin1String("sqlite://")))
        return {};
    return QUrl(databaseUrl).path();
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
    if (configFile.isEmpty())
        return false;
    QDir().mkpath(QFileInfo(configFile).absolutePath());
    QSettings file(configFile, QSettings::IniFormat);
    file.setValue(QStringLiteral("api-token"), token);
    file.sync();
    return file.status() == QSettings::NoError;
}

ConfigResult ConfigLoader::load(const QStringList &arguments, const QProcessEnvironment &environment)
{
    ConfigResult result;
    if (sodium_init() < 0) {
        result.error = QStringLiteral("libsodium could not be initialised");
        return result;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Switchboard: agent softphone console for Telnyx Call Control.\n"
                       "Precedence: command-line flag > environment variable > config file > default."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    parser.addOption(help);
    parser.addOption(version);
    parser.addOption({QStringLiteral("headless"), QStringLiteral("Run the backend only, without a window.")});
    parser.addOption({QStringLiteral("demo"), QStringLiteral("Run against the built-in Telnyx simulator.")});
    parser.addOption({QStringLiteral("show-token"), QStringLiteral("Print the API token and exit.")});
    parser.addOption({QStringLiteral("dial"), QStringLiteral("Place one call to this E.164 number at start."),
                      QStringLiteral("number")});
    parser.addOption({QStringLiteral("hangup-after"),
                      QStringLiteral("Hang up the --dial call this many seconds after it is answered."),
                      QStringLiteral("seconds")});
    parser.addOption({QStringLiteral("from"), QStringLiteral("Caller id (E.164) for --dial. Default +15550000000."),
                      QStringLiteral("number")});
    parser.addOption({QStringLiteral("mic-file"), QStringLiteral("Send this WAV file instead of the microphone."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("record"), QStringLiteral("Save every call as a two-channel WAV in this folder."),
                      QStringLiteral("folder")});
    parser.addOption({QStringLiteral("output-device"),
                      QStringLiteral("Audio output device id (default: the system's)."), QStringLiteral("id")});
    parser.addOption({QStringLiteral("input-device"), QStringLiteral("Audio input device id (default: the system's)."),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("no-audio"), QStringLiteral("Open no audio device (audio is still decoded).")});
    parser.addOption({QStringLiteral("connect"),
                      QStringLiteral("Open the console against a remote Switchboard at this http(s) URL."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("token"), QStringLiteral("The remote Switchboard's API token (with --connect)."),
                      QStringLiteral("token")});
    parser.addOption({QStringLiteral("config"), QStringLiteral("INI configuration file (keys are the flag names)."),
                      QStringLiteral("file")});
    for (const Setting &s : kSettings) {
        parser.addOption({QLatin1String(s.flag),
                          QStringLiteral("%1 [env %2]").arg(QLatin1String(s.help), QLatin1String(s.env)),
                          QLatin1String(s.valueName)});
    }

    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(help)) {
        result.action = ConfigAction::Help;
        result.output =
            parser.helpText() + QStringLiteral("\nExtra WebSocket listeners (environment only): WS_CALL_EVENTS_PORT, "
                                               "WS_AUDIO_STREAM_PORT, WS_FRONTEND_AUDIO_PORT.\n");
        return result;
    }
    if (parser.isSet(version)) {
        result.action = ConfigAction::Version;
        result.output = QStringLiteral("switchboard %1\n").arg(QStringLiteral(SWITCHBOARD_VERSION));
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.error = QStringLiteral("unexpected argument: %1 (see --help)").arg(parser.positionalArguments().first());
        return result;
    }

    Config &c = result.config;
    c.headless = parser.isSet(QStringLiteral("headless"));
    c.demo = parser.isSet(QStringLiteral("demo"));
    c.noAudio = parser.isSet(QStringLiteral("no-audio"));
    c.micFile = parser.value(QStringLiteral("mic-file"));
    c.recordDir = parser.value(QStringLiteral("record"));
    c.outputDevice = parser.value(QStringLiteral("output-device")).toUtf8();
    c.inputDevice = parser.value(QStringLiteral("input-device")).toUtf8();
    if (parser.isSet(QStringLiteral("dial"))) {
        c.dial = parser.value(QStringLiteral("dial")).trimmed();
        if (!isE164(c.dial)) {
            result.error = invalid(QStringLiteral("--dial"),
                                   QStringLiteral("'%1' is not an E.164 number such as +15551234567").arg(c.dial));
            return result;
        }
    }
    c.dialFrom = parser.isSet(QStringLiteral("from")) ? parser.value(QStringLiteral("from")).trimmed()
                                                      : QStringLiteral("+15550000000");
    if (!isE164(c.dialFrom)) {
        result.error = invalid(QStringLiteral("--from"), QStringLiteral("'%1' is not an E.164 number").arg(c.dialFrom));
        return result;
    }
    if (parser.isSet(QStringLiteral("hangup-after"))) {
        bool ok = false;
        c.hangupAfterSeconds = parser.value(QStringLiteral("hangup-after")).toInt(&ok);
        if (!ok || c.hangupAfterSeconds < 1 || c.hangupAfterSeconds > 86400) {
            result.error =
                invalid(QStringLiteral("--hangup-after"), QStringLiteral("'%1' is not a number of seconds (1-86400)")
                                                              .arg(parser.value(QStringLiteral("hangup-after"))));
            return result;
        }
    }
    if (!c.micFile.isEmpty() && !QFileInfo(c.micFile).isReadable()) {
        result.error = invalid(QStringLiteral("--mic-file"), QStringLiteral("%1 cannot be read").arg(c.micFile));
        return result;
    }
    if (parser.isSet(QStringLiteral("connect"))) {
        const QUrl url(parser.value(QStringLiteral("connect")).trimmed(), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            result.error = invalid(
                QStringLiteral("--connect"),
                QStringLiteral("'%1' is not an http:// or https:// URL").arg(parser.value(QStringLiteral("connect"))));
            return result;
        }
        c.connectUrl = url;
        c.connectToken = parser.value(QStringLiteral("token"));
        if (c.connectToken.isEmpty()) {
            result.error =
                invalid(QStringLiteral("--connect"), QStringLiteral("needs --token with the remote API token"));
            return result;
        }
    }
    const bool explicitConfig = parser.isSet(QStringLiteral("config"));
    c.configFile =
        explicitConfig ? QFileInfo(parser.value(QStringLiteral("config"))).absoluteFilePath() : defaultConfigFile();
    if (explicitConfig && !QFileInfo::exists(c.configFile)) {
        result.error = invalid(QStringLiteral("--config"), QStringLiteral("%1 does not exist").arg(c.configFile));
        return result;
    }
    QSettings file(c.configFile, QSettings::IniFormat);
    if (file.status() != QSettings::NoError) {
        result.error =
            invalid(QStringLiteral("--config"), QStringLiteral("%1 is not a readable INI file").arg(c.configFile));
        return result;
    }
    const SettingSource source(parser, environment, &file);
    QString origin;

    if (auto v = source.value(kSettings[0], &origin))
        c.apiKey = v->trimmed();
    if (auto v = source.value(kSettings[1], &origin))
        c.applicationId = v->trimmed();
    if (auto v = source.value(kSettings[2], &origin)) {
        c.publicKey = v->trimmed();
        if (!c.publicKey.isEmpty() && !WebhookVerifier::decodePublicKey(c.publicKey.toLatin1())) {
            result.error = invalid(origin, QStringLiteral("not the base64 of a 32-byte Ed25519 public key"));
            return result;
        }
    }
    if (auto v = source.value(kSettings[3], &origin)) {
        QString text = v->trimmed();
        while (text.endsWith(QLatin1Char('/')))
            text.chop(1);
        if (!text.isEmpty()) {
            if (!text.contains(QLatin1String("://")))
                text.prepend(QStringLiteral("wss://"));
            const QUrl url(text, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() ||
                (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")) || url.hasQuery() ||
                url.hasFragment()) {
                result.error = invalid(origin, QStringLiteral("'%1' is not a host or a ws:// or wss:// URL").arg(*v));
                return result;
            }
            c.streamUrl = text;
        }
    }
    if (auto v = source.value(kSettings[4], &origin)) {
        const QUrl url(v->trimmed(), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            result.error = invalid(origin, QStringLiteral("'%1' is not an http:// or https:// URL").arg(*v));
            return result;
        }
        c.apiBase = url;
    }
    if (auto v = source.value(kSettings[5], &origin)) {
        const QString text = v->trimmed();
        QHostAddress address;
        if (text == QLatin1String("localhost"))
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(text)) {
            result.error = invalid(origin, QStringLiteral("'%1' is not an IP address").arg(text));
            return result;
        }
        c.host = address;
        c.hostText = text == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : text;
    }
    if (auto v = source.value(kSettings[6], &origin)) {
        const auto port = parsePort(*v);
        if (!port) {
            result.error = invalid(origin, QStringLiteral("'%1' is not a port number (0-65535)").arg(*v));
            return result;
        }
        c.port = *port;
    }
    std::optional<quint16> *extra[] = {&c.callEventsPort, &c.audioStreamPort, &c.frontendAudioPort};
    for (int i = 0; i < 3; ++i) {
        if (auto v = source.value(kExtraPorts[i], &origin); v && !v->trimmed().isEmpty()) {
            const auto port = parsePort(*v);
            if (!port) {
                result.error = invalid(origin, QStringLiteral("'%1' is not a port number (0-65535)").arg(*v));
                return result;
            }
            *extra[i] = *port;
        }
    }
    if (auto v = source.value(kSettings[8], &origin)) {
        const QString text = v->trimmed();
        if (text.startsWith(QLatin1String("sqlite://"))) {
            const QString path = QUrl(text).path();
            if (!QDir::isAbsolutePath(path) || path.endsWith(QLatin1Char('/'))) {
                result.error =
                    invalid(origin, QStringLiteral("'%1' must be sqlite:///absolute/path/file.sqlite").arg(text));
                return result;
            }
        } else if (text.startsWith(QLatin1String("postgresql://")) || text.startsWith(QLatin1String("postgres://"))) {
            result.error =
                invalid(origin, QStringLiteral("PostgreSQL is not supported by this build yet; use sqlite:///path"));
            return result;
        } else {
            result.error = invalid(origin, QStringLiteral("'%1' is not a sqlite:/// or postgresql:// URL").arg(text));
            return result;
        }
        c.databaseUrl = text;
    } else {
        c.databaseUrl = defaultDatabaseUrl();
        if (c.demo) // simulated calls stay out of the real history
            c.databaseUrl.replace(QStringLiteral("switchboard.sqlite"), QStringLiteral("switchboard-demo.sqlite"));
    }

    if (auto v = source.value(kSettings[7], &origin); v && !v->trimmed().isEmpty()) {
        c.apiToken = v->trimmed();
    } else {
        // First start: generate the token and keep it in the config file so that it survives restarts.
        c.apiToken = generateToken();
        if (!saveToken(c.configFile, c.apiToken))
            qCWarning(lcConfig).noquote()
                << "could not save the generated API token to" << c.configFile << "- it is valid for this run only";
        else
            qCInfo(lcConfig).noquote() << "generated an API token and saved it to" << c.configFile
                                       << "(print it with --show-token)";
    }

    if (parser.isSet(QStringLiteral("show-token"))) {
        result.action = ConfigAction::ShowToken;
        result.output = c.apiToken + QLatin1Char('\n');
    }
    return result;
}

} // namespace sb
