// SPDX-License-Identifier: MIT
// media_fanout: N Telnyx-like media streams into a real `switchboard --headless`, M /frontend-audio
// listeners out of it; prints what the fan-out delivers and what it costs. A benchmark that prints
// figures, not a test (CTest does not run it).
//
//   fake Telnyx REST server (thread) -> server child process -> N calls dialled through the API, each
//   stream token captured by the fake REST server -> M listeners -> N media WebSockets (connected,
//   start) -> D seconds of 20 ms media frames per stream, staggered -> stop -> figures -> /metrics.
//
// The generator is two plain threads on raw non-blocking sockets: a sender that wakes every tick and
// writes the frames that are due (text assembled from ready-made pieces, masked as RFC 6455 wants of a
// client), and a receiver that drains every listener with one epoll loop and parses just enough of
// each server frame to find its call and chunk. Latency = receive time - send time of that very frame
// (a table indexed by call and chunk). The generator's own CPU is printed next to the server's.

#include "bench_net.h"
#include "bench_support.h"

#include <QByteArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
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
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace sb::bench;

namespace {

constexpr qint64 kFrameNs = 20'000'000; // one media frame per stream every 20 ms

struct Options {
    QString binary;
    QString workdir;
    int calls = 200;
    int listeners = 10;
    int seconds = 20;
    int payloadBytes = 160;
    int tickUs = 1000;
    bool bothTracks = false;
    bool slowListener = false;
    bool pin = false;
    bool quickAck = false;
    bool keep = false;
};

void sleepUntil(qint64 ns)
{
    timespec ts{};
    ts.tv_sec = time_t(ns / 1'000'000'000);
    ts.tv_nsec = long(ns % 1'000'000'000);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
    }
}

bool pinTo(pid_t tid, int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(tid, sizeof set, &set) == 0;
}

void appendUInt(std::string &out, quint64 value)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = char('0' + value % 10);
        value /= 10;
    } while (value);
    while (n)
        out.push_back(digits[--n]);
}

// ---------------------------------------------------------------------------------------------
// The server under test, as a child process.
// ---------------------------------------------------------------------------------------------

// Pins every thread of the server to `cpu`; threads started later inherit the mask of the thread that
// starts them.
bool pinAllThreads(const ServerProcess &server, int cpu)
{
    const QStringList tasks =
        QDir(QStringLiteral("/proc/%1/task").arg(server.pid())).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    bool ok = !tasks.isEmpty();
    for (const QString &task : tasks)
        ok &= pinTo(pid_t(task.toInt()), cpu);
    return ok;
}

// ---------------------------------------------------------------------------------------------
// The load: streams, listeners, the shared send-time table.
// ---------------------------------------------------------------------------------------------

struct Stream {
    int fd = -1;
    std::string callControlId;
    std::string tokenValue;
    std::string mediaMid[2]; // `","stream_id":"bench-I","media":{"track":"…","chunk":"`
    std::string mediaTail;   // `","payload":"…"}}`
    std::string pending;     // bytes the kernel did not take yet
    quint64 sequence = 1;    // the start frame is 1
};

struct Listener {
    static constexpr size_t kCapacity = 512 * 1024;
    int fd = -1;
    std::unique_ptr<char[]> buffer{new char[kCapacity]};
    size_t begin = 0, end = 0; // the unparsed bytes
    bool closed = false;
    quint64 connected = 0, starts = 0, stops = 0, media = 0, gaps = 0, disorder = 0, mismatched = 0, other = 0;
    std::vector<int> lastChunk; // per call and track
    qint64 maxLatencyNs = 0;
};

struct Shared {
    int calls = 0;
    int framesPerStream = 0;
    int tracks = 1;
    std::vector<std::atomic<qint64>> sentAt; // (call, chunk, track) -> monotonic ns of its send(), 0 = not yet
    std::vector<quint16> sentLength;         // text length of that frame, written before sentAt
    size_t index(int call, int chunk, int track) const
    {
        return (size_t(call) * size_t(framesPerStream) + size_t(chunk - 1)) * size_t(tracks) + size_t(track);
    }
};

class Sender {
public:
    Sender(std::vector<Stream> &streams, Shared &shared, int tickUs)
        : m_streams(streams)
        , m_shared(shared)
        , m_tickNs(qint64(tickUs) * 1000)
    {
    }
    void run(qint64 startNs);

    quint64 framesSent = 0;
    quint64 bytesSent = 0;
    quint64 stalls = 0; // sends the kernel did not take whole
    qint64 maxLateNs = 0;
    double cpuSeconds = 0;
    QString error;

private:
    void write(Stream &s, const std::string &frame);
    void flush(Stream &s);
    quint32 nextMask()
    {
        m_mask ^= m_mask << 13;
        m_mask ^= m_mask >> 17;
        m_mask ^= m_mask << 5;
        return m_mask;
    }

