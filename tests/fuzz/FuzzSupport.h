// SPDX-License-Identifier: MIT
#pragma once

// Shared by the fuzz targets: quiet Qt logging (the parsers log what they refuse; at thousands of inputs a second
// that is only noise) and a way to split one input into parts.

#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace sb::fuzz {

// Drops every message but a fatal one, which still aborts (and so is reported as a crash).
inline void quietQt()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            fprintf(stderr, "qFatal: %s\n", qPrintable(message));
            std::abort();
        }
    });
}

inline QByteArrayView bytes(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

// The part of `input` before the first '\n' (all of it when there is none); `input` then starts after it.
inline QByteArrayView takeLine(QByteArrayView &input)
{
    const qsizetype end = input.indexOf('\n');
    if (end < 0) {
        const QByteArrayView line = input;
        input = {};
        return line;
    }
    const QByteArrayView line = input.first(end);
    input = input.sliced(end + 1);
    return line;
}

// Feeds `input` to `feed` in pieces whose sizes follow `seed` (1 to 64 bytes each), so that every reader is also
// tried on input split where a socket could split it.
template <typename Feed> void feedInPieces(QByteArrayView input, uint32_t seed, Feed &&feed)
{
    while (!input.isEmpty()) {
        seed = seed * 1103515245U + 12345U;
        const qsizetype piece = qMin<qsizetype>(input.size(), 1 + (seed >> 16) % 64);
        feed(input.first(piece));
        input = input.sliced(piece);
    }
}

} // namespace sb::fuzz
