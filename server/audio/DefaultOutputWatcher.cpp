// SPDX-License-Identifier: MIT
#include "audio/DefaultOutputWatcher.h"

#include "audio/AudioLogging.h"

#include <QPointer>

#ifdef SWITCHBOARD_HAVE_PULSE
#include <pulse/context.h>
#include <pulse/introspect.h>
#include <pulse/subscribe.h>
#include <pulse/thread-mainloop.h>
#endif

namespace sb {

#ifdef SWITCHBOARD_HAVE_PULSE

// Everything here but the constructor and destructor runs on libpulse's thread.
struct DefaultOutputWatcher::Pulse {
    QPointer<DefaultOutputWatcher> owner;
    pa_threaded_mainloop *loop = nullptr;
    pa_context *context = nullptr;

    static void onState(pa_context *context, void *self)
    {
        auto *pulse = static_cast<Pulse *>(self);
        switch (pa_context_get_state(context)) {
        case PA_CONTEXT_READY:
            pa_context_set_subscribe_callback(context, &Pulse::onEvent, pulse);
            if (pa_operation *op = pa_context_subscribe(context, PA_SUBSCRIPTION_MASK_SERVER, nullptr, nullptr))
                pa_operation_unref(op);
            pulse->askServer();
            break;
        case PA_CONTEXT_FAILED:
        case PA_CONTEXT_TERMINATED:
            qCDebug(lcAudio) << "default-output watcher: sound server connection ended";
            break;
        default:
            break;
        }
    }

    static void onEvent(pa_context *, pa_subscription_event_type_t type, uint32_t, void *self)
    {
        if ((type & PA_SUBSCRIPTION_EVENT_FACILITY_MASK) == PA_SUBSCRIPTION_EVENT_SERVER)
            static_cast<Pulse *>(self)->askServer();
    }

    static void onServerInfo(pa_context *, const pa_server_info *info, void *self)
    {
        if (!info || !info->default_sink_name)
            return;
        const QByteArray name(info->default_sink_name);
        DefaultOutputWatcher *watcher = static_cast<Pulse *>(self)->owner;
        if (watcher)
            QMetaObject::invokeMethod(
                watcher, [watcher, name] { watcher->update(name); }, Qt::QueuedConnection);
    }

    void askServer()
    {
        if (pa_operation *op = pa_context_get_server_info(context, &Pulse::onServerInfo, this))
            pa_operation_unref(op);
    }
};

DefaultOutputWatcher::DefaultOutputWatcher(QObject *parent)
    : QObject(parent)
    , m_pulse(std::make_unique<Pulse>())
{
    m_pulse->owner = this;
    m_pulse->loop = pa_threaded_mainloop_new();
    if (!m_pulse->loop)
        return;
    m_pulse->context = pa_context_new(pa_threaded_mainloop_get_api(m_pulse->loop), "Switchboard default output");
    if (!m_pulse->context)
        return;
    pa_context_set_state_callback(m_pulse->context, &Pulse::onState, m_pulse.get());
    // No autospawn: a desktop without a sound server gets no daemon started behind its back.
    if (pa_context_connect(m_pulse->context, nullptr, PA_CONTEXT_NOAUTOSPAWN, nullptr) < 0 ||
        pa_threaded_mainloop_start(m_pulse->loop) < 0) {
        qCDebug(lcAudio) << "default-output watcher: no sound server to ask";
        pa_context_unref(m_pulse->context);
        m_pulse->context = nullptr;
    }
}

DefaultOutputWatcher::~DefaultOutputWatcher()
{
    if (!m_pulse->loop)
        return;
    pa_threaded_mainloop_stop(m_pulse->loop); // joins libpulse's thread: no callback runs after this
    if (m_pulse->context) {
        pa_context_disconnect(m_pulse->context);
        pa_context_unref(m_pulse->context);
    }
    pa_threaded_mainloop_free(m_pulse->loop);
}

#else

struct DefaultOutputWatcher::Pulse {};

DefaultOutputWatcher::DefaultOutputWatcher(QObject *parent)
    : QObject(parent)
{
}

DefaultOutputWatcher::~DefaultOutputWatcher() = default;

#endif

void DefaultOutputWatcher::update(const QByteArray &deviceId)
{
    if (deviceId == m_current)
        return;
    const bool first = m_current.isEmpty();
    m_current = deviceId;
    if (!first)
        qCInfo(lcAudio).noquote() << "the system's default output is now" << deviceId;
    emit defaultOutputChanged(deviceId);
}

} // namespace sb
