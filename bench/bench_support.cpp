// SPDX-License-Identifier: MIT
#include "bench_support.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace sb::bench {

qint64 monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double rusageSeconds(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// ---------------------------------------------------------------------------------------------
// ServerProcess
// ---------------------------------------------------------------------------------------------

bool ServerProcess::start(const ServerLaunch &launch, QString *error)
{
    const QString &dir = launch.dir;
    m_logPath = dir + QStringLiteral("/server.log");
    m_configPath = dir + QStringLiteral("/sb.conf");
    // --config must name an existing file; the server writes its generated api-token into it.
    QFile config(m_configPath);
    if (!config.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot create %1").arg(m_configPath);
        return false;
    }
    config.close();

    // Nothing from the caller's environment may change what is measured (a stray PORT, API_TOKEN, ...).
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"TELNYX_API_KEY", "TELNYX_APPLICATION_ID", "TELNYX_PUBLIC_KEY", "TELNYX_STREAM_URL",
                             "TELNYX_API_BASE", "HOST", "PORT", "API_TOKEN", "DATABASE_URL", "WS_CALL_EVENTS_PORT",
                             "WS_AUDIO_STREAM_PORT", "WS_FRONTEND_AUDIO_PORT", "QT_LOGGING_RULES"})
        env.remove(QLatin1String(name));
    for (const QString &name : launch.unsetEnvironment)
        env.remove(name);
    env.insert(QStringLiteral("HOME"), dir);
    for (const auto &[name, value] : launch.setEnvironment)
        env.insert(name, value);
    m_process.setProcessEnvironment(env);
    // stderr goes to a file, not a pipe: nobody reads a pipe during the run, and a full one would
    // block the server's logging and distort the figures.
    m_process.setStandardErrorFile(m_logPath);
    m_process.setStandardOutputFile(dir + QStringLiteral("/server.out"));

    QStringList args{QStringLiteral("--headless"),
                     QStringLiteral("--port"),
                     QStringLiteral("0"),
                     QStringLiteral("--database"),
                     QStringLiteral("sqlite://") + dir + QStringLiteral("/bench.sqlite"),
                     QStringLiteral("--config"),
                     m_configPath};
    args << launch.args;
    m_process.start(launch.binary, args);
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(launch.binary, m_process.errorString());
        return false;
    }

    static const QRegularExpression listening(QStringLiteral("listening on http://\\S+:(\\d+)\\s*\\n"));
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 20000) {
        QFile log(m_logPath);
        if (log.open(QIODevice::ReadOnly)) {
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(log.readAll()));
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                return true;
            }
        }
        if (m_process.waitForFinished(10)) {
            *error = QStringLiteral("the server exited with code %1 before listening:\n%2")
                         .arg(m_process.exitCode())
                         .arg(QString::fromUtf8(logTail()));
            return false;
        }
    }
    *error = launch.noListeningLine + QStringLiteral(":\n") + QString::fromUtf8(logTail());
    return false;
}

QByteArray ServerProcess::configApiToken() const
{
    return QSettings(m_configPath, QSettings::IniFormat).value(QStringLiteral("api-token")).toByteArray();
}

QByteArray ServerProcess::logTail() const
{
    QFile log(m_logPath);
    return log.open(QIODevice::ReadOnly) ? log.readAll().right(4000) : QByteArray();
}

std::optional<double> ServerProcess::cpuSeconds() const
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid()));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = stat.readAll();
    // The command name (field 2) may hold spaces: count fields from the closing parenthesis, which
    // is followed by field 3 (state).
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    if (fields.size() < 13)
        return std::nullopt;
    const double ticks = double(fields[11].toLongLong() + fields[12].toLongLong()); // fields 14 and 15
    return ticks / double(sysconf(_SC_CLK_TCK));
}

qint64 ServerProcess::statusKb(const char *field) const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

int ServerProcess::stop(qint64 *elapsedMs)
{
    QElapsedTimer timer;
    timer.start();
    m_process.terminate(); // SIGTERM
    const bool finished = m_process.waitForFinished(15000);
    *elapsedMs = timer.elapsed();
    if (!finished) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return -1;
    }
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

// ---------------------------------------------------------------------------------------------
// The temporary folder and the common options.
// ---------------------------------------------------------------------------------------------

void beginProgram(QCommandLineParser &parser, const char *program, const QString &description)
{
    QCoreApplication::setApplicationName(QLatin1String(program));
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    parser.setApplicationDescription(description);
    parser.addHelpOption();
}

std::unique_ptr<QTemporaryDir> makeTemporaryFolder(const char *program, const QString &workdir, bool keep)
{
    auto dir = std::make_unique<QTemporaryDir>(workdir + QLatin1Char('/') + QLatin1String(program) +
                                               QStringLiteral("-XXXXXX"));
    if (!dir->isValid()) {
        std::fprintf(stderr, "%s: cannot create a temporary folder in %s\n", program, qPrintable(workdir));
        return nullptr;
    }
    dir->setAutoRemove(!keep);
    return dir;
}

