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

namespace {

// How long a notification stays: a failure says what to fix, so it gets longer to be read than a normal end.
constexpr int kCallEndedNotificationMs = 6000;
constexpr int kCallFailedNotificationMs = 10000;

// The icon is drawn at the sizes tray hosts ask for (16-22 px panels, 32-64 px on HiDPI and in menus), so that
// no size is scaled from another: a dot in the middle, coloured by the call state, on a dark rounded square.
constexpr int kIconSizes[] = {16, 22, 32, 48, 64};
constexpr qreal kCornerRadius = 0.2; // of the icon's size
constexpr qreal kDotRadius = 0.28;   // of the icon's size
const QColor kBackground(0x1f, 0x2a, 0x37);
const QColor kIdle(0x8a, 0x96, 0xa5);
const QColor kRinging(0xf0, 0xb5, 0x4a);
const QColor kConnected(0x43, 0xc3, 0x8a);
const QColor kFailed(0xff, 0x6f, 0x6f);

} // namespace

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
        m_tray->showMessage(tr("Call with %1 ended").arg(number), reason, QSystemTrayIcon::Information,
                            kCallEndedNotificationMs);
    });
    connect(call, &ActiveCallController::callFailed, this, [this](const QString &problem) {
        m_tray->showMessage(tr("Call failed"), problem, QSystemTrayIcon::Warning, kCallFailedNotificationMs);
    });
    update();
    m_tray->show();
}

TrayIcon::~TrayIcon() = default;

QIcon TrayIcon::drawIcon(const QColor &color)
{
    QIcon icon;
    for (int size : kIconSizes) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(kBackground);
        p.drawRoundedRect(QRectF(0, 0, size, size), size * kCornerRadius, size * kCornerRadius);
        p.setBrush(color);
        const qreal r = size * kDotRadius;
        p.drawEllipse(QPointF(size / 2.0, size / 2.0), r, r);
        icon.addPixmap(pixmap);
    }
    return icon;
}

void TrayIcon::update()
{
    if (!m_tray || !m_call)
        return;
    QColor color = kIdle;
    switch (m_call->state()) {
    case ActiveCallController::Dialing:
    case ActiveCallController::Calling:
    case ActiveCallController::Ringing:
        color = kRinging;
        break;
    case ActiveCallController::Connected:
        color = kConnected;
        break;
    case ActiveCallController::Failed:
        color = kFailed;
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
