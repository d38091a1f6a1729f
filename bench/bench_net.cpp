// SPDX-License-Identifier: MIT
#include "bench_net.h"

#include "bench_support.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace sb::bench {

namespace {

std::optional<size_t> contentLength(std::string_view head)
{
    static const QRegularExpression re(QStringLiteral("\\r\\ncontent-length:\\s*(\\d+)"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(QString::fromLatin1(head.data(), qsizetype(head.size())));
    if (!m.hasMatch())
        return std::nullopt;
    return size_t(m.captured(1).toULongLong());
}

} // namespace

bool FakeTelnyx::start(QString *error)
{
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (m_listen < 0 || ::bind(m_listen, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(m_listen, 64) != 0 || ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&address), &size) != 0) {
        *error = QStringLiteral("fake Telnyx API: cannot listen: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { run(); });
    return true;
}

void FakeTelnyx::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_listen >= 0)
        ::close(m_listen);
    m_listen = -1;
}

std::optional<std::string> FakeTelnyx::tokenOf(const std::string &callControlId)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_tokens.find(callControlId);
    if (it == m_tokens.end())
        return std::nullopt;
    return it->second;
}

void FakeTelnyx::run()
{
    std::vector<Client> clients;
    std::vector<pollfd> fds;
    while (!m_stop) {
        fds.clear();
        fds.push_back({m_listen, POLLIN, 0});
        for (const Client &c : clients)
            fds.push_back({c.fd, POLLIN, 0});
        if (::poll(fds.data(), nfds_t(fds.size()), 50) <= 0)
            continue;
        if (fds[0].revents & POLLIN) {
            for (;;) {
                const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd < 0)
                    break;
                const int one = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                clients.push_back({fd, {}});
            }
        }
        std::vector<Client> kept;
        for (size_t i = 0; i < clients.size(); ++i) {
            Client &c = clients[i];
            const short revents = i + 1 < fds.size() && fds[i + 1].fd == c.fd ? fds[i + 1].revents : short(0);
            if (revents == 0 || serve(c))
                kept.push_back(std::move(c));
            else
                ::close(c.fd);
        }
        clients = std::move(kept);
    }
    for (const Client &c : clients)
        ::close(c.fd);
}

bool FakeTelnyx::serve(Client &c)
{
    char buffer[16384];
    const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
    if (n <= 0)
        return false;
    c.in.append(buffer, size_t(n));
    for (;;) {
        const size_t headEnd = c.in.find("\r\n\r\n");
        if (headEnd == std::string::npos)
            return c.in.size() < 65536;
        const std::string_view head(c.in.data(), headEnd + 2);
        const size_t length = contentLength(head).value_or(0);
        if (c.in.size() < headEnd + 4 + length)
            return true;
        const std::string reply = answer(head, std::string_view(c.in).substr(headEnd + 4, length));
        c.in.erase(0, headEnd + 4 + length);
        // Blocking is fine here: the answers are small and the server reads them at once.
        ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) & ~O_NONBLOCK);
        if (!sendAllBlocking(c.fd, reply))
            return false;
    }
}

std::string FakeTelnyx::answer(std::string_view head, std::string_view body)
{
    const std::string_view requestLine = head.substr(0, head.find("\r\n"));
    std::string json;
    int status = 200;
    if (requestLine.starts_with("POST /v2/calls ")) {
        const int n = ++m_dials;
        const std::string id = "v3:bench-" + std::to_string(n);
        const QJsonObject request = QJsonDocument::fromJson(QByteArray(body.data(), qsizetype(body.size()))).object();
        {
            const std::lock_guard lock(m_mutex);
            m_tokens[id] = request.value(QLatin1String("stream_auth_token")).toString().toStdString();
        }
        json = R"({"data":{"call_control_id":")" + id + R"(","call_leg_id":"leg-)" + std::to_string(n) +
               R"(","call_session_id":"session-)" + std::to_string(n) + R"(","is_alive":false,"record_type":"call"}})";
    } else if (requestLine.starts_with("POST /v2/calls/") && requestLine.find("/actions/") != std::string_view::npos) {
        ++m_actions;
        json = R"({"data":{"result":"ok"}})";
    } else {
        status = 404;
        json = R"({"errors":[{"code":"10005","title":"Resource not found","detail":"bench fake"}]})";
    }
    return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Not Found") +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(json.size()) + "\r\n\r\n" + json;
}

