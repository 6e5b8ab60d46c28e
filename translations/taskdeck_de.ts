<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AuditTableModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>Some values are not valid. Correct the marked fields and try again.</source>
        <translation>Einige Werte sind ungültig. Korrigieren Sie die markierten Felder und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The request was not valid.</source>
        <translation>Die Anfrage war ungültig.</translation>
    </message>
    <message>
        <source>The task no longer exists. Someone may have deleted it.</source>
        <translation>Die Aufgabe existiert nicht mehr. Möglicherweise wurde sie gelöscht.</translation>
    </message>
    <message>
        <source>This change is not allowed in the task&apos;s current state. Someone may have changed it in the meantime.</source>
        <translation>Diese Änderung ist im aktuellen Zustand der Aufgabe nicht erlaubt. Möglicherweise wurde sie zwischenzeitlich geändert.</translation>
    </message>
    <message>
        <source>Someone else changed this task in the meantime. Reopen it and try again.</source>
        <translation>Jemand anderes hat diese Aufgabe zwischenzeitlich geändert. Öffnen Sie sie erneut und versuchen Sie es noch einmal.</translation>
    </message>
    <message>
        <source>You are not signed in, or your account was disabled.</source>
        <translation>Sie sind nicht angemeldet, oder Ihr Konto wurde deaktiviert.</translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation>Ihre Rolle erlaubt diese Aktion nicht.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes and try again.</source>
        <translation>Zu viele Versuche. Warten Sie einige Minuten und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The database is unavailable. Check the connection and try again.</source>
        <translation>Die Datenbank ist nicht erreichbar. Prüfen Sie die Verbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The database took too long to answer. Try again, or narrow the filter.</source>
        <translation>Die Datenbank hat zu lange für die Antwort gebraucht. Versuchen Sie es erneut oder schränken Sie den Filter ein.</translation>
    </message>
    <message>
        <source>An internal error occurred. Details are in the log.</source>
        <translation>Ein interner Fehler ist aufgetreten. Einzelheiten stehen im Protokoll.</translation>
    </message>
    <message>
        <source>The title is too long: at most %L1 characters.</source>
        <translation>Der Titel ist zu lang: höchstens %L1 Zeichen.</translation>
    </message>
    <message>
        <source>Enter a title.</source>
        <translation>Geben Sie einen Titel ein.</translation>
    </message>
    <message>
        <source>The description is too long: at most %L1 characters.</source>
        <translation>Die Beschreibung ist zu lang: höchstens %L1 Zeichen.</translation>
    </message>
    <message>
        <source>The category is too long: at most %L1 characters.</source>
        <translation>Die Kategorie ist zu lang: höchstens %L1 Zeichen.</translation>
    </message>
    <message>
        <source>Choose a priority from Low to Critical.</source>
        <translation>Wählen Sie eine Priorität von Niedrig bis Kritisch.</translation>
    </message>
    <message>
        <source>Enter an amount in USD from 0 to 1,000,000 with at most 4 decimals.</source>
        <translation>Geben Sie einen Betrag in USD von 0 bis 1.000.000 mit höchstens 4 Nachkommastellen ein.</translation>
    </message>
    <message>
        <source>A new task starts as Pending or In progress.</source>
        <translation>Eine neue Aufgabe beginnt als „Ausstehend“ oder „In Bearbeitung“.</translation>
    </message>
    <message>
        <source>This username is already taken. Choose another one.</source>
        <translation>Dieser Benutzername ist bereits vergeben. Wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>The last enabled administrator cannot be deleted. Make another user an administrator first.</source>
        <translation>Der letzte aktive Administrator kann nicht gelöscht werden. Machen Sie zuerst einen anderen Benutzer zum Administrator.</translation>
    </message>
    <message>
        <source>The last enabled administrator cannot be demoted or disabled. Make another user an administrator first.</source>
        <translation>Der letzte aktive Administrator kann weder herabgestuft noch deaktiviert werden. Machen Sie zuerst einen anderen Benutzer zum Administrator.</translation>
    </message>
    <message>
        <source>The user no longer exists. Someone may have deleted it.</source>
        <translation>Der Benutzer existiert nicht mehr. Möglicherweise wurde er gelöscht.</translation>
    </message>
    <message>
        <source>Use 3 to 64 characters: letters A-Z and a-z, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Verwenden Sie 3 bis 64 Zeichen: Buchstaben A-Z und a-z, Ziffern, &apos;.&apos;, &apos;_&apos; oder &apos;-&apos;.</translation>
    </message>
    <message>
        <source>The password needs at least 12 characters.</source>
        <translation>Das Passwort braucht mindestens 12 Zeichen.</translation>
    </message>
    <message>
        <source>Enter an email address with an &apos;@&apos;, or leave it empty.</source>
        <translation>Geben Sie eine E-Mail-Adresse mit &apos;@&apos; ein oder lassen Sie das Feld leer.</translation>
    </message>
    <message>
        <source>The end of the time range must be later than its start.</source>
        <translation>Das Ende des Zeitraums muss nach seinem Anfang liegen.</translation>
    </message>
    <message>
        <source>Invalid username or password.</source>
        <translation>Ungültiger Benutzername oder ungültiges Passwort.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in 1 minute.</source>
        <translation>Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in 1 Minute erneut.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in %1 minutes.</source>
        <translation>Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in %1 Minuten erneut.</translation>
    </message>
    <message>
        <source>Here “%1” separates thousands. Use “%2” for decimals, for example %3.</source>
        <translation>Hier trennt „%1“ Tausender. Verwenden Sie „%2“ für Dezimalstellen, zum Beispiel %3.</translation>
    </message>
    <message>
        <source>The connection to the database broke while saving: the change may or may not have been saved. Reload before trying again.</source>
        <translation>Die Verbindung zur Datenbank brach beim Speichern ab: Die Änderung wurde möglicherweise gespeichert, möglicherweise nicht. Vor einem neuen Versuch bitte neu laden.</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Task table › Next / previous page of rows</source>
        <translation>Aufgabentabelle › Nächste / vorige Seite</translation>
    </message>
    <message>
        <source>Page Down / Page Up</source>
        <translation>Bild ab / Bild auf</translation>
    </message>
    <message>
        <source>Task table › First / last task</source>
        <translation>Aufgabentabelle › Erste / letzte Aufgabe</translation>
    </message>
    <message>
        <source>Ctrl+Home / Ctrl+End</source>
        <translation>Strg+Pos1 / Strg+Ende</translation>
    </message>
    <message>
        <source>Task table › Context menu of the selected task</source>
        <translation>Aufgabentabelle › Kontextmenü der ausgewählten Aufgabe</translation>
    </message>
    <message>
        <source>Menu key or Shift+F10</source>
        <translation>Menütaste oder Umschalt+F10</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>RememberedSession</name>
    <message>
        <source>the keychain did not answer in time</source>
        <translation>der Schlüsselbund hat nicht rechtzeitig geantwortet</translation>
    </message>
