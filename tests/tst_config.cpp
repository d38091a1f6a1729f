// SPDX-License-Identifier: MIT
#include "Config.h"
#include "FileMode.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using sb::ConfigAction;
using sb::ConfigLoader;
using sb::SettingSource;
using sb::test::fileMode;

namespace {
const QString kKey = QStringLiteral("ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=");
}

class tst_Config : public QObject {
    Q_OBJECT
private slots:
    void init();
    void defaults();
    void precedence();
    void streamUrlForms_data();
    void streamUrlForms();
    void invalidValues_data();
    void invalidValues();
    void tokenGeneratedOnceAndKept();
    void showTokenVersionHelp();
    void extraPorts();
    void runOptions();
    void consoleSettings_data();
    void consoleSettings();
    void maxConnections_data();
    void maxConnections();
    void tokenSource_data();
    void tokenSource();
    void corsOrigins_data();
    void corsOrigins();
    void tlsAndProxies();
    void ringing();
    void firstStartSavesTokenPrivately();
    void savedTokenTightensAndKeepsTheFile();

private:
    QString writeConfig(const QString &text);
    sb::ConfigResult load(const QStringList &args, const QProcessEnvironment &env = {});
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Config::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString tst_Config::writeConfig(const QString &text)
{
    const QString path = m_dir->filePath(QStringLiteral("switchboard.conf"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(text.toUtf8());
    return path;
}

sb::ConfigResult tst_Config::load(const QStringList &args, const QProcessEnvironment &env)
{
    QStringList all{QStringLiteral("switchboard")};
    if (!args.contains(QStringLiteral("--config")))
        all << QStringLiteral("--config") << writeConfig(QString());
    all += args;
    return ConfigLoader::load(all, env);
}

void tst_Config::defaults()
{
    const auto r = load({});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.action, ConfigAction::Run);
    QCOMPARE(r.config.port, quint16(8000));
    QCOMPARE(r.config.hostText, QStringLiteral("127.0.0.1"));
    QCOMPARE(r.config.apiBase, QUrl(QStringLiteral("https://api.telnyx.com/v2")));
    QCOMPARE(r.config.streamBaseUrl(8000), QStringLiteral("ws://127.0.0.1:8000"));
    QVERIFY(r.config.apiKey.isEmpty());
    QVERIFY(r.config.databaseUrl.startsWith(QLatin1String("sqlite:///")));
    QVERIFY(r.config.databaseUrl.endsWith(QLatin1String("switchboard.sqlite")));
    QVERIFY(r.config.apiToken.size() >= 43);
}

void tst_Config::precedence()
{
    const QString file = writeConfig(QStringLiteral("port=7001\napi-key=from-file\napplication-id=app-file\n"
                                                    "host=127.0.0.2\n"));
    QProcessEnvironment env;
    env.insert(QStringLiteral("PORT"), QStringLiteral("7002"));
    env.insert(QStringLiteral("TELNYX_API_KEY"), QStringLiteral("from-env"));

    // flag > env > file > default, setting by setting
    auto r = load({QStringLiteral("--config"), file, QStringLiteral("--port"), QStringLiteral("7003")}, env);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.config.port, quint16(7003));
    QCOMPARE(r.config.apiKey, QStringLiteral("from-env"));
    QCOMPARE(r.config.applicationId, QStringLiteral("app-file"));
    QCOMPARE(r.config.hostText, QStringLiteral("127.0.0.2"));

    r = load({QStringLiteral("--config"), file}, env);
    QCOMPARE(r.config.port, quint16(7002));

    r = load({QStringLiteral("--config"), file});
    QCOMPARE(r.config.port, quint16(7001));
    QCOMPARE(r.config.apiKey, QStringLiteral("from-file"));

    r = load({QStringLiteral("--config"), file, QStringLiteral("--api-key"), QStringLiteral("from-flag")}, env);
    QCOMPARE(r.config.apiKey, QStringLiteral("from-flag"));
}

void tst_Config::streamUrlForms_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("base");
    QTest::newRow("bare host means wss") << QStringLiteral("media.example.com")
                                         << QStringLiteral("wss://media.example.com");
    QTest::newRow("wss url") << QStringLiteral("wss://media.example.com/") << QStringLiteral("wss://media.example.com");
    QTest::newRow("ws url with port") << QStringLiteral("ws://10.0.0.5:9000") << QStringLiteral("ws://10.0.0.5:9000");
    QTest::newRow("with base path") << QStringLiteral("wss://example.com/sb") << QStringLiteral("wss://example.com/sb");
}

