// SPDX-License-Identifier: MIT
#pragma once

#include "dsp/Telephone.h"
#include "dsp/WavFile.h"

// Qt
#include <QDateTime>
#include <QString>

// C++
#include <cstdint>
#include <span>
#include <vector>

namespace sb {

// Records one call as a stereo WAV, 8 kHz 16-bit: left = the remote party (the audio we played, after the jitter
// buffer), right = the agent (the microphone frames we sent; silence while muted). File name:
// `<dir>/<sanitized call id>-<yyyyMMdd-hhmmss>.wav` (local time of the stream's start).
//
// The two sides arrive on different clocks (remote: the output device's demand, in bursts of its period; agent:
// our 20 ms pacing clock), so each side is queued and frames are written as soon as both sides have them. If one
// side stalls (no microphone, output device gone) for more than kMaxSkewMs, the other is written against silence:
// the file keeps running with the call and the two channels are never more than that apart.
//
// Written as the call runs; the RIFF header is patched every second, so a killed process leaves a valid file
// missing at most the last second; stop() patches it a last time and closes.
class CallRecorder {
public:
    static constexpr int kSampleRate = kTelephoneRate; // both channels as the call carries them
    static constexpr int kMaxSkewMs = 200;
    // File names stay well under every file system's 255-byte limit, with room for the time stamp.
    static constexpr int kMaxNameChars = 100;
    // Streams of one call started in one second share a name and get -2, -3, ...; past this many something else
    // is wrong (the folder is full of our names), and start() gives up rather than search on.
    static constexpr int kMaxSameNameFiles = 1000;

    // Only [A-Za-z0-9._-] are kept (others become '_'), no leading dot, at most 100 characters.
    static QString sanitize(const QString &callId);
    static QString fileNameFor(const QString &callId, const QDateTime &start);

    CallRecorder() = default;
    ~CallRecorder() { stop(); }

    // Creates `dir` if needed, and the file 0600. If the name is taken (two streams of one call in the same second)
    // a -2, -3, ... suffix is added. Returns false (and errorString()) if the file cannot be created.
    bool start(const QString &dir, const QString &callId, const QDateTime &when = QDateTime::currentDateTime());
    void addRemote(std::span<const int16_t> samples);
    void addAgent(std::span<const int16_t> samples);
    void stop();

    bool isRecording() const { return m_writer.isOpen(); }
    QString filePath() const { return m_path; }
    QString errorString() const { return m_error; }
    quint64 framesWritten() const { return m_writer.framesWritten(); }

private:
    void writeReady();
    void writeFrames(qsizetype frames);

    WavWriter m_writer;
    QString m_path;
    QString m_error;
    std::vector<int16_t> m_remote;
    std::vector<int16_t> m_agent;
    std::vector<int16_t> m_interleaved;
    quint64 m_sinceHeader = 0;
};

} // namespace sb
