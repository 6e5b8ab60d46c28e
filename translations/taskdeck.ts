<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ErrorMessages</name>
    <message>
        <source>Some values are not valid. Correct the marked fields and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The task no longer exists. Someone may have deleted it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This change is not allowed in the task&apos;s current state. Someone may have changed it in the meantime.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else changed this task in the meantime. Reopen it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not signed in, or your account was disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is unavailable. Check the connection and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database took too long to answer. Try again, or narrow the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An internal error occurred. Details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The title is too long: at most %L1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description is too long: at most %L1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The category is too long: at most %L1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a priority from Low to Critical.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount in USD from 0 to 1,000,000 with at most 4 decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new task starts as Pending or In progress.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::AdminPasswordDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator Account Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taskdeck created the administrator account &lt;b&gt;%1&lt;/b&gt; with this password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is shown only this once. Store it in a safe place, such as a password manager, before you close this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::CategoryBarChart</name>
    <message>
        <source>Cost by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost by category (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks by category</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::CsvExport</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting tasks…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting tasks… %1 written</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln task(s) to %1.</source>
        <translation>
            <numerusform>Exported %Ln task to %1.</numerusform>
            <numerusform>Exported %Ln tasks to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The export was cancelled; %1 was not written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::DashboardPage</name>
    <message>
        <source>Total tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avg. execution time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed ÷ (completed + failed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean execution time of completed tasks: %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exactly %1 USD</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::MainWindow</name>
    <message>
        <source>Taskdeck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;asks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Taskdeck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Taskdeck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Taskdeck %1&lt;/h3&gt;&lt;p&gt;A desktop dashboard for tasks, with an HTTP API for remote clients.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::StatusDonutChart</name>
    <message>
        <source>Tasks by status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 (%3 %)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskDialog</name>
    <message>
        <source>New Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What needs to be done?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost in USD, at most 4 decimals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ost (USD):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskFilterBar</name>
    <message>
        <source>Show all statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only tasks with the checked statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only tasks of this category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search title and description…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::TaskTableModel</name>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Execution time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::TasksPage</name>
    <message>
        <source>&amp;New Task…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark &amp;Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ancel Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to &amp;Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the status of the selected task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln task(s)</source>
        <translation>
            <numerusform>%Ln task</numerusform>
            <numerusform>%Ln tasks</numerusform>
        </translation>
    </message>
    <message>
        <source>Created “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is now %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the task “%1”? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Tasks as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taskdeck</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taskdeck::TimelineChart</name>
    <message>
        <source>Tasks over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