void tst_Config::streamUrlForms()
{
    QFETCH(QString, given);
    QFETCH(QString, base);
    const auto r = load({QStringLiteral("--stream-url"), given});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.config.streamBaseUrl(8000), base);
}

void tst_Config::invalidValues_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("envName");
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("port too big") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << QString()
                                  << QString() << QStringLiteral("--port");
    QTest::newRow("port not a number") << QStringList{QStringLiteral("--port"), QStringLiteral("http")} << QString()
                                       << QString() << QStringLiteral("--port");
    QTest::newRow("negative port from env")
        << QStringList{} << QStringLiteral("PORT") << QStringLiteral("-1") << QStringLiteral("PORT");
    QTest::newRow("api base not a url") << QStringList{QStringLiteral("--api-base"), QStringLiteral("not a url")}
                                        << QString() << QString() << QStringLiteral("--api-base");
    QTest::newRow("api base ftp") << QStringList{} << QStringLiteral("TELNYX_API_BASE")
                                  << QStringLiteral("ftp://api.telnyx.com") << QStringLiteral("TELNYX_API_BASE");
    QTest::newRow("stream url http") << QStringList{QStringLiteral("--stream-url"), QStringLiteral("http://x.example")}
                                     << QString() << QString() << QStringLiteral("--stream-url");
    QTest::newRow("public key 31 bytes") << QStringList{QStringLiteral("--public-key"),
                                                        QString::fromLatin1(QByteArray(31, 'k').toBase64())}
                                         << QString() << QString() << QStringLiteral("--public-key");
    QTest::newRow("public key garbage") << QStringList{} << QStringLiteral("TELNYX_PUBLIC_KEY")
                                        << QStringLiteral("hello world") << QStringLiteral("TELNYX_PUBLIC_KEY");
    QTest::newRow("host name") << QStringList{QStringLiteral("--host"), QStringLiteral("example.com")} << QString()
                               << QString() << QStringLiteral("--host");
    QTest::newRow("database relative") << QStringList{QStringLiteral("--database"), QStringLiteral("sqlite://rel.db")}
                                       << QString() << QString() << QStringLiteral("--database");
    QTest::newRow("database scheme") << QStringList{} << QStringLiteral("DATABASE_URL")
                                     << QStringLiteral("mysql://localhost/db") << QStringLiteral("DATABASE_URL");
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--bogus")} << QString() << QString()
                                  << QStringLiteral("bogus");
    QTest::newRow("dial not E.164") << QStringList{QStringLiteral("--dial"), QStringLiteral("5551234")} << QString()
                                    << QString() << QStringLiteral("--dial");
    QTest::newRow("hangup-after zero") << QStringList{QStringLiteral("--hangup-after"), QStringLiteral("0")}
                                       << QString() << QString() << QStringLiteral("--hangup-after");
    QTest::newRow("demo-incoming-every zero")
        << QStringList{QStringLiteral("--demo"), QStringLiteral("--demo-incoming-every"), QStringLiteral("0")}
        << QString() << QString() << QStringLiteral("--demo-incoming-every");
    QTest::newRow("demo-incoming-every without demo")
        << QStringList{QStringLiteral("--demo-incoming-every"), QStringLiteral("30")} << QString() << QString()
        << QStringLiteral("--demo");
    QTest::newRow("connect not http") << QStringList{QStringLiteral("--connect"), QStringLiteral("ws://x"),
                                                     QStringLiteral("--token"), QStringLiteral("t")}
                                      << QString() << QString() << QStringLiteral("--connect");
    QTest::newRow("mic file missing") << QStringList{QStringLiteral("--mic-file"), QStringLiteral("/nonexistent.wav")}
                                      << QString() << QString() << QStringLiteral("--mic-file");
    QTest::newRow("connect from env not http")
        << QStringList{} << QStringLiteral("SWITCHBOARD_CONNECT_URL") << QStringLiteral("ftp://10.0.0.2")
        << QStringLiteral("SWITCHBOARD_CONNECT_URL");
    QTest::newRow("language not a code") << QStringList{QStringLiteral("--language"), QStringLiteral("English")}
                                         << QString() << QString() << QStringLiteral("--language");
    QTest::newRow("language from env not a code") << QStringList{} << QStringLiteral("SWITCHBOARD_LANGUAGE")
                                                  << QStringLiteral("de DE") << QStringLiteral("SWITCHBOARD_LANGUAGE");
    QTest::newRow("max-connections zero") << QStringList{QStringLiteral("--max-connections"), QStringLiteral("0")}
                                          << QString() << QString() << QStringLiteral("--max-connections");
    QTest::newRow("max-connections too many")
        << QStringList{QStringLiteral("--max-connections"), QStringLiteral("1000001")} << QString() << QString()
        << QStringLiteral("--max-connections");
    QTest::newRow("max-connections from env not a number")
        << QStringList{} << QStringLiteral("MAX_CONNECTIONS") << QStringLiteral("lots")
        << QStringLiteral("MAX_CONNECTIONS");
    QTest::newRow("ring timeout zero") << QStringList{QStringLiteral("--ring-timeout"), QStringLiteral("0")}
                                       << QString() << QString() << QStringLiteral("--ring-timeout");
    QTest::newRow("ring timeout past 600 s") << QStringList{QStringLiteral("--ring-timeout"), QStringLiteral("601")}
                                             << QString() << QString() << QStringLiteral("--ring-timeout");
    QTest::newRow("ring strategy unknown") << QStringList{} << QStringLiteral("RING_STRATEGY")
                                           << QStringLiteral("random") << QStringLiteral("RING_STRATEGY");
    QTest::newRow("ring step not a number") << QStringList{QStringLiteral("--ring-step"), QStringLiteral("soon")}
                                            << QString() << QString() << QStringLiteral("--ring-step");
    QTest::newRow("overflow not E.164") << QStringList{QStringLiteral("--overflow-to"), QStringLiteral("5551234")}
                                        << QString() << QString() << QStringLiteral("--overflow-to");
    QTest::newRow("cors origin with a path")
        << QStringList{QStringLiteral("--cors-origins"), QStringLiteral("https://crm.example.com/app")} << QString()
        << QString() << QStringLiteral("--cors-origins");
    QTest::newRow("cors origin with a slash")
        << QStringList{} << QStringLiteral("CORS_ORIGINS")
        << QStringLiteral("https://a.example.com,https://crm.example.com/") << QStringLiteral("CORS_ORIGINS");
    QTest::newRow("cors origin wildcard") << QStringList{QStringLiteral("--cors-origins"), QStringLiteral("*")}
                                          << QString() << QString() << QStringLiteral("--cors-origins");
    QTest::newRow("cors origin without scheme")
        << QStringList{QStringLiteral("--cors-origins"), QStringLiteral("crm.example.com")} << QString() << QString()
        << QStringLiteral("--cors-origins");
    QTest::newRow("cors origin ws scheme")
        << QStringList{QStringLiteral("--cors-origins"), QStringLiteral("ws://crm.example.com")} << QString()
        << QString() << QStringLiteral("--cors-origins");
    QTest::newRow("tls cert missing") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("/nonexistent.pem"),
                                                     QStringLiteral("--tls-key"), QStringLiteral("/nonexistent.key")}
                                      << QString() << QString() << QStringLiteral("--tls-cert");
    QTest::newRow("tls key without cert") << QStringList{} << QStringLiteral("TLS_KEY")
                                          << QStringLiteral(SRCDIR "/tst_config.cpp") << QStringLiteral("TLS_CERT");
    QTest::newRow("tls cert without key")
        << QStringList{QStringLiteral("--tls-cert"), QStringLiteral(SRCDIR "/tst_config.cpp")} << QString() << QString()
        << QStringLiteral("--tls-key");
    QTest::newRow("trusted proxy host name")
        << QStringList{QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1,proxy.example.com")} << QString()
        << QString() << QStringLiteral("--trusted-proxies");
    QTest::newRow("trusted proxy bad prefix") << QStringList{} << QStringLiteral("TRUSTED_PROXIES")
                                              << QStringLiteral("10.0.0.0/33") << QStringLiteral("TRUSTED_PROXIES");
    QTest::newRow("missing config file") << QStringList{QStringLiteral("--config"),
                                                        QStringLiteral("/nonexistent/sb.conf")}
                                         << QString() << QString() << QStringLiteral("--config");
}

