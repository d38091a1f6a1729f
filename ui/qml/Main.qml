// SPDX-License-Identifier: MIT
// The window: the sign-in page until the desk is signed in (Session), then the console (Console.qml). The console
// is made anew at each sign-in, so that nothing of one user's session shows in the next one's.
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
    required property Session session
    required property IncomingCallsModel incomingCalls
    required property AgentPresence presence
    // The Dashboard: the demo's "A customer calls" (canSimulateIncomingCall, simulateIncomingCall()).
    required property QtObject dashboard
    // The console's current page (0 Phone … 4 Settings), kept across a sign-out.
    property int page: 0
    onPageChanged: if (consoleLoader.item && consoleLoader.item.page !== page) consoleLoader.item.page = page

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

    Loader {
        id: consoleLoader
        objectName: "consoleLoader"
        anchors.fill: parent
        active: window.session.signedIn
        sourceComponent: Console {
            backend: window.backend
            activeCall: window.activeCall
            audioStatus: window.audioStatus
            audioDevices: window.audioDevices
            settings: window.settings
            language: window.language
            session: window.session
            incomingCalls: window.incomingCalls
            presence: window.presence
            dashboard: window.dashboard
            onPageChanged: window.page = page
        }
        onLoaded: item.page = window.page
    }
    Loader {
        anchors.fill: parent
        active: !window.session.signedIn
        sourceComponent: SignInPage { session: window.session }
    }
}
