// SPDX-License-Identifier: MIT
#include "Config.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using sb::ConfigAction;
using sb::ConfigLoader;

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
    QTest::newRow("connect without token")
        << QStringList{QStringLiteral("--connect"), QStringLiteral("http://10.0.0.2:8000")} << QString() << QString()
        << QStringLiteral("--token");
    QTest::newRow("connect not http") << QStringList{QStringLiteral("--connect"), QStringLiteral("ws://x"),
                                                     QStringLiteral("--token"), QStringLiteral("t")}
                                      << QString() << QString() << QStringLiteral("--connect");
    QTest::newRow("mic file missing") << QStringList{QStringLiteral("--mic-file"), QStringLiteral("/nonexistent.wav")}
                                      << QString() << QString() << QStringLiteral("--mic-file");
    QTest::newRow("connect from env not http")
        << QStringList{} << QStringLiteral("SWITCHBOARD_CONNECT_URL") << QStringLiteral("ftp://10.0.0.2")
        << QStringLiteral("SWITCHBOARD_CONNECT_URL");
    QTest::newRow("connect from env without token")
        << QStringList{} << QStringLiteral("SWITCHBOARD_CONNECT_URL") << QStringLiteral("http://10.0.0.2:8000")
        << QStringLiteral("SWITCHBOARD_CONNECT_TOKEN");
    QTest::newRow("language not a code") << QStringList{QStringLiteral("--language"), QStringLiteral("English")}
                                         << QString() << QString() << QStringLiteral("--language");
    QTest::newRow("language from env not a code") << QStringList{} << QStringLiteral("SWITCHBOARD_LANGUAGE")
                                                  << QStringLiteral("de DE") << QStringLiteral("SWITCHBOARD_LANGUAGE");
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
          "SWITCHBOARD_CONNECT_TOKEN", "--language", "SWITCHBOARD_LANGUAGE"})
        QVERIFY2(r.output.contains(QLatin1String(name)), name);
}

void tst_Config::runOptions()
{
    const auto r = load({QStringLiteral("--demo"), QStringLiteral("--headless"), QStringLiteral("--dial"),
                         QStringLiteral("+15551234567"), QStringLiteral("--hangup-after"), QStringLiteral("5"),
                         QStringLiteral("--connect"), QStringLiteral("https://sb.example.com:8443"),
                         QStringLiteral("--token"), QStringLiteral("remote-token"), QStringLiteral("--no-audio")});
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(r.config.demo && r.config.headless && r.config.noAudio);
    QCOMPARE(r.config.dial, QStringLiteral("+15551234567"));
    QCOMPARE(r.config.dialFrom, QStringLiteral("+15550000000"));
    QCOMPARE(r.config.hangupAfterSeconds, 5);
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

QTEST_GUILESS_MAIN(tst_Config)
#include "tst_config.moc"
