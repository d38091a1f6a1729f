// SPDX-License-Identifier: MIT
// Unit: DATABASE_URL as Switchboard reads it (CONTRACT §2, §8): SQLite paths, PostgreSQL URLs with their parts
// decoded and their options passed on, and errors that never repeat a password.
#include "store/DatabaseUrl.h"

#include <QTest>

using sb::DatabaseUrl;

class tst_DatabaseUrl : public QObject {
    Q_OBJECT
private slots:
    void sqlite();
    void postgresql();
    void postgresqlDefaultsAndOptions();
    void refused_data();
    void refused();
};

void tst_DatabaseUrl::sqlite()
{
    QString error;
    const auto url = DatabaseUrl::parse(QStringLiteral(" sqlite:///var/lib/switchboard/calls.sqlite "), &error);
    QVERIFY2(url, qPrintable(error));
    QVERIFY(url->isSqlite());
    QCOMPARE(url->path, QStringLiteral("/var/lib/switchboard/calls.sqlite"));
    QCOMPARE(url->display(), url->path);
}

void tst_DatabaseUrl::postgresql()
{
    QString error;
    const auto url = DatabaseUrl::parse(
        QStringLiteral("postgresql://sb%40ops:p%3Ass%2Fw0rd@db.example.com:6432/switchboard"), &error);
    QVERIFY2(url, qPrintable(error));
    QCOMPARE(url->kind, DatabaseUrl::Kind::Postgresql);
    QCOMPARE(url->host, QStringLiteral("db.example.com"));
    QCOMPARE(url->port, 6432);
    QCOMPARE(url->name, QStringLiteral("switchboard"));
    QCOMPARE(url->user, QStringLiteral("sb@ops"));
    QCOMPARE(url->password, QStringLiteral("p:ss/w0rd"));
    QCOMPARE(url->options, QString());
    // What logs show: no password.
    QCOMPARE(url->display(), QStringLiteral("postgresql://sb@ops@db.example.com:6432/switchboard"));
    QVERIFY(!url->display().contains(QLatin1String("w0rd")));
}

void tst_DatabaseUrl::postgresqlDefaultsAndOptions()
{
    QString error;
    const auto url =
        DatabaseUrl::parse(QStringLiteral("postgres:///calls?sslmode=verify-full&connect_timeout=3"), &error);
    QVERIFY2(url, qPrintable(error));
    QCOMPARE(url->host, QStringLiteral("localhost"));
    QCOMPARE(url->port, 5432);
    QCOMPARE(url->name, QStringLiteral("calls"));
    QVERIFY(url->user.isEmpty());
    QCOMPARE(url->options, QStringLiteral("sslmode=verify-full;connect_timeout=3"));
}

void tst_DatabaseUrl::refused_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("relative sqlite") << QStringLiteral("sqlite://calls.sqlite");
    QTest::newRow("sqlite folder") << QStringLiteral("sqlite:///var/lib/");
    QTest::newRow("other scheme") << QStringLiteral("mysql://u:hunter2@db/calls");
    QTest::newRow("no database") << QStringLiteral("postgresql://u:hunter2@db.example.com:5432");
    QTest::newRow("database with a slash") << QStringLiteral("postgresql://u:hunter2@db/a/b");
    QTest::newRow("option that would split") << QStringLiteral("postgresql://u:hunter2@db/calls?options=a;b");
    QTest::newRow("option not a word") << QStringLiteral("postgresql://u:hunter2@db/calls?ssl-mode=x");
}

void tst_DatabaseUrl::refused()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!DatabaseUrl::parse(text, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(!error.contains(QLatin1String("hunter2")), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_DatabaseUrl)
#include "tst_databaseurl.moc"
