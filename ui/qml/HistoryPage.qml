// SPDX-License-Identifier: MIT
// Past calls from the backend's store, newest first, searchable by number and agent, paged as you scroll.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

Pane {
    id: page
    required property BackendClient backend
    readonly property alias model: calls
    // "Call back" on a row: the console dials the number (the other party of that call).
    signal callBack(string number)

    padding: Theme.pad
    background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

    CallsModel {
        id: history
        backend: page.backend
    }
    CallsFilterModel {
        id: calls
        sourceModel: history
        searchText: search.text
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Call history")
                font.pixelSize: Theme.titleFont
                font.bold: true
                color: Theme.text
            }
            Label {
                text: qsTr("%1 of %2 calls").arg(calls.count).arg(history.total)
                color: Theme.mutedText
                Layout.fillWidth: true
            }
            TextField {
                id: search
                objectName: "historySearch"
                Layout.preferredWidth: 280
                placeholderText: qsTr("Search number or agent")
                Accessible.name: qsTr("Search the history by number or agent")
            }
            Button {
                text: qsTr("Refresh")
                Accessible.name: qsTr("Reload the history")
                onClicked: history.reload()
            }
        }
        Label {
            visible: history.errorString !== ""
            text: history.errorString
            color: Theme.bad
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        // Column headings.
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 8
            Layout.rightMargin: 8
            spacing: 8
            component Heading: Label {
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                font.bold: true
            }
            Heading { text: qsTr("When"); Layout.preferredWidth: 130 }
            Heading { text: qsTr("Number"); Layout.preferredWidth: 150 }
            Heading { text: qsTr("From"); Layout.preferredWidth: 140 }
            Heading { text: qsTr("Agent"); Layout.preferredWidth: 110 }
            Heading { text: qsTr("Duration"); Layout.preferredWidth: 70 }
            Heading { text: qsTr("Outcome"); Layout.fillWidth: true }
        }
        Rectangle { Layout.fillWidth: true; implicitHeight: 1; color: Theme.border }

        ListView {
            id: list
            objectName: "historyList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: calls
            keyNavigationEnabled: true
            activeFocusOnTab: true
            Accessible.name: qsTr("Call history")
            ScrollBar.vertical: ScrollBar {}
            onAtYEndChanged: if (atYEnd && history.canLoadMore) history.loadMore()

            delegate: ItemDelegate {
                id: row
                required property int index
                required property string to
                required property string from
                required property string agentId
                required property string status
                required property string statusText
                required property string hangupCauseText
                required property string durationText
                required property var createdAt
                required property bool live
                required property string recording
                required property string remoteNumber
                required property string direction
                required property bool missed

                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                Accessible.name: (direction === "inbound" ? qsTr("Call from %1, %2") : qsTr("Call to %1, %2"))
                                 .arg(remoteNumber).arg(missed ? qsTr("missed") : live ? statusText : hangupCauseText)
                background: Rectangle {
                    color: row.highlighted ? Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.12)
                                           : row.index % 2 ? Theme.surfaceAlt : Theme.surface
                }
                contentItem: RowLayout {
                    spacing: 8
                    Label {
                        text: row.createdAt ? Qt.formatDateTime(row.createdAt, Qt.locale().dateTimeFormat(Locale.ShortFormat)) : ""
                        Layout.preferredWidth: 130
                        color: Theme.mutedText
                        elide: Text.ElideRight
                    }
                    Label {
                        text: (row.direction === "inbound" ? "↙ " : "↗ ") + row.remoteNumber
                        Layout.preferredWidth: 150
                        font.bold: true
                        color: row.missed ? Theme.bad : Theme.text
                        elide: Text.ElideRight
                    }
                    Label { text: row.from; Layout.preferredWidth: 140; color: Theme.text; elide: Text.ElideRight }
                    Label { text: row.agentId; Layout.preferredWidth: 110; color: Theme.text; elide: Text.ElideRight }
                    Label {
                        text: row.durationText
                        Layout.preferredWidth: 70
                        font.family: Theme.monoFamily
                        color: Theme.text
                    }
                    StatusPill {
                        visible: row.live
                        text: row.statusText
                        tint: Theme.stateColor(row.status)
                    }
                    StatusPill {
                        visible: row.missed
                        text: qsTr("Missed")
                        tint: Theme.bad
                    }
                    Label {
                        visible: !row.live
                        text: row.hangupCauseText
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                        color: Theme.text
                    }
                    Item { Layout.fillWidth: row.live }
                    Button {
                        objectName: "callBackButton"
                        visible: !row.live && row.remoteNumber !== ""
                        text: qsTr("Call back")
                        flat: true
                        Accessible.name: qsTr("Call %1 back").arg(row.remoteNumber)
                        onClicked: page.callBack(row.remoteNumber)
                    }
                    Button {
                        visible: row.recording.length > 0
                        text: qsTr("Recording")
                        flat: true
                        Accessible.name: qsTr("Play the recording of the call to %1").arg(row.to)
                        ToolTip.visible: hovered
                        ToolTip.text: row.recording
                        onClicked: Qt.openUrlExternally("file://" + row.recording)
                    }
                }
                onClicked: list.currentIndex = index
            }

            footer: Item {
                width: list.width
                height: history.canLoadMore || history.loading ? 48 : 0
                Button {
                    anchors.centerIn: parent
                    visible: history.canLoadMore
                    enabled: !history.loading
                    text: history.loading ? qsTr("Loading…") : qsTr("Load older calls")
                    onClicked: history.loadMore()
                }
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0 && !history.loading
                text: search.text === "" ? qsTr("No calls yet.") : qsTr("No call matches “%1”.").arg(search.text)
                color: Theme.mutedText
            }
        }
    }
}
