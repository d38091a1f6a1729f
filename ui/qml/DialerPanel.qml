// SPDX-License-Identifier: MIT
// The dialer: the number (validated while typing), the caller ID, the keypad and the Dial button.
// Enter in the number field dials. During a connected call the keypad sends DTMF digits instead.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

Pane {
    id: panel
    required property ActiveCallController activeCall
    required property UiSettings settings
    property AudioDevices audioDevices: null
    // In the demo any caller ID works; offer one so that a first call needs no setup.
    property bool demo: false
    readonly property alias dialer: dialer
    readonly property alias numberField: numberField

    padding: Theme.pad
    background: Rectangle { color: Theme.surface; radius: Theme.radius; border.color: Theme.border }

    DialerController {
        id: dialer
        callerIds: panel.settings.numbers.length > 0 || !panel.demo ? panel.settings.numbers : ["+15557654321"]
        Component.onCompleted: {
            if (panel.settings.callerId !== "")
                callerId = panel.settings.callerId
        }
    }

    // Dials when everything is in order; otherwise puts the focus where the problem is.
    function dial() {
        if (activeCall.inCall)
            return
        if (!dialer.valid) {
            numberField.forceActiveFocus()
            return
        }
        if (!dialer.canDial) {
            callerIdBox.forceActiveFocus()
            return
        }
        const from = dialer.normalize(dialer.callerId)
        panel.settings.callerId = from
        activeCall.dial(dialer.normalized, from, panel.settings.agentId)
    }

    // "Call back" from the history: the number goes into the field and is dialled as if typed.
    function callBack(number) {
        if (activeCall.inCall)
            return
        dialer.number = number
        dial()
    }

    function pressKey(key) {
        if (panel.audioDevices)
            panel.audioDevices.playKeyTone(key)
        if (activeCall.state === ActiveCallController.Connected)
            activeCall.sendDtmf(key)
        else if (!activeCall.inCall)
            dialer.appendDigit(key === "0" && dialer.number === "" ? "+" : key)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        Label {
            text: panel.activeCall.state === ActiveCallController.Connected ? qsTr("Send digits") : qsTr("Call a number")
            font.pixelSize: Theme.titleFont
            font.bold: true
            color: Theme.text
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            TextField {
                id: numberField
                objectName: "numberField"
                Layout.fillWidth: true
                text: dialer.number
                enabled: !panel.activeCall.inCall
                placeholderText: qsTr("+15551234567")
                font.pixelSize: Theme.baseFont * 1.5
                inputMethodHints: Qt.ImhDialableCharactersOnly
                Accessible.name: qsTr("Number to call")
                Accessible.description: dialer.validationMessage
                onTextEdited: dialer.number = text
                onAccepted: panel.dial()
                Keys.onEnterPressed: panel.dial()
            }
            ToolButton {
                text: "⌫"
                enabled: dialer.number !== "" && !panel.activeCall.inCall
                font.pixelSize: Theme.titleFont
                Accessible.name: qsTr("Delete last digit")
                ToolTip.visible: hovered
                ToolTip.text: Accessible.name
                onClicked: dialer.backspace()
            }
        }
        Label {
            id: validation
            objectName: "validationMessage"
            Layout.fillWidth: true
            text: dialer.validationMessage
            visible: text !== ""
            color: Theme.bad
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.smallFont
        }

        Label {
            text: qsTr("Call from")
            color: Theme.mutedText
            font.pixelSize: Theme.smallFont
        }
        ComboBox {
            id: callerIdBox
            objectName: "callerIdBox"
            Layout.fillWidth: true
            editable: true
            enabled: !panel.activeCall.inCall
            model: dialer.callerIds
            Accessible.name: qsTr("Caller ID to call from")
            Component.onCompleted: editText = dialer.callerId
            onActivated: dialer.callerId = currentText
            onEditTextChanged: if (editText !== dialer.callerId) dialer.callerId = editText
            Connections {
                target: dialer
                function onCallerIdChanged() {
                    if (callerIdBox.editText !== dialer.callerId)
                        callerIdBox.editText = dialer.callerId
                }
            }
        }
        Label {
            Layout.fillWidth: true
            text: dialer.callerIdMessage
            visible: text !== ""
            color: dialer.callerIds.length === 0 ? Theme.mutedText : Theme.bad
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.smallFont
        }

        Keypad {
            id: keypad
            objectName: "keypad"
            Layout.fillWidth: true
            Layout.topMargin: 4
            onKeyPressed: (key) => panel.pressKey(key)
        }

        Button {
            id: dialButton
            objectName: "dialButton"
            Layout.fillWidth: true
            Layout.preferredHeight: 48
            text: panel.activeCall.state === ActiveCallController.Dialing ? qsTr("Dialing…") : qsTr("Dial")
            enabled: dialer.canDial && !panel.activeCall.inCall
            Accessible.name: qsTr("Dial the number")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Dial (Enter)")
            onClicked: panel.dial()
            contentItem: Label {
                text: dialButton.text
                color: dialButton.enabled ? "white" : Theme.mutedText
                font.pixelSize: Theme.titleFont
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                radius: Theme.radius
                color: dialButton.enabled ? (dialButton.down ? Qt.darker(Theme.good, 1.2) : Theme.good) : Theme.surfaceAlt
                border.color: dialButton.visualFocus ? Theme.accent : "transparent"
                border.width: 2
            }
        }

        Label {
            Layout.fillWidth: true
            visible: panel.activeCall.digitsSent !== ""
            text: qsTr("Digits sent: %1").arg(panel.activeCall.digitsSent)
            color: Theme.mutedText
            font.family: Theme.monoFamily
            elide: Text.ElideLeft
        }
        Item { Layout.fillHeight: true }
    }
}
