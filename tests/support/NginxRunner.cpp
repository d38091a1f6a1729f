// SPDX-License-Identifier: MIT
#include "NginxRunner.h"

#include <QFile>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

namespace sb::test {

bool NginxRunner::installed()
{
    return QFile::exists(QLatin1String(kBinary));
}

NginxRunner::~NginxRunner()
{
    stop();
}

bool NginxRunner::replace(QByteArray &text, const QByteArray &from, const QByteArray &to, int times)
{
    if (text.count(from) != times)
        return false;
    text.replace(from, to);
    return true;
}

bool NginxRunner::start(const QString &dir, const QByteArray &site, quint16 probePort, QString *error)
{
    QFile siteFile(dir + QStringLiteral("/switchboard.conf"));
    QFile main(dir + QStringLiteral("/nginx.conf"));
    if (!siteFile.open(QIODevice::WriteOnly) || !main.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write the configuration into %1").arg(dir);
        return false;
    }
    siteFile.write(site);
    siteFile.close();
    const QByteArray d = dir.toUtf8();
    main.write("daemon off;\nmaster_process off;\npid " + d + "/nginx.pid;\nevents {}\nhttp {\n    access_log " + d +
               "/access.log;\n    client_body_temp_path " + d + "/body;\n    proxy_temp_path " + d +
               "/proxy;\n    fastcgi_temp_path " + d + "/fastcgi;\n    uwsgi_temp_path " + d +
               "/uwsgi;\n    scgi_temp_path " + d + "/scgi;\n" +
               "    proxy_bind 127.0.0.2;  # the tests' proxy address\n    include " + d + "/switchboard.conf;\n}\n");
    main.close();

    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QLatin1String(kBinary),
                    {QStringLiteral("-p"), dir, QStringLiteral("-e"), dir + QStringLiteral("/error.log"),
                     QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf")});
    if (!m_process.waitForStarted(5000)) {
        *error = m_process.errorString();
        return false;
    }
    // Ready once it accepts connections.
    for (int i = 0; i < 100 && m_process.state() == QProcess::Running; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, probePort);
        if (probe.waitForConnected(100))
            return true;
        QTest::qWait(50);
    }
    QFile errors(dir + QStringLiteral("/error.log"));
    errors.open(QIODevice::ReadOnly);
    *error = QString::fromUtf8(m_process.readAll() + errors.readAll());
    return false;
}

void NginxRunner::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
    }
}

} // namespace sb::test
