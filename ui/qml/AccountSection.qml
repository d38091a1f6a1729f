// SPDX-License-Identifier: MIT
// Settings: who this desk is signed in as and on which team server, and "Sign out" (which forgets the token kept in
// the system keychain and returns to the sign-in page).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

SettingsSection {
    id: section
    required property Session session
    required property BackendClient backend

    title: qsTr("Account")
    subtitle: section.session ? qsTr("Signed in as %1 (%2) on %3.").arg(section.session.userName)
                                    .arg(section.session.role).arg(section.backend.baseUrl) : ""
    Label {
        objectName: "sessionNotice"
        visible: text !== ""
        text: section.session ? section.session.notice : ""
        color: Theme.busy
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    Button {
        objectName: "signOutButton"
        text: qsTr("Sign out")
        Accessible.description: qsTr("Forget the token on this computer and return to the sign-in page")
        onClicked: section.session.signOut()
    }
}