    std::vector<Stream> &m_streams;
    Shared &m_shared;
    qint64 m_tickNs;
    quint32 m_mask = 2463534242u;
    int m_pendingStreams = 0;
};

void Sender::write(Stream &s, const std::string &frame)
{
    if (!s.pending.empty()) {
        s.pending += frame;
        flush(s);
        return;
    }
    const ssize_t n = ::send(s.fd, frame.data(), frame.size(), MSG_NOSIGNAL);
    if (n == ssize_t(frame.size()))
        return;
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
        if (error.isEmpty())
            error = QStringLiteral("media send failed: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return;
    }
    ++stalls;
    s.pending.assign(frame, n > 0 ? size_t(n) : 0);
    ++m_pendingStreams;
}

void Sender::flush(Stream &s)
{
    while (!s.pending.empty()) {
        const ssize_t n = ::send(s.fd, s.pending.data(), s.pending.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return;
        s.pending.erase(0, size_t(n));
    }
    --m_pendingStreams;
}

void Sender::run(qint64 startNs)
{
    const double cpuBefore = rusageSeconds(RUSAGE_THREAD);
    const int calls = m_shared.calls;
    const int frames = m_shared.framesPerStream;
    const int tracks = m_shared.tracks;
    std::string text, frame;
    text.reserve(1024);
    frame.reserve(1100);
    // Stream i sends its frame k at startNs + i * 20 ms / N + k * 20 ms: the load is smooth over a period.
    auto dueAt = [&](int k, int i) { return startNs + qint64(k) * kFrameNs + qint64(i) * kFrameNs / calls; };
    int k = 0, i = 0;
    while (k < frames) {
        const qint64 now = monotonicNs();
        if (m_pendingStreams > 0) {
            for (Stream &s : m_streams) {
                if (!s.pending.empty())
                    flush(s);
            }
        }
        while (k < frames && dueAt(k, i) <= now) {
            Stream &s = m_streams[size_t(i)];
            const int chunk = k + 1;
            maxLateNs = std::max(maxLateNs, now - dueAt(k, i));
            for (int track = 0; track < tracks; ++track) {
                text.assign(R"({"event":"media","sequence_number":")");
                appendUInt(text, ++s.sequence);
                text += s.mediaMid[track];
                appendUInt(text, quint64(chunk));
                text += R"(","timestamp":")";
                appendUInt(text, quint64(k) * 20);
                text += s.mediaTail;
                frame.clear();
                appendClientFrame(frame, 0x1, text, nextMask());
                const size_t at = m_shared.index(i, chunk, track);
                m_shared.sentLength[at] = quint16(text.size());
                m_shared.sentAt[at].store(monotonicNs(), std::memory_order_release);
                write(s, frame);
                ++framesSent;
                bytesSent += frame.size();
            }
            if (++i == calls) {
                i = 0;
                ++k;
            }
        }
        if (k < frames)
            sleepUntil(std::max(dueAt(k, i), now + m_tickNs));
    }
    // Whatever the kernel still refused goes out now, blocking: the stops must follow it.
    for (Stream &s : m_streams) {
        if (!s.pending.empty()) {
            ::fcntl(s.fd, F_SETFL, ::fcntl(s.fd, F_GETFL) & ~O_NONBLOCK);
            sendAllBlocking(s.fd, s.pending);
            s.pending.clear();
        }
    }
    cpuSeconds = rusageSeconds(RUSAGE_THREAD) - cpuBefore;
}

class Receiver {
public:
    Receiver(std::vector<Listener> &listeners, Shared &shared, bool quickAck)
        : m_listeners(listeners)
        , m_shared(shared)
        , m_quickAck(quickAck)
    {
    }
    void run();
    void requestStop() { m_stop = true; }
    bool allStopped() const { return m_allStopped.load(); }
    quint64 startsSeen() const { return m_startsSeen.load(); }
    qint64 lastMediaNs() const { return m_lastMediaNs.load(); }

    std::vector<qint64> latencyNs;
    double cpuSeconds = 0;
    quint64 recvCalls = 0;

private:
    void drain(Listener &l, qint64 now);
    void parse(Listener &l, qint64 now);
    void handle(Listener &l, const char *text, size_t size, qint64 now);

    std::vector<Listener> &m_listeners;
    Shared &m_shared;
    bool m_quickAck;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_allStopped{false};
    std::atomic<quint64> m_startsSeen{0};
    std::atomic<qint64> m_lastMediaNs{0};
};

// Parses the digits at `p` (up to the closing quote); -1 when there are none.
qint64 digitsAt(const char *p, const char *end)
{
    qint64 v = 0;
    const char *start = p;
    while (p < end && *p >= '0' && *p <= '9')
        v = v * 10 + (*p++ - '0');
    return p == start ? -1 : v;
}

const char *find(const char *begin, const char *end, std::string_view needle)
{
    const void *at = ::memmem(begin, size_t(end - begin), needle.data(), needle.size());
    return static_cast<const char *>(at);
}

void Receiver::handle(Listener &l, const char *text, size_t size, qint64 now)
{
    const char *end = text + size;
    constexpr std::string_view kEvent = R"({"event":")";
    if (size < kEvent.size() + 4 || std::string_view(text, kEvent.size()) != kEvent) {
        ++l.other;
        return;
    }
    const char *event = text + kEvent.size();
    if (event[0] == 'c') {
        ++l.connected;
        return;
    }
    const char *id = find(event, end, R"("stream_id":"bench-)");
    const qint64 call = id ? digitsAt(id + 19, end) : -1;
    if (call < 0 || call >= m_shared.calls) {
        ++l.other;
        return;
    }
    if (event[0] == 's') {
        if (event[2] == 'a') {
            ++l.starts;
            ++m_startsSeen;
        } else {
            ++l.stops;
        }
        return;
    }
    const char *chunkAt = find(id, end, R"("chunk":")");
    const qint64 chunk = chunkAt ? digitsAt(chunkAt + 9, end) : -1;
    if (chunk < 1 || chunk > m_shared.framesPerStream) {
        ++l.other;
        return;
    }
    int track = 0;
    if (m_shared.tracks > 1) {
        const char *trackAt = find(id, end, R"("track":")");
        track = trackAt && trackAt[9] == 'o' ? 1 : 0;
    }
    ++l.media;
    const size_t at = m_shared.index(int(call), int(chunk), track);
    const qint64 sent = m_shared.sentAt[at].load(std::memory_order_acquire);
    if (sent > 0) {
        const qint64 latency = now - sent;
        latencyNs.push_back(latency);
        l.maxLatencyNs = std::max(l.maxLatencyNs, latency);
    }
    if (m_shared.sentLength[at] != size)
        ++l.mismatched;
    int &last = l.lastChunk[size_t(call) * size_t(m_shared.tracks) + size_t(track)];
    if (chunk == last + 1) {
        last = int(chunk);
    } else if (chunk > last + 1) {
        l.gaps += quint64(chunk - last - 1);
        last = int(chunk);
    } else {
        ++l.disorder; // a duplicate or an older frame after a newer one
    }
}