void tst_Config::invalidValues()
{
    QFETCH(QStringList, args);
    QFETCH(QString, envName);
    QFETCH(QString, envValue);
    QFETCH(QString, mentions);
    QProcessEnvironment env;
    if (!envName.isEmpty())
        env.insert(envName, envValue);
    const auto r = load(args, env);
    QVERIFY2(!r.error.isEmpty(), "a bad value must stop start-up");
    QVERIFY2(r.error.contains(mentions), qPrintable(r.error));
    QVERIFY2(!r.error.contains(QLatin1Char('\n')), "one line");
}

void tst_Config::tokenGeneratedOnceAndKept()
{
    const QString file = writeConfig(QStringLiteral("port=9000\n"));
    const auto first = load({QStringLiteral("--config"), file});
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    const auto second = load({QStringLiteral("--config"), file});
    QCOMPARE(second.config.apiToken, first.config.apiToken);
    QCOMPARE(QSettings(file, QSettings::IniFormat).value(QStringLiteral("api-token")).toString(),
             first.config.apiToken);
    QCOMPARE(second.config.port, quint16(9000)); // the rest of the file is kept

    // An explicit token wins and is not written over the kept one.
    QProcessEnvironment env;
    env.insert(QStringLiteral("API_TOKEN"), QStringLiteral("explicit"));
    QCOMPARE(load({QStringLiteral("--config"), file}, env).config.apiToken, QStringLiteral("explicit"));
    QCOMPARE(load({QStringLiteral("--config"), file}).config.apiToken, first.config.apiToken);
}

