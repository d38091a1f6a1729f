// SPDX-License-Identifier: MIT
// QuickTest of the console's components: dialer validation, the keypad, and how call states are shown.
import QtQuick
import QtTest
import Switchboard.Ui

Item {
    id: root
    width: 1000
    height: 800

    Component { id: dialerComp; DialerController {} }
    Component { id: keypadComp; Keypad { width: 300 } }
    Component { id: callComp; ActiveCallController {} }
    Component { id: audioComp; AudioStatus {} }
    Component { id: dialerPanelComp; DialerPanel { width: 360; height: 700 } }
    Component { id: callPanelComp; ActiveCallPanel { x: 370; width: 600; height: 700 } }
    SignalSpy { id: keySpy; signalName: "keyPressed" }

    TestCase {
        name: "DialerValidation"

        function test_validation_data() {
            return [
                { tag: "valid", number: "+15551234567", valid: true, message: "" },
                { tag: "spaces", number: "+44 20 7946 0958", valid: true, message: "" },
                { tag: "empty", number: "", valid: false, message: "" },
                { tag: "no plus", number: "0049301234", valid: false, message: "Start with +" },
                { tag: "zero country code", number: "+0301234", valid: false, message: "never starts with 0" },
                { tag: "too long", number: "+49301234567890123", valid: false, message: "at most 15 digits" },
                { tag: "letter", number: "+1555x", valid: false, message: "not allowed" },
            ]
        }
        function test_validation(data) {
            const dialer = createTemporaryObject(dialerComp, root)
            dialer.number = data.number
            compare(dialer.valid, data.valid)
            if (data.message === "")
                compare(dialer.validationMessage, "")
            else
                verify(dialer.validationMessage.indexOf(data.message) >= 0, dialer.validationMessage)
        }
    }

    TestCase {
        name: "Keypad"
        when: windowShown

        function test_keys_emit() {
            const pad = createTemporaryObject(keypadComp, root)
            keySpy.target = pad
            keySpy.clear()
            for (const key of ["1", "5", "0", "*", "#"]) {
                const button = findChild(pad, "key_" + key)
                verify(button, "key " + key)
                compare(button.Accessible.name, "Key " + key)
                mouseClick(button)
            }
            compare(keySpy.count, 5)
            compare(keySpy.signalArguments[1][0], "5")
            compare(keySpy.signalArguments[4][0], "#")
        }

        function test_dialer_panel_typing() {
            const call = createTemporaryObject(callComp, root)
            const panel = createTemporaryObject(dialerPanelComp, root, { activeCall: call, settings: testSettings })
            // An empty number: 0 types the +, like a long press on a phone.
            for (const key of ["0", "4", "9", "3", "0"])
                panel.pressKey(key)
            compare(panel.dialer.number, "+4930")
            const message = findChild(panel, "validationMessage")
            compare(message.visible, false)

            panel.numberField.forceActiveFocus()
            keyClick(Qt.Key_A)
            compare(panel.dialer.number, "+4930a")
            compare(message.visible, true)
            verify(message.text.indexOf("'a' is not allowed") >= 0, message.text)
            const dial = findChild(panel, "dialButton")
            compare(dial.enabled, false)

            keyClick(Qt.Key_Backspace)
            compare(panel.dialer.valid, true)
            // No caller id yet: still not dialable, and the panel says where to add one.
            compare(dial.enabled, false)
            panel.dialer.callerId = "+15557654321"
            compare(dial.enabled, true)
        }
    }

    TestCase {
        name: "StateDisplay"
        when: windowShown

        function pillText(panel) { return findChild(panel, "callStatePill").text }

        function test_states() {
            const call = createTemporaryObject(callComp, root)
            const audio = createTemporaryObject(audioComp, root)
            const panel = createTemporaryObject(callPanelComp, root, { activeCall: call, audioStatus: audio })
            compare(pillText(panel), "Ready")
            compare(findChild(panel, "remoteNumber").text, "No call")
            compare(findChild(panel, "hangupButton").visible, false)
            verify(findChild(panel, "audioHealth").children[1].text.indexOf("No audio device") >= 0)

            call.adopt("v3:test", "+15551234567")
            compare(call.state, ActiveCallController.Calling)
            compare(pillText(panel), "Calling")
            compare(findChild(panel, "remoteNumber").text, "+15551234567")
            compare(findChild(panel, "hangupButton").visible, true)
            compare(findChild(panel, "callTimer").visible, false)

            call.applyEvent("call.ringing", "", { call_control_id: "v3:test" })
            compare(pillText(panel), "Ringing")
            call.applyEvent("call.answered", new Date().toISOString(), { call_control_id: "v3:test" })
            compare(pillText(panel), "Connected")
            compare(findChild(panel, "callTimer").visible, true)
            compare(findChild(panel, "callTimer").text, "0:00")
            compare(Theme.stateColor(call.state), Theme.good)

            // Events of other calls are ignored.
            call.applyEvent("call.hangup", "", { call_control_id: "v3:other", hangup_cause: "user_busy" })
            compare(pillText(panel), "Connected")

            call.applyEvent("call.hangup", "", { call_control_id: "v3:test", hangup_cause: "no_answer" })
            compare(pillText(panel), "Ended")
            compare(findChild(panel, "endReason").visible, true)
            compare(findChild(panel, "endReason").text, CallText.hangupCause("no_answer", ""))
            compare(findChild(panel, "hangupButton").visible, false)
            const done = findChild(panel, "doneButton")
            compare(done.visible, true)
            mouseClick(done)
            compare(pillText(panel), "Ready")
        }

        function test_audio_status() {
            const call = createTemporaryObject(callComp, root)
            const audio = createTemporaryObject(audioComp, root)
            const panel = createTemporaryObject(callPanelComp, root, { activeCall: call, audioStatus: audio })
            audio.setDeviceNames("Headset", "Headset Mic")
            audio.setJitter(60, 60, 0, 0)
            compare(audio.health, AudioStatus.Good)
            const health = findChild(panel, "audioHealth").children[1].text
            verify(health.indexOf("Headset") >= 0 && health.indexOf("60 ms") >= 0, health)
            audio.setDeviceProblem("The output device was unplugged.")
            call.adopt("v3:a", "+15551234567")
            compare(findChild(panel, "problemBox").visible, true)
        }
    }
}
