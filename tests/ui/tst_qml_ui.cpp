// SPDX-License-Identifier: MIT
#include "Dashboard.h"
#include "UiSettings.h"

#include <QQmlContext>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>

// QuickTest for the console's QML components (tests/ui/qml/tst_*.qml). The module is linked statically, so
// it is registered before the engine starts; `testSettings` is a UiSettings on a temporary file.
class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() { sb::registerUiModule(); }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/")); // where the module's qmldir is: qrc:/Switchboard/Ui
        m_settings = std::make_unique<sb::UiSettings>(m_dir.filePath(QStringLiteral("console.conf")));
        engine->rootContext()->setContextProperty(QStringLiteral("testSettings"), m_settings.get());
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sb::UiSettings> m_settings;
};

QUICK_TEST_MAIN_WITH_SETUP(switchboard_ui, Setup)
#include "tst_qml_ui.moc"
