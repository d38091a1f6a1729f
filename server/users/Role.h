// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QString>

// C++
#include <optional>

namespace sb {

// What a user may do (CONTRACT §6): an agent works its own calls, a supervisor every call, an admin also manages
// users. Stored and sent as the lower-case word.
enum class Role { Agent, Supervisor, Admin };

QString roleName(Role role);
std::optional<Role> roleFromName(const QString &name);

} // namespace sb
