// SPDX-License-Identifier: MIT
#include "desktop/KeychainCredentialStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace sb;

// The app's keychain store where no keychain service runs (CI, a headless Linux): every call answers, with an error,
// and the sign-in can say that the token was not remembered. Where a Secret Service does run, the round trip.
class tst_KeychainCredentialStore : public QObject {
    Q_OBJECT
private slots:
    void answersWithOrWithoutAService();
};

void tst_KeychainCredentialStore::answersWithOrWithoutAService()
{
    KeychainCredentialStore store;
    QObject context;
    const QString server = QStringLiteral("http://tst-keychain.invalid:8000");
    bool written = false;
    QString writeError = QStringLiteral("unanswered");
    store.write(server, QStringLiteral("secret-token-0123456789"), &context, [&](const QString &error) {
        written = true;
        writeError = error;
    });
    QTRY_VERIFY_WITH_TIMEOUT(written, 30000);
    if (!writeError.isEmpty()) {
        qInfo("no keychain service here: %s", qPrintable(writeError));
        return; // the point: an answer, not a hang, and no file written instead
    }
    bool read = false;
    QString token;
    store.read(server, &context, [&](const QString &t, const QString &) {
        read = true;
        token = t;
    });
    QTRY_VERIFY_WITH_TIMEOUT(read, 30000);
    QCOMPARE(token, QStringLiteral("secret-token-0123456789"));
    bool removed = false;
    store.remove(server, &context, [&](const QString &error) { removed = error.isEmpty(); });
    QTRY_VERIFY_WITH_TIMEOUT(removed, 30000);
}

QTEST_MAIN(tst_KeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
