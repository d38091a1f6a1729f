<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AccountSection</name>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2) on %3.</source>
        <translation>Sesión iniciada como %1 (%2) en %3.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <source>Forget the token on this computer and return to the sign-in page</source>
        <translation>Olvidar el token en este equipo y volver a la página de inicio de sesión</translation>
    </message>
</context>
<context>
    <name>ActiveCallPanel</name>
    <message>
        <source>Current call</source>
        <translation>Llamada actual</translation>
    </message>
    <message>
        <source>Microphone muted</source>
        <translation>Micrófono silenciado</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>Sin llamada</translation>
    </message>
    <message>
        <source>Remote number %1</source>
        <translation>Número remoto %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>desde %1</translation>
    </message>
    <message>
        <source>Call time %1</source>
        <translation>Duración de la llamada %1</translation>
    </message>
    <message>
        <source>Type a number on the left and press Enter to call.</source>
        <translation>Escriba un número a la izquierda y pulse Intro para llamar.</translation>
    </message>
    <message>
        <source>Audio device: %1</source>
        <translation>Dispositivo de audio: %1</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Activar micrófono</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Silenciar</translation>
    </message>
    <message>
        <source>Unmute the microphone</source>
        <translation>Activar el micrófono</translation>
    </message>
    <message>
        <source>Mute the microphone</source>
        <translation>Silenciar el micrófono</translation>
    </message>
    <message>
        <source>Mute or unmute (Ctrl+M)</source>
        <translation>Silenciar o activar (Ctrl+M)</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Colgar</translation>
    </message>
    <message>
        <source>Hang up the call</source>
        <translation>Colgar la llamada</translation>
    </message>
    <message>
        <source>Hang up (Esc or Ctrl+Shift+H)</source>
        <translation>Colgar (Esc o Ctrl+Mayús+H)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Clear the finished call</source>
        <translation>Quitar la llamada terminada</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Altavoz</translation>
    </message>
    <message>
        <source>Speaker volume</source>
        <translation>Volumen del altavoz</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>Silenciar</translation>
    </message>
    <message>
        <source>Silence the speaker</source>
        <translation>Silenciar el altavoz</translation>
    </message>
    <message>
        <source>Caller&apos;s voice</source>
        <translation>Voz del interlocutor</translation>
    </message>
    <message>
        <source>Your microphone</source>
        <translation>Su micrófono</translation>
    </message>
    <message>
        <source>No audio device</source>
        <translation>Sin dispositivo de audio</translation>
    </message>
    <message>
        <source>%1 · %2 · buffer %3 ms · %4 s concealed</source>
        <translation>%1 · %2 · búfer %3 ms · %4 s ocultados</translation>
    </message>
    <message>
        <source>%1 is whispering to you (the customer does not hear it)</source>
        <translation>%1 le está susurrando (el cliente no lo oye)</translation>
    </message>
</context>
<context>
    <name>AgentsPanel</name>
    <message>
        <source>Agents</source>
        <translation>Agentes</translation>
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
        <translation>agente</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>administrador</translation>
    </message>
    <message>
        <source>Remote console</source>
        <translation>Consola remota</translation>
    </message>
    <message>
        <source>Agent console</source>
        <translation>Consola de agente</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Live events</source>
        <translation>Eventos en directo</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisión</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Connected to backend</source>
        <translation>Conectado al servidor</translation>
    </message>
    <message>
        <source>Connecting to backend…</source>
        <translation>Conectando al servidor…</translation>
    </message>
    <message>
        <source>DEMO — simulated calls, no real telephony</source>
        <translation>DEMO — llamadas simuladas, sin telefonía real</translation>
    </message>
    <message>
        <source>Not connected to the Switchboard backend at %1. Live updates resume when it is reachable again.</source>
        <translation>Sin conexión con el servidor de Switchboard en %1. Las actualizaciones en directo se reanudarán cuando vuelva a estar accesible.</translation>
    </message>
    <message numerus="yes">
        <source>%n missed call(s)</source>
        <translation>
            <numerusform>%n llamada perdida</numerusform>
            <numerusform>%n llamadas perdidas</numerusform>
        </translation>
    </message>
    <message>
        <source>A customer calls</source>
        <translation>Llama un cliente</translation>
    </message>
    <message>
        <source>Simulate a customer calling this desk</source>
        <translation>Simular la llamada de un cliente a este puesto</translation>
    </message>
