// SPDX-License-Identifier: MIT
#pragma once

// C++
#include <cstdint>
#include <span>
#include <vector>

namespace sb {

// Streaming sample-rate converter for one channel: a windowed-sinc (Blackman) polyphase filter.
//
// Why not linear interpolation: going up from 8 kHz, linear interpolation leaves the spectral images of the
// telephone band (4..8 kHz, 12..16 kHz, ...) only 10-20 dB down, heard as a metallic hiss on a 48 kHz headset.
// Going down to 8 kHz (microphone), a filter is mandatory: anything above 4 kHz would fold back into the speech band.
// Our filter: an ideal low-pass at 92% of the lower of the two Nyquist frequencies (3680 Hz for anything <-> 8 kHz),
// 24 zero crossings each side, Blackman window: about -70 dB stop band, flat to ~3.1 kHz, which is all G.711
// carries. Cost at 8 -> 48 kHz: 54 multiply-adds per output sample (~2.6 M/s), nothing for a desktop.
// Latency: half the filter, 27 input samples at 8 kHz (3.4 ms) up, ~2.3 ms down.
//
// The ratio is kept exact as a reduced fraction L/M (e.g. 6/1, 441/80), so there is no drift however long a call
// lasts. One coefficient set per phase is precomputed; for unusual rates with more than 4096 phases the nearest of
// 4096 is used (a timing error under 1/4096 of a sample).
class Resampler {
public:
    Resampler(int inRate, int outRate);

    int inRate() const { return m_inRate; }
    int outRate() const { return m_outRate; }
    bool isPassthrough() const { return m_inRate == m_outRate; }

    // Appends the output for `in` to `out`. Output lags input by the filter delay; across calls the total output
    // is exactly (total input) * outRate / inRate, give or take one sample.
    void process(std::span<const float> in, std::vector<float> &out);
    void process(std::span<const int16_t> in, std::vector<float> &out);

    // Forget the history (a new stream).
    void reset();

private:
    void produce(std::vector<float> &out);

    int m_inRate;
    int m_outRate;
    int m_up = 1;               // L: output samples per M input samples
    int m_down = 1;             // M
    int m_half = 0;             // K: taps each side of the output instant, in input samples
    int m_phases = 1;           // coefficient sets stored (L, or 4096 at most)
    std::vector<float> m_coefs; // m_phases rows of 2K taps
    std::vector<float> m_buf;   // input history; m_buf[m_pos] is the sample at or just before the next output
    std::size_t m_pos = 0;
    long long m_frac = 0; // position of the next output between m_pos and m_pos + 1, in units of 1/L
};

} // namespace sb
