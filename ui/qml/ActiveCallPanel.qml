// SPDX-License-Identifier: MIT
// The current call: its state in large type, the number, the running timer, mute and hang up, speaker volume,
// the level meters and a small stream-health line. Problems are spelled out with what to do about them.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

Pane {
    id: panel
    required property ActiveCallController activeCall
    required property AudioStatus audioStatus

    readonly property bool idle: activeCall.state === ActiveCallController.Idle
    readonly property bool connected: activeCall.state === ActiveCallController.Connected
    readonly property bool finished: activeCall.state === ActiveCallController.Ended
                                     || activeCall.state === ActiveCallController.Failed

    padding: Theme.pad * 1.5
    background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Current call")
                font.pixelSize: Theme.titleFont
                font.bold: true
                color: Theme.text
                Layout.fillWidth: true
            }
            Label {
                visible: panel.activeCall.muted
                text: qsTr("Microphone muted")
                color: Theme.bad
                font.bold: true
            }
        }
        // A supervisor whispers: only this agent hears it, and the agent is told who (nobody is spoken to in secret).
        Label {
            objectName: "whispererLabel"
            Layout.fillWidth: true
            visible: panel.activeCall.whisperer !== ""
            text: qsTr("%1 is whispering to you (the customer does not hear it)").arg(panel.activeCall.whisperer)
            color: Theme.accent
            font.bold: true
            wrapMode: Text.Wrap
        }

        // State, number, timer.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.gap
            spacing: 8
            StatusPill {
                objectName: "callStatePill"
                large: true
                text: panel.activeCall.stateText
                tint: Theme.stateColor(panel.activeCall.state)
            }
            Label {
                objectName: "callStateLabel"
                visible: false // read by tests and screen readers through the pill; kept as a plain text hook
                text: panel.activeCall.stateText
            }
            Label {
                objectName: "remoteNumber"
                text: panel.idle ? qsTr("No call") : panel.activeCall.remoteNumber
                font.pixelSize: Theme.bigFont
                font.bold: true
                color: panel.idle ? Theme.mutedText : Theme.text
                Accessible.name: panel.idle ? text : qsTr("Remote number %1").arg(text)
            }
            Label {
                visible: !panel.idle && panel.activeCall.callerId !== ""
                text: qsTr("from %1").arg(panel.activeCall.callerId)
                color: Theme.mutedText
            }
            Label {
                objectName: "callTimer"
                visible: panel.activeCall.elapsedText !== ""
                text: panel.activeCall.elapsedText
                font.pixelSize: Theme.bigFont * 1.2
                font.family: Theme.monoFamily
                color: panel.connected ? Theme.good : Theme.mutedText
                Accessible.name: qsTr("Call time %1").arg(text)
            }
            Label {
                visible: panel.idle
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: qsTr("Type a number on the left and press Enter to call.")
                color: Theme.mutedText
            }
            Label {
                objectName: "endReason"
                visible: panel.activeCall.state === ActiveCallController.Ended
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: panel.activeCall.endReason
                font.pixelSize: Theme.titleFont
                color: Theme.text
            }
        }

        // What went wrong, and what to do.
        Rectangle {
            objectName: "problemBox"
            Layout.fillWidth: true
            visible: panel.activeCall.problem !== "" || (panel.audioStatus.problem !== "" && !panel.idle)
            implicitHeight: problemColumn.implicitHeight + 2 * Theme.gap
            radius: Theme.radius
            color: panel.activeCall.state === ActiveCallController.Failed ? Theme.badSurface : Theme.warnSurface
            border.color: panel.activeCall.state === ActiveCallController.Failed ? Theme.bad : Theme.busy
            ColumnLayout {
                id: problemColumn
                anchors.fill: parent
                anchors.margins: Theme.gap
                spacing: 4
                Label {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: panel.activeCall.problem
                    font.bold: true
                    wrapMode: Text.WordWrap
                    color: Theme.text
                }
                Label {
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: panel.activeCall.advice
                    wrapMode: Text.WordWrap
                    color: Theme.text
                }
                Label {
                    Layout.fillWidth: true
                    visible: panel.audioStatus.problem !== "" && !panel.idle
                    text: qsTr("Audio device: %1").arg(panel.audioStatus.problem)
                    wrapMode: Text.WordWrap
                    color: Theme.text
                }
            }
        }

        // Call controls.
        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.gap
            spacing: Theme.gap
            Button {
                id: muteButton
                objectName: "muteButton"
                visible: panel.activeCall.inCall
                enabled: panel.activeCall.callControlId !== ""
                checkable: true
                checked: panel.activeCall.muted
                text: panel.activeCall.muted ? qsTr("Unmute") : qsTr("Mute")
                Layout.preferredHeight: 48
                Layout.preferredWidth: 150
                Accessible.name: panel.activeCall.muted ? qsTr("Unmute the microphone") : qsTr("Mute the microphone")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Mute or unmute (Ctrl+M)")
                onClicked: panel.activeCall.toggleMute()
            }
            Button {
                id: hangupButton
                objectName: "hangupButton"
                visible: panel.activeCall.inCall
                text: qsTr("Hang up")
                Layout.preferredHeight: 48
                Layout.preferredWidth: 170
                Accessible.name: qsTr("Hang up the call")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Hang up (Esc or Ctrl+Shift+H)")
                onClicked: panel.activeCall.hangUp()
                contentItem: Label {
                    text: hangupButton.text
                    color: hangupButton.enabled ? "white" : Theme.mutedText
                    font.bold: true
                    font.pixelSize: Theme.baseFont * 1.1
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                background: Rectangle {
                    radius: Theme.radius
                    color: hangupButton.enabled ? (hangupButton.down ? Qt.darker(Theme.bad, 1.2) : Theme.bad) : Theme.surfaceAlt
                    border.color: hangupButton.visualFocus ? Theme.accent : "transparent"
                    border.width: 2
                }
            }
            Button {
                objectName: "doneButton"
                visible: panel.finished
                text: qsTr("Done")
                Layout.preferredHeight: 48
                Layout.preferredWidth: 150
                Accessible.name: qsTr("Clear the finished call")
                onClicked: panel.activeCall.reset()
            }
            Item { Layout.fillWidth: true }
        }

        // Speaker.
        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: Theme.gap
            spacing: 8
            Label {
                text: qsTr("Speaker")
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                Layout.preferredWidth: 110
            }
            Slider {
                id: volumeSlider
                objectName: "volumeSlider"
                Layout.fillWidth: true
                from: 0; to: 1
                value: panel.audioStatus.volume
                enabled: !panel.audioStatus.speakerMuted
                Accessible.name: qsTr("Speaker volume")
                onMoved: panel.audioStatus.volume = value
            }
            CheckBox {
                text: qsTr("Silence")
                checked: panel.audioStatus.speakerMuted
                Accessible.name: qsTr("Silence the speaker")
                onToggled: panel.audioStatus.speakerMuted = checked
            }
        }
        LevelMeter {
            Layout.fillWidth: true
            label: qsTr("Caller's voice")
            value: panel.audioStatus.remoteLevel
            active: panel.connected
        }
        LevelMeter {
            Layout.fillWidth: true
            label: qsTr("Your microphone")
            value: panel.activeCall.muted ? 0 : panel.audioStatus.micLevel
            active: panel.connected && !panel.activeCall.muted
        }

        Item { Layout.fillHeight: true }

        // Unobtrusive stream health.
        RowLayout {
            objectName: "audioHealth"
            Layout.fillWidth: true
            spacing: 6
            Rectangle {
                implicitWidth: 8; implicitHeight: 8; radius: 4
                color: !panel.audioStatus.hasOutput ? Theme.idle
                       : panel.audioStatus.link === AudioStatus.LinkReconnecting ? Theme.busy
                       : panel.audioStatus.health === AudioStatus.Poor ? Theme.bad
                       : panel.audioStatus.health === AudioStatus.Fair ? Theme.busy
                       : panel.audioStatus.health === AudioStatus.Good ? Theme.good : Theme.idle
            }
            Label {
                Layout.fillWidth: true
                elide: Text.ElideRight
                font.pixelSize: Theme.smallFont
                color: Theme.mutedText
                text: {
                    const a = panel.audioStatus
                    const device = a.hasOutput ? a.outputDevice : qsTr("No audio device")
                    // A remote desk's audio sockets, while they are not open ("Reconnecting audio…").
                    if (a.linkText !== "")
                        return device + " · " + a.linkText
                    if (a.health === AudioStatus.Idle)
                        return device + " · " + a.healthText
                    return qsTr("%1 · %2 · buffer %3 ms · %4 s concealed")
                        .arg(device).arg(a.healthText).arg(a.jitterDepthMs).arg((a.concealedMs / 1000).toFixed(1))
                }
                Accessible.name: text
            }
        }
    }
}
