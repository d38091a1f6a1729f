// SPDX-License-Identifier: MIT
// The live event log: call events as the backend broadcasts them, newest on top.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

Pane {
    id: page
    required property BackendClient backend
    readonly property alias model: events

    padding: Theme.pad
    background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

    EventLogModel {
        id: events
        backend: page.backend
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Live events")
                font.pixelSize: Theme.titleFont
                font.bold: true
                color: Theme.text
            }
            StatusPill {
                text: page.backend.eventsConnected ? qsTr("Live") : qsTr("Reconnecting…")
                tint: page.backend.eventsConnected ? Theme.good : Theme.busy
            }
            Item { Layout.fillWidth: true }
            CheckBox {
                id: showPayload
                text: qsTr("Show details")
                Accessible.name: qsTr("Show the raw event payloads")
            }
            Button {
                text: qsTr("Clear")
                enabled: events.count > 0
                Accessible.name: qsTr("Clear the event log")
                onClicked: events.clear()
            }
        }
        Rectangle { Layout.fillWidth: true; implicitHeight: 1; color: Theme.border }

        ListView {
            id: list
            objectName: "eventList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: events
            activeFocusOnTab: true
            keyNavigationEnabled: true
            Accessible.name: qsTr("Live events")
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: row
                required property int index
                required property string timeText
                required property string type
                required property string callControlId
                required property string summary
                required property string payload

                width: ListView.view.width
                implicitHeight: column.implicitHeight + 12
                color: index % 2 ? Theme.surfaceAlt : Theme.surface
                Accessible.role: Accessible.ListItem
                Accessible.name: timeText + " " + summary

                ColumnLayout {
                    id: column
                    anchors.fill: parent
                    anchors.margins: 6
                    anchors.leftMargin: 8
                    spacing: 2
                    RowLayout {
                        spacing: 12
                        Label { text: row.timeText; font.family: Theme.monoFamily; color: Theme.mutedText }
                        Label {
                            text: row.type
                            font.family: Theme.monoFamily
                            color: row.type === "call.hangup" || row.type === "streaming.failed" ? Theme.bad
                                   : row.type === "call.answered" ? Theme.good : Theme.accent
                            Layout.preferredWidth: 170
                        }
                        Label { text: row.summary; color: Theme.text; Layout.fillWidth: true; elide: Text.ElideRight }
                        Label {
                            text: row.callControlId
                            color: Theme.mutedText
                            font.pixelSize: Theme.smallFont
                            elide: Text.ElideMiddle
                            Layout.preferredWidth: 180
                        }
                    }
                    Label {
                        visible: showPayload.checked
                        text: row.payload
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.smallFont
                        color: Theme.mutedText
                        wrapMode: Text.WrapAnywhere
                        Layout.fillWidth: true
                    }
                }
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("Call events appear here as they happen.")
                color: Theme.mutedText
            }
        }
    }
}