</context>
<context>
    <name>DialerPanel</name>
    <message>
        <source>Send digits</source>
        <translation>Enviar dígitos</translation>
    </message>
    <message>
        <source>Call a number</source>
        <translation>Llamar a un número</translation>
    </message>
    <message>
        <source>+15551234567</source>
        <translation>+34911234567</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Número al que llamar</translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation>Borrar el último dígito</translation>
    </message>
    <message>
        <source>Call from</source>
        <translation>Llamar desde</translation>
    </message>
    <message>
        <source>Caller ID to call from</source>
        <translation>Identificador de llamada de origen</translation>
    </message>
    <message>
        <source>Dialing…</source>
        <translation>Marcando…</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>Llamar</translation>
    </message>
    <message>
        <source>Dial the number</source>
        <translation>Marcar el número</translation>
    </message>
    <message>
        <source>Dial (Enter)</source>
        <translation>Llamar (Intro)</translation>
    </message>
    <message>
        <source>Digits sent: %1</source>
        <translation>Dígitos enviados: %1</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <source>Live events</source>
        <translation>Eventos en directo</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En directo</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconectando…</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>Mostrar detalles</translation>
    </message>
    <message>
        <source>Show the raw event payloads</source>
        <translation>Mostrar los datos sin procesar de los eventos</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vaciar</translation>
    </message>
    <message>
        <source>Clear the event log</source>
        <translation>Vaciar el registro de eventos</translation>
    </message>
    <message>
        <source>Call events appear here as they happen.</source>
        <translation>Los eventos de llamada aparecen aquí en cuanto ocurren.</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>Call history</source>
        <translation>Historial de llamadas</translation>
    </message>
    <message>
        <source>%1 of %2 calls</source>
        <translation>%1 de %2 llamadas</translation>
    </message>
    <message>
        <source>Search number or agent</source>
        <translation>Buscar número o agente</translation>
    </message>
    <message>
        <source>Search the history by number or agent</source>
        <translation>Buscar en el historial por número o agente</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Reload the history</source>
        <translation>Volver a cargar el historial</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Grabación</translation>
    </message>
    <message>
        <source>Play the recording of the call to %1</source>
        <translation>Reproducir la grabación de la llamada a %1</translation>
    </message>
    <message>
        <source>Call to %1, %2</source>
        <translation>Llamada a %1, %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Load older calls</source>
        <translation>Cargar llamadas anteriores</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>Todavía no hay llamadas.</translation>
    </message>
    <message>
        <source>No call matches “%1”.</source>
        <translation>Ninguna llamada coincide con «%1».</translation>
    </message>
    <message>
        <source>Call from %1, %2</source>
        <translation>Llamada de %1, %2</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>perdida</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Perdida</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Devolver la llamada</translation>
    </message>
    <message>
        <source>Call %1 back</source>
        <translation>Devolver la llamada a %1</translation>
    </message>
