<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AuditTableModel</name>
    <message>
        <source>Time</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Objeto</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>This username is already taken. Choose another one.</source>
        <translation>Este nombre de usuario ya está en uso. Elija otro.</translation>
    </message>
    <message>
        <source>The last enabled administrator cannot be deleted. Make another user an administrator first.</source>
        <translation>No se puede eliminar al último administrador activo. Convierta antes a otro usuario en administrador.</translation>
    </message>
    <message>
        <source>The last enabled administrator cannot be demoted or disabled. Make another user an administrator first.</source>
        <translation>No se puede degradar ni desactivar al último administrador activo. Convierta antes a otro usuario en administrador.</translation>
    </message>
    <message>
        <source>Invalid username or password.</source>
        <translation>Nombre de usuario o contraseña incorrectos.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in 1 minute.</source>
        <translation>Demasiados inicios de sesión fallidos. Inténtelo de nuevo en 1 minuto.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in %1 minutes.</source>
        <translation>Demasiados inicios de sesión fallidos. Inténtelo de nuevo en %1 minutos.</translation>
    </message>
    <message>
        <source>The user no longer exists. Someone may have deleted it.</source>
        <translation>El usuario ya no existe. Puede que alguien lo haya eliminado.</translation>
    </message>
    <message>
        <source>Some values are not valid. Correct the marked fields and try again.</source>
        <translation>Algunos valores no son válidos. Corrija los campos marcados e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The request was not valid.</source>
        <translation>La solicitud no era válida.</translation>
    </message>
    <message>
        <source>The task no longer exists. Someone may have deleted it.</source>
        <translation>La tarea ya no existe. Puede que alguien la haya eliminado.</translation>
    </message>
    <message>
        <source>This change is not allowed in the task&apos;s current state. Someone may have changed it in the meantime.</source>
        <translation>Este cambio no está permitido en el estado actual de la tarea. Puede que alguien la haya modificado mientras tanto.</translation>
    </message>
    <message>
        <source>Someone else changed this task in the meantime. Reopen it and try again.</source>
        <translation>Otra persona ha modificado esta tarea mientras tanto. Vuelva a abrirla e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>You are not signed in, or your account was disabled.</source>
        <translation>No ha iniciado sesión o su cuenta se ha desactivado.</translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation>Su rol no permite esta acción.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes and try again.</source>
        <translation>Demasiados intentos. Espere unos minutos e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The database is unavailable. Check the connection and try again.</source>
        <translation>La base de datos no está disponible. Compruebe la conexión e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The database took too long to answer. Try again, or narrow the filter.</source>
        <translation>La base de datos ha tardado demasiado en responder. Inténtelo de nuevo o restrinja el filtro.</translation>
    </message>
    <message>
        <source>An internal error occurred. Details are in the log.</source>
        <translation>Se ha producido un error interno. Los detalles están en el registro.</translation>
    </message>
    <message>
        <source>The title is too long: at most %L1 characters.</source>
        <translation>El título es demasiado largo: como máximo %L1 caracteres.</translation>
    </message>
    <message>
        <source>Enter a title.</source>
        <translation>Introduzca un título.</translation>
    </message>
    <message>
        <source>The description is too long: at most %L1 characters.</source>
        <translation>La descripción es demasiado larga: como máximo %L1 caracteres.</translation>
    </message>
    <message>
        <source>The category is too long: at most %L1 characters.</source>
        <translation>La categoría es demasiado larga: como máximo %L1 caracteres.</translation>
    </message>
    <message>
        <source>Choose a priority from Low to Critical.</source>
        <translation>Elija una prioridad entre Baja y Crítica.</translation>
    </message>
    <message>
        <source>Here “%1” separates thousands. Use “%2” for decimals, for example %3.</source>
        <translation>Aquí «%1» separa los miles. Use «%2» para los decimales, por ejemplo %3.</translation>
    </message>
    <message>
        <source>Enter an amount in USD from 0 to 1,000,000 with at most 4 decimals.</source>
        <translation>Introduzca un importe en USD entre 0 y 1.000.000 con 4 decimales como máximo.</translation>
    </message>
    <message>
        <source>A new task starts as Pending or In progress.</source>
        <translation>Una tarea nueva empieza como «Pendiente» o «En curso».</translation>
    </message>
    <message>
        <source>Use 3 to 64 characters: letters A-Z and a-z, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Use de 3 a 64 caracteres: letras A-Z y a-z, dígitos, &apos;.&apos;, &apos;_&apos; o &apos;-&apos;.</translation>
    </message>
    <message>
        <source>The password needs at least 12 characters.</source>
        <translation>La contraseña necesita al menos 12 caracteres.</translation>
    </message>
    <message>
        <source>Enter an email address with an &apos;@&apos;, or leave it empty.</source>
        <translation>Introduzca una dirección de correo electrónico con &apos;@&apos; o deje el campo vacío.</translation>
    </message>
    <message>
        <source>The end of the time range must be later than its start.</source>
        <translation>El final del intervalo debe ser posterior a su inicio.</translation>
    </message>
    <message>
        <source>The connection to the database broke while saving: the change may or may not have been saved. Reload before trying again.</source>
        <translation>La conexión con la base de datos se cortó al guardar: puede que el cambio se haya guardado o no. Recargue antes de volver a intentarlo.</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Task table › Next / previous page of rows</source>
        <translation>Tabla de tareas › Página siguiente / anterior</translation>
    </message>
    <message>
        <source>Page Down / Page Up</source>
        <translation>Av Pág / Re Pág</translation>
    </message>
    <message>
        <source>Task table › First / last task</source>
        <translation>Tabla de tareas › Primera / última tarea</translation>
    </message>
    <message>
        <source>Ctrl+Home / Ctrl+End</source>
        <translation>Ctrl+Inicio / Ctrl+Fin</translation>
    </message>
    <message>
        <source>Task table › Context menu of the selected task</source>
        <translation>Tabla de tareas › Menú contextual de la tarea seleccionada</translation>
    </message>
    <message>
        <source>Menu key or Shift+F10</source>
        <translation>Tecla Menú o Mayús+F10</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Atajo</translation>
    </message>
