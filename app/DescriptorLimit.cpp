// SPDX-License-Identifier: MIT
#include "DescriptorLimit.h"

#ifdef Q_OS_UNIX
#include <sys/resource.h>

#include <algorithm>
#endif

namespace sb {

#ifdef Q_OS_UNIX
namespace {
// Descriptors the server holds besides its connections: listeners, the database and its journal, the log, the
// audio devices, pipes, the simulator in the demo (about 25 on a running demo), with room to spare.
constexpr rlim_t kOwnDescriptors = 64;
} // namespace
#endif

QString raiseDescriptorLimit(int maxConnections)
{
#ifdef Q_OS_UNIX
    const rlim_t needed = rlim_t(maxConnections) + kOwnDescriptors;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= needed)
        return {};
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? needed : std::min(limit.rlim_max, needed);
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur >= needed)
        return {};
    return QStringLiteral("only %1 open files are allowed (hard limit), fewer than --max-connections %2 needs (%3): "
                          "raise the limit (LimitNOFILE= in the systemd unit, ulimit -n) or lower --max-connections")
        .arg(limit.rlim_cur)
        .arg(maxConnections)
        .arg(needed);
#else
    Q_UNUSED(maxConnections);
    return {};
#endif
}

} // namespace sb
