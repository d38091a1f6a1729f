// SPDX-License-Identifier: MIT
#pragma once
// Network pieces more than one benchmark needs: a minimal Telnyx REST API on its own thread, and the client
// side of RFC 6455 (handshake, masked frames) on raw sockets.

#include "bench_support.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace sb::bench {

// A minimal Telnyx REST API: POST /v2/calls and POST /v2/calls/*/actions/*, keep-alive HTTP/1.1, on loopback.
// It keeps each dialled call's stream_auth_token so the benchmark can open that call's media stream.
class FakeTelnyx {
public:
    bool start(QString *error);
    void stop();
    quint16 port() const { return m_port; }
    std::optional<std::string> tokenOf(const std::string &callControlId);
    int dials() const { return m_dials.load(); }
    int actions() const { return m_actions.load(); }

private:
    struct Client {
        int fd = -1;
        std::string in;
    };
    void run();
    bool serve(Client &c); // false: close it
    std::string answer(std::string_view head, std::string_view body);

    int m_listen = -1;
    quint16 m_port = 0;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_dials{0};
    std::atomic<int> m_actions{0};
    std::mutex m_mutex;
    std::map<std::string, std::string> m_tokens; // call_control_id -> stream_auth_token
};

// How to start the server under test against `telnyx`: its REST base, a key and an application id, no HTTP proxy in
// between (the server calls the fake on loopback), its config and data in `dir`.
ServerLaunch launchAgainst(const FakeTelnyx &telnyx, const QString &binary, const QString &dir);

// Connects and upgrades; on success the socket is non-blocking and `leftover` holds any frame bytes
// that arrived with the 101 answer; -1 and *error on failure.
int openWebSocket(quint16 port, const QByteArray &target, const QByteArray &extraHeaders, int receiveBuffer,
                  std::string *leftover, QString *error);
// Appends one masked client frame (FIN, `opcode`) carrying `payload`.
void appendClientFrame(std::string &out, int opcode, std::string_view payload, quint32 mask);

} // namespace sb::bench
