// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace sb {

// What one HTTP client may make the server hold (docs/interface.md §3.3). Qt 6.4's HTTP server has none of
// these, so HttpConnectionGuard enforces them ahead of its parser, on every listener, before any token is
// looked at. Tests shorten the timeouts and the cap.
struct HttpLimits {
    // A head (request line and header fields) is a few hundred bytes in practice; 16 KiB is what common
    // servers allow (nginx's large_client_header_buffers, Node's max-http-header-size) and bounds what an
    // unending head can pin.
    qint64 maxHeadBytes = 16 * 1024;
    // The largest request body anywhere (webhooks are a few KiB; 1 MiB leaves room for any JSON we accept).
    qint64 maxBodyBytes = 1024 * 1024;
    // A head must be complete this long after its first byte (or after the connection opened): slow enough
    // for any real client on a bad link, fast enough that trickling heads cannot pile up.
    int headTimeoutMs = 10'000;
    // A keep-alive connection with nothing to do (or a body that stopped arriving) is closed after this.
    int idleTimeoutMs = 60'000;
    // Open connections over every listener, WebSockets included (the `--max-connections` flag). Each costs
    // a descriptor and buffers: past the cap the server makes room or refuses, instead of running out of
    // descriptors (after which nothing, /healthz included, could be accepted any more).
    int maxConnections = 1000;
};

} // namespace sb
