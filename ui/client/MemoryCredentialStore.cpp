// SPDX-License-Identifier: MIT
#include "client/MemoryCredentialStore.h"

// Qt
#include <QMetaObject>

namespace sb {

void MemoryCredentialStore::read(const QString &server, QObject *context, ReadCallback callback)
{
    QMetaObject::invokeMethod(
        context, [token = m_tokens.value(server), callback = std::move(callback)] { callback(token, QString()); },
        Qt::QueuedConnection);
}

void MemoryCredentialStore::write(const QString &server, const QString &token, QObject *context, DoneCallback callback)
{
    m_tokens.insert(server, token);
    QMetaObject::invokeMethod(
        context, [callback = std::move(callback)] { callback(QString()); }, Qt::QueuedConnection);
}

void MemoryCredentialStore::remove(const QString &server, QObject *context, DoneCallback callback)
{
    m_tokens.remove(server);
    QMetaObject::invokeMethod(
        context, [callback = std::move(callback)] { callback(QString()); }, Qt::QueuedConnection);
}

} // namespace sb
