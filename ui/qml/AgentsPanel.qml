// SPDX-License-Identifier: MIT
// The team's agents on the Supervisor page: one chip per user with the state in colour (Available, Away, On a call,
// Signed out), from GET /api/presence and presence.changed events (PresenceModel).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

ColumnLayout {
    id: panel
    required property BackendClient backend
    readonly property alias model: presence

    spacing: 6
    visible: presence.count > 0

    PresenceModel {
        id: presence
        backend: panel.backend
    }

    Label {
        text: qsTr("Agents")
        font.bold: true
        color: Theme.text
    }
    Flow {
        Layout.fillWidth: true
        spacing: 6
        Repeater {
            objectName: "agentList"
            model: presence
            delegate: Rectangle {
                id: chip
                required property string name
                required property string role
                required property int presenceState
                required property string stateText
                required property string call
                implicitWidth: chipRow.implicitWidth + 2 * Theme.gap
                implicitHeight: chipRow.implicitHeight + 10
                radius: height / 2
                color: Theme.surfaceAlt
                border.color: Theme.presenceColor(chip.presenceState)
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("%1: %2").arg(chip.name).arg(chip.stateText)
                RowLayout {
                    id: chipRow
                    anchors.centerIn: parent
                    spacing: 6
                    Rectangle {
                        implicitWidth: 10; implicitHeight: 10; radius: 5
                        color: Theme.presenceColor(chip.presenceState)
                    }
                    Label { text: chip.name; font.bold: true; color: Theme.text }
                    Label {
                        objectName: "agentState"
                        text: chip.stateText
                        color: Theme.presenceColor(chip.presenceState)
                        font.pixelSize: Theme.smallFont
                    }
                }
            }
        }
    }
}
