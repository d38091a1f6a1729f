// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QtGlobal>

// C++
#include <algorithm>
#include <span>
#include <vector>

namespace sb {

// A fixed-capacity FIFO of samples or bytes, allocated once. Used on the audio thread only (no locking): the staging
// buffer between the 20 ms blocks we produce and the device's own period, which is rarely a multiple of 20 ms.
// write() takes what fits and reports it; the caller decides what overflow means (drop oldest, or wait).
template <typename T> class RingBuffer {
public:
    explicit RingBuffer(qsizetype capacity = 0)
        : m_data(std::size_t(std::max<qsizetype>(capacity, 1)))
    {
    }

    qsizetype capacity() const { return qsizetype(m_data.size()); }
    qsizetype size() const { return m_size; }
    qsizetype freeSpace() const { return capacity() - m_size; }
    bool isEmpty() const { return m_size == 0; }
    void clear() { m_head = m_size = 0; }

    // Appends up to in.size() items; returns how many were taken.
    qsizetype write(std::span<const T> in)
    {
        const qsizetype n = std::min(qsizetype(in.size()), freeSpace());
        qsizetype tail = (m_head + m_size) % capacity();
        const qsizetype first = std::min(n, capacity() - tail);
        std::copy_n(in.data(), first, m_data.data() + tail);
        std::copy_n(in.data() + first, n - first, m_data.data());
        m_size += n;
        return n;
    }

    // The oldest items that lie contiguously in memory (possibly fewer than size()), for a zero-copy device write.
    std::span<const T> readable() const
    {
        return {m_data.data() + m_head, std::size_t(std::min(m_size, capacity() - m_head))};
    }

    // Forgets the oldest n items (n <= size()).
    void discard(qsizetype n)
    {
        n = std::min(n, m_size);
        m_head = (m_head + n) % capacity();
        m_size -= n;
    }

    // Moves up to out.size() of the oldest items into out; returns how many.
    qsizetype read(std::span<T> out)
    {
        qsizetype done = 0;
        while (done < qsizetype(out.size()) && m_size > 0) {
            const auto part = readable();
            const qsizetype n = std::min(qsizetype(part.size()), qsizetype(out.size()) - done);
            std::copy_n(part.data(), n, out.data() + done);
            discard(n);
            done += n;
        }
        return done;
    }

private:
    std::vector<T> m_data;
    qsizetype m_head = 0;
    qsizetype m_size = 0;
};

} // namespace sb