void tst_Config::showTokenVersionHelp()
{
    const QString file = writeConfig(QStringLiteral("api-token=abc123\n"));
    auto r = load({QStringLiteral("--config"), file, QStringLiteral("--show-token")});
    QCOMPARE(r.action, ConfigAction::ShowToken);
    QCOMPARE(r.output, QStringLiteral("abc123\n"));

    r = load({QStringLiteral("--version")});
    QCOMPARE(r.action, ConfigAction::Version);
    QVERIFY(r.output.startsWith(QLatin1String("switchboard ")));

    r = load({QStringLiteral("--help")});
    QCOMPARE(r.action, ConfigAction::Help);
    for (const char *name :
         {"--api-key", "TELNYX_API_KEY", "--public-key", "--stream-url", "--database", "--headless", "--demo",
          "--show-token", "--config", "WS_CALL_EVENTS_PORT", "--connect", "SWITCHBOARD_CONNECT_URL", "--token",
          "SWITCHBOARD_CONNECT_TOKEN", "--language", "SWITCHBOARD_LANGUAGE", "--max-connections", "MAX_CONNECTIONS"})
        QVERIFY2(r.output.contains(QLatin1String(name)), name);
}

void tst_Config::runOptions()
{
    const auto r = load({QStringLiteral("--demo"), QStringLiteral("--headless"), QStringLiteral("--dial"),
                         QStringLiteral("+15551234567"), QStringLiteral("--hangup-after"), QStringLiteral("5"),
                         QStringLiteral("--connect"), QStringLiteral("https://sb.example.com:8443"),
                         QStringLiteral("--token"), QStringLiteral("remote-token"), QStringLiteral("--no-audio"),
                         QStringLiteral("--demo-incoming-every"), QStringLiteral("45")});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.config.demo && r.config.headless && r.config.noAudio);
    QCOMPARE(r.config.dial, QStringLiteral("+15551234567"));
    QCOMPARE(r.config.dialFrom, QStringLiteral("+15550000000"));
    QCOMPARE(r.config.hangupAfterSeconds, 5);
    QCOMPARE(r.config.demoIncomingEverySeconds, 45);
    QCOMPARE(r.config.connectUrl, QUrl(QStringLiteral("https://sb.example.com:8443")));
    QCOMPARE(r.config.connectToken, QStringLiteral("remote-token"));
}

