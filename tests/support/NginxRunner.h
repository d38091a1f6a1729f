// SPDX-License-Identifier: MIT
#pragma once
// A real nginx for the tests of the shipped site files (packaging/nginx): run from a private prefix, in the
// foreground, one process, with what Debian's /etc/nginx/nginx.conf gives a site, on the test's ports.

#include <QByteArray>
#include <QProcess>
#include <QString>

namespace sb::test {

class NginxRunner {
public:
    static constexpr const char *kBinary = "/usr/sbin/nginx";
    static bool installed();

    ~NginxRunner();

    // Replaces `from` by `to` in a site file, when `from` is there exactly `times` times: a changed shipped file
    // fails the test, loudly, instead of silently testing something else.
    static bool replace(QByteArray &text, const QByteArray &from, const QByteArray &to, int times = 1);

    // Writes `site` and a main configuration into `dir` (nginx connects to the upstreams from 127.0.0.2), starts
    // nginx and waits until `probePort` accepts connections; false and *error (nginx's output) otherwise.
    bool start(const QString &dir, const QByteArray &site, quint16 probePort, QString *error);
    void stop();

private:
    QProcess m_process;
};

} // namespace sb::test