void Receiver::drain(Listener &l, qint64 now)
{
    for (;;) {
        if (l.begin > 0) { // keep the unparsed tail (less than a frame) at the front
            std::memmove(l.buffer.get(), l.buffer.get() + l.begin, l.end - l.begin);
            l.end -= l.begin;
            l.begin = 0;
        }
        const size_t room = Listener::kCapacity - l.end;
        const ssize_t n = ::recv(l.fd, l.buffer.get() + l.end, room, 0);
        ++recvCalls;
        if (m_quickAck) { // the kernel leaves quick-ACK mode on its own: ask again after every read
            const int one = 1;
            ::setsockopt(l.fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        }
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            l.closed = true;
            return;
        }
        if (n < 0)
            return;
        l.end += size_t(n);
        parse(l, now);
        if (size_t(n) < room)
            return;
    }
}

void Receiver::parse(Listener &l, qint64 now)
{
    // Server frames are unmasked: FIN/opcode, 7/16/64-bit length, payload.
    for (;;) {
        const auto *p = reinterpret_cast<const unsigned char *>(l.buffer.get() + l.begin);
        const size_t avail = l.end - l.begin;
        if (avail < 2)
            return;
        size_t header = 2;
        quint64 length = p[1] & 0x7F;
        if (length == 126) {
            if (avail < 4)
                return;
            length = (quint64(p[2]) << 8) | p[3];
            header = 4;
        } else if (length == 127) {
            if (avail < 10)
                return;
            length = 0;
            for (int b = 0; b < 8; ++b)
                length = (length << 8) | p[2 + b];
            header = 10;
        }
        if (p[1] & 0x80)
            header += 4; // a masked server frame would be a protocol error; skip the key all the same
        if (length > Listener::kCapacity / 2) {
            l.closed = true; // nothing this large is expected
            return;
        }
        if (avail < header + length)
            return;
        const int opcode = p[0] & 0x0F;
        if (opcode == 0x1)
            handle(l, reinterpret_cast<const char *>(p + header), size_t(length), now);
        else if (opcode == 0x8)
            l.closed = true;
        else
            ++l.other;
        l.begin += header + size_t(length);
    }
}

