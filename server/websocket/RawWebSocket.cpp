// SPDX-License-Identifier: MIT
#include "websocket/RawWebSocket.h"

#include "websocket/WebSocketLogging.h"

#include <QPointer>
#include <QThread>
#include <QTimer>

#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace sb {

namespace {
constexpr int kMaxGather = 64; // frames per sendmsg

bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK;
}
} // namespace

RawWebSocket::RawWebSocket(int fd, const QHostAddress &peer, const QByteArray &alreadyRead, SocketPoller *poller,
                           qsizetype maxMessageBytes, QObject *parent)
    : MediaChannel(parent)
    , m_fd(fd)
    , m_peer(peer)
    , m_poller(poller)
    , m_reader(maxMessageBytes)
{
    m_reader.feed(alreadyRead);
    // Made for a poller on another thread, it waits for start() there.
    if (m_poller->thread() == QThread::currentThread())
        attach();
}

void RawWebSocket::start()
{
    if (!m_attached)
        attach();
}

void RawWebSocket::attach()
{
    Q_ASSERT(QThread::currentThread() == m_poller->thread() && thread() == m_poller->thread());
    m_attached = true;
    if (!m_poller->watch(m_fd, this)) {
        qCWarning(lcWebSocket) << "cannot watch a media socket; dropping it";
        finish();
        return;
    }
    if (m_reader.buffered() > 0) {
        // Handled from the event loop, once whoever adopted the connection has connected to it.
        QMetaObject::invokeMethod(this, &RawWebSocket::process, Qt::QueuedConnection);
    }
}

RawWebSocket::~RawWebSocket()
{
    if (m_fd >= 0) {
        m_poller->unwatch(m_fd);
        ::close(m_fd);
    }
}

void RawWebSocket::setSendBufferSize(int bytes)
{
    if (m_fd >= 0)
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
}

void RawWebSocket::socketReadable()
{
    char buffer[64 * 1024];
    const auto n = ::recv(m_fd, buffer, sizeof buffer, 0);
    if (n > 0) {
        m_reader.feed(QByteArrayView(buffer, n));
        process();
        return;
    }
    if (n < 0 && (wouldBlock(errno) || errno == EINTR))
        return;
    finish(); // end of stream or a failed connection
}

void RawWebSocket::process()
{
    const QPointer<RawWebSocket> self(this);
    while (m_state != State::Closed) {
        std::optional<ws::FrameReader::Message> message = m_reader.next();
        if (!message)
            break;
        switch (message->opcode) {
        case ws::Opcode::Text:
            if (m_state == State::Open)
                emit textReceived(message->payload);
            break;
        case ws::Opcode::Binary:
            if (m_state == State::Open)
                emit binaryReceived(message->payload);
            break;
        case ws::Opcode::Ping:
            sendRaw(ws::encodeFrame(ws::Opcode::Pong, message->payload));
            break;
        case ws::Opcode::Pong:
            break;
        case ws::Opcode::Close:
            if (m_state == State::Open) {
                const quint16 code =
                    message->closeCode == ws::CloseNoStatus ? quint16(ws::CloseNormal) : message->closeCode;
                sendRaw(ws::encodeCloseFrame(code, {}));
            }
            finish();
            break;
        case ws::Opcode::Continuation:
            break; // never yielded by the reader
        }
        if (!self)
            return;
    }
    if (const auto &error = m_reader.error(); error && m_state != State::Closed) {
        qCDebug(lcWebSocket).noquote() << "media connection from" << m_peer.toString() << "failed:" << error->reason;
        if (m_state == State::Open)
            sendRaw(ws::encodeCloseFrame(error->closeCode, error->reason.toUtf8()));
        finish();
    }
}

void RawWebSocket::sendText(const QByteArray &utf8)
{
    if (m_state == State::Open)
        sendRaw(ws::encodeTextFrame(utf8));
}

