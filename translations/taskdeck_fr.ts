<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AuditTableModel</name>
    <message>
        <source>Time</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>This username is already taken. Choose another one.</source>
        <translation>Ce nom d’utilisateur est déjà pris. Choisissez-en un autre.</translation>
    </message>
    <message>
        <source>The last enabled administrator cannot be deleted. Make another user an administrator first.</source>
        <translation>Le dernier administrateur actif ne peut pas être supprimé. Nommez d’abord un autre utilisateur administrateur.</translation>
    </message>
    <message>
        <source>The last enabled administrator cannot be demoted or disabled. Make another user an administrator first.</source>
        <translation>Le dernier administrateur actif ne peut être ni rétrogradé ni désactivé. Nommez d’abord un autre utilisateur administrateur.</translation>
    </message>
    <message>
        <source>Invalid username or password.</source>
        <translation>Nom d’utilisateur ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in 1 minute.</source>
        <translation>Trop d’échecs de connexion. Réessayez dans 1 minute.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in %1 minutes.</source>
        <translation>Trop d’échecs de connexion. Réessayez dans %1 minutes.</translation>
    </message>
    <message>
        <source>The user no longer exists. Someone may have deleted it.</source>
        <translation>L’utilisateur n’existe plus. Quelqu’un l’a peut-être supprimé.</translation>
    </message>
    <message>
        <source>Some values are not valid. Correct the marked fields and try again.</source>
        <translation>Certaines valeurs ne sont pas valides. Corrigez les champs signalés et réessayez.</translation>
    </message>
    <message>
        <source>The request was not valid.</source>
        <translation>La requête n’était pas valide.</translation>
    </message>
    <message>
        <source>The task no longer exists. Someone may have deleted it.</source>
        <translation>La tâche n’existe plus. Quelqu’un l’a peut-être supprimée.</translation>
    </message>
    <message>
        <source>This change is not allowed in the task&apos;s current state. Someone may have changed it in the meantime.</source>
        <translation>Cette modification n’est pas autorisée dans l’état actuel de la tâche. Quelqu’un l’a peut-être modifiée entre-temps.</translation>
    </message>
    <message>
        <source>Someone else changed this task in the meantime. Reopen it and try again.</source>
        <translation>Quelqu’un d’autre a modifié cette tâche entre-temps. Rouvrez-la et réessayez.</translation>
    </message>
    <message>
        <source>You are not signed in, or your account was disabled.</source>
        <translation>Vous n’êtes pas connecté, ou votre compte a été désactivé.</translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation>Votre rôle ne permet pas cette action.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes and try again.</source>
        <translation>Trop de tentatives. Patientez quelques minutes et réessayez.</translation>
    </message>
    <message>
        <source>The database is unavailable. Check the connection and try again.</source>
        <translation>La base de données est indisponible. Vérifiez la connexion et réessayez.</translation>
    </message>
    <message>
        <source>The database took too long to answer. Try again, or narrow the filter.</source>
        <translation>La base de données a mis trop de temps à répondre. Réessayez ou affinez le filtre.</translation>
    </message>
    <message>
        <source>An internal error occurred. Details are in the log.</source>
        <translation>Une erreur interne s’est produite. Les détails figurent dans le journal.</translation>
    </message>
    <message>
        <source>The title is too long: at most %L1 characters.</source>
        <translation>Le titre est trop long&#xa0;: %L1 caractères au maximum.</translation>
    </message>
    <message>
        <source>Enter a title.</source>
        <translation>Saisissez un titre.</translation>
    </message>
    <message>
        <source>The description is too long: at most %L1 characters.</source>
        <translation>La description est trop longue&#xa0;: %L1 caractères au maximum.</translation>
    </message>
    <message>
        <source>The category is too long: at most %L1 characters.</source>
        <translation>La catégorie est trop longue&#xa0;: %L1 caractères au maximum.</translation>
    </message>
    <message>
        <source>Choose a priority from Low to Critical.</source>
        <translation>Choisissez une priorité entre Basse et Critique.</translation>
    </message>
    <message>
        <source>Here “%1” separates thousands. Use “%2” for decimals, for example %3.</source>
        <translation>Ici, «&#xa0;%1&#xa0;» sépare les milliers. Utilisez «&#xa0;%2&#xa0;» pour les décimales, par exemple %3.</translation>
    </message>
    <message>
        <source>Enter an amount in USD from 0 to 1,000,000 with at most 4 decimals.</source>
        <translation>Saisissez un montant en USD entre 0 et 1 000 000 avec au plus 4 décimales.</translation>
    </message>
    <message>
        <source>A new task starts as Pending or In progress.</source>
        <translation>Une nouvelle tâche commence à l’état «&#xa0;En attente&#xa0;» ou «&#xa0;En cours&#xa0;».</translation>
    </message>
    <message>
        <source>Use 3 to 64 characters: letters A-Z and a-z, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Utilisez 3 à 64 caractères&#xa0;: lettres A-Z et a-z, chiffres, &apos;.&apos;, &apos;_&apos; ou &apos;-&apos;.</translation>
    </message>
    <message>
        <source>The password needs at least 12 characters.</source>
        <translation>Le mot de passe doit comporter au moins 12 caractères.</translation>
    </message>
    <message>
        <source>Enter an email address with an &apos;@&apos;, or leave it empty.</source>
        <translation>Saisissez une adresse e-mail contenant &apos;@&apos;, ou laissez le champ vide.</translation>
    </message>
    <message>
        <source>The end of the time range must be later than its start.</source>
        <translation>La fin de la période doit être postérieure à son début.</translation>
    </message>
    <message>
        <source>The connection to the database broke while saving: the change may or may not have been saved. Reload before trying again.</source>
        <translation>La connexion à la base de données a été coupée pendant l’enregistrement&#xa0;: la modification a peut-être été enregistrée, peut-être pas. Rechargez avant de réessayer.</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Task table › Next / previous page of rows</source>
        <translation>Tableau des tâches › Page suivante / précédente</translation>
    </message>
    <message>
        <source>Page Down / Page Up</source>
        <translation>Pg suiv / Pg préc</translation>
    </message>
    <message>
        <source>Task table › First / last task</source>
        <translation>Tableau des tâches › Première / dernière tâche</translation>
    </message>
    <message>
        <source>Ctrl+Home / Ctrl+End</source>
        <translation>Ctrl+Début / Ctrl+Fin</translation>
    </message>
    <message>
        <source>Task table › Context menu of the selected task</source>
        <translation>Tableau des tâches › Menu contextuel de la tâche sélectionnée</translation>
    </message>
    <message>
        <source>Menu key or Shift+F10</source>
        <translation>Touche Menu ou Maj+F10</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
    </message>
