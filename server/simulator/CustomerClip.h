// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QByteArray>
#include <QList>

namespace sb {

// The simulated customer's voice: PCMU (8 kHz mu-law) cut into 20 ms frames of 160 bytes, played in a loop.
//
// Every frame's base64 text is made once here, because each call sends 50 frames a second and they are the same
// bytes every loop: a media frame is then a few appends, never an encode. The clip is padded with mu-law silence
// to a whole number of frames so a loop never splits a frame.
class CustomerClip {
public:
    static constexpr int kFrameBytes = 160; // 20 ms at 8000 samples/s, one byte per sample
    static constexpr const char *kResourcePath = ":/demo/customer.ulaw";

    // The bundled clip (resources/demo/customer.ulaw); empty if the resource is missing.
    static CustomerClip bundled();
    explicit CustomerClip(QByteArray pcmu);

    qsizetype frameCount() const { return m_frames.size(); }
    const QByteArray &pcmu() const { return m_pcmu; } // padded, frameCount() * kFrameBytes bytes

    // Frame `index` of the endless loop (0 = the clip's first 20 ms): raw bytes and their standard base64.
    QByteArray frame(quint64 index) const;
    const QByteArray &frameBase64(quint64 index) const
    {
        return m_frames.at(qsizetype(index % quint64(m_frames.size())));
    }

private:
    QByteArray m_pcmu;
    QList<QByteArray> m_frames; // base64 of each frame
};

} // namespace sb