</context>
<context>
    <name>taskdeck::AdminPasswordDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Administrator Account Created</source>
        <translation>Administratorkonto angelegt</translation>
    </message>
    <message>
        <source>Taskdeck created the administrator account &lt;b&gt;%1&lt;/b&gt; with this password:</source>
        <translation>Taskdeck hat das Administratorkonto &lt;b&gt;%1&lt;/b&gt; mit diesem Passwort angelegt:</translation>
    </message>
    <message>
        <source>It is shown only this once. Store it in a safe place, such as a password manager, before you close this window.</source>
        <translation>Es wird nur dieses eine Mal angezeigt. Bewahren Sie es an einem sicheren Ort auf, etwa in einem Passwortmanager, bevor Sie dieses Fenster schließen.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>taskdeck::ApiKeyDialog</name>
    <message>
        <source>New API Key</source>
        <translation>Neuer API-Schlüssel</translation>
    </message>
    <message>
        <source>what the key is for, e.g. nightly import</source>
        <translation>wofür der Schlüssel dient, z. B. nächtlicher Import</translation>
    </message>
    <message>
        <source>&amp;Read-only (the key can never change anything)</source>
        <translation>Nur &amp;lesen (der Schlüssel kann nie etwas ändern)</translation>
    </message>
    <message>
        <source>E&amp;xpires:</source>
        <translation>G&amp;ültig bis:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;olle:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>API Key %1</source>
        <translation>API-Schlüssel %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy this key now. You will not see it again.&lt;/b&gt;&lt;br&gt;Send it as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; or &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. The list shows only its first characters (%1…).</source>
        <translation>&lt;b&gt;Kopieren Sie diesen Schlüssel jetzt. Er wird nicht noch einmal angezeigt.&lt;/b&gt;&lt;br&gt;Senden Sie ihn als &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; oder &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. Die Liste zeigt nur seine ersten Zeichen (%1…).</translation>
    </message>
    <message>
        <source>Give the key a name.</source>
        <translation>Geben Sie dem Schlüssel einen Namen.</translation>
    </message>
</context>
<context>
    <name>taskdeck::ApiKeysPage</name>
    <message>
        <source>&amp;New Key…</source>
        <translation>&amp;Neuer Schlüssel …</translation>
    </message>
    <message>
        <source>Re&amp;voke Key…</source>
        <translation>Schlüssel &amp;widerrufen …</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Präfix</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Nur lesen</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt verwendet</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Scripts send a key as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; or &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. A key acts with its role (never above its owner&apos;s) and stops working when revoked, expired or its owner is disabled.</source>
        <translation>Skripte senden einen Schlüssel als &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; oder &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. Ein Schlüssel handelt mit seiner Rolle (nie über der seines Besitzers) und wirkt nicht mehr, sobald er widerrufen wird, abläuft oder sein Besitzer deaktiviert wird.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>1 key</source>
        <translation>1 Schlüssel</translation>
    </message>
    <message>
        <source>%L1 keys</source>
        <translation>%L1 Schlüssel</translation>
    </message>
    <message>
        <source>API Keys</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Created API key %1.</source>
        <translation>API-Schlüssel %1 angelegt.</translation>
    </message>
    <message>
        <source>Revoke API Key</source>
        <translation>API-Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Revoke the API key %1 (%2…)? Scripts using it are refused at once. This cannot be undone.</source>
        <translation>Den API-Schlüssel %1 (%2…) widerrufen? Skripte, die ihn verwenden, werden sofort abgewiesen. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Revoked API key %1.</source>
        <translation>API-Schlüssel %1 widerrufen.</translation>
    </message>
