// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

// C++
#include <memory>

class QAction;
class QMenu;
class QQuickWindow;

namespace sb {

class ActiveCallController;

// The tray icon: the call state at a glance (icon colour and tooltip), a menu to show the window or hang up,
// and a desktop notification when a call ends or cannot be placed. Qt Widgets' QSystemTrayIcon, because a
// plain QGuiApplication has no tray on Linux; it does nothing where the desktop has no tray.
class TrayIcon : public QObject {
    Q_OBJECT
public:
    TrayIcon(ActiveCallController *call, QQuickWindow *window, QObject *parent = nullptr);
    ~TrayIcon() override;

private:
    void update();
    static QIcon drawIcon(const QColor &color);

    QPointer<ActiveCallController> m_call;
    QPointer<QQuickWindow> m_window;
    std::unique_ptr<QSystemTrayIcon> m_tray;
    std::unique_ptr<QMenu> m_menu;
    QAction *m_hangup = nullptr;
};

} // namespace sb
