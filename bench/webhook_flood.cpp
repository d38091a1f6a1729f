// SPDX-License-Identifier: MIT
// webhook_flood: floods a real `switchboard --headless` with signed Telnyx webhooks and prints what it
// costs. A benchmark that prints figures, not a test (CTest does not run it).
//
//   key pair -> server child process -> K requests signed and serialised up front -> C keep-alive
//   connections driven by one epoll loop, one request in flight each -> figures -> check /metrics and
//   /api/calls -> optional duplicate resend -> SIGTERM.
//
// The generator does no JSON, signing or formatting inside the timed part: it only copies ready-made
// bytes into sockets and reads back status line, Content-Length and body, so its own CPU per webhook
// (printed) stays a small fraction of the server's.

#include "bench_signing.h"
#include "bench_support.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

#include <sodium.h>

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

using namespace sb::bench;

namespace {

struct Options {
    QString binary;
    QString workdir; // parent of the temporary folder; its disk's fsync speed matters (synchronous=FULL)
    QString apiToken;
    int events = 30000;
    int concurrency = 20;
    int duplicates = 0;
    bool keep = false;
};

// ---------------------------------------------------------------------------------------------
// Signed requests, built before the clock starts.
// ---------------------------------------------------------------------------------------------

struct Requests {
    std::string bytes;                            // every request back to back
    std::vector<std::pair<size_t, size_t>> spans; // offset and length of each request in `bytes`
};

std::string isoMicros(qint64 microsSinceEpoch)
{
    const time_t seconds = time_t(microsSinceEpoch / 1'000'000);
    tm utc{};
    gmtime_r(&seconds, &utc);
    char text[96]; // room for any int the compiler can imagine, so -Wformat-truncation stays quiet
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, int(microsSinceEpoch % 1'000'000));
    return text;
}

std::string uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

struct Call {
    std::string controlId, legId, sessionId, from, to;
    qint64 startMicros = 0;
};

// One envelope as in docs/telnyx.md §2.1; `kind` 0 = call.initiated, 1 = call.answered, 2 = call.hangup.
std::string envelope(const Call &call, int kind, const std::string &deliveredTo)
{
    static const char *const kTypes[] = {"call.initiated", "call.answered", "call.hangup"};
    // A call rings 3 s and lasts 60 s once answered.
    const qint64 occurred = call.startMicros + (kind == 0 ? 0 : kind == 1 ? 3'000'000 : 63'000'000);
    const std::string start = isoMicros(call.startMicros);
    std::string body;
    body.reserve(1200);
    body += R"({"data":{"record_type":"event","event_type":")";
    body += kTypes[kind];
    body += R"(","id":")" + uuid() + R"(","occurred_at":")" + isoMicros(occurred) + R"(","payload":{)";
    body += R"("call_control_id":")" + call.controlId + R"(","call_leg_id":")" + call.legId +
            R"(","call_session_id":")" + call.sessionId +
            R"(","connection_id":"2811212257810187875","client_state":"eyJhZ2VudElkIjoiYWdlbnQtNyJ9")";
    body += R"(,"from":")" + call.from + R"(","to":")" + call.to + R"(","start_time":")" + start + '"';
    if (kind == 0) {
        body += R"(,"direction":"outgoing","state":"bridging","caller_id_name":"Bench","custom_headers":[])";
    } else if (kind == 1) {
        body += R"(,"state":"answered","custom_headers":[],"tags":[])";
    } else {
        body += R"(,"state":"hangup","hangup_cause":"normal_clearing","hangup_source":"caller",)"
                R"("sip_hangup_cause":"200","end_time":")" +
                isoMicros(occurred) +
                R"(","call_quality_stats":{"inbound":{"mos":"4.45","jitter_max_variance":"0.8",)"
                R"("jitter_packet_count":"0","packet_count":"3000","skip_packet_count":"0"},)"
                R"("outbound":{"packet_count":"3000","skip_packet_count":"0"}})";
    }
    body += R"(}},"meta":{"attempt":1,"delivered_to":")" + deliveredTo + R"("}})";
    return body;
}

