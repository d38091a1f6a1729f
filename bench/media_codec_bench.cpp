// SPDX-License-Identifier: MIT
// Prints the cost of the per-frame media work: parse, base64, G.711, jitter buffer, outbound framing.
// Run a RelWithDebInfo/Release build on an idle machine; numbers are ns per operation.
#include "media/G711.h"
#include "media/JitterBuffer.h"
#include "media/MediaFrame.h"

// Qt
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

// C++
#include <cstdio>
#include <vector>

using namespace sb;

namespace {
volatile quint64 g_sink = 0; // keeps the optimiser from deleting the measured work

template <typename F> void measure(const char *name, int iterations, double unitsPerIteration, const char *unit, F f)
{
    for (int i = 0; i < iterations / 10; ++i) // warm caches and branch predictors
        f();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < iterations; ++i)
        f();
    const double ns = double(timer.nsecsElapsed()) / iterations / unitsPerIteration;
    std::printf("%-44s %9.2f ns/%s\n", name, ns, unit);
}
} // namespace

int main()
{
    QByteArray pcmu(160, Qt::Uninitialized);
    for (int i = 0; i < pcmu.size(); ++i)
        pcmu[i] = char(i * 37);
    const QByteArray frame = R"({"event":"media","sequence_number":"42","stream_id":"8c0f1b7e-2a55-4d0e-bf0e-)"
                             R"(6d8f4f1a9c33","media":{"track":"inbound","chunk":"40","timestamp":"780","payload":")" +
                             pcmu.toBase64() + R"("}})";
    std::printf("media frame: %lld bytes JSON, 160 bytes payload\n", qlonglong(frame.size()));

    measure("MediaFrame::parse (incl. base64)", 200000, 1, "frame", [&] {
        const auto f = MediaFrame::parse(frame);
        g_sink = g_sink + quint64(f->payload.size()) + *f->chunk;
    });
    measure("QJsonDocument::fromJson + fields + base64", 200000, 1, "frame", [&] {
        const QJsonObject o = QJsonDocument::fromJson(frame).object();
        const QJsonObject m = o.value(QLatin1String("media")).toObject();
        const QByteArray p = QByteArray::fromBase64(m.value(QLatin1String("payload")).toString().toLatin1());
        g_sink = g_sink + quint64(p.size()) + m.value(QLatin1String("chunk")).toString().toULongLong();
    });
    const QByteArray b64 = pcmu.toBase64();
    measure("decodeBase64Strict (216 chars)", 1000000, 1, "frame",
            [&] { g_sink = g_sink + quint64(decodeBase64Strict(b64)->size()); });
    measure("QByteArray::fromBase64 (216 chars)", 1000000, 1, "frame",
            [&] { g_sink = g_sink + quint64(QByteArray::fromBase64(b64).size()); });

    const std::span<const uint8_t> codes(reinterpret_cast<const uint8_t *>(pcmu.constData()), size_t(pcmu.size()));
    measure("makeOutboundMediaFrame (160 bytes)", 1000000, 1, "frame",
            [&] { g_sink = g_sink + quint64(makeOutboundMediaFrame(codes).size()); });

    std::vector<int16_t> linear(160);
    std::vector<uint8_t> encoded(160);
    measure("decodeMuLaw", 1000000, 160, "sample", [&] {
        decodeMuLaw(codes, linear.data());
        g_sink = g_sink + quint64(linear[17]);
    });
    measure("decodeALaw", 1000000, 160, "sample", [&] {
        decodeALaw(codes, linear.data());
        g_sink = g_sink + quint64(linear[17]);
    });
    std::vector<int16_t> speech(160);
    for (size_t i = 0; i < speech.size(); ++i)
        speech[i] = int16_t((i * 2654435761u) >> 16);
    measure("encodeMuLaw", 1000000, 160, "sample", [&] {
        encodeMuLaw(speech, encoded.data());
        g_sink = g_sink + encoded[17];
    });
    measure("encodeALaw", 1000000, 160, "sample", [&] {
        encodeALaw(speech, encoded.data());
        g_sink = g_sink + encoded[17];
    });

    JitterBuffer jb;
    quint64 key = 0;
    std::vector<int16_t> out(160);
    measure("JitterBuffer pushEncoded + pull (20 ms)", 1000000, 1, "frame", [&] {
        jb.pushEncoded(key++, codes, G711Law::MuLaw);
        jb.pull(out);
        g_sink = g_sink + quint64(out[80]);
    });
    return 0;
}
