// SPDX-License-Identifier: MIT
// attack_probe: the probes of a client that wants to exhaust the server, run one after the other against a real
// `switchboard --headless`, with what the server did and what it cost. A benchmark that prints figures, not a
// test (CTest does not run it; the same shapes are asserted by tst_httpfrontend and the WebSocket tests).
//
//   key pair + fake Telnyx REST (thread) -> server child process -> one call dialled -> for each probe: a watch
//   thread asks /healthz every 50 ms and samples RSS and open descriptors while the probe runs -> the probe's
//   answer, peak RSS, descriptors, slowest /healthz, and whether a call can still be dialled and ended after
//   it -> at the end every call dialled is still in the history.
//
// Targets (docs/interface.md §3.3, CONTRACT §3 "Limits"): peak RSS under 100 MiB during every probe, /healthz
// within 100 ms throughout, nothing stored lost.

#include "bench_net.h"
#include "bench_signing.h"
#include "bench_support.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

#include <sodium.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace sb::bench;

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr double kRssTargetMiB = 100;
constexpr double kHealthTargetMs = 100;

// ---------------------------------------------------------------------------------------------
// Raw socket helpers.
// ---------------------------------------------------------------------------------------------

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Sends as much of `data` as the socket takes within `timeoutMs`; the bytes sent, and *closed when the server
// ended the connection (EPIPE / ECONNRESET).
size_t sendSome(int fd, std::string_view data, int timeoutMs, bool *closed)
{
    size_t sent = 0;
    const qint64 end = monotonicNs() + qint64(timeoutMs) * 1'000'000;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += size_t(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            *closed = true;
            return sent;
        }
        const qint64 left = (end - monotonicNs()) / 1'000'000;
        if (left <= 0)
            return sent;
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, int(std::min<qint64>(left, 100)));
        if (p.revents & (POLLERR | POLLHUP)) {
            *closed = true;
            return sent;
        }
    }
    return sent;
}

// Everything the server sends until it closes or `timeoutMs` pass; *closed says which.
std::string readUntilClosed(int fd, int timeoutMs, bool *closed)
{
    std::string in;
    char buffer[65536];
    const qint64 end = monotonicNs() + qint64(timeoutMs) * 1'000'000;
    *closed = false;
    for (;;) {
        const qint64 left = (end - monotonicNs()) / 1'000'000;
        if (left <= 0)
            return in;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(left)) <= 0)
            continue;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            in.append(buffer, size_t(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            *closed = true;
            return in;
        }
    }
}

QString statusLineOf(const std::string &in)
{
    if (in.empty())
        return QStringLiteral("no answer");
    return QString::fromLatin1(in.substr(0, std::min(in.find("\r\n"), size_t(48))));
}

