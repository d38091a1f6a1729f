<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountSection</name>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2) on %3.</source>
        <translation>Signed in as %1 (%2) on %3.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Forget the token on this computer and return to the sign-in page</source>
        <translation>Forget the token on this computer and return to the sign-in page</translation>
    </message>
</context>
<context>
    <name>ActiveCallPanel</name>
    <message>
        <source>Current call</source>
        <translation>Current call</translation>
    </message>
    <message>
        <source>Microphone muted</source>
        <translation>Microphone muted</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>No call</translation>
    </message>
    <message>
        <source>Remote number %1</source>
        <translation>Remote number %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>from %1</translation>
    </message>
    <message>
        <source>Call time %1</source>
        <translation>Call time %1</translation>
    </message>
    <message>
        <source>Type a number on the left and press Enter to call.</source>
        <translation>Type a number on the left and press Enter to call.</translation>
    </message>
    <message>
        <source>Audio device: %1</source>
        <translation>Audio device: %1</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Unmute</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Mute</translation>
    </message>
    <message>
        <source>Unmute the microphone</source>
        <translation>Unmute the microphone</translation>
    </message>
    <message>
        <source>Mute the microphone</source>
        <translation>Mute the microphone</translation>
    </message>
    <message>
        <source>Mute or unmute (Ctrl+M)</source>
        <translation>Mute or unmute (Ctrl+M)</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Hang up the call</source>
        <translation>Hang up the call</translation>
    </message>
    <message>
        <source>Hang up (Esc or Ctrl+Shift+H)</source>
        <translation>Hang up (Esc or Ctrl+Shift+H)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Clear the finished call</source>
        <translation>Clear the finished call</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Speaker</translation>
    </message>
    <message>
        <source>Speaker volume</source>
        <translation>Speaker volume</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>Silence</translation>
    </message>
    <message>
        <source>Silence the speaker</source>
        <translation>Silence the speaker</translation>
    </message>
    <message>
        <source>Caller&apos;s voice</source>
        <translation>Caller&apos;s voice</translation>
    </message>
    <message>
        <source>Your microphone</source>
        <translation>Your microphone</translation>
    </message>
    <message>
        <source>No audio device</source>
        <translation>No audio device</translation>
    </message>
    <message>
        <source>%1 · %2 · buffer %3 ms · %4 s concealed</source>
        <translation>%1 · %2 · buffer %3 ms · %4 s concealed</translation>
    </message>
    <message>
        <source>%1 is whispering to you (the customer does not hear it)</source>
        <translation>%1 is whispering to you (the customer does not hear it)</translation>
    </message>
</context>
<context>
    <name>AgentsPanel</name>
    <message>
        <source>Agents</source>
        <translation>Agents</translation>
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
        <translation>agent</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <source>Remote console</source>
        <translation>Remote console</translation>
    </message>
    <message>
        <source>Agent console</source>
        <translation>Agent console</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Live events</source>
        <translation>Live events</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Connected to backend</source>
        <translation>Connected to backend</translation>
    </message>
    <message>
        <source>Connecting to backend…</source>
        <translation>Connecting to backend…</translation>
    </message>
    <message>
        <source>DEMO — simulated calls, no real telephony</source>
        <translation>DEMO — simulated calls, no real telephony</translation>
    </message>
    <message>
        <source>Not connected to the Switchboard backend at %1. Live updates resume when it is reachable again.</source>
        <translation>Not connected to the Switchboard backend at %1. Live updates resume when it is reachable again.</translation>
    </message>
    <message numerus="yes">
        <source>%n missed call(s)</source>
        <translation>
            <numerusform>%n missed call</numerusform>
            <numerusform>%n missed calls</numerusform>
        </translation>
    </message>
    <message>
        <source>A customer calls</source>
        <translation>A customer calls</translation>
    </message>
    <message>
        <source>Simulate a customer calling this desk</source>
        <translation>Simulate a customer calling this desk</translation>
    </message>