</context>
<context>
    <name>IncomingCallBanner</name>
    <message>
        <source>Incoming call from %1</source>
        <translation>Llamada entrante de %1</translation>
    </message>
    <message>
        <source>Call from %1 ringing for %2</source>
        <translation>Llamada de %1 sonando para %2</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Llamada entrante</translation>
    </message>
    <message>
        <source>Ringing for %1</source>
        <translation>Sonando para %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>a %1</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Contestar</translation>
    </message>
    <message>
        <source>Answer the call from %1</source>
        <translation>Contestar la llamada de %1</translation>
    </message>
    <message>
        <source>Answer (Ctrl+Shift+A)</source>
        <translation>Contestar (Ctrl+Mayús+A)</translation>
    </message>
    <message>
        <source>Answer this call for the team</source>
        <translation>Contestar esta llamada por el equipo</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Rechazar</translation>
    </message>
    <message>
        <source>Decline the call from %1</source>
        <translation>Rechazar la llamada de %1</translation>
    </message>
    <message>
        <source>Decline (Ctrl+Shift+D)</source>
        <translation>Rechazar (Ctrl+Mayús+D)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Key %1</source>
        <translation>Tecla %1</translation>
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
        <translation>Disponible: haga clic para ausentarse</translation>
    </message>
    <message>
        <source>Away: click to become available</source>
        <translation>Ausente: haga clic para estar disponible</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>En una llamada</translation>
    </message>
    <message>
        <source>Incoming calls ring here. Click to go away.</source>
        <translation>Las llamadas entrantes suenan aquí. Haga clic para ausentarse.</translation>
    </message>
    <message>
        <source>No calls ring here. Click to become available.</source>
        <translation>Aquí no suena ninguna llamada. Haga clic para estar disponible.</translation>
    </message>
    <message>
        <source>Busy on a call: no other call rings here.</source>
        <translation>Ocupado en una llamada: no suena ninguna otra aquí.</translation>
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
        <translation>Esta consola está conectada al Switchboard de %1; su configuración de Telnyx se gestiona allí.</translation>
    </message>
    <message>
        <source>Set with flags, environment variables or %1; restart Switchboard to apply changes.</source>
        <translation>Se define con opciones, variables de entorno o %1; reinicie Switchboard para aplicar los cambios.</translation>
    </message>
    <message>
        <source>the config file</source>
        <translation>el archivo de configuración</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin definir</translation>
    </message>
    <message>
        <source>Application ID</source>
        <translation>ID de aplicación</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>Clave pública</translation>
    </message>
    <message>
        <source>Stream URL</source>
        <translation>URL del stream</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>versión %1</translation>
    </message>
    <message>
        <source>Telnyx is not fully configured: calls cannot be placed until the API key and application ID are set.</source>
        <translation>Telnyx no está configurado del todo: no se pueden hacer llamadas hasta definir la clave de API y el ID de aplicación.</translation>
    </message>
    <message>
        <source>Your numbers</source>
        <translation>Sus números</translation>
    </message>
    <message>
        <source>The Telnyx numbers you call from, one per line or separated by commas. The dialer offers them as caller ID.</source>
        <translation>Los números de Telnyx desde los que llama, uno por línea o separados por comas. El marcador los ofrece como identificador de llamada.</translation>
    </message>
    <message>
        <source>Agent ID</source>
        <translation>ID de agente</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Save numbers and agent ID</source>
        <translation>Guardar números e ID de agente</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>System default output: %1 · input: %2</source>
        <translation>Predeterminado del sistema: salida %1 · entrada %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Altavoz</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>Speaker device</source>
        <translation>Dispositivo de altavoz</translation>
    </message>
    <message>
        <source>Test tone</source>
        <translation>Tono de prueba</translation>
    </message>
    <message>
        <source>Play a test tone on the speaker</source>
        <translation>Reproducir un tono de prueba en el altavoz</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Micrófono</translation>
    </message>
    <message>
        <source>Microphone device</source>
        <translation>Dispositivo de micrófono</translation>
    </message>
    <message>
        <source>Stop test</source>
        <translation>Detener prueba</translation>
    </message>
    <message>
        <source>Test microphone</source>
        <translation>Probar micrófono</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Nivel del micrófono</translation>
    </message>
    <message>
        <source>Play key tones on the keypad</source>
        <translation>Reproducir tonos al pulsar el teclado</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>Token de API</translation>
    </message>
    <message>
        <source>Remote consoles and scripts use this token for /api, /call-events and /frontend-audio.</source>
        <translation>Las consolas remotas y los scripts usan este token para /api, /call-events y /frontend-audio.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Hide the API token</source>
        <translation>Ocultar el token de API</translation>
    </message>
    <message>
        <source>Show the API token</source>
        <translation>Mostrar el token de API</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the API token</source>
        <translation>Copiar el token de API</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerar</translation>
    </message>
    <message>
        <source>Make a new API token; the old one stops working</source>
        <translation>Crear un token de API nuevo; el anterior deja de funcionar</translation>
    </message>
    <message>
        <source>A new token is in force and saved; remote consoles need it now.</source>
        <translation>Un token nuevo está en vigor y guardado; las consolas remotas lo necesitan ya.</translation>
    </message>
    <message>
        <source>A new token is in force for this run, but the config file could not be written.</source>
        <translation>Un token nuevo está en vigor para esta ejecución, pero no se pudo escribir el archivo de configuración.</translation>
    </message>
    <message>
        <source>The token could not be regenerated: %1</source>
        <translation>No se pudo regenerar el token: %1</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Copiado al portapapeles.</translation>
    </message>
    <message>
        <source>To regenerate it: quit Switchboard, delete the api-token line from %1 (or set API_TOKEN to a new value), and start Switchboard again. A new token is generated and saved; remote consoles then need the new one.</source>
        <translation>Para regenerarlo: cierre Switchboard, borre la línea api-token de %1 (o dé a API_TOKEN un valor nuevo) y vuelva a iniciar Switchboard. Se genera y guarda un token nuevo; las consolas remotas necesitarán entonces el nuevo.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Display language</source>
        <translation>Idioma de la interfaz</translation>
    </message>
    <message>
        <source>Ringer</source>
        <translation>Timbre</translation>
    </message>
    <message>
        <source>Ringer device for incoming calls</source>
        <translation>Dispositivo del timbre de las llamadas entrantes</translation>
    </message>
    <message>
        <source>Ringer volume</source>
        <translation>Volumen del timbre</translation>
    </message>
    <message>
        <source>Ringer volume: %1%</source>
        <translation>Volumen del timbre: %1 %</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Sign in to Switchboard</source>
        <translation>Iniciar sesión en Switchboard</translation>
    </message>
    <message>
        <source>Connect this desk to your team&apos;s Switchboard server with the token your administrator gave you.</source>
        <translation>Conecte este puesto al servidor Switchboard de su equipo con el token que le dio su administrador.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Your personal token</source>
        <translation>Su token personal</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <source>Live calls</source>
        <translation>Llamadas en curso</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>en %1</translation>
    </message>
    <message>
        <source>on this computer</source>
        <translation>en este equipo</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Reload the live calls</source>
        <translation>Volver a cargar las llamadas en curso</translation>
    </message>
    <message>
        <source>Listening volume</source>
        <translation>Volumen de escucha</translation>
    </message>
    <message>
        <source>Stop listening</source>
        <translation>Dejar de escuchar</translation>
    </message>
    <message>
        <source>Call audio</source>
        <translation>Audio de la llamada</translation>
    </message>
    <message>
        <source>%1 listening</source>
        <translation>%1 escuchando</translation>
    </message>
    <message>
        <source>Agent %1 · from %2</source>
        <translation>Agente %1 · desde %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>muted</source>
        <translation>silenciado</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Escuchar</translation>
    </message>
    <message>
        <source>Stop listening to the call to %1</source>
        <translation>Dejar de escuchar la llamada a %1</translation>
    </message>
    <message>
        <source>Listen to the call to %1</source>
        <translation>Escuchar la llamada a %1</translation>
    </message>
    <message>
        <source>No calls in progress.</source>
        <translation>No hay llamadas en curso.</translation>
    </message>
    <message>
        <source>Listening plays both sides of the call on this computer&apos;s default speaker. To watch another machine&apos;s calls, start Switchboard with --connect URL --token TOKEN.</source>
        <translation>La escucha reproduce ambos lados de la llamada en el altavoz predeterminado de este equipo. Para supervisar las llamadas de otra máquina, inicie Switchboard con --connect URL --token TOKEN.</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Finalizar</translation>
    </message>
    <message>
        <source>End the call to %1</source>
        <translation>Finalizar la llamada a %1</translation>
    </message>
    <message>
        <source>Whispering…</source>
        <translation>Susurrando…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Hold to whisper</source>
        <translation>Mantener para susurrar</translation>
    </message>
    <message>
        <source>Hold to whisper to agent %1; the customer does not hear it</source>
        <translation>Mantenga pulsado para susurrar al agente %1; el cliente no lo oye</translation>
    </message>