</context>
<context>
    <name>RememberedSession</name>
    <message>
        <source>the keychain did not answer in time</source>
        <translation>el llavero no respondió a tiempo</translation>
    </message>
</context>
<context>
    <name>taskdeck::AdminPasswordDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Administrator Account Created</source>
        <translation>Cuenta de administrador creada</translation>
    </message>
    <message>
        <source>Taskdeck created the administrator account &lt;b&gt;%1&lt;/b&gt; with this password:</source>
        <translation>Taskdeck ha creado la cuenta de administrador &lt;b&gt;%1&lt;/b&gt; con esta contraseña:</translation>
    </message>
    <message>
        <source>It is shown only this once. Store it in a safe place, such as a password manager, before you close this window.</source>
        <translation>Solo se muestra esta vez. Guárdela en un lugar seguro, como un gestor de contraseñas, antes de cerrar esta ventana.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiada</translation>
    </message>
</context>
<context>
    <name>taskdeck::ApiKeyDialog</name>
    <message>
        <source>New API Key</source>
        <translation>Nueva clave de API</translation>
    </message>
    <message>
        <source>what the key is for, e.g. nightly import</source>
        <translation>para qué sirve la clave, p. ej. importación nocturna</translation>
    </message>
    <message>
        <source>&amp;Read-only (the key can never change anything)</source>
        <translation>Solo &amp;lectura (la clave nunca puede cambiar nada)</translation>
    </message>
    <message>
        <source>E&amp;xpires:</source>
        <translation>Ca&amp;duca:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;ol:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiada</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>C&amp;rear</translation>
    </message>
    <message>
        <source>API Key %1</source>
        <translation>Clave de API %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy this key now. You will not see it again.&lt;/b&gt;&lt;br&gt;Send it as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; or &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. The list shows only its first characters (%1…).</source>
        <translation>&lt;b&gt;Copie esta clave ahora. No volverá a mostrarse.&lt;/b&gt;&lt;br&gt;Envíela como &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; o &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. La lista solo muestra sus primeros caracteres (%1…).</translation>
    </message>
    <message>
        <source>Give the key a name.</source>
        <translation>Asigne un nombre a la clave.</translation>
    </message>
</context>
<context>
    <name>taskdeck::ApiKeysPage</name>
    <message>
        <source>&amp;New Key…</source>
        <translation>&amp;Nueva clave…</translation>
    </message>
    <message>
        <source>Re&amp;voke Key…</source>
        <translation>Re&amp;vocar clave…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualizar</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefijo</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Solo lectura</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Último uso</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Caduca</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Scripts send a key as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; or &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. A key acts with its role (never above its owner&apos;s) and stops working when revoked, expired or its owner is disabled.</source>
        <translation>Los scripts envían una clave como &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; o &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. Una clave actúa con su rol (nunca por encima del de su propietario) y deja de funcionar cuando se revoca, caduca o su propietario se desactiva.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>1 key</source>
        <translation>1 clave</translation>
    </message>
    <message>
        <source>%L1 keys</source>
        <translation>%L1 claves</translation>
    </message>
    <message>
        <source>API Keys</source>
        <translation>Claves de API</translation>
    </message>
    <message>
        <source>Created API key %1.</source>
        <translation>Clave de API %1 creada.</translation>
    </message>
    <message>
        <source>Revoke API Key</source>
        <translation>Revocar clave de API</translation>
    </message>
    <message>
        <source>Revoke the API key %1 (%2…)? Scripts using it are refused at once. This cannot be undone.</source>
        <translation>¿Revocar la clave de API %1 (%2…)? Los scripts que la usan se rechazan de inmediato. Esta acción no se puede deshacer.</translation>
    </message>
    <message>
        <source>Revoked API key %1.</source>
        <translation>Clave de API %1 revocada.</translation>
    </message>
