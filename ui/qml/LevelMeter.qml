// SPDX-License-Identifier: MIT
// A horizontal level meter (0..1) with its label: green, amber near clipping.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    id: meter
    property string label
    property real value: 0
    property bool active: true

    spacing: 8
    Accessible.role: Accessible.ProgressBar
    Accessible.name: label
    Accessible.description: Math.round(value * 100) + "%"

    Label {
        text: meter.label
        color: Theme.mutedText
        font.pixelSize: Theme.smallFont
        Layout.preferredWidth: 110
        elide: Text.ElideRight
    }
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: 8
        radius: 4
        color: Theme.surfaceAlt
        border.color: Theme.border
        Rectangle {
            width: parent.width * Math.max(0, Math.min(1, meter.value))
            height: parent.height
            radius: 4
            color: !meter.active ? Theme.idle : meter.value > 0.9 ? Theme.busy : Theme.good
            Behavior on width { NumberAnimation { duration: 80 } }
        }
    }
}