</context>
<context>
    <name>sb::ActiveCallController</name>
    <message>
        <source>Ready</source>
        <translation>Preparado</translation>
    </message>
    <message>
        <source>Dialing</source>
        <translation>Marcando</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Llamando</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Sonando</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectada</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Finalizada</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallida</translation>
    </message>
    <message>
        <source>The call could not be placed.</source>
        <translation>No se pudo realizar la llamada.</translation>
    </message>
    <message>
        <source>Noise suppression could not be turned on for this call.</source>
        <translation>No se pudo activar la supresión de ruido en esta llamada.</translation>
    </message>
    <message>
        <source>The call goes on without it; background noise may be heard.</source>
        <translation>La llamada continúa sin ella; puede oírse ruido de fondo.</translation>
    </message>
    <message>
        <source>Switchboard&apos;s backend at %1 cannot be reached (%2). Check that it is running and that this computer is online, then try again.</source>
        <translation>No se puede acceder al servidor de Switchboard en %1 (%2). Compruebe que está en marcha y que este equipo tiene conexión, y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The backend refused the API token. Check the token in Settings (or --token).</source>
        <translation>El servidor rechazó el token de API. Compruebe el token en Ajustes (o --token).</translation>
    </message>
    <message>
        <source>Telnyx is not set up on this backend: %1 Add the API key and application id to the configuration and restart Switchboard.</source>
        <translation>Telnyx no está configurado en este servidor: %1 Añada la clave de API y el ID de aplicación a la configuración y reinicie Switchboard.</translation>
    </message>
    <message>
        <source>Telnyx refused: %1 Check the number, the caller ID and your Telnyx account (balance, outbound voice profile), then try again.</source>
        <translation>Telnyx lo rechazó: %1 Compruebe el número, el identificador de llamada y su cuenta de Telnyx (saldo, perfil de voz saliente) y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The backend did not accept the request: %1</source>
        <translation>El servidor no aceptó la solicitud: %1</translation>
    </message>
    <message>
        <source>The backend does not know this call any more. It may have ended already.</source>
        <translation>El servidor ya no conoce esta llamada. Puede que ya haya terminado.</translation>
    </message>
    <message>
        <source>The backend answered %1: %2 Try again; if it keeps happening, check the backend&apos;s log.</source>
        <translation>El servidor respondió %1: %2 Vuelva a intentarlo; si se repite, revise el registro del servidor.</translation>
    </message>
    <message>
        <source>The call&apos;s audio could not be connected (%1).</source>
        <translation>No se pudo conectar el audio de la llamada (%1).</translation>
    </message>
    <message>
        <source>You may not hear each other. Hang up and call again; if it keeps happening, check that Telnyx can reach the stream URL shown in Settings.</source>
        <translation>Es posible que no se oigan. Cuelgue y vuelva a llamar; si se repite, compruebe que Telnyx puede acceder a la URL del stream que aparece en Ajustes.</translation>
    </message>
    <message>
        <source>The call could not be hung up.</source>
        <translation>No se pudo colgar la llamada.</translation>
    </message>
    <message>
        <source>The microphone could not be muted.</source>
        <translation>No se pudo silenciar el micrófono.</translation>
    </message>
    <message>
        <source>The microphone could not be unmuted.</source>
        <translation>No se pudo activar el micrófono.</translation>
    </message>
    <message>
        <source>This backend cannot send digits yet.</source>
        <translation>Este servidor todavía no puede enviar dígitos.</translation>
    </message>
    <message>
        <source>Update Switchboard on the backend to a version with the DTMF endpoint.</source>
        <translation>Actualice Switchboard en el servidor a una versión con el endpoint de DTMF.</translation>
    </message>
    <message>
        <source>The digit could not be sent.</source>
        <translation>No se pudo enviar el dígito.</translation>
    </message>