</context>
<context>
    <name>DialerPanel</name>
    <message>
        <source>Send digits</source>
        <translation>Send digits</translation>
    </message>
    <message>
        <source>Call a number</source>
        <translation>Call a number</translation>
    </message>
    <message>
        <source>+15551234567</source>
        <translation>+15551234567</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Number to call</translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation>Delete last digit</translation>
    </message>
    <message>
        <source>Call from</source>
        <translation>Call from</translation>
    </message>
    <message>
        <source>Caller ID to call from</source>
        <translation>Caller ID to call from</translation>
    </message>
    <message>
        <source>Dialing…</source>
        <translation>Dialing…</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>Dial</translation>
    </message>
    <message>
        <source>Dial the number</source>
        <translation>Dial the number</translation>
    </message>
    <message>
        <source>Dial (Enter)</source>
        <translation>Dial (Enter)</translation>
    </message>
    <message>
        <source>Digits sent: %1</source>
        <translation>Digits sent: %1</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Live events</source>
        <translation>Live events</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconnecting…</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>Show details</translation>
    </message>
    <message>
        <source>Show the raw event payloads</source>
        <translation>Show the raw event payloads</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Clear the event log</source>
        <translation>Clear the event log</translation>
    </message>
    <message>
        <source>Call events appear here as they happen.</source>
        <translation>Call events appear here as they happen.</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>Call history</source>
        <translation>Call history</translation>
    </message>
    <message>
        <source>%1 of %2 calls</source>
        <translation>%1 of %2 calls</translation>
    </message>
    <message>
        <source>Search number or agent</source>
        <translation>Search number or agent</translation>
    </message>
    <message>
        <source>Search the history by number or agent</source>
        <translation>Search the history by number or agent</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Reload the history</source>
        <translation>Reload the history</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Recording</translation>
    </message>
    <message>
        <source>Play the recording of the call to %1</source>
        <translation>Play the recording of the call to %1</translation>
    </message>
    <message>
        <source>Call to %1, %2</source>
        <translation>Call to %1, %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Load older calls</source>
        <translation>Load older calls</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>No calls yet.</translation>
    </message>
    <message>
        <source>No call matches “%1”.</source>
        <translation>No call matches “%1”.</translation>
    </message>
    <message>
        <source>Call from %1, %2</source>
        <translation>Call from %1, %2</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>missed</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Missed</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Call back</translation>
    </message>
    <message>
        <source>Call %1 back</source>
        <translation>Call %1 back</translation>
    </message>