</context>
<context>
    <name>taskdeck::AuditLogPage</name>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <source>Target id</source>
        <translation>Ziel-ID</translation>
    </message>
    <message>
        <source>Select an entry to see the object before and after.</source>
        <translation>Wählen Sie einen Eintrag, um das Objekt vorher und nachher zu sehen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>1 Eintrag</translation>
    </message>
    <message>
        <source>%L1 entries</source>
        <translation>%L1 Einträge</translation>
    </message>
    <message>
        <source>%1 (showing %L2–%L3)</source>
        <translation>%1 (angezeigt: %L2–%L3)</translation>
    </message>
    <message>
        <source>No entries</source>
        <translation>Keine Einträge</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>%1 by %2, target %3</source>
        <translation>%1 durch %2, Ziel %3</translation>
    </message>
    <message>
        <source>Before:</source>
        <translation>Vorher:</translation>
    </message>
    <message>
        <source>After:</source>
        <translation>Nachher:</translation>
    </message>
</context>
<context>
    <name>taskdeck::CategoryBarChart</name>
    <message>
        <source>Cost by category</source>
        <translation>Kosten nach Kategorie</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Cost by category (USD)</source>
        <translation>Kosten nach Kategorie (USD)</translation>
    </message>
    <message>
        <source>Tasks by category</source>
        <translation>Aufgaben nach Kategorie</translation>
    </message>
    <message>
        <source>Click a category to list its tasks</source>
        <translation>Klicken Sie auf eine Kategorie, um ihre Aufgaben aufzulisten</translation>
    </message>
</context>
<context>
    <name>taskdeck::CommandPalette</name>
    <message>
        <source>Command Palette</source>
        <translation>Befehlspalette</translation>
    </message>
    <message>
        <source>Type a command or a saved view…</source>
        <translation>Befehl oder gespeicherte Ansicht eingeben …</translation>
    </message>
</context>
<context>
    <name>taskdeck::CsvExport</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Exporting tasks…</source>
        <translation>Aufgaben werden exportiert …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV-Export</translation>
    </message>
    <message>
        <source>Exporting tasks… %1 written</source>
        <translation>Aufgaben werden exportiert … %1 geschrieben</translation>
    </message>
    <message>
        <source>The export was cancelled; %1 was not written.</source>
        <translation>Der Export wurde abgebrochen; %1 wurde nicht geschrieben.</translation>
    </message>
    <message>
        <source>Exported 1 task to %1.</source>
        <translation>1 Aufgabe nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Exported %L1 tasks to %2.</source>
        <translation>%L1 Aufgaben nach %2 exportiert.</translation>
    </message>
    <message>
        <source>Times in the file are UTC (ISO 8601, as in the API), as the window shows them.</source>
        <translation>Die Zeiten in der Datei sind in UTC (ISO 8601, wie in der API), so wie das Fenster sie anzeigt.</translation>
    </message>
    <message>
        <source>Times in the file are UTC (ISO 8601, as in the API); the window shows them in %1.</source>
        <translation>Die Zeiten in der Datei sind in UTC (ISO 8601, wie in der API); das Fenster zeigt sie in %1.</translation>
    </message>