</context>
<context>
    <name>sb::AgentPresence</name>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Ausente</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>En una llamada</translation>
    </message>
    <message>
        <source>Your presence could not be changed: %1</source>
        <translation>No se pudo cambiar su estado: %1</translation>
    </message>
</context>
<context>
    <name>sb::AudioDevices</name>
    <message>
        <source>The chosen output device is gone; the system default is used until it is back.</source>
        <translation>El dispositivo de salida elegido ya no está; se usa el predeterminado del sistema hasta que vuelva.</translation>
    </message>
    <message>
        <source>Playing a test tone on %1.</source>
        <translation>Reproduciendo un tono de prueba en %1.</translation>
    </message>
    <message>
        <source>no device</source>
        <translation>ningún dispositivo</translation>
    </message>
    <message>
        <source>No microphone is available. Plug one in or check the system&apos;s sound settings.</source>
        <translation>No hay ningún micrófono disponible. Conecte uno o revise la configuración de sonido del sistema.</translation>
    </message>
    <message>
        <source>The microphone %1 could not be opened.</source>
        <translation>No se pudo abrir el micrófono %1.</translation>
    </message>
    <message>
        <source>Speak now: the meter shows what %1 hears.</source>
        <translation>Hable ahora: el medidor muestra lo que oye %1.</translation>
    </message>
