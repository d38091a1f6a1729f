// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace sb {

// Where Switchboard keeps its calls, events and users (CONTRACT §2 DATABASE_URL, §8): a SQLite file
// (`sqlite:///abs/path.sqlite`, the default for one desk) or a PostgreSQL server
// (`postgresql://user:pass@host:port/db?sslmode=require`, also `postgres://`). Query items of a PostgreSQL URL are
// passed to libpq as connection options (sslmode, connect_timeout, ...).
struct DatabaseUrl {
    enum class Kind { Sqlite, Postgresql };

    Kind kind = Kind::Sqlite;
    QString path;     // SQLite: the absolute file path
    QString host;     // PostgreSQL: host name or address (default localhost)
    int port = 5432;  // PostgreSQL
    QString name;     // PostgreSQL: the database
    QString user;     // PostgreSQL
    QString password; // PostgreSQL; never logged
    QString options;  // PostgreSQL: libpq options, "key=value;key=value" as QPSQL takes them

    static DatabaseUrl sqlite(const QString &absolutePath);
    // The URL parsed, or nullopt with *error saying what is wrong (the password is never repeated in it).
    static std::optional<DatabaseUrl> parse(const QString &text, QString *error);

    bool isSqlite() const { return kind == Kind::Sqlite; }
    // For logs and error messages: the path, or postgresql://user@host:port/db (no password).
    QString display() const;
};

} // namespace sb