</context>
<context>
    <name>taskdeck::DashboardPage</name>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <source>Avg. execution time</source>
        <translation>Mittlere Ausführungszeit</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>&amp;Time range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Pending now</source>
        <translation>Jetzt ausstehend</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Tasks pending now, whenever they were created</source>
        <translation>Jetzt ausstehende Aufgaben, unabhängig vom Anlagedatum</translation>
    </message>
    <message>
        <source>Tasks created: %1</source>
        <translation>Angelegte Aufgaben: %1</translation>
    </message>
    <message>
        <source>Tasks completed: %1</source>
        <translation>Abgeschlossene Aufgaben: %1</translation>
    </message>
    <message>
        <source>Tasks failed: %1</source>
        <translation>Fehlgeschlagene Aufgaben: %1</translation>
    </message>
    <message>
        <source>Completed ÷ (completed + failed), finished: %1</source>
        <translation>Abgeschlossen ÷ (abgeschlossen + fehlgeschlagen), beendet: %1</translation>
    </message>
    <message>
        <source>Mean execution time of the tasks completed (%1): %2 s</source>
        <translation>Mittlere Ausführungszeit der abgeschlossenen Aufgaben (%1): %2 s</translation>
    </message>
    <message>
        <source>Cost of the tasks finished (%1): exactly %2 USD</source>
        <translation>Kosten der beendeten Aufgaben (%1): genau %2 USD</translation>
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
        <translation>&amp;Aufgaben</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>T&amp;asks</source>
        <translation>A&amp;ufgaben</translation>
    </message>
    <message>
        <source>Change &amp;Status</source>
        <translation>&amp;Status ändern</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Taskdeck</source>
        <translation>Ü&amp;ber Taskdeck</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>API: off</source>
        <translation>API: aus</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Angemeldet als %1 (%2)</translation>
    </message>
    <message>
        <source>local user</source>
        <translation>lokaler Benutzer</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbinde …</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>About Taskdeck</source>
        <translation>Über Taskdeck</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Taskdeck %1&lt;/h3&gt;&lt;p&gt;A desktop dashboard for tasks, with an HTTP API for remote clients.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Taskdeck %1&lt;/h3&gt;&lt;p&gt;Ein Desktop-Dashboard für Aufgaben, mit einer HTTP-API für entfernte Clients.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Bearbeiter</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Aud&amp;it</source>
        <translation>Pr&amp;otokoll</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Benutzer</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Live updates off</source>
        <translation>Live-Aktualisierung aus</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Changes made by anyone appear at once.</source>
        <translation>Änderungen von allen erscheinen sofort.</translation>
    </message>
    <message>
        <source>Connecting live updates…</source>
        <translation>Live-Aktualisierung wird verbunden…</translation>
    </message>
    <message>
        <source>Live updates lost — reconnecting…</source>
        <translation>Live-Aktualisierung unterbrochen — verbinde neu…</translation>
    </message>
    <message>
        <source>Live updates lost — reconnecting… (%1)</source>
        <translation>Live-Aktualisierung unterbrochen — verbinde neu… (%1)</translation>
    </message>
    <message>
        <source>Changes made elsewhere do not arrive until the connection is back; then the window reloads what it shows.</source>
        <translation>Änderungen von anderswo kommen erst wieder an, wenn die Verbindung zurück ist; dann lädt das Fenster neu, was es zeigt.</translation>
    </message>
    <message>
        <source>API &amp;Keys</source>
        <translation>API-&amp;Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>Su&amp;chen …</translation>
    </message>
    <message>
        <source>&amp;Next Page of Rows</source>
        <translation>Nächs&amp;te Seite</translation>
    </message>
    <message>
        <source>&amp;Previous Page of Rows</source>
        <translation>&amp;Vorige Seite</translation>
    </message>
    <message>
        <source>&amp;Command Palette…</source>
        <translation>Befehls&amp;palette …</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
</context>
<context>
    <name>taskdeck::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Local time zone (%1, now %2)</source>
        <translation>Lokale Zeitzone (%1, derzeit %2)</translation>
    </message>
    <message>
        <source>UTC</source>
        <translation>UTC</translation>
    </message>
    <message>
        <source>How the window shows times: the task table, the details, the charts and tooltips. The API and CSV files always use UTC.</source>
        <translation>Wie das Fenster Zeiten anzeigt: Aufgabentabelle, Details, Diagramme und Tooltips. Die API und CSV-Dateien verwenden immer UTC.</translation>
    </message>
    <message>
        <source>The page open when the window was closed</source>
        <translation>Die beim Schließen des Fensters geöffnete Seite</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>System (%1)</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Design:</translation>
    </message>
    <message>
        <source>Show &amp;times in:</source>
        <translation>&amp;Zeiten anzeigen in:</translation>
    </message>
    <message>
        <source>&amp;Start page:</source>
        <translation>&amp;Startseite:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>S&amp;prache:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Restart Taskdeck to use this language.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Starten Sie Taskdeck neu, um diese Sprache zu verwenden.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>A new language takes effect the next time Taskdeck starts.</source>
        <translation>Eine neue Sprache wird beim nächsten Start von Taskdeck wirksam.</translation>
    </message>
</context>
<context>
    <name>taskdeck::SavedViewsMenu</name>
    <message>
        <source>&amp;Views</source>
        <translation>Ansi&amp;chten</translation>
    </message>
    <message>
        <source>Saved views: filter, sort and columns under a name</source>
        <translation>Gespeicherte Ansichten: Filter, Sortierung und Spalten unter einem Namen</translation>
    </message>
    <message>
        <source>&amp;Save Current View…</source>
        <translation>Aktuelle Ansicht &amp;speichern …</translation>
    </message>
    <message>
        <source>&amp;Delete View…</source>
        <translation>Ansicht &amp;löschen …</translation>
    </message>
    <message>
        <source>View “%1” applied</source>
        <translation>Ansicht „%1“ angewendet</translation>
    </message>
    <message>
        <source>Views…</source>
        <translation>Ansichten …</translation>
    </message>
    <message>
        <source>%1 (shared by %2)</source>
        <translation>%1 (geteilt von %2)</translation>
    </message>
    <message>
        <source>%1 (shared)</source>
        <translation>%1 (geteilt)</translation>
    </message>
    <message>
        <source>%1 — default</source>
        <translation>%1 — Standard</translation>
    </message>
    <message>
        <source>View “%1” saved</source>
        <translation>Ansicht „%1“ gespeichert</translation>
    </message>
    <message>
        <source>Save Current View</source>
        <translation>Aktuelle Ansicht speichern</translation>
    </message>
    <message>
        <source>&amp;Share with everyone</source>
        <translation>Mit allen &amp;teilen</translation>
    </message>
    <message>
        <source>Use as my &amp;default view</source>
        <translation>Als meine &amp;Standardansicht verwenden</translation>
    </message>
    <message>
        <source>Saves the filter, the sort order and the visible columns. A view of yours with the same name is replaced.</source>
        <translation>Speichert den Filter, die Sortierung und die sichtbaren Spalten. Eine eigene Ansicht mit demselben Namen wird ersetzt.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>View deleted</source>
        <translation>Ansicht gelöscht</translation>
    </message>
    <message>
        <source>Delete View</source>
        <translation>Ansicht löschen</translation>
    </message>
    <message>
        <source>Delete the saved view:</source>
        <translation>Die gespeicherte Ansicht löschen:</translation>
    </message>
