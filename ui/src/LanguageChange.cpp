// SPDX-License-Identifier: MIT
#include "LanguageChange.h"

// Qt
#include <QCoreApplication>
#include <QEvent>

namespace sb {

namespace {

class LanguageWatcher : public QObject {
public:
    LanguageWatcher(QObject *context, std::function<void()> changed)
        : QObject(context)
        , m_changed(std::move(changed))
    {
        QCoreApplication::instance()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == QCoreApplication::instance() && event->type() == QEvent::LanguageChange)
            m_changed();
        return false;
    }

private:
    std::function<void()> m_changed;
};

} // namespace

void onLanguageChange(QObject *context, std::function<void()> changed)
{
    if (QCoreApplication::instance())
        new LanguageWatcher(context, std::move(changed));
}

} // namespace sb
