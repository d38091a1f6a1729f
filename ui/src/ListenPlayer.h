// SPDX-License-Identifier: MIT
#pragma once

#include "client/BackendClient.h"
#include "client/ReconnectingSocket.h"

#include "media/G711.h"

// Qt
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

// C++
#include <deque>
#include <memory>

namespace sb {

class PcmOutput;

// A supervisor listening in: /frontend-audio?call=<id>&tracks=both from the backend (local or remote), both
// tracks decoded with G.711 and mixed, played on the default output.
//
//   WebSocket text frame -> MediaFrame::parse (`media`, payload base64-decoded) -> G.711 decode (law from the `start`
//   frame) -> per-track FIFO
//   -> every 20 ms: 160 samples from each track, summed -> PcmOutput
//
// Each track's FIFO starts playing once it holds 60 ms (a little slack for network jitter) and is cut back to
// 60 ms when it grows past 400 ms (the sender's clock runs faster than ours, or the network burst): listening
// stays within half a second of live.
//
// A dropped socket is reopened with ReconnectBackoff's delays while the call lives (ReconnectingSocket): before each
// attempt the call's record is read again, so listening follows the call to the instance that took over its media
// (CONTRACT §8), and stops with a reason once the record says the call ended or cannot be heard here (404, 401, 403).
class ListenPlayer : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(sb::BackendClient *backend READ backend WRITE setBackend NOTIFY backendChanged)
    Q_PROPERTY(QString callControlId READ callControlId NOTIFY listeningChanged)
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(State state READ state NOTIFY statusChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
    Q_PROPERTY(QString problem READ problem NOTIFY statusChanged)
    Q_PROPERTY(double level READ level NOTIFY levelChanged)
    Q_PROPERTY(double volume READ volume WRITE setVolume NOTIFY volumeChanged)

public:
    // Where listening stands; statusText is its translated label, for display only.
    enum class State {
        NotListening,
        Connecting,      // the /frontend-audio socket is opening
        WaitingForAudio, // connected; no start or media frame yet
        Listening,       // the stream started or audio arrives
        StreamStopped,   // the call's stream sent `stop`; the socket stays open
        Reconnecting,    // the socket dropped while the call lives; it is being reopened
    };
    Q_ENUM(State)

    explicit ListenPlayer(QObject *parent = nullptr);
    ~ListenPlayer() override;

    BackendClient *backend() const { return m_backend; }
    void setBackend(BackendClient *backend);
    QString callControlId() const { return m_callControlId; }
    bool isListening() const { return !m_callControlId.isEmpty(); }
    State state() const { return m_state; }
    QString statusText() const;
    QString problem() const { return m_problem; }
    double level() const { return m_level; }
    double volume() const { return m_volume; }
    void setVolume(double volume);

    Q_INVOKABLE void listen(const QString &callControlId);
    Q_INVOKABLE void stop();

    // Handles one /frontend-audio text frame (public for tests).
    void handleFrame(const QByteArray &json);
    quint64 framesReceived() const { return m_framesReceived; }

signals:
    void backendChanged();
    void listeningChanged();
    void statusChanged();
    void levelChanged();
    void volumeChanged();

private:
    // The /frontend-audio request of m_callControlId, at the instance holding its media as last known.
    QNetworkRequest request() const;
    // Between attempts: reads the call's record again; stops listening when it says there is nothing to hear.
    void relocate();
    struct Track {
        std::deque<int16_t> samples;
        bool playing = false;
    };
    void setState(State state, const QString &problem = {});
    void mixTick();

    QPointer<BackendClient> m_backend;
    QString m_callControlId;
    ReconnectingSocket m_socket;
    std::unique_ptr<PcmOutput> m_output;
    bool m_outputOk = false;
    G711Law m_law = G711Law::MuLaw;
    Track m_inbound;
    Track m_outbound;
    QTimer m_mix;
    State m_state = State::NotListening;
    QString m_problem;
    double m_level = 0;
    double m_volume = 1.0;
    quint64 m_framesReceived = 0;
};

} // namespace sb
