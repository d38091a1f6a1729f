// SPDX-License-Identifier: MIT
// The calls ringing now, at the top of the console (CONTRACT §9): one card per offer, with the caller's number and
// name, Answer and Decline. Offers for this desk ring (loud colours, the ringer, Ctrl+Shift+A / Ctrl+Shift+D for the
// oldest); a supervisor's desk also lists the others' offers quietly, with Answer only (taking a call for the team).
// An answer that came too late says so here ("Someone else answered").
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

ColumnLayout {
    id: banner
    required property IncomingCallsModel calls
    required property ActiveCallController activeCall

    spacing: 0
    visible: calls.count > 0 || calls.error !== ""

    Repeater {
        model: banner.calls
        delegate: Rectangle {
            id: card
            objectName: forMe ? "incomingCallCard" : "quietOfferCard"
            required property string callControlId
            required property string from
            required property string to
            required property string callerIdName
            required property bool forMe
            required property var offeredTo
            required property bool pending

            Layout.fillWidth: true
            implicitHeight: cardRow.implicitHeight + 2 * Theme.gap
            color: forMe ? Qt.rgba(Theme.good.r, Theme.good.g, Theme.good.b, Theme.dark ? 0.3 : 0.16) : Theme.surfaceAlt
            border.color: forMe ? Theme.good : Theme.border
            Accessible.role: Accessible.AlertMessage
            Accessible.name: forMe ? qsTr("Incoming call from %1").arg(callerText.text)
                                   : qsTr("Call from %1 ringing for %2").arg(callerText.text).arg(offeredTo.join(", "))

            RowLayout {
                id: cardRow
                anchors.fill: parent
                anchors.margins: Theme.gap
                anchors.leftMargin: Theme.pad
                anchors.rightMargin: Theme.pad
                spacing: Theme.pad

                Label {
                    text: "☎"
                    font.pixelSize: Theme.titleFont
                    color: card.forMe ? Theme.good : Theme.mutedText
                    SequentialAnimation on opacity {
                        running: card.forMe
                        loops: Animation.Infinite
                        NumberAnimation { to: 0.3; duration: 500 }
                        NumberAnimation { to: 1; duration: 500 }
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0
                    Label {
                        text: card.forMe ? qsTr("Incoming call") : qsTr("Ringing for %1").arg(card.offeredTo.join(", "))
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallFont
                    }
                    Label {
                        id: callerText
                        objectName: "incomingCaller"
                        text: card.callerIdName !== "" ? qsTr("%1 · %2").arg(card.from).arg(card.callerIdName) : card.from
                        color: Theme.text
                        font.bold: true
                        font.pixelSize: Theme.titleFont
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: card.to !== ""
                        text: qsTr("to %1").arg(card.to)
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallFont
                    }
                }
                Button {
                    objectName: card.forMe ? "answerButton" : "quietAnswerButton"
                    text: qsTr("Answer")
                    enabled: !card.pending && !banner.activeCall.inCall
                    highlighted: card.forMe
                    Layout.preferredHeight: 44
                    Layout.preferredWidth: 120
                    Accessible.name: qsTr("Answer the call from %1").arg(callerText.text)
                    ToolTip.visible: hovered
                    ToolTip.text: card.forMe ? qsTr("Answer (Ctrl+Shift+A)") : qsTr("Answer this call for the team")
                    onClicked: banner.calls.answer(card.callControlId)
                }
                Button {
                    objectName: "declineButton"
                    visible: card.forMe
                    text: qsTr("Decline")
                    enabled: !card.pending
                    Layout.preferredHeight: 44
                    Layout.preferredWidth: 120
                    Accessible.name: qsTr("Decline the call from %1").arg(callerText.text)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Decline (Ctrl+Shift+D)")
                    onClicked: banner.calls.decline(card.callControlId)
                }
            }
        }
    }
    Rectangle {
        objectName: "incomingCallError"
        Layout.fillWidth: true
        visible: banner.calls.error !== ""
        implicitHeight: errorRow.implicitHeight + 12
        color: Theme.badSurface
        RowLayout {
            id: errorRow
            anchors.fill: parent
            anchors.leftMargin: Theme.pad
            anchors.rightMargin: Theme.pad
            Label {
                text: banner.calls.error
                color: Theme.text
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            ToolButton {
                text: "✕"
                Accessible.name: qsTr("Dismiss")
                onClicked: banner.calls.clearError()
            }
        }
    }
}