</context>
<context>
    <name>taskdeck::AuditLogPage</name>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Desde</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>&amp;Hasta</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Anterior</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Siguiente</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualizar</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Todas las acciones</translation>
    </message>
    <message>
        <source>Target id</source>
        <translation>ID del objeto</translation>
    </message>
    <message>
        <source>Select an entry to see the object before and after.</source>
        <translation>Seleccione una entrada para ver el objeto antes y después.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>1 entrada</translation>
    </message>
    <message>
        <source>%L1 entries</source>
        <translation>%L1 entradas</translation>
    </message>
    <message>
        <source>%1 (showing %L2–%L3)</source>
        <translation>%1 (se muestran %L2–%L3)</translation>
    </message>
    <message>
        <source>No entries</source>
        <translation>No hay entradas</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>%1 by %2, target %3</source>
        <translation>%1 por %2, objeto %3</translation>
    </message>
    <message>
        <source>Before:</source>
        <translation>Antes:</translation>
    </message>
    <message>
        <source>After:</source>
        <translation>Después:</translation>
    </message>
</context>
<context>
    <name>taskdeck::CategoryBarChart</name>
    <message>
        <source>Cost by category</source>
        <translation>Coste por categoría</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>Cost by category (USD)</source>
        <translation>Coste por categoría (USD)</translation>
    </message>
    <message>
        <source>Tasks by category</source>
        <translation>Tareas por categoría</translation>
    </message>
    <message>
        <source>Click a category to list its tasks</source>
        <translation>Haga clic en una categoría para ver sus tareas</translation>
    </message>
</context>
<context>
    <name>taskdeck::CommandPalette</name>
    <message>
        <source>Command Palette</source>
        <translation>Paleta de comandos</translation>
    </message>
    <message>
        <source>Type a command or a saved view…</source>
        <translation>Escriba un comando o una vista guardada…</translation>
    </message>
</context>
<context>
    <name>taskdeck::CsvExport</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <source>Exporting tasks…</source>
        <translation>Exportando tareas…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>Exporting tasks… %1 written</source>
        <translation>Exportando tareas… %1 escritos</translation>
    </message>
    <message>
        <source>Exported 1 task to %1.</source>
        <translation>1 tarea exportada a %1.</translation>
    </message>
    <message>
        <source>Exported %L1 tasks to %2.</source>
        <translation>%L1 tareas exportadas a %2.</translation>
    </message>
    <message>
        <source>The export was cancelled; %1 was not written.</source>
        <translation>Se canceló la exportación; no se escribió %1.</translation>
    </message>
    <message>
        <source>Times in the file are UTC (ISO 8601, as in the API), as the window shows them.</source>
        <translation>Las horas del archivo están en UTC (ISO 8601, como en la API), tal como las muestra la ventana.</translation>
    </message>
    <message>
        <source>Times in the file are UTC (ISO 8601, as in the API); the window shows them in %1.</source>
        <translation>Las horas del archivo están en UTC (ISO 8601, como en la API); la ventana las muestra en %1.</translation>
    </message>
</context>
<context>
    <name>taskdeck::DashboardPage</name>
    <message>
        <source>Completed</source>
        <translation>Completadas</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallidas</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Tasa de éxito</translation>
    </message>
    <message>
        <source>Avg. execution time</source>
        <translation>Tiempo medio de ejecución</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Últimas 24 horas</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Últimos 90 días</translation>
    </message>
    <message>
        <source>&amp;Time range:</source>
        <translation>&amp;Intervalo:</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creadas</translation>
    </message>
    <message>
        <source>Pending now</source>
        <translation>Pendientes ahora</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coste</translation>
    </message>
    <message>
        <source>Tasks pending now, whenever they were created</source>
        <translation>Tareas pendientes ahora, sin importar cuándo se crearon</translation>
    </message>
    <message>
        <source>Tasks created: %1</source>
        <translation>Tareas creadas: %1</translation>
    </message>
    <message>
        <source>Tasks completed: %1</source>
        <translation>Tareas completadas: %1</translation>
    </message>
    <message>
        <source>Tasks failed: %1</source>
        <translation>Tareas fallidas: %1</translation>
    </message>
    <message>
        <source>Completed ÷ (completed + failed), finished: %1</source>
        <translation>Completadas ÷ (completadas + fallidas), finalizadas: %1</translation>
    </message>
    <message>
        <source>Mean execution time of the tasks completed (%1): %2 s</source>
        <translation>Tiempo medio de ejecución de las tareas completadas (%1): %2 s</translation>
    </message>
    <message>
        <source>Cost of the tasks finished (%1): exactly %2 USD</source>
        <translation>Coste de las tareas finalizadas (%1): exactamente %2 USD</translation>
    </message>