void Receiver::run()
{
    const double cpuBefore = rusageSeconds(RUSAGE_THREAD);
    const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
    for (size_t i = 0; i < m_listeners.size(); ++i) {
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.u32 = uint32_t(i);
        ::epoll_ctl(epoll, EPOLL_CTL_ADD, m_listeners[i].fd, &ev);
        parse(m_listeners[i], monotonicNs()); // the bytes that came with the 101 answer
    }
    epoll_event events[64];
    while (!m_stop) {
        const int n = ::epoll_wait(epoll, events, 64, 100);
        const qint64 now = monotonicNs();
        quint64 mediaBefore = 0, mediaAfter = 0;
        for (const Listener &l : m_listeners)
            mediaBefore += l.media;
        for (int e = 0; e < n; ++e) {
            Listener &l = m_listeners[events[e].data.u32];
            if (l.closed)
                continue;
            drain(l, now);
            if (l.closed)
                ::epoll_ctl(epoll, EPOLL_CTL_DEL, l.fd, nullptr);
        }
        bool done = true;
        for (const Listener &l : m_listeners) {
            mediaAfter += l.media;
            done &= l.closed || l.stops >= quint64(m_shared.calls);
        }
        if (mediaAfter != mediaBefore)
            m_lastMediaNs = now;
        if (done && !m_allStopped)
            m_allStopped = true;
    }
    ::close(epoll);
    cpuSeconds = rusageSeconds(RUSAGE_THREAD) - cpuBefore;
}

