// SPDX-License-Identifier: MIT
// A rounded label in a state colour ("Connected", "Ringing", "Ended").
import QtQuick
import QtQuick.Controls

Rectangle {
    id: pill
    property alias text: label.text
    property color tint: Theme.idle
    property bool large: false
    // On the dark sidebar the text needs the light variant whatever the system theme.
    property bool onDark: Theme.dark

    implicitWidth: label.implicitWidth + (large ? 28 : 16)
    implicitHeight: label.implicitHeight + (large ? 10 : 4)
    radius: height / 2
    color: Qt.rgba(tint.r, tint.g, tint.b, Theme.dark ? 0.25 : 0.14)
    border.color: tint
    border.width: 1
    Accessible.role: Accessible.StaticText
    Accessible.name: label.text

    Label {
        id: label
        anchors.centerIn: parent
        color: pill.onDark ? Qt.lighter(pill.tint, 1.5) : Qt.darker(pill.tint, 1.15)
        font.bold: true
        font.pixelSize: pill.large ? Theme.titleFont : Theme.smallFont
    }
}
