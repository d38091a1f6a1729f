// SPDX-License-Identifier: MIT
#pragma once
// What the benchmarks share: the server under test as a child process (start, "listening on" port,
// /proc CPU and memory, SIGTERM), the temporary folder, clocks and getrusage, blocking HTTP/1.1 on
// loopback, Prometheus text, percentiles and the lines every benchmark prints the same way.

#include <QByteArray>
#include <QCommandLineOption>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

class QCommandLineParser;
class QTemporaryDir;

namespace sb::bench {

// ---------------------------------------------------------------------------------------------
// Clocks.
// ---------------------------------------------------------------------------------------------

// CLOCK_MONOTONIC in nanoseconds.
qint64 monotonicNs();
// user + system CPU of `who` (RUSAGE_SELF, RUSAGE_THREAD), in seconds.
double rusageSeconds(int who);

// ---------------------------------------------------------------------------------------------
// The server under test, as a child process.
// ---------------------------------------------------------------------------------------------

struct ServerLaunch {
    QString binary;
    QString dir;                                       // the temporary folder: database, config file, log, HOME
    QStringList args;                                  // after --headless --port 0 --database sqlite://… --config …
    QStringList unsetEnvironment;                      // removed besides the server's own variables
    QList<std::pair<QString, QString>> setEnvironment; // set besides HOME
    // The error when no "listening on" line shows within 20 s (the log tail follows it).
    QString noListeningLine = QStringLiteral("no 'listening on' line within 20 s");
};

class ServerProcess {
public:
    bool start(const ServerLaunch &launch, QString *error);
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    QString logPath() const { return m_logPath; }
    QString configPath() const { return m_configPath; }
    // The api-token the server generated into its config file.
    QByteArray configApiToken() const;
    QByteArray logTail() const;
    // utime + stime of all its threads, in seconds (/proc/<pid>/stat fields 14 and 15).
    std::optional<double> cpuSeconds() const;
    // A "VmHWM:"-style line of /proc/<pid>/status, in KiB.
    qint64 statusKb(const char *field) const;
    // SIGTERM, then wait; the exit code, or -1 when it had to be killed.
    int stop(qint64 *elapsedMs);

private:
    QProcess m_process;
    QString m_logPath;
    QString m_configPath;
    quint16 m_port = 0;
};

// ---------------------------------------------------------------------------------------------
// The temporary folder and the options every benchmark has.
// ---------------------------------------------------------------------------------------------

// "<workdir>/<program>-XXXXXX", removed at the end unless `keep`; null, said on stderr, when it cannot be made.
// Names the application, makes stdout line-buffered (the pid line must show at once, for `perf record -p`)
// and gives `parser` the description and --help.
void beginProgram(QCommandLineParser &parser, const char *program, const QString &description);

std::unique_ptr<QTemporaryDir> makeTemporaryFolder(const char *program, const QString &workdir, bool keep);

QCommandLineOption binaryOption(const QString &defaultBinary); // --binary path
QCommandLineOption workdirOption();                            // --workdir dir

// ---------------------------------------------------------------------------------------------
// Blocking HTTP/1.1 on loopback.
// ---------------------------------------------------------------------------------------------

// A TCP connection to 127.0.0.1:port with TCP_NODELAY (SO_RCVBUF set first when > 0); -1 on failure.
int connectTo(quint16 port, int receiveBuffer = 0);
// send() until all of `data` is out (the socket must be blocking); false when the connection failed.
bool sendAllBlocking(int fd, std::string_view data);

struct Response {
    int status = 0;
    size_t size = 0;    // head + body bytes
    size_t bodyAt = 0;  // offset of the body
    bool close = false; // "Connection: close"
};

// 1: a whole response starts `in` (and *r describes it); 0: more bytes are needed; -1: not HTTP.
int parseResponse(std::string_view in, Response *r);

struct Reply {
    int status = 0; // 0: no connection or no whole HTTP answer
    QByteArray body;
};

// One request on its own connection ("Connection: close"), with a bearer token and a JSON body when
// they are not empty.
Reply httpRequest(quint16 port, const char *method, const QByteArray &target, const QByteArray &token,
                  const QByteArray &body = {}, int timeoutSeconds = 15);

// ---------------------------------------------------------------------------------------------
// Figures.
// ---------------------------------------------------------------------------------------------

// The sum of every sample of `name` in Prometheus text (with or without labels), or -1 when absent.
double metric(const QByteArray &text, const QByteArray &name);
// The p-th percentile of ascending nanoseconds, in milliseconds; 0 when empty.
double percentileMs(const std::vector<qint64> &sorted, double p);

// "  ok   what" or "  FAIL what"; returns ok.
bool printCheck(bool ok, const QString &what);
// "<program>: <binary> (pid P) on port N<extra>, folder F"
void printServerLine(const char *program, const QString &binary, const ServerProcess &server, const QString &extra,
                     const QString &folder);
// Stops the server and prints the shutdown line; its exit code, -1 when it had to be killed.
int stopAndPrint(ServerProcess &server);

} // namespace sb::bench
