<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AccountSection</name>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2) on %3.</source>
        <translation>Angemeldet als %1 (%2) bei %3.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Forget the token on this computer and return to the sign-in page</source>
        <translation>Das Token auf diesem Computer vergessen und zur Anmeldeseite zurückkehren</translation>
    </message>
</context>
<context>
    <name>ActiveCallPanel</name>
    <message>
        <source>Current call</source>
        <translation>Aktueller Anruf</translation>
    </message>
    <message>
        <source>Microphone muted</source>
        <translation>Mikrofon stummgeschaltet</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>Kein Anruf</translation>
    </message>
    <message>
        <source>Remote number %1</source>
        <translation>Gegenstelle %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>von %1</translation>
    </message>
    <message>
        <source>Call time %1</source>
        <translation>Gesprächsdauer %1</translation>
    </message>
    <message>
        <source>Type a number on the left and press Enter to call.</source>
        <translation>Geben Sie links eine Nummer ein und drücken Sie die Eingabetaste, um anzurufen.</translation>
    </message>
    <message>
        <source>Audio device: %1</source>
        <translation>Audiogerät: %1</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Mikrofon an</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>Unmute the microphone</source>
        <translation>Mikrofon wieder einschalten</translation>
    </message>
    <message>
        <source>Mute the microphone</source>
        <translation>Mikrofon stummschalten</translation>
    </message>
    <message>
        <source>Mute or unmute (Ctrl+M)</source>
        <translation>Stummschalten oder aufheben (Strg+M)</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <source>Hang up the call</source>
        <translation>Anruf beenden</translation>
    </message>
    <message>
        <source>Hang up (Esc or Ctrl+Shift+H)</source>
        <translation>Auflegen (Esc oder Strg+Umschalt+H)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Clear the finished call</source>
        <translation>Beendeten Anruf ausblenden</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Lautsprecher</translation>
    </message>
    <message>
        <source>Speaker volume</source>
        <translation>Lautsprecherlautstärke</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>Silence the speaker</source>
        <translation>Lautsprecher stummschalten</translation>
    </message>
    <message>
        <source>Caller&apos;s voice</source>
        <translation>Gegenseite</translation>
    </message>
    <message>
        <source>Your microphone</source>
        <translation>Ihr Mikrofon</translation>
    </message>
    <message>
        <source>No audio device</source>
        <translation>Kein Audiogerät</translation>
    </message>
    <message>
        <source>%1 · %2 · buffer %3 ms · %4 s concealed</source>
        <translation>%1 · %2 · Puffer %3 ms · %4 s überbrückt</translation>
    </message>
    <message>
        <source>%1 is whispering to you (the customer does not hear it)</source>
        <translation>%1 flüstert Ihnen zu (der Kunde hört es nicht)</translation>
    </message>
</context>
<context>
    <name>AgentsPanel</name>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Remote console</source>
        <translation>Fernkonsole</translation>
    </message>
    <message>
        <source>Agent console</source>
        <translation>Agentenkonsole</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Live events</source>
        <translation>Live-Ereignisse</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Connected to backend</source>
        <translation>Mit dem Backend verbunden</translation>
    </message>
    <message>
        <source>Connecting to backend…</source>
        <translation>Verbindung zum Backend…</translation>
    </message>
    <message>
        <source>DEMO — simulated calls, no real telephony</source>
        <translation>DEMO — simulierte Anrufe, keine echte Telefonie</translation>
    </message>
    <message>
        <source>Not connected to the Switchboard backend at %1. Live updates resume when it is reachable again.</source>
        <translation>Keine Verbindung zum Switchboard-Backend unter %1. Live-Aktualisierungen werden fortgesetzt, sobald es wieder erreichbar ist.</translation>
    </message>
    <message numerus="yes">
        <source>%n missed call(s)</source>
        <translation>
            <numerusform>%n verpasster Anruf</numerusform>
            <numerusform>%n verpasste Anrufe</numerusform>
        </translation>
    </message>
    <message>
        <source>A customer calls</source>
        <translation>Ein Kunde ruft an</translation>
    </message>
    <message>
        <source>Simulate a customer calling this desk</source>
        <translation>Einen Kundenanruf an diesem Platz simulieren</translation>
    </message>