</context>
<context>
    <name>IncomingCallBanner</name>
    <message>
        <source>Incoming call from %1</source>
        <translation>Incoming call from %1</translation>
    </message>
    <message>
        <source>Call from %1 ringing for %2</source>
        <translation>Call from %1 ringing for %2</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>Ringing for %1</source>
        <translation>Ringing for %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>to %1</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Answer the call from %1</source>
        <translation>Answer the call from %1</translation>
    </message>
    <message>
        <source>Answer (Ctrl+Shift+A)</source>
        <translation>Answer (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Answer this call for the team</source>
        <translation>Answer this call for the team</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>Decline the call from %1</source>
        <translation>Decline the call from %1</translation>
    </message>
    <message>
        <source>Decline (Ctrl+Shift+D)</source>
        <translation>Decline (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Key %1</source>
        <translation>Key %1</translation>
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
        <translation>Available: click to go away</translation>
    </message>
    <message>
        <source>Away: click to become available</source>
        <translation>Away: click to become available</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>On a call</translation>
    </message>
    <message>
        <source>Incoming calls ring here. Click to go away.</source>
        <translation>Incoming calls ring here. Click to go away.</translation>
    </message>
    <message>
        <source>No calls ring here. Click to become available.</source>
        <translation>No calls ring here. Click to become available.</translation>
    </message>
    <message>
        <source>Busy on a call: no other call rings here.</source>
        <translation>Busy on a call: no other call rings here.</translation>
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
        <translation>This console is connected to the Switchboard at %1; its Telnyx settings are kept there.</translation>
    </message>
    <message>
        <source>Set with flags, environment variables or %1; restart Switchboard to apply changes.</source>
        <translation>Set with flags, environment variables or %1; restart Switchboard to apply changes.</translation>
    </message>
    <message>
        <source>the config file</source>
        <translation>the config file</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API key</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>Application ID</source>
        <translation>Application ID</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>Public key</translation>
    </message>
    <message>
        <source>Stream URL</source>
        <translation>Stream URL</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>version %1</translation>
    </message>
    <message>
        <source>Telnyx is not fully configured: calls cannot be placed until the API key and application ID are set.</source>
        <translation>Telnyx is not fully configured: calls cannot be placed until the API key and application ID are set.</translation>
    </message>
    <message>
        <source>Your numbers</source>
        <translation>Your numbers</translation>
    </message>
    <message>
        <source>The Telnyx numbers you call from, one per line or separated by commas. The dialer offers them as caller ID.</source>
        <translation>The Telnyx numbers you call from, one per line or separated by commas. The dialer offers them as caller ID.</translation>
    </message>
    <message>
        <source>Agent ID</source>
        <translation>Agent ID</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Save numbers and agent ID</source>
        <translation>Save numbers and agent ID</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>System default output: %1 · input: %2</source>
        <translation>System default output: %1 · input: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Speaker</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Speaker device</source>
        <translation>Speaker device</translation>
    </message>
    <message>
        <source>Test tone</source>
        <translation>Test tone</translation>
    </message>
    <message>
        <source>Play a test tone on the speaker</source>
        <translation>Play a test tone on the speaker</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Microphone</translation>
    </message>
    <message>
        <source>Microphone device</source>
        <translation>Microphone device</translation>
    </message>
    <message>
        <source>Stop test</source>
        <translation>Stop test</translation>
    </message>
    <message>
        <source>Test microphone</source>
        <translation>Test microphone</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Microphone level</translation>
    </message>
    <message>
        <source>Play key tones on the keypad</source>
        <translation>Play key tones on the keypad</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API token</translation>
    </message>
    <message>
        <source>Remote consoles and scripts use this token for /api, /call-events and /frontend-audio.</source>
        <translation>Remote consoles and scripts use this token for /api, /call-events and /frontend-audio.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Hide the API token</source>
        <translation>Hide the API token</translation>
    </message>
    <message>
        <source>Show the API token</source>
        <translation>Show the API token</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Copy the API token</source>
        <translation>Copy the API token</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <source>Make a new API token; the old one stops working</source>
        <translation>Make a new API token; the old one stops working</translation>
    </message>
    <message>
        <source>A new token is in force and saved; remote consoles need it now.</source>
        <translation>A new token is in force and saved; remote consoles need it now.</translation>
    </message>
    <message>
        <source>A new token is in force for this run, but the config file could not be written.</source>
        <translation>A new token is in force for this run, but the config file could not be written.</translation>
    </message>
    <message>
        <source>The token could not be regenerated: %1</source>
        <translation>The token could not be regenerated: %1</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Copied to the clipboard.</translation>
    </message>
    <message>
        <source>To regenerate it: quit Switchboard, delete the api-token line from %1 (or set API_TOKEN to a new value), and start Switchboard again. A new token is generated and saved; remote consoles then need the new one.</source>
        <translation>To regenerate it: quit Switchboard, delete the api-token line from %1 (or set API_TOKEN to a new value), and start Switchboard again. A new token is generated and saved; remote consoles then need the new one.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Display language</source>
        <translation>Display language</translation>
    </message>
    <message>
        <source>Ringer</source>
        <translation>Ringer</translation>
    </message>
    <message>
        <source>Ringer device for incoming calls</source>
        <translation>Ringer device for incoming calls</translation>
    </message>
    <message>
        <source>Ringer volume</source>
        <translation>Ringer volume</translation>
    </message>
    <message>
        <source>Ringer volume: %1%</source>
        <translation>Ringer volume: %1%</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Sign in to Switchboard</source>
        <translation>Sign in to Switchboard</translation>
    </message>
    <message>
        <source>Connect this desk to your team&apos;s Switchboard server with the token your administrator gave you.</source>
        <translation>Connect this desk to your team&apos;s Switchboard server with the token your administrator gave you.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Your personal token</source>
        <translation>Your personal token</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <source>Live calls</source>
        <translation>Live calls</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>on %1</translation>
    </message>
    <message>
        <source>on this computer</source>
        <translation>on this computer</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Reload the live calls</source>
        <translation>Reload the live calls</translation>
    </message>
    <message>
        <source>Listening volume</source>
        <translation>Listening volume</translation>
    </message>
    <message>
        <source>Stop listening</source>
        <translation>Stop listening</translation>
    </message>
    <message>
        <source>Call audio</source>
        <translation>Call audio</translation>
    </message>
    <message>
        <source>%1 listening</source>
        <translation>%1 listening</translation>
    </message>
    <message>
        <source>Agent %1 · from %2</source>
        <translation>Agent %1 · from %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>muted</source>
        <translation>muted</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Listen</translation>
    </message>
    <message>
        <source>Stop listening to the call to %1</source>
        <translation>Stop listening to the call to %1</translation>
    </message>
    <message>
        <source>Listen to the call to %1</source>
        <translation>Listen to the call to %1</translation>
    </message>
    <message>
        <source>No calls in progress.</source>
        <translation>No calls in progress.</translation>
    </message>
    <message>
        <source>Listening plays both sides of the call on this computer&apos;s default speaker. To watch another machine&apos;s calls, start Switchboard with --connect URL --token TOKEN.</source>
        <translation>Listening plays both sides of the call on this computer&apos;s default speaker. To watch another machine&apos;s calls, start Switchboard with --connect URL --token TOKEN.</translation>
    </message>
    <message>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <source>End the call to %1</source>
        <translation>End the call to %1</translation>
    </message>
    <message>
        <source>Whispering…</source>
        <translation>Whispering…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Hold to whisper</source>
        <translation>Hold to whisper</translation>
    </message>
    <message>
        <source>Hold to whisper to agent %1; the customer does not hear it</source>
        <translation>Hold to whisper to agent %1; the customer does not hear it</translation>
    </message>
</context>
<context>
    <name>sb::ActiveCallController</name>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Dialing</source>
        <translation>Dialing</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Calling</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Ringing</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>The call could not be placed.</source>
        <translation>The call could not be placed.</translation>
    </message>
    <message>
        <source>Noise suppression could not be turned on for this call.</source>
        <translation>Noise suppression could not be turned on for this call.</translation>
    </message>
    <message>
        <source>The call goes on without it; background noise may be heard.</source>
        <translation>The call goes on without it; background noise may be heard.</translation>
    </message>
    <message>
        <source>Switchboard&apos;s backend at %1 cannot be reached (%2). Check that it is running and that this computer is online, then try again.</source>
        <translation>Switchboard&apos;s backend at %1 cannot be reached (%2). Check that it is running and that this computer is online, then try again.</translation>
    </message>
    <message>
        <source>The backend refused the API token. Check the token in Settings (or --token).</source>
        <translation>The backend refused the API token. Check the token in Settings (or --token).</translation>
    </message>
    <message>
        <source>Telnyx is not set up on this backend: %1 Add the API key and application id to the configuration and restart Switchboard.</source>
        <translation>Telnyx is not set up on this backend: %1 Add the API key and application id to the configuration and restart Switchboard.</translation>
    </message>
    <message>
        <source>Telnyx refused: %1 Check the number, the caller ID and your Telnyx account (balance, outbound voice profile), then try again.</source>
        <translation>Telnyx refused: %1 Check the number, the caller ID and your Telnyx account (balance, outbound voice profile), then try again.</translation>
    </message>
    <message>
        <source>The backend did not accept the request: %1</source>
        <translation>The backend did not accept the request: %1</translation>
    </message>
    <message>
        <source>The backend does not know this call any more. It may have ended already.</source>
        <translation>The backend does not know this call any more. It may have ended already.</translation>
    </message>
    <message>
        <source>The backend answered %1: %2 Try again; if it keeps happening, check the backend&apos;s log.</source>
        <translation>The backend answered %1: %2 Try again; if it keeps happening, check the backend&apos;s log.</translation>
    </message>
    <message>
        <source>The call&apos;s audio could not be connected (%1).</source>
        <translation>The call&apos;s audio could not be connected (%1).</translation>
    </message>
    <message>
        <source>You may not hear each other. Hang up and call again; if it keeps happening, check that Telnyx can reach the stream URL shown in Settings.</source>
        <translation>You may not hear each other. Hang up and call again; if it keeps happening, check that Telnyx can reach the stream URL shown in Settings.</translation>
    </message>
    <message>
        <source>The call could not be hung up.</source>
        <translation>The call could not be hung up.</translation>
    </message>
    <message>
        <source>The microphone could not be muted.</source>
        <translation>The microphone could not be muted.</translation>
    </message>
    <message>
        <source>The microphone could not be unmuted.</source>
        <translation>The microphone could not be unmuted.</translation>
    </message>
    <message>
        <source>This backend cannot send digits yet.</source>
        <translation>This backend cannot send digits yet.</translation>
    </message>
    <message>
        <source>Update Switchboard on the backend to a version with the DTMF endpoint.</source>
        <translation>Update Switchboard on the backend to a version with the DTMF endpoint.</translation>
    </message>
    <message>
        <source>The digit could not be sent.</source>
        <translation>The digit could not be sent.</translation>
    </message>
</context>
<context>
    <name>sb::AgentPresence</name>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Away</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>On a call</translation>
    </message>
    <message>
        <source>Your presence could not be changed: %1</source>
        <translation>Your presence could not be changed: %1</translation>
    </message>
</context>
<context>
    <name>sb::AudioDevices</name>
    <message>
        <source>The chosen output device is gone; the system default is used until it is back.</source>
        <translation>The chosen output device is gone; the system default is used until it is back.</translation>
    </message>
    <message>
        <source>Playing a test tone on %1.</source>
        <translation>Playing a test tone on %1.</translation>
    </message>
    <message>
        <source>no device</source>
        <translation>no device</translation>
    </message>
    <message>
        <source>No microphone is available. Plug one in or check the system&apos;s sound settings.</source>
        <translation>No microphone is available. Plug one in or check the system&apos;s sound settings.</translation>
    </message>
    <message>
        <source>The microphone %1 could not be opened.</source>
        <translation>The microphone %1 could not be opened.</translation>
    </message>
    <message>
        <source>Speak now: the meter shows what %1 hears.</source>
        <translation>Speak now: the meter shows what %1 hears.</translation>
    </message>
</context>
<context>
    <name>sb::AudioStatus</name>
    <message>
        <source>No audio stream</source>
        <translation>No audio stream</translation>
    </message>
    <message>
        <source>Audio good</source>
        <translation>Audio good</translation>
    </message>
    <message>
        <source>Some audio lost</source>
        <translation>Some audio lost</translation>
    </message>
    <message>
        <source>Audio breaking up</source>
        <translation>Audio breaking up</translation>
    </message>
    <message>
        <source>Connecting audio…</source>
        <translation>Connecting audio…</translation>
    </message>
    <message>
        <source>Reconnecting audio…</source>
        <translation>Reconnecting audio…</translation>
    </message>
</context>
<context>
    <name>sb::CallText</name>
    <message>
        <source>You hung up.</source>
        <translation>You hung up.</translation>
    </message>
    <message>
        <source>The other side hung up.</source>
        <translation>The other side hung up.</translation>
    </message>
    <message>
        <source>The call ended normally.</source>
        <translation>The call ended normally.</translation>
    </message>
    <message>
        <source>The number is busy. Try again later.</source>
        <translation>The number is busy. Try again later.</translation>
    </message>
    <message>
        <source>Nobody answered.</source>
        <translation>Nobody answered.</translation>
    </message>
    <message>
        <source>The call was not answered in time.</source>
        <translation>The call was not answered in time.</translation>
    </message>
    <message>
        <source>The other side rejected the call.</source>
        <translation>The other side rejected the call.</translation>
    </message>
    <message>
        <source>The call was cancelled before it was answered.</source>
        <translation>The call was cancelled before it was answered.</translation>
    </message>
    <message>
        <source>The number could not be reached. Check that it is correct.</source>
        <translation>The number could not be reached. Check that it is correct.</translation>
    </message>
    <message>
        <source>The call reached its time limit.</source>
        <translation>The call reached its time limit.</translation>
    </message>
    <message>
        <source>The call ended for an unknown reason.</source>
        <translation>The call ended for an unknown reason.</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>The call ended.</translation>
    </message>
    <message>
        <source>The call ended (%1).</source>
        <translation>The call ended (%1).</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Calling</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Ringing</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Call placed from %1 to %2</source>
        <translation>Call placed from %1 to %2</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Hung up: %1</source>
        <translation>Hung up: %1</translation>
    </message>
    <message>
        <source>Microphone muted</source>
        <translation>Microphone muted</translation>
    </message>
    <message>
        <source>Microphone on</source>
        <translation>Microphone on</translation>
    </message>
    <message>
        <source>Digit %1 received</source>
        <translation>Digit %1 received</translation>
    </message>
    <message>
        <source>Put on hold by the other side</source>
        <translation>Put on hold by the other side</translation>
    </message>
    <message>
        <source>Taken off hold</source>
        <translation>Taken off hold</translation>
    </message>
    <message>
        <source>Bridged</source>
        <translation>Bridged</translation>
    </message>
    <message>
        <source>Audio stream started</source>
        <translation>Audio stream started</translation>
    </message>
    <message>
        <source>Audio stream stopped</source>
        <translation>Audio stream stopped</translation>
    </message>
    <message>
        <source>Audio stream failed: %1</source>
        <translation>Audio stream failed: %1</translation>
    </message>
    <message>
        <source>Call placed</source>
        <translation>Call placed</translation>
    </message>
</context>
<context>
    <name>sb::CallsModel</name>
    <message>
        <source>The call history could not be loaded: %1</source>
        <translation>The call history could not be loaded: %1</translation>
    </message>
    <message>
        <source>More calls could not be loaded: %1</source>
        <translation>More calls could not be loaded: %1</translation>
    </message>
</context>
<context>
    <name>sb::DialerController</name>
    <message>
        <source>Add your Telnyx numbers in Settings, or type the number to call from.</source>
        <translation>Add your Telnyx numbers in Settings, or type the number to call from.</translation>
    </message>
    <message>
        <source>Choose the number to call from.</source>
        <translation>Choose the number to call from.</translation>
    </message>
    <message>
        <source>Caller ID: %1</source>
        <translation>Caller ID: %1</translation>
    </message>
    <message>
        <source>Start with + and the country code, for example +1 for the US or +49 for Germany.</source>
        <translation>Start with + and the country code, for example +1 for the US or +49 for Germany.</translation>
    </message>
    <message>
        <source>A phone number starts with + and has only digits.</source>
        <translation>A phone number starts with + and has only digits.</translation>
    </message>
    <message>
        <source>Only one + is allowed, at the start.</source>
        <translation>Only one + is allowed, at the start.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: use only digits after the +.</source>
        <translation>&apos;%1&apos; is not allowed: use only digits after the +.</translation>
    </message>
    <message>
        <source>Now type the country code and the number.</source>
        <translation>Now type the country code and the number.</translation>
    </message>
    <message>
        <source>A country code never starts with 0: drop the 0 after the +.</source>
        <translation>A country code never starts with 0: drop the 0 after the +.</translation>
    </message>
    <message>
        <source>Too short: keep typing the number.</source>
        <translation>Too short: keep typing the number.</translation>
    </message>
    <message numerus="yes">
        <source>Too long: an international number has at most 15 digits (this one has %n).</source>
        <translation>
            <numerusform>Too long: an international number has at most 15 digits (this one has %n).</numerusform>
            <numerusform>Too long: an international number has at most 15 digits (this one has %n).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sb::IncomingCallsModel</name>
    <message>
        <source>Someone else answered the call from %1.</source>
        <translation>Someone else answered the call from %1.</translation>
    </message>
    <message>
        <source>The call from %1 stopped ringing before you answered.</source>
        <translation>The call from %1 stopped ringing before you answered.</translation>
    </message>
    <message>
        <source>The call could not be answered: %1</source>
        <translation>The call could not be answered: %1</translation>
    </message>
    <message>
        <source>The call could not be declined: %1</source>
        <translation>The call could not be declined: %1</translation>
    </message>
</context>
<context>
    <name>sb::LanguageManager</name>
    <message>
        <source>System language (%1)</source>
        <translation>System language (%1)</translation>
    </message>
</context>
<context>
    <name>sb::ListenPlayer</name>
    <message>
        <source>Not listening</source>
        <translation>Not listening</translation>
    </message>
    <message>
        <source>Listening, waiting for audio…</source>
        <translation>Listening, waiting for audio…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>%1 The call&apos;s audio is received but cannot be played here.</source>
        <translation>%1 The call&apos;s audio is received but cannot be played here.</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>Listening</translation>
    </message>
    <message>
        <source>The call&apos;s audio stream stopped.</source>
        <translation>The call&apos;s audio stream stopped.</translation>
    </message>
    <message>
        <source>Audio lost, reconnecting…</source>
        <translation>Audio lost, reconnecting…</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>The call ended.</translation>
    </message>
    <message>
        <source>Listening stopped: %1</source>
        <translation>Listening stopped: %1</translation>
    </message>
</context>
<context>
    <name>sb::PcmOutput</name>
    <message>
        <source>No audio output device is available.</source>
        <translation>No audio output device is available.</translation>
    </message>
    <message>
        <source>The audio device %1 offers no usable format.</source>
        <translation>The audio device %1 offers no usable format.</translation>
    </message>
    <message>
        <source>The audio device %1 stopped working.</source>
        <translation>The audio device %1 stopped working.</translation>
    </message>
    <message>
        <source>The audio device %1 could not be opened.</source>
        <translation>The audio device %1 could not be opened.</translation>
    </message>
</context>
<context>
    <name>sb::PresenceModel</name>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Away</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>On a call</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Signed out</translation>
    </message>
</context>
<context>
    <name>sb::RingNotification</name>
    <message>
        <source>Incoming call</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
</context>
<context>
    <name>sb::Session</name>
    <message>
        <source>Enter the server&apos;s address, e.g. https://switchboard.example.com.</source>
        <translation>Enter the server&apos;s address, e.g. https://switchboard.example.com.</translation>
    </message>
    <message>
        <source>Enter your token.</source>
        <translation>Enter your token.</translation>
    </message>
    <message>
        <source>Signed in. Your token is not remembered on this computer: sign in again next time.</source>
        <translation>Signed in. Your token is not remembered on this computer: sign in again next time.</translation>
    </message>
    <message>
        <source>Signed in, but your token could not be remembered (%1): sign in again next time.</source>
        <translation>Signed in, but your token could not be remembered (%1): sign in again next time.</translation>
    </message>
    <message>
        <source>The server refused this token. Check it, or ask an administrator for a new one.</source>
        <translation>The server refused this token. Check it, or ask an administrator for a new one.</translation>
    </message>
    <message>
        <source>The server&apos;s TLS certificate was not accepted: %1</source>
        <translation>The server&apos;s TLS certificate was not accepted: %1</translation>
    </message>
    <message>
        <source>The server could not be reached: %1</source>
        <translation>The server could not be reached: %1</translation>
    </message>
    <message>
        <source>The server answered %1: %2</source>
        <translation>The server answered %1: %2</translation>
    </message>
</context>
<context>
    <name>sb::TrayIcon</name>
    <message>
        <source>Show Switchboard</source>
        <translation>Show Switchboard</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Call with %1 ended</source>
        <translation>Call with %1 ended</translation>
    </message>
    <message>
        <source>Call failed</source>
        <translation>Call failed</translation>
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
        <translation>You cannot whisper while you are on a call yourself.</translation>
    </message>
    <message>
        <source>The whisper was cut off.</source>
        <translation>The whisper was cut off.</translation>
    </message>
    <message>
        <source>The whisper ended: %1</source>
        <translation>The whisper ended: %1</translation>
    </message>
</context>
</TS>
