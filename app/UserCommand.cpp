// SPDX-License-Identifier: MIT
#include "UserCommand.h"

#include "Config.h"
#include "Runners.h"
#include "calls/CallStore.h"
#include "users/UserStore.h"

// Qt
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <QTextStream>

// C++
#include <optional>

namespace {

using sb::UserStore;

const QString kUsage = QStringLiteral("usage: switchboard user add NAME --role agent|supervisor|admin\n"
                                      "       switchboard user list\n"
                                      "       switchboard user token NAME\n"
                                      "       switchboard user remove NAME\n"
                                      "(with --config FILE, --database URL as for the server)");

// What `user …` asked for; the other arguments (--config, --database, …) are the server's, for ConfigLoader.
struct UserRequest {
    QString verb;
    QString name;
    QString role;
    bool roleGiven = false;
    QStringList serverArguments; // the program name first
    QString error;
};

UserRequest parse(const QStringList &arguments)
{
    UserRequest r;
    r.serverArguments << arguments.value(0);
    QStringList rest = arguments.mid(2);
    if (rest.isEmpty() || rest.first().startsWith(QLatin1Char('-'))) {
        r.error = QStringLiteral("user: which command?\n") + kUsage;
        return r;
    }
    r.verb = rest.takeFirst();
    const bool needsName = r.verb != QLatin1String("list");
    if (!QStringList{QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("token"), QStringLiteral("remove")}
             .contains(r.verb)) {
        r.error = QStringLiteral("user: unknown command '%1'\n").arg(r.verb) + kUsage;
        return r;
    }
    if (needsName) {
        if (rest.isEmpty() || rest.first().startsWith(QLatin1Char('-'))) {
            r.error = QStringLiteral("user %1: NAME is missing\n").arg(r.verb) + kUsage;
            return r;
        }
        r.name = rest.takeFirst();
    }
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &arg = rest[i];
        if (arg == QLatin1String("--role") || arg == QLatin1String("-role")) {
            if (i + 1 >= rest.size()) {
                r.error = QStringLiteral("user %1: --role needs a value (agent, supervisor or admin)").arg(r.verb);
                return r;
            }
            r.role = rest[++i];
            r.roleGiven = true;
        } else if (arg.startsWith(QLatin1String("--role="))) {
            r.role = arg.mid(7);
            r.roleGiven = true;
        } else {
            r.serverArguments << arg;
        }
    }
    if (r.roleGiven && r.verb != QLatin1String("add"))
        r.error = QStringLiteral("user %1: --role is for 'user add' only").arg(r.verb);
    else if (r.verb == QLatin1String("add") && !r.roleGiven)
        r.error = QStringLiteral("user add: --role agent|supervisor|admin is required");
    return r;
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("never");
}

int fail(const QString &message, int code = kExitFailure)
{
    QTextStream(stderr) << "switchboard: " << message << Qt::endl;
    return code;
}

int list(const UserStore &users)
{
    QTextStream out(stdout);
    const QList<sb::User> all = users.users();
    qsizetype nameWidth = 4;
    for (const sb::User &u : all)
        nameWidth = qMax(nameWidth, u.name.size());
    out << QStringLiteral("NAME").leftJustified(nameWidth + 2) << QStringLiteral("ROLE").leftJustified(12)
        << QStringLiteral("CREATED").leftJustified(22) << "LAST SEEN\n";
    for (const sb::User &u : all) {
        out << u.name.leftJustified(nameWidth + 2) << sb::roleName(u.role).leftJustified(12)
            << timeText(u.createdAt).leftJustified(22) << timeText(u.lastSeenAt) << '\n';
    }
    return 0;
}

} // namespace

bool isUserCommand(const QStringList &arguments)
{
    return arguments.size() > 1 && arguments[1] == QLatin1String("user");
}

int runUserCommand(int argc, char **argv, const QStringList &arguments)
{
    const UserRequest request = parse(arguments);
    if (!request.error.isEmpty())
        return fail(request.error, kExitBadConfig);
    const sb::ConfigResult loaded =
        sb::ConfigLoader::load(request.serverArguments, QProcessEnvironment::systemEnvironment());
    if (!loaded.error.isEmpty())
        return fail(loaded.error, kExitBadConfig);
    if (loaded.action != sb::ConfigAction::Run)
        return fail(QStringLiteral("user: options other than the database's are not taken here\n") + kUsage,
                    kExitBadConfig);

    QCoreApplication app(argc, argv); // the SQL driver is a plugin
    // The server's progress lines (schema versions, "added user") would only repeat stdout; warnings stay.
    QLoggingCategory::setFilterRules(QStringLiteral("switchboard.*.info=false"));
    const sb::DatabaseUrl database = loaded.config.database();
    QString error;
    sb::CallStore schema(database); // opened first: it creates or migrates the schema, the users table included
    if (!schema.open(&error))
        return fail(error);
    UserStore users(database);
    if (!users.open(&error))
        return fail(error);

    QTextStream out(stdout);
    QString token;
    UserStore::Outcome outcome = UserStore::Outcome::Done;
    if (request.verb == QLatin1String("list"))
        return list(users);
    if (request.verb == QLatin1String("add")) {
        const auto role = sb::roleFromName(request.role);
        if (!UserStore::isValidName(request.name))
            return fail(
                QStringLiteral("user add: '%1' is not a valid name (1 to 64 of a-z 0-9 . _ -)").arg(request.name),
                kExitBadConfig);
        if (!role)
            return fail(QStringLiteral("user add: unknown role '%1' (agent, supervisor or admin)").arg(request.role),
                        kExitBadConfig);
        outcome = users.add(request.name, *role, &token);
        if (outcome == UserStore::Outcome::Done)
            out << "added " << request.name << " (" << request.role << "); the token, shown this once:\n";
    } else if (request.verb == QLatin1String("token")) {
        outcome = users.rotate(request.name, &token);
        if (outcome == UserStore::Outcome::Done)
            out << "new token for " << request.name << " (the old one no longer works), shown this once:\n";
    } else {
        outcome = users.remove(request.name);
        if (outcome == UserStore::Outcome::Done)
            out << "removed " << request.name << '\n';
    }
    switch (outcome) {
    case UserStore::Outcome::Done:
        if (!token.isEmpty())
            out << token << '\n';
        return 0;
    case UserStore::Outcome::Duplicate:
        return fail(QStringLiteral("user add: a user named '%1' exists already").arg(request.name));
    case UserStore::Outcome::NotFound:
        return fail(QStringLiteral("user %1: no user named '%2'").arg(request.verb, request.name));
    case UserStore::Outcome::BadName:
    case UserStore::Outcome::StorageError:
        break;
    }
    return fail(QStringLiteral("user %1: the database could not be written: %2").arg(request.verb, users.lastError()));
}
