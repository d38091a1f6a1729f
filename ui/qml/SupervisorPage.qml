// SPDX-License-Identifier: MIT
// The supervisor's view: the team's agents and their states, every call on this backend that has not ended (with
// the agent on it), "Listen" to hear one (both sides) on this computer, "Hold to whisper" to speak to its agent alone
// (the customer does not hear it; when this desk's application wires a microphone to `whisper`), and "End" to hang
// one up. Works the same against a remote
// backend (--connect).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

Pane {
    id: page
    required property BackendClient backend
    // The push-to-talk whisper (Dashboard.whisper); null or unavailable: no Whisper buttons.
    property WhisperControl whisper: null
    readonly property bool canWhisper: whisper !== null && whisper.available
    readonly property alias model: liveCalls
    readonly property alias player: player
    readonly property alias agents: agentsPanel.model

    padding: Theme.pad
    background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

    CallsModel {
        id: allCalls
        backend: page.backend
        pageSize: 200
    }
    CallsFilterModel {
        id: liveCalls
        sourceModel: allCalls
        liveOnly: true
    }
    ListenPlayer {
        id: player
        backend: page.backend
    }
    // Re-evaluates the "for 1:23" texts once a second.
    Timer {
        id: clock
        property date now: new Date()
        interval: 1000; running: page.visible && liveCalls.count > 0; repeat: true
        onTriggered: now = new Date()
    }
    Connections {
        target: liveCalls
        function onCountChanged() {
            if (player.listening && liveCalls.rowOf(player.callControlId) < 0)
                player.stop() // the call ended
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Live calls")
                font.pixelSize: Theme.titleFont
                font.bold: true
                color: Theme.text
            }
            Label {
                text: page.backend.remote ? qsTr("on %1").arg(page.backend.baseUrl) : qsTr("on this computer")
                color: Theme.mutedText
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            Button {
                text: qsTr("Refresh")
                Accessible.name: qsTr("Reload the live calls")
                onClicked: allCalls.reload()
            }
        }

        AgentsPanel {
            id: agentsPanel
            Layout.fillWidth: true
            backend: page.backend
        }

        // Listening bar.
        Rectangle {
            Layout.fillWidth: true
            visible: player.listening || player.problem !== ""
            implicitHeight: listenRow.implicitHeight + 2 * Theme.gap
            radius: Theme.radius
            color: player.problem !== "" ? Theme.warnSurface : Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.1)
            border.color: player.problem !== "" ? Theme.busy : Theme.accent
            ColumnLayout {
                id: listenRow
                anchors.fill: parent
                anchors.margins: Theme.gap
                RowLayout {
                    Label {
                        text: player.statusText
                        font.bold: true
                        color: Theme.text
                    }
                    Label {
                        text: player.callControlId
                        color: Theme.mutedText
                        elide: Text.ElideMiddle
                        Layout.fillWidth: true
                    }
                    Slider {
                        from: 0; to: 1
                        value: player.volume
                        onMoved: player.volume = value
                        Accessible.name: qsTr("Listening volume")
                    }
                    Button {
                        visible: player.listening
                        text: qsTr("Stop listening")
                        onClicked: player.stop()
                    }
                }
                LevelMeter {
                    Layout.fillWidth: true
                    visible: player.listening
                    label: qsTr("Call audio")
                    value: player.level
                }
                Label {
                    visible: player.problem !== ""
                    text: player.problem
                    wrapMode: Text.WordWrap
                    color: Theme.text
                    Layout.fillWidth: true
                }
            }
        }

        ListView {
            id: list
            objectName: "liveCallList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 6
            model: liveCalls
            activeFocusOnTab: true
            keyNavigationEnabled: true
            Accessible.name: qsTr("Live calls")
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: card
                required property string callControlId
                required property string to
                required property string from
                required property string agentId
                required property string status
                required property string statusText
                required property bool muted
                required property var createdAt
                required property var answeredAt
                required property int listeners
                readonly property bool listening: player.listening && player.callControlId === callControlId

                width: ListView.view.width
                implicitHeight: cardRow.implicitHeight + 2 * Theme.gap
                radius: Theme.radius
                color: listening ? Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.08) : Theme.surfaceAlt
                border.color: listening ? Theme.accent : Theme.border

                RowLayout {
                    id: cardRow
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    spacing: Theme.gap
                    StatusPill {
                        text: card.statusText
                        tint: Theme.stateColor(card.status)
                        Layout.preferredWidth: 110
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label {
                            text: card.to
                            font.bold: true
                            font.pixelSize: Theme.baseFont * 1.2
                            color: Theme.text
                        }
                        Label {
                            text: qsTr("Agent %1 · from %2").arg(card.agentId || qsTr("unknown")).arg(card.from)
                                  + (card.muted ? " · " + qsTr("muted") : "")
                                  + (card.listeners > 0 ? " · " + qsTr("%1 listening").arg(card.listeners) : "")
                            color: Theme.mutedText
                            font.pixelSize: Theme.smallFont
                        }
                    }
                    Label {
                        readonly property var since: card.answeredAt && !isNaN(card.answeredAt) ? card.answeredAt : card.createdAt
                        text: since ? CallText.duration(Math.max(0, Math.floor((clock.now - since) / 1000))) : ""
                        font.family: Theme.monoFamily
                        color: Theme.text
                    }
                    Button {
                        text: card.listening ? qsTr("Stop") : qsTr("Listen")
                        highlighted: !card.listening
                        Accessible.name: card.listening ? qsTr("Stop listening to the call to %1").arg(card.to)
                                                        : qsTr("Listen to the call to %1").arg(card.to)
                        onClicked: card.listening ? player.stop() : player.listen(card.callControlId)
                    }
                    Button {
                        objectName: "whisperButton"
                        readonly property bool whispering: page.canWhisper && page.whisper.callControlId === card.callControlId
                        visible: page.canWhisper && card.agentId !== ""
                        text: whispering ? (page.whisper.talking ? qsTr("Whispering…") : qsTr("Connecting…"))
                                         : qsTr("Hold to whisper")
                        highlighted: whispering
                        Accessible.name: qsTr("Hold to whisper to agent %1; the customer does not hear it").arg(card.agentId)
                        onPressed: page.whisper.start(card.callControlId)
                        onReleased: page.whisper.stop()
                        onCanceled: page.whisper.stop()
                    }
                    Button {
                        objectName: "endCallButton"
                        text: qsTr("End")
                        Accessible.name: qsTr("End the call to %1").arg(card.to)
                        onClicked: page.backend.endCall(card.callControlId)
                    }
                }
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No calls in progress.")
                color: Theme.mutedText
            }
        }

        Label {
            objectName: "whisperProblem"
            Layout.fillWidth: true
            visible: page.canWhisper && page.whisper.problem !== ""
            text: page.canWhisper ? page.whisper.problem : ""
            color: Theme.bad
            wrapMode: Text.WordWrap
        }

        Label {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.smallFont
            color: Theme.mutedText
            text: qsTr("Listening plays both sides of the call on this computer's default speaker. To watch another machine's calls, start Switchboard with --connect URL --token TOKEN.")
        }
    }
}
