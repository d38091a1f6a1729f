// SPDX-License-Identifier: MIT
// Colours and sizes of the console. Light or dark follows the system palette (the platform theme's window
// colour); the status colours are fixed hues chosen to read on both.
pragma Singleton
import QtQuick

QtObject {
    id: theme

    readonly property SystemPalette palette: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool dark: palette.window.hslLightness < 0.5

    readonly property color window: dark ? "#1b1e23" : "#eef1f5"
    readonly property color surface: dark ? "#252a31" : "#ffffff"
    readonly property color surfaceAlt: dark ? "#2d333b" : "#f5f7fa"
    readonly property color sidebar: dark ? "#16191d" : "#1f2a37"
    readonly property color sidebarText: "#d5dde7"
    readonly property color sidebarActive: dark ? "#2f3944" : "#2f3d4f"
    readonly property color border: dark ? "#39414b" : "#d9dee5"
    readonly property color text: dark ? "#e6e9ed" : "#1d2330"
    readonly property color mutedText: dark ? "#9aa4b1" : "#5d6776"
    readonly property color accent: dark ? "#5ea8ff" : "#1f6fd1"
    readonly property color accentText: "#ffffff"

    readonly property color good: dark ? "#43c38a" : "#16875a"
    readonly property color busy: dark ? "#f0b54a" : "#b7780a"
    readonly property color bad: dark ? "#ff6f6f" : "#c62828"
    readonly property color idle: dark ? "#8a96a5" : "#6b7686"
    readonly property color badSurface: dark ? "#3a2326" : "#fdecec"
    readonly property color warnSurface: dark ? "#3a3122" : "#fff6e0"
    readonly property color demoBanner: dark ? "#5c4512" : "#ffe8a3"
    readonly property color demoText: dark ? "#ffe6a8" : "#5c4200"

    readonly property int radius: 6
    readonly property int gap: 12
    readonly property int pad: 16
    readonly property real baseFont: Qt.application.font.pixelSize > 0 ? Qt.application.font.pixelSize : 14
    readonly property real smallFont: baseFont * 0.88
    readonly property real titleFont: baseFont * 1.3
    readonly property real bigFont: baseFont * 2.0
    readonly property string monoFamily: "DejaVu Sans Mono"

    // The colour of a call state (ActiveCallController.State or a stored status string).
    function stateColor(state) {
        switch (state) {
        case 1: case 2: case "initiated": return busy
        case 3: case "ringing": return busy
        case 4: case "answered": return good
        case 6: return bad
        default: return idle
        }
    }

    // The colour of an agent's state (PresenceModel.State: Available, Away, OnCall, SignedOut).
    function presenceColor(state) {
        switch (state) {
        case 0: return good
        case 1: return busy
        case 2: return accent
        default: return idle
        }
    }
}
