// SPDX-License-Identifier: MIT
// The agent's presence, one click (CONTRACT §9): Available (inbound calls ring here) or Away; "On a call" while the
// desk's call is live, when the server counts the agent busy whatever was chosen.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

ItemDelegate {
    id: control
    required property AgentPresence presence
    readonly property color tint: presence.state === AgentPresence.Available ? Theme.good
                                : presence.state === AgentPresence.OnCall ? Theme.busy : Theme.idle

    Layout.fillWidth: true
    implicitHeight: 36
    enabled: presence.state !== AgentPresence.OnCall && !presence.busy
    focusPolicy: Qt.StrongFocus
    Accessible.role: Accessible.Button
    Accessible.name: presence.state === AgentPresence.Available ? qsTr("Available: click to go away")
                   : presence.state === AgentPresence.Away ? qsTr("Away: click to become available")
                   : qsTr("On a call")
    ToolTip.visible: hovered
    ToolTip.text: presence.error !== "" ? presence.error
                : presence.state === AgentPresence.Available ? qsTr("Incoming calls ring here. Click to go away.")
                : presence.state === AgentPresence.Away ? qsTr("No calls ring here. Click to become available.")
                : qsTr("Busy on a call: no other call rings here.")
    onClicked: presence.setAvailable(presence.state === AgentPresence.Away)

    background: Rectangle {
        color: control.hovered || control.visualFocus ? Qt.rgba(1, 1, 1, 0.08) : "transparent"
        border.color: control.visualFocus ? Theme.accent : "transparent"
        border.width: 2
    }
    contentItem: RowLayout {
        spacing: 8
        Rectangle {
            implicitWidth: 10; implicitHeight: 10; radius: 5
            color: control.tint
        }
        Label {
            objectName: "presenceLabel"
            text: control.presence.stateText
            color: "white"
            font.pixelSize: Theme.smallFont
            font.bold: true
            Layout.fillWidth: true
        }
        Label {
            visible: control.presence.error !== ""
            text: "⚠"
            color: Theme.busy
        }
    }
}
