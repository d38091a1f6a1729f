// SPDX-License-Identifier: MIT
// HttpRequestFramer on its own: where requests end, whatever the stream's split into reads, and which
// shapes it refuses.
#include "http/HttpRequestFramer.h"

#include <QTest>

using sb::HttpLimits;
using sb::HttpRequestFramer;
using Stage = HttpRequestFramer::Stage;
using Verdict = HttpRequestFramer::Verdict;

namespace {

struct Outcome {
    Verdict verdict = Verdict::Ok;
    int completed = 0;
    Stage stage = Stage::Idle;
    int closing = 0;
};

Outcome run(const QList<QByteArrayView> &pieces)
{
    HttpRequestFramer framer{HttpLimits{}};
    Outcome out;
    for (QByteArrayView piece : pieces) {
        out.verdict = framer.feed(piece);
        if (out.verdict != Verdict::Ok)
            break;
    }
    out.completed = framer.completedRequests();
    out.stage = framer.stage();
    out.closing = framer.closingRequest();
    return out;
}

QByteArray headOfSize(qsizetype size, QByteArrayView eol)
{
    QByteArray head = "GET / HTTP/1.1" + eol.toByteArray();
    while (head.size() + 40 < size)
        head += "X-Pad: aaaaaaaa" + eol.toByteArray();
    head +=
        QByteArray(size - head.size() - 2 * eol.size() - 3, 'b').prepend("X: ") + eol.toByteArray() + eol.toByteArray();
    return head;
}

} // namespace

class tst_HttpRequestFramer : public QObject {
    Q_OBJECT
private slots:
    void framesAtEverySplit_data();
    void framesAtEverySplit();
    void headLimitWhateverLineEndings_data();
    void headLimitWhateverLineEndings();
    void chunkSizesCountBeforeTheirData();
    void bytesAfterTheEndAreNotLookedAt();
    void awaitsContinue();
};