// The console's settings: flag > environment, never the INI file (that is the backend's).
void tst_Config::consoleSettings_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("env"); // name, value, name, value...
    QTest::addColumn<QString>("fileText");
    QTest::addColumn<QUrl>("connectUrl");
    QTest::addColumn<QString>("connectToken");
    QTest::addColumn<QString>("language");

    const QUrl none;
    const QUrl remote(QStringLiteral("https://sb.example.com:8443"));
    QTest::newRow("nothing") << QStringList{} << QStringList{} << QString() << none << QString() << QString();
    QTest::newRow("connect from env") << QStringList{}
                                      << QStringList{QStringLiteral("SWITCHBOARD_CONNECT_URL"),
                                                     QStringLiteral("https://sb.example.com:8443"),
                                                     QStringLiteral("SWITCHBOARD_CONNECT_TOKEN"),
                                                     QStringLiteral("env-token")}
                                      << QString() << remote << QStringLiteral("env-token") << QString();
    QTest::newRow("flags beat env")
        << QStringList{QStringLiteral("--connect"),  QStringLiteral("https://sb.example.com:8443"),
                       QStringLiteral("--token"),    QStringLiteral("flag-token"),
                       QStringLiteral("--language"), QStringLiteral("es")}
        << QStringList{QStringLiteral("SWITCHBOARD_CONNECT_URL"),   QStringLiteral("http://other.example"),
                       QStringLiteral("SWITCHBOARD_CONNECT_TOKEN"), QStringLiteral("env-token"),
                       QStringLiteral("SWITCHBOARD_LANGUAGE"),      QStringLiteral("de")}
        << QString() << remote << QStringLiteral("flag-token") << QStringLiteral("es");
    QTest::newRow("flag url, env token") << QStringList{QStringLiteral("--connect"),
                                                        QStringLiteral("https://sb.example.com:8443")}
                                         << QStringList{QStringLiteral("SWITCHBOARD_CONNECT_TOKEN"),
                                                        QStringLiteral("env-token")}
                                         << QString() << remote << QStringLiteral("env-token") << QString();
    QTest::newRow("empty env means unset") << QStringList{}
                                           << QStringList{QStringLiteral("SWITCHBOARD_CONNECT_URL"), QString(),
                                                          QStringLiteral("SWITCHBOARD_LANGUAGE"), QString()}
                                           << QString() << none << QString() << QString();
    QTest::newRow("language from env") << QStringList{}
                                       << QStringList{QStringLiteral("SWITCHBOARD_LANGUAGE"), QStringLiteral("de")}
                                       << QString() << none << QString() << QStringLiteral("de");
    QTest::newRow("not from the file") << QStringList{} << QStringList{}
                                       << QStringLiteral("connect=https://sb.example.com\ntoken=t\nlanguage=de\n")
                                       << none << QString() << QString();
}