QCommandLineOption binaryOption(const QString &defaultBinary)
{
    return QCommandLineOption(QStringLiteral("binary"), QStringLiteral("The switchboard executable."),
                              QStringLiteral("path"), defaultBinary);
}

QCommandLineOption workdirOption()
{
    return QCommandLineOption(QStringLiteral("workdir"),
                              QStringLiteral("Where to put the temporary folder (database, config, log)."),
                              QStringLiteral("dir"), QDir::tempPath());
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

int connectTo(quint16 port, int receiveBuffer)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (receiveBuffer > 0) // before connect, so that the window is negotiated small
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool sendAllBlocking(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data.remove_prefix(size_t(n));
    }
    return true;
}

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return (x | 0x20) == (y | 0x20); });
}

} // namespace

int parseResponse(std::string_view in, Response *r)
{
    const size_t headEnd = in.find("\r\n\r\n");
    if (headEnd == std::string_view::npos)
        return in.size() > 65536 ? -1 : 0;
    if (in.size() < 12 || (in.substr(0, 9) != "HTTP/1.1 " && in.substr(0, 9) != "HTTP/1.0 "))
        return -1;
    r->status = std::atoi(in.data() + 9);
    std::optional<size_t> length;
    r->close = false;
    size_t line = in.find("\r\n") + 2;
    while (line < headEnd) {
        const size_t end = in.find("\r\n", line);
        const std::string_view header = in.substr(line, end - line);
        const size_t colon = header.find(':');
        if (colon != std::string_view::npos) {
            const std::string_view name = header.substr(0, colon);
            std::string_view value = header.substr(colon + 1);
            while (!value.empty() && value.front() == ' ')
                value.remove_prefix(1);
            if (equalsIgnoreCase(name, "content-length"))
                length = size_t(std::strtoull(std::string(value).c_str(), nullptr, 10));
            else if (equalsIgnoreCase(name, "transfer-encoding"))
                return -1; // chunked answers are not expected from the server: say so loudly
            else if (equalsIgnoreCase(name, "connection") && equalsIgnoreCase(value, "close"))
                r->close = true;
        }
        line = end + 2;
    }
    if (!length)
        return -1;
    r->bodyAt = headEnd + 4;
    r->size = r->bodyAt + *length;
    return in.size() >= r->size ? 1 : 0;
}

Reply httpRequest(quint16 port, const char *method, const QByteArray &target, const QByteArray &token,
                  const QByteArray &body, int timeoutSeconds)
{
    Reply reply;
    const int fd = connectTo(port);
    if (fd < 0)
        return reply;
    const timeval timeout{timeoutSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    QByteArray request = QByteArray(method) + ' ' + target +
                         " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\nConnection: close\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    if (!body.isEmpty())
        request += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n" + body;
    if (!sendAllBlocking(fd, std::string_view(request.constData(), size_t(request.size())))) {
        ::close(fd);
        return reply;
    }
    std::string in;
    char buffer[65536];
    Response r;
    int parsed = 0;
    while ((parsed = parseResponse(in, &r)) == 0) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        in.append(buffer, size_t(n));
    }
    ::close(fd);
    if (parsed == 1) {
        reply.status = r.status;
        reply.body = QByteArray(in.data() + r.bodyAt, qsizetype(r.size - r.bodyAt));
    }
    return reply;
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

double metric(const QByteArray &text, const QByteArray &name)
{
    double sum = -1;
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith(name) || line.size() <= name.size())
            continue;
        const char next = line[name.size()];
        if (next != ' ' && next != '{')
            continue;
        sum = std::max(sum, 0.0) + line.mid(line.lastIndexOf(' ') + 1).toDouble();
    }
    return sum;
}

double percentileMs(const std::vector<qint64> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const size_t at = std::min(sorted.size() - 1, size_t(p / 100.0 * double(sorted.size())));
    return double(sorted[at]) / 1e6;
}

bool printCheck(bool ok, const QString &what)
{
    std::printf("  %-4s %s\n", ok ? "ok" : "FAIL", qPrintable(what));
    return ok;
}

void printServerLine(const char *program, const QString &binary, const ServerProcess &server, const QString &extra,
                     const QString &folder)
{
    std::printf("%s: %s (pid %lld) on port %u%s, folder %s\n", program, qPrintable(binary),
                static_cast<long long>(server.pid()), unsigned(server.port()), qPrintable(extra), qPrintable(folder));
}

int stopAndPrint(ServerProcess &server)
{
    qint64 stopMs = 0;
    const int exitCode = server.stop(&stopMs);
    std::printf("shutdown            SIGTERM -> exit code %d after %lld ms\n", exitCode,
                static_cast<long long>(stopMs));
    return exitCode;
}

} // namespace sb::bench
