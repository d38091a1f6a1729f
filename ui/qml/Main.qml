// SPDX-License-Identifier: MIT
// The console window: side navigation, the demo and connection banners, the pages, and the keyboard shortcuts
// that work everywhere (Esc / Ctrl+Shift+H hang up, Ctrl+M mute, Ctrl+1..5 pages, digits as DTMF in a call).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

ApplicationWindow {
    id: window
    required property BackendClient backend
    required property ActiveCallController activeCall
    required property AudioStatus audioStatus
    required property AudioDevices audioDevices
    required property UiSettings settings
    required property LanguageManager language
    property int page: 0

    width: 1180
    height: 760
    minimumWidth: 900
    minimumHeight: 620
    visible: false // the application shows it (tests grab it offscreen)
    title: activeCall.inCall ? qsTr("%1 – %2 – Switchboard").arg(activeCall.stateText).arg(activeCall.remoteNumber)
                             : qsTr("Switchboard")
    color: Theme.window
    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.alternateBase: Theme.surfaceAlt
    palette.text: Theme.text
    palette.button: Theme.surfaceAlt
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.mutedText
    palette.mid: Theme.border

    Shortcut {
        sequences: ["Esc", "Ctrl+Shift+H"]
        context: Qt.ApplicationShortcut
        enabled: window.activeCall.inCall
        onActivated: window.activeCall.hangUp()
    }
    Shortcut {
        sequence: "Ctrl+M"
        context: Qt.ApplicationShortcut
        enabled: window.activeCall.inCall
        onActivated: window.activeCall.toggleMute()
    }
    Repeater {
        model: 5
        delegate: Item {
            required property int index
            Shortcut {
                sequence: "Ctrl+" + (index + 1)
                context: Qt.ApplicationShortcut
                onActivated: window.page = index
            }
        }
    }
    // During a connected call the number field is locked, so typed digits go to the call as DTMF.
    Repeater {
        model: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"]
        delegate: Item {
            required property string modelData
            Shortcut {
                sequence: modelData
                context: Qt.ApplicationShortcut
                enabled: window.activeCall.state === ActiveCallController.Connected && window.page === 0
                onActivated: agentPage.dialerPanel.pressKey(modelData)
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        // Side navigation.
        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 210
            color: Theme.sidebar
            ColumnLayout {
                anchors.fill: parent
                anchors.topMargin: Theme.pad
                spacing: 2
                Label {
                    text: "Switchboard"
                    color: "white"
                    font.pixelSize: Theme.titleFont
                    font.bold: true
                    Layout.leftMargin: Theme.pad
                }
                Label {
                    text: window.backend.remote ? qsTr("Remote console") : qsTr("Agent console")
                    color: Theme.sidebarText
                    opacity: 0.7
                    font.pixelSize: Theme.smallFont
                    Layout.leftMargin: Theme.pad
                    Layout.bottomMargin: Theme.pad
                }
                NavButton { objectName: "navAgent"; glyph: "☎"; text: qsTr("Phone"); current: window.page === 0; onClicked: window.page = 0 }
                NavButton { objectName: "navHistory"; glyph: "☰"; text: qsTr("History"); current: window.page === 1; onClicked: window.page = 1 }
                NavButton { objectName: "navEvents"; glyph: "⚡"; text: qsTr("Live events"); current: window.page === 2; onClicked: window.page = 2 }
                NavButton {
                    objectName: "navSupervisor"; glyph: "◉"; text: qsTr("Supervisor")
                    current: window.page === 3; badge: supervisorPage.model.count
                    onClicked: window.page = 3
                }
                NavButton { objectName: "navSettings"; glyph: "⚙"; text: qsTr("Settings"); current: window.page === 4; onClicked: window.page = 4 }
                Item { Layout.fillHeight: true }

                // Call state, always visible.
                Rectangle {
                    Layout.fillWidth: true
                    Layout.margins: Theme.gap
                    implicitHeight: sideState.implicitHeight + 2 * Theme.gap
                    radius: Theme.radius
                    color: Theme.sidebarActive
                    visible: window.activeCall.state !== ActiveCallController.Idle
                    ColumnLayout {
                        id: sideState
                        anchors.fill: parent
                        anchors.margins: Theme.gap
                        spacing: 2
                        StatusPill { text: window.activeCall.stateText; tint: Theme.stateColor(window.activeCall.state); onDark: true }
                        Label { text: window.activeCall.remoteNumber; color: "white"; font.bold: true }
                        Label { text: window.activeCall.elapsedText; color: Theme.sidebarText; font.family: Theme.monoFamily }
                    }
                }
                RowLayout {
                    Layout.margins: Theme.pad
                    spacing: 6
                    Rectangle {
                        implicitWidth: 8; implicitHeight: 8; radius: 4
                        color: window.backend.eventsConnected ? Theme.good : Theme.busy
                    }
                    Label {
                        objectName: "connectionLabel"
                        text: window.backend.eventsConnected ? qsTr("Connected to backend") : qsTr("Connecting to backend…")
                        color: Theme.sidebarText
                        font.pixelSize: Theme.smallFont
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                    }
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            Rectangle {
                objectName: "demoBanner"
                Layout.fillWidth: true
                visible: window.backend.demo
                implicitHeight: demoLabel.implicitHeight + 16
                color: Theme.demoBanner
                Label {
                    id: demoLabel
                    anchors.centerIn: parent
                    text: qsTr("DEMO — simulated calls, no real telephony")
                    color: Theme.demoText
                    font.bold: true
                    Accessible.role: Accessible.AlertMessage
                }
            }
            Rectangle {
                Layout.fillWidth: true
                visible: !window.backend.eventsConnected
                implicitHeight: offlineLabel.implicitHeight + 12
                color: Theme.warnSurface
                Label {
                    id: offlineLabel
                    anchors.centerIn: parent
                    width: parent.width - 2 * Theme.pad
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    text: qsTr("Not connected to the Switchboard backend at %1. Live updates resume when it is reachable again.").arg(window.backend.baseUrl)
                    color: Theme.text
                }
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.margins: Theme.pad
                currentIndex: window.page

                AgentPage {
                    id: agentPage
                    objectName: "agentPage"
                    activeCall: window.activeCall
                    audioStatus: window.audioStatus
                    settings: window.settings
                    audioDevices: window.audioDevices
                    demo: window.backend.demo
                }
                HistoryPage { objectName: "historyPage"; backend: window.backend }
                EventsPage { objectName: "eventsPage"; backend: window.backend }
                SupervisorPage { id: supervisorPage; objectName: "supervisorPage"; backend: window.backend }
                SettingsPage {
                    objectName: "settingsPage"
                    settings: window.settings
                    language: window.language
                    backend: window.backend
                    audioDevices: window.audioDevices
                }
            }
        }
    }

    Component.onCompleted: agentPage.dialerPanel.numberField.forceActiveFocus()
}