Requests buildRequests(int calls, quint16 port, const unsigned char *secretKey)
{
    const std::string host = "127.0.0.1:" + std::to_string(port);
    const std::string deliveredTo = "http://" + host + "/api/calls/telnyx/webhook";
    const std::string timestamp = std::to_string(QDateTime::currentSecsSinceEpoch());
    const qint64 nowMicros = QDateTime::currentMSecsSinceEpoch() * 1000;

    std::vector<Call> all(static_cast<size_t>(calls));
    for (int i = 0; i < calls; ++i) {
        Call &c = all[size_t(i)];
        unsigned char random[40];
        randombytes_buf(random, sizeof random);
        c.controlId = "v3:" + base64(random, sizeof random, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        c.legId = uuid();
        c.sessionId = uuid();
        char number[16];
        std::snprintf(number, sizeof number, "+1555%07d", i % 10'000'000);
        c.to = number;
        c.from = "+15557654321";
        c.startMicros = nowMicros - 120'000'000 + i;
    }

    // Calls progress in waves, as on a busy account: the 500 calls of a wave all start, then all are
    // answered, then all hang up. Each event reaches the server after the previous one of its call
    // has been stored, except at the few places where the waves' edges meet.
    constexpr int kWave = 500;
    Requests out;
    out.bytes.reserve(size_t(calls) * 3 * 1700);
    for (int wave = 0; wave < calls; wave += kWave) {
        for (int kind = 0; kind < 3; ++kind) {
            for (int i = wave; i < std::min(calls, wave + kWave); ++i) {
                const std::string body = envelope(all[size_t(i)], kind, deliveredTo);
                std::string message = timestamp;
                message += '|';
                message += body;
                unsigned char signature[crypto_sign_BYTES];
                crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char *>(message.data()),
                                     message.size(), secretKey);
                const size_t offset = out.bytes.size();
                out.bytes += "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: ";
                out.bytes += host;
                out.bytes += "\r\nUser-Agent: telnyx-webhooks\r\nAccept: */*\r\nContent-Type: application/json\r\n"
                             "Content-Length: ";
                out.bytes += std::to_string(body.size());
                out.bytes += "\r\ntelnyx-timestamp: ";
                out.bytes += timestamp;
                out.bytes += "\r\ntelnyx-signature-ed25519: ";
                out.bytes += base64(signature, sizeof signature, sodium_base64_VARIANT_ORIGINAL);
                out.bytes += "\r\nConnection: keep-alive\r\n\r\n";
                out.bytes += body;
                out.spans.emplace_back(offset, out.bytes.size() - offset);
            }
        }
    }
    return out;
}

// One blocking request on its own connection, for the checks before and after the flood.
Reply httpGet(quint16 port, const QByteArray &target, const QByteArray &token)
{
    return httpRequest(port, "GET", target, token, {}, 10);
}

// ---------------------------------------------------------------------------------------------
// The flood: C connections, one request in flight on each, one epoll loop.
// ---------------------------------------------------------------------------------------------

struct PhaseResult {
    std::vector<qint64> latencyNs;    // send of the first byte -> last byte of the response
    std::map<int, int> statuses;      // 0: the connection failed or the answer was not HTTP
    std::vector<std::string> samples; // the first few answers other than 200
    qint64 wallNs = 0;
    double generatorCpuSeconds = 0;
    QString error;
};

class Flood {
public:
    Flood(quint16 port, const Requests &requests, std::vector<size_t> order)
        : m_port(port)
        , m_requests(requests)
        , m_order(std::move(order))
    {
    }
    PhaseResult run(int concurrency);

private:
    struct Connection {
        int fd = -1;
        std::string in;
        size_t request = 0; // index into m_order
        size_t written = 0;
        qint64 sentAt = 0;
        bool busy = false;
        bool watchingWrite = false;
    };
    bool open(Connection &c, uint32_t index);
    void startNext(Connection &c, uint32_t index);
    void writeSome(Connection &c, uint32_t index);
    void readSome(Connection &c, uint32_t index);
    void finish(Connection &c, int status, std::string_view sample);
    void fail(Connection &c, uint32_t index, const char *why);

