// SPDX-License-Identifier: MIT
#include "desktop/KeychainCredentialStore.h"

// QtKeychain
#include <qt6keychain/keychain.h>

// Qt
#include <QPointer>

namespace sb {

namespace {

const QString kService = QStringLiteral("switchboard");

// A job for `server` that deletes itself once finished; never falls back to an unencrypted file.
template <typename Job> Job *makeJob(const QString &server)
{
    auto *job = new Job(kService);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(server);
    return job;
}

} // namespace

void KeychainCredentialStore::read(const QString &server, QObject *context, ReadCallback callback)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(server);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, callback = std::move(callback)] {
        if (job->error() == QKeychain::EntryNotFound)
            callback(QString(), QString());
        else if (job->error() != QKeychain::NoError)
            callback(QString(), job->errorString());
        else
            callback(job->textData(), QString());
    });
    job->start();
}

void KeychainCredentialStore::write(const QString &server, const QString &token, QObject *context,
                                    DoneCallback callback)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(server);
    job->setTextData(token);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, callback = std::move(callback)] {
        callback(job->error() == QKeychain::NoError ? QString() : job->errorString());
    });
    job->start();
}

void KeychainCredentialStore::remove(const QString &server, QObject *context, DoneCallback callback)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(server);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, callback = std::move(callback)] {
        const bool gone = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        callback(gone ? QString() : job->errorString());
    });
    job->start();
}

} // namespace sb