void tst_Config::consoleSettings()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, env);
    QFETCH(QString, fileText);
    QFETCH(QUrl, connectUrl);
    QFETCH(QString, connectToken);
    QFETCH(QString, language);
    QProcessEnvironment environment;
    for (int i = 0; i + 1 < env.size(); i += 2)
        environment.insert(env.at(i), env.at(i + 1));
    const auto r = load(QStringList{QStringLiteral("--config"), writeConfig(fileText)} + args, environment);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.config.connectUrl, connectUrl);
    QCOMPARE(r.config.connectToken, connectToken);
    QCOMPARE(r.config.language, language);
}

void tst_Config::extraPorts()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("WS_CALL_EVENTS_PORT"), QStringLiteral("9101"));
    env.insert(QStringLiteral("WS_FRONTEND_AUDIO_PORT"), QStringLiteral("9103"));
    const auto r = load({}, env);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.config.callEventsPort, std::optional<quint16>(9101));
    QCOMPARE(r.config.audioStreamPort, std::nullopt);
    QCOMPARE(r.config.frontendAudioPort, std::optional<quint16>(9103));

    env.insert(QStringLiteral("WS_AUDIO_STREAM_PORT"), QStringLiteral("99999"));
    QVERIFY(load({}, env).error.contains(QLatin1String("WS_AUDIO_STREAM_PORT")));
}

void tst_Config::maxConnections_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<QString>("fileText");
    QTest::addColumn<int>("expected");
    QTest::newRow("default") << QStringList{} << QString() << QString() << 1000;
    QTest::newRow("flag") << QStringList{QStringLiteral("--max-connections"), QStringLiteral("20")} << QString()
                          << QString() << 20;
    QTest::newRow("env") << QStringList{} << QStringLiteral("300") << QString() << 300;
    QTest::newRow("file") << QStringList{} << QString() << QStringLiteral("max-connections=4000\n") << 4000;
    QTest::newRow("flag beats env") << QStringList{QStringLiteral("--max-connections"), QStringLiteral("1")}
                                    << QStringLiteral("300") << QString() << 1;
    QTest::newRow("the largest") << QStringList{QStringLiteral("--max-connections"), QStringLiteral("1000000")}
                                 << QString() << QString() << 1000000;
}

void tst_Config::maxConnections()
{
    QFETCH(QStringList, args);
    QFETCH(QString, envValue);
    QFETCH(QString, fileText);
    QFETCH(int, expected);
    QProcessEnvironment env;
    if (!envValue.isEmpty())
        env.insert(QStringLiteral("MAX_CONNECTIONS"), envValue);
    const auto r = load(QStringList{QStringLiteral("--config"), writeConfig(fileText)} + args, env);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.config.maxConnections, expected);
}

void tst_Config::corsOrigins_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("none") << QString() << QStringList{};
    QTest::newRow("one") << QStringLiteral("https://crm.example.com")
                         << QStringList{QStringLiteral("https://crm.example.com")};
    QTest::newRow("several, spaces, trailing comma")
        << QStringLiteral(" https://a.example.com , http://localhost:3000,")
        << QStringList{QStringLiteral("https://a.example.com"), QStringLiteral("http://localhost:3000")};
    // As a browser sends Origin: lower case, no default port.
    QTest::newRow("canonical") << QStringLiteral("HTTPS://CRM.Example.com:443,http://[::1]:8080")
                               << QStringList{QStringLiteral("https://crm.example.com"),
                                              QStringLiteral("http://[::1]:8080")};
}

void tst_Config::corsOrigins()
{
    QFETCH(QString, given);
    QFETCH(QStringList, expected);
    QProcessEnvironment env;
    env.insert(QStringLiteral("CORS_ORIGINS"), given);
    const auto r = load({}, env);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.config.corsOrigins, expected);
    // The INI file has the same key as the flag.
    const auto fromFile =
        load({QStringLiteral("--config"), writeConfig(QStringLiteral("cors-origins=\"%1\"\n").arg(given))});
    QVERIFY2(fromFile.error.isEmpty(), qPrintable(fromFile.error));
    QCOMPARE(fromFile.config.corsOrigins, expected);
}