</context>
<context>
    <name>taskdeck::MainWindow</name>
    <message>
        <source>Taskdeck</source>
        <translation>Taskdeck</translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation>&amp;Tareas</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Panel</translation>
    </message>
    <message>
        <source>Aud&amp;it</source>
        <translation>Au&amp;ditoría</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Usuarios</translation>
    </message>
    <message>
        <source>API &amp;Keys</source>
        <translation>&amp;Claves de API</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Cerrar sesión</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>T&amp;asks</source>
        <translation>Ta&amp;reas</translation>
    </message>
    <message>
        <source>Change &amp;Status</source>
        <translation>Cambiar e&amp;stado</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Taskdeck</source>
        <translation>&amp;Acerca de Taskdeck</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Buscar…</translation>
    </message>
    <message>
        <source>&amp;Next Page of Rows</source>
        <translation>Página si&amp;guiente</translation>
    </message>
    <message>
        <source>&amp;Previous Page of Rows</source>
        <translation>Página &amp;anterior</translation>
    </message>
    <message>
        <source>&amp;Command Palette…</source>
        <translation>&amp;Paleta de comandos…</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>Atajos de &amp;teclado</translation>
    </message>
    <message>
        <source>API: off</source>
        <translation>API: desactivada</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Sesión iniciada como %1 (%2)</translation>
    </message>
    <message>
        <source>local user</source>
        <translation>usuario local</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>conectando…</translation>
    </message>
    <message>
        <source>Live updates off</source>
        <translation>Actualizaciones en directo desactivadas</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>no conectado</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En directo</translation>
    </message>
    <message>
        <source>Changes made by anyone appear at once.</source>
        <translation>Los cambios de cualquier persona aparecen al instante.</translation>
    </message>
    <message>
        <source>Connecting live updates…</source>
        <translation>Conectando las actualizaciones en directo…</translation>
    </message>
    <message>
        <source>Live updates lost — reconnecting…</source>
        <translation>Actualizaciones en directo perdidas — reconectando…</translation>
    </message>
    <message>
        <source>Live updates lost — reconnecting… (%1)</source>
        <translation>Actualizaciones en directo perdidas — reconectando… (%1)</translation>
    </message>
    <message>
        <source>Changes made elsewhere do not arrive until the connection is back; then the window reloads what it shows.</source>
        <translation>Los cambios hechos en otro lugar no llegan hasta que vuelva la conexión; entonces la ventana recarga lo que muestra.</translation>
    </message>
    <message>
        <source>About Taskdeck</source>
        <translation>Acerca de Taskdeck</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Taskdeck %1&lt;/h3&gt;&lt;p&gt;A desktop dashboard for tasks, with an HTTP API for remote clients.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Taskdeck %1&lt;/h3&gt;&lt;p&gt;Un panel de escritorio para tareas, con una API HTTP para clientes remotos.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Lector</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>Co&amp;nfiguración</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
</context>
<context>
    <name>taskdeck::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Como el sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>Local time zone (%1, now %2)</source>
        <translation>Zona horaria local (%1, ahora %2)</translation>
    </message>
    <message>
        <source>UTC</source>
        <translation>UTC</translation>
    </message>
    <message>
        <source>How the window shows times: the task table, the details, the charts and tooltips. The API and CSV files always use UTC.</source>
        <translation>Cómo muestra la ventana las horas: la tabla de tareas, los detalles, los gráficos y las descripciones emergentes. La API y los archivos CSV siempre usan UTC.</translation>
    </message>
    <message>
        <source>The page open when the window was closed</source>
        <translation>La página abierta al cerrar la ventana</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>Sistema (%1)</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Tema:</translation>
    </message>
    <message>
        <source>Show &amp;times in:</source>
        <translation>Mostrar las &amp;horas en:</translation>
    </message>
    <message>
        <source>&amp;Start page:</source>
        <translation>Página de i&amp;nicio:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Restart Taskdeck to use this language.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Reinicie Taskdeck para usar este idioma.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>A new language takes effect the next time Taskdeck starts.</source>
        <translation>Un idioma nuevo se aplica la próxima vez que se inicie Taskdeck.</translation>
    </message>
</context>
<context>
    <name>taskdeck::SavedViewsMenu</name>
    <message>
        <source>&amp;Views</source>
        <translation>&amp;Vistas</translation>
    </message>
    <message>
        <source>Saved views: filter, sort and columns under a name</source>
        <translation>Vistas guardadas: filtro, orden y columnas con un nombre</translation>
    </message>
    <message>
        <source>&amp;Save Current View…</source>
        <translation>&amp;Guardar la vista actual…</translation>
    </message>
    <message>
        <source>&amp;Delete View…</source>
        <translation>&amp;Eliminar vista…</translation>
    </message>
    <message>
        <source>View “%1” applied</source>
        <translation>Vista «%1» aplicada</translation>
    </message>
    <message>
        <source>Views…</source>
        <translation>Vistas…</translation>
    </message>
    <message>
        <source>%1 (shared by %2)</source>
        <translation>%1 (compartida por %2)</translation>
    </message>
    <message>
        <source>%1 (shared)</source>
        <translation>%1 (compartida)</translation>
    </message>
    <message>
        <source>%1 — default</source>
        <translation>%1 — predeterminada</translation>
    </message>
    <message>
        <source>View “%1” saved</source>
        <translation>Vista «%1» guardada</translation>
    </message>
    <message>
        <source>Save Current View</source>
        <translation>Guardar la vista actual</translation>
    </message>
    <message>
        <source>&amp;Share with everyone</source>
        <translation>&amp;Compartir con todos</translation>
    </message>
    <message>
        <source>Use as my &amp;default view</source>
        <translation>Usar como mi vista &amp;predeterminada</translation>
    </message>
    <message>
        <source>Saves the filter, the sort order and the visible columns. A view of yours with the same name is replaced.</source>
        <translation>Guarda el filtro, el orden y las columnas visibles. Se sustituye una vista suya con el mismo nombre.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>View deleted</source>
        <translation>Vista eliminada</translation>
    </message>
    <message>
        <source>Delete View</source>
        <translation>Eliminar vista</translation>
    </message>
    <message>
        <source>Delete the saved view:</source>
        <translation>Eliminar la vista guardada:</translation>
    </message>
