// SPDX-License-Identifier: MIT
#include "SimulateCommand.h"

#include "Runners.h"
#include "SignalWatcher.h"
#include "simulator/TelnyxSimulator.h"

// Qt
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QTextStream>

// C++
#include <cmath>
#include <cstdio>
#include <optional>

namespace {

using sb::SimulatorOptions;

const QString kDescription = QStringLiteral(
    "switchboard simulate: the built-in Telnyx simulator alone, until Ctrl+C (SIGINT) or SIGTERM.\n"
    "A stand-in for Telnyx Call Control v2 on this machine: the REST API (POST /v2/calls, GET /v2/calls/ID,\n"
    "/v2/calls/ID/actions/answer|reject|transfer|hangup|streaming_start|...), webhooks signed as Telnyx signs them\n"
    "(Ed25519 over \"timestamp|body\", headers telnyx-signature-ed25519 and telnyx-timestamp), and a media stream\n"
    "to the stream_url of a call with a speaking customer.\n"
    "It prints, on stdout, the settings to point an application at it (as shell assignments) and how to place an\n"
    "incoming call: POST /v2/simulator/incoming {\"from\",\"to\",\"caller_id_name\",\"give_up_after_s\"}.");

// Seconds as a command-line value: a non-negative number (fractions allowed) -> milliseconds.
std::optional<int> milliseconds(const QString &text)
{
    bool ok = false;
    const double seconds = text.trimmed().toDouble(&ok);
    if (!ok || !(seconds >= 0 && seconds <= 86400))
        return std::nullopt;
    return int(std::lround(seconds * 1000));
}

int usageError(const QString &message)
{
    QTextStream(stderr) << "switchboard simulate: " << message << Qt::endl
                        << "Try 'switchboard simulate --help'." << Qt::endl;
    return kExitBadConfig;
}

// A shell word in single quotes (the values printed are URLs and base64, but a shell must never misread one).
QString quoted(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

} // namespace

bool isSimulateCommand(const QStringList &arguments)
{
    return arguments.size() > 1 && arguments[1] == QLatin1String("simulate");
}

int runSimulateCommand(int argc, char **argv, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port of the REST API (0 = any free port; the one chosen is printed). "
                                                 "Default 0."),
                                  QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Listen address. Default 127.0.0.1."),
                                  QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption webhookUrl(QStringLiteral("webhook-url"),
                                        QStringLiteral("Where webhooks go (the application's webhook endpoint). "
                                                       "Without it, nothing is delivered and no incoming call can be "
                                                       "placed (a dial's own webhook_url still works). Given several "
                                                       "times (instances on one database), webhooks are spread over "
                                                       "them round robin; a failed attempt is retried at the next."),
                                        QStringLiteral("url"));
    const QCommandLineOption incomingEvery(QStringLiteral("incoming-every"),
                                           QStringLiteral("A customer calls in every this many seconds (needs "
                                                          "--webhook-url). Default 0 = never."),
                                           QStringLiteral("seconds"), QStringLiteral("0"));
    const QCommandLineOption giveUpAfter(QStringLiteral("give-up-after"),
                                         QStringLiteral("An incoming caller hangs up after this many seconds if "
                                                        "nobody answered. Default 0 = waits."),
                                         QStringLiteral("seconds"), QStringLiteral("0"));
    const QCommandLineOption printDeliveries(QStringLiteral("print-deliveries"),
                                             QStringLiteral("After the settings, print one line on stdout for every "
                                                            "webhook a receiver acknowledged (2xx): 'delivered ID "
                                                            "TYPE'. A test's record of what must have been stored."));
    parser.addOptions({help, port, host, webhookUrl, incomingEvery, giveUpAfter, printDeliveries});

    // arguments[1] is "simulate": the parser sees the program name and what follows the subcommand.
    QStringList ours{arguments.value(0)};
    ours << arguments.mid(2);
    if (!parser.parse(ours))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        // No application object exists yet, so the parser cannot name the program: its usage line is ours.
        QString text = parser.helpText();
        text.replace(0, text.indexOf(QLatin1Char('\n')), QStringLiteral("Usage: switchboard simulate [options]"));
        QTextStream(stdout) << text;
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));

    SimulatorOptions options;
    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535)
        return usageError(QStringLiteral("--port: '%1' is not a port (0-65535)").arg(parser.value(port)));
    options.port = quint16(portValue);
    if (!options.listenAddress.setAddress(parser.value(host).trimmed()))
        return usageError(QStringLiteral("--host: '%1' is not an IP address").arg(parser.value(host)));
    for (const QString &value : parser.values(webhookUrl)) {
        const QUrl url(value.trimmed(), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return usageError(QStringLiteral("--webhook-url: '%1' is not an http(s) URL").arg(value));
        if (options.webhookUrl.isEmpty())
            options.webhookUrl = url;
        else
            options.moreWebhookUrls.append(url);
    }
    const std::optional<int> every = milliseconds(parser.value(incomingEvery));
    if (!every)
        return usageError(
            QStringLiteral("--incoming-every: '%1' is not a number of seconds").arg(parser.value(incomingEvery)));
    const std::optional<int> giveUp = milliseconds(parser.value(giveUpAfter));
    if (!giveUp)
        return usageError(
            QStringLiteral("--give-up-after: '%1' is not a number of seconds").arg(parser.value(giveUpAfter)));
    if (*every > 0 && !options.webhookUrl.isValid())
        return usageError(QStringLiteral("--incoming-every needs --webhook-url (nobody would hear of the calls)"));
    options.incomingEveryMs = *every;
    options.incomingGiveUpAfterMs = *giveUp;

    QCoreApplication app(argc, argv);
    sb::TelnyxSimulator simulator(options);
    QString error;
    if (!simulator.start(&error)) {
        QTextStream(stderr) << "switchboard simulate: " << error << Qt::endl;
        return kExitFailure;
    }

    // stdout is for the settings only (a pipe or a file may read it); the simulator's own log goes to stderr.
    const QString base = simulator.apiBase().toString();
    QTextStream out(stdout);
    out << "TELNYX_API_BASE=" << quoted(base) << '\n'
        << "TELNYX_API_KEY=" << quoted(simulator.apiKey()) << '\n'
        << "TELNYX_APPLICATION_ID=" << quoted(simulator.applicationId()) << '\n'
        << "TELNYX_PUBLIC_KEY=" << quoted(simulator.publicKeyBase64()) << '\n'
        << "# place an incoming call (all fields optional):\n"
        << "# curl -X POST -H 'Authorization: Bearer " << simulator.apiKey()
        << "' -H 'Content-Type: application/json' -d '{\"from\":\"+15551230000\",\"caller_id_name\":\"Pat Doe\"}' "
        << base << "/simulator/incoming\n";
    out.flush();
    std::fflush(stdout);
    if (parser.isSet(printDeliveries)) {
        QObject::connect(&simulator, &sb::TelnyxSimulator::webhookDelivered, &app,
                         [](const QString &type, const QString &id, int, int) {
                             std::printf("delivered %s %s\n", qPrintable(id), qPrintable(type));
                             std::fflush(stdout);
                         });
    }

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [](int signalNumber) {
        std::fprintf(stderr, "switchboard simulate: signal %d, stopping\n", signalNumber);
        QCoreApplication::quit();
    });
    return app.exec();
}