void tst_Config::ringing()
{
    const auto defaults = load({});
    QCOMPARE(defaults.config.ringTimeoutSeconds, 30); // CONTRACT §9
    QCOMPARE(defaults.config.ringStrategy, sb::RingStrategy::All);
    QCOMPARE(defaults.config.ringStepSeconds, 15);
    QVERIFY(defaults.config.overflowTo.isEmpty());

    QProcessEnvironment env;
    env.insert(QStringLiteral("RING_STRATEGY"), QStringLiteral("longest-idle"));
    env.insert(QStringLiteral("OVERFLOW_TO"), QStringLiteral("+15557654321"));
    const auto set = load(
        {QStringLiteral("--ring-timeout"), QStringLiteral("45"), QStringLiteral("--ring-step"), QStringLiteral("10")},
        env);
    QVERIFY2(set.error.isEmpty(), qPrintable(set.error));
    QCOMPARE(set.config.ringTimeoutSeconds, 45);
    QCOMPARE(set.config.ringStrategy, sb::RingStrategy::LongestIdle);
    QCOMPARE(set.config.ringStepSeconds, 10);
    QCOMPARE(set.config.overflowTo, QStringLiteral("+15557654321"));
    for (const char *name : {"--ring-timeout", "--ring-strategy", "--ring-step", "--overflow-to"})
        QVERIFY2(load({QStringLiteral("--help")}).output.contains(QLatin1String(name)), name);
}

void tst_Config::tlsAndProxies()
{
    const auto plain = load({});
    QVERIFY(!plain.config.tls());
    QVERIFY(plain.config.trustedProxies.isEmpty());
    QCOMPARE(plain.config.streamBaseUrl(8000), QStringLiteral("ws://127.0.0.1:8000"));

    // The files' content is checked when the server starts (tst_tls); here only that they can be read.
    const QString file = QStringLiteral(SRCDIR "/tst_config.cpp");
    QProcessEnvironment env;
    env.insert(QStringLiteral("TLS_CERT"), file);
    env.insert(QStringLiteral("TLS_KEY"), file);
    env.insert(QStringLiteral("TRUSTED_PROXIES"), QStringLiteral("127.0.0.1, 10.0.0.0/8 ,::1"));
    const auto r = load({}, env);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.config.tls());
    QCOMPARE(r.config.tlsCertFile, file);
    QCOMPARE(r.config.streamBaseUrl(8000), QStringLiteral("wss://127.0.0.1:8000"));
    QCOMPARE(r.config.trustedProxies.size(), 3);
    QCOMPARE(r.config.trustedProxies[0], qMakePair(QHostAddress(QStringLiteral("127.0.0.1")), 32));
    QCOMPARE(r.config.trustedProxies[1], qMakePair(QHostAddress(QStringLiteral("10.0.0.0")), 8));
    QCOMPARE(r.config.trustedProxies[2], qMakePair(QHostAddress(QStringLiteral("::1")), 128));
}

void tst_Config::tokenSource_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<QString>("fileText");
    QTest::addColumn<SettingSource>("source");
    QTest::addColumn<bool>("fixed");
    QTest::newRow("generated") << QStringList{} << QString() << QString() << SettingSource::Default << false;
    QTest::newRow("config file") << QStringList{} << QString() << QStringLiteral("api-token=from-file\n")
                                 << SettingSource::ConfigFile << false;
    QTest::newRow("API_TOKEN") << QStringList{} << QStringLiteral("from-env") << QStringLiteral("api-token=f\n")
                               << SettingSource::Environment << true;
    QTest::newRow("--api-token") << QStringList{QStringLiteral("--api-token"), QStringLiteral("from-flag")}
                                 << QStringLiteral("from-env") << QString() << SettingSource::CommandLine << true;
}

void tst_Config::tokenSource()
{
    QFETCH(QStringList, args);
    QFETCH(QString, envValue);
    QFETCH(QString, fileText);
    QFETCH(SettingSource, source);
    QFETCH(bool, fixed);
    QProcessEnvironment env;
    if (!envValue.isEmpty())
        env.insert(QStringLiteral("API_TOKEN"), envValue);
    const auto r = load(QStringList{QStringLiteral("--config"), writeConfig(fileText)} + args, env);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(!r.config.apiToken.isEmpty());
    QCOMPARE(r.config.apiTokenSource, source);
    QCOMPARE(r.config.apiTokenFixed(), fixed);
}

