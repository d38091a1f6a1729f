// SPDX-License-Identifier: MIT
#include "dsp/RingBuffer.h"

// Qt
#include <QTest>

// C++
#include <numeric>

using namespace sb;

class tst_RingBuffer : public QObject {
    Q_OBJECT
private slots:
    void writeReadInOrder();
    void wrapsAround();
    void refusesOverflow();
    void readableIsContiguous();
};

void tst_RingBuffer::writeReadInOrder()
{
    RingBuffer<int> ring(8);
    const int in[] = {1, 2, 3, 4, 5};
    QCOMPARE(ring.write(in), 5);
    QCOMPARE(ring.size(), 5);
    int out[5] = {};
    QCOMPARE(ring.read(out), 5);
    QVERIFY(std::equal(std::begin(in), std::end(in), std::begin(out)));
    QVERIFY(ring.isEmpty());
}

void tst_RingBuffer::wrapsAround()
{
    RingBuffer<int> ring(5);
    int next = 0, expect = 0;
    for (int round = 0; round < 50; ++round) {
        int in[3];
        for (int &v : in)
            v = next++;
        QCOMPARE(ring.write(in), 3);
        int out[3];
        QCOMPARE(ring.read(out), 3);
        for (int v : out)
            QCOMPARE(v, expect++);
    }
}

void tst_RingBuffer::refusesOverflow()
{
    RingBuffer<char> ring(4);
    const char in[] = {'a', 'b', 'c', 'd', 'e', 'f'};
    QCOMPARE(ring.write(in), 4);
    QCOMPARE(ring.freeSpace(), 0);
    ring.discard(1);
    QCOMPARE(ring.write(std::span<const char>(in + 4, 2)), 1);
    char out[4];
    QCOMPARE(ring.read(out), 4);
    QCOMPARE(QByteArray(out, 4), QByteArray("bcde"));
}

void tst_RingBuffer::readableIsContiguous()
{
    RingBuffer<int> ring(4);
    const int a[] = {1, 2, 3};
    ring.write(a);
    ring.discard(2);
    const int b[] = {4, 5, 6};
    ring.write(b); // 3 at slot 2, 4 at 3, 5 and 6 wrap
    QCOMPARE(ring.readable().size(), 2u);
    QCOMPARE(ring.readable()[0], 3);
    ring.discard(2);
    QCOMPARE(ring.readable().size(), 2u);
    QCOMPARE(ring.readable()[1], 6);
}

QTEST_GUILESS_MAIN(tst_RingBuffer)
#include "tst_ringbuffer.moc"