// The close code in the first server close frame of `in` (after any other frames), or 0.
int closeCodeOf(std::string_view in)
{
    size_t at = 0;
    while (at + 2 <= in.size()) {
        const int opcode = uchar(in[at]) & 0x0F;
        quint64 length = uchar(in[at + 1]) & 0x7F;
        size_t head = 2;
        if (length == 126 && at + 4 <= in.size()) {
            length = (quint64(uchar(in[at + 2])) << 8) | uchar(in[at + 3]);
            head = 4;
        } else if (length == 127 && at + 10 <= in.size()) {
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | uchar(in[at + 2 + size_t(i)]);
            head = 10;
        }
        if (opcode == 0x8 && length >= 2 && at + head + 2 <= in.size())
            return (uchar(in[at + head]) << 8) | uchar(in[at + head + 1]);
        at += head + size_t(length);
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// The watch: /healthz every 50 ms, RSS and descriptors of the server.
// ---------------------------------------------------------------------------------------------

struct WatchFigures {
    qint64 peakRssKb = 0;
    int maxFds = 0;
    double slowestHealthMs = 0;
    int healthAsked = 0;
    int healthFailed = 0;
};

class Watch {
public:
    Watch(const ServerProcess &server, quint16 port)
        : m_server(server)
        , m_port(port)
    {
    }
    void start()
    {
        m_figures = {};
        m_stop = false;
        m_thread = std::thread([this] { run(); });
    }
    WatchFigures stop()
    {
        m_stop = true;
        m_thread.join();
        const std::lock_guard lock(m_mutex);
        return m_figures;
    }

private:
    int openDescriptors() const
    {
        return int(QDir(QStringLiteral("/proc/%1/fd").arg(m_server.pid()))
                       .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                       .size());
    }
    void run()
    {
        while (!m_stop) {
            const qint64 began = monotonicNs();
            const Reply reply = httpRequest(m_port, "GET", "/healthz", {}, {}, 2);
            const double ms = double(monotonicNs() - began) / 1e6;
            const qint64 rss = m_server.statusKb("VmRSS");
            const int fds = openDescriptors();
            {
                const std::lock_guard lock(m_mutex);
                ++m_figures.healthAsked;
                if (reply.status != 200)
                    ++m_figures.healthFailed;
                m_figures.slowestHealthMs = std::max(m_figures.slowestHealthMs, ms);
                m_figures.peakRssKb = std::max(m_figures.peakRssKb, rss);
                m_figures.maxFds = std::max(m_figures.maxFds, fds);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

    const ServerProcess &m_server;
    quint16 m_port;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    WatchFigures m_figures;
};

// ---------------------------------------------------------------------------------------------
// The probes. Each returns what the server did, in a few words.
// ---------------------------------------------------------------------------------------------

struct Target {
    quint16 port = 0;
    QByteArray token;
    const unsigned char *secretKey = nullptr;
    QByteArray callControlId; // a live call of the fake Telnyx, for webhooks that refer to one
    int maxConnections = 1000;
};

// Head lines that never end with a blank line, on 4 connections at once.
QString endlessHead(const Target &t)
{
    constexpr int kConnections = 4;
    std::vector<std::string> answers(kConnections);
    std::vector<size_t> sent(kConnections);
    std::vector<std::thread> threads;
    threads.reserve(kConnections);
    for (int i = 0; i < kConnections; ++i) {
        threads.emplace_back([&, i] {
            const int fd = connectTo(t.port);
            if (fd < 0)
                return;
            setNonBlocking(fd);
            std::string line = "GET /healthz HTTP/1.1\r\n";
            const std::string pad = "X-Pad: " + std::string(1000, 'a') + "\r\n";
            bool closed = false;
            sent[size_t(i)] = sendSome(fd, line, 1000, &closed);
            const qint64 end = monotonicNs() + 3'000'000'000;
            while (!closed && monotonicNs() < end)
                sent[size_t(i)] += sendSome(fd, pad, 100, &closed);
            answers[size_t(i)] = readUntilClosed(fd, 2000, &closed);
            ::close(fd);
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    return QStringLiteral("%1 ×%2, closed after %3 KiB sent on the first")
        .arg(statusLineOf(answers[0]))
        .arg(std::count(answers.begin(), answers.end(), answers[0]))
        .arg(double(sent[0]) / 1024, 0, 'f', 0);
}

// A head with bare LF line endings announcing a 256 MiB body, then the body.
QString lfOnlyBody(const Target &t)
{
    const int fd = connectTo(t.port);
    if (fd < 0)
        return QStringLiteral("cannot connect");
    setNonBlocking(fd);
    const std::string head = "POST /api/calls/telnyx/webhook HTTP/1.1\nHost: x\nContent-Type: application/json\n"
                             "Content-Length: 268435456\n\n";
    bool closed = false;
    size_t sent = sendSome(fd, head, 1000, &closed);
    const std::string chunk(64 * 1024, 'a');
    const qint64 end = monotonicNs() + 3'000'000'000;
    while (!closed && monotonicNs() < end && sent < size_t(256 * kMiB))
        sent += sendSome(fd, chunk, 100, &closed);
    const std::string in = readUntilClosed(fd, 2000, &closed);
    ::close(fd);
    return QStringLiteral("%1, %2 after %3 KiB of 256 MiB sent")
        .arg(statusLineOf(in), closed ? QStringLiteral("closed") : QStringLiteral("still open"))
        .arg(double(sent) / 1024, 0, 'f', 0);
}

// One 20 KiB header line.
QString bigHead(const Target &t)
{
    const int fd = connectTo(t.port);
    if (fd < 0)
        return QStringLiteral("cannot connect");
    setNonBlocking(fd);
    const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'b') + "\r\n\r\n";
    bool closed = false;
    const size_t sent = sendSome(fd, head, 2000, &closed);
    const std::string in = readUntilClosed(fd, 2000, &closed);
    ::close(fd);
    return QStringLiteral("%1, %2 (%3 KiB sent)")
        .arg(statusLineOf(in), closed ? QStringLiteral("closed") : QStringLiteral("still open"))
        .arg(double(sent) / 1024, 0, 'f', 1);
}

// A chunked body that never ends.
QString chunkedFlood(const Target &t)
{
    const int fd = connectTo(t.port);
    if (fd < 0)
        return QStringLiteral("cannot connect");
    setNonBlocking(fd);
    const std::string head = "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n";
    const std::string chunk = "4000\r\n" + std::string(0x4000, 'c') + "\r\n";
    bool closed = false;
    size_t sent = sendSome(fd, head, 1000, &closed);
    const qint64 end = monotonicNs() + 3'000'000'000;
    while (!closed && monotonicNs() < end)
        sent += sendSome(fd, chunk, 100, &closed);
    const std::string in = readUntilClosed(fd, 2000, &closed);
    ::close(fd);
    return QStringLiteral("%1, %2 after %3 KiB sent")
        .arg(statusLineOf(in), closed ? QStringLiteral("closed") : QStringLiteral("still open"))
        .arg(double(sent) / 1024, 0, 'f', 0);
}

// Opens `count` connections; `first` is sent on each at once. Returns the descriptors (-1 where refused).
std::vector<int> openMany(const Target &t, int count, std::string_view first)
{
    std::vector<int> fds;
    fds.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const int fd = connectTo(t.port);
        if (fd >= 0) {
            setNonBlocking(fd);
            if (!first.empty())
                ::send(fd, first.data(), first.size(), MSG_NOSIGNAL);
        }
        fds.push_back(fd);
    }
    return fds;
}

// How many of `fds` the server has closed (a read gives 0 or an error); closed ones are set to -1.
int reapClosed(std::vector<int> &fds)
{
    int closedNow = 0;
    char buffer[4096];
    for (int &fd : fds) {
        if (fd < 0)
            continue;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            ::close(fd);
            fd = -1;
            ++closedNow;
        }
    }
    return closedNow;
}

void closeAll(std::vector<int> &fds)
{
    for (int fd : fds) {
        if (fd >= 0)
            ::close(fd);
    }
}

// 1,000 connections trickling a head one header line a second, for 13 s (past the 10 s head limit).
QString slowloris(const Target &t)
{
    std::vector<int> fds = openMany(t, 1000, "GET /healthz HTTP/1.1\r\n");
    const int opened = int(std::count_if(fds.begin(), fds.end(), [](int fd) { return fd >= 0; }));
    int closed = 0;
    qint64 lastCloseMs = 0;
    const qint64 began = monotonicNs();
    while (monotonicNs() - began < 13'000'000'000 && closed < opened) {
        for (int fd : fds) {
            if (fd >= 0)
                ::send(fd, "X: y\r\n", 6, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        for (int i = 0; i < 10; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const int now = reapClosed(fds);
            if (now > 0)
                lastCloseMs = (monotonicNs() - began) / 1'000'000;
            closed += now;
        }
    }
    closeAll(fds);
    return QStringLiteral("%1 of %2 closed by the server, the last after %3 s")
        .arg(closed)
        .arg(opened)
        .arg(double(lastCloseMs) / 1000, 0, 'f', 1);
}

// Idle connections (nothing sent) up to the cap and 100 past it, held 5 s.
QString idleToCap(const Target &t)
{
    std::vector<int> fds = openMany(t, t.maxConnections + 100, {});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    int closed = reapClosed(fds);
    std::this_thread::sleep_for(std::chrono::milliseconds(4500));
    closed += reapClosed(fds);
    const int open = int(std::count_if(fds.begin(), fds.end(), [](int fd) { return fd >= 0; }));
    closeAll(fds);
    return QStringLiteral("%1 opened, %2 closed for room, %3 still open")
        .arg(t.maxConnections + 100)
        .arg(closed)
        .arg(open);
}

// A WebSocket message announcing 400 MiB, streamed on `path`.
QString oversizedMessage(const Target &t, const QByteArray &path)
{
    std::string leftover;
    QString error;
    const int fd = openWebSocket(t.port, path + "?token=" + t.token, {}, 0, &leftover, &error);
    if (fd < 0)
        return error;
    std::string frame;
    appendClientFrame(frame, 0x1, std::string_view(), 0x11223344u);
    // Rewrite the length of the empty frame: 127 + 8-byte length of 400 MiB, then the mask.
    frame.resize(2);
    frame[1] = char(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8)
        frame.push_back(char((quint64(400 * kMiB) >> shift) & 0xFF));
    frame.append("\x11\x22\x33\x44", 4);
    bool closed = false;
    size_t sent = sendSome(fd, frame, 1000, &closed);
    const std::string chunk(64 * 1024, 'x');
    const qint64 end = monotonicNs() + 3'000'000'000;
    while (!closed && monotonicNs() < end)
        sent += sendSome(fd, chunk, 100, &closed);
    const std::string in = leftover + readUntilClosed(fd, 2000, &closed);
    ::close(fd);
    const int code = closeCodeOf(in);
    return QStringLiteral("%1, %2 after %3 KiB sent")
        .arg(code ? QStringLiteral("close %1").arg(code) : QStringLiteral("no close frame"),
             closed ? QStringLiteral("closed") : QStringLiteral("still open"))
        .arg(double(sent) / 1024, 0, 'f', 0);
}

// A signed webhook of `type` on the call, its payload padded to about `padBytes`.
QByteArray signedWebhook(const Target &t, const char *type, int padBytes)
{
    const QJsonObject payload{{QStringLiteral("call_control_id"), QString::fromLatin1(t.callControlId)},
                              {QStringLiteral("digit"), QStringLiteral("5")},
                              {QStringLiteral("padding"), QString(padBytes, QLatin1Char('p'))}};
    const QJsonObject data{{QStringLiteral("record_type"), QStringLiteral("event")},
                           {QStringLiteral("event_type"), QString::fromLatin1(type)},
                           {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                           {QStringLiteral("occurred_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                           {QStringLiteral("payload"), payload}};
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray message = timestamp + '|' + body;
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char *>(message.constData()),
                         size_t(message.size()), t.secretKey);
    return "POST /api/calls/telnyx/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\ntelnyx-timestamp: " + timestamp +
           "\r\ntelnyx-signature-ed25519: " + QByteArray::fromStdString(base64(signature, sizeof signature)) +
           "\r\nConnection: close\r\n\r\n" + body;
}

// A /call-events client that never reads (4 KiB receive buffer) while 40 webhooks of ~900 KiB are broadcast.
QString nonReadingEvents(const Target &t)
{
    std::string leftover;
    QString error;
    const int stuck = openWebSocket(t.port, "/call-events?token=" + t.token, {}, 4096, &leftover, &error);
    if (stuck < 0)
        return error;
    int accepted = 0;
    for (int i = 0; i < 40; ++i) {
        const QByteArray request = signedWebhook(t, "call.dtmf.received", 900 * 1024);
        const int fd = connectTo(t.port);
        if (fd < 0)
            continue;
        setNonBlocking(fd);
        bool closed = false;
        sendSome(fd, std::string_view(request.constData(), size_t(request.size())), 5000, &closed);
        const std::string in = readUntilClosed(fd, 5000, &closed);
        ::close(fd);
        accepted += statusLineOf(in).contains(QLatin1String(" 200")) ? 1 : 0;
    }
    bool closed = false;
    const std::string in = readUntilClosed(stuck, 3000, &closed);
    ::close(stuck);
    return QStringLiteral("%1 of 40 webhooks accepted; the stuck client %2 (%3 MiB had reached it)")
        .arg(accepted)
        .arg(closed ? QStringLiteral("was closed") : QStringLiteral("is still open"))
        .arg(double(in.size() + leftover.size()) / double(kMiB), 0, 'f', 1);
}

// ---------------------------------------------------------------------------------------------
// A call, before and after.
// ---------------------------------------------------------------------------------------------

// Dials and ends one call through the API; its call_control_id, empty when either step failed.
QByteArray dialAndEnd(const Target &t, bool end)
{
    const QByteArray body = R"({"to":"+15551230000","from":"+15557654321"})";
    const Reply dial = httpRequest(t.port, "POST", "/api/calls/telnyx/initiate", t.token, body, 10);
    if (dial.status != 200)
        return {};
    QByteArray id = QJsonDocument::fromJson(dial.body)
                        .object()
                        .value(QLatin1String("data"))
                        .toObject()
                        .value(QLatin1String("callId"))
                        .toString()
                        .toLatin1();
    if (end) {
        const Reply ended =
            httpRequest(t.port, "POST", "/api/calls/telnyx/end", t.token, R"({"call_control_id":")" + id + R"("})", 10);
        if (ended.status != 200)
            return {};
    }
    return id;
}

int storedCalls(const Target &t)
{
    const Reply reply = httpRequest(t.port, "GET", "/api/calls?limit=500", t.token, {}, 10);
    if (reply.status != 200)
        return -1;
    return int(QJsonDocument::fromJson(reply.body).object().value(QLatin1String("data")).toArray().size());
}

void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    beginProgram(parser, "attack_probe",
                 QStringLiteral("Runs the probes of a client that wants to exhaust the server (unending and oversized "
                                "heads, bodies, slowloris, idle sockets, oversized WebSocket messages, non-reading "
                                "clients) against a real switchboard server; prints what it did and what it cost."));
    const QCommandLineOption binaryOpt = binaryOption(QStringLiteral(SWITCHBOARD_BINARY));
    const QCommandLineOption workdirOpt = workdirOption();
    const QCommandLineOption onlyOpt(QStringLiteral("only"),
                                     QStringLiteral("Run only the probes whose name contains TEXT."),
                                     QStringLiteral("TEXT"));
    const QCommandLineOption keepOpt(QStringLiteral("keep"), QStringLiteral("Keep the temporary folder."));
    parser.addOptions({binaryOpt, workdirOpt, onlyOpt, keepOpt});
    parser.process(app);
    if (sodium_init() < 0)
        return 1;
    raiseDescriptorLimit();

    const std::unique_ptr<QTemporaryDir> dir =
        makeTemporaryFolder("attack_probe", parser.value(workdirOpt), parser.isSet(keepOpt));
    if (!dir)
        return 1;
    unsigned char publicKey[crypto_sign_PUBLICKEYBYTES];
    unsigned char secretKey[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(publicKey, secretKey);

    QString error;
    FakeTelnyx telnyx;
    if (!telnyx.start(&error)) {
        std::fprintf(stderr, "attack_probe: %s\n", qPrintable(error));
        return 1;
    }
    ServerLaunch launch = launchAgainst(telnyx, parser.value(binaryOpt), dir->path());
    launch.args << QStringLiteral("--public-key") << QString::fromStdString(base64(publicKey, sizeof publicKey));
    ServerProcess server;
    if (!server.start(launch, &error)) {
        std::fprintf(stderr, "attack_probe: %s\n", qPrintable(error));
        telnyx.stop();
        return 1;
    }
    printServerLine("attack_probe", launch.binary, server,
                    QStringLiteral(", fake Telnyx API on port %1").arg(telnyx.port()), dir->path());

    Target target;
    target.port = server.port();
    target.token = server.configApiToken();
    target.secretKey = secretKey;
    target.callControlId = dialAndEnd(target, false);
    int dialled = target.callControlId.isEmpty() ? 0 : 1;
    std::printf("  rest before: RSS %.1f MiB, a call dialled: %s\n", double(server.statusKb("VmRSS")) / 1024,
                dialled ? "yes" : "NO");

    struct Probe {
        const char *name;
        std::function<QString()> run;
    };
    const std::vector<Probe> probes{
        {"endless head x4", [&] { return endlessHead(target); }},
        {"LF-only head, 256 MiB body", [&] { return lfOnlyBody(target); }},
        {"20 KiB head line", [&] { return bigHead(target); }},
        {"chunked flood", [&] { return chunkedFlood(target); }},
        {"slowloris x1000", [&] { return slowloris(target); }},
        {"idle sockets to the cap +100", [&] { return idleToCap(target); }},
        {"400 MiB message on /call-events", [&] { return oversizedMessage(target, "/call-events"); }},
        {"400 MiB message on /frontend-audio", [&] { return oversizedMessage(target, "/frontend-audio"); }},
        {"non-reading /call-events client", [&] { return nonReadingEvents(target); }},
    };

    bool allOk = dialled == 1;
    Watch watch(server, target.port);
    std::printf("\n  %-36s %9s %6s %10s %9s %6s  %s\n", "probe", "peak RSS", "fds", "/healthz", "failed", "call",
                "what the server did");
    for (const Probe &probe : probes) {
        if (parser.isSet(onlyOpt) && !QString::fromLatin1(probe.name).contains(parser.value(onlyOpt)))
            continue;
        watch.start();
        const QString what = probe.run();
        std::this_thread::sleep_for(std::chrono::milliseconds(300)); // the server's last reaction, watched
        const WatchFigures f = watch.stop();
        const bool callWorks = !dialAndEnd(target, true).isEmpty();
        dialled += callWorks ? 1 : 0;
        const double rssMiB = double(f.peakRssKb) / 1024;
        const bool ok =
            rssMiB < kRssTargetMiB && f.slowestHealthMs < kHealthTargetMs && f.healthFailed == 0 && callWorks;
        allOk &= ok;
        std::printf("%s %-36s %5.1f MiB %6d %7.1f ms %4d/%-4d %-4s  %s\n", ok ? "  " : "!!", probe.name, rssMiB,
                    f.maxFds, f.slowestHealthMs, f.healthFailed, f.healthAsked, callWorks ? "yes" : "NO",
                    qPrintable(what));
    }

    const int stored = storedCalls(target);
    std::printf("\n  peak RSS over the whole run (VmHWM): %.1f MiB\n", double(server.statusKb("VmHWM")) / 1024);
    allOk &= printCheck(stored == dialled,
                        QStringLiteral("every call dialled is stored (%1 of %2)").arg(stored).arg(dialled));
    allOk &= printCheck(allOk, QStringLiteral("targets: peak RSS < %1 MiB, /healthz < %2 ms and never failing, a call "
                                              "works after every probe")
                                   .arg(kRssTargetMiB)
                                   .arg(kHealthTargetMs));
    stopAndPrint(server);
    telnyx.stop();
    return allOk ? 0 : 1;
}