</context>
<context>
    <name>RememberedSession</name>
    <message>
        <source>the keychain did not answer in time</source>
        <translation>le trousseau de clés n’a pas répondu à temps</translation>
    </message>
</context>
<context>
    <name>taskdeck::AdminPasswordDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Administrator Account Created</source>
        <translation>Compte administrateur créé</translation>
    </message>
    <message>
        <source>Taskdeck created the administrator account &lt;b&gt;%1&lt;/b&gt; with this password:</source>
        <translation>Taskdeck a créé le compte administrateur &lt;b&gt;%1&lt;/b&gt; avec ce mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>It is shown only this once. Store it in a safe place, such as a password manager, before you close this window.</source>
        <translation>Il n’est affiché qu’une seule fois. Conservez-le en lieu sûr, par exemple dans un gestionnaire de mots de passe, avant de fermer cette fenêtre.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
</context>
<context>
    <name>taskdeck::ApiKeyDialog</name>
    <message>
        <source>New API Key</source>
        <translation>Nouvelle clé d’API</translation>
    </message>
    <message>
        <source>what the key is for, e.g. nightly import</source>
        <translation>à quoi sert la clé, p. ex. import nocturne</translation>
    </message>
    <message>
        <source>&amp;Read-only (the key can never change anything)</source>
        <translation>&amp;Lecture seule (la clé ne peut jamais rien modifier)</translation>
    </message>
    <message>
        <source>E&amp;xpires:</source>
        <translation>E&amp;xpire le&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;ôle&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiée</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Créer</translation>
    </message>
    <message>
        <source>API Key %1</source>
        <translation>Clé d’API %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy this key now. You will not see it again.&lt;/b&gt;&lt;br&gt;Send it as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; or &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. The list shows only its first characters (%1…).</source>
        <translation>&lt;b&gt;Copiez cette clé maintenant. Elle ne sera plus affichée.&lt;/b&gt;&lt;br&gt;Envoyez-la sous la forme &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; ou &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. La liste n’affiche que ses premiers caractères (%1…).</translation>
    </message>
    <message>
        <source>Give the key a name.</source>
        <translation>Donnez un nom à la clé.</translation>
    </message>
</context>
<context>
    <name>taskdeck::ApiKeysPage</name>
    <message>
        <source>&amp;New Key…</source>
        <translation>&amp;Nouvelle clé…</translation>
    </message>
    <message>
        <source>Re&amp;voke Key…</source>
        <translation>&amp;Révoquer la clé…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualiser</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Préfixe</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Lecture seule</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Dernière utilisation</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expire le</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Scripts send a key as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; or &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. A key acts with its role (never above its owner&apos;s) and stops working when revoked, expired or its owner is disabled.</source>
        <translation>Les scripts envoient une clé sous la forme &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; ou &lt;code&gt;X-API-Key: &amp;lt;key&amp;gt;&lt;/code&gt;. Une clé agit avec son rôle (jamais au-dessus de celui de son propriétaire) et cesse de fonctionner lorsqu’elle est révoquée, qu’elle expire ou que son propriétaire est désactivé.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>1 key</source>
        <translation>1 clé</translation>
    </message>
    <message>
        <source>%L1 keys</source>
        <translation>%L1 clés</translation>
    </message>
    <message>
        <source>API Keys</source>
        <translation>Clés d’API</translation>
    </message>
    <message>
        <source>Created API key %1.</source>
        <translation>Clé d’API %1 créée.</translation>
    </message>
    <message>
        <source>Revoke API Key</source>
        <translation>Révoquer la clé d’API</translation>
    </message>
    <message>
        <source>Revoke the API key %1 (%2…)? Scripts using it are refused at once. This cannot be undone.</source>
        <translation>Révoquer la clé d’API %1 (%2…)&#xa0;? Les scripts qui l’utilisent sont refusés immédiatement. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Revoked API key %1.</source>
        <translation>Clé d’API %1 révoquée.</translation>
    </message>
