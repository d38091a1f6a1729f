#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a command against a private, throwaway PulseAudio daemon with null devices, then stops that daemon:
#   sb_sink      null sink, the default output (tests record its monitor with parec)
#   sb_micsink   null sink that tests play "speech into the microphone" to
#   sb_mic       remap of sb_micsink.monitor: a capture device Qt can see (Qt hides monitor sources)
# The daemon gets its own runtime, state and home directories, so it never meets a user's session daemon and
# parallel runs never meet each other. As root (CI containers) PulseAudio warns that it is not meant to run as
# root and works anyway; --system mode is not used because its clients need the pulse-access group.
# If the daemon cannot start, the command still runs with SWITCHBOARD_PULSE_ERROR set: the test then fails when
# SWITCHBOARD_REQUIRE_AUDIO=1 (CI) and skips otherwise.
set -u

work=$(mktemp -d "${TMPDIR:-/tmp}/sb-pulse.XXXXXX")
export XDG_RUNTIME_DIR="$work/run" PULSE_RUNTIME_PATH="$work/run/pulse" PULSE_STATE_PATH="$work/state"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$XDG_RUNTIME_DIR" "$PULSE_STATE_PATH" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
unset PULSE_SERVER PULSE_SINK PULSE_SOURCE

cleanup() {
    pulseaudio --kill >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

if ! command -v pulseaudio >/dev/null 2>&1; then
    export SWITCHBOARD_PULSE_ERROR="pulseaudio is not installed (apt-get install pulseaudio pulseaudio-utils)"
elif ! pulseaudio --start --exit-idle-time=-1 -n --daemonize=yes --log-target=file:"$work/pulse.log" \
        --load=module-native-protocol-unix \
        --load="module-null-sink sink_name=sb_sink sink_properties=device.description=SwitchboardTestSink" \
        --load="module-null-sink sink_name=sb_micsink sink_properties=device.description=SwitchboardMicFeed" \
        --load="module-remap-source master=sb_micsink.monitor source_name=sb_mic source_properties=device.description=SwitchboardTestMic" \
        >"$work/start.log" 2>&1; then
    export SWITCHBOARD_PULSE_ERROR="pulseaudio did not start: $(tail -n 3 "$work/start.log" "$work/pulse.log" 2>/dev/null | tr '\n' ' ')"
else
    ok=0
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        if pactl info >/dev/null 2>&1; then ok=1; break; fi
        sleep 0.2
    done
    if [ "$ok" = 1 ]; then
        pactl set-default-sink sb_sink && pactl set-default-source sb_mic
    else
        export SWITCHBOARD_PULSE_ERROR="pulseaudio started but pactl cannot reach it"
    fi
fi

"$@"
