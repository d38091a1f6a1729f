// SPDX-License-Identifier: MIT
#pragma once

// Qt
#include <QStringList>

// `switchboard user add|list|token|remove …` (CONTRACT §6): users managed from the command line, on the database
// the server uses (the same --config, --database and DATABASE_URL resolution). A new token is printed once, alone on
// the last line of stdout; errors go to stderr with a non-zero exit.
bool isUserCommand(const QStringList &arguments);
int runUserCommand(int argc, char **argv, const QStringList &arguments);