</context>
<context>
    <name>taskdeck::AuditLogPage</name>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Du</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>&amp;Au</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Précédent</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Suivant</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualiser</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Toutes les actions</translation>
    </message>
    <message>
        <source>Target id</source>
        <translation>ID de la cible</translation>
    </message>
    <message>
        <source>Select an entry to see the object before and after.</source>
        <translation>Sélectionnez une entrée pour voir l’objet avant et après.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>1 entrée</translation>
    </message>
    <message>
        <source>%L1 entries</source>
        <translation>%L1 entrées</translation>
    </message>
    <message>
        <source>%1 (showing %L2–%L3)</source>
        <translation>%1 (affichées&#xa0;: %L2–%L3)</translation>
    </message>
    <message>
        <source>No entries</source>
        <translation>Aucune entrée</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>%1 by %2, target %3</source>
        <translation>%1 par %2, cible %3</translation>
    </message>
    <message>
        <source>Before:</source>
        <translation>Avant&#xa0;:</translation>
    </message>
    <message>
        <source>After:</source>
        <translation>Après&#xa0;:</translation>
    </message>
</context>
<context>
    <name>taskdeck::CategoryBarChart</name>
    <message>
        <source>Cost by category</source>
        <translation>Coût par catégorie</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>Cost by category (USD)</source>
        <translation>Coût par catégorie (USD)</translation>
    </message>
    <message>
        <source>Tasks by category</source>
        <translation>Tâches par catégorie</translation>
    </message>
    <message>
        <source>Click a category to list its tasks</source>
        <translation>Cliquez sur une catégorie pour lister ses tâches</translation>
    </message>
</context>
<context>
    <name>taskdeck::CommandPalette</name>
    <message>
        <source>Command Palette</source>
        <translation>Palette de commandes</translation>
    </message>
    <message>
        <source>Type a command or a saved view…</source>
        <translation>Saisissez une commande ou une vue enregistrée…</translation>
    </message>
</context>
<context>
    <name>taskdeck::CsvExport</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Exporting tasks…</source>
        <translation>Exportation des tâches…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <source>Exporting tasks… %1 written</source>
        <translation>Exportation des tâches… %1 écrits</translation>
    </message>
    <message>
        <source>Exported 1 task to %1.</source>
        <translation>1 tâche exportée vers %1.</translation>
    </message>
    <message>
        <source>Exported %L1 tasks to %2.</source>
        <translation>%L1 tâches exportées vers %2.</translation>
    </message>
    <message>
        <source>The export was cancelled; %1 was not written.</source>
        <translation>L’exportation a été annulée&#xa0;; %1 n’a pas été écrit.</translation>
    </message>
    <message>
        <source>Times in the file are UTC (ISO 8601, as in the API), as the window shows them.</source>
        <translation>Les heures du fichier sont en UTC (ISO 8601, comme dans l’API), comme la fenêtre les affiche.</translation>
    </message>
    <message>
        <source>Times in the file are UTC (ISO 8601, as in the API); the window shows them in %1.</source>
        <translation>Les heures du fichier sont en UTC (ISO 8601, comme dans l’API)&#xa0;; la fenêtre les affiche en %1.</translation>
    </message>
</context>
<context>
    <name>taskdeck::DashboardPage</name>
    <message>
        <source>Completed</source>
        <translation>Terminées</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouées</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Taux de réussite</translation>
    </message>
    <message>
        <source>Avg. execution time</source>
        <translation>Durée moy. d’exécution</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Dernières 24 heures</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>90 derniers jours</translation>
    </message>
    <message>
        <source>&amp;Time range:</source>
        <translation>&amp;Période&#xa0;:</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créées</translation>
    </message>
    <message>
        <source>Pending now</source>
        <translation>En attente maintenant</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Tasks pending now, whenever they were created</source>
        <translation>Tâches en attente maintenant, quelle que soit leur date de création</translation>
    </message>
    <message>
        <source>Tasks created: %1</source>
        <translation>Tâches créées&#xa0;: %1</translation>
    </message>
    <message>
        <source>Tasks completed: %1</source>
        <translation>Tâches terminées&#xa0;: %1</translation>
    </message>
    <message>
        <source>Tasks failed: %1</source>
        <translation>Tâches en échec&#xa0;: %1</translation>
    </message>
    <message>
        <source>Completed ÷ (completed + failed), finished: %1</source>
        <translation>Terminées ÷ (terminées + en échec), finies&#xa0;: %1</translation>
    </message>
    <message>
        <source>Mean execution time of the tasks completed (%1): %2 s</source>
        <translation>Durée d’exécution moyenne des tâches terminées (%1)&#xa0;: %2 s</translation>
    </message>
    <message>
        <source>Cost of the tasks finished (%1): exactly %2 USD</source>
        <translation>Coût des tâches finies (%1)&#xa0;: exactement %2 USD</translation>
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
        <translation>&amp;Tâches</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>Tableau de &amp;bord</translation>
    </message>
    <message>
        <source>Aud&amp;it</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Utilisateurs</translation>
    </message>
    <message>
        <source>API &amp;Keys</source>
        <translation>&amp;Clés d’API</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>T&amp;asks</source>
        <translation>Tâc&amp;hes</translation>
    </message>
    <message>
        <source>Change &amp;Status</source>
        <translation>Changer le s&amp;tatut</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About Taskdeck</source>
        <translation>À &amp;propos de Taskdeck</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>&amp;Next Page of Rows</source>
        <translation>Page sui&amp;vante</translation>
    </message>
    <message>
        <source>&amp;Previous Page of Rows</source>
        <translation>Page &amp;précédente</translation>
    </message>
    <message>
        <source>&amp;Command Palette…</source>
        <translation>Palette de &amp;commandes…</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>API: off</source>
        <translation>API&#xa0;: désactivée</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API&#xa0;: %1</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Connecté en tant que %1 (%2)</translation>
    </message>
    <message>
        <source>local user</source>
        <translation>utilisateur local</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>connexion…</translation>
    </message>
    <message>
        <source>Live updates off</source>
        <translation>Mises à jour en direct désactivées</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>connecté</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Changes made by anyone appear at once.</source>
        <translation>Les modifications de chacun apparaissent immédiatement.</translation>
    </message>
    <message>
        <source>Connecting live updates…</source>
        <translation>Connexion des mises à jour en direct…</translation>
    </message>
    <message>
        <source>Live updates lost — reconnecting…</source>
        <translation>Mises à jour en direct perdues — reconnexion…</translation>
    </message>
    <message>
        <source>Live updates lost — reconnecting… (%1)</source>
        <translation>Mises à jour en direct perdues — reconnexion… (%1)</translation>
    </message>
    <message>
        <source>Changes made elsewhere do not arrive until the connection is back; then the window reloads what it shows.</source>
        <translation>Les modifications faites ailleurs n’arrivent pas avant le retour de la connexion&#xa0;; la fenêtre recharge alors ce qu’elle affiche.</translation>
    </message>
    <message>
        <source>About Taskdeck</source>
        <translation>À propos de Taskdeck</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Taskdeck %1&lt;/h3&gt;&lt;p&gt;A desktop dashboard for tasks, with an HTTP API for remote clients.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Taskdeck %1&lt;/h3&gt;&lt;p&gt;Un tableau de bord de bureau pour les tâches, avec une API HTTP pour les clients distants.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Lecteur</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
</context>
<context>
    <name>taskdeck::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Local time zone (%1, now %2)</source>
        <translation>Fuseau horaire local (%1, actuellement %2)</translation>
    </message>
    <message>
        <source>UTC</source>
        <translation>UTC</translation>
    </message>
    <message>
        <source>How the window shows times: the task table, the details, the charts and tooltips. The API and CSV files always use UTC.</source>
        <translation>Comment la fenêtre affiche les heures&#xa0;: tableau des tâches, détails, graphiques et infobulles. L’API et les fichiers CSV utilisent toujours l’UTC.</translation>
    </message>
    <message>
        <source>The page open when the window was closed</source>
        <translation>La page ouverte à la fermeture de la fenêtre</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>Système (%1)</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Thème&#xa0;:</translation>
    </message>
    <message>
        <source>Show &amp;times in:</source>
        <translation>Afficher les &amp;heures en&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Start page:</source>
        <translation>Page de &amp;démarrage&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Restart Taskdeck to use this language.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Redémarrez Taskdeck pour utiliser cette langue.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>A new language takes effect the next time Taskdeck starts.</source>
        <translation>Une nouvelle langue prend effet au prochain démarrage de Taskdeck.</translation>
    </message>
</context>
<context>
    <name>taskdeck::SavedViewsMenu</name>
    <message>
        <source>&amp;Views</source>
        <translation>&amp;Vues</translation>
    </message>
    <message>
        <source>Saved views: filter, sort and columns under a name</source>
        <translation>Vues enregistrées&#xa0;: filtre, tri et colonnes sous un nom</translation>
    </message>
    <message>
        <source>&amp;Save Current View…</source>
        <translation>&amp;Enregistrer la vue actuelle…</translation>
    </message>
    <message>
        <source>&amp;Delete View…</source>
        <translation>&amp;Supprimer la vue…</translation>
    </message>
    <message>
        <source>View “%1” applied</source>
        <translation>Vue «&#xa0;%1&#xa0;» appliquée</translation>
    </message>
    <message>
        <source>Views…</source>
        <translation>Vues…</translation>
    </message>
    <message>
        <source>%1 (shared by %2)</source>
        <translation>%1 (partagée par %2)</translation>
    </message>
    <message>
        <source>%1 (shared)</source>
        <translation>%1 (partagée)</translation>
    </message>
    <message>
        <source>%1 — default</source>
        <translation>%1 — par défaut</translation>
    </message>
    <message>
        <source>View “%1” saved</source>
        <translation>Vue «&#xa0;%1&#xa0;» enregistrée</translation>
    </message>
    <message>
        <source>Save Current View</source>
        <translation>Enregistrer la vue actuelle</translation>
    </message>
    <message>
        <source>&amp;Share with everyone</source>
        <translation>&amp;Partager avec tout le monde</translation>
    </message>
    <message>
        <source>Use as my &amp;default view</source>
        <translation>Utiliser comme vue par &amp;défaut</translation>
    </message>
    <message>
        <source>Saves the filter, the sort order and the visible columns. A view of yours with the same name is replaced.</source>
        <translation>Enregistre le filtre, l’ordre de tri et les colonnes visibles. Une de vos vues portant le même nom est remplacée.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>View deleted</source>
        <translation>Vue supprimée</translation>
    </message>
    <message>
        <source>Delete View</source>
        <translation>Supprimer la vue</translation>
    </message>
    <message>
        <source>Delete the saved view:</source>
        <translation>Supprimer la vue enregistrée&#xa0;:</translation>
    </message>
</context>
<context>
    <name>taskdeck::SignInDialog</name>
    <message>
        <source>&amp;Remember me</source>
        <translation>Rester &amp;connecté</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Se connecter</translation>
    </message>
    <message>
        <source>Sign in to Taskdeck</source>
        <translation>Connexion à Taskdeck</translation>
    </message>
    <message>
        <source>Sign in with your Taskdeck account.</source>
        <translation>Connectez-vous avec votre compte Taskdeck.</translation>
    </message>
    <message>
        <source>Stay signed in on this computer until you sign out.</source>
        <translation>Rester connecté sur cet ordinateur jusqu’à la déconnexion.</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Nom d’utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>No system keychain is available, so a remembered sign-in is kept in a file that only you can read (%1).</source>
        <translation>Aucun trousseau de clés système n’est disponible&#xa0;; une connexion mémorisée est donc conservée dans un fichier que vous seul pouvez lire (%1).</translation>
    </message>
</context>
<context>
    <name>taskdeck::StatusDonutChart</name>
    <message>
        <source>Tasks by status</source>
        <translation>Tâches par statut</translation>
    </message>
    <message>
        <source>%1: %2 (%3 %)</source>
        <translation>%1&#xa0;: %2 (%3&#xa0;%)</translation>
    </message>
    <message>
        <source>Click a status to list its tasks</source>
        <translation>Cliquez sur un statut pour lister ses tâches</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskDetailPanel</name>
    <message>
        <source>Select a task to see its details and history.</source>
        <translation>Sélectionnez une tâche pour voir ses détails et son historique.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Relancer</translation>
    </message>
    <message>
        <source>Put the task back to pending so that it runs again</source>
        <translation>Remettre la tâche en attente pour qu’elle s’exécute à nouveau</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Statut&#xa0;:</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorité&#xa0;:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Catégorie&#xa0;:</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>Coût&#xa0;:</translation>
    </message>
    <message>
        <source>Created by:</source>
        <translation>Créée par&#xa0;:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Créée le&#xa0;:</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>Modifiée le&#xa0;:</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>Démarrée le&#xa0;:</translation>
    </message>
    <message>
        <source>Completed:</source>
        <translation>Terminée le&#xa0;:</translation>
    </message>
    <message>
        <source>Execution time:</source>
        <translation>Durée d’exécution&#xa0;:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version&#xa0;:</translation>
    </message>
    <message>
        <source>ID:</source>
        <translation>ID&#xa0;:</translation>
    </message>
    <message>
        <source>Error message:</source>
        <translation>Message d’erreur&#xa0;:</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Résultat&#xa0;:</translation>
    </message>
    <message>
        <source>(no description)</source>
        <translation>(aucune description)</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Description&#xa0;:</translation>
    </message>
    <message>
        <source>History (loading…)</source>
        <translation>Historique (chargement…)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Message d’erreur</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Démarrée</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1&#xa0;: %2 → %3</translation>
    </message>
    <message>
        <source>History could not be read: %1</source>
        <translation>Impossible de lire l’historique&#xa0;: %1</translation>
    </message>
    <message>
        <source>History (the latest %1 of %2 changes)</source>
        <translation>Historique (les %1 dernières modifications sur %2)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>created the task</source>
        <translation>a créé la tâche</translation>
    </message>
    <message>
        <source>deleted the task</source>
        <translation>a supprimé la tâche</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>a modifié</translation>
    </message>
    <message>
        <source>no visible change</source>
        <translation>aucune modification visible</translation>
    </message>
    <message>
        <source>This task was deleted. Its last version and history stay shown here.</source>
        <translation>Cette tâche a été supprimée. Sa dernière version et son historique restent affichés ici.</translation>
    </message>
    <message>
        <source>“%1” is pending again.</source>
        <translation>«&#xa0;%1&#xa0;» est de nouveau en attente.</translation>
    </message>
    <message>
        <source>Not retried: someone else changed this task first.</source>
        <translation>Non relancée&#xa0;: quelqu’un d’autre a modifié cette tâche avant vous.</translation>
    </message>
    <message>
        <source>Retry again if it is still needed.</source>
        <translation>Relancez-la si c’est encore nécessaire.</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskDialog</name>
    <message>
        <source>New Task</source>
        <translation>Nouvelle tâche</translation>
    </message>
    <message>
        <source>Edit Task</source>
        <translation>Modifier la tâche</translation>
    </message>
    <message>
        <source>What needs to be done?</source>
        <translation>Que faut-il faire&#xa0;?</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titre&#xa0;:</translation>
    </message>
    <message>
        <source>Optional details</source>
        <translation>Détails facultatifs</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Catégorie&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorité&#xa0;:</translation>
    </message>
    <message>
        <source>Cost in USD, at most 4 decimals</source>
        <translation>Coût en USD, 4 décimales au plus</translation>
    </message>
    <message>
        <source>= %1 USD</source>
        <translation>= %1 USD</translation>
    </message>
    <message>
        <source>C&amp;ost (USD):</source>
        <translation>C&amp;oût (USD)&#xa0;:</translation>
    </message>
    <message>
        <source>Error message:</source>
        <translation>Message d’erreur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Statut&#xa0;:</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Theirs (saved now)</source>
        <translation>Leur version (enregistrée)</translation>
    </message>
    <message>
        <source>Yours (in the form)</source>
        <translation>Votre version (formulaire)</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Recharger</translation>
    </message>
    <message>
        <source>Show their version in the form; your changes are discarded</source>
        <translation>Afficher leur version dans le formulaire&#xa0;; vos modifications sont abandonnées</translation>
    </message>
    <message>
        <source>&amp;Overwrite</source>
        <translation>É&amp;craser</translation>
    </message>
    <message>
        <source>Save your changes over theirs</source>
        <translation>Enregistrer vos modifications à la place des leurs</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Keep editing; nothing is saved</source>
        <translation>Continuer la modification&#xa0;; rien n’est enregistré</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <source>not a valid amount</source>
        <translation>montant non valide</translation>
    </message>
    <message>
        <source>No field shown here changed.</source>
        <translation>Aucun des champs affichés ici n’a changé.</translation>
    </message>
    <message>
        <source>Someone else changed this task while you were editing it:</source>
        <translation>Quelqu’un d’autre a modifié cette tâche pendant que vous la modifiiez&#xa0;:</translation>
    </message>
    <message>
        <source>Your changes are still in the form. What saving them would write, against what is saved now:</source>
        <translation>Vos modifications sont toujours dans le formulaire. Ce que leur enregistrement écrirait, comparé à ce qui est enregistré maintenant&#xa0;:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>%1 USD</source>
        <translation>%1 USD</translation>
    </message>
    <message>
        <source>They changed this field too: Overwrite replaces their value with yours.</source>
        <translation>L’autre personne a aussi modifié ce champ&#xa0;: Écraser remplace sa valeur par la vôtre.</translation>
    </message>
    <message>
        <source>Only you changed this field.</source>
        <translation>Vous seul avez modifié ce champ.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Title: “%1” → “%2”</source>
        <translation>Titre&#xa0;: «&#xa0;%1&#xa0;» → «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>Description changed</source>
        <translation>Description modifiée</translation>
    </message>
    <message>
        <source>Category: %1 → %2</source>
        <translation>Catégorie&#xa0;: %1 → %2</translation>
    </message>
    <message>
        <source>Priority: %1 → %2</source>
        <translation>Priorité&#xa0;: %1 → %2</translation>
    </message>
    <message>
        <source>Cost: %1 → %2 USD</source>
        <translation>Coût&#xa0;: %1 → %2 USD</translation>
    </message>
    <message>
        <source>Status: %1 → %2</source>
        <translation>Statut&#xa0;: %1 → %2</translation>
    </message>
    <message>
        <source>Result or error message changed</source>
        <translation>Résultat ou message d’erreur modifié</translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskFilterBar</name>
    <message>
        <source>Show all statuses</source>
        <translation>Afficher tous les statuts</translation>
    </message>
    <message>
        <source>Show only tasks with the checked statuses</source>
        <translation>Afficher uniquement les tâches ayant les statuts cochés</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Toutes les catégories</translation>
    </message>
    <message>
        <source>Show only tasks of this category</source>
        <translation>Afficher uniquement les tâches de cette catégorie</translation>
    </message>
    <message>
        <source>Search title and description…</source>
        <translation>Rechercher dans le titre et la description…</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Statut&#xa0;:</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Catégorie&#xa0;:</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(aucune catégorie)</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>Toutes les priorités</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>N’importe quand</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Dernières 24 heures</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Between dates</source>
        <translation>Entre deux dates</translation>
    </message>
    <message>
        <source>Show only tasks created in this period</source>
        <translation>Afficher uniquement les tâches créées pendant cette période</translation>
    </message>
    <message>
        <source>First day of creation (inclusive)</source>
        <translation>Premier jour de création (inclus)</translation>
    </message>
    <message>
        <source>Last day of creation (inclusive)</source>
        <translation>Dernier jour de création (inclus)</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>Créateur</translation>
    </message>
    <message>
        <source>Show only tasks created by this user (exact user name)</source>
        <translation>Afficher uniquement les tâches créées par cet utilisateur (nom exact)</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorité&#xa0;:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Créée le&#xa0;:</translation>
    </message>
    <message>
        <source>Show all priorities</source>
        <translation>Afficher toutes les priorités</translation>
    </message>
    <message>
        <source>Show only tasks with the checked priorities</source>
        <translation>Afficher uniquement les tâches ayant les priorités cochées</translation>
    </message>
    <message>
        <source>Shows only tasks that finished in this period (start included, end excluded)</source>
        <translation>N’affiche que les tâches terminées pendant cette période (début inclus, fin exclue)</translation>
    </message>
    <message>
        <source>Clear the completion period</source>
        <translation>Effacer la période de fin</translation>
    </message>
    <message>
        <source>Completed: %1</source>
        <translation>Terminées&#xa0;: %1</translation>
    </message>
    <message>
        <source>since %1</source>
        <extracomment>A period with a start only (a time and date)</extracomment>
        <translation>depuis le %1</translation>
    </message>
    <message>
        <source>before %1</source>
        <extracomment>A period with an (exclusive) end only (a time and date)</extracomment>
        <translation>avant le %1</translation>
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
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>Coût (USD)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Démarrée</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Execution time</source>
        <translation>Durée d’exécution</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Basse</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normale</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Haute</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critique</translation>
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
        <translation>&amp;Nouvelle tâche…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>E&amp;xporter en CSV…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualiser</translation>
    </message>
    <message>
        <source>De&amp;tails</source>
        <translation>Dé&amp;tails</translation>
    </message>
    <message>
        <source>Show the selected task&apos;s details and history beside the table</source>
        <translation>Afficher les détails et l’historique de la tâche sélectionnée à côté du tableau</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Démarrer</translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation>&amp;Terminer</translation>
    </message>
    <message>
        <source>Mark &amp;Failed</source>
        <translation>Marquer en é&amp;chec</translation>
    </message>
    <message>
        <source>C&amp;ancel Task</source>
        <translation>&amp;Annuler la tâche</translation>
    </message>
    <message>
        <source>Back to &amp;Pending</source>
        <translation>Remettre en atte&amp;nte</translation>
    </message>
    <message>
        <source>Change &amp;Status</source>
        <translation>Changer le s&amp;tatut</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Change the status of the selected task</source>
        <translation>Changer le statut de la tâche sélectionnée</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>1 task</source>
        <translation>1 tâche</translation>
    </message>
    <message>
        <source>%L1 tasks</source>
        <translation>%L1 tâches</translation>
    </message>
    <message>
        <source>Select All Matching the Filter (%L1)</source>
        <translation>Sélectionner tous les résultats du filtre (%L1)</translation>
    </message>
    <message>
        <source>Created “%1”.</source>
        <translation>«&#xa0;%1&#xa0;» créée.</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>«&#xa0;%1&#xa0;» enregistrée.</translation>
    </message>
    <message>
        <source>Mark Task Failed</source>
        <translation>Marquer la tâche en échec</translation>
    </message>
    <message>
        <source>What went wrong with “%1”? (optional, saved as its error message)</source>
        <translation>Qu’est-ce qui n’a pas fonctionné avec «&#xa0;%1&#xa0;»&#xa0;? (facultatif, enregistré comme message d’erreur)</translation>
    </message>
    <message>
        <source>Mark Failed</source>
        <translation>Marquer en échec</translation>
    </message>
    <message>
        <source>“%1” is now %2.</source>
        <translation>Statut de «&#xa0;%1&#xa0;»&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Delete Task</source>
        <translation>Supprimer la tâche</translation>
    </message>
    <message>
        <source>Delete the task “%1”? This cannot be undone.</source>
        <translation>Supprimer la tâche «&#xa0;%1&#xa0;»&#xa0;? Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>«&#xa0;%1&#xa0;» supprimée.</translation>
    </message>
    <message>
        <source>Export Tasks as CSV</source>
        <translation>Exporter les tâches en CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Fichiers CSV (*.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <source>Taskdeck</source>
        <translation>Taskdeck</translation>
    </message>
    <message>
        <source>&amp;Bulk</source>
        <translation>Actions &amp;groupées</translation>
    </message>
    <message>
        <source>Select All Matching the Filter</source>
        <translation>Sélectionner tous les résultats du filtre</translation>
    </message>
    <message>
        <source>&amp;Retry Selected</source>
        <translation>&amp;Relancer la sélection</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Relancer</translation>
    </message>
    <message>
        <source>&amp;Cancel Selected</source>
        <translation>&amp;Annuler la sélection</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Set &amp;Status</source>
        <translation>Définir le s&amp;tatut</translation>
    </message>
    <message>
        <source>Set status to %1</source>
        <translation>Définir le statut sur %1</translation>
    </message>
    <message>
        <source>Set C&amp;ategory…</source>
        <translation>Définir la &amp;catégorie…</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>(aucune catégorie)</translation>
    </message>
    <message>
        <source>Set Category</source>
        <translation>Définir la catégorie</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Catégorie&#xa0;:</translation>
    </message>
    <message>
        <source>Set category</source>
        <translation>Définir la catégorie</translation>
    </message>
    <message>
        <source>Set &amp;Priority…</source>
        <translation>Définir la &amp;priorité…</translation>
    </message>
    <message>
        <source>Set Priority</source>
        <translation>Définir la priorité</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorité&#xa0;:</translation>
    </message>
    <message>
        <source>Set priority</source>
        <translation>Définir la priorité</translation>
    </message>
    <message>
        <source>&amp;Delete Selected…</source>
        <translation>&amp;Supprimer la sélection…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Bulk</source>
        <translation>Actions groupées</translation>
    </message>
    <message>
        <source>Act on every selected task at once (Shift/Ctrl+click to select several)</source>
        <translation>Agir sur toutes les tâches sélectionnées à la fois (Maj/Ctrl+clic pour en sélectionner plusieurs)</translation>
    </message>
    <message>
        <source>%L1 tasks matching the filter are selected.</source>
        <translation>%L1 tâches correspondant au filtre sont sélectionnées.</translation>
    </message>
    <message>
        <source>Bulk Action</source>
        <translation>Action groupée</translation>
    </message>
    <message>
        <source>The filter matches %L1 tasks; one bulk action takes at most %L2. Narrow the filter first.</source>
        <translation>Le filtre correspond à %L1 tâches&#xa0;; une action groupée en traite %L2 au maximum. Affinez d’abord le filtre.</translation>
    </message>
    <message>
        <source>%1: %L2 tasks matching the filter. Continue?</source>
        <translation>%1&#xa0;: %L2 tâches correspondant au filtre. Continuer&#xa0;?</translation>
    </message>
    <message>
        <source>%1: %L2 tasks. This cannot be undone. Continue?</source>
        <translation>%1&#xa0;: %L2 tâches. Cette action est irréversible. Continuer&#xa0;?</translation>
    </message>
    <message>
        <source>Working on %L1 tasks…</source>
        <translation>Traitement de %L1 tâches…</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Arrêt après le lot en cours…</translation>
    </message>
    <message>
        <source>Nothing was changed: the filter now matches a different number of tasks than the %L1 shown. Review the list and try again.</source>
        <translation>Rien n’a été modifié&#xa0;: le filtre correspond maintenant à un nombre de tâches différent des %L1 affichées. Vérifiez la liste et réessayez.</translation>
    </message>
    <message>
        <source>%1: %L2 of %L3 tasks processed.</source>
        <translation>%1&#xa0;: %L2 tâches traitées sur %L3.</translation>
    </message>
    <message>
        <source>Done: %L1</source>
        <translation>Effectuées&#xa0;: %L1</translation>
    </message>
    <message>
        <source>Not found: %L1</source>
        <translation>Introuvables&#xa0;: %L1</translation>
    </message>
    <message>
        <source>Not allowed in their status: %L1</source>
        <translation>Non autorisées dans leur statut&#xa0;: %L1</translation>
    </message>
    <message>
        <source>Changed meanwhile: %L1</source>
        <translation>Modifiées entre-temps&#xa0;: %L1</translation>
    </message>
    <message>
        <source>Cancelled: the remaining tasks were not touched.</source>
        <translation>Annulé&#xa0;: les tâches restantes n’ont pas été modifiées.</translation>
    </message>
    <message>
        <source>Stopped by a database error; the remaining tasks were not touched.</source>
        <translation>Arrêté par une erreur de base de données&#xa0;; les tâches restantes n’ont pas été modifiées.</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Changer le statut</translation>
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
        <translation>heure locale (%1)</translation>
    </message>
</context>
<context>
    <name>taskdeck::TimelineChart</name>
    <message>
        <source>Tasks over time</source>
        <translation>Tâches au fil du temps</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créées</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Terminées</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouées</translation>
    </message>
    <message>
        <source>%1: %2 · %3</source>
        <extracomment>Tooltip of a point of the &quot;Tasks over time&quot; chart: series name, count, bucket start</extracomment>
        <translation>%1&#xa0;: %2 · %3</translation>
    </message>
    <message>
        <source>Click a point to list its tasks</source>
        <translation>Cliquez sur un point pour lister ses tâches</translation>
    </message>
</context>
<context>
    <name>taskdeck::UserDialog</name>
    <message>
        <source>New User</source>
        <translation>Nouvel utilisateur</translation>
    </message>
    <message>
        <source>Edit User %1</source>
        <translation>Modifier l’utilisateur %1</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>Account &amp;disabled (cannot sign in)</source>
        <translation>Compte &amp;désactivé (connexion impossible)</translation>
    </message>
    <message>
        <source>leave empty to keep the password</source>
        <translation>laisser vide pour conserver le mot de passe</translation>
    </message>
    <message>
        <source>at least %L1 characters</source>
        <translation>au moins %L1 caractères</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Nom d’utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-mail&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rôle&#xa0;:</translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation>Nouveau &amp;mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>Re&amp;peat password:</source>
        <translation>Ré&amp;péter le mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>Enre&amp;gistrer</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Créer</translation>
    </message>
    <message>
        <source>Enter a username.</source>
        <translation>Saisissez un nom d’utilisateur.</translation>
    </message>
    <message>
        <source>The password needs at least %L1 characters.</source>
        <translation>Le mot de passe doit comporter au moins %L1 caractères.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Les mots de passe ne correspondent pas.</translation>
    </message>
</context>
<context>
    <name>taskdeck::UsersPage</name>
    <message>
        <source>&amp;New User…</source>
        <translation>&amp;Nouvel utilisateur…</translation>
    </message>
    <message>
        <source>&amp;Edit User…</source>
        <translation>&amp;Modifier l’utilisateur…</translation>
    </message>
    <message>
        <source>&amp;Delete User…</source>
        <translation>&amp;Supprimer l’utilisateur…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualiser</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Lecteur</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>1 user</source>
        <translation>1 utilisateur</translation>
    </message>
    <message>
        <source>%L1 users</source>
        <translation>%L1 utilisateurs</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <source>Created user %1.</source>
        <translation>Utilisateur %1 créé.</translation>
    </message>
    <message>
        <source>Saved user %1.</source>
        <translation>Utilisateur %1 enregistré.</translation>
    </message>
    <message>
        <source>Delete User</source>
        <translation>Supprimer l’utilisateur</translation>
    </message>
    <message>
        <source>Delete the user %1? Their sessions end at once. This cannot be undone.</source>
        <translation>Supprimer l’utilisateur %1&#xa0;? Ses sessions prennent fin immédiatement. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Deleted user %1.</source>
        <translation>Utilisateur %1 supprimé.</translation>
    </message>
</context>
</TS>