ServerLaunch launchAgainst(const FakeTelnyx &telnyx, const QString &binary, const QString &dir)
{
    ServerLaunch launch;
    launch.binary = binary;
    launch.dir = dir;
    launch.args =
        QStringList{QStringLiteral("--api-key"),        QStringLiteral("KEYbench"),
                    QStringLiteral("--application-id"), QStringLiteral("app"),
                    QStringLiteral("--api-base"),       QStringLiteral("http://127.0.0.1:%1/v2").arg(telnyx.port())};
    launch.unsetEnvironment =
        QStringList{QStringLiteral("http_proxy"),  QStringLiteral("HTTP_PROXY"), QStringLiteral("https_proxy"),
                    QStringLiteral("HTTPS_PROXY"), QStringLiteral("all_proxy"),  QStringLiteral("ALL_PROXY")};
    launch.setEnvironment = {{QStringLiteral("XDG_CONFIG_HOME"), dir + QStringLiteral("/.config")},
                             {QStringLiteral("XDG_DATA_HOME"), dir + QStringLiteral("/.local/share")}};
    return launch;
}

int openWebSocket(quint16 port, const QByteArray &target, const QByteArray &extraHeaders, int receiveBuffer,
                  std::string *leftover, QString *error)
{
    const int fd = connectTo(port, receiveBuffer);
    if (fd < 0) {
        *error = QStringLiteral("cannot connect: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return -1;
    }
    const timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    QByteArray nonce(16, '\0');
    for (char &c : nonce)
        c = char(std::rand());
    const QByteArray key = nonce.toBase64();
    const QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                               "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    if (!sendAllBlocking(fd, std::string_view(request.constData(), size_t(request.size())))) {
        *error = QStringLiteral("cannot send the upgrade request");
        ::close(fd);
        return -1;
    }
    std::string in;
    char buffer[4096];
    size_t headEnd = std::string::npos;
    while ((headEnd = in.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            *error = QStringLiteral("no upgrade answer (%1)").arg(QString::fromStdString(in.substr(0, 200)));
            ::close(fd);
            return -1;
        }
        in.append(buffer, size_t(n));
    }
    const QByteArray expected =
        QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1).toBase64();
    const QByteArray head = QByteArray(in.data(), qsizetype(headEnd)).toLower();
    if (!head.startsWith("http/1.1 101") || !head.contains("sec-websocket-accept: " + expected.toLower())) {
        *error = QStringLiteral("upgrade refused: %1").arg(QString::fromStdString(in.substr(0, in.find("\r\n"))));
        ::close(fd);
        return -1;
    }
    *leftover = in.substr(headEnd + 4);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Appends one masked client frame (FIN, `opcode`) carrying `payload`.
void appendClientFrame(std::string &out, int opcode, std::string_view payload, quint32 mask)
{
    const size_t n = payload.size();
    out.push_back(char(0x80 | opcode));
    if (n < 126) {
        out.push_back(char(0x80 | n));
    } else if (n <= 0xFFFF) {
        out.push_back(char(0x80 | 126));
        out.push_back(char(n >> 8));
        out.push_back(char(n & 0xFF));
    } else {
        out.push_back(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(char((quint64(n) >> shift) & 0xFF));
    }
    const unsigned char key[4] = {uchar(mask >> 24), uchar(mask >> 16), uchar(mask >> 8), uchar(mask)};
    out.append(reinterpret_cast<const char *>(key), 4);
    const size_t at = out.size();
    out.append(payload);
    char *p = out.data() + at;
    for (size_t i = 0; i < n; ++i)
        p[i] = char(p[i] ^ key[i & 3]);
}

} // namespace sb::bench