// The real first start: no --config, so the platform's config folder (under XDG_CONFIG_HOME), which does not exist
// yet. Both the folders made and the file holding the token are for the owner only, whatever the umask.
void tst_Config::firstStartSavesTokenPrivately()
{
    const QString xdg = m_dir->filePath(QStringLiteral("xdg"));
    const QByteArray previous = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(xdg));
    const mode_t umaskBefore = ::umask(022);
    const auto r = ConfigLoader::load({QStringLiteral("switchboard")}, QProcessEnvironment());
    ::umask(umaskBefore);
    qputenv("XDG_CONFIG_HOME", previous);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY2(r.config.configFile.startsWith(xdg), qPrintable(r.config.configFile));
    QCOMPARE(QSettings(r.config.configFile, QSettings::IniFormat).value(QStringLiteral("api-token")).toString(),
             r.config.apiToken);
    QCOMPARE(fileMode(r.config.configFile), 0600);
    QCOMPARE(fileMode(QFileInfo(r.config.configFile).absolutePath()), 0700);
    QCOMPARE(fileMode(xdg), 0700);
    QCOMPARE(QDir(QFileInfo(r.config.configFile).absolutePath()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{QStringLiteral("switchboard.conf")}); // no temporary file left behind
}

// A file written before (or by hand) open to others is tightened when the token is saved into it; the admin's
// lines, comments and sections stay, and an api-token line is replaced where QSettings reads it.
void tst_Config::savedTokenTightensAndKeepsTheFile()
{
    const QString file = writeConfig(QStringLiteral("; Switchboard\nport=9000\n[General]\napi-token=old\n"
                                                    "[other]\napi-token=not-this-one\n"));
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                            QFileDevice::ReadOther));
    QCOMPARE(fileMode(file), 0644);
    QVERIFY(ConfigLoader::saveToken(file, QStringLiteral("new-token_0123")));
    QCOMPARE(fileMode(file), 0600);
    QFile read(file);
    QVERIFY(read.open(QIODevice::ReadOnly));
    QCOMPARE(read.readAll(), QByteArray("; Switchboard\nport=9000\n[General]\napi-token=new-token_0123\n"
                                        "[other]\napi-token=not-this-one\n"));
    const auto r = load({QStringLiteral("--config"), file});
    QCOMPARE(r.config.apiToken, QStringLiteral("new-token_0123"));
    QCOMPARE(r.config.port, quint16(9000));

    // A file without the key gets it in its general section, ahead of the first [section].
    const QString other = writeConfig(QStringLiteral("[group]\nkey=1\n"));
    QVERIFY(ConfigLoader::saveToken(other, QStringLiteral("t1")));
    QCOMPARE(load({QStringLiteral("--config"), other}).config.apiToken, QStringLiteral("t1"));
    QCOMPARE(QSettings(other, QSettings::IniFormat).value(QStringLiteral("group/key")).toInt(), 1);

    // QSettings reads "[General]x" as [General]; a line edit that does not would leave "old" in force (found by the
    // config fuzzer): such a file is rewritten by QSettings, and the token saved is the one read next time.
    // The "# note" line is a FormatError for QSettings, which it reads past (and must write past, too).
    const QString odd = writeConfig(QStringLiteral("# note\n[General]x\napi-token=old\nport=9001\n"));
    QVERIFY(ConfigLoader::saveToken(odd, QStringLiteral("t2")));
    const auto again = load({QStringLiteral("--config"), odd});
    QCOMPARE(again.config.apiToken, QStringLiteral("t2"));
    QCOMPARE(again.config.port, quint16(9001));
    QCOMPARE(fileMode(odd), 0600);
}

QTEST_GUILESS_MAIN(tst_Config)
#include "tst_config.moc"
