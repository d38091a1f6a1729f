// SPDX-License-Identifier: MIT
#include "audio/CallRecorder.h"

#include "audio/AudioLogging.h"

// Qt
#include <QDir>
#include <QFile>

namespace sb {

QString CallRecorder::sanitize(const QString &callId)
{
    QString out;
    out.reserve(callId.size());
    for (QChar c : callId) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'.' ||
                        c == u'_' || c == u'-';
        out.append(ok ? c : u'_');
    }
    while (out.startsWith(u'.'))
        out[0] = u'_';
    if (out.isEmpty())
        out = QStringLiteral("call");
    return out.left(kMaxNameChars);
}

QString CallRecorder::fileNameFor(const QString &callId, const QDateTime &start)
{
    return sanitize(callId) + u'-' + start.toString(QStringLiteral("yyyyMMdd-hhmmss")) + QStringLiteral(".wav");
}

bool CallRecorder::start(const QString &dir, const QString &callId, const QDateTime &when)
{
    stop();
    m_error.clear();
    if (!QDir().mkpath(dir)) {
        m_error = QStringLiteral("cannot create recording directory %1").arg(dir);
        return false;
    }
    // A recording is the call's audio: readable by its owner only, whatever the umask. The file is created 0600
    // here, before the writer opens it (and keeps that mode); creating it exclusively also claims the name.
    const QString base = fileNameFor(callId, when);
    QString path = QDir(dir).filePath(base);
    for (int n = 2;; ++n) {
        QFile claim(path);
        if (claim.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            break;
        if (!claim.exists() || n > kMaxSameNameFiles) {
            m_error = QStringLiteral("cannot create %1: %2").arg(path, claim.errorString());
            return false;
        }
        path = QDir(dir).filePath(base.chopped(4) + QStringLiteral("-%1.wav").arg(n));
    }
    if (!m_writer.open(path, kSampleRate, 2)) {
        m_error = QStringLiteral("cannot create %1: %2").arg(path, m_writer.errorString());
        return false;
    }
    m_path = path;
    m_remote.clear();
    m_agent.clear();
    m_sinceHeader = 0;
    return true;
}

void CallRecorder::addRemote(std::span<const int16_t> samples)
{
    if (!isRecording())
        return;
    m_remote.insert(m_remote.end(), samples.begin(), samples.end());
    writeReady();
}

void CallRecorder::addAgent(std::span<const int16_t> samples)
{
    if (!isRecording())
        return;
    m_agent.insert(m_agent.end(), samples.begin(), samples.end());
    writeReady();
}

void CallRecorder::writeReady()
{
    const qsizetype both = qsizetype(std::min(m_remote.size(), m_agent.size()));
    const qsizetype longer = qsizetype(std::max(m_remote.size(), m_agent.size()));
    const qsizetype maxSkew = kMaxSkewMs * kSampleRate / 1000;
    // Write what both sides have; if one side ran ahead by more than the allowed skew, write its excess against
    // silence rather than holding it (and the file) back.
    writeFrames(longer - both > maxSkew ? longer - maxSkew / 2 : both);
}

void CallRecorder::writeFrames(qsizetype frames)
{
    if (frames <= 0)
        return;
    m_interleaved.resize(std::size_t(frames) * 2);
    const auto side = [](const std::vector<int16_t> &v, qsizetype i) {
        return i < qsizetype(v.size()) ? v[std::size_t(i)] : int16_t(0);
    };
    for (qsizetype i = 0; i < frames; ++i) {
        m_interleaved[std::size_t(2 * i)] = side(m_remote, i);
        m_interleaved[std::size_t(2 * i + 1)] = side(m_agent, i);
    }
    const auto consume = [frames](std::vector<int16_t> &v) {
        v.erase(v.begin(), v.begin() + std::ptrdiff_t(std::min<qsizetype>(frames, qsizetype(v.size()))));
    };
    consume(m_remote);
    consume(m_agent);
    if (!m_writer.write(m_interleaved)) {
        m_error = QStringLiteral("write to %1 failed: %2").arg(m_path, m_writer.errorString());
        qCWarning(lcAudio) << "recording stopped:" << m_error;
        m_writer.close();
        return;
    }
    m_sinceHeader += quint64(frames);
    if (m_sinceHeader >= quint64(kSampleRate)) { // once a second: a crash loses at most one second
        m_writer.updateHeader();
        m_sinceHeader = 0;
    }
}

void CallRecorder::stop()
{
    if (!isRecording())
        return;
    // Whatever one side still holds is the end of the call: keep it, against silence on the other side.
    writeFrames(qsizetype(std::max(m_remote.size(), m_agent.size())));
    m_writer.close();
    m_remote.clear();
    m_agent.clear();
}

} // namespace sb