void RawWebSocket::sendRaw(const QByteArray &bytes)
{
    if (m_fd < 0)
        return;
    if (backlog() > 0) {
        keepBacklog(bytes.constData(), bytes.size());
        return;
    }
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const auto n = ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && !wouldBlock(errno)) {
            finish();
            return;
        }
        break;
    }
    if (sent < bytes.size())
        keepBacklog(bytes.constData() + sent, bytes.size() - sent);
}

int RawWebSocket::writeFrames(std::span<const QByteArray *const> frames)
{
    if (m_state != State::Open)
        return int(frames.size()); // nobody to send them to: taken, and gone
    if (backlog() > 0)
        return 0;
    std::size_t done = 0;
    while (done < frames.size()) {
        iovec vec[kMaxGather];
        std::size_t count = 0;
        for (; count < kMaxGather && done + count < frames.size(); ++count) {
            const QByteArray *frame = frames[done + count];
            vec[count] = {const_cast<char *>(frame->constData()), std::size_t(frame->size())};
        }
        msghdr message{};
        message.msg_iov = vec;
        message.msg_iovlen = count;
        const auto n = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && !wouldBlock(errno)) {
            finish();
            return int(frames.size());
        }
        if (n <= 0) {
            m_poller->setWriteInterest(m_fd, true);
            return int(done);
        }
        auto left = std::size_t(n);
        for (std::size_t i = 0; i < count; ++i) {
            const auto size = std::size_t(frames[done]->size());
            if (left >= size) {
                left -= size;
                ++done;
                continue;
            }
            if (left == 0) {
                // The kernel stopped at a frame boundary: the rest waits in the caller until writable().
                m_poller->setWriteInterest(m_fd, true);
                return int(done);
            }
            // The kernel took part of this frame: the rest waits here, the frames after it in the caller.
            keepBacklog(frames[done]->constData() + left, qsizetype(size - left));
            return int(done + 1);
        }
    }
    return int(done);
}

void RawWebSocket::keepBacklog(const char *data, qsizetype size)
{
    if (backlog() + size > kMaxBacklogBytes) {
        qCInfo(lcWebSocket).noquote() << "media peer" << m_peer.toString() << "reads nothing; dropping the connection";
        finish();
        return;
    }
    if (m_backlogPos > 0 && m_backlogPos == m_backlog.size()) {
        m_backlog.resize(0);
        m_backlogPos = 0;
    }
    m_backlog.append(data, size);
    m_poller->setWriteInterest(m_fd, true);
}

void RawWebSocket::socketWritable()
{
    while (backlog() > 0) {
        const auto n = ::send(m_fd, m_backlog.constData() + m_backlogPos, size_t(backlog()), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && wouldBlock(errno))
            return;
        if (n <= 0) {
            finish();
            return;
        }
        m_backlogPos += n;
    }
    m_backlog.resize(0);
    m_backlogPos = 0;
    m_poller->setWriteInterest(m_fd, false);
    if (m_state == State::Open)
        emit writable();
}

void RawWebSocket::close(quint16 code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    m_state = State::Closing;
    sendRaw(ws::encodeCloseFrame(code, reason.toUtf8()));
    // The peer answers with its own close frame (then finish()); one that does not is dropped.
    QTimer::singleShot(kCloseTimeoutMs, this, &RawWebSocket::finish);
}

void RawWebSocket::finish()
{
    if (m_fd < 0)
        return;
    m_poller->unwatch(m_fd);
    if (backlog() > 0) {
        // Best effort for what is still owed (a close frame, say): whatever the kernel takes right now.
        ::send(m_fd, m_backlog.constData() + m_backlogPos, size_t(backlog()), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    ::close(m_fd);
    m_fd = -1;
    m_state = State::Closed;
    m_backlog.clear();
    m_backlogPos = 0;
    QMetaObject::invokeMethod(this, &RawWebSocket::disconnected, Qt::QueuedConnection);
}

} // namespace sb
