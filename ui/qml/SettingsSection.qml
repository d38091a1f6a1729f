// SPDX-License-Identifier: MIT
// A titled card on the Settings page.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: section
    property string title
    property string subtitle
    default property alias content: body.data

    Layout.fillWidth: true
    implicitHeight: column.implicitHeight + 2 * Theme.pad
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.border

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.pad
        spacing: 8
        Label {
            text: section.title
            font.pixelSize: Theme.titleFont
            font.bold: true
            color: Theme.text
            Accessible.role: Accessible.Heading
        }
        Label {
            visible: text !== ""
            text: section.subtitle
            color: Theme.mutedText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        ColumnLayout {
            id: body
            Layout.fillWidth: true
            spacing: 8
        }
    }
}
