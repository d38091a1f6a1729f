// SPDX-License-Identifier: MIT
#include "users/Role.h"

namespace sb {

namespace {
struct RoleWord {
    Role role;
    const char *name;
};
constexpr RoleWord kRoles[] = {{Role::Agent, "agent"}, {Role::Supervisor, "supervisor"}, {Role::Admin, "admin"}};
} // namespace

QString roleName(Role role)
{
    for (const RoleWord &r : kRoles) {
        if (r.role == role)
            return QLatin1String(r.name);
    }
    return {};
}

std::optional<Role> roleFromName(const QString &name)
{
    for (const RoleWord &r : kRoles) {
        if (name == QLatin1String(r.name))
            return r.role;
    }
    return std::nullopt;
}

} // namespace sb