void tst_HttpRequestFramer::framesAtEverySplit_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<int>("completed");
    QTest::addColumn<int>("stage");
    QTest::addColumn<int>("closing");
    const int ok = int(Verdict::Ok), bad = int(Verdict::BadRequest), big = int(Verdict::BodyTooLarge);
    const int idle = int(Stage::Idle), head = int(Stage::Head), body = int(Stage::Body), closed = int(Stage::Closed);
    const QByteArray chunked = "POST /w HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";

    QTest::newRow("GET, CRLF") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n") << ok << 1 << idle << 0;
    QTest::newRow("GET, bare LF") << QByteArray("GET / HTTP/1.1\nHost: a\n\n") << ok << 1 << idle << 0;
    QTest::newRow("GET, mixed") << QByteArray("GET / HTTP/1.1\r\nHost: a\nAccept: *\r\n\n") << ok << 1 << idle << 0;
    QTest::newRow("no header fields") << QByteArray("GET / HTTP/1.1\r\n\r\n") << ok << 1 << idle << 0;
    QTest::newRow("blank lines first") << QByteArray("\r\n\r\nGET / HTTP/1.1\r\n\r\n") << ok << 1 << idle << 0;
    QTest::newRow("Content-Length") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello") << ok << 1
                                    << idle << 0;
    QTest::newRow("Content-Length, LF") << QByteArray("POST /x HTTP/1.1\ncontent-length:5\n\nhello") << ok << 1 << idle
                                        << 0;
    QTest::newRow("Content-Length: 0") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n") << ok << 1 << idle
                                       << 0;
    QTest::newRow("pipelined")
        << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n")
        << ok << 3 << idle << 0;
    QTest::newRow("chunked") << chunked + "5\r\nhello\r\n0\r\n\r\n" << ok << 1 << idle << 0;
    QTest::newRow("chunk extensions") << chunked + "5;name=\"v\"\r\nhello\r\nA ; x\r\n0123456789\r\n0;last\r\n\r\n"
                                      << ok << 1 << idle << 0;
    QTest::newRow("chunked, then pipelined") << chunked + "3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n"
                                             << ok << 2 << idle << 0;
    QTest::newRow("chunked, LF head") << QByteArray(
                                             "POST /w HTTP/1.1\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n")
                                      << ok << 1 << idle << 0;
    QTest::newRow("partial head") << QByteArray("GET / HTTP/1.1\r\nHost:") << ok << 0 << head << 0;
    QTest::newRow("partial body") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc") << ok << 0 << body
                                  << 0;
    QTest::newRow("Connection: close") << QByteArray(
                                              "GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\n\r\n")
                                       << ok << 1 << closed << 1;
    QTest::newRow("close after keep-alive")
        << QByteArray("GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\nxyz") << ok << 2
        << closed << 2;
    QTest::newRow("HTTP/1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << ok << 1 << closed << 1;
    QTest::newRow("HTTP/1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << ok << 1
                                         << idle << 0;
    QTest::newRow("WebSocket upgrade")
        << QByteArray("GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x85garbage\r\n\r\n")
        << ok << 1 << int(Stage::Upgrade) << 0;

    QTest::newRow("two Content-Lengths") << QByteArray(
                                                "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
                                         << bad << 0 << closed << 0;
    QTest::newRow("two equal Content-Lengths")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc") << bad << 0 << closed
        << 0;
    QTest::newRow("Content-Length and chunked")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << bad << 0
        << closed << 0;
    QTest::newRow("Content-Length not a number")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\nabc") << bad << 0 << closed << 0;
    QTest::newRow("gzip coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << bad << 0
                                 << closed << 0;
    QTest::newRow("two codings") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") << bad
                                 << 0 << closed << 0;
    QTest::newRow("folded line") << QByteArray("GET / HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n") << bad << 0 << closed << 0;
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nGarbage\r\n\r\n") << bad << 0 << closed << 0;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : a\r\n\r\n") << bad << 0 << closed << 0;
    QTest::newRow("request line") << QByteArray("GET /\r\n\r\n") << bad << 0 << closed << 0;
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n\r\n") << bad << 0 << closed << 0;
    QTest::newRow("chunk line with LF") << chunked + "5\nhello\n0\n\n" << bad << 0 << closed << 0;
    QTest::newRow("chunk size not hex") << chunked + "5g\r\nhello\r\n0\r\n\r\n" << bad << 0 << closed << 0;
    QTest::newRow("chunk without CRLF") << chunked + "3\r\nabcX\r\n0\r\n\r\n" << bad << 0 << closed << 0;
    QTest::newRow("trailer fields") << chunked + "3\r\nabc\r\n0\r\nX-Checksum: 1\r\n\r\n" << bad << 0 << closed << 0;
    QTest::newRow("upgrade with a body")
        << QByteArray("GET /ws HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: websocket\r\nContent-Length: 2\r\n\r\nab")
        << bad << 0 << closed << 0;
    QTest::newRow("Content-Length over the limit, LF")
        << QByteArray("POST / HTTP/1.1\nContent-Length: 268435456\n\n") << big << 0 << closed << 0;
    QTest::newRow("chunk over the limit") << chunked + "100001\r\n" << big << 0 << closed << 0;
}

void tst_HttpRequestFramer::framesAtEverySplit()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, verdict);
    QFETCH(int, completed);
    QFETCH(int, stage);
    QFETCH(int, closing);
    const auto check = [&](const Outcome &out, const QByteArray &how) {
        QVERIFY2(int(out.verdict) == verdict, how.constData());
        QVERIFY2(out.completed == completed, how.constData());
        QVERIFY2(int(out.stage) == stage, how.constData());
        QVERIFY2(out.closing == closing, how.constData());
    };
    check(run({stream}), "whole");
    for (qsizetype split = 1; split < stream.size(); ++split) {
        const QByteArrayView all(stream);
        check(run({all.first(split), all.sliced(split)}), "split at " + QByteArray::number(split));
        if (QTest::currentTestFailed())
            return;
    }
    QList<QByteArrayView> bytes;
    for (qsizetype i = 0; i < stream.size(); ++i)
        bytes.append(QByteArrayView(stream).sliced(i, 1));
    check(run(bytes), "byte by byte");
}

