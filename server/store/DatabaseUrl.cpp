// SPDX-License-Identifier: MIT
#include "store/DatabaseUrl.h"

#include <QDir>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace sb {

DatabaseUrl DatabaseUrl::sqlite(const QString &absolutePath)
{
    DatabaseUrl url;
    url.kind = Kind::Sqlite;
    url.path = absolutePath;
    return url;
}

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1String("sqlite://"))) {
        const QString path = QUrl(trimmed).path();
        if (!QDir::isAbsolutePath(path) || path.endsWith(QLatin1Char('/'))) {
            *error = QStringLiteral("'%1' must be sqlite:///absolute/path/file.sqlite").arg(trimmed);
            return std::nullopt;
        }
        return sqlite(path);
    }
    if (!trimmed.startsWith(QLatin1String("postgresql://")) && !trimmed.startsWith(QLatin1String("postgres://"))) {
        // Only the scheme is repeated: what follows may hold a password.
        *error = QStringLiteral("the database URL is not a sqlite:/// or postgresql:// URL");
        return std::nullopt;
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    DatabaseUrl out;
    out.kind = Kind::Postgresql;
    out.host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
    out.port = url.port(5432);
    out.name = url.path().mid(1);
    out.user = url.userName(QUrl::FullyDecoded);
    out.password = url.password(QUrl::FullyDecoded);
    if (!url.isValid() || out.name.isEmpty() || out.name.contains(QLatin1Char('/')) || out.port <= 0) {
        *error = QStringLiteral("the PostgreSQL URL must look like postgresql://user:password@host:port/database");
        return std::nullopt;
    }
    QStringList options;
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        // libpq's conninfo words: letters and '_' only; a value with ';' would split QPSQL's option list.
        static const QString kAllowed = QStringLiteral("abcdefghijklmnopqrstuvwxyz_");
        const bool keyOk =
            !key.isEmpty() && std::all_of(key.begin(), key.end(), [](QChar c) { return kAllowed.contains(c); });
        if (!keyOk || value.contains(QLatin1Char(';')) || value.contains(QLatin1Char(' '))) {
            *error = QStringLiteral("the PostgreSQL URL has an option Switchboard cannot pass on: '%1'").arg(key);
            return std::nullopt;
        }
        options << key + QLatin1Char('=') + value;
    }
    out.options = options.join(QLatin1Char(';'));
    return out;
}

QString DatabaseUrl::display() const
{
    if (isSqlite())
        return path;
    return QStringLiteral("postgresql://%1%2:%3/%4")
        .arg(user.isEmpty() ? QString() : user + QLatin1Char('@'), host)
        .arg(port)
        .arg(name);
}

} // namespace sb