    quint16 m_port;
    const Requests &m_requests;
    std::vector<size_t> m_order;
    std::vector<Connection> m_connections;
    size_t m_next = 0;
    size_t m_done = 0;
    int m_epoll = -1;
    PhaseResult m_result;
};

bool Flood::open(Connection &c, uint32_t index)
{
    c.fd = connectTo(m_port);
    if (c.fd < 0)
        return false;
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.u32 = index;
    c.watchingWrite = false;
    c.in.clear();
    return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &ev) == 0;
}

void Flood::startNext(Connection &c, uint32_t index)
{
    if (m_next >= m_order.size())
        return;
    c.request = m_next++;
    c.written = 0;
    c.busy = true;
    c.sentAt = monotonicNs();
    writeSome(c, index);
}

void Flood::writeSome(Connection &c, uint32_t index)
{
    const auto [offset, size] = m_requests.spans[m_order[c.request]];
    while (c.written < size) {
        const ssize_t n = ::send(c.fd, m_requests.bytes.data() + offset + c.written, size - c.written, MSG_NOSIGNAL);
        if (n > 0) {
            c.written += size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            if (!c.watchingWrite) {
                epoll_event ev{};
                ev.events = EPOLLIN | EPOLLRDHUP | EPOLLOUT;
                ev.data.u32 = index;
                ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
                c.watchingWrite = true;
            }
            return;
        }
        fail(c, index, "send failed");
        return;
    }
    if (c.watchingWrite) {
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.u32 = index;
        ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
        c.watchingWrite = false;
    }
}

void Flood::finish(Connection &c, int status, std::string_view sample)
{
    m_result.latencyNs.push_back(monotonicNs() - c.sentAt);
    ++m_result.statuses[status];
    if (status != 200 && m_result.samples.size() < 5)
        m_result.samples.emplace_back(sample.substr(0, 600));
    c.busy = false;
    ++m_done;
}

void Flood::fail(Connection &c, uint32_t index, const char *why)
{
    if (c.busy)
        finish(c, 0, why);
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
    if (m_next < m_order.size() && open(c, index))
        startNext(c, index);
}

void Flood::readSome(Connection &c, uint32_t index)
{
    char buffer[65536];
    bool peerClosed = false;
    for (;;) {
        const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            c.in.append(buffer, size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || errno != EAGAIN) // closed, or an error other than "nothing more for now"
            peerClosed = true;
        break;
    }
    Response r;
    while (c.busy && !c.in.empty()) {
        const int parsed = parseResponse(c.in, &r);
        if (parsed == 0)
            break;
        if (parsed < 0) {
            fail(c, index, c.in.c_str());
            return;
        }
        finish(c, r.status, std::string_view(c.in).substr(0, r.size));
        c.in.erase(0, r.size);
        if (r.close) {
            fail(c, index, "connection: close");
            return;
        }
        startNext(c, index);
    }
    if (peerClosed)
        fail(c, index, "the server closed the connection");
}

PhaseResult Flood::run(int concurrency)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    const int count = int(std::min<size_t>(size_t(concurrency), m_order.size()));
    m_connections.resize(size_t(count));
    for (int i = 0; i < count; ++i) {
        if (!open(m_connections[size_t(i)], uint32_t(i))) {
            m_result.error = QStringLiteral("cannot connect to 127.0.0.1:%1: %2").arg(m_port).arg(strerror(errno));
            ::close(m_epoll);
            return m_result;
        }
    }
    m_result.latencyNs.reserve(m_order.size());

    const double cpuBefore = rusageSeconds(RUSAGE_SELF);
    const qint64 start = monotonicNs();
    for (int i = 0; i < count; ++i)
        startNext(m_connections[size_t(i)], uint32_t(i));
    epoll_event events[256];
    while (m_done < m_order.size()) {
        const int n = ::epoll_wait(m_epoll, events, 256, 30000);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            m_result.error =
                QStringLiteral("no answer for 30 s with %1 of %2 requests done").arg(m_done).arg(m_order.size());
            break;
        }
        for (int i = 0; i < n; ++i) {
            const uint32_t index = events[i].data.u32;
            Connection &c = m_connections[index];
            if (c.fd < 0)
                continue;
            if (events[i].events & EPOLLOUT)
                writeSome(c, index);
            if (c.fd >= 0 && (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                readSome(c, index);
        }
    }
    m_result.wallNs = monotonicNs() - start;
    m_result.generatorCpuSeconds = rusageSeconds(RUSAGE_SELF) - cpuBefore;
    for (Connection &c : m_connections) {
        if (c.fd >= 0)
            ::close(c.fd);
    }
    ::close(m_epoll);
    return m_result;
}