</context>
<context>
    <name>taskdeck::SignInDialog</name>
    <message>
        <source>&amp;Remember me</source>
        <translation>&amp;Recordarme</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Iniciar sesión</translation>
    </message>
    <message>
        <source>Sign in to Taskdeck</source>
        <translation>Iniciar sesión en Taskdeck</translation>
    </message>
    <message>
        <source>Sign in with your Taskdeck account.</source>
        <translation>Inicie sesión con su cuenta de Taskdeck.</translation>
    </message>
    <message>
        <source>Stay signed in on this computer until you sign out.</source>
        <translation>Mantener la sesión iniciada en este equipo hasta que la cierre.</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>Nombre de &amp;usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>No system keychain is available, so a remembered sign-in is kept in a file that only you can read (%1).</source>
        <translation>No hay ningún llavero del sistema disponible, así que un inicio de sesión recordado se guarda en un archivo que solo usted puede leer (%1).</translation>
    </message>
</context>
<context>
    <name>taskdeck::StatusDonutChart</name>
    <message>
        <source>Tasks by status</source>
        <translation>Tareas por estado</translation>
    </message>
    <message>
        <source>%1: %2 (%3 %)</source>
        <translation>%1: %2 (%3 %)</translation>
    </message>
    <message>
        <source>Click a status to list its tasks</source>
        <translation>Haga clic en un estado para ver sus tareas</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskDetailPanel</name>
    <message>
        <source>Select a task to see its details and history.</source>
        <translation>Seleccione una tarea para ver sus detalles y su historial.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Reintentar</translation>
    </message>
    <message>
        <source>Put the task back to pending so that it runs again</source>
        <translation>Volver a poner la tarea como pendiente para que se ejecute de nuevo</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Prioridad:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Categoría:</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>Coste:</translation>
    </message>
    <message>
        <source>Created by:</source>
        <translation>Creada por:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Creada:</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>Modificada:</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>Iniciada:</translation>
    </message>
    <message>
        <source>Completed:</source>
        <translation>Completada:</translation>
    </message>
    <message>
        <source>Execution time:</source>
        <translation>Tiempo de ejecución:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Versión:</translation>
    </message>
    <message>
        <source>ID:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Error message:</source>
        <translation>Mensaje de error:</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Resultado:</translation>
    </message>
    <message>
        <source>(no description)</source>
        <translation>(sin descripción)</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Descripción:</translation>
    </message>
    <message>
        <source>History (loading…)</source>
        <translation>Historial (cargando…)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coste</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Mensaje de error</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Iniciada</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completada</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>History could not be read: %1</source>
        <translation>No se pudo leer el historial: %1</translation>
    </message>
    <message>
        <source>History (the latest %1 of %2 changes)</source>
        <translation>Historial (los últimos %1 de %2 cambios)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>created the task</source>
        <translation>creó la tarea</translation>
    </message>
    <message>
        <source>deleted the task</source>
        <translation>eliminó la tarea</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>cambió</translation>
    </message>
    <message>
        <source>no visible change</source>
        <translation>ningún cambio visible</translation>
    </message>
    <message>
        <source>This task was deleted. Its last version and history stay shown here.</source>
        <translation>Esta tarea se ha eliminado. Su última versión y su historial siguen mostrándose aquí.</translation>
    </message>
    <message>
        <source>“%1” is pending again.</source>
        <translation>«%1» vuelve a estar pendiente.</translation>
    </message>
    <message>
        <source>Not retried: someone else changed this task first.</source>
        <translation>No se reintentó: otra persona modificó antes esta tarea.</translation>
    </message>
    <message>
        <source>Retry again if it is still needed.</source>
        <translation>Vuelva a intentarlo si aún es necesario.</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskDialog</name>
    <message>
        <source>New Task</source>
        <translation>Nueva tarea</translation>
    </message>
    <message>
        <source>Edit Task</source>
        <translation>Editar tarea</translation>
    </message>
    <message>
        <source>What needs to be done?</source>
        <translation>¿Qué hay que hacer?</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Título:</translation>
    </message>
    <message>
        <source>Optional details</source>
        <translation>Detalles opcionales</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Descripción:</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Categoría:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Prioridad:</translation>
    </message>
    <message>
        <source>Cost in USD, at most 4 decimals</source>
        <translation>Coste en USD, como máximo 4 decimales</translation>
    </message>
    <message>
        <source>= %1 USD</source>
        <translation>= %1 USD</translation>
    </message>
    <message>
        <source>C&amp;ost (USD):</source>
        <translation>C&amp;oste (USD):</translation>
    </message>
    <message>
        <source>Error message:</source>
        <translation>Mensaje de error:</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Theirs (saved now)</source>
        <translation>Versión guardada ahora</translation>
    </message>
    <message>
        <source>Yours (in the form)</source>
        <translation>Su versión (en el formulario)</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Recargar</translation>
    </message>
    <message>
        <source>Show their version in the form; your changes are discarded</source>
        <translation>Mostrar la versión guardada en el formulario; sus cambios se descartan</translation>
    </message>
    <message>
        <source>&amp;Overwrite</source>
        <translation>&amp;Sobrescribir</translation>
    </message>
    <message>
        <source>Save your changes over theirs</source>
        <translation>Guardar sus cambios en lugar de los de la otra persona</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Keep editing; nothing is saved</source>
        <translation>Seguir editando; no se guarda nada</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Crear</translation>
    </message>
    <message>
        <source>not a valid amount</source>
        <translation>importe no válido</translation>
    </message>
    <message>
        <source>No field shown here changed.</source>
        <translation>No ha cambiado ninguno de los campos mostrados aquí.</translation>
    </message>
    <message>
        <source>Someone else changed this task while you were editing it:</source>
        <translation>Otra persona modificó esta tarea mientras usted la editaba:</translation>
    </message>
    <message>
        <source>Your changes are still in the form. What saving them would write, against what is saved now:</source>
        <translation>Sus cambios siguen en el formulario. Lo que escribiría guardarlos, frente a lo que está guardado ahora:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>They changed this field too: Overwrite replaces their value with yours.</source>
        <translation>La otra persona también cambió este campo: Sobrescribir reemplaza su valor por el de usted.</translation>
    </message>
    <message>
        <source>Only you changed this field.</source>
        <translation>Solo usted cambió este campo.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coste</translation>
    </message>
    <message>
        <source>Title: “%1” → “%2”</source>
        <translation>Título: «%1» → «%2»</translation>
    </message>
    <message>
        <source>Description changed</source>
        <translation>Descripción modificada</translation>
    </message>
    <message>
        <source>Category: %1 → %2</source>
        <translation>Categoría: %1 → %2</translation>
    </message>
    <message>
        <source>Priority: %1 → %2</source>
        <translation>Prioridad: %1 → %2</translation>
    </message>
    <message>
        <source>Cost: %1 → %2 USD</source>
        <translation>Coste: %1 → %2 USD</translation>
    </message>
    <message>
        <source>Status: %1 → %2</source>
        <translation>Estado: %1 → %2</translation>
    </message>
    <message>
        <source>Result or error message changed</source>
        <translation>Resultado o mensaje de error modificado</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskFilterBar</name>
    <message>
        <source>Show all statuses</source>
        <translation>Mostrar todos los estados</translation>
    </message>
    <message>
        <source>Show only tasks with the checked statuses</source>
        <translation>Mostrar solo las tareas con los estados marcados</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Todas las categorías</translation>
    </message>
    <message>
        <source>Show only tasks of this category</source>
        <translation>Mostrar solo las tareas de esta categoría</translation>
    </message>
    <message>
        <source>Search title and description…</source>
        <translation>Buscar en título y descripción…</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Categoría:</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(sin categoría)</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>Todas las prioridades</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Cualquier fecha</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Últimas 24 horas</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>Between dates</source>
        <translation>Entre fechas</translation>
    </message>
    <message>
        <source>Show only tasks created in this period</source>
        <translation>Mostrar solo las tareas creadas en este periodo</translation>
    </message>
    <message>
        <source>First day of creation (inclusive)</source>
        <translation>Primer día de creación (incluido)</translation>
    </message>
    <message>
        <source>Last day of creation (inclusive)</source>
        <translation>Último día de creación (incluido)</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>Creador</translation>
    </message>
    <message>
        <source>Show only tasks created by this user (exact user name)</source>
        <translation>Mostrar solo las tareas creadas por este usuario (nombre exacto)</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Prioridad:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Creada:</translation>
    </message>
    <message>
        <source>Show all priorities</source>
        <translation>Mostrar todas las prioridades</translation>
    </message>
    <message>
        <source>Show only tasks with the checked priorities</source>
        <translation>Mostrar solo las tareas con las prioridades marcadas</translation>
    </message>
    <message>
        <source>Shows only tasks that finished in this period (start included, end excluded)</source>
        <translation>Muestra solo las tareas finalizadas en este periodo (inicio incluido, fin excluido)</translation>
    </message>
    <message>
        <source>Clear the completion period</source>
        <translation>Quitar el periodo de finalización</translation>
    </message>
    <message>
        <source>Completed: %1</source>
        <translation>Completadas: %1</translation>
    </message>
    <message>
        <source>since %1</source>
        <extracomment>A period with a start only (a time and date)</extracomment>
        <translation>desde %1</translation>
    </message>
    <message>
        <source>before %1</source>
        <extracomment>A period with an (exclusive) end only (a time and date)</extracomment>
        <translation>antes de %1</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <extracomment>A period: start – end</extracomment>
        <translation>%1 – %2</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskTableModel</name>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>Coste (USD)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Iniciada</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completada</translation>
    </message>
    <message>
        <source>Execution time</source>
        <translation>Tiempo de ejecución</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallida</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Baja</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Crítica</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>taskdeck::TasksPage</name>
    <message>
        <source>&amp;New Task…</source>
        <translation>&amp;Nueva tarea…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>E&amp;liminar…</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>E&amp;xportar CSV…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualizar</translation>
    </message>
    <message>
        <source>De&amp;tails</source>
        <translation>De&amp;talles</translation>
    </message>
    <message>
        <source>Show the selected task&apos;s details and history beside the table</source>
        <translation>Mostrar los detalles y el historial de la tarea seleccionada junto a la tabla</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation>&amp;Completar</translation>
    </message>
    <message>
        <source>Mark &amp;Failed</source>
        <translation>Marcar como &amp;fallida</translation>
    </message>
    <message>
        <source>C&amp;ancel Task</source>
        <translation>C&amp;ancelar tarea</translation>
    </message>
    <message>
        <source>Back to &amp;Pending</source>
        <translation>Volver a &amp;pendiente</translation>
    </message>
    <message>
        <source>Change &amp;Status</source>
        <translation>Cambiar e&amp;stado</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Change the status of the selected task</source>
        <translation>Cambiar el estado de la tarea seleccionada</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>1 task</source>
        <translation>1 tarea</translation>
    </message>
    <message>
        <source>%L1 tasks</source>
        <translation>%L1 tareas</translation>
    </message>
    <message>
        <source>Select All Matching the Filter (%L1)</source>
        <translation>Seleccionar todas las del filtro (%L1)</translation>
    </message>
    <message>
        <source>Created “%1”.</source>
        <translation>«%1» creada.</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>«%1» guardada.</translation>
    </message>
    <message>
        <source>Mark Task Failed</source>
        <translation>Marcar la tarea como fallida</translation>
    </message>
    <message>
        <source>What went wrong with “%1”? (optional, saved as its error message)</source>
        <translation>¿Qué falló en «%1»? (opcional, se guarda como su mensaje de error)</translation>
    </message>
    <message>
        <source>Mark Failed</source>
        <translation>Marcar como fallida</translation>
    </message>
    <message>
        <source>“%1” is now %2.</source>
        <translation>Estado de «%1»: %2.</translation>
    </message>
    <message>
        <source>Delete Task</source>
        <translation>Eliminar tarea</translation>
    </message>
    <message>
        <source>Delete the task “%1”? This cannot be undone.</source>
        <translation>¿Eliminar la tarea «%1»? Esta acción no se puede deshacer.</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>«%1» eliminada.</translation>
    </message>
    <message>
        <source>Export Tasks as CSV</source>
        <translation>Exportar tareas como CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>Taskdeck</source>
        <translation>Taskdeck</translation>
    </message>
    <message>
        <source>&amp;Bulk</source>
        <translation>Acciones en &amp;lote</translation>
    </message>
    <message>
        <source>Select All Matching the Filter</source>
        <translation>Seleccionar todas las del filtro</translation>
    </message>
    <message>
        <source>&amp;Retry Selected</source>
        <translation>&amp;Reintentar las seleccionadas</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>&amp;Cancel Selected</source>
        <translation>&amp;Cancelar las seleccionadas</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Set &amp;Status</source>
        <translation>Establecer e&amp;stado</translation>
    </message>
    <message>
        <source>Set status to %1</source>
        <translation>Cambiar el estado a %1</translation>
    </message>
    <message>
        <source>Set C&amp;ategory…</source>
        <translation>Establecer ca&amp;tegoría…</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(sin categoría)</translation>
    </message>
    <message>
        <source>Set Category</source>
        <translation>Establecer categoría</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Categoría:</translation>
    </message>
    <message>
        <source>Set category</source>
        <translation>Establecer categoría</translation>
    </message>
    <message>
        <source>Set &amp;Priority…</source>
        <translation>Establecer &amp;prioridad…</translation>
    </message>
    <message>
        <source>Set Priority</source>
        <translation>Establecer prioridad</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Prioridad:</translation>
    </message>
    <message>
        <source>Set priority</source>
        <translation>Establecer prioridad</translation>
    </message>
    <message>
        <source>&amp;Delete Selected…</source>
        <translation>&amp;Eliminar las seleccionadas…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Bulk</source>
        <translation>Acciones en lote</translation>
    </message>
    <message>
        <source>Act on every selected task at once (Shift/Ctrl+click to select several)</source>
        <translation>Actuar sobre todas las tareas seleccionadas a la vez (Mayús/Ctrl+clic para seleccionar varias)</translation>
    </message>
    <message>
        <source>%L1 tasks matching the filter are selected.</source>
        <translation>Hay %L1 tareas del filtro seleccionadas.</translation>
    </message>
    <message>
        <source>Bulk Action</source>
        <translation>Acción en lote</translation>
    </message>
    <message>
        <source>The filter matches %L1 tasks; one bulk action takes at most %L2. Narrow the filter first.</source>
        <translation>El filtro coincide con %L1 tareas; una acción en lote admite como máximo %L2. Restrinja antes el filtro.</translation>
    </message>
    <message>
        <source>%1: %L2 tasks matching the filter. Continue?</source>
        <translation>%1: %L2 tareas del filtro. ¿Continuar?</translation>
    </message>
    <message>
        <source>%1: %L2 tasks. This cannot be undone. Continue?</source>
        <translation>%1: %L2 tareas. Esta acción no se puede deshacer. ¿Continuar?</translation>
    </message>
    <message>
        <source>Working on %L1 tasks…</source>
        <translation>Procesando %L1 tareas…</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Deteniendo tras el lote actual…</translation>
    </message>
    <message>
        <source>Nothing was changed: the filter now matches a different number of tasks than the %L1 shown. Review the list and try again.</source>
        <translation>No se ha cambiado nada: el filtro coincide ahora con un número de tareas distinto de las %L1 mostradas. Revise la lista e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>%1: %L2 of %L3 tasks processed.</source>
        <translation>%1: %L2 de %L3 tareas procesadas.</translation>
    </message>
    <message>
        <source>Done: %L1</source>
        <translation>Realizadas: %L1</translation>
    </message>
    <message>
        <source>Not found: %L1</source>
        <translation>No encontradas: %L1</translation>
    </message>
    <message>
        <source>Not allowed in their status: %L1</source>
        <translation>No permitidas en su estado: %L1</translation>
    </message>
    <message>
        <source>Changed meanwhile: %L1</source>
        <translation>Modificadas mientras tanto: %L1</translation>
    </message>
    <message>
        <source>Cancelled: the remaining tasks were not touched.</source>
        <translation>Cancelado: las tareas restantes no se modificaron.</translation>
    </message>
    <message>
        <source>Stopped by a database error; the remaining tasks were not touched.</source>
        <translation>Detenido por un error de la base de datos; las tareas restantes no se modificaron.</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Cambiar el estado</translation>
    </message>
