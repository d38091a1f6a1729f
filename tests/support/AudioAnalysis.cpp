// SPDX-License-Identifier: MIT
#include "AudioAnalysis.h"

#include <QFile>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace sb::test {

Match bestMatch(const std::vector<int16_t> &ref, const std::vector<int16_t> &capture)
{
    Match m;
    const qsizetype n = qsizetype(ref.size());
    if (qsizetype(capture.size()) < n)
        return m;
    std::vector<float> r(ref.begin(), ref.end()), c(capture.begin(), capture.end());
    double refEnergy = 0;
    for (float v : r)
        refEnergy += double(v) * v;
    std::vector<double> prefix(c.size() + 1, 0.0); // running energy of the capture
    for (std::size_t i = 0; i < c.size(); ++i)
        prefix[i + 1] = prefix[i] + double(c[i]) * c[i];
    for (qsizetype lag = 0; lag + n <= qsizetype(c.size()); ++lag) {
        const double energy = prefix[std::size_t(lag + n)] - prefix[std::size_t(lag)];
        if (energy <= 0)
            continue;
        float dot = 0;
        const float *cp = c.data() + lag;
        for (qsizetype i = 0; i < n; ++i)
            dot += r[std::size_t(i)] * cp[i];
        const double corr = double(dot) / std::sqrt(refEnergy * energy);
        if (corr > m.correlation)
            m = {corr, lag};
    }
    return m;
}

double windowedCorrelation(const std::vector<int16_t> &ref, const std::vector<int16_t> &capture, qsizetype globalLag,
                           qsizetype searchSamples)
{
    constexpr qsizetype kWindow = 4000;
    const qsizetype kSearch = searchSamples;
    double weighted = 0, weights = 0;
    for (qsizetype start = 0; start + kWindow <= qsizetype(ref.size()); start += kWindow) {
        double re = 0;
        for (qsizetype i = 0; i < kWindow; ++i)
            re += double(ref[std::size_t(start + i)]) * ref[std::size_t(start + i)];
        if (re < kWindow * 100.0 * 100.0) // pauses between words: nothing to compare
            continue;
        double best = 0;
        for (qsizetype lag = std::max<qsizetype>(0, globalLag - kSearch); lag <= globalLag + kSearch; ++lag) {
            if (lag + start + kWindow > qsizetype(capture.size()))
                break;
            double dot = 0, ce = 0;
            for (qsizetype i = 0; i < kWindow; ++i) {
                const double c = capture[std::size_t(lag + start + i)];
                dot += double(ref[std::size_t(start + i)]) * c;
                ce += c * c;
            }
            if (ce > 0)
                best = std::max(best, dot / std::sqrt(re * ce));
        }
        weighted += best * re;
        weights += re;
    }
    return weights > 0 ? weighted / weights : 0;
}

double rms(const std::vector<int16_t> &s, std::size_t from)
{
    double sum = 0;
    for (std::size_t i = from; i < s.size(); ++i)
        sum += double(s[i]) * s[i];
    return s.size() > from ? std::sqrt(sum / double(s.size() - from)) : 0;
}

QString runProgram(const QString &program, const QStringList &args, bool *ok)
{
    QProcess p;
    p.start(program, args);
    const bool done = p.waitForFinished(20000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (ok)
        *ok = done;
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
}

QString realAudioProblem()
{
    QString problem = qEnvironmentVariable("SWITCHBOARD_PULSE_ERROR");
    if (problem.isEmpty()) {
        bool ok = false;
        const QString info = runProgram(QStringLiteral("pactl"), {QStringLiteral("info")}, &ok);
        if (!ok)
            problem = QStringLiteral("no PulseAudio server reachable (run this test through "
                                     "tests/audio/with-pulseaudio.sh): ") +
                      info;
    }
    for (const char *tool : {"espeak-ng", "sox", "parec", "pacat"}) {
        if (problem.isEmpty() && QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty())
            problem = QStringLiteral("%1 is not installed").arg(QLatin1String(tool));
    }
    return problem;
}

QByteArray speechMuLaw(const QString &folder, const QString &text, QString *error)
{
    const QString wav = folder + QStringLiteral("/speech.wav"), ul = folder + QStringLiteral("/speech.ul");
    bool ok = false;
    QString out = runProgram(QStringLiteral("espeak-ng"),
                             {QStringLiteral("-w"), wav, QStringLiteral("-s"), QStringLiteral("150"), text}, &ok);
    if (ok)
        out = runProgram(QStringLiteral("sox"),
                         {wav, QStringLiteral("-r"), QStringLiteral("8000"), QStringLiteral("-c"), QStringLiteral("1"),
                          QStringLiteral("-t"), QStringLiteral("raw"), QStringLiteral("-e"), QStringLiteral("mu-law"),
                          ul},
                         &ok);
    QFile f(ul);
    if (!ok || !f.open(QIODevice::ReadOnly)) {
        *error = out;
        return {};
    }
    QByteArray speech = f.readAll();
    speech.truncate(speech.size() - speech.size() % 160);
    return speech;
}

Capture::Capture(const QString &monitor, const QString &file)
    : m_file(file)
{
    m_process.setStandardOutputFile(file);
    m_process.start(QStringLiteral("parec"),
                    {QStringLiteral("-d"), monitor, QStringLiteral("--format=s16le"), QStringLiteral("--rate=8000"),
                     QStringLiteral("--channels=1"), QStringLiteral("--raw"), QStringLiteral("--latency-msec=10")});
    m_process.waitForStarted();
}

std::vector<int16_t> Capture::stop(const QElapsedTimer &clock, qint64 *startMs)
{
    const qint64 endMs = clock.elapsed();
    m_process.terminate();
    m_process.waitForFinished(5000);
    QFile f(m_file);
    f.open(QIODevice::ReadOnly);
    const QByteArray bytes = f.readAll();
    std::vector<int16_t> s(std::size_t(bytes.size() / 2));
    std::memcpy(s.data(), bytes.constData(), s.size() * 2);
    if (startMs)
        *startMs = endMs - qint64(s.size()) / 8;
    return s;
}

} // namespace sb::test
