// SPDX-License-Identifier: MIT
#include "PresenceModel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace sb;

// PresenceModel against recorded answers of the server (CONTRACT §9): GET /api/presence's body (data/presence.json)
// and /call-events frames (data/presence-events.json), the well-formed ones and the ones to ignore.
class tst_PresenceModel : public QObject {
    Q_OBJECT
private slots:
    void initialList();
    void updateEvent();
    void unknownUserAppears();
    void malformedEventsIgnored_data();
    void malformedEventsIgnored();

private:
    static QJsonDocument recorded(const char *name);
    static QJsonObject frame(int index);
    static bool apply(PresenceModel &model, const QJsonObject &frame);
    static QVariant value(const PresenceModel &model, const QString &name, int role);
    static void loadInitial(PresenceModel &model);
};

QJsonDocument tst_PresenceModel::recorded(const char *name)
{
    QFile file(QStringLiteral(TEST_DATA_DIR "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", name);
    return QJsonDocument::fromJson(file.readAll());
}

QJsonObject tst_PresenceModel::frame(int index)
{
    return recorded("presence-events.json").array().at(index).toObject();
}

bool tst_PresenceModel::apply(PresenceModel &model, const QJsonObject &frame)
{
    return model.applyEvent(frame.value(QLatin1String("type")).toString(),
                            frame.value(QLatin1String("payload")).toObject());
}

QVariant tst_PresenceModel::value(const PresenceModel &model, const QString &name, int role)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        if (model.data(index, PresenceModel::NameRole).toString() == name)
            return model.data(index, role);
    }
    return {};
}

void tst_PresenceModel::loadInitial(PresenceModel &model)
{
    model.load(recorded("presence.json").object().value(QLatin1String("data")).toArray());
}

void tst_PresenceModel::initialList()
{
    PresenceModel model;
    QSignalSpy counted(&model, &PresenceModel::countChanged);
    loadInitial(model);
    QCOMPARE(counted.count(), 1);
    // The nameless entry and the non-object are skipped; the rest sorted by name.
    QCOMPARE(model.count(), 3);
    QCOMPARE(model.data(model.index(0), PresenceModel::NameRole).toString(), QStringLiteral("alice"));
    QCOMPARE(model.data(model.index(1), PresenceModel::NameRole).toString(), QStringLiteral("bob"));
    QCOMPARE(model.data(model.index(2), PresenceModel::NameRole).toString(), QStringLiteral("carol"));

    QCOMPARE(value(model, QStringLiteral("alice"), PresenceModel::StateRole).value<PresenceModel::State>(),
             PresenceModel::State::OnCall);
    QCOMPARE(value(model, QStringLiteral("alice"), PresenceModel::StateTextRole).toString(),
             QStringLiteral("On a call"));
    QCOMPARE(value(model, QStringLiteral("alice"), PresenceModel::CallRole).toString(),
             QStringLiteral("v3:alice-call"));
    QCOMPARE(value(model, QStringLiteral("alice"), PresenceModel::SinceRole).toDateTime(),
             QDateTime(QDate(2026, 12, 3), QTime(12, 59, 30, 250), Qt::UTC));
    // Not connected: signed out, whatever the status says.
    QCOMPARE(value(model, QStringLiteral("bob"), PresenceModel::StateTextRole).toString(),
             QStringLiteral("Signed out"));
    QCOMPARE(value(model, QStringLiteral("bob"), PresenceModel::StatusRole).toString(), QStringLiteral("away"));
    QCOMPARE(value(model, QStringLiteral("bob"), PresenceModel::ConnectedRole).toBool(), false);
    QCOMPARE(value(model, QStringLiteral("carol"), PresenceModel::StateTextRole).toString(),
             QStringLiteral("Available"));
    QCOMPARE(value(model, QStringLiteral("carol"), PresenceModel::RoleRole).toString(), QStringLiteral("supervisor"));
    QCOMPARE(value(model, QStringLiteral("carol"), PresenceModel::CallRole).toString(), QString());
}

void tst_PresenceModel::updateEvent()
{
    PresenceModel model;
    loadInitial(model);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(apply(model, frame(0))); // alice's call ended
    QCOMPARE(model.count(), 3);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(value(model, QStringLiteral("alice"), PresenceModel::StateTextRole).toString(),
             QStringLiteral("Available"));
    QCOMPARE(value(model, QStringLiteral("alice"), PresenceModel::CallRole).toString(), QString());
}

void tst_PresenceModel::unknownUserAppears()
{
    PresenceModel model;
    loadInitial(model);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(apply(model, frame(1))); // dave, new
    QCOMPARE(model.count(), 4);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3); // after carol
    QCOMPARE(value(model, QStringLiteral("dave"), PresenceModel::StateTextRole).toString(),
             QStringLiteral("On a call"));
}

void tst_PresenceModel::malformedEventsIgnored_data()
{
    QTest::addColumn<int>("frame");
    QTest::newRow("unknown status") << 2;
    QTest::newRow("no name") << 3;
    QTest::newRow("connected not a bool") << 4;
    QTest::newRow("another event type") << 5;
}

void tst_PresenceModel::malformedEventsIgnored()
{
    QFETCH(int, frame);
    PresenceModel model;
    loadInitial(model);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QVERIFY(!apply(model, tst_PresenceModel::frame(frame)));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(model.count(), 3);
    QCOMPARE(value(model, QStringLiteral("carol"), PresenceModel::StateTextRole).toString(),
             QStringLiteral("Available"));
    QCOMPARE(value(model, QStringLiteral("bob"), PresenceModel::StateTextRole).toString(),
             QStringLiteral("Signed out"));
}

QTEST_MAIN(tst_PresenceModel)
#include "tst_presencemodel.moc"