</context>
<context>
    <name>taskdeck::TimeDisplay</name>
    <message>
        <source>UTC</source>
        <translation>UTC</translation>
    </message>
    <message>
        <source>local time (%1)</source>
        <translation>hora local (%1)</translation>
    </message>
</context>
<context>
    <name>taskdeck::TimelineChart</name>
    <message>
        <source>Tasks over time</source>
        <translation>Tareas a lo largo del tiempo</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creadas</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completadas</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallidas</translation>
    </message>
    <message>
        <source>%1: %2 · %3</source>
        <extracomment>Tooltip of a point of the &quot;Tasks over time&quot; chart: series name, count, bucket start</extracomment>
        <translation>%1: %2 · %3</translation>
    </message>
    <message>
        <source>Click a point to list its tasks</source>
        <translation>Haga clic en un punto para ver sus tareas</translation>
    </message>
</context>
<context>
    <name>taskdeck::UserDialog</name>
    <message>
        <source>New User</source>
        <translation>Nuevo usuario</translation>
    </message>
    <message>
        <source>Edit User %1</source>
        <translation>Editar el usuario %1</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>opcional</translation>
    </message>
    <message>
        <source>Account &amp;disabled (cannot sign in)</source>
        <translation>Cuenta &amp;desactivada (no puede iniciar sesión)</translation>
    </message>
    <message>
        <source>leave empty to keep the password</source>
        <translation>dejar vacío para conservar la contraseña</translation>
    </message>
    <message>
        <source>at least %L1 characters</source>
        <translation>al menos %L1 caracteres</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>Nombre de &amp;usuario:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>C&amp;orreo electrónico:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rol:</translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation>Nueva &amp;contraseña:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>Re&amp;peat password:</source>
        <translation>Re&amp;petir contraseña:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>C&amp;rear</translation>
    </message>
    <message>
        <source>Enter a username.</source>
        <translation>Introduzca un nombre de usuario.</translation>
    </message>
    <message>
        <source>The password needs at least %L1 characters.</source>
        <translation>La contraseña necesita al menos %L1 caracteres.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Las contraseñas no coinciden.</translation>
    </message>
