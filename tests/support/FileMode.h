// SPDX-License-Identifier: MIT
#pragma once

#include <QFile>
#include <QString>

#include <sys/stat.h>

namespace sb::test {

// A file's or folder's permission bits as `ls -l` shows them (0600), or -1 when it does not exist. Read with stat()
// rather than QFileInfo::permissions(), whose "user" bits depend on who runs the test.
inline int fileMode(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

} // namespace sb::test
