// SPDX-License-Identifier: MIT
// uplink_flood: N remote desks talking at once into N calls on one real `switchboard --headless`: each desk sends
// its microphone as 20 ms PCMU frames on /agent-audio, and the server re-paces them onto the call's Telnyx media
// stream (CONTRACT §7). Prints frames lost, the uplink's added latency (desk send -> frame on Telnyx's socket) and
// the server's CPU per uplink frame. A benchmark that prints figures, not a test (CTest does not run it).
//
//   fake Telnyx REST server (thread) -> server child process -> N calls dialled through the API -> N Telnyx media
//   WebSockets (connected, start) -> N /agent-audio WebSockets -> D seconds of binary 160-byte frames per desk,
//   staggered over the 20 ms period -> figures -> /metrics.
//
// Each frame carries its number in its first four bytes; the receiver (one epoll loop over the Telnyx sockets)
// decodes the base64 payload of each outbound media frame to find it. Latency = receive time - send time of that
// very frame.

#include "bench_net.h"
#include "bench_support.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

using namespace sb::bench;

namespace {

constexpr qint64 kFrameNs = 20'000'000;
constexpr int kPcmuBytes = 160;

void sleepUntil(qint64 ns)
{
    timespec ts{};
    ts.tv_sec = time_t(ns / 1'000'000'000);
    ts.tv_nsec = long(ns % 1'000'000'000);
    ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
}

struct Call {
    std::string id;
    std::string streamToken;
    int telnyxFd = -1; // the fake Telnyx media stream: what the server sends the far end arrives here
    int deskFd = -1;   // the desk's /agent-audio uplink
    std::string pendingUplink;
    std::string inbound; // unparsed bytes from the server on the Telnyx socket
    quint64 received = 0;
    int lastFrame = -1;
    quint64 disorder = 0;
};

struct Shared {
    int framesPerDesk = 0;
    std::vector<std::atomic<qint64>> sentAt; // (call, frame) -> monotonic ns of its send()
    size_t index(int call, int frame) const { return size_t(call) * size_t(framesPerDesk) + size_t(frame); }
};

// Reads one server frame's payload out of `in` (unmasked, text or binary); false when incomplete.
bool takeFrame(std::string &in, size_t *offset, int *opcode, std::string_view *payload)
{
    const auto *p = reinterpret_cast<const unsigned char *>(in.data() + *offset);
    const size_t avail = in.size() - *offset;
    if (avail < 2)
        return false;
    size_t header = 2;
    quint64 length = p[1] & 0x7F;
    if (length == 126) {
        if (avail < 4)
            return false;
        length = (quint64(p[2]) << 8) | p[3];
        header = 4;
    } else if (length == 127) {
        if (avail < 10)
            return false;
        length = 0;
        for (int b = 0; b < 8; ++b)
            length = (length << 8) | p[2 + b];
        header = 10;
    }
    if (avail < header + length)
        return false;
    *opcode = p[0] & 0x0F;
    *payload = std::string_view(in.data() + *offset + header, size_t(length));
    *offset += header + size_t(length);
    return true;
}

// The frame number in an outbound media frame's payload (its first four bytes), or -1.
int frameNumberOf(std::string_view text)
{
    static constexpr std::string_view key = R"("payload":")";
    const size_t at = text.find(key);
    if (at == std::string_view::npos)
        return -1;
    const QByteArray head = QByteArray::fromBase64(QByteArray(text.data() + at + key.size(), 8));
    if (head.size() < 4)
        return -1;
    return int(quint32(quint8(head[0])) | quint32(quint8(head[1])) << 8 | quint32(quint8(head[2])) << 16 |
               quint32(quint8(head[3])) << 24);
}

class Receiver {
public:
    Receiver(std::vector<Call> &calls, Shared &shared)
        : m_calls(calls)
        , m_shared(shared)
    {
    }
    void run()
    {
        const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
        for (size_t i = 0; i < m_calls.size(); ++i) {
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.u32 = uint32_t(i);
            ::epoll_ctl(epoll, EPOLL_CTL_ADD, m_calls[i].telnyxFd, &ev);
        }
        std::vector<epoll_event> events(256);
        char buffer[65536];
        while (!m_stop.load(std::memory_order_relaxed)) {
            const int n = ::epoll_wait(epoll, events.data(), int(events.size()), 20);
            const qint64 now = monotonicNs();
            for (int e = 0; e < n; ++e) {
                Call &c = m_calls[events[size_t(e)].data.u32];
                for (;;) {
                    const ssize_t got = ::recv(c.telnyxFd, buffer, sizeof buffer, 0);
                    if (got <= 0)
                        break;
                    c.inbound.append(buffer, size_t(got));
                }
                size_t offset = 0;
                int opcode = 0;
                std::string_view payload;
                while (takeFrame(c.inbound, &offset, &opcode, &payload)) {
                    if (opcode != 0x1)
                        continue;
                    const int frame = frameNumberOf(payload);
                    if (frame < 0 || frame >= m_shared.framesPerDesk)
                        continue;
                    ++c.received;
                    if (frame <= c.lastFrame)
                        ++c.disorder;
                    c.lastFrame = std::max(c.lastFrame, frame);
                    const qint64 sent = m_shared.sentAt[m_shared.index(int(&c - m_calls.data()), frame)].load();
                    if (sent > 0)
                        latencyNs.push_back(now - sent);
                }
                c.inbound.erase(0, offset);
            }
        }
        ::close(epoll);
    }
    void requestStop() { m_stop = true; }
    std::vector<qint64> latencyNs;

private:
    std::vector<Call> &m_calls;
    Shared &m_shared;
    std::atomic<bool> m_stop{false};
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    beginProgram(parser, "uplink_flood",
                 QStringLiteral("N remote desks talk at once into N calls on a real switchboard server through "
                                "/agent-audio; prints frames lost, the uplink's added latency and the server's CPU per "
                                "uplink frame."));
    const QCommandLineOption binaryOpt = binaryOption(QStringLiteral(SWITCHBOARD_BINARY));
    const QCommandLineOption desksOpt(QStringLiteral("desks"), QStringLiteral("Desks, one call each."),
                                      QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption secondsOpt(QStringLiteral("duration"), QStringLiteral("Seconds each desk talks."),
                                        QStringLiteral("D"), QStringLiteral("20"));
    const QCommandLineOption keepOpt(QStringLiteral("keep"), QStringLiteral("Keep the temporary folder."));
    const QCommandLineOption workdir = workdirOption();
    parser.addOptions({binaryOpt, desksOpt, secondsOpt, keepOpt, workdir});
    parser.process(app);
    bool desksOk = false, secondsOk = false;
    const int desks = parser.value(desksOpt).toInt(&desksOk);
    const int seconds = parser.value(secondsOpt).toInt(&secondsOk);
    if (!desksOk || !secondsOk || desks < 1 || seconds < 1) {
        std::fprintf(stderr, "uplink_flood: --desks and --duration must be 1 or more\n");
        return 2;
    }
    const std::unique_ptr<QTemporaryDir> dir =
        makeTemporaryFolder("uplink_flood", parser.value(workdir), parser.isSet(keepOpt));
    if (!dir)
        return 1;
    QString error;
    FakeTelnyx telnyx;
    if (!telnyx.start(&error)) {
        std::fprintf(stderr, "uplink_flood: %s\n", qPrintable(error));
        return 1;
    }
    const QString binary = parser.value(binaryOpt);
    ServerProcess server;
    if (!server.start(launchAgainst(telnyx, binary, dir->path()), &error)) {
        std::fprintf(stderr, "uplink_flood: %s\n", qPrintable(error));
        telnyx.stop();
        return 1;
    }
    const QByteArray token = server.configApiToken();
    printServerLine("uplink_flood", binary, server, QStringLiteral(", fake Telnyx API on port %1").arg(telnyx.port()),
                    dir->path());
    const auto fail = [&](const QString &why) {
        std::printf("error: %s\nserver log tail:\n%s\n", qPrintable(why), server.logTail().constData());
        qint64 ms = 0;
        server.stop(&ms);
        telnyx.stop();
        return 1;
    };

    // 1. The calls, each with its Telnyx media stream started and its desk's uplink open.
    std::vector<Call> calls(static_cast<size_t>(desks));
    QElapsedTimer phase;
    phase.start();
    for (int i = 0; i < desks; ++i) {
        Call &c = calls[size_t(i)];
        const QByteArray body = QByteArrayLiteral(R"({"to":"+1555)") + QByteArray::number(1000000 + i) +
                                QByteArrayLiteral(R"(","from":"+15557654321","agentId":"desk-)") +
                                QByteArray::number(i) + "\"}";
        const Reply r = httpRequest(server.port(), "POST", "/api/calls/telnyx/initiate", token, body);
        c.id = QJsonDocument::fromJson(r.body)
                   .object()
                   .value(QLatin1String("data"))
                   .toObject()
                   .value(QLatin1String("callId"))
                   .toString()
                   .toStdString();
        const auto streamToken = telnyx.tokenOf(c.id);
        if (r.status != 200 || !streamToken)
            return fail(QStringLiteral("dial %1: status %2").arg(i).arg(r.status));
        c.streamToken = *streamToken;
        std::string leftover;
        c.telnyxFd =
            openWebSocket(server.port(), "/audio-stream",
                          "x-telnyx-streaming-auth-token: " + QByteArray::fromStdString(c.streamToken) + "\r\n", 0,
                          &leftover, &error);
        if (c.telnyxFd < 0)
            return fail(QStringLiteral("media stream %1: %2").arg(i).arg(error));
        c.inbound = leftover;
        std::string hello;
        appendClientFrame(hello, 0x1, R"({"event":"connected","version":"1.0.0"})", 0x12345678u);
        appendClientFrame(hello, 0x1,
                          R"({"event":"start","sequence_number":"1","stream_id":"uplink-)" + std::to_string(i) +
                              R"(","start":{"call_control_id":")" + c.id +
                              R"(","media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}})",
                          0x9abcdef0u);
        ::fcntl(c.telnyxFd, F_SETFL, ::fcntl(c.telnyxFd, F_GETFL) & ~O_NONBLOCK);
        sendAllBlocking(c.telnyxFd, hello);
        ::fcntl(c.telnyxFd, F_SETFL, ::fcntl(c.telnyxFd, F_GETFL) | O_NONBLOCK);
    }
    // The streams must have started before the uplinks open (frames before the start are dropped by design).
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (int i = 0; i < desks; ++i) {
        Call &c = calls[size_t(i)];
        std::string leftover;
        c.deskFd =
            openWebSocket(server.port(), "/agent-audio?call=" + QByteArray::fromStdString(c.id).toPercentEncoding(),
                          "Authorization: Bearer " + token + "\r\n", 0, &leftover, &error);
        if (c.deskFd < 0)
            return fail(QStringLiteral("uplink %1: %2").arg(i).arg(error));
    }
    std::printf("  connected         %d calls: Telnyx media streams started, desks' uplinks open, in %.2f s\n", desks,
                double(phase.elapsed()) / 1000);

    // 2. The timed run: every desk sends a frame every 20 ms, the desks staggered over the period.
    Shared shared;
    shared.framesPerDesk = seconds * 50;
    shared.sentAt = std::vector<std::atomic<qint64>>(size_t(desks) * size_t(shared.framesPerDesk));
    Receiver receiver(calls, shared);
    std::thread receiverThread([&receiver] { receiver.run(); });
    const QByteArray metricsBefore = httpRequest(server.port(), "GET", "/metrics", {}).body;
    const double serverCpuBefore = server.cpuSeconds().value_or(-1);
    const qint64 startNs = monotonicNs() + kFrameNs;
    quint64 sent = 0, stalls = 0;
    qint64 maxLateNs = 0;
    quint32 mask = 2463534242u;
    std::string frame;
    std::string pcmu(kPcmuBytes, '\x55');
    for (int k = 0; k < shared.framesPerDesk; ++k) {
        for (int i = 0; i < desks; ++i) {
            const qint64 due = startNs + qint64(k) * kFrameNs + qint64(i) * kFrameNs / desks;
            sleepUntil(due);
            maxLateNs = std::max(maxLateNs, monotonicNs() - due);
            Call &c = calls[size_t(i)];
            std::memcpy(pcmu.data(), &k, sizeof k); // little-endian on every machine this runs on
            mask ^= mask << 13;
            mask ^= mask >> 17;
            mask ^= mask << 5;
            frame.clear();
            appendClientFrame(frame, 0x2, pcmu, mask);
            shared.sentAt[shared.index(i, k)].store(monotonicNs());
            c.pendingUplink += frame;
            const ssize_t n = ::send(c.deskFd, c.pendingUplink.data(), c.pendingUplink.size(), MSG_NOSIGNAL);
            if (n > 0)
                c.pendingUplink.erase(0, size_t(n));
            if (!c.pendingUplink.empty())
                ++stalls;
            ++sent;
        }
    }
    // What the re-pacer still holds leaves within its depth; then the figures.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const double serverCpu = server.cpuSeconds().value_or(-1) - serverCpuBefore;
    const double wall = double(monotonicNs() - startNs) / 1e9;
    receiver.requestStop();
    receiverThread.join();
    const QByteArray metricsAfter = httpRequest(server.port(), "GET", "/metrics", {}).body;

    quint64 received = 0, disorder = 0;
    int worstCall = 0;
    quint64 worstReceived = quint64(shared.framesPerDesk);
    for (const Call &c : calls) {
        received += c.received;
        disorder += c.disorder;
        if (c.received < worstReceived) {
            worstReceived = c.received;
            worstCall = int(&c - calls.data());
        }
    }
    std::vector<qint64> latency = std::move(receiver.latencyNs);
    std::sort(latency.begin(), latency.end());
    const quint64 lost = sent > received ? sent - received : 0;
    std::printf("  sent              %llu uplink frames from %d desks over %d s (%llu sends the kernel did not take "
                "whole; sender at most %.1f ms late)\n",
                static_cast<unsigned long long>(sent), desks, seconds, static_cast<unsigned long long>(stalls),
                double(maxLateNs) / 1e6);
    std::printf("  on Telnyx's side  %llu frames, %llu lost (%.3f %%), %llu out of order; fewest on one call: %llu of "
                "%d (desk %d)\n",
                static_cast<unsigned long long>(received), static_cast<unsigned long long>(lost),
                sent ? 100.0 * double(lost) / double(sent) : 0.0, static_cast<unsigned long long>(disorder),
                static_cast<unsigned long long>(worstReceived), shared.framesPerDesk, worstCall);
    std::printf("  uplink latency    p50 %.1f ms, p99 %.1f ms, max %.1f ms (desk send -> frame on Telnyx's socket; "
                "includes the re-pacer's depth)\n",
                percentileMs(latency, 0.5), percentileMs(latency, 0.99), percentileMs(latency, 1.0));
    const double framesPerSecond = double(received) / wall;
    std::printf("  server CPU        %.2f s over %.1f s (%.0f %% of one core): %.1f us per uplink frame\n", serverCpu,
                wall, 100.0 * serverCpu / wall, received ? 1e6 * serverCpu / double(received) : 0.0);
    const auto delta = [&](const char *name) {
        return metric(metricsAfter, name) - std::max(0.0, metric(metricsBefore, name));
    };
    std::printf("  server metrics    uplink frames in %.0f, to Telnyx %.0f, silence filled in %.0f, dropped %.0f, "
                "malformed %.0f\n",
                delta("switchboard_uplink_frames_received_total"), delta("switchboard_uplink_frames_sent_total"),
                delta("switchboard_uplink_silence_sent_total"), delta("switchboard_uplink_frames_dropped_total"),
                delta("switchboard_uplink_frames_malformed_total"));
    std::printf("  throughput        %.0f frames/s to Telnyx\n", framesPerSecond);
    const bool ok = printCheck(lost == 0, QStringLiteral("no uplink frame lost"));
    for (Call &c : calls) {
        ::close(c.deskFd);
        ::close(c.telnyxFd);
    }
    const int exit = stopAndPrint(server);
    telnyx.stop();
    return ok && exit == 0 ? 0 : 1;
}