</context>
<context>
    <name>taskdeck::UsersPage</name>
    <message>
        <source>&amp;New User…</source>
        <translation>&amp;Nuevo usuario…</translation>
    </message>
    <message>
        <source>&amp;Edit User…</source>
        <translation>&amp;Editar usuario…</translation>
    </message>
    <message>
        <source>&amp;Delete User…</source>
        <translation>E&amp;liminar usuario…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualizar</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Desactivado</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Lector</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>1 user</source>
        <translation>1 usuario</translation>
    </message>
    <message>
        <source>%L1 users</source>
        <translation>%L1 usuarios</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>Created user %1.</source>
        <translation>Usuario %1 creado.</translation>
    </message>
    <message>
        <source>Saved user %1.</source>
        <translation>Usuario %1 guardado.</translation>
    </message>
    <message>
        <source>Delete User</source>
        <translation>Eliminar usuario</translation>
    </message>
    <message>
        <source>Delete the user %1? Their sessions end at once. This cannot be undone.</source>
        <translation>¿Eliminar al usuario %1? Sus sesiones terminan de inmediato. Esta acción no se puede deshacer.</translation>
    </message>
    <message>
        <source>Deleted user %1.</source>
        <translation>Usuario %1 eliminado.</translation>
    </message>
</context>
</TS>
