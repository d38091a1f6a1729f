// SPDX-License-Identifier: MIT
#pragma once

namespace sb {

// How long to wait before the next attempt to reopen a dropped connection: 250 ms, doubling to 5 s.
//
// Why these figures: a remote desk's audio sockets drop with the network (Wi-Fi roaming, a proxy restart, a laptop
// lid). The first retry comes after 250 ms, about one jitter buffer's worth, so a short blip costs the callee less than
// a second of silence; doubling stops a dead server from being hammered, and 5 s caps the wait so that the audio comes
// back within seconds of the network. The delay restarts from 250 ms only after a connection has stayed up for
// kStableMs (connectionLasted()): a server that accepts and then at once refuses (an uplink it still believes open,
// CONTRACT §7) keeps the desk backing off instead of retrying four times a second forever.
class ReconnectBackoff {
public:
    static constexpr int kFirstMs = 250;
    static constexpr int kMaxMs = 5000;
    static constexpr int kStableMs = 1000;

    // The delay before the next attempt; each call doubles the one after (up to kMaxMs).
    int next();
    // A connection was up for `upMs`: long enough, and the next delay starts from kFirstMs again.
    void connectionLasted(long long upMs);
    void reset() { m_nextMs = kFirstMs; }
    int peek() const { return m_nextMs; }

private:
    int m_nextMs = kFirstMs;
};

} // namespace sb
