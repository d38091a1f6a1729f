// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace sb {

// The open-file limit the server needs: one descriptor per connection up to the cap (`--max-connections`) plus
// its own files (database, logs, audio, listeners). The usual soft limit (1,024) is barely above the default
// cap, and past it accept() fails for everyone, /healthz included, so at start the soft limit is raised as far
// as the hard limit allows (as nginx's worker_rlimit_nofile does). Empty when enough; otherwise a warning
// naming what is available. A no-op where there is no such limit (Windows).
QString raiseDescriptorLimit(int maxConnections);

} // namespace sb
