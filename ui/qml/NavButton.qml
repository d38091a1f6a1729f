// SPDX-License-Identifier: MIT
// One entry of the side navigation: a glyph, a label, and a marker when it is the current page.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: control
    property string glyph
    property bool current: false
    property int badge: 0
    property color badgeColor: Theme.good

    Layout.fillWidth: true
    implicitHeight: 44
    focusPolicy: Qt.StrongFocus
    Accessible.role: Accessible.PageTab
    Accessible.name: text

    background: Rectangle {
        color: control.current ? Theme.sidebarActive
                               : (control.hovered || control.visualFocus ? Qt.rgba(1, 1, 1, 0.06) : "transparent")
        Rectangle {
            visible: control.current
            width: 3; height: parent.height
            color: Theme.accent
        }
        Rectangle {
            visible: control.visualFocus
            anchors.fill: parent
            color: "transparent"
            border.color: Theme.accent
            border.width: 2
        }
    }
    contentItem: RowLayout {
        spacing: 10
        Label {
            text: control.glyph
            color: Theme.sidebarText
            font.pixelSize: Theme.baseFont * 1.15
            Layout.preferredWidth: 22
            horizontalAlignment: Text.AlignHCenter
        }
        Label {
            text: control.text
            color: Theme.sidebarText
            font.bold: control.current
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
        Rectangle {
            visible: control.badge > 0
            radius: height / 2
            color: control.badgeColor
            implicitHeight: 20
            implicitWidth: Math.max(20, badgeLabel.implicitWidth + 10)
            Label {
                id: badgeLabel
                anchors.centerIn: parent
                text: control.badge
                color: "white"
                font.pixelSize: Theme.smallFont
                font.bold: true
            }
        }
    }
}
