// SPDX-License-Identifier: MIT
// The INI config loader (server/Config): the input is the file given with --config, read through QSettings and
// every setting's check, and, as at a first start, the generated API token written into it (ConfigLoader::saveToken
// rewrites the file line by line). Each input gets a file of its own: QSettings caches a file by name.

#include "Config.h"
#include "FuzzSupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace {
QTemporaryDir *folder = nullptr;
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sb::fuzz::quietQt();
    folder = new QTemporaryDir(QDir::tempPath() + QStringLiteral("/fuzz_config-XXXXXX"));
    return folder->isValid() ? 0 : 1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static quint64 counter = 0;
    const QString path = folder->filePath(QStringLiteral("%1.ini").arg(++counter));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            std::abort();
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    const sb::ConfigResult result = sb::ConfigLoader::load(
        {QStringLiteral("switchboard"), QStringLiteral("--config"), path}, QProcessEnvironment());
    if (result.error.isEmpty()) {
        if (result.config.apiToken.isEmpty() || result.config.databaseUrl.isEmpty())
            std::abort();
        // A token it generated and saved is the one the file gives the next time.
        if (result.config.apiTokenSource == sb::SettingSource::Default) {
            const sb::ConfigResult again = sb::ConfigLoader::load(
                {QStringLiteral("switchboard"), QStringLiteral("--config"), path}, QProcessEnvironment());
            if (!again.error.isEmpty() || again.config.apiToken != result.config.apiToken)
                std::abort();
        }
    }
    QFile::remove(path);
    return 0;
}
