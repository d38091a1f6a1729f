// SPDX-License-Identifier: MIT
// The 12-key telephone keypad. Emits keyPressed("0".."9", "*", "#"); the dialer decides whether a key types
// into the number or goes to the call as DTMF.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GridLayout {
    id: keypad
    signal keyPressed(string key)

    readonly property var keys: [
        { key: "1", letters: "" }, { key: "2", letters: "ABC" }, { key: "3", letters: "DEF" },
        { key: "4", letters: "GHI" }, { key: "5", letters: "JKL" }, { key: "6", letters: "MNO" },
        { key: "7", letters: "PQRS" }, { key: "8", letters: "TUV" }, { key: "9", letters: "WXYZ" },
        { key: "*", letters: "" }, { key: "0", letters: "+" }, { key: "#", letters: "" }
    ]

    columns: 3
    rowSpacing: 8
    columnSpacing: 8

    Repeater {
        model: keypad.keys
        delegate: Button {
            id: keyButton
            required property var modelData
            objectName: "key_" + modelData.key
            Layout.fillWidth: true
            Layout.preferredHeight: 52
            focusPolicy: Qt.StrongFocus
            Accessible.name: qsTr("Key %1").arg(modelData.key)
            onClicked: keypad.keyPressed(modelData.key)
            background: Rectangle {
                radius: Theme.radius
                color: keyButton.down ? Qt.darker(Theme.surfaceAlt, 1.1) : Theme.surfaceAlt
                border.color: keyButton.visualFocus ? Theme.accent : Theme.border
                border.width: keyButton.visualFocus ? 2 : 1
            }
            contentItem: Column {
                spacing: -2
                Label {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: keyButton.modelData.key
                    font.pixelSize: Theme.baseFont * 1.45
                    color: Theme.text
                }
                Label {
                    anchors.horizontalCenter: parent.horizontalCenter
                    text: keyButton.modelData.letters
                    font.pixelSize: Theme.baseFont * 0.7
                    font.letterSpacing: 1
                    color: Theme.mutedText
                }
            }
        }
    }
}
