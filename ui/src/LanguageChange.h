// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QObject>

// C++
#include <functional>

namespace sb {

// Calls `changed` whenever the application's translators change, for as long as `context` lives.
//
// QQmlEngine::retranslate() re-evaluates qsTr() bindings only; a C++ property that returns translated text
// (a state name, a hangup cause in words) must announce itself again. Installing or removing a translator
// sends QEvent::LanguageChange to the application object, which this watches.
void onLanguageChange(QObject *context, std::function<void()> changed);

} // namespace sb