</context>
<context>
    <name>sb::AudioStatus</name>
    <message>
        <source>No audio stream</source>
        <translation>Sin stream de audio</translation>
    </message>
    <message>
        <source>Audio good</source>
        <translation>Audio bueno</translation>
    </message>
    <message>
        <source>Some audio lost</source>
        <translation>Se pierde algo de audio</translation>
    </message>
    <message>
        <source>Audio breaking up</source>
        <translation>El audio se corta</translation>
    </message>
    <message>
        <source>Connecting audio…</source>
        <translation>Conectando el audio…</translation>
    </message>
    <message>
        <source>Reconnecting audio…</source>
        <translation>Reconectando el audio…</translation>
    </message>
</context>
<context>
    <name>sb::CallText</name>
    <message>
        <source>You hung up.</source>
        <translation>Usted colgó.</translation>
    </message>
    <message>
        <source>The other side hung up.</source>
        <translation>La otra parte colgó.</translation>
    </message>
    <message>
        <source>The call ended normally.</source>
        <translation>La llamada terminó con normalidad.</translation>
    </message>
    <message>
        <source>The number is busy. Try again later.</source>
        <translation>El número está ocupado. Inténtelo de nuevo más tarde.</translation>
    </message>
    <message>
        <source>Nobody answered.</source>
        <translation>Nadie contestó.</translation>
    </message>
    <message>
        <source>The call was not answered in time.</source>
        <translation>La llamada no se contestó a tiempo.</translation>
    </message>
    <message>
        <source>The other side rejected the call.</source>
        <translation>La otra parte rechazó la llamada.</translation>
    </message>
    <message>
        <source>The call was cancelled before it was answered.</source>
        <translation>La llamada se canceló antes de ser contestada.</translation>
    </message>
    <message>
        <source>The number could not be reached. Check that it is correct.</source>
        <translation>No se pudo contactar con el número. Compruebe que es correcto.</translation>
    </message>
    <message>
        <source>The call reached its time limit.</source>
        <translation>La llamada alcanzó su límite de tiempo.</translation>
    </message>
    <message>
        <source>The call ended for an unknown reason.</source>
        <translation>La llamada terminó por un motivo desconocido.</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>La llamada terminó.</translation>
    </message>
    <message>
        <source>The call ended (%1).</source>
        <translation>La llamada terminó (%1).</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Llamando</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Sonando</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectada</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Finalizada</translation>
    </message>
    <message>
        <source>Call placed from %1 to %2</source>
        <translation>Llamada de %1 a %2</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Contestada</translation>
    </message>
    <message>
        <source>Hung up: %1</source>
        <translation>Colgada: %1</translation>
    </message>
    <message>
        <source>Microphone muted</source>
        <translation>Micrófono silenciado</translation>
    </message>
    <message>
        <source>Microphone on</source>
        <translation>Micrófono activado</translation>
    </message>
    <message>
        <source>Digit %1 received</source>
        <translation>Dígito %1 recibido</translation>
    </message>
    <message>
        <source>Put on hold by the other side</source>
        <translation>Puesta en espera por la otra parte</translation>
    </message>
    <message>
        <source>Taken off hold</source>
        <translation>Fuera de espera</translation>
    </message>
    <message>
        <source>Bridged</source>
        <translation>Puenteada</translation>
    </message>
    <message>
        <source>Audio stream started</source>
        <translation>Stream de audio iniciado</translation>
    </message>
    <message>
        <source>Audio stream stopped</source>
        <translation>Stream de audio detenido</translation>
    </message>
    <message>
        <source>Audio stream failed: %1</source>
        <translation>Fallo del stream de audio: %1</translation>
    </message>
    <message>
        <source>Call placed</source>
        <translation>Llamada realizada</translation>
    </message>
