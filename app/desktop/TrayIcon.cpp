// SPDX-License-Identifier: MIT
#include "TrayIcon.h"

#include "ActiveCallController.h"

// Qt
#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QQuickWindow>

namespace sb {

TrayIcon::TrayIcon(ActiveCallController *call, QQuickWindow *window, QObject *parent)
    : QObject(parent)
    , m_call(call)
    , m_window(window)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = std::make_unique<QSystemTrayIcon>();
    m_menu = std::make_unique<QMenu>();
    m_menu->addAction(tr("Show Switchboard"), this, [this] {
        if (m_window) {
            m_window->show();
            m_window->raise();
            m_window->requestActivate();
        }
    });
    m_hangup = m_menu->addAction(tr("Hang up"), this, [this] {
        if (m_call)
            m_call->hangUp();
    });
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), qApp, &QCoreApplication::quit);
    m_tray->setContextMenu(m_menu.get());
    connect(m_tray.get(), &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger && m_window) {
            m_window->show();
            m_window->requestActivate();
        }
    });
    connect(call, &ActiveCallController::stateChanged, this, &TrayIcon::update);
    connect(call, &ActiveCallController::callChanged, this, &TrayIcon::update);
    connect(call, &ActiveCallController::callEnded, this, [this](const QString &number, const QString &reason) {
        m_tray->showMessage(tr("Call with %1 ended").arg(number), reason, QSystemTrayIcon::Information, 6000);
    });
    connect(call, &ActiveCallController::callFailed, this, [this](const QString &problem) {
        m_tray->showMessage(tr("Call failed"), problem, QSystemTrayIcon::Warning, 10000);
    });
    update();
    m_tray->show();
}

TrayIcon::~TrayIcon() = default;

QIcon TrayIcon::drawIcon(const QColor &color)
{
    QIcon icon;
    for (int size : {16, 22, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1f, 0x2a, 0x37));
        p.drawRoundedRect(QRectF(0, 0, size, size), size * 0.2, size * 0.2);
        p.setBrush(color);
        const qreal r = size * 0.28;
        p.drawEllipse(QPointF(size / 2.0, size / 2.0), r, r);
        icon.addPixmap(pixmap);
    }
    return icon;
}

void TrayIcon::update()
{
    if (!m_tray || !m_call)
        return;
    QColor color(0x8a, 0x96, 0xa5);
    switch (m_call->state()) {
    case ActiveCallController::Dialing:
    case ActiveCallController::Calling:
    case ActiveCallController::Ringing:
        color = QColor(0xf0, 0xb5, 0x4a);
        break;
    case ActiveCallController::Connected:
        color = QColor(0x43, 0xc3, 0x8a);
        break;
    case ActiveCallController::Failed:
        color = QColor(0xff, 0x6f, 0x6f);
        break;
    default:
        break;
    }
    m_tray->setIcon(drawIcon(color));
    const QString state = m_call->stateText();
    m_tray->setToolTip(m_call->remoteNumber().isEmpty() ? tr("Switchboard – %1").arg(state)
                                                        : tr("Switchboard – %1 %2").arg(state, m_call->remoteNumber()));
    m_hangup->setEnabled(m_call->inCall());
}

} // namespace sb
