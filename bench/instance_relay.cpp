// SPDX-License-Identifier: MIT
// instance_relay: several real `switchboard --headless` instances on one PostgreSQL (CONTRACT §8), signed Telnyx
// webhooks spread over them round robin at a steady rate, and one /call-events client on instance B. Prints how long
// an event accepted by another instance takes to reach that client: from the 200 on the accepting instance to the
// frame on B's socket (PostgreSQL NOTIFY in between), against B's own webhooks as the baseline. A benchmark that
// prints figures, not a test.
//
//   PostgreSQL (--database, default $SWITCHBOARD_TEST_POSTGRESQL: run it through tests/postgresql/with-postgresql.sh)
//   -> N instances -> /call-events on instance 1 -> webhooks i = 0.. sent to instance i % N at --rate per second, from
//   4 keep-alive connections per instance -> every event's 200 time and arrival time -> figures -> checks -> SIGTERM.

#include "bench_net.h"
#include "bench_signing.h"
#include "bench_support.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

#include <sodium.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using namespace sb::bench;

namespace {

constexpr int kConnectionsPerInstance = 4;

std::string uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

struct Webhook {
    std::string id;      // data.id: how the event is recognised on /call-events
    std::string request; // the whole signed HTTP request
};

// Calls in waves of 100: all start, all are answered, all hang up, so each event follows its call's previous one by
// 100 webhooks (0.1 s at 1,000/s), whichever instance stored that one.
std::vector<Webhook> buildWebhooks(int total, const WebhookKeys &keys)
{
    static const char *const kTypes[] = {"call.initiated", "call.answered", "call.hangup"};
    constexpr int kWave = 100;
    const std::string timestamp = std::to_string(QDateTime::currentSecsSinceEpoch());
    const std::string now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
    std::vector<Webhook> out;
    out.reserve(size_t(total));
    for (int wave = 0; int(out.size()) < total; wave += kWave) {
        std::vector<std::string> ids;
        ids.reserve(kWave);
        for (int i = 0; i < kWave; ++i)
            ids.push_back("v3:relay-" + uuid());
        for (int kind = 0; kind < 3; ++kind) {
            for (int i = 0; i < kWave && int(out.size()) < total; ++i) {
                Webhook w;
                w.id = uuid();
                char number[16];
                std::snprintf(number, sizeof number, "+1555%07d", (wave + i) % 10'000'000);
                std::string body = R"({"data":{"record_type":"event","event_type":")";
                body += kTypes[kind];
                body += R"(","id":")" + w.id + R"(","occurred_at":")" + now + R"(","payload":{"call_control_id":")" +
                        ids[size_t(i)] + R"(","call_leg_id":")" + uuid() + R"(","call_session_id":")" + uuid() +
                        R"(","connection_id":"2811212257810187875","from":"+15557654321","to":")" + number + '"';
                if (kind == 0)
                    body += R"(,"direction":"outgoing","state":"bridging")";
                else if (kind == 1)
                    body += R"(,"state":"answered")";
                else
                    body += R"(,"state":"hangup","hangup_cause":"normal_clearing","hangup_source":"caller")";
                body += R"(}},"meta":{"attempt":1}})";
                w.request = "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            "application/json\r\nContent-Length: ";
                w.request += std::to_string(body.size());
                w.request += "\r\ntelnyx-timestamp: ";
                w.request += timestamp;
                w.request += "\r\ntelnyx-signature-ed25519: ";
                w.request += keys.sign(timestamp, body);
                w.request += "\r\n\r\n";
                w.request += body;
                out.push_back(std::move(w));
            }
        }
    }
    return out;
}

// One response on a blocking keep-alive connection; its status, 0 when the connection failed.
int readResponse(int fd, std::string &in)
{
    char buffer[4096];
    for (;;) {
        Response r;
        const int parsed = parseResponse(in, &r);
        if (parsed == 1) {
            in.erase(0, r.size);
            return r.status;
        }
        if (parsed < 0)
            return 0;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            return 0;
        in.append(buffer, size_t(n));
    }
}

// The /call-events client: reads server frames until told to stop, and notes when each webhook's event arrived.
class EventsReader {
public:
    EventsReader(int fd, std::string leftover, const std::unordered_map<std::string, size_t> &index,
                 std::vector<qint64> &arrivedNs)
        : m_fd(fd)
        , m_in(std::move(leftover))
        , m_index(index)
        , m_arrivedNs(arrivedNs)
    {
    }
    void run(const std::atomic<bool> &stop)
    {
        char buffer[65536];
        while (!stop.load()) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                return;
            const qint64 now = monotonicNs();
            m_in.append(buffer, size_t(n));
            drain(now);
        }
    }
    int seen() const { return m_seen; }

private:
    void drain(qint64 now)
    {
        for (;;) {
            if (m_in.size() < 2)
                return;
            const auto *b = reinterpret_cast<const unsigned char *>(m_in.data());
            size_t header = 2;
            size_t length = b[1] & 0x7F;
            if (length == 126) {
                if (m_in.size() < 4)
                    return;
                length = size_t(b[2]) << 8 | b[3];
                header = 4;
            } else if (length == 127) {
                if (m_in.size() < 10)
                    return;
                length = 0;
                for (int i = 2; i < 10; ++i)
                    length = length << 8 | b[i];
                header = 10;
            }
            if (m_in.size() < header + length)
                return;
            if ((b[0] & 0x0F) == 1) {
                const QJsonObject event =
                    QJsonDocument::fromJson(QByteArray(m_in.data() + header, qsizetype(length))).object();
                const auto at = m_index.find(event.value(QLatin1String("id")).toString().toStdString());
                if (at != m_index.end() && m_arrivedNs[at->second] == 0) {
                    m_arrivedNs[at->second] = now;
                    ++m_seen;
                }
            }
            m_in.erase(0, header + length);
        }
    }
    int m_fd;
    std::string m_in;
    const std::unordered_map<std::string, size_t> &m_index;
    std::vector<qint64> &m_arrivedNs;
    int m_seen = 0;
};

