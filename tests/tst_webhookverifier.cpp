// SPDX-License-Identifier: MIT
#include "telnyx/WebhookVerifier.h"

#include <QTest>

using sb::WebhookVerifier;
using Outcome = WebhookVerifier::Outcome;

namespace {
// The vector of docs/telnyx.md §1.5 (seed 01..20).
const QByteArray kPublicKey = "ebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=";
const QByteArray kTimestamp = "1767225600";
const QByteArray kBody =
    R"({"data":{"event_type":"call.answered","id":"4f1c2b9e-6a0e-4c7e-9a51-0d2f3b7c8e11","occurred_at":"2026-01-01T00:00:00.000000Z","payload":{"call_control_id":"v3:abc","client_state":null},"record_type":"event"},"meta":{"attempt":1,"delivered_to":"https://example.com/webhook"}})";
const QByteArray kSignature =
    "V3XBEVzljs2jD6J3F+q62ghKw1CUyaZgjp+gm5jx5ywUBvrK0evDuUGU/uQwPdhAAh4MPiZ+uGAmhoRSSpp4Ag==";
constexpr qint64 kNow = 1767225600;
} // namespace

class tst_WebhookVerifier : public QObject {
    Q_OBJECT
private slots:
    void publicKeyDecoding_data();
    void publicKeyDecoding();
    void verify_data();
    void verify();
    void reasonNeverContainsSignature();
};

void tst_WebhookVerifier::publicKeyDecoding_data()
{
    QTest::addColumn<QByteArray>("base64");
    QTest::addColumn<bool>("valid");
    QTest::newRow("protocol vector") << kPublicKey << true;
    QTest::newRow("missing padding") << kPublicKey.chopped(1) << false;
    QTest::newRow("31 bytes") << QByteArray(31, 'a').toBase64() << false;
    QTest::newRow("33 bytes") << QByteArray(33, 'a').toBase64() << false;
    QTest::newRow("hex") << QByteArray(32, 'a').toHex() << false;
    QTest::newRow("url-safe alphabet") << QByteArray("ebVWLo_mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=") << false;
    QTest::newRow("trailing garbage") << kPublicKey + "AA" << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void tst_WebhookVerifier::publicKeyDecoding()
{
    QFETCH(QByteArray, base64);
    QFETCH(bool, valid);
    QCOMPARE(WebhookVerifier::decodePublicKey(base64).has_value(), valid);
}

void tst_WebhookVerifier::verify_data()
{
    QTest::addColumn<QByteArray>("timestamp");
    QTest::addColumn<QByteArray>("signature");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<int>("outcome");

    const QByteArray otherKey = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
    QTest::newRow("vector is valid") << kTimestamp << kSignature << kBody << kNow << kPublicKey << int(Outcome::Valid);
    QTest::newRow("trailing newline") << kTimestamp << kSignature << kBody + '\n'
                                      << kNow << kPublicKey << int(Outcome::BadSignature);
    QByteArray tampered = kBody;
    tampered.replace("call.answered", "call.hangup!!");
    QTest::newRow("tampered body") << kTimestamp << kSignature << tampered << kNow << kPublicKey
                                   << int(Outcome::BadSignature);
    QTest::newRow("re-serialised body") << kTimestamp << kSignature << QByteArray(kBody).replace(",", ", ") << kNow
                                        << kPublicKey << int(Outcome::BadSignature);
    QTest::newRow("wrong key") << kTimestamp << kSignature << kBody << kNow << otherKey << int(Outcome::BadSignature);
    QTest::newRow("other timestamp in window")
        << QByteArray("1767225601") << kSignature << kBody << kNow << kPublicKey << int(Outcome::BadSignature);
    QTest::newRow("exactly 300 s old") << kTimestamp << kSignature << kBody << kNow + 300 << kPublicKey
                                       << int(Outcome::Valid);
    QTest::newRow("exactly 300 s ahead") << kTimestamp << kSignature << kBody << kNow - 300 << kPublicKey
                                         << int(Outcome::Valid);
    QTest::newRow("stale (301 s)") << kTimestamp << kSignature << kBody << kNow + 301 << kPublicKey
                                   << int(Outcome::TimestampOutOfWindow);
    QTest::newRow("future (301 s)") << kTimestamp << kSignature << kBody << kNow - 301 << kPublicKey
                                    << int(Outcome::TimestampOutOfWindow);
    QTest::newRow("missing timestamp") << QByteArray() << kSignature << kBody << kNow << kPublicKey
                                       << int(Outcome::MissingHeaders);
    QTest::newRow("missing signature") << kTimestamp << QByteArray() << kBody << kNow << kPublicKey
                                       << int(Outcome::MissingHeaders);
    QTest::newRow("timestamp with letters")
        << QByteArray("17672256OO") << kSignature << kBody << kNow << kPublicKey << int(Outcome::MalformedTimestamp);
    QTest::newRow("negative timestamp") << QByteArray("-1767225600") << kSignature << kBody << kNow << kPublicKey
                                        << int(Outcome::MalformedTimestamp);
    QTest::newRow("huge timestamp") << QByteArray("99999999999999999999999") << kSignature << kBody << kNow
                                    << kPublicKey << int(Outcome::MalformedTimestamp);
    QTest::newRow("signature not base64") << kTimestamp << QByteArray("not base64 at all!!") << kBody << kNow
                                          << kPublicKey << int(Outcome::MalformedSignature);
    QTest::newRow("signature 63 bytes") << kTimestamp << QByteArray::fromBase64(kSignature).left(63).toBase64() << kBody
                                        << kNow << kPublicKey << int(Outcome::MalformedSignature);
    QTest::newRow("signature hex") << kTimestamp << QByteArray::fromBase64(kSignature).toHex() << kBody << kNow
                                   << kPublicKey << int(Outcome::MalformedSignature);
    QByteArray flipped = QByteArray::fromBase64(kSignature);
    flipped[10] = char(flipped[10] ^ 0x01);
    QTest::newRow("one bit flipped") << kTimestamp << flipped.toBase64() << kBody << kNow << kPublicKey
                                     << int(Outcome::BadSignature);
}

void tst_WebhookVerifier::verify()
{
    QFETCH(QByteArray, timestamp);
    QFETCH(QByteArray, signature);
    QFETCH(QByteArray, body);
    QFETCH(qint64, now);
    QFETCH(QByteArray, key);
    QFETCH(int, outcome);
    const auto decoded = WebhookVerifier::decodePublicKey(key);
    QVERIFY(decoded);
    const WebhookVerifier verifier(*decoded);
    const auto result = verifier.verify(timestamp, signature, body, now);
    QCOMPARE(int(result.outcome), outcome);
    QCOMPARE(result.ok(), outcome == int(Outcome::Valid));
}

void tst_WebhookVerifier::reasonNeverContainsSignature()
{
    const WebhookVerifier verifier(*WebhookVerifier::decodePublicKey(kPublicKey));
    const auto result = verifier.verify(kTimestamp, kSignature, kBody + ' ', kNow);
    QVERIFY(!result.ok());
    QVERIFY(!result.reason().contains(QLatin1String(kSignature.left(12))));
}

QTEST_APPLESS_MAIN(tst_WebhookVerifier)
#include "tst_webhookverifier.moc"
