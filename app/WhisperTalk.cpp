// SPDX-License-Identifier: MIT
#include "WhisperTalk.h"

#include "audio/AudioEngine.h"
#include "client/BackendClient.h"
#include "protocol/Paths.h"

// Qt
#include <QUrlQuery>
#include <QWebSocket>

// C++
#include <utility>

namespace sb {

WhisperTalk::WhisperTalk(BackendClient *backend, AudioEngine *engine, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_engine(engine)
{
    connect(m_engine, &AudioEngine::microphoneFrame, this, &WhisperTalk::onMicrophoneFrame);
}

WhisperTalk::~WhisperTalk()
{
    if (!m_call.isEmpty())
        m_engine->endStream(m_call);
    if (m_socket)
        m_socket->disconnect(this);
}

bool WhisperTalk::start(const QString &callControlId)
{
    if (callControlId == m_call && !m_call.isEmpty())
        return true;
    stop();
    const QString busy = m_engine->activeCallId();
    if (!busy.isEmpty()) {
        m_problem = tr("You cannot whisper while you are on a call yourself.");
        emit changed();
        return false;
    }
    m_call = callControlId;
    m_problem.clear();
    m_sent = 0;
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    connect(socket, &QWebSocket::connected, this, &WhisperTalk::changed);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        if (socket != m_socket)
            return;
        const QString reason = socket->closeReason();
        end(reason.isEmpty() ? tr("The whisper was cut off.") : tr("The whisper ended: %1").arg(reason));
    });
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("call"), QString::fromLatin1(QUrl::toPercentEncoding(callControlId)));
    socket->open(m_backend->mediaRequest(paths::kWhisper, callControlId, query));
    m_engine->beginTalk(callControlId);
    emit changed();
    return true;
}

void WhisperTalk::stop()
{
    if (m_call.isEmpty())
        return;
    end(QString());
}

void WhisperTalk::end(const QString &problem)
{
    m_engine->endStream(m_call);
    m_call.clear();
    m_problem = problem;
    if (QWebSocket *socket = std::exchange(m_socket, nullptr)) {
        socket->disconnect(this);
        socket->close();
        socket->deleteLater();
    }
    emit changed();
}

bool WhisperTalk::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void WhisperTalk::onMicrophoneFrame(const QString &callControlId, const QByteArray &pcmu)
{
    if (m_call.isEmpty() || callControlId != m_call || !isConnected())
        return;
    if (m_socket->sendBinaryMessage(pcmu) == pcmu.size())
        ++m_sent;
}

} // namespace sb