</context>
<context>
    <name>taskdeck::SignInDialog</name>
    <message>
        <source>&amp;Remember me</source>
        <translation>Angemeldet &amp;bleiben</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>Sign in to Taskdeck</source>
        <translation>Bei Taskdeck anmelden</translation>
    </message>
    <message>
        <source>Sign in with your Taskdeck account.</source>
        <translation>Melden Sie sich mit Ihrem Taskdeck-Konto an.</translation>
    </message>
    <message>
        <source>Stay signed in on this computer until you sign out.</source>
        <translation>Auf diesem Computer angemeldet bleiben, bis Sie sich abmelden.</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>No system keychain is available, so a remembered sign-in is kept in a file that only you can read (%1).</source>
        <translation>Kein System-Schlüsselbund verfügbar; eine gemerkte Anmeldung wird daher in einer Datei gespeichert, die nur Sie lesen können (%1).</translation>
    </message>
</context>
<context>
    <name>taskdeck::StatusDonutChart</name>
    <message>
        <source>Tasks by status</source>
        <translation>Aufgaben nach Status</translation>
    </message>
    <message>
        <source>%1: %2 (%3 %)</source>
        <translation>%1: %2 (%3 %)</translation>
    </message>
    <message>
        <source>Click a status to list its tasks</source>
        <translation>Klicken Sie auf einen Status, um seine Aufgaben aufzulisten</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskDetailPanel</name>
    <message>
        <source>Select a task to see its details and history.</source>
        <translation>Wählen Sie eine Aufgabe, um ihre Einzelheiten und ihren Verlauf zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Put the task back to pending so that it runs again</source>
        <translation>Die Aufgabe wieder auf ausstehend setzen, damit sie erneut läuft</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorität:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Kategorie:</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>Kosten:</translation>
    </message>
    <message>
        <source>Created by:</source>
        <translation>Angelegt von:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Angelegt:</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>Geändert:</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>Gestartet:</translation>
    </message>
    <message>
        <source>Completed:</source>
        <translation>Abgeschlossen:</translation>
    </message>
    <message>
        <source>Execution time:</source>
        <translation>Ausführungszeit:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>ID:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Error message:</source>
        <translation>Fehlermeldung:</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Ergebnis:</translation>
    </message>
    <message>
        <source>(no description)</source>
        <translation>(keine Beschreibung)</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>History (loading…)</source>
        <translation>Verlauf (wird geladen …)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
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
        <translation>Der Verlauf konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>History (the latest %1 of %2 changes)</source>
        <translation>Verlauf (die letzten %1 von %2 Änderungen)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>created the task</source>
        <translation>hat die Aufgabe angelegt</translation>
    </message>
    <message>
        <source>deleted the task</source>
        <translation>hat die Aufgabe gelöscht</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>hat geändert</translation>
    </message>
    <message>
        <source>no visible change</source>
        <translation>keine sichtbare Änderung</translation>
    </message>
    <message>
        <source>This task was deleted. Its last version and history stay shown here.</source>
        <translation>Diese Aufgabe wurde gelöscht. Ihre letzte Fassung und ihr Verlauf bleiben hier sichtbar.</translation>
    </message>
    <message>
        <source>“%1” is pending again.</source>
        <translation>„%1“ ist wieder ausstehend.</translation>
    </message>
    <message>
        <source>Not retried: someone else changed this task first.</source>
        <translation>Nicht wiederholt: Jemand anderes hat diese Aufgabe zuvor geändert.</translation>
    </message>
    <message>
        <source>Retry again if it is still needed.</source>
        <translation>Wiederholen Sie erneut, falls es noch nötig ist.</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskDialog</name>
    <message>
        <source>New Task</source>
        <translation>Neue Aufgabe</translation>
    </message>
    <message>
        <source>Edit Task</source>
        <translation>Aufgabe bearbeiten</translation>
    </message>
    <message>
        <source>What needs to be done?</source>
        <translation>Was ist zu tun?</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>Optional details</source>
        <translation>Optionale Einzelheiten</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Kategorie:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>Cost in USD, at most 4 decimals</source>
        <translation>Kosten in USD, höchstens 4 Nachkommastellen</translation>
    </message>
    <message>
        <source>C&amp;ost (USD):</source>
        <translation>K&amp;osten (USD):</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>= %1 USD</source>
        <translation>= %1 USD</translation>
    </message>
    <message>
        <source>not a valid amount</source>
        <translation>kein gültiger Betrag</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Show their version in the form; your changes are discarded</source>
        <translation>Die Fassung der anderen Person ins Formular übernehmen; Ihre Änderungen werden verworfen</translation>
    </message>
    <message>
        <source>&amp;Overwrite</source>
        <translation>Ü&amp;berschreiben</translation>
    </message>
    <message>
        <source>Save your changes over theirs</source>
        <translation>Ihre Änderungen über die der anderen Person speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Keep editing; nothing is saved</source>
        <translation>Weiter bearbeiten; nichts wird gespeichert</translation>
    </message>
    <message>
        <source>No field shown here changed.</source>
        <translation>Keines der hier gezeigten Felder wurde geändert.</translation>
    </message>
    <message>
        <source>Someone else changed this task while you were editing it:</source>
        <translation>Jemand anderes hat diese Aufgabe geändert, während Sie sie bearbeitet haben:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Title: “%1” → “%2”</source>
        <translation>Titel: „%1“ → „%2“</translation>
    </message>
    <message>
        <source>Description changed</source>
        <translation>Beschreibung geändert</translation>
    </message>
    <message>
        <source>Category: %1 → %2</source>
        <translation>Kategorie: %1 → %2</translation>
    </message>
    <message>
        <source>Priority: %1 → %2</source>
        <translation>Priorität: %1 → %2</translation>
    </message>
    <message>
        <source>Cost: %1 → %2 USD</source>
        <translation>Kosten: %1 → %2 USD</translation>
    </message>
    <message>
        <source>Status: %1 → %2</source>
        <translation>Status: %1 → %2</translation>
    </message>
    <message>
        <source>Result or error message changed</source>
        <translation>Ergebnis oder Fehlermeldung geändert</translation>
    </message>
    <message>
        <source>Error message:</source>
        <translation>Fehlermeldung:</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Theirs (saved now)</source>
        <translation>Deren Fassung (jetzt gespeichert)</translation>
    </message>
    <message>
        <source>Yours (in the form)</source>
        <translation>Ihre Fassung (im Formular)</translation>
    </message>
    <message>
        <source>Your changes are still in the form. What saving them would write, against what is saved now:</source>
        <translation>Ihre Änderungen sind weiterhin im Formular. Was Speichern schreiben würde, verglichen mit dem jetzt Gespeicherten:</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>They changed this field too: Overwrite replaces their value with yours.</source>
        <translation>Auch die andere Person hat dieses Feld geändert: Überschreiben ersetzt deren Wert durch Ihren.</translation>
    </message>
    <message>
        <source>Only you changed this field.</source>
        <translation>Nur Sie haben dieses Feld geändert.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskFilterBar</name>
    <message>
        <source>Show all statuses</source>
        <translation>Alle Status anzeigen</translation>
    </message>
    <message>
        <source>Show only tasks with the checked statuses</source>
        <translation>Nur Aufgaben mit den markierten Status anzeigen</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>Show only tasks of this category</source>
        <translation>Nur Aufgaben dieser Kategorie anzeigen</translation>
    </message>
    <message>
        <source>Search title and description…</source>
        <translation>Titel und Beschreibung durchsuchen …</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Kategorie:</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(ohne Kategorie)</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>Alle Prioritäten</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Beliebige Zeit</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Between dates</source>
        <translation>Zwischen Daten</translation>
    </message>
    <message>
        <source>Show only tasks created in this period</source>
        <translation>Nur in diesem Zeitraum angelegte Aufgaben anzeigen</translation>
    </message>
    <message>
        <source>First day of creation (inclusive)</source>
        <translation>Erster Anlagetag (einschließlich)</translation>
    </message>
    <message>
        <source>Last day of creation (inclusive)</source>
        <translation>Letzter Anlagetag (einschließlich)</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>Ersteller</translation>
    </message>
    <message>
        <source>Show only tasks created by this user (exact user name)</source>
        <translation>Nur von diesem Benutzer angelegte Aufgaben anzeigen (genauer Benutzername)</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorität:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Angelegt:</translation>
    </message>
    <message>
        <source>Show all priorities</source>
        <translation>Alle Prioritäten anzeigen</translation>
    </message>
    <message>
        <source>Show only tasks with the checked priorities</source>
        <translation>Nur Aufgaben mit den markierten Prioritäten anzeigen</translation>
    </message>
    <message>
        <source>Shows only tasks that finished in this period (start included, end excluded)</source>
        <translation>Zeigt nur Aufgaben, die in diesem Zeitraum beendet wurden (Beginn eingeschlossen, Ende ausgeschlossen)</translation>
    </message>
    <message>
        <source>Clear the completion period</source>
        <translation>Abschlusszeitraum entfernen</translation>
    </message>
    <message>
        <source>Completed: %1</source>
        <translation>Abgeschlossen: %1</translation>
    </message>
    <message>
        <source>since %1</source>
        <extracomment>A period with a start only (a time and date)</extracomment>
        <translation>seit %1</translation>
    </message>
    <message>
        <source>before %1</source>
        <extracomment>A period with an (exclusive) end only (a time and date)</extracomment>
        <translation>vor %1</translation>
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
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>Kosten (USD)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Execution time</source>
        <translation>Ausführungszeit</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
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
        <translation>&amp;Neue Aufgabe …</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen …</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>Als CSV e&amp;xportieren …</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation>&amp;Abschließen</translation>
    </message>
    <message>
        <source>Mark &amp;Failed</source>
        <translation>Als &amp;fehlgeschlagen markieren</translation>
    </message>
    <message>
        <source>C&amp;ancel Task</source>
        <translation>Aufgabe abb&amp;rechen</translation>
    </message>
    <message>
        <source>Back to &amp;Pending</source>
        <translation>&amp;Zurück auf ausstehend</translation>
    </message>
    <message>
        <source>Change &amp;Status</source>
        <translation>&amp;Status ändern</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Change the status of the selected task</source>
        <translation>Den Status der ausgewählten Aufgabe ändern</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Created “%1”.</source>
        <translation>„%1“ angelegt.</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>„%1“ gespeichert.</translation>
    </message>
    <message>
        <source>“%1” is now %2.</source>
        <translation>„%1“ ist jetzt: %2.</translation>
    </message>
    <message>
        <source>Delete Task</source>
        <translation>Aufgabe löschen</translation>
    </message>
    <message>
        <source>Delete the task “%1”? This cannot be undone.</source>
        <translation>Die Aufgabe „%1“ löschen? Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Export Tasks as CSV</source>
        <translation>Aufgaben als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV-Export</translation>
    </message>
    <message>
        <source>Taskdeck</source>
        <translation>Taskdeck</translation>
    </message>
    <message>
        <source>1 task</source>
        <translation>1 Aufgabe</translation>
    </message>
    <message>
        <source>%L1 tasks</source>
        <translation>%L1 Aufgaben</translation>
    </message>
    <message>
        <source>Mark Task Failed</source>
        <translation>Aufgabe als fehlgeschlagen markieren</translation>
    </message>
    <message>
        <source>What went wrong with “%1”? (optional, saved as its error message)</source>
        <translation>Was ist bei „%1“ schiefgegangen? (optional, wird als Fehlermeldung gespeichert)</translation>
    </message>
    <message>
        <source>Mark Failed</source>
        <translation>Als fehlgeschlagen markieren</translation>
    </message>
    <message>
        <source>De&amp;tails</source>
        <translation>Ein&amp;zelheiten</translation>
    </message>
    <message>
        <source>Show the selected task&apos;s details and history beside the table</source>
        <translation>Einzelheiten und Verlauf der ausgewählten Aufgabe neben der Tabelle zeigen</translation>
    </message>
    <message>
        <source>Select All Matching the Filter (%L1)</source>
        <translation>Alle Treffer des Filters auswählen (%L1)</translation>
    </message>
    <message>
        <source>&amp;Bulk</source>
        <translation>&amp;Sammelaktionen</translation>
    </message>
    <message>
        <source>Select All Matching the Filter</source>
        <translation>Alle Treffer des Filters auswählen</translation>
    </message>
    <message>
        <source>&amp;Retry Selected</source>
        <translation>Ausgewählte &amp;wiederholen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Cancel Selected</source>
        <translation>Ausgewählte &amp;abbrechen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Set &amp;Status</source>
        <translation>&amp;Status setzen</translation>
    </message>
    <message>
        <source>Set status to %1</source>
        <translation>Status auf %1 setzen</translation>
    </message>
    <message>
        <source>Set C&amp;ategory…</source>
        <translation>&amp;Kategorie setzen …</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(ohne Kategorie)</translation>
    </message>
    <message>
        <source>Set Category</source>
        <translation>Kategorie setzen</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Kategorie:</translation>
    </message>
    <message>
        <source>Set category</source>
        <translation>Kategorie setzen</translation>
    </message>
    <message>
        <source>Set &amp;Priority…</source>
        <translation>&amp;Priorität setzen …</translation>
    </message>
    <message>
        <source>Set Priority</source>
        <translation>Priorität setzen</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorität:</translation>
    </message>
    <message>
        <source>Set priority</source>
        <translation>Priorität setzen</translation>
    </message>
    <message>
        <source>&amp;Delete Selected…</source>
        <translation>Ausgewählte &amp;löschen …</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Bulk</source>
        <translation>Sammelaktionen</translation>
    </message>
    <message>
        <source>Act on every selected task at once (Shift/Ctrl+click to select several)</source>
        <translation>Auf alle ausgewählten Aufgaben zugleich anwenden (Umschalt/Strg+Klick wählt mehrere aus)</translation>
    </message>
    <message>
        <source>%L1 tasks matching the filter are selected.</source>
        <translation>%L1 Treffer des Filters sind ausgewählt.</translation>
    </message>
    <message>
        <source>Bulk Action</source>
        <translation>Sammelaktion</translation>
    </message>
    <message>
        <source>The filter matches %L1 tasks; one bulk action takes at most %L2. Narrow the filter first.</source>
        <translation>Der Filter trifft auf %L1 Aufgaben zu; eine Sammelaktion umfasst höchstens %L2. Schränken Sie zuerst den Filter ein.</translation>
    </message>
    <message>
        <source>%1: %L2 tasks matching the filter. Continue?</source>
        <translation>%1: %L2 Treffer des Filters. Fortfahren?</translation>
    </message>
    <message>
        <source>%1: %L2 tasks. This cannot be undone. Continue?</source>
        <translation>%1: %L2 Aufgaben. Das kann nicht rückgängig gemacht werden. Fortfahren?</translation>
    </message>
    <message>
        <source>Working on %L1 tasks…</source>
        <translation>%L1 Aufgaben werden bearbeitet …</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Wird nach dem aktuellen Stapel angehalten …</translation>
    </message>
    <message>
        <source>Nothing was changed: the filter now matches a different number of tasks than the %L1 shown. Review the list and try again.</source>
        <translation>Nichts wurde geändert: Der Filter trifft jetzt auf eine andere Anzahl von Aufgaben zu als die angezeigten %L1. Prüfen Sie die Liste und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1: %L2 of %L3 tasks processed.</source>
        <translation>%1: %L2 von %L3 Aufgaben verarbeitet.</translation>
    </message>
    <message>
        <source>Done: %L1</source>
        <translation>Erledigt: %L1</translation>
    </message>
    <message>
        <source>Not found: %L1</source>
        <translation>Nicht gefunden: %L1</translation>
    </message>
    <message>
        <source>Not allowed in their status: %L1</source>
        <translation>In ihrem Status nicht erlaubt: %L1</translation>
    </message>
    <message>
        <source>Changed meanwhile: %L1</source>
        <translation>Zwischenzeitlich geändert: %L1</translation>
    </message>
    <message>
        <source>Cancelled: the remaining tasks were not touched.</source>
        <translation>Abgebrochen: Die übrigen Aufgaben blieben unverändert.</translation>
    </message>
    <message>
        <source>Stopped by a database error; the remaining tasks were not touched.</source>
        <translation>Durch einen Datenbankfehler angehalten; die übrigen Aufgaben blieben unverändert.</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Status ändern</translation>
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
        <translation>Ortszeit (%1)</translation>
    </message>