</context>
<context>
    <name>DialerPanel</name>
    <message>
        <source>Send digits</source>
        <translation>Ziffern senden</translation>
    </message>
    <message>
        <source>Call a number</source>
        <translation>Nummer anrufen</translation>
    </message>
    <message>
        <source>+15551234567</source>
        <translation>+4930123456789</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Anzurufende Nummer</translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation>Letzte Ziffer löschen</translation>
    </message>
    <message>
        <source>Call from</source>
        <translation>Anrufen von</translation>
    </message>
    <message>
        <source>Caller ID to call from</source>
        <translation>Absendernummer für den Anruf</translation>
    </message>
    <message>
        <source>Dialing…</source>
        <translation>Wählt…</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>Wählen</translation>
    </message>
    <message>
        <source>Dial the number</source>
        <translation>Nummer wählen</translation>
    </message>
    <message>
        <source>Dial (Enter)</source>
        <translation>Wählen (Eingabetaste)</translation>
    </message>
    <message>
        <source>Digits sent: %1</source>
        <translation>Gesendete Ziffern: %1</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Live events</source>
        <translation>Live-Ereignisse</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>Details anzeigen</translation>
    </message>
    <message>
        <source>Show the raw event payloads</source>
        <translation>Rohdaten der Ereignisse anzeigen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Clear the event log</source>
        <translation>Ereignisprotokoll leeren</translation>
    </message>
    <message>
        <source>Call events appear here as they happen.</source>
        <translation>Anrufereignisse erscheinen hier, sobald sie eintreten.</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>Call history</source>
        <translation>Anrufverlauf</translation>
    </message>
    <message>
        <source>%1 of %2 calls</source>
        <translation>%1 von %2 Anrufen</translation>
    </message>
    <message>
        <source>Search number or agent</source>
        <translation>Nummer oder Agent suchen</translation>
    </message>
    <message>
        <source>Search the history by number or agent</source>
        <translation>Verlauf nach Nummer oder Agent durchsuchen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Reload the history</source>
        <translation>Verlauf neu laden</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <source>Play the recording of the call to %1</source>
        <translation>Aufnahme des Anrufs an %1 abspielen</translation>
    </message>
    <message>
        <source>Call to %1, %2</source>
        <translation>Anruf an %1, %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Load older calls</source>
        <translation>Ältere Anrufe laden</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>Noch keine Anrufe.</translation>
    </message>
    <message>
        <source>No call matches “%1”.</source>
        <translation>Kein Anruf passt zu „%1“.</translation>
    </message>
    <message>
        <source>Call from %1, %2</source>
        <translation>Anruf von %1, %2</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>verpasst</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Verpasst</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Zurückrufen</translation>
    </message>
    <message>
        <source>Call %1 back</source>
        <translation>%1 zurückrufen</translation>
    </message>