void printLatency(const char *what, std::vector<qint64> samples)
{
    std::sort(samples.begin(), samples.end());
    std::printf("  %-28s n=%zu  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n", what, samples.size(),
                percentileMs(samples, 50), percentileMs(samples, 95), percentileMs(samples, 99),
                samples.empty() ? 0.0 : double(samples.back()) / 1e6);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    beginProgram(parser, "instance_relay",
                 QStringLiteral("Signed webhooks spread over several Switchboard instances on one PostgreSQL; prints "
                                "the time from the 200 on one instance to the event on another's /call-events."));
    const QCommandLineOption binaryOpt = binaryOption(QStringLiteral(SWITCHBOARD_BINARY));
    const QCommandLineOption workdirOpt = workdirOption();
    const QCommandLineOption databaseOpt(QStringLiteral("database"),
                                         QStringLiteral("postgresql:// URL (default $SWITCHBOARD_TEST_POSTGRESQL)."),
                                         QStringLiteral("url"), qEnvironmentVariable("SWITCHBOARD_TEST_POSTGRESQL"));
    const QCommandLineOption instancesOpt(QStringLiteral("instances"), QStringLiteral("Instances (default 3)."),
                                          QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption rateOpt(QStringLiteral("rate"), QStringLiteral("Webhooks per second (default 1000)."),
                                     QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("Seconds of webhooks (default 10)."),
                                        QStringLiteral("n"), QStringLiteral("10"));
    parser.addOptions({binaryOpt, workdirOpt, databaseOpt, instancesOpt, rateOpt, secondsOpt});
    parser.process(app);
    const QString database = parser.value(databaseOpt);
    const int instances = parser.value(instancesOpt).toInt();
    const int rate = parser.value(rateOpt).toInt();
    const int total = rate * parser.value(secondsOpt).toInt();
    if (!database.startsWith(QLatin1String("postgresql://")) || instances < 2 || rate < 1 || total < instances) {
        std::fprintf(stderr,
                     "instance_relay: needs --database postgresql://… (or tests/postgresql/with-postgresql.sh), "
                     "--instances 2 or more, --rate and --seconds 1 or more\n");
        return 2;
    }
    if (sodium_init() < 0)
        return 1;
    const std::unique_ptr<QTemporaryDir> dir = makeTemporaryFolder("instance_relay", parser.value(workdirOpt), false);
    if (!dir)
        return 1;

    const WebhookKeys keys;
    const QString publicKeyBase64 = keys.publicKeyBase64();
    const std::vector<Webhook> webhooks = buildWebhooks(total, keys);
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < webhooks.size(); ++i)
        index.emplace(webhooks[i].id, i);

    std::vector<std::unique_ptr<ServerProcess>> servers;
    servers.reserve(size_t(instances));
    for (int i = 0; i < instances; ++i) {
        const QString folder = dir->path() + QStringLiteral("/instance-%1").arg(i);
        QDir().mkpath(folder);
        ServerLaunch launch;
        launch.binary = parser.value(binaryOpt);
        launch.dir = folder;
        launch.args =
            QStringList{QStringLiteral("--public-key"), publicKeyBase64, QStringLiteral("--database"), database};
        auto server = std::make_unique<ServerProcess>();
        QString error;
        if (!server->start(launch, &error)) {
            std::fprintf(stderr, "instance_relay: instance %d: %s\n", i, qPrintable(error));
            return 1;
        }
        printServerLine("instance_relay", launch.binary, *server, QStringLiteral(" (instance %1)").arg(i), folder);
        servers.push_back(std::move(server));
    }
    const ServerProcess &b = *servers[1];
    const QByteArray tokenB = b.configApiToken();
    // Every instance sees the others before the clock starts.
    const Reply listed = httpRequest(b.port(), "GET", "/api/instances", tokenB);
    const int live = int(QJsonDocument::fromJson(listed.body).object().value(QLatin1String("data")).toArray().size());

    std::string leftover;
    QString error;
    const int eventsFd =
        openWebSocket(b.port(), "/call-events", "Authorization: Bearer " + tokenB + "\r\n", 0, &leftover, &error);
    if (eventsFd < 0) {
        std::fprintf(stderr, "instance_relay: /call-events on instance 1: %s\n", qPrintable(error));
        return 1;
    }
    std::vector<qint64> answeredNs(webhooks.size(), 0);
    std::vector<qint64> arrivedNs(webhooks.size(), 0);
    std::vector<int> statuses(webhooks.size(), 0);
    std::atomic<bool> stopReading{false};
    EventsReader reader(eventsFd, leftover, index, arrivedNs);
    std::thread readerThread([&] { reader.run(stopReading); });

    std::vector<double> cpuBefore;
    cpuBefore.reserve(servers.size());
    for (const auto &s : servers)
        cpuBefore.push_back(s->cpuSeconds().value_or(0));
    const qint64 periodNs = 1'000'000'000LL / rate;
    const qint64 startNs = monotonicNs() + 100'000'000;
    std::vector<std::atomic<size_t>> next(static_cast<size_t>(instances));
    for (auto &n : next)
        n = 0;
    std::vector<std::thread> senders;
    for (int i = 0; i < instances; ++i) {
        for (int c = 0; c < kConnectionsPerInstance; ++c) {
            senders.emplace_back([&, i] {
                const int fd = connectTo(servers[size_t(i)]->port());
                std::string in;
                for (;;) {
                    const size_t j = next[size_t(i)]++ * size_t(instances) + size_t(i);
                    if (j >= webhooks.size() || fd < 0)
                        break;
                    const qint64 due = startNs + qint64(j) * periodNs;
                    while (monotonicNs() < due)
                        std::this_thread::sleep_for(std::chrono::microseconds(100));
                    if (!sendAllBlocking(fd, webhooks[j].request))
                        break;
                    statuses[j] = readResponse(fd, in);
                    answeredNs[j] = monotonicNs();
                }
                if (fd >= 0)
                    ::close(fd);
            });
        }
    }
    for (std::thread &t : senders)
        t.join();
    const qint64 sentNs = monotonicNs();
    // Stragglers get 5 s.
    while (reader.seen() < int(webhooks.size()) && monotonicNs() - sentNs < 5'000'000'000LL)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stopReading = true;
    readerThread.join();
    ::close(eventsFd);

    std::vector<qint64> elsewhere;
    std::vector<qint64> local;
    int ok200 = 0;
    int missing = 0;
    for (size_t j = 0; j < webhooks.size(); ++j) {
        ok200 += statuses[j] == 200;
        if (statuses[j] != 200)
            continue;
        if (arrivedNs[j] == 0) {
            ++missing;
            continue;
        }
        // An event may reach B before the accepting instance's 200 has been read back: that counts as 0.
        (j % size_t(instances) == 1 ? local : elsewhere).push_back(std::max<qint64>(0, arrivedNs[j] - answeredNs[j]));
    }
    const double wall = double(sentNs - startNs) / 1e9;
    std::printf("webhooks            %zu over %d instances, round robin, %.0f/s offered, %.0f/s done\n",
                webhooks.size(), instances, double(rate), double(webhooks.size()) / wall);
    std::printf("200 -> /call-events on instance 1\n");
    printLatency("accepted by another instance", elsewhere);
    printLatency("accepted by instance 1", local);
    for (int i = 0; i < instances; ++i) {
        const double cpu = servers[size_t(i)]->cpuSeconds().value_or(0) - cpuBefore[size_t(i)];
        std::printf("  instance %d CPU      %.1f %% of a core, %.0f µs per webhook in the system\n", i,
                    100 * cpu / wall, 1e6 * cpu / double(webhooks.size()));
    }
    std::printf("checks\n");
    bool allOk =
        printCheck(live == instances, QStringLiteral("GET /api/instances lists %1 (%2)").arg(instances).arg(live));
    allOk &= printCheck(ok200 == int(webhooks.size()),
                        QStringLiteral("every webhook answered 200 (%1 of %2)").arg(ok200).arg(webhooks.size()));
    allOk &= printCheck(missing == 0, QStringLiteral("every accepted event reached instance 1's /call-events (%1 "
                                                     "missing)")
                                          .arg(missing));
    const int calls = (total + 2) / 3;
    for (int i = 0; i < instances; ++i) {
        const ServerProcess &s = *servers[size_t(i)];
        const Reply list = httpRequest(s.port(), "GET", "/api/calls?limit=1", s.configApiToken());
        const int seen = QJsonDocument::fromJson(list.body).object().value(QLatin1String("total")).toInt();
        allOk &=
            printCheck(seen >= calls - 100 && seen <= calls + 100,
                       QStringLiteral("instance %1: GET /api/calls total %2 (about %3)").arg(i).arg(seen).arg(calls));
    }
    for (auto &s : servers)
        allOk &= stopAndPrint(*s) == 0;
    return allOk ? 0 : 1;
}
