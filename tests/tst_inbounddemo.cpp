// SPDX-License-Identifier: MIT
// Inbound calls end to end (CONTRACT §9): the real server against the real Telnyx simulator. A customer calls in,
// the one agent (the admin token of a one-desk server) is offered the call on /call-events, answers it through the
// API, speech flows both ways (the customer's clip to /frontend-audio, the agent's to the far end), and the call ends
// in the history. Also `switchboard simulate`, the simulator alone as
// a process: its printed settings, POST /v2/simulator/incoming, and the signed call.initiated it delivers.
#include "AudioAnalysis.h"
#include "ServerHarness.h"
#include "SimulatorTestSupport.h"
#include "media/G711.h"
#include "simulator/CustomerClip.h"
#include "simulator/TelnyxSimulator.h"
#include "streaming/MediaGateway.h"

// Qt
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace sb;
using namespace sb::test;

namespace {

QJsonObject parse(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

// Normalized cross-correlation of mu-law `ref`, at its best position in mu-law `within` (AudioAnalysis::bestMatch).
double correlationOf(const QByteArray &ref, const QByteArray &within)
{
    const auto decode = [](const QByteArray &pcmu) {
        std::vector<int16_t> linear(std::size_t(pcmu.size()));
        decodeMuLaw({reinterpret_cast<const uint8_t *>(pcmu.constData()), std::size_t(pcmu.size())}, linear.data());
        return linear;
    };
    return bestMatch(decode(ref), decode(within)).correlation;
}

QStringList typesFor(const QList<QByteArray> &frames, const QString &callControlId)
{
    QStringList types;
    for (const QByteArray &text : frames) {
        const QJsonObject event = parse(text);
        if (event.value(QLatin1String("payload")).toObject().value(QLatin1String("call_control_id")).toString() ==
            callControlId)
            types.append(event.value(QLatin1String("type")).toString());
    }
    return types;
}

} // namespace

class tst_InboundDemo : public QObject {
    Q_OBJECT
private slots:
    void customerCallsAndTheAgentAnswers();
    void simulateSubcommand();
    void simulateHelp();
};

void tst_InboundDemo::customerCallsAndTheAgentAnswers()
{
    SimulatorOptions options;
    options.webhookRetryDelaysMs = {50, 100, 200};
    auto sim = startSimulator(options);
    QVERIFY(sim);
    auto h = std::make_unique<ServerHarness>();
    QVERIFY(h->start([&sim](Config &c) {
        c.apiBase = sim->apiBase();
        c.apiKey = sim->apiKey();
        c.applicationId = sim->applicationId();
        c.publicKey = sim->publicKeyBase64();
    }));
    sim->setWebhookUrl(h->url(QStringLiteral("/api/calls/telnyx/webhook")));

    // The one agent's desk: /call-events open, available.
    QList<QByteArray> events;
    auto desk = h->openWebSocket(QStringLiteral("/call-events?token=") + h->token(), &events);
    QVERIFY(desk);
    QCOMPARE(h->postJson(QStringLiteral("/api/me/presence"), {{QStringLiteral("status"), "available"}}).status, 200);

    const QString id = sim->placeIncomingCall(QStringLiteral("+18124040851"), QStringLiteral("+13057864498"),
                                              QStringLiteral("Pat Doe"), 0);
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(typesFor(events, id).contains(QLatin1String("call.offered")), 5000);
    for (const QByteArray &text : std::as_const(events)) {
        const QJsonObject event = parse(text);
        if (event.value(QLatin1String("type")).toString() != QLatin1String("call.offered"))
            continue;
        const QJsonObject payload = event.value(QLatin1String("payload")).toObject();
        QCOMPARE(payload.value(QLatin1String("from")).toString(), QStringLiteral("+18124040851"));
        QCOMPARE(payload.value(QLatin1String("caller_id_name")).toString(), QStringLiteral("Pat Doe"));
    }
    QCOMPARE(sim->call(id)->state, QStringLiteral("ringing"));

    // The agent answers: Switchboard answers Telnyx with its stream; the simulator opens it.
    QList<QByteArray> heard;
    auto listener = h->openWebSocket(QStringLiteral("/frontend-audio?tracks=both&token=") + h->token(), &heard);
    QVERIFY(listener);
    QSignalSpy streaming(sim.get(), &TelnyxSimulator::streamingStarted);
    const HttpResult answered = h->postJson(QStringLiteral("/api/calls/telnyx/%1/answer").arg(id), {});
    QCOMPARE(answered.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(sim->call(id)->state, QStringLiteral("answered"), 5000);
    const QJsonObject answerBody = sim->call(id)->lastAnswerBody;
    QCOMPARE(answerBody.value(QLatin1String("stream_bidirectional_mode")).toString(), QStringLiteral("rtp"));
    QVERIFY(!answerBody.contains(QLatin1String("stream_auth_token")));
    QVERIFY(answerBody.value(QLatin1String("stream_url")).toString().contains(QLatin1String("/audio-stream?token=")));
    QTRY_VERIFY_WITH_TIMEOUT(!streaming.isEmpty(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(h->server()->media()->streamingCalls().contains(id), 5000);
    QTRY_COMPARE(sim->call(id)->noiseSuppression, QStringLiteral("both")); // suppression_start as for a dial

    // Both ways, as speech: the customer's clip reaches /frontend-audio as it was sent, and 2 s of speech sent as the
    // agent's microphone reach the far end, frame by frame.
    const CustomerClip clip = CustomerClip::bundled();
    const QByteArray speech = clip.pcmu().left(100 * CustomerClip::kFrameBytes);
    QSignalSpy agentAudio(sim.get(), &TelnyxSimulator::agentAudio);
    for (qsizetype at = 0; at < speech.size(); at += CustomerClip::kFrameBytes)
        QVERIFY(h->server()->media()->sendMicrophone(id, speech.mid(at, CustomerClip::kFrameBytes)));
    QTRY_COMPARE_WITH_TIMEOUT(agentAudio.size(), 100, 5000);
    QByteArray farEnd;
    for (const QList<QVariant> &frame : std::as_const(agentAudio)) {
        QCOMPARE(frame.at(0).toString(), id);
        farEnd += frame.at(1).toByteArray();
    }
    QCOMPARE(farEnd, speech); // every byte, in order
    QVERIFY(correlationOf(farEnd, speech) >= 0.999);
    const auto customerAudio = [&heard] {
        QByteArray pcmu;
        for (const QByteArray &text : std::as_const(heard)) {
            const QJsonObject frame = parse(text);
            const QJsonObject media = frame.value(QLatin1String("media")).toObject();
            if (frame.value(QLatin1String("event")).toString() == QLatin1String("media") &&
                media.value(QLatin1String("track")).toString() == QLatin1String("inbound"))
                pcmu += QByteArray::fromBase64(media.value(QLatin1String("payload")).toString().toLatin1());
        }
        return pcmu;
    };
    QTRY_VERIFY_WITH_TIMEOUT(customerAudio().size() >= 75 * CustomerClip::kFrameBytes, 5000); // 1.5 s of the customer
    // What was heard is a stretch of the clip (the clip loops: search it twice over).
    const QByteArray heardSpeech = customerAudio().left(75 * CustomerClip::kFrameBytes);
    const double customerCorrelation = correlationOf(heardSpeech, clip.pcmu() + clip.pcmu());
    qInfo("customer -> /frontend-audio: correlation %.4f over %lld ms", customerCorrelation,
          static_cast<long long>(heardSpeech.size() / 8));
    QVERIFY(customerCorrelation >= 0.99);

    // The agent hangs up; the call is in the history, inbound and answered by the admin.
    const HttpResult end =
        h->postJson(QStringLiteral("/api/calls/telnyx/end"), {{QStringLiteral("call_control_id"), id}});
    QCOMPARE(end.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(sim->call(id)->state, QStringLiteral("ended"), 5000);
    QCOMPARE(sim->call(id)->hangupCause, QStringLiteral("normal_clearing"));
    QTRY_COMPARE(sim->pendingWebhooks(), 0);
    QTRY_VERIFY(typesFor(events, id).contains(QLatin1String("call.hangup")));
    const QJsonObject record = h->get(QStringLiteral("/api/calls/") + id).json.value(QLatin1String("data")).toObject();
    QCOMPARE(record.value(QLatin1String("status")).toString(), QStringLiteral("ended"));
    QCOMPARE(record.value(QLatin1String("direction")).toString(), QStringLiteral("inbound"));
    QCOMPARE(record.value(QLatin1String("from")).toString(), QStringLiteral("+18124040851"));
    QVERIFY(record.value(QLatin1String("answeredAt")).isString());
    QVERIFY(!record.value(QLatin1String("missed")).toBool());
    bool listed = false;
    for (const QJsonValue call : h->get(QStringLiteral("/api/calls")).json.value(QLatin1String("data")).toArray())
        listed = listed || call.toObject().value(QLatin1String("callControlId")).toString() == id;
    QVERIFY(listed);
}

void tst_InboundDemo::simulateSubcommand()
{
    WebhookSink sink;
    QProcess process;
    process.setProgram(QStringLiteral(SWITCHBOARD_BINARY));
    process.setArguments({QStringLiteral("simulate"), QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--webhook-url"), sink.url().toString()});
    process.start();
    QVERIFY(process.waitForStarted(5000));

    // The printed settings, as shell assignments: NAME='value'.
    QHash<QString, QString> settings;
    QString curlLine;
    QByteArray pending;
    const auto readLines = [&] {
        pending += process.readAllStandardOutput();
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(pending.left(newline));
            pending.remove(0, newline + 1);
            if (line.startsWith(QLatin1Char('#'))) {
                if (line.contains(QLatin1String("curl ")))
                    curlLine = line;
                continue;
            }
            const qsizetype eq = line.indexOf(QLatin1Char('='));
            if (eq > 0) {
                QString value = line.mid(eq + 1);
                if (value.startsWith(QLatin1Char('\'')) && value.endsWith(QLatin1Char('\'')))
                    value = value.mid(1, value.size() - 2);
                settings.insert(line.left(eq), value);
            }
        }
        return !curlLine.isEmpty();
    };
    QTRY_VERIFY_WITH_TIMEOUT(readLines(), 10000);
    for (const char *name : {"TELNYX_API_BASE", "TELNYX_API_KEY", "TELNYX_APPLICATION_ID", "TELNYX_PUBLIC_KEY"})
        QVERIFY2(!settings.value(QLatin1String(name)).isEmpty(), name);
    const QUrl base(settings.value(QStringLiteral("TELNYX_API_BASE")));
    QCOMPARE(base.scheme(), QStringLiteral("http"));
    QVERIFY(base.port() > 0);
    QCOMPARE(base.path(), QStringLiteral("/v2"));
    QCOMPARE(QByteArray::fromBase64(settings.value(QStringLiteral("TELNYX_PUBLIC_KEY")).toLatin1()).size(), 32);
    QVERIFY(curlLine.contains(base.toString() + QStringLiteral("/simulator/incoming")));

    // A customer calls in, through the REST route; the signed call.initiated reaches the webhook receiver.
    QNetworkAccessManager network;
    const Reply placed = request(network, "POST", QUrl(base.toString() + QStringLiteral("/simulator/incoming")),
                                 R"({"from":"+15551230000","caller_id_name":"Pat Doe"})",
                                 settings.value(QStringLiteral("TELNYX_API_KEY")));
    QCOMPARE(placed.status, 200);
    const QString id = placed.data().value(QLatin1String("call_control_id")).toString();
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!sink.ofType(QStringLiteral("call.initiated")).isEmpty(), 5000);
    const Delivery initiated = sink.ofType(QStringLiteral("call.initiated")).first();
    QVERIFY(signatureValid(initiated, settings.value(QStringLiteral("TELNYX_PUBLIC_KEY"))));
    QCOMPARE(initiated.payload().value(QLatin1String("call_control_id")).toString(), id);
    QCOMPARE(initiated.payload().value(QLatin1String("direction")).toString(), QStringLiteral("incoming"));
    QCOMPARE(initiated.payload().value(QLatin1String("connection_id")).toString(),
             settings.value(QStringLiteral("TELNYX_APPLICATION_ID")));
    QCOMPARE(initiated.payload().value(QLatin1String("caller_id_name")).toString(), QStringLiteral("Pat Doe"));

    // SIGTERM stops it cleanly.
    process.terminate();
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

void tst_InboundDemo::simulateHelp()
{
    QProcess process;
    process.start(QStringLiteral(SWITCHBOARD_BINARY), {QStringLiteral("simulate"), QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromUtf8(process.readAllStandardOutput());
    for (const char *text : {"--port", "--webhook-url", "--incoming-every", "/v2/simulator/incoming"})
        QVERIFY2(help.contains(QLatin1String(text)), text);

    QProcess bad;
    bad.start(QStringLiteral(SWITCHBOARD_BINARY), {QStringLiteral("simulate"), QStringLiteral("--incoming-every"),
                                                   QStringLiteral("5")}); // no webhook URL to announce them to
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(bad.readAllStandardError().contains("--webhook-url"));
}

QTEST_GUILESS_MAIN(tst_InboundDemo)
#include "tst_inbounddemo.moc"