</context>
<context>
    <name>sb::CallsModel</name>
    <message>
        <source>The call history could not be loaded: %1</source>
        <translation>No se pudo cargar el historial de llamadas: %1</translation>
    </message>
    <message>
        <source>More calls could not be loaded: %1</source>
        <translation>No se pudieron cargar más llamadas: %1</translation>
    </message>
</context>
<context>
    <name>sb::DialerController</name>
    <message>
        <source>Add your Telnyx numbers in Settings, or type the number to call from.</source>
        <translation>Añada sus números de Telnyx en Ajustes o escriba el número desde el que llamar.</translation>
    </message>
    <message>
        <source>Choose the number to call from.</source>
        <translation>Elija el número desde el que llamar.</translation>
    </message>
    <message>
        <source>Caller ID: %1</source>
        <translation>Identificador de llamada: %1</translation>
    </message>
    <message>
        <source>Start with + and the country code, for example +1 for the US or +49 for Germany.</source>
        <translation>Empiece con + y el prefijo del país, por ejemplo +34 para España o +1 para EE. UU.</translation>
    </message>
    <message>
        <source>A phone number starts with + and has only digits.</source>
        <translation>Un número de teléfono empieza por + y solo tiene dígitos.</translation>
    </message>
    <message>
        <source>Only one + is allowed, at the start.</source>
        <translation>Solo se permite un +, al principio.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not allowed: use only digits after the +.</source>
        <translation>«%1» no está permitido: use solo dígitos después del +.</translation>
    </message>
    <message>
        <source>Now type the country code and the number.</source>
        <translation>Ahora escriba el prefijo del país y el número.</translation>
    </message>
    <message>
        <source>A country code never starts with 0: drop the 0 after the +.</source>
        <translation>Un prefijo de país nunca empieza por 0: quite el 0 después del +.</translation>
    </message>
    <message>
        <source>Too short: keep typing the number.</source>
        <translation>Demasiado corto: siga escribiendo el número.</translation>
    </message>
    <message numerus="yes">
        <source>Too long: an international number has at most 15 digits (this one has %n).</source>
        <translation>
            <numerusform>Demasiado largo: un número internacional tiene como máximo 15 dígitos (este tiene %n).</numerusform>
            <numerusform>Demasiado largo: un número internacional tiene como máximo 15 dígitos (este tiene %n).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sb::IncomingCallsModel</name>
    <message>
        <source>Someone else answered the call from %1.</source>
        <translation>Otra persona contestó la llamada de %1.</translation>
    </message>
    <message>
        <source>The call from %1 stopped ringing before you answered.</source>
        <translation>La llamada de %1 dejó de sonar antes de que contestara.</translation>
    </message>
    <message>
        <source>The call could not be answered: %1</source>
        <translation>No se pudo contestar la llamada: %1</translation>
    </message>
    <message>
        <source>The call could not be declined: %1</source>
        <translation>No se pudo rechazar la llamada: %1</translation>
    </message>
</context>
<context>
    <name>sb::LanguageManager</name>
    <message>
        <source>System language (%1)</source>
        <translation>Idioma del sistema (%1)</translation>
    </message>