</context>
<context>
    <name>IncomingCallBanner</name>
    <message>
        <source>Incoming call from %1</source>
        <translation>Eingehender Anruf von %1</translation>
    </message>
    <message>
        <source>Call from %1 ringing for %2</source>
        <translation>Anruf von %1 klingelt bei %2</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <source>Ringing for %1</source>
        <translation>Klingelt bei %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>an %1</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Answer the call from %1</source>
        <translation>Den Anruf von %1 annehmen</translation>
    </message>
    <message>
        <source>Answer (Ctrl+Shift+A)</source>
        <translation>Annehmen (Strg+Umschalt+A)</translation>
    </message>
    <message>
        <source>Answer this call for the team</source>
        <translation>Diesen Anruf für das Team annehmen</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Decline the call from %1</source>
        <translation>Den Anruf von %1 ablehnen</translation>
    </message>
    <message>
        <source>Decline (Ctrl+Shift+D)</source>
        <translation>Ablehnen (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Key %1</source>
        <translation>Taste %1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>%1 – %2 – Switchboard</source>
        <translation>%1 – %2 – Switchboard</translation>
    </message>
    <message>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
</context>
<context>
    <name>PresenceSwitch</name>
    <message>
        <source>Available: click to go away</source>
        <translation>Verfügbar: klicken, um abwesend zu sein</translation>
    </message>
    <message>
        <source>Away: click to become available</source>
        <translation>Abwesend: klicken, um verfügbar zu sein</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>Im Gespräch</translation>
    </message>
    <message>
        <source>Incoming calls ring here. Click to go away.</source>
        <translation>Eingehende Anrufe klingeln hier. Klicken, um abwesend zu sein.</translation>
    </message>
    <message>
        <source>No calls ring here. Click to become available.</source>
        <translation>Hier klingeln keine Anrufe. Klicken, um verfügbar zu sein.</translation>
    </message>
    <message>
        <source>Busy on a call: no other call rings here.</source>
        <translation>Im Gespräch: kein weiterer Anruf klingelt hier.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Telnyx</source>
        <translation>Telnyx</translation>
    </message>
    <message>
        <source>This console is connected to the Switchboard at %1; its Telnyx settings are kept there.</source>
        <translation>Diese Konsole ist mit dem Switchboard unter %1 verbunden; dessen Telnyx-Einstellungen werden dort verwaltet.</translation>
    </message>
    <message>
        <source>Set with flags, environment variables or %1; restart Switchboard to apply changes.</source>
        <translation>Festgelegt über Optionen, Umgebungsvariablen oder %1; starten Sie Switchboard neu, um Änderungen zu übernehmen.</translation>
    </message>
    <message>
        <source>the config file</source>
        <translation>die Konfigurationsdatei</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>nicht gesetzt</translation>
    </message>
    <message>
        <source>Application ID</source>
        <translation>Anwendungs-ID</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>Öffentlicher Schlüssel</translation>
    </message>
    <message>
        <source>Stream URL</source>
        <translation>Stream-URL</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Telnyx is not fully configured: calls cannot be placed until the API key and application ID are set.</source>
        <translation>Telnyx ist nicht vollständig eingerichtet: Anrufe sind erst möglich, wenn API-Schlüssel und Anwendungs-ID gesetzt sind.</translation>
    </message>
    <message>
        <source>Your numbers</source>
        <translation>Ihre Nummern</translation>
    </message>
    <message>
        <source>The Telnyx numbers you call from, one per line or separated by commas. The dialer offers them as caller ID.</source>
        <translation>Die Telnyx-Nummern, von denen Sie anrufen, eine pro Zeile oder durch Kommas getrennt. Die Wähltastatur bietet sie als Absendernummer an.</translation>
    </message>
    <message>
        <source>Agent ID</source>
        <translation>Agenten-ID</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save numbers and agent ID</source>
        <translation>Nummern und Agenten-ID speichern</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>System default output: %1 · input: %2</source>
        <translation>Systemstandard Ausgabe: %1 · Eingabe: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Lautsprecher</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Speaker device</source>
        <translation>Lautsprechergerät</translation>
    </message>
    <message>
        <source>Test tone</source>
        <translation>Testton</translation>
    </message>
    <message>
        <source>Play a test tone on the speaker</source>
        <translation>Testton über den Lautsprecher abspielen</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Mikrofon</translation>
    </message>
    <message>
        <source>Microphone device</source>
        <translation>Mikrofongerät</translation>
    </message>
    <message>
        <source>Stop test</source>
        <translation>Test beenden</translation>
    </message>
    <message>
        <source>Test microphone</source>
        <translation>Mikrofon testen</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Mikrofonpegel</translation>
    </message>
    <message>
        <source>Play key tones on the keypad</source>
        <translation>Tastentöne auf der Wähltastatur abspielen</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>Remote consoles and scripts use this token for /api, /call-events and /frontend-audio.</source>
        <translation>Fernkonsolen und Skripte verwenden dieses Token für /api, /call-events und /frontend-audio.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Hide the API token</source>
        <translation>API-Token verbergen</translation>
    </message>
    <message>
        <source>Show the API token</source>
        <translation>API-Token anzeigen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the API token</source>
        <translation>API-Token kopieren</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Make a new API token; the old one stops working</source>
        <translation>Ein neues API-Token erzeugen; das alte gilt dann nicht mehr</translation>
    </message>
    <message>
        <source>A new token is in force and saved; remote consoles need it now.</source>
        <translation>Ein neues Token gilt jetzt und ist gespeichert; entfernte Konsolen brauchen es ab sofort.</translation>
    </message>
    <message>
        <source>A new token is in force for this run, but the config file could not be written.</source>
        <translation>Ein neues Token gilt für diesen Lauf, aber die Konfigurationsdatei konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The token could not be regenerated: %1</source>
        <translation>Das Token konnte nicht neu erzeugt werden: %1</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>To regenerate it: quit Switchboard, delete the api-token line from %1 (or set API_TOKEN to a new value), and start Switchboard again. A new token is generated and saved; remote consoles then need the new one.</source>
        <translation>Zum Erneuern: Beenden Sie Switchboard, löschen Sie die Zeile api-token aus %1 (oder setzen Sie API_TOKEN auf einen neuen Wert) und starten Sie Switchboard erneut. Ein neues Token wird erzeugt und gespeichert; Fernkonsolen benötigen dann das neue.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Display language</source>
        <translation>Anzeigesprache</translation>
    </message>
    <message>
        <source>Ringer</source>
        <translation>Klingelton</translation>
    </message>
    <message>
        <source>Ringer device for incoming calls</source>
        <translation>Gerät für den Klingelton eingehender Anrufe</translation>
    </message>
    <message>
        <source>Ringer volume</source>
        <translation>Lautstärke des Klingeltons</translation>
    </message>
    <message>
        <source>Ringer volume: %1%</source>
        <translation>Lautstärke des Klingeltons: %1 %</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Sign in to Switchboard</source>
        <translation>Bei Switchboard anmelden</translation>
    </message>
    <message>
        <source>Connect this desk to your team&apos;s Switchboard server with the token your administrator gave you.</source>
        <translation>Verbinden Sie diesen Arbeitsplatz mit dem Switchboard-Server Ihres Teams – mit dem Token, das Sie von Ihrer Administration erhalten haben.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Your personal token</source>
        <translation>Ihr persönliches Token</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <source>Live calls</source>
        <translation>Laufende Anrufe</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>auf %1</translation>
    </message>
    <message>
        <source>on this computer</source>
        <translation>auf diesem Computer</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Reload the live calls</source>
        <translation>Laufende Anrufe neu laden</translation>
    </message>
    <message>
        <source>Listening volume</source>
        <translation>Mithörlautstärke</translation>
    </message>
    <message>
        <source>Stop listening</source>
        <translation>Mithören beenden</translation>
    </message>
    <message>
        <source>Call audio</source>
        <translation>Anrufaudio</translation>
    </message>
    <message>
        <source>%1 listening</source>
        <translation>%1 hören zu</translation>
    </message>
    <message>
        <source>Agent %1 · from %2</source>
        <translation>Agent %1 · von %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>muted</source>
        <translation>stumm</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Mithören</translation>
    </message>
    <message>
        <source>Stop listening to the call to %1</source>
        <translation>Mithören beim Anruf an %1 beenden</translation>
    </message>
    <message>
        <source>Listen to the call to %1</source>
        <translation>Beim Anruf an %1 mithören</translation>
    </message>
    <message>
        <source>No calls in progress.</source>
        <translation>Keine laufenden Anrufe.</translation>
    </message>
    <message>
        <source>Listening plays both sides of the call on this computer&apos;s default speaker. To watch another machine&apos;s calls, start Switchboard with --connect URL --token TOKEN.</source>
        <translation>Beim Mithören werden beide Seiten des Anrufs über den Standardlautsprecher dieses Computers wiedergegeben. Um die Anrufe eines anderen Rechners zu verfolgen, starten Sie Switchboard mit --connect URL --token TOKEN.</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>End the call to %1</source>
        <translation>Den Anruf an %1 beenden</translation>
    </message>
    <message>
        <source>Whispering…</source>
        <translation>Flüstern…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Hold to whisper</source>
        <translation>Halten zum Flüstern</translation>
    </message>
    <message>
        <source>Hold to whisper to agent %1; the customer does not hear it</source>
        <translation>Gedrückt halten, um Agent %1 etwas zuzuflüstern; der Kunde hört es nicht</translation>
    </message>
</context>
<context>
    <name>sb::ActiveCallController</name>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Dialing</source>
        <translation>Wählt</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Ruft an</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Klingelt</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>The call could not be placed.</source>
        <translation>Der Anruf konnte nicht aufgebaut werden.</translation>
    </message>
    <message>
        <source>Noise suppression could not be turned on for this call.</source>
        <translation>Die Rauschunterdrückung konnte für diesen Anruf nicht eingeschaltet werden.</translation>
    </message>
    <message>
        <source>The call goes on without it; background noise may be heard.</source>
        <translation>Der Anruf läuft ohne sie weiter; Hintergrundgeräusche können hörbar sein.</translation>
    </message>
    <message>
        <source>Switchboard&apos;s backend at %1 cannot be reached (%2). Check that it is running and that this computer is online, then try again.</source>
        <translation>Das Switchboard-Backend unter %1 ist nicht erreichbar (%2). Prüfen Sie, ob es läuft und dieser Computer online ist, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The backend refused the API token. Check the token in Settings (or --token).</source>
        <translation>Das Backend hat das API-Token abgelehnt. Prüfen Sie das Token in den Einstellungen (oder --token).</translation>
    </message>
    <message>
        <source>Telnyx is not set up on this backend: %1 Add the API key and application id to the configuration and restart Switchboard.</source>
        <translation>Telnyx ist auf diesem Backend nicht eingerichtet: %1 Tragen Sie API-Schlüssel und Anwendungs-ID in die Konfiguration ein und starten Sie Switchboard neu.</translation>
    </message>
    <message>
        <source>Telnyx refused: %1 Check the number, the caller ID and your Telnyx account (balance, outbound voice profile), then try again.</source>
        <translation>Telnyx hat abgelehnt: %1 Prüfen Sie die Nummer, die Absendernummer und Ihr Telnyx-Konto (Guthaben, Outbound Voice Profile) und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The backend did not accept the request: %1</source>
        <translation>Das Backend hat die Anfrage nicht angenommen: %1</translation>
    </message>
    <message>
        <source>The backend does not know this call any more. It may have ended already.</source>
        <translation>Das Backend kennt diesen Anruf nicht mehr. Er ist möglicherweise bereits beendet.</translation>
    </message>
    <message>
        <source>The backend answered %1: %2 Try again; if it keeps happening, check the backend&apos;s log.</source>
        <translation>Das Backend antwortete mit %1: %2 Versuchen Sie es erneut; wenn das wiederholt auftritt, prüfen Sie das Protokoll des Backends.</translation>
    </message>
    <message>
        <source>The call&apos;s audio could not be connected (%1).</source>
        <translation>Die Audioverbindung des Anrufs konnte nicht hergestellt werden (%1).</translation>
    </message>
    <message>
        <source>You may not hear each other. Hang up and call again; if it keeps happening, check that Telnyx can reach the stream URL shown in Settings.</source>
        <translation>Sie hören sich möglicherweise gegenseitig nicht. Legen Sie auf und rufen Sie erneut an; wenn das wiederholt auftritt, prüfen Sie, ob Telnyx die in den Einstellungen angezeigte Stream-URL erreicht.</translation>
    </message>
    <message>
        <source>The call could not be hung up.</source>
        <translation>Der Anruf konnte nicht beendet werden.</translation>
    </message>
    <message>
        <source>The microphone could not be muted.</source>
        <translation>Das Mikrofon konnte nicht stummgeschaltet werden.</translation>
    </message>
    <message>
        <source>The microphone could not be unmuted.</source>
        <translation>Die Stummschaltung des Mikrofons konnte nicht aufgehoben werden.</translation>
    </message>
    <message>
        <source>This backend cannot send digits yet.</source>
        <translation>Dieses Backend kann noch keine Ziffern senden.</translation>
    </message>
    <message>
        <source>Update Switchboard on the backend to a version with the DTMF endpoint.</source>
        <translation>Aktualisieren Sie Switchboard auf dem Backend auf eine Version mit DTMF-Endpunkt.</translation>
    </message>
    <message>
        <source>The digit could not be sent.</source>
        <translation>Die Ziffer konnte nicht gesendet werden.</translation>
    </message>
</context>
<context>
    <name>sb::AgentPresence</name>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>Im Gespräch</translation>
    </message>
    <message>
        <source>Your presence could not be changed: %1</source>
        <translation>Ihr Status konnte nicht geändert werden: %1</translation>
    </message>
</context>
<context>
    <name>sb::AudioDevices</name>
    <message>
        <source>The chosen output device is gone; the system default is used until it is back.</source>
        <translation>Das gewählte Ausgabegerät ist nicht mehr vorhanden; bis es zurück ist, wird der Systemstandard verwendet.</translation>
    </message>
    <message>
        <source>Playing a test tone on %1.</source>
        <translation>Testton wird auf %1 abgespielt.</translation>
    </message>
    <message>
        <source>no device</source>
        <translation>kein Gerät</translation>
    </message>
    <message>
        <source>No microphone is available. Plug one in or check the system&apos;s sound settings.</source>
        <translation>Kein Mikrofon verfügbar. Schließen Sie eines an oder prüfen Sie die Audioeinstellungen des Systems.</translation>
    </message>
    <message>
        <source>The microphone %1 could not be opened.</source>
        <translation>Das Mikrofon %1 konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Speak now: the meter shows what %1 hears.</source>
        <translation>Sprechen Sie jetzt: Die Anzeige zeigt, was %1 hört.</translation>
    </message>
</context>
<context>
    <name>sb::AudioStatus</name>
    <message>
        <source>No audio stream</source>
        <translation>Kein Audiostream</translation>
    </message>
    <message>
        <source>Audio good</source>
        <translation>Audio gut</translation>
    </message>
    <message>
        <source>Some audio lost</source>
        <translation>Etwas Audio verloren</translation>
    </message>
    <message>
        <source>Audio breaking up</source>
        <translation>Audio bricht ab</translation>
    </message>
    <message>
        <source>Connecting audio…</source>
        <translation>Audio wird verbunden…</translation>
    </message>
    <message>
        <source>Reconnecting audio…</source>
        <translation>Audio wird neu verbunden…</translation>
    </message>
</context>
<context>
    <name>sb::CallText</name>
    <message>
        <source>You hung up.</source>
        <translation>Sie haben aufgelegt.</translation>
    </message>
    <message>
        <source>The other side hung up.</source>
        <translation>Die Gegenseite hat aufgelegt.</translation>
    </message>
    <message>
        <source>The call ended normally.</source>
        <translation>Der Anruf wurde normal beendet.</translation>
    </message>
    <message>
        <source>The number is busy. Try again later.</source>
        <translation>Die Nummer ist besetzt. Versuchen Sie es später noch einmal.</translation>
    </message>
    <message>
        <source>Nobody answered.</source>
        <translation>Niemand hat abgenommen.</translation>
    </message>
    <message>
        <source>The call was not answered in time.</source>
        <translation>Der Anruf wurde nicht rechtzeitig angenommen.</translation>
    </message>
    <message>
        <source>The other side rejected the call.</source>
        <translation>Die Gegenseite hat den Anruf abgelehnt.</translation>
    </message>
    <message>
        <source>The call was cancelled before it was answered.</source>
        <translation>Der Anruf wurde abgebrochen, bevor er angenommen wurde.</translation>
    </message>
    <message>
        <source>The number could not be reached. Check that it is correct.</source>
        <translation>Die Nummer ist nicht erreichbar. Prüfen Sie, ob sie stimmt.</translation>
    </message>
    <message>
        <source>The call reached its time limit.</source>
        <translation>Der Anruf hat seine Zeitgrenze erreicht.</translation>
    </message>
    <message>
        <source>The call ended for an unknown reason.</source>
        <translation>Der Anruf wurde aus unbekanntem Grund beendet.</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>Der Anruf wurde beendet.</translation>
    </message>
    <message>
        <source>The call ended (%1).</source>
        <translation>Der Anruf wurde beendet (%1).</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Ruft an</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Klingelt</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Call placed from %1 to %2</source>
        <translation>Anruf von %1 an %2 aufgebaut</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Hung up: %1</source>
        <translation>Aufgelegt: %1</translation>
    </message>
    <message>
        <source>Microphone muted</source>
        <translation>Mikrofon stummgeschaltet</translation>
    </message>
    <message>
        <source>Microphone on</source>
        <translation>Mikrofon an</translation>
    </message>
    <message>
        <source>Digit %1 received</source>
        <translation>Ziffer %1 empfangen</translation>
    </message>
    <message>
        <source>Put on hold by the other side</source>
        <translation>Von der Gegenseite gehalten</translation>
    </message>
    <message>
        <source>Taken off hold</source>
        <translation>Halten beendet</translation>
    </message>
    <message>
        <source>Bridged</source>
        <translation>Verbunden (Bridge)</translation>
    </message>
    <message>
        <source>Audio stream started</source>
        <translation>Audiostream gestartet</translation>
    </message>
    <message>
        <source>Audio stream stopped</source>
        <translation>Audiostream beendet</translation>
    </message>
    <message>
        <source>Audio stream failed: %1</source>
        <translation>Audiostream fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Call placed</source>
        <translation>Anruf aufgebaut</translation>
    </message>
</context>
<context>
    <name>sb::CallsModel</name>
    <message>
        <source>The call history could not be loaded: %1</source>
        <translation>Der Anrufverlauf konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>More calls could not be loaded: %1</source>
        <translation>Weitere Anrufe konnten nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>sb::DialerController</name>
    <message>
        <source>Add your Telnyx numbers in Settings, or type the number to call from.</source>
        <translation>Tragen Sie Ihre Telnyx-Nummern in den Einstellungen ein oder geben Sie die Absendernummer ein.</translation>
    </message>
    <message>
        <source>Choose the number to call from.</source>
        <translation>Wählen Sie die Nummer, von der Sie anrufen.</translation>
    </message>
    <message>
        <source>Caller ID: %1</source>
        <translation>Absendernummer: %1</translation>
    </message>
    <message>
        <source>Start with + and the country code, for example +1 for the US or +49 for Germany.</source>
        <translation>Beginnen Sie mit + und der Ländervorwahl, zum Beispiel +49 für Deutschland oder +1 für die USA.</translation>
    </message>
    <message>
        <source>A phone number starts with + and has only digits.</source>
        <translation>Eine Telefonnummer beginnt mit + und enthält nur Ziffern.</translation>
    </message>
    <message>
        <source>Only one + is allowed, at the start.</source>
        <translation>Nur ein + ist erlaubt, und zwar am Anfang.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: use only digits after the +.</source>
        <translation>„%1“ ist nicht erlaubt: Verwenden Sie nach dem + nur Ziffern.</translation>
    </message>
    <message>
        <source>Now type the country code and the number.</source>
        <translation>Geben Sie jetzt die Ländervorwahl und die Nummer ein.</translation>
    </message>
    <message>
        <source>A country code never starts with 0: drop the 0 after the +.</source>
        <translation>Eine Ländervorwahl beginnt nie mit 0: Lassen Sie die 0 nach dem + weg.</translation>
    </message>
    <message>
        <source>Too short: keep typing the number.</source>
        <translation>Zu kurz: Geben Sie die Nummer weiter ein.</translation>
    </message>
    <message numerus="yes">
        <source>Too long: an international number has at most 15 digits (this one has %n).</source>
        <translation>
            <numerusform>Zu lang: Eine internationale Nummer hat höchstens 15 Ziffern (diese hat %n).</numerusform>
            <numerusform>Zu lang: Eine internationale Nummer hat höchstens 15 Ziffern (diese hat %n).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sb::IncomingCallsModel</name>
    <message>
        <source>Someone else answered the call from %1.</source>
        <translation>Jemand anderes hat den Anruf von %1 angenommen.</translation>
    </message>
    <message>
        <source>The call from %1 stopped ringing before you answered.</source>
        <translation>Der Anruf von %1 hat aufgehört zu klingeln, bevor Sie angenommen haben.</translation>
    </message>
    <message>
        <source>The call could not be answered: %1</source>
        <translation>Der Anruf konnte nicht angenommen werden: %1</translation>
    </message>
    <message>
        <source>The call could not be declined: %1</source>
        <translation>Der Anruf konnte nicht abgelehnt werden: %1</translation>
    </message>
</context>
<context>
    <name>sb::LanguageManager</name>
    <message>
        <source>System language (%1)</source>
        <translation>Systemsprache (%1)</translation>
    </message>
</context>
<context>
    <name>sb::ListenPlayer</name>
    <message>
        <source>Not listening</source>
        <translation>Kein Mithören</translation>
    </message>
    <message>
        <source>Listening, waiting for audio…</source>
        <translation>Mithören, warte auf Audio…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>%1 The call&apos;s audio is received but cannot be played here.</source>
        <translation>%1 Das Audio des Anrufs wird empfangen, kann hier aber nicht abgespielt werden.</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>Mithören aktiv</translation>
    </message>
    <message>
        <source>The call&apos;s audio stream stopped.</source>
        <translation>Der Audiostream des Anrufs wurde beendet.</translation>
    </message>
    <message>
        <source>Audio lost, reconnecting…</source>
        <translation>Audio verloren, verbinde neu…</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>Der Anruf wurde beendet.</translation>
    </message>
    <message>
        <source>Listening stopped: %1</source>
        <translation>Mithören beendet: %1</translation>
    </message>
</context>
<context>
    <name>sb::PcmOutput</name>
    <message>
        <source>No audio output device is available.</source>
        <translation>Kein Audioausgabegerät verfügbar.</translation>
    </message>
    <message>
        <source>The audio device %1 offers no usable format.</source>
        <translation>Das Audiogerät %1 bietet kein nutzbares Format.</translation>
    </message>
    <message>
        <source>The audio device %1 stopped working.</source>
        <translation>Das Audiogerät %1 funktioniert nicht mehr.</translation>
    </message>
    <message>
        <source>The audio device %1 could not be opened.</source>
        <translation>Das Audiogerät %1 konnte nicht geöffnet werden.</translation>
    </message>
</context>
<context>
    <name>sb::PresenceModel</name>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>Im Gespräch</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
</context>
<context>
    <name>sb::RingNotification</name>
    <message>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Ablehnen</translation>
    </message>
</context>
<context>
    <name>sb::Session</name>
    <message>
        <source>Enter the server&apos;s address, e.g. https://switchboard.example.com.</source>
        <translation>Geben Sie die Adresse des Servers ein, z. B. https://switchboard.example.com.</translation>
    </message>
    <message>
        <source>Enter your token.</source>
        <translation>Geben Sie Ihr Token ein.</translation>
    </message>
    <message>
        <source>Signed in. Your token is not remembered on this computer: sign in again next time.</source>
        <translation>Angemeldet. Ihr Token wird auf diesem Computer nicht gespeichert: Melden Sie sich beim nächsten Mal erneut an.</translation>
    </message>
    <message>
        <source>Signed in, but your token could not be remembered (%1): sign in again next time.</source>
        <translation>Angemeldet, aber Ihr Token konnte nicht gespeichert werden (%1): Melden Sie sich beim nächsten Mal erneut an.</translation>
    </message>
    <message>
        <source>The server refused this token. Check it, or ask an administrator for a new one.</source>
        <translation>Der Server hat dieses Token abgelehnt. Prüfen Sie es oder bitten Sie Ihre Administration um ein neues.</translation>
    </message>
    <message>
        <source>The server&apos;s TLS certificate was not accepted: %1</source>
        <translation>Das TLS-Zertifikat des Servers wurde nicht akzeptiert: %1</translation>
    </message>
    <message>
        <source>The server could not be reached: %1</source>
        <translation>Der Server ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>The server answered %1: %2</source>
        <translation>Der Server antwortete %1: %2</translation>
    </message>
</context>
<context>
    <name>sb::TrayIcon</name>
    <message>
        <source>Show Switchboard</source>
        <translation>Switchboard anzeigen</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Call with %1 ended</source>
        <translation>Anruf mit %1 beendet</translation>
    </message>
    <message>
        <source>Call failed</source>
        <translation>Anruf fehlgeschlagen</translation>
    </message>
    <message>
        <source>Switchboard – %1</source>
        <translation>Switchboard – %1</translation>
    </message>
    <message>
        <source>Switchboard – %1 %2</source>
        <translation>Switchboard – %1 %2</translation>
    </message>
</context>
<context>
    <name>sb::WhisperTalk</name>
    <message>
        <source>You cannot whisper while you are on a call yourself.</source>
        <translation>Während eines eigenen Anrufs können Sie nicht flüstern.</translation>
    </message>
    <message>
        <source>The whisper was cut off.</source>
        <translation>Das Flüstern wurde unterbrochen.</translation>
    </message>
    <message>
        <source>The whisper ended: %1</source>
        <translation>Das Flüstern wurde beendet: %1</translation>
    </message>
</context>
</TS>