const char *verdict(bool ok)
{
    return ok ? "ok  " : "MISS";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    beginProgram(
        parser, "media_fanout",
        QStringLiteral("Streams Telnyx-like media into a real switchboard server and measures the /frontend-audio "
                       "fan-out: frames/s delivered, forwarding latency, server CPU per delivered frame, RSS."));
    const QCommandLineOption binaryOpt = binaryOption(QStringLiteral(SWITCHBOARD_BINARY));
    const QCommandLineOption callsOpt(QStringLiteral("calls"), QStringLiteral("Calls, one media stream each."),
                                      QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption listenersOpt(QStringLiteral("listeners"),
                                          QStringLiteral("/frontend-audio listeners, each on every call."),
                                          QStringLiteral("M"), QStringLiteral("10"));
    const QCommandLineOption secondsOpt(QStringLiteral("duration"), QStringLiteral("Seconds of audio per stream."),
                                        QStringLiteral("D"), QStringLiteral("20"));
    const QCommandLineOption tracksOpt(QStringLiteral("tracks"),
                                       QStringLiteral("inbound (default), or both: the streams also send the "
                                                      "outbound track and listeners ask for ?tracks=both."),
                                       QStringLiteral("which"), QStringLiteral("inbound"));
    const QCommandLineOption payloadOpt(QStringLiteral("payload"), QStringLiteral("PCMU bytes per media frame."),
                                        QStringLiteral("bytes"), QStringLiteral("160"));
    const QCommandLineOption tickOpt(QStringLiteral("tick-us"),
                                     QStringLiteral("The sender wakes at most this often and sends what is due."),
                                     QStringLiteral("us"), QStringLiteral("1000"));
    const QCommandLineOption slowOpt(QStringLiteral("slow-listener"),
                                     QStringLiteral("Add one listener that never reads (SO_RCVBUF 4 KiB)."));
    const QCommandLineOption pinOpt(QStringLiteral("pin"),
                                    QStringLiteral("Pin the server to CPU 0 and the generator to CPU 1."));
    const QCommandLineOption quickAckOpt(
        QStringLiteral("quickack"),
        QStringLiteral("Diagnostic: listeners ACK at once (TCP_QUICKACK after every read) instead of delaying ACKs, "
                       "to tell the server's own latency from Nagle + delayed-ACK stalls on its sockets."));
    const QCommandLineOption workdirOpt = workdirOption();
    const QCommandLineOption keepOpt(QStringLiteral("keep"), QStringLiteral("Keep the temporary folder."));
    parser.addOptions({binaryOpt, callsOpt, listenersOpt, secondsOpt, tracksOpt, payloadOpt, tickOpt, slowOpt, pinOpt,
                       quickAckOpt, workdirOpt, keepOpt});
    parser.process(app);

    Options options;
    options.binary = parser.value(binaryOpt);
    options.workdir = parser.value(workdirOpt);
    options.slowListener = parser.isSet(slowOpt);
    options.pin = parser.isSet(pinOpt);
    options.quickAck = parser.isSet(quickAckOpt);
    options.keep = parser.isSet(keepOpt);
    options.bothTracks = parser.value(tracksOpt) == QLatin1String("both");
    bool ok[5] = {};
    options.calls = parser.value(callsOpt).toInt(&ok[0]);
    options.listeners = parser.value(listenersOpt).toInt(&ok[1]);
    options.seconds = parser.value(secondsOpt).toInt(&ok[2]);
    options.payloadBytes = parser.value(payloadOpt).toInt(&ok[3]);
    options.tickUs = parser.value(tickOpt).toInt(&ok[4]);
    if (!std::all_of(std::begin(ok), std::end(ok), [](bool b) { return b; }) || options.calls < 1 ||
        options.listeners < 1 || options.seconds < 1 || options.payloadBytes < 1 || options.payloadBytes > 8000 ||
        options.tickUs < 0 ||
        (parser.value(tracksOpt) != QLatin1String("inbound") && parser.value(tracksOpt) != QLatin1String("both"))) {
        std::fprintf(stderr, "media_fanout: --calls, --listeners, --duration, --payload must be 1 or more (payload "
                             "at most 8000), --tick-us 0 or more, --tracks inbound or both\n");
        return 2;
    }
    if (options.pin && sysconf(_SC_NPROCESSORS_ONLN) < 2) {
        std::fprintf(stderr, "media_fanout: --pin needs two CPUs\n");
        return 2;
    }

    const std::unique_ptr<QTemporaryDir> dir = makeTemporaryFolder("media_fanout", options.workdir, options.keep);
    if (!dir)
        return 1;
    if (options.pin)
        pinTo(0, 1); // this thread, and every thread it starts from now on

    QString error;
    FakeTelnyx telnyx;
    if (!telnyx.start(&error)) {
        std::fprintf(stderr, "media_fanout: %s\n", qPrintable(error));
        return 1;
    }
    const ServerLaunch launch = launchAgainst(telnyx, options.binary, dir->path());
    ServerProcess server;
    if (!server.start(launch, &error)) {
        std::fprintf(stderr, "media_fanout: %s\n", qPrintable(error));
        telnyx.stop();
        return 1;
    }
    if (options.pin && !pinAllThreads(server, 0))
        std::printf("  warning: could not pin every server thread to CPU 0\n");
    const QByteArray token = server.configApiToken();
    printServerLine("media_fanout", options.binary, server,
                    QStringLiteral(", fake Telnyx API on port %1").arg(telnyx.port()), dir->path());

    bool allOk = true;
    auto fail = [&](const QString &why) {
        std::printf("error: %s\nserver log tail:\n%s\n", qPrintable(why), server.logTail().constData());
        qint64 ms = 0;
        server.stop(&ms);
        telnyx.stop();
        return 1;
    };
    if (token.isEmpty())
        return fail(QStringLiteral("no api-token in %1").arg(server.configPath()));

    // 1. Dial the calls through the API; the fake REST server keeps each call's stream token.
    const int calls = options.calls;
    const int tracks = options.bothTracks ? 2 : 1;
    std::vector<Stream> streams(static_cast<size_t>(calls));
    QElapsedTimer phase;
    phase.start();
    for (int i = 0; i < calls; ++i) {
        const QByteArray body = QByteArrayLiteral(R"({"to":"+1555)") + QByteArray::number(1000000 + i) +
                                QByteArrayLiteral(R"(","from":"+15557654321","agentId":"bench"})");
        const Reply r = httpRequest(server.port(), "POST", "/api/calls/telnyx/initiate", token, body);
        const QJsonObject answer = QJsonDocument::fromJson(r.body).object();
        const std::string id =
            answer.value(QLatin1String("data")).toObject().value(QLatin1String("callId")).toString().toStdString();
        const std::optional<std::string> streamToken = telnyx.tokenOf(id);
        if (r.status != 200 || !streamToken || streamToken->empty())
            return fail(QStringLiteral("dial %1: status %2, %3").arg(i).arg(r.status).arg(QString::fromUtf8(r.body)));
        streams[size_t(i)].callControlId = id;
        streams[size_t(i)].tokenValue = *streamToken;
    }
    std::printf("  dialled           %d calls in %.2f s (fake Telnyx saw %d dials, %d actions)\n", calls,
                double(phase.elapsed()) / 1000, telnyx.dials(), telnyx.actions());

    // 2. Listeners first, so that they see every stream start live.
    std::vector<Listener> listeners(static_cast<size_t>(options.listeners));
    const QByteArray listenTarget =
        "/frontend-audio?token=" + token + (options.bothTracks ? QByteArrayLiteral("&tracks=both") : QByteArray());
    for (Listener &l : listeners) {
        std::string leftover;
        l.fd = openWebSocket(server.port(), listenTarget, {}, 0, &leftover, &error);
        if (l.fd < 0)
            return fail(QStringLiteral("listener: %1").arg(error));
        std::memcpy(l.buffer.get(), leftover.data(), std::min(leftover.size(), Listener::kCapacity));
        l.end = std::min(leftover.size(), Listener::kCapacity);
        l.lastChunk.assign(size_t(calls) * size_t(tracks), 0);
    }
    int slowFd = -1;
    if (options.slowListener) {
        std::string ignored;
        slowFd = openWebSocket(server.port(), listenTarget, {}, 4096, &ignored, &error);
        if (slowFd < 0)
            return fail(QStringLiteral("slow listener: %1").arg(error));
    }

    Shared shared;
    shared.calls = calls;
    shared.framesPerStream = options.seconds * 50;
    shared.tracks = tracks;
    shared.sentAt = std::vector<std::atomic<qint64>>(size_t(calls) * size_t(shared.framesPerStream) * size_t(tracks));
    shared.sentLength.assign(shared.sentAt.size(), 0);
    Receiver receiver(listeners, shared, options.quickAck);
    receiver.latencyNs.reserve(shared.sentAt.size() * listeners.size());
    std::thread receiverThread([&receiver] { receiver.run(); });

    // 3. The media connections: token in the header as Telnyx sends it, then connected and start.
    std::srand(unsigned(monotonicNs()));
    for (int i = 0; i < calls; ++i) {
        Stream &s = streams[size_t(i)];
        std::string leftover;
        s.fd = openWebSocket(server.port(), "/audio-stream",
                             "x-telnyx-streaming-auth-token: " + QByteArray::fromStdString(s.tokenValue) + "\r\n", 0,
                             &leftover, &error);
        if (s.fd < 0) {
            receiver.requestStop();
            receiverThread.join();
            return fail(QStringLiteral("media stream %1: %2").arg(i).arg(error));
        }
        const std::string streamId = "bench-" + std::to_string(i);
        QByteArray pcmu(options.payloadBytes, '\0');
        for (char &c : pcmu)
            c = char(std::rand());
        const std::string payload = pcmu.toBase64().toStdString();
        for (int track = 0; track < tracks; ++track)
            s.mediaMid[track] = R"(","stream_id":")" + streamId + R"(","media":{"track":")" +
                                (track ? "outbound" : "inbound") + R"(","chunk":")";
        s.mediaTail = R"(","payload":")" + payload + R"("}})";
        std::string hello;
        appendClientFrame(hello, 0x1, R"({"event":"connected","version":"1.0.0"})", 0x12345678u);
        const std::string start = R"({"event":"start","sequence_number":"1","stream_id":")" + streamId +
                                  R"(","start":{"user_id":"0b6f4f9e-7d1c-4c55-9a0e-3f2d1e0c9b87","call_control_id":")" +
                                  s.callControlId + R"(","call_session_id":"session-)" + std::to_string(i) +
                                  R"(","from":"+15557654321","to":"+1555)" + std::to_string(1000000 + i) +
                                  R"(","tags":[],"client_state":"eyJhZ2VudElkIjoiYmVuY2gifQ==","custom_parameters":{},)"
                                  R"("media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1}}})";
        appendClientFrame(hello, 0x1, start, 0x9abcdef0u);
        ::fcntl(s.fd, F_SETFL, ::fcntl(s.fd, F_GETFL) & ~O_NONBLOCK);
        sendAllBlocking(s.fd, hello);
        ::fcntl(s.fd, F_SETFL, ::fcntl(s.fd, F_GETFL) | O_NONBLOCK);
    }
    // Every listener must have seen every start before the clock starts.
    const quint64 startsWanted = quint64(calls) * listeners.size();
    QElapsedTimer waited;
    waited.start();
    while (receiver.startsSeen() < startsWanted && waited.elapsed() < 15000)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (receiver.startsSeen() < startsWanted) {
        receiver.requestStop();
        receiverThread.join();
        return fail(QStringLiteral("listeners saw %1 of %2 start frames").arg(receiver.startsSeen()).arg(startsWanted));
    }
    std::printf("  connected         %d media streams and %zu listeners%s in %.2f s\n", calls, listeners.size(),
                options.slowListener ? " (+1 that never reads)" : "", double(phase.elapsed()) / 1000);
    std::printf("  server before run %.1f MiB resident (VmRSS)\n", double(server.statusKb("VmRSS")) / 1024);
    if (options.pin && !pinAllThreads(server, 0)) // new threads may have appeared while dialling
        std::printf("  warning: could not pin every server thread to CPU 0\n");

    // 4. The timed run.
    const QByteArray metricsBefore = httpRequest(server.port(), "GET", "/metrics", {}).body;
    const double serverCpuBefore = server.cpuSeconds().value_or(-1);
    const double selfCpuBefore = rusageSeconds(RUSAGE_SELF);
    Sender sender(streams, shared, options.tickUs);
    const qint64 startNs = monotonicNs() + 20'000'000;
    std::thread senderThread([&sender, startNs] { sender.run(startNs); });
    senderThread.join();
    const qint64 sentNs = monotonicNs();
    // The stops, after the last media frame of each stream.
    for (Stream &s : streams) {
        std::string bye;
        const std::string stop = R"({"event":"stop","sequence_number":")" + std::to_string(++s.sequence) +
                                 R"(","stream_id":"bench-)" + std::to_string(&s - streams.data()) +
                                 R"(","stop":{"user_id":"0b6f4f9e-7d1c-4c55-9a0e-3f2d1e0c9b87","call_control_id":")" +
                                 s.callControlId + R"("}})";
        appendClientFrame(bye, 0x1, stop, 0x0badf00du);
        ::fcntl(s.fd, F_SETFL, ::fcntl(s.fd, F_GETFL) & ~O_NONBLOCK);
        sendAllBlocking(s.fd, bye);
    }
    waited.restart();
    while (!receiver.allStopped() && waited.elapsed() < 10000)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const bool stopsArrived = receiver.allStopped();
    const double serverCpu = server.cpuSeconds().value_or(-1) - serverCpuBefore;
    const double selfCpu = rusageSeconds(RUSAGE_SELF) - selfCpuBefore;
    receiver.requestStop();
    receiverThread.join();
    const qint64 endNs = std::max(receiver.lastMediaNs(), sentNs);
    const QByteArray metricsAfter = httpRequest(server.port(), "GET", "/metrics", {}).body;
    const qint64 hwmKb = server.statusKb("VmHWM");
    const qint64 rssKb = server.statusKb("VmRSS");

    // 5. Figures.
    const double wall = double(endNs - startNs) / 1e9;
    const quint64 expectedEach = quint64(calls) * quint64(shared.framesPerStream) * quint64(tracks);
    quint64 delivered = 0, gaps = 0, disorder = 0, mismatched = 0, lost = 0;
    quint64 minMedia = ~quint64(0), maxMedia = 0;
    qint64 worstListenerMax = 0;
    bool listenersOk = true;
    for (const Listener &l : listeners) {
        delivered += l.media;
        gaps += l.gaps;
        disorder += l.disorder;
        mismatched += l.mismatched;
        lost += l.media < expectedEach ? expectedEach - l.media : 0;
        minMedia = std::min(minMedia, l.media);
        maxMedia = std::max(maxMedia, l.media);
        worstListenerMax = std::max(worstListenerMax, l.maxLatencyNs);
        listenersOk &= !l.closed && l.connected == 1 && l.starts == quint64(calls) && l.stops == quint64(calls);
    }
    auto delta = [&](const char *name) {
        return metric(metricsAfter, name) - std::max(0.0, metric(metricsBefore, name));
    };
    const double dropped = delta("switchboard_media_frames_dropped_total");
    const double framesIn = delta("switchboard_media_frames_in_total");
    const double framesOut = delta("switchboard_media_frames_out_total");
    const double malformed = delta("switchboard_media_frames_malformed_total");
    std::vector<qint64> &sorted = receiver.latencyNs;
    std::sort(sorted.begin(), sorted.end());
    const double serverUsPerFrame = delivered ? serverCpu / double(delivered) * 1e6 : 0;
    const double p99 = percentileMs(sorted, 99);
    const double hwmMiB = double(hwmKb) / 1024;

    std::printf("run                 N=%d calls x M=%zu listeners%s, %d s of audio (%d frames per stream and "
                "track, %d-byte payload), tracks %s, %s, tick %d us%s\n",
                calls, listeners.size(), options.slowListener ? " (+1 slow)" : "", options.seconds,
                shared.framesPerStream, options.payloadBytes, options.bothTracks ? "both" : "inbound",
                options.pin ? "pinned (server CPU 0, generator CPU 1)" : "not pinned", options.tickUs,
                options.quickAck ? ", listeners quick-ACK" : "");
    std::printf("  wall time         %.3f s (first frame due -> last frame received)\n", wall);
    std::printf("  frames sent/s     %.0f (%llu frames, %.1f MiB; late by up to %.2f ms; %llu partial sends)\n",
                double(sender.framesSent) / wall, static_cast<unsigned long long>(sender.framesSent),
                double(sender.bytesSent) / 1048576.0, double(sender.maxLateNs) / 1e6,
                static_cast<unsigned long long>(sender.stalls));
    std::printf("  delivered/s       %.0f (all listeners; %llu frames, expected %llu)\n", double(delivered) / wall,
                static_cast<unsigned long long>(delivered),
                static_cast<unsigned long long>(expectedEach * listeners.size()));
    std::printf("  latency ms        p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f   [target p99 < 5]\n",
                percentileMs(sorted, 50), percentileMs(sorted, 90), p99, percentileMs(sorted, 99.9),
                sorted.empty() ? 0.0 : double(sorted.back()) / 1e6);
    std::printf("  server CPU        %.2f us per delivered frame   [target <= 2]\n", serverUsPerFrame);
    std::printf("                    %.3f s over the run = %.0f%% of one core; %.2f us per frame received\n", serverCpu,
                wall > 0 ? serverCpu / wall * 100 : 0.0,
                sender.framesSent ? serverCpu / double(sender.framesSent) * 1e6 : 0.0);
    std::printf("  server peak RSS   %.1f MiB (VmHWM; VmRSS now %.1f MiB)   [target < 60]\n", hwmMiB,
                double(rssKb) / 1024);
    std::printf("  dropped frames    %.0f (switchboard_media_frames_dropped_total over the run)\n", dropped);
    std::printf("  lost frames       %llu (expected - received, all listeners; %llu in gaps, %llu out of order, "
                "%llu with another length)   [target 0]\n",
                static_cast<unsigned long long>(lost), static_cast<unsigned long long>(gaps),
                static_cast<unsigned long long>(disorder), static_cast<unsigned long long>(mismatched));
    std::printf("  per listener      %llu .. %llu media frames (expected %llu each); worst max latency %.2f ms\n",
                static_cast<unsigned long long>(minMedia), static_cast<unsigned long long>(maxMedia),
                static_cast<unsigned long long>(expectedEach), double(worstListenerMax) / 1e6);
    std::printf("  server metrics    frames in %.0f, out %.0f, malformed %.0f\n", framesIn, framesOut, malformed);
    std::printf("  generator CPU     %.3f s = %.2f us per delivered frame, %.0f%% of one core (sender %.3f s = %.2f "
                "us per sent frame, receiver %.3f s, %llu recv calls)\n",
                selfCpu, delivered ? selfCpu / double(delivered) * 1e6 : 0.0, wall > 0 ? selfCpu / wall * 100 : 0.0,
                sender.cpuSeconds, sender.framesSent ? sender.cpuSeconds / double(sender.framesSent) * 1e6 : 0.0,
                receiver.cpuSeconds, static_cast<unsigned long long>(receiver.recvCalls));

    std::printf("targets (issue 3: 200 calls x 10 listeners)\n");
    std::printf("  %s server CPU %.2f us per delivered frame <= 2\n", verdict(serverUsPerFrame <= 2.0),
                serverUsPerFrame);
    std::printf("  %s no frame lost (%llu lost)\n", verdict(lost == 0), static_cast<unsigned long long>(lost));
    std::printf("  %s p99 forwarding latency %.2f ms < 5\n", verdict(p99 < 5.0), p99);
    std::printf("  %s peak RSS %.1f MiB < 60\n", verdict(hwmMiB < 60.0), hwmMiB);
    if (options.slowListener)
        std::printf("  %s drops counted for the slow listener (%.0f)\n", verdict(dropped > 0), dropped);

    std::printf("checks\n");
    auto check = [&](bool good, const QString &what) { allOk &= printCheck(good, what); };
    check(sender.error.isEmpty(), sender.error.isEmpty() ? QStringLiteral("every media frame sent") : sender.error);
    check(stopsArrived && listenersOk,
          QStringLiteral("every listener open, saw connected once and %1 starts and %1 stops").arg(calls));
    check(disorder == 0 && mismatched == 0, QStringLiteral("per call, frames arrive in order and unchanged in length"));
    check(framesIn == double(sender.framesSent),
          QStringLiteral("switchboard_media_frames_in_total rose by %1, expected %2")
              .arg(framesIn)
              .arg(sender.framesSent));
    check(malformed == 0, QStringLiteral("no malformed frames counted (%1)").arg(malformed));

    for (Stream &s : streams) {
        std::string bye;
        appendClientFrame(bye, 0x8, std::string_view("\x03\xe8", 2), 0x01020304u); // 1000, normal closure
        sendAllBlocking(s.fd, bye);
        ::close(s.fd);
    }
    for (Listener &l : listeners)
        ::close(l.fd);
    if (slowFd >= 0)
        ::close(slowFd);
    const int exitCode = stopAndPrint(server);
    telnyx.stop();
    if (exitCode != 0 || !allOk)
        std::printf("server log tail:\n%s\n", server.logTail().constData());
    if (options.keep)
        std::printf("kept %s\n", qPrintable(dir->path()));
    return allOk && exitCode == 0 ? 0 : 1;
}