</context>
<context>
    <name>sb::ListenPlayer</name>
    <message>
        <source>Not listening</source>
        <translation>Sin escuchar</translation>
    </message>
    <message>
        <source>Listening, waiting for audio…</source>
        <translation>Escuchando, esperando audio…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>%1 The call&apos;s audio is received but cannot be played here.</source>
        <translation>%1 El audio de la llamada se recibe, pero no se puede reproducir aquí.</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>Escuchando</translation>
    </message>
    <message>
        <source>The call&apos;s audio stream stopped.</source>
        <translation>El stream de audio de la llamada se detuvo.</translation>
    </message>
    <message>
        <source>Audio lost, reconnecting…</source>
        <translation>Audio perdido, reconectando…</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>La llamada terminó.</translation>
    </message>
    <message>
        <source>Listening stopped: %1</source>
        <translation>Escucha detenida: %1</translation>
    </message>
</context>
<context>
    <name>sb::PcmOutput</name>
    <message>
        <source>No audio output device is available.</source>
        <translation>No hay ningún dispositivo de salida de audio disponible.</translation>
    </message>
    <message>
        <source>The audio device %1 offers no usable format.</source>
        <translation>El dispositivo de audio %1 no ofrece ningún formato utilizable.</translation>
    </message>
    <message>
        <source>The audio device %1 stopped working.</source>
        <translation>El dispositivo de audio %1 dejó de funcionar.</translation>
    </message>
    <message>
        <source>The audio device %1 could not be opened.</source>
        <translation>No se pudo abrir el dispositivo de audio %1.</translation>
    </message>
</context>
<context>
    <name>sb::PresenceModel</name>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Ausente</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>En una llamada</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Desconectado</translation>
    </message>
</context>
<context>
    <name>sb::RingNotification</name>
    <message>
        <source>Incoming call</source>
        <translation>Llamada entrante</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Contestar</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Rechazar</translation>
    </message>
</context>
<context>
    <name>sb::Session</name>
    <message>
        <source>Enter the server&apos;s address, e.g. https://switchboard.example.com.</source>
        <translation>Introduzca la dirección del servidor, p. ej. https://switchboard.example.com.</translation>
    </message>
    <message>
        <source>Enter your token.</source>
        <translation>Introduzca su token.</translation>
    </message>
    <message>
        <source>Signed in. Your token is not remembered on this computer: sign in again next time.</source>
        <translation>Sesión iniciada. Su token no se guarda en este equipo: inicie sesión de nuevo la próxima vez.</translation>
    </message>
    <message>
        <source>Signed in, but your token could not be remembered (%1): sign in again next time.</source>
        <translation>Sesión iniciada, pero no se pudo guardar su token (%1): inicie sesión de nuevo la próxima vez.</translation>
    </message>
    <message>
        <source>The server refused this token. Check it, or ask an administrator for a new one.</source>
        <translation>El servidor rechazó este token. Compruébelo o pida uno nuevo a un administrador.</translation>
    </message>
    <message>
        <source>The server&apos;s TLS certificate was not accepted: %1</source>
        <translation>No se aceptó el certificado TLS del servidor: %1</translation>
    </message>
    <message>
        <source>The server could not be reached: %1</source>
        <translation>No se pudo conectar con el servidor: %1</translation>
    </message>
    <message>
        <source>The server answered %1: %2</source>
        <translation>El servidor respondió %1: %2</translation>
    </message>
</context>
<context>
    <name>sb::TrayIcon</name>
    <message>
        <source>Show Switchboard</source>
        <translation>Mostrar Switchboard</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Colgar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Call with %1 ended</source>
        <translation>Llamada con %1 finalizada</translation>
    </message>
    <message>
        <source>Call failed</source>
        <translation>Llamada fallida</translation>
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
        <translation>No puede susurrar mientras está en una llamada propia.</translation>
    </message>
    <message>
        <source>The whisper was cut off.</source>
        <translation>El susurro se cortó.</translation>
    </message>
    <message>
        <source>The whisper ended: %1</source>
        <translation>El susurro terminó: %1</translation>
    </message>
</context>
</TS>
