// SPDX-License-Identifier: MIT
#include "dsp/Resampler.h"

// C++
#include <cmath>
#include <numbers>
#include <numeric>

namespace sb {

namespace {
constexpr int kZeroCrossings = 24;
constexpr double kCutoff = 0.92; // of the lower Nyquist frequency
constexpr int kMaxPhases = 4096;
} // namespace

Resampler::Resampler(int inRate, int outRate)
    : m_inRate(std::max(inRate, 1))
    , m_outRate(std::max(outRate, 1))
{
    const int g = std::gcd(m_inRate, m_outRate);
    m_up = m_outRate / g;
    m_down = m_inRate / g;
    if (isPassthrough())
        return;

    // Cutoff relative to the input Nyquist frequency; when going down, the filter must stop below the output's.
    const double fc = kCutoff * std::min(1.0, double(m_up) / double(m_down));
    m_half = int(std::ceil(kZeroCrossings / fc));
    m_phases = std::min(m_up, kMaxPhases);
    const int taps = 2 * m_half;
    m_coefs.assign(std::size_t(m_phases) * std::size_t(taps), 0.0f);
    for (int p = 0; p < m_phases; ++p) {
        const double frac = double(p) / double(m_phases); // output instant after input sample n, in samples
        double sum = 0;
        std::vector<double> row(static_cast<std::size_t>(taps));
        for (int t = 0; t < taps; ++t) {
            const int j = t - m_half + 1;      // tap on input sample n + j, j in [-K+1, K]
            const double d = frac - double(j); // distance from the output instant
            const double x = fc * d;
            const double sinc = std::abs(x) < 1e-12 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
            const double w = std::abs(d) >= m_half ? 0.0
                                                   : 0.42 + 0.5 * std::cos(std::numbers::pi * d / m_half) +
                                                         0.08 * std::cos(2.0 * std::numbers::pi * d / m_half);
            row[std::size_t(t)] = fc * sinc * w;
            sum += row[std::size_t(t)];
        }
        // Unity gain at DC for every phase: otherwise the phases differ slightly and a constant would come out
        // modulated at the phase rate.
        for (int t = 0; t < taps; ++t)
            m_coefs[std::size_t(p) * std::size_t(taps) + std::size_t(t)] = float(row[std::size_t(t)] / sum);
    }
    reset();
}

void Resampler::reset()
{
    m_buf.assign(std::size_t(std::max(m_half - 1, 0)), 0.0f); // silence before the first sample
    m_pos = m_buf.size();
    m_frac = 0;
}

void Resampler::process(std::span<const float> in, std::vector<float> &out)
{
    if (isPassthrough()) {
        out.insert(out.end(), in.begin(), in.end());
        return;
    }
    m_buf.insert(m_buf.end(), in.begin(), in.end());
    produce(out);
}

void Resampler::process(std::span<const int16_t> in, std::vector<float> &out)
{
    if (isPassthrough()) {
        for (int16_t s : in)
            out.push_back(float(s));
        return;
    }
    for (int16_t s : in)
        m_buf.push_back(float(s));
    produce(out);
}

void Resampler::produce(std::vector<float> &out)
{
    const std::size_t taps = 2 * std::size_t(m_half);
    // Output at m_pos + m_frac/L needs input m_pos - K + 1 .. m_pos + K.
    while (m_pos + std::size_t(m_half) < m_buf.size()) {
        const std::size_t phase = m_phases == m_up
                                      ? std::size_t(m_frac)
                                      : std::size_t((m_frac * m_phases + m_up / 2) / m_up) % std::size_t(m_phases);
        const float *c = m_coefs.data() + phase * taps;
        const float *x = m_buf.data() + (m_pos + 1 - std::size_t(m_half));
        float acc = 0;
        for (std::size_t t = 0; t < taps; ++t)
            acc += c[t] * x[t];
        out.push_back(acc);
        m_frac += m_down;
        m_pos += std::size_t(m_frac / m_up);
        m_frac %= m_up;
    }
    // Keep only the left context the next output needs.
    const std::size_t keep = std::size_t(m_half - 1);
    if (m_pos > keep) {
        const std::size_t drop = std::min(m_pos - keep, m_buf.size());
        m_buf.erase(m_buf.begin(), m_buf.begin() + std::ptrdiff_t(drop));
        m_pos -= drop;
    }
}

} // namespace sb