void tst_HttpRequestFramer::headLimitWhateverLineEndings_data()
{
    QTest::addColumn<QByteArray>("eol");
    QTest::newRow("CRLF") << QByteArray("\r\n");
    QTest::newRow("LF") << QByteArray("\n");
}

void tst_HttpRequestFramer::headLimitWhateverLineEndings()
{
    QFETCH(QByteArray, eol);
    const qint64 limit = HttpLimits{}.maxHeadBytes;
    // A head of exactly the limit passes; one byte more is refused, as soon as that byte arrives.
    const QByteArray fits = headOfSize(limit, eol);
    QCOMPARE(fits.size(), limit);
    HttpRequestFramer framer{HttpLimits{}};
    QCOMPARE(framer.feed(fits), Verdict::Ok);
    QCOMPARE(framer.completedRequests(), 1);

    const QByteArray over = headOfSize(limit + 1, eol);
    HttpRequestFramer refused{HttpLimits{}};
    QCOMPARE(refused.feed(QByteArrayView(over).first(limit)), Verdict::Ok);
    QCOMPARE(refused.feed(QByteArrayView(over).sliced(limit)), Verdict::HeadTooLarge);

    // A head that never ends, in reads of 1000 bytes: refused within the limit's worth of bytes.
    HttpRequestFramer endless{HttpLimits{}};
    QByteArray stream = "GET / HTTP/1.1" + eol;
    qint64 fed = 0;
    Verdict verdict = Verdict::Ok;
    while (verdict == Verdict::Ok && fed < 10 * limit) {
        stream += "X-Slow: " + QByteArray(990, 'z') + eol;
        verdict = endless.feed(stream);
        fed += stream.size();
        stream.clear();
    }
    QCOMPARE(verdict, Verdict::HeadTooLarge);
    QVERIFY(fed <= limit + 1000);
    // So do blank lines without end.
    HttpRequestFramer blank{HttpLimits{}};
    QCOMPARE(blank.feed(QByteArray(limit + 1, '\n')), Verdict::HeadTooLarge);
}

void tst_HttpRequestFramer::chunkSizesCountBeforeTheirData()
{
    HttpRequestFramer framer{HttpLimits{}};
    QCOMPARE(framer.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), Verdict::Ok);
    const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, 'a') + "\r\n"; // 64 KiB
    for (int i = 0; i < 16; ++i)
        QCOMPARE(framer.feed(chunk), Verdict::Ok);         // exactly 1 MiB
    QCOMPARE(framer.feed("1\r\n"), Verdict::BodyTooLarge); // one byte more, announced: refused before it comes
    QVERIFY(framer.problem().contains(QLatin1String("chunked")));
}

void tst_HttpRequestFramer::bytesAfterTheEndAreNotLookedAt()
{
    HttpRequestFramer framer{HttpLimits{}};
    const QByteArray request = "GET / HTTP/1.1\r\nConnection: close\r\n\r\n";
    QCOMPARE(framer.feed(request + "garbage that is never HTTP"), Verdict::Ok);
    QCOMPARE(framer.consumed(), request.size());
    QCOMPARE(framer.stage(), Stage::Closed);
}

void tst_HttpRequestFramer::awaitsContinue()
{
    HttpRequestFramer framer{HttpLimits{}};
    QCOMPARE(framer.feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"), Verdict::Ok);
    QVERIFY(framer.awaitsContinue());
    QCOMPARE(framer.feed("ab"), Verdict::Ok);
    QVERIFY(!framer.awaitsContinue());
}

QTEST_APPLESS_MAIN(tst_HttpRequestFramer)
#include "tst_httprequestframer.moc"
