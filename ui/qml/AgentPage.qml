// SPDX-License-Identifier: MIT
// The agent's desk: dialer on the left, the current call on the right.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

RowLayout {
    id: page
    required property ActiveCallController activeCall
    required property AudioStatus audioStatus
    required property UiSettings settings
    property AudioDevices audioDevices: null
    property bool demo: false
    readonly property alias dialerPanel: dialerPanel

    spacing: Theme.gap

    DialerPanel {
        id: dialerPanel
        Layout.preferredWidth: 340
        Layout.fillHeight: true
        activeCall: page.activeCall
        settings: page.settings
        audioDevices: page.audioDevices
        demo: page.demo
    }
    ActiveCallPanel {
        Layout.fillWidth: true
        Layout.fillHeight: true
        activeCall: page.activeCall
        audioStatus: page.audioStatus
    }
}