// ---------------------------------------------------------------------------------------------
// Reporting.
// ---------------------------------------------------------------------------------------------

// Mean time of a 4 KiB write + fdatasync in `dir`: the floor under every commit with synchronous=FULL.
double fdatasyncMs(const QString &dir)
{
    const QByteArray path = (dir + QStringLiteral("/fsync-probe")).toLocal8Bit();
    const int fd = ::open(path.constData(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    char block[4096];
    std::memset(block, 'x', sizeof block);
    constexpr int kRounds = 50;
    const qint64 start = monotonicNs();
    for (int i = 0; i < kRounds; ++i) {
        if (::pwrite(fd, block, sizeof block, off_t(i) * off_t(sizeof block)) != ssize_t(sizeof block) ||
            ::fdatasync(fd) != 0)
            break;
    }
    const double ms = double(monotonicNs() - start) / 1e6 / kRounds;
    ::close(fd);
    ::unlink(path.constData());
    return ms;
}

struct ServerSample {
    double cpu = 0;
    QByteArray metrics;
};

ServerSample sample(const ServerProcess &server)
{
    return {server.cpuSeconds().value_or(-1), httpGet(server.port(), "/metrics", {}).body};
}

void printPhase(const char *title, const PhaseResult &r, double serverCpuSeconds, size_t requests)
{
    std::vector<qint64> sorted = r.latencyNs;
    std::sort(sorted.begin(), sorted.end());
    const double wall = double(r.wallNs) / 1e9;
    const int ok = r.statuses.count(200) ? r.statuses.at(200) : 0;
    std::printf("%s\n", title);
    std::printf("  wall time         %.3f s\n", wall);
    std::printf("  answered 200/s    %.0f\n", wall > 0 ? double(ok) / wall : 0.0);
    std::printf("  latency ms        p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", percentileMs(sorted, 50),
                percentileMs(sorted, 90), percentileMs(sorted, 99), sorted.empty() ? 0.0 : double(sorted.back()) / 1e6);
    std::printf("  statuses         ");
    for (const auto &[status, count] : r.statuses)
        std::printf(" %d x %d", status, count);
    std::printf("\n");
    for (const std::string &s : r.samples)
        std::printf("  non-200 answer:   %s\n", s.c_str());
    std::printf("  server CPU        %.1f us/webhook (%.0f%% of one core over the wall time)\n",
                serverCpuSeconds / double(requests) * 1e6, wall > 0 ? serverCpuSeconds / wall * 100 : 0.0);
    std::printf("  generator CPU     %.1f us/webhook\n", r.generatorCpuSeconds / double(requests) * 1e6);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    beginProgram(
        parser, "webhook_flood",
        QStringLiteral(
            "Floods a real switchboard server with signed Telnyx webhooks and prints throughput, latency and cost."));
    const QCommandLineOption binaryOpt = binaryOption(QStringLiteral(SWITCHBOARD_BINARY));
    const QCommandLineOption eventsOpt(QStringLiteral("events"),
                                       QStringLiteral("Webhooks to send (rounded down to whole calls of 3 events)."),
                                       QStringLiteral("K"), QStringLiteral("30000"));
    const QCommandLineOption concurrencyOpt(QStringLiteral("concurrency"),
                                            QStringLiteral("Keep-alive connections, one request in flight on each."),
                                            QStringLiteral("C"), QStringLiteral("20"));
    const QCommandLineOption duplicatesOpt(QStringLiteral("duplicates"),
                                           QStringLiteral("Afterwards, resend N already accepted events."),
                                           QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption workdirOpt = workdirOption();
    const QCommandLineOption tokenOpt(QStringLiteral("api-token"),
                                      QStringLiteral("Give the server this API token instead of reading the one it "
                                                     "generates from its config file."),
                                      QStringLiteral("token"));
    const QCommandLineOption keepOpt(QStringLiteral("keep"),
                                     QStringLiteral("Keep the temporary folder (database, server.log)."));
    parser.addOptions({binaryOpt, eventsOpt, concurrencyOpt, duplicatesOpt, workdirOpt, tokenOpt, keepOpt});
    parser.process(app);

    Options options;
    options.binary = parser.value(binaryOpt);
    options.workdir = parser.value(workdirOpt);
    options.apiToken = parser.value(tokenOpt);
    options.keep = parser.isSet(keepOpt);
    bool ok1 = false, ok2 = false, ok3 = false;
    options.events = parser.value(eventsOpt).toInt(&ok1);
    options.concurrency = parser.value(concurrencyOpt).toInt(&ok2);
    options.duplicates = parser.value(duplicatesOpt).toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || options.events < 3 || options.concurrency < 1 || options.duplicates < 0) {
        std::fprintf(stderr, "webhook_flood: --events must be 3 or more, --concurrency 1 or more, --duplicates 0 "
                             "or more\n");
        return 2;
    }
    if (sodium_init() < 0) {
        std::fprintf(stderr, "webhook_flood: libsodium failed to initialise\n");
        return 1;
    }

    const std::unique_ptr<QTemporaryDir> dir = makeTemporaryFolder("webhook_flood", options.workdir, options.keep);
    if (!dir)
        return 1;

    unsigned char publicKey[crypto_sign_PUBLICKEYBYTES];
    unsigned char secretKey[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(publicKey, secretKey);
    const QString publicKeyBase64 =
        QString::fromStdString(base64(publicKey, sizeof publicKey, sodium_base64_VARIANT_ORIGINAL));

    ServerLaunch launch;
    launch.binary = options.binary;
    launch.dir = dir->path();
    launch.args = QStringList{QStringLiteral("--public-key"), publicKeyBase64};
    if (!options.apiToken.isEmpty())
        launch.args << QStringLiteral("--api-token") << options.apiToken;
    launch.noListeningLine = QStringLiteral("no 'listening on' line from the server within 20 s");
    ServerProcess server;
    QString error;
    if (!server.start(launch, &error)) {
        std::fprintf(stderr, "webhook_flood: %s\n", qPrintable(error));
        return 1;
    }
    QByteArray token = options.apiToken.toUtf8();
    if (token.isEmpty())
        token = server.configApiToken();

    const int calls = options.events / 3;
    QElapsedTimer built;
    built.start();
    const Requests requests = buildRequests(calls, server.port(), secretKey);
    sodium_memzero(secretKey, sizeof secretKey);
    const size_t total = requests.spans.size();

    printServerLine("webhook_flood", options.binary, server, {}, dir->path());
    std::printf("  fdatasync floor   %.2f ms per 4 KiB write + fdatasync in the folder\n", fdatasyncMs(dir->path()));
    std::printf("  requests built    %zu in %.2f s (%.1f MiB of HTTP)\n", total, double(built.elapsed()) / 1000,
                double(requests.bytes.size()) / 1048576.0);
    std::printf("events              %zu (%d calls x initiated, answered, hangup)\n", total, calls);
    std::printf("concurrency         %d\n", options.concurrency);

    // Touch the server once before timing, so lazy first-request set-up is not in the figures.
    if (httpGet(server.port(), "/healthz", {}).status != 200)
        std::printf("  warning: GET /healthz did not answer 200\n");

    std::vector<size_t> order(total);
    for (size_t i = 0; i < total; ++i)
        order[i] = i;
    const ServerSample before = sample(server);
    const PhaseResult flood = Flood(server.port(), requests, order).run(options.concurrency);
    const ServerSample after = sample(server);
    printPhase("flood", flood, after.cpu - before.cpu, total);
    std::printf("  server peak RSS   %.1f MiB (VmHWM; VmRSS now %.1f MiB)\n", double(server.statusKb("VmHWM")) / 1024,
                double(server.statusKb("VmRSS")) / 1024);
    const double accepted = metric(after.metrics, "switchboard_webhooks_accepted_total");
    const double batches = metric(after.metrics, "switchboard_webhook_batches_total") -
                           std::max(0.0, metric(before.metrics, "switchboard_webhook_batches_total"));
    std::printf("  accepted/s        %.0f (switchboard_webhooks_accepted_total / wall time)\n",
                accepted / (double(flood.wallNs) / 1e9));
    std::printf("  commits           %.0f, %.1f events per commit on average\n", batches,
                batches > 0 ? double(total) / batches : 0.0);

    bool allOk = flood.error.isEmpty();
    if (!flood.error.isEmpty())
        std::printf("  error: %s\n", qPrintable(flood.error));
    std::printf("checks\n");
    const int ok200 = flood.statuses.count(200) ? flood.statuses.at(200) : 0;
    allOk &= printCheck(size_t(ok200) == total,
                        QStringLiteral("every webhook answered 200 (%1 of %2)").arg(ok200).arg(total));
    allOk &=
        printCheck(accepted == double(total),
                   QStringLiteral("switchboard_webhooks_accepted_total = %1, expected %2").arg(accepted).arg(total));
    allOk &= printCheck(metric(after.metrics, "switchboard_webhooks_refused_total") == 0,
                        QStringLiteral("switchboard_webhooks_refused_total = %1")
                            .arg(metric(after.metrics, "switchboard_webhooks_refused_total")));
    const Reply list = httpGet(server.port(), "/api/calls?limit=1", token);
    const QJsonObject listed = QJsonDocument::fromJson(list.body).object();
    const QJsonArray newest = listed.value(QStringLiteral("data")).toArray();
    allOk &= printCheck(list.status == 200 && listed.value(QStringLiteral("total")).toInt() == calls,
                        QStringLiteral("GET /api/calls?limit=1: status %1, total %2, expected %3")
                            .arg(list.status)
                            .arg(listed.value(QStringLiteral("total")).toInt())
                            .arg(calls));
    allOk &=
        printCheck(newest.size() == 1 &&
                       newest.at(0).toObject().value(QStringLiteral("status")).toString() == QLatin1String("ended"),
                   QStringLiteral("newest call is 'ended' (%1)")
                       .arg(newest.isEmpty() ? QStringLiteral("none")
                                             : newest.at(0).toObject().value(QStringLiteral("status")).toString()));

    if (options.duplicates > 0) {
        // Redeliveries of events already accepted: the same signed bytes again, cycling through the flood.
        std::vector<size_t> again(size_t(options.duplicates));
        for (size_t i = 0; i < again.size(); ++i)
            again[i] = order[i % total];
        const double duplicatesBefore = std::max(0.0, metric(after.metrics, "switchboard_webhooks_duplicate_total"));
        const PhaseResult dup = Flood(server.port(), requests, again).run(options.concurrency);
        const ServerSample afterDup = sample(server);
        printPhase("duplicates", dup, afterDup.cpu - after.cpu, again.size());
        const int dup200 = dup.statuses.count(200) ? dup.statuses.at(200) : 0;
        const double acceptedAfter = metric(afterDup.metrics, "switchboard_webhooks_accepted_total");
        const double duplicateCount =
            metric(afterDup.metrics, "switchboard_webhooks_duplicate_total") - duplicatesBefore;
        std::printf("checks\n");
        allOk &= dup.error.isEmpty();
        allOk &= printCheck(size_t(dup200) == again.size(),
                            QStringLiteral("every duplicate answered 200 (%1 of %2)").arg(dup200).arg(again.size()));
        allOk &= printCheck(acceptedAfter == accepted,
                            QStringLiteral("accepted_total unchanged (%1 -> %2)").arg(accepted).arg(acceptedAfter));
        allOk &=
            printCheck(duplicateCount == double(again.size()),
                       QStringLiteral("duplicate_total rose by %1, expected %2").arg(duplicateCount).arg(again.size()));
    }

    const int exitCode = stopAndPrint(server);
    allOk &= exitCode == 0;
    if (!allOk)
        std::printf("server log tail:\n%s\n", server.logTail().constData());
    if (options.keep)
        std::printf("kept %s\n", qPrintable(dir->path()));
    return allOk ? 0 : 1;
}
