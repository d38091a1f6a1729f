// SPDX-License-Identifier: MIT
// The sign-in page of a desk that works for a team server: its address and the user's token (from
// `switchboard user add NAME --role ...` or an administrator). Errors say what went wrong: unreachable, TLS, or a
// refused token. The token is checked with GET /api/me before the console opens.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

Rectangle {
    id: page
    required property Session session

    color: Theme.window

    function submit() {
        if (!page.session.busy)
            page.session.signIn(urlField.text, tokenField.text)
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.pad, 460)
        implicitHeight: form.implicitHeight + 2 * Theme.pad * 1.5
        height: implicitHeight
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border

        ColumnLayout {
            id: form
            anchors.fill: parent
            anchors.margins: Theme.pad * 1.5
            spacing: Theme.gap

            Label {
                text: qsTr("Sign in to Switchboard")
                font.pixelSize: Theme.titleFont
                font.bold: true
                color: Theme.text
            }
            Label {
                text: qsTr("Connect this desk to your team's Switchboard server with the token your administrator gave you.")
                color: Theme.mutedText
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Label { text: qsTr("Server address"); color: Theme.text }
            TextField {
                id: urlField
                objectName: "serverUrlField"
                Layout.fillWidth: true
                text: page.session.serverUrl
                placeholderText: "https://switchboard.example.com"
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                Accessible.name: qsTr("Server address")
                onAccepted: tokenField.forceActiveFocus()
            }
            Label { text: qsTr("Token"); color: Theme.text }
            TextField {
                id: tokenField
                objectName: "tokenField"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                placeholderText: qsTr("Your personal token")
                inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                Accessible.name: qsTr("Token")
                onAccepted: page.submit()
            }
            Label {
                objectName: "signInError"
                visible: text !== ""
                text: page.session.error
                color: Theme.bad
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Accessible.role: Accessible.AlertMessage
            }
            RowLayout {
                Layout.fillWidth: true
                BusyIndicator {
                    running: page.session.busy
                    visible: running
                    implicitWidth: 28; implicitHeight: 28
                }
                Label {
                    visible: page.session.busy
                    text: qsTr("Signing in…")
                    color: Theme.mutedText
                }
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "signInButton"
                    text: qsTr("Sign in")
                    highlighted: true
                    enabled: !page.session.busy && urlField.text.trim() !== "" && tokenField.text.trim() !== ""
                    onClicked: page.submit()
                }
            }
        }
    }

    Component.onCompleted: (urlField.text === "" ? urlField : tokenField).forceActiveFocus()
}