</context>
<context>
    <name>taskdeck::TimelineChart</name>
    <message>
        <source>Tasks over time</source>
        <translation>Aufgaben im Zeitverlauf</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: %2 · %3</source>
        <extracomment>Tooltip of a point of the &quot;Tasks over time&quot; chart: series name, count, bucket start</extracomment>
        <translation>%1: %2 · %3</translation>
    </message>
    <message>
        <source>Click a point to list its tasks</source>
        <translation>Klicken Sie auf einen Punkt, um seine Aufgaben aufzulisten</translation>
    </message>
</context>
<context>
    <name>taskdeck::UserDialog</name>
    <message>
        <source>New User</source>
        <translation>Neuer Benutzer</translation>
    </message>
    <message>
        <source>Edit User %1</source>
        <translation>Benutzer %1 bearbeiten</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Account &amp;disabled (cannot sign in)</source>
        <translation>Konto &amp;deaktiviert (keine Anmeldung möglich)</translation>
    </message>
    <message>
        <source>leave empty to keep the password</source>
        <translation>leer lassen, um das Passwort zu behalten</translation>
    </message>
    <message>
        <source>at least %L1 characters</source>
        <translation>mindestens %L1 Zeichen</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation>Neues &amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Re&amp;peat password:</source>
        <translation>Passwort &amp;wiederholen:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>Enter a username.</source>
        <translation>Geben Sie einen Benutzernamen ein.</translation>
    </message>
    <message>
        <source>The password needs at least %L1 characters.</source>
        <translation>Das Passwort braucht mindestens %L1 Zeichen.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Die Passwörter stimmen nicht überein.</translation>
    </message>
</context>
<context>
    <name>taskdeck::UsersPage</name>
    <message>
        <source>&amp;New User…</source>
        <translation>&amp;Neuer Benutzer …</translation>
    </message>
    <message>
        <source>&amp;Edit User…</source>
        <translation>Benutzer &amp;bearbeiten …</translation>
    </message>
    <message>
        <source>&amp;Delete User…</source>
        <translation>Benutzer &amp;löschen …</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Bearbeiter</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>1 user</source>
        <translation>1 Benutzer</translation>
    </message>
    <message>
        <source>%L1 users</source>
        <translation>%L1 Benutzer</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Created user %1.</source>
        <translation>Benutzer %1 angelegt.</translation>
    </message>
    <message>
        <source>Saved user %1.</source>
        <translation>Benutzer %1 gespeichert.</translation>
    </message>
    <message>
        <source>Delete User</source>
        <translation>Benutzer löschen</translation>
    </message>
    <message>
        <source>Delete the user %1? Their sessions end at once. This cannot be undone.</source>
        <translation>Den Benutzer %1 löschen? Seine Sitzungen enden sofort. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Deleted user %1.</source>
        <translation>Benutzer %1 gelöscht.</translation>
    </message>
</context>
</TS>
