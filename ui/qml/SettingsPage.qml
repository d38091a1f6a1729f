// SPDX-License-Identifier: MIT
// Settings: the backend's Telnyx configuration (read-only here, secrets masked), the agent's numbers, audio
// devices with a test tone and a microphone test, the API token, the language, and who is signed in (sign out).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Switchboard.Ui

ScrollView {
    id: page
    required property UiSettings settings
    required property LanguageManager language
    required property BackendClient backend
    property AudioDevices audioDevices: null
    property Session session: null
    readonly property var info: settings.serverInfo
    property bool showToken: false

    contentWidth: availableWidth
    clip: true

    component Field: RowLayout {
        property alias label: key.text
        property alias value: val.text
        property bool mono: false
        Layout.fillWidth: true
        spacing: Theme.gap
        Label { id: key; color: Theme.mutedText; Layout.preferredWidth: 170 }
        Label {
            id: val
            color: Theme.text
            font.family: parent.mono ? Theme.monoFamily : Qt.application.font.family
            Layout.fillWidth: true
            elide: Text.ElideMiddle
            Accessible.name: key.text + " " + text
        }
    }

    ColumnLayout {
        width: page.availableWidth
        spacing: Theme.gap

        AccountSection {
            visible: page.session !== null && page.session.canSignOut
            session: page.session
            backend: page.backend
        }

        SettingsSection {
            title: qsTr("Telnyx")
            subtitle: page.backend.remote
                      ? qsTr("This console is connected to the Switchboard at %1; its Telnyx settings are kept there.").arg(page.backend.baseUrl)
                      : qsTr("Set with flags, environment variables or %1; restart Switchboard to apply changes.").arg(page.info.configFile || qsTr("the config file"))
            Field { label: qsTr("API key"); value: page.info.apiKey || qsTr("not set"); mono: true }
            Field { label: qsTr("Application ID"); value: page.info.applicationId || qsTr("not set"); mono: true }
            Field { label: qsTr("Public key"); value: page.info.publicKey || qsTr("not set"); mono: true }
            Field { label: qsTr("Stream URL"); value: page.info.streamUrl || qsTr("not set"); mono: true }
            Field { label: qsTr("Backend"); value: page.backend.baseUrl + (page.backend.version ? "  (" + qsTr("version %1").arg(page.backend.version) + ")" : ""); mono: true }
            Label {
                visible: !page.backend.telnyxConfigured && page.backend.reachable && !page.backend.demo
                text: qsTr("Telnyx is not fully configured: calls cannot be placed until the API key and application ID are set.")
                color: Theme.bad
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }

        SettingsSection {
            title: qsTr("Your numbers")
            subtitle: qsTr("The Telnyx numbers you call from, one per line or separated by commas. The dialer offers them as caller ID.")
            TextArea {
                id: numbersEdit
                objectName: "numbersEdit"
                Layout.fillWidth: true
                Layout.preferredHeight: 90
                text: page.settings.numbers.join("\n")
                placeholderText: "+15557654321"
                font.family: Theme.monoFamily
                Accessible.name: qsTr("Your numbers")
            }
            RowLayout {
                Label { text: qsTr("Agent ID"); color: Theme.mutedText; Layout.preferredWidth: 170 }
                TextField {
                    id: agentEdit
                    text: page.settings.agentId
                    Layout.preferredWidth: 240
                    Accessible.name: qsTr("Agent ID")
                }
                Item { Layout.fillWidth: true }
                Button {
                    text: qsTr("Save")
                    Accessible.name: qsTr("Save numbers and agent ID")
                    onClicked: {
                        page.settings.numbers = page.settings.parseNumbers(numbersEdit.text)
                        page.settings.agentId = agentEdit.text.trim()
                        numbersEdit.text = page.settings.numbers.join("\n")
                    }
                }
            }
        }

        SettingsSection {
            title: qsTr("Audio")
            subtitle: page.audioDevices ? qsTr("System default output: %1 · input: %2")
                                          .arg(page.audioDevices.defaultOutput || qsTr("none"))
                                          .arg(page.audioDevices.defaultInput || qsTr("none")) : ""
            RowLayout {
                Label { text: qsTr("Speaker"); color: Theme.mutedText; Layout.preferredWidth: 170 }
                ComboBox {
                    Layout.fillWidth: true
                    model: [qsTr("System default")].concat(page.audioDevices ? page.audioDevices.outputs : [])
                    currentIndex: page.audioDevices ? page.audioDevices.outputIndex + 1 : 0
                    onActivated: (i) => page.audioDevices.outputIndex = i - 1
                    Accessible.name: qsTr("Speaker device")
                }
                Button {
                    text: qsTr("Test tone")
                    enabled: page.audioDevices !== null
                    Accessible.name: qsTr("Play a test tone on the speaker")
                    onClicked: page.audioDevices.playTestTone()
                }
            }
            RowLayout {
                Label { text: qsTr("Microphone"); color: Theme.mutedText; Layout.preferredWidth: 170 }
                ComboBox {
                    Layout.fillWidth: true
                    model: [qsTr("System default")].concat(page.audioDevices ? page.audioDevices.inputs : [])
                    currentIndex: page.audioDevices ? page.audioDevices.inputIndex + 1 : 0
                    onActivated: (i) => page.audioDevices.inputIndex = i - 1
                    Accessible.name: qsTr("Microphone device")
                }
                Button {
                    text: page.audioDevices && page.audioDevices.micTesting ? qsTr("Stop test") : qsTr("Test microphone")
                    enabled: page.audioDevices !== null
                    Accessible.name: text
                    onClicked: page.audioDevices.micTesting ? page.audioDevices.stopMicTest() : page.audioDevices.startMicTest()
                }
            }
            // The ring of incoming calls: its own device (e.g. the speakers while the call is in a headset) and volume.
            RowLayout {
                Label { text: qsTr("Ringer"); color: Theme.mutedText; Layout.preferredWidth: 170 }
                ComboBox {
                    objectName: "ringerDeviceBox"
                    Layout.fillWidth: true
                    model: [qsTr("System default")].concat(page.audioDevices ? page.audioDevices.outputs : [])
                    currentIndex: page.audioDevices ? page.audioDevices.outputIndexOf(page.settings.ringerDevice) + 1 : 0
                    onActivated: (i) => page.settings.ringerDevice = page.audioDevices.outputId(i - 1)
                    Accessible.name: qsTr("Ringer device for incoming calls")
                }
                Slider {
                    objectName: "ringerVolumeSlider"
                    from: 0
                    to: 1
                    value: page.settings.ringerVolume
                    Layout.preferredWidth: 160
                    Accessible.name: qsTr("Ringer volume")
                    ToolTip.visible: hovered || pressed
                    ToolTip.text: qsTr("Ringer volume: %1%").arg(Math.round(value * 100))
                    onMoved: page.settings.ringerVolume = value
                }
            }
            LevelMeter {
                Layout.fillWidth: true
                visible: page.audioDevices && page.audioDevices.micTesting
                label: qsTr("Microphone level")
                value: page.audioDevices ? page.audioDevices.micLevel : 0
            }
            CheckBox {
                text: qsTr("Play key tones on the keypad")
                checked: page.audioDevices ? page.audioDevices.keyTones : false
                onToggled: page.audioDevices.keyTones = checked
            }
            Label {
                visible: text !== ""
                text: page.audioDevices ? page.audioDevices.message : ""
                color: Theme.mutedText
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }

        // The admin token of the Switchboard this desk runs itself; a signed-in desk's own token is in Account.
        SettingsSection {
            objectName: "apiTokenSection"
            visible: !page.backend.remote
            title: qsTr("API token")
            subtitle: qsTr("Remote consoles and scripts use this token for /api, /call-events and /frontend-audio.")
            RowLayout {
                TextField {
                    objectName: "tokenField"
                    Layout.fillWidth: true
                    readOnly: true
                    font.family: Theme.monoFamily
                    text: page.showToken ? (page.info.apiToken || "") : page.settings.mask(page.info.apiToken || "")
                    Accessible.name: qsTr("API token")
                }
                Button {
                    text: page.showToken ? qsTr("Hide") : qsTr("Show")
                    Accessible.name: page.showToken ? qsTr("Hide the API token") : qsTr("Show the API token")
                    onClicked: page.showToken = !page.showToken
                }
                Button {
                    text: qsTr("Copy")
                    enabled: (page.info.apiToken || "") !== ""
                    Accessible.name: qsTr("Copy the API token")
                    onClicked: {
                        page.settings.copyToClipboard(page.info.apiToken)
                        copied.visible = true
                    }
                }
            }
            Label { id: copied; visible: false; text: qsTr("Copied to the clipboard."); color: Theme.good }
            RowLayout {
                Button {
                    objectName: "regenerateTokenButton"
                    text: qsTr("Regenerate")
                    Accessible.name: qsTr("Make a new API token; the old one stops working")
                    onClicked: page.backend.regenerateToken()
                }
                Label {
                    id: regenerated
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    color: Theme.mutedText
                }
                Connections {
                    target: page.backend
                    function onTokenRegenerated(token, saved) {
                        regenerated.text = saved ? qsTr("A new token is in force and saved; remote consoles need it now.")
                                                 : qsTr("A new token is in force for this run, but the config file could not be written.")
                    }
                    function onTokenRegenerationFailed(message) {
                        regenerated.text = qsTr("The token could not be regenerated: %1").arg(message)
                    }
                }
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                color: Theme.mutedText
                text: qsTr("To regenerate it: quit Switchboard, delete the api-token line from %1 (or set API_TOKEN to a new value), and start Switchboard again. A new token is generated and saved; remote consoles then need the new one.")
                      .arg(page.info.configFile || qsTr("the config file"))
            }
        }

        SettingsSection {
            title: qsTr("Language")
            RowLayout {
                Label { text: qsTr("Display language"); color: Theme.mutedText; Layout.preferredWidth: 170 }
                ComboBox {
                    id: languageBox
                    objectName: "languageBox"
                    Layout.preferredWidth: 280
                    model: page.language.languages
                    textRole: "name"
                    valueRole: "code"
                    Accessible.name: qsTr("Display language")
                    Component.onCompleted: currentIndex = indexOfValue(page.language.language)
                    onActivated: page.language.language = currentValue
                }
            }
        }
        Item { implicitHeight: Theme.pad }
    }
}
