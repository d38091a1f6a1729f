// SPDX-License-Identifier: MIT
// The console of a signed-in desk: side navigation (who is signed in, the pages the role may see), the demo and
// connection banners, the ringing calls (IncomingCallBanner), the agent's presence, the pages, and the keyboard
// shortcuts that work everywhere (Esc / Ctrl+Shift+H hang up, Ctrl+M mute, Ctrl+Shift+A answer and Ctrl+Shift+D
// decline the oldest call ringing here, Ctrl+1..5 pages, digits as DTMF in a call). Agents get no Supervisor page (CONTRACT §6: their
// tokens see their own calls only); supervisors and admins do.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

Item {
    id: desk
    required property BackendClient backend
    required property ActiveCallController activeCall
    required property AudioStatus audioStatus
    required property AudioDevices audioDevices
    required property UiSettings settings
    required property LanguageManager language
    required property Session session
    required property IncomingCallsModel incomingCalls
    required property AgentPresence presence
    required property QtObject dashboard
    property int page: 0
    readonly property bool supervisorPageShown: session.supervisor

    onSupervisorPageShownChanged: if (!supervisorPageShown && page === 3) page = 0
    // The missed-call badge counts the calls missed since History was last looked at.
    onPageChanged: if (page === 1) incomingCalls.clearMissed()
    Connections {
        target: desk.incomingCalls
        function onMissedChanged() { if (desk.page === 1) desk.incomingCalls.clearMissed() }
    }

    // A role of CONTRACT §6 in words.
    function roleText(role) {
        switch (role) {
        case "agent": return qsTr("agent")
        case "supervisor": return qsTr("supervisor")
        case "admin": return qsTr("admin")
        default: return role
        }
    }

    Shortcut {
        sequences: ["Esc", "Ctrl+Shift+H"]
        context: Qt.ApplicationShortcut
        enabled: desk.activeCall.inCall
        onActivated: desk.activeCall.hangUp()
    }
    Shortcut {
        sequence: "Ctrl+Shift+A"
        context: Qt.ApplicationShortcut
        enabled: desk.incomingCalls.firstForMe !== "" && !desk.activeCall.inCall
        onActivated: desk.incomingCalls.answer(desk.incomingCalls.firstForMe)
    }
    Shortcut {
        sequence: "Ctrl+Shift+D"
        context: Qt.ApplicationShortcut
        enabled: desk.incomingCalls.firstForMe !== ""
        onActivated: desk.incomingCalls.decline(desk.incomingCalls.firstForMe)
    }
    Shortcut {
        sequence: "Ctrl+M"
        context: Qt.ApplicationShortcut
        enabled: desk.activeCall.inCall
        onActivated: desk.activeCall.toggleMute()
    }
    Repeater {
        model: 5
        delegate: Item {
            required property int index
            Shortcut {
                sequence: "Ctrl+" + (index + 1)
                context: Qt.ApplicationShortcut
                enabled: index !== 3 || desk.supervisorPageShown
                onActivated: desk.page = index
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
                enabled: desk.activeCall.state === ActiveCallController.Connected && desk.page === 0
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
                    text: desk.backend.remote ? qsTr("Remote console") : qsTr("Agent console")
                    color: Theme.sidebarText
                    opacity: 0.7
                    font.pixelSize: Theme.smallFont
                    Layout.leftMargin: Theme.pad
                    Layout.bottomMargin: desk.session.userName !== "" ? 0 : Theme.pad
                }
                Label {
                    objectName: "userLabel"
                    visible: desk.session.userName !== ""
                    text: qsTr("%1 · %2").arg(desk.session.userName).arg(desk.roleText(desk.session.role))
                    color: "white"
                    font.pixelSize: Theme.smallFont
                    Layout.leftMargin: Theme.pad
                    Layout.rightMargin: Theme.pad
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                PresenceSwitch {
                    objectName: "presenceSwitch"
                    presence: desk.presence
                    Layout.leftMargin: Theme.pad - 8
                    Layout.rightMargin: Theme.pad
                    Layout.bottomMargin: Theme.pad
                }
                NavButton { objectName: "navAgent"; glyph: "☎"; text: qsTr("Phone"); current: desk.page === 0; onClicked: desk.page = 0 }
                NavButton {
                    objectName: "navHistory"; glyph: "☰"; text: qsTr("History")
                    current: desk.page === 1; onClicked: desk.page = 1
                    badge: desk.incomingCalls.missed; badgeColor: Theme.bad
                    Accessible.description: badge > 0 ? qsTr("%n missed call(s)", "", badge) : ""
                }
                NavButton { objectName: "navEvents"; glyph: "⚡"; text: qsTr("Live events"); current: desk.page === 2; onClicked: desk.page = 2 }
                NavButton {
                    objectName: "navSupervisor"; glyph: "◉"; text: qsTr("Supervisor")
                    visible: desk.supervisorPageShown
                    current: desk.page === 3; badge: supervisorLoader.item ? supervisorLoader.item.model.count : 0
                    onClicked: desk.page = 3
                }
                NavButton { objectName: "navSettings"; glyph: "⚙"; text: qsTr("Settings"); current: desk.page === 4; onClicked: desk.page = 4 }
                Item { Layout.fillHeight: true }

                // Call state, always visible.
                Rectangle {
                    Layout.fillWidth: true
                    Layout.margins: Theme.gap
                    implicitHeight: sideState.implicitHeight + 2 * Theme.gap
                    radius: Theme.radius
                    color: Theme.sidebarActive
                    visible: desk.activeCall.state !== ActiveCallController.Idle
                    ColumnLayout {
                        id: sideState
                        anchors.fill: parent
                        anchors.margins: Theme.gap
                        spacing: 2
                        StatusPill { text: desk.activeCall.stateText; tint: Theme.stateColor(desk.activeCall.state); onDark: true }
                        Label { text: desk.activeCall.remoteNumber; color: "white"; font.bold: true }
                        Label { text: desk.activeCall.elapsedText; color: Theme.sidebarText; font.family: Theme.monoFamily }
                    }
                }
                RowLayout {
                    Layout.margins: Theme.pad
                    spacing: 6
                    Rectangle {
                        implicitWidth: 8; implicitHeight: 8; radius: 4
                        color: desk.backend.eventsConnected ? Theme.good : Theme.busy
                    }
                    Label {
                        objectName: "connectionLabel"
                        text: desk.backend.eventsConnected ? qsTr("Connected to backend") : qsTr("Connecting to backend…")
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

            IncomingCallBanner {
                objectName: "incomingCallBanner"
                Layout.fillWidth: true
                calls: desk.incomingCalls
                activeCall: desk.activeCall
            }
            Rectangle {
                objectName: "demoBanner"
                Layout.fillWidth: true
                visible: desk.backend.demo
                implicitHeight: demoLabel.implicitHeight + 16
                color: Theme.demoBanner
                RowLayout {
                    anchors.centerIn: parent
                    spacing: Theme.pad
                    Label {
                        id: demoLabel
                        text: qsTr("DEMO — simulated calls, no real telephony")
                        color: Theme.demoText
                        font.bold: true
                        Accessible.role: Accessible.AlertMessage
                    }
                    Button {
                        objectName: "simulateIncomingButton"
                        visible: desk.dashboard && desk.dashboard.canSimulateIncomingCall
                        text: qsTr("A customer calls")
                        flat: true
                        Accessible.name: qsTr("Simulate a customer calling this desk")
                        onClicked: desk.dashboard.simulateIncomingCall()
                    }
                }
            }
            Rectangle {
                objectName: "sessionNoticeBanner"
                Layout.fillWidth: true
                visible: desk.session.notice !== ""
                implicitHeight: noticeLabel.implicitHeight + 12
                color: Theme.warnSurface
                Label {
                    id: noticeLabel
                    anchors.centerIn: parent
                    width: parent.width - 2 * Theme.pad
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    text: desk.session.notice
                    color: Theme.text
                }
            }
            Rectangle {
                Layout.fillWidth: true
                visible: !desk.backend.eventsConnected
                implicitHeight: offlineLabel.implicitHeight + 12
                color: Theme.warnSurface
                Label {
                    id: offlineLabel
                    anchors.centerIn: parent
                    width: parent.width - 2 * Theme.pad
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    text: qsTr("Not connected to the Switchboard backend at %1. Live updates resume when it is reachable again.").arg(desk.backend.baseUrl)
                    color: Theme.text
                }
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.margins: Theme.pad
                currentIndex: desk.page

                AgentPage {
                    id: agentPage
                    objectName: "agentPage"
                    activeCall: desk.activeCall
                    audioStatus: desk.audioStatus
                    settings: desk.settings
                    audioDevices: desk.audioDevices
                    demo: desk.backend.demo
                }
                HistoryPage {
                    objectName: "historyPage"
                    backend: desk.backend
                    onCallBack: (number) => {
                        desk.page = 0
                        agentPage.dialerPanel.callBack(number)
                    }
                }
                EventsPage { objectName: "eventsPage"; backend: desk.backend }
                // Created only for the roles that may see it, so that an agent's desk never asks for all calls.
                Loader {
                    id: supervisorLoader
                    active: desk.supervisorPageShown
                    sourceComponent: SupervisorPage {
                        objectName: "supervisorPage"
                        backend: desk.backend
                        whisper: desk.dashboard.whisper || null
                    }
                }
                SettingsPage {
                    objectName: "settingsPage"
                    settings: desk.settings
                    language: desk.language
                    backend: desk.backend
                    audioDevices: desk.audioDevices
                    session: desk.session
                }
            }
        }
    }

    Component.onCompleted: agentPage.dialerPanel.numberField.forceActiveFocus()
}
