// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace sb::test {

// Checks that what a sound device played is what was sent: normalized cross-correlation, speech made
// with espeak-ng, and parec captures of a PulseAudio sink's monitor (tests/audio/with-pulseaudio.sh).

struct Match {
    double correlation = 0;
    qsizetype lag = 0; // samples of the capture before the reference starts
};

// Normalized cross-correlation of `ref` against every position of `capture`; the best position wins.
Match bestMatch(const std::vector<int16_t> &ref, const std::vector<int16_t> &capture);

// The jitter buffer may cut up to 20 ms now and then to bring latency back to its target (JitterBuffer.h,
// "Draining"), which shifts everything after the cut: one lag cannot fit both sides of it. So this measures
// per half second of speech, each window at its own best lag within 50 ms of the global one, weighted by energy.
// `searchSamples`: how far from `globalLag` each window's own lag may be (50 ms by default; more where the jitter
// buffer may have cut its backlog mid-clip, shifting what follows).
double windowedCorrelation(const std::vector<int16_t> &ref, const std::vector<int16_t> &capture, qsizetype globalLag,
                           qsizetype searchSamples = 400);

// What moved the playout mid-clip: audio the jitter buffer cut (a drain), times it ran dry and re-buffered (each
// inserts up to its target, 40..80 ms here, of silence), times the device ran dry.
struct PlayoutShifts {
    quint64 drainedMs = 0;
    quint64 jitterUnderruns = 0;
    quint64 deviceUnderruns = 0;

    // One lag fits the whole clip only when nothing shifted it.
    bool none() const { return drainedMs == 0 && jitterUnderruns == 0 && deviceUnderruns == 0; }
    // How far from the clip's lag a window's own may be: 50 ms, plus what was cut, plus 80 ms per dry spell.
    qsizetype searchSamples() const
    {
        return 400 + qsizetype(drainedMs) * 8 + qsizetype(jitterUnderruns + deviceUnderruns) * 640;
    }
};

double rms(const std::vector<int16_t> &samples, std::size_t from = 0);

// Runs a program to completion (20 s at most); its stdout and stderr.
QString runProgram(const QString &program, const QStringList &args, bool *ok = nullptr);

// Why real audio cannot be tested here, or empty when a PulseAudio server and the tools are ready.
QString realAudioProblem();

// espeak-ng speech as 8 kHz mu-law, cut to whole 20 ms frames; empty and *error on failure.
QByteArray speechMuLaw(const QString &folder, const QString &text, QString *error);

// parec on a sink's monitor, 8 kHz mono s16le, small fragments so that what it hands out is close to live.
class Capture {
public:
    Capture(const QString &monitor, const QString &file);
    // Stops parec and returns what it captured; `startMs` gets the capture's start on the clock given,
    // estimated from its end (parec stops within a fragment) minus its length.
    std::vector<int16_t> stop(const QElapsedTimer &clock, qint64 *startMs);

private:
    QString m_file;
    QProcess m_process;
};

} // namespace sb::test
