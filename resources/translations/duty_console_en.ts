<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AdminPage</name>
    <message>
        <source>First administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The administrator signs in at the console to add operators and change the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This duty log has %1 user account(s) already: leave the fields empty to keep them, or add an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least 8 characters, not the user name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmDetailPanel</name>
    <message>
        <source>not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an alarm to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value / limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point out of service: its alarms are not in the alarm list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chattering: raised again and again within a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered late: it became active while this console could not hear of it; the time raised is the source&apos;s own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This point is not in the plant registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadband</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On-delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off-delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrective action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 (%3, %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required before clearing (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shelved by %1 until %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledgment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‼ Deadline missed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Alarm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmEvent</name>
    <message>
        <source>Raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unshelved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point taken out of service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point returned to service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active again before clearing (new occurrence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value %1, limit %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmFilterBar</name>
    <message>
        <source>Search tag, point or enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All enterprises</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmNotes</name>
    <message>
        <source>Sign in to write a note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account may not write notes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A note holds at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmNotesTab</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A note on this alarm, for the other desks and the next shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note could not be stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmState</name>
    <message>
        <source>Acknowledging…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned, unacknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned, to be cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmTable</name>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value / limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · chattering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · delivered late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · to be handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‼ OVERDUE · </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First out · </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⇄ Taken over · </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◇ Other desk · </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared duty log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms may have been missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm server link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence check not answered: the duty room may be unstaffed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared duty log unreachable: records are kept on this workstation and written when it answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms may have been missed: the alarm server lost this console&apos;s session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms may have been missed from %1 to %2: the alarm server lost this console&apos;s session; the gateways are asked for what they sent meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection to the alarm server lost: alarms may not arrive</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmView</name>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show trend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a column to sort by it (again: the other way round); click Priority for the standard order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 new alarms: shown when the pointer leaves the list or rests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AreasBanner</name>
    <message>
        <source>Area %1 unattended: its alarms have been moved to this workstation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AreasView</name>
    <message>
        <source>Only an administrator may change the areas of responsibility.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an enterprise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one workstation or one role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That assignment is in force already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The duty log could not be written; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Covered now by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody: fallen to the attended workstations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an assignment first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BrokerForm</name>
    <message>
        <source>Broker host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CA certificate turns TLS on (port 8883 is usual). Client certificate and key: only for brokers that require them. The password is kept in the system keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates and keys (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the broker (%1 ms).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BrokerPage</name>
    <message>
        <source>Alarm server (MQTT broker)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the plant&apos;s alarms come from. Test the connection if the broker is running already.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraAlarm</name>
    <message>
        <source>No picture from camera %1 since %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>bad arguments (see audit verify --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the settings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no password: give --password-stdin (and the password on standard input) or run it in a terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no password given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password of %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password file %1 is not a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password file %1 must belong to you and be readable by you only (chmod 600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the password file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the duty log %1 cannot be reached: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the duty log %1 did not answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the duty log %1 cannot be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused: the account is locked after too many wrong passwords; try again later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused: wrong user name or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused: this command needs your credential (--user NAME and your password)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused: %1 (%2) may not do this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the audit key cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a user name is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the user name may not contain spaces and must be at most 64 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a user named %1 exists already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no user named %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the display name must be at most 128 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password needs at least 8 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password may have at most 256 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password may not be the user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the last enabled administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody disables their own account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody changes their own role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing to change for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the duty log could not be written (see the log file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password of %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty password is not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused: the duty log has accounts already, so only an administrator adds one (--user NAME and your password)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the historian needs history.url to name a PostgreSQL database (postgresql+psycopg://user@host/database)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Condition</name>
    <message>
        <source>High-high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low-low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instrument fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Communication lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspect value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence not confirmed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmBar</name>
    <message>
        <source>Yes, acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabaseForm</name>
    <message>
        <source>SQLite file on this workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL, shared by several workstations (URL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty file name: the default duty log. The database password is kept in the system keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty log file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite duty log (*.sqlite *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing the database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database test failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new duty log will be created there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: duty log schema %1, %2 user account(s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <source>Duty log (database)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every alarm, acknowledgment and handling is recorded here. One workstation: an SQLite file. Several workstations: one PostgreSQL database for all.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>Demo users (password demo): zhangwei, lina (operators), wangfang (manager), admin</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DutyDesk</name>
    <message>
        <source>the duty log cannot be reached, and signing in needs it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not on the roster for shift %2 at this desk: a shift leader may approve with their own user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not signed in: the shift leader&apos;s user name or password is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 not signed in: only a shift leader or administrator (another person) may approve.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DutyStatusBar</name>
    <message>
        <source>● Alarm server connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◌ Connecting to the alarm server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✖ Alarm server DISCONNECTED since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ Alarm server link stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: certificate from an unknown CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the server&apos;s certificate has expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the server&apos;s certificate is not valid yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the certificate names another host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: this workstation&apos;s certificate was refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unacknowledged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad messages: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bad messages by enterprise (details in the log):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On duty: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>♪ Sound on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✖ NO SOUND OUTPUT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⟳ Writing %1 records kept on this workstation to the duty log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✖ Shared duty log UNREACHABLE · %1 records kept on this workstation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterpriseOverview</name>
    <message>
        <source>All enterprises</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unacknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comm. lost: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No video: %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worst active alarm: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active alarms: %1 (red %2, orange %3, yellow %4, blue %5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unacknowledged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateways or devices out of communication: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cameras without signal: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to show the alarms of every enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alarm list shows only this enterprise: click again to show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to show only this enterprise&apos;s alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find an enterprise by name or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find an enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm server unreachable: these figures may be out of date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No enterprise matches “%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EscalationBanner</name>
    <message numerus="yes">
        <source>%n alarm(s) not acknowledged in time</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) not handled in time</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>‼ OVERDUE: %1. Escalation sent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No snapshot or clip of this alarm yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish writes the settings, prepares the duty log, adds the administrator and imports the points. Nothing is written if any of it fails.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Duty Console — first set-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the computer&apos;s name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker: %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty log: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(keep the existing accounts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points sheet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start at log-in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was set up:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FloodBanner</name>
    <message>
        <source>ALARM FLOOD: %1 new alarms in 10 minutes. The first alarm of each enterprise and area is marked first out; the list stays in priority order.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GapCloser</name>
    <message>
        <source>Gateway %1 offline: no alarms arrive from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 alarm messages missing from gateway %2 of %3 (sequence %4 to %5)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Handling</name>
    <message>
        <source>Real event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>False alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instrument fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drill</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandlingBar</name>
    <message>
        <source>— category —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was found and done (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handling of %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a category.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe what was done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandoverPanel</name>
    <message>
        <source>Shift handover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign as outgoing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign and take over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel handover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the handover report as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift handover report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF could NOT be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as PDF: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step 1 of 2: the outgoing operator checks the report with the incoming one and signs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the outgoing signature…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step 2 of 2: the incoming operator signs with their own user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the incoming signature and storing the handover…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go through the report with the incoming operator, then sign as the outgoing operator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by %1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now the incoming operator signs with their own user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover complete: %1 is on duty now, shift %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover abandoned: the outgoing operator is no longer signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover cancelled: the outgoing operator stays on duty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could NOT be prepared (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature could NOT be checked (%1); sign again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The handover could NOT be stored (%1); it is still pending: sign again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The handover is still pending; %1 stays on duty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password: the incoming signature is refused. The handover is still pending; %1 stays on duty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong password: the outgoing signature is refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in first: only the operator on duty can start a handover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account may not hand over the duty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A handover is in progress already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The handover is being stored: it can no longer be cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet: wait for the previous step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the incoming operator&apos;s user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The incoming operator signs with their own account, not the outgoing operator&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandoverReportHtml</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm server link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledgment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required, not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not signed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2), signed %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift handover report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft: not yet signed by both operators.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report made at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figures of the period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (average %2, longest %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledgment deadlines missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handling deadlines missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drills (not counted above)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asked: %2 answered, %3 late, %4 missed (average response %5, longest %6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the handover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instrument and communication faults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shelved alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points out of service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shelved by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken out by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nobody on duty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes on alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift taken over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit chain when made</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to Duty Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This wizard sets up this duty workstation: alarm server, duty log, first administrator and the plant&apos;s points. Choose the language first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Acknowledge (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge all visible…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silence (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point out of service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle… (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear alarm (F10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unshelve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return point to service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handling recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound silenced at workstation %1 by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm list (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarm waits for acknowledgment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chattering alarm: consider shelving it with a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is sounding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge all %n visible alarm(s) as %1?</source>
        <translation>
            <numerusform>Acknowledge the %n visible alarm as %1?</numerusform>
            <numerusform>Acknowledge all %n visible alarms as %1?</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a plant alarm in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in first: what you do is recorded with your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Duty Console — %n unacknowledged</source>
        <translation>
            <numerusform>Duty Console — %n unacknowledged</numerusform>
            <numerusform>Duty Console — %n unacknowledged</numerusform>
        </translation>
    </message>
    <message>
        <source>Shelved %1 · Out of service %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledgment NOT recorded (%1); the alarm stays unacknowledged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT recorded (%1); try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That alarm is no longer in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge the alarm first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its handling is already on record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe what was done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The condition is still active: it can be cleared once it is back to normal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record its handling first (F9): this priority needs it before clearing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shelved at workstation %2 by %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unshelved at another workstation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 alarm(s) cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be cleared yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprises</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlantEditor</name>
    <message>
        <source>Only an administrator or a manager signed in here may change the points.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PointKind</name>
    <message>
        <source>Combustible gas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toxic gas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pressure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flow</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PointsImportBar</name>
    <message>
        <source>Sheet file (.xlsx or .csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points sheet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an administrator or a manager may change the points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the sheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Not imported, nothing changed: %n problem(s).</source>
        <translation>
            <numerusform>Not imported, nothing changed: %n problem.</numerusform>
            <numerusform>Not imported, nothing changed: %n problems.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PointsPage</name>
    <message>
        <source>Points sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sensor data sheet (传感数据填报, XLSX or CSV) filled in by the enterprises.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: leave it empty to import later (tab “Points”). Without points the console accepts alarms for any enterprise and point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points sheets (*.xlsx *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the sheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sheet has %1 problem(s); nothing is imported. Correct it and check again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sheet is fine: it will be imported when you finish.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PointsSheet</name>
    <message>
        <source>row %1, %2: kind inferred as %3 from the unit %4 and the tag letters %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1, %2: kind inferred as %3 from the unit %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1, %2: kind inferred as %3 from the tag letters %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PointsTableModel</name>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PointsView</name>
    <message>
        <source>Filter by tag, name, enterprise or area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 points</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresenceBar</name>
    <message>
        <source>Presence check: click Confirm or press F12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm presence (F12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting %1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <source>Red · Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orange · High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yellow · Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blue · Low</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnedSection</name>
    <message>
        <source>Clear all that may be cleared…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, clear them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear %1 alarm(s) back to normal?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 still need their handling recorded (F9) and stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to normal, to be cleared: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 may be cleared now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewCharts</name>
    <message>
        <source>Alarms per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to acknowledge: number of acknowledgments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators side by side: median (dark) and p90 (light) time to acknowledge, seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a range and press Show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarms in this range.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewDetail</name>
    <message>
        <source>Raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reported again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unshelved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point out of service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point in service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an alarm in the log to see its detail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This alarm is not in the duty log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledgment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Occurrence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit chain: no entries about this alarm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit chain: %1 entries about this alarm, each intact and linked (entries %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit chain BROKEN for this alarm:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewExport</name>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to acknowledge (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to handle (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handling category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handling notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Occurrence id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledgment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge p90</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged in time (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle p90</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled in time (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence response median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence response max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms (drills left out)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms per operator per 10 minutes (target about 1, at most 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms per day (target about 150, at most 300)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak alarms in 10 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time in flood (target below 1 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority mix (target about 5 % high, 15 % medium, 80 % low)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top 10 points&apos; share of all alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chattering alarms (3 or more in 60 s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stale alarms (active 24 h or more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KPIs by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm system health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top 10 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drills hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewFilterBar</name>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
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
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shift, e.g. 2026-03-02 08:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show drills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>search alarm text and handling notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All enterprises</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end of the range must come after its start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a shift of the pattern: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewKpiView</name>
    <message>
        <source>By %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drills are left out. The KPIs follow every filter but the free text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm system health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top 10 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewLog</name>
    <message>
        <source>Raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewLogModel</name>
    <message>
        <source>ack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handling</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message>
        <source>Duty review: shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty review: daily report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty review: monthly report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty review: report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ack&apos;d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ack&apos;d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ack mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ack median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ack p90</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ack max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ack in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle p90</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handle in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence ✓/late/missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledged late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not acknowledged in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handled late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not handled in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… and %1 more (export the log for all of them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drills are left out of every figure. Response times count from the moment the alarm was raised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm system health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to acknowledge: how many acknowledgments took how long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators side by side: median and p90 time to acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top 10 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue and unhandled alarms (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prepared by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledgments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p90</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewService</name>
    <message>
        <source>Only a shift leader, a manager or an administrator signed in here may review the alarm log.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewStage</name>
    <message>
        <source>Any stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged, not handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled, not cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned, to be cleared</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export XLSX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report of the range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift, day or month in which the chosen range starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder the files are saved in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster and presence (XLSX)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who was rostered on each shift of the range against who took the duty, saved as XLSX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify audit chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching alarms: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the KPIs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KPIs ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm-log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>roster-presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the roster against presence (%1 lines) to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 alarms to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shift-report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>daily-report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>monthly-report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the report %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the audit chain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit chain intact: %1 entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUDIT CHAIN BROKEN at entry %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain is unkeyed: a rewrite by someone with database access would not show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked against the audit key from entry %1 on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entries from %1 on are keyed, and there is no audit key here: only their links were checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cut-off tail shows only against the anchors (duty-console audit verify --broker).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit chain not checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RosterPanel</name>
    <message>
        <source>User names, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster sheet (.xlsx or .csv: 日期, 班次, 值班台, 值班人员)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster of today and tomorrow:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the roster sheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 added to the roster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows read: %2 good, %3 refused; %4 entries added, %5 already on the roster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a shift leader or an administrator may change the roster.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RosterReport</name>
    <message>
        <source>Roster and presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>Duty Console — settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the settings and the database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The new settings take effect when Duty Console is next started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupProblems</name>
    <message>
        <source>Enter the broker&apos;s host name or address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port must be a whole number from 1 to 65535 (not “%1”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 cannot be read (missing, or no permission).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a usable PEM certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key does not belong to the client certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A client key needs its client certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The broker does not answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The broker refused the connection (user name or password?): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS failed (wrong CA certificate, or the broker&apos;s name does not match it): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the broker&apos;s certificate is signed by a CA this file does not hold (wrong CA certificate?): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the broker&apos;s certificate has expired (renew it on the broker, or check this computer&apos;s clock): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the broker&apos;s certificate is not valid yet (check this computer&apos;s clock): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the broker&apos;s certificate is made out to another name than this host name or address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS: the broker refused this workstation&apos;s client certificate (missing, or not signed by a CA it trusts): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid database URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database type %1 is not supported: use an SQLite file or PostgreSQL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be reached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 cannot be written: the duty log cannot be created there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This duty log was made by a newer version of Duty Console (schema %1): install that version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The duty log could not be prepared: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid value: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an administrator signed in at this workstation may change its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user named %1 exists already (with another password or role).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This duty log has user accounts already: leave the administrator empty; an administrator signed in adds users in the Users panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the administrator&apos;s user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user name may not contain spaces and must be at most 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The full name must be at most 128 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must be at most 256 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password may not be the user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShelveBar</name>
    <message>
        <source>Reason (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shelve %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take point %1 out of service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInBar</name>
    <message>
        <source>Operator sign-in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to acknowledge alarms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift leader&apos;s approval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift leader&apos;s password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator on duty: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in without the duty (not on the roster): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in: the duty log cannot be reached. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is for scheduled reports only: it cannot sign in at a desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SystemCheck</name>
    <message>
        <source>Duty Console is already running: its window is brought forward.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set-up cancelled: nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty Console needs a display: no graphical session was found (DISPLAY and WAYLAND_DISPLAY are not set). Start it from the desktop of the duty workstation, or for a test without a screen set QT_QPA_PLATFORM=offscreen or run it under xvfb-run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libvlc (VLC) is missing: there will be NO alarm sound and no camera video. Install it: sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendView</name>
    <message>
        <source>5 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a point: type its tag or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No point %1 in the plant registry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 points in one trend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No point chosen: select an alarm, or add a point above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an alarm to see its trend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the mouse over the plot to read the values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console&apos;s own alarm has no trend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end must be after the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export: no point chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not write the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsersView</name>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name (for signing in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name as shown on the desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password (at least %1 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save name and role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set new password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User %1 added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role of %1 changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of %1 changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password set for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 disabled: this account can no longer sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 enabled: this account can sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an administrator signed in at this desk may manage users.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user name has no spaces and at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A user named %1 exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no user named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name is too long: at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is too short: at least %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is too long: at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must not be the user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the last enabled administrator: make another user an administrator first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You cannot change your own role: ask another administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: the duty log could not be written. Try again; the log file has the details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VideoPanel</name>
    <message>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show %1 tile(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected tile&apos;s picture, linked to its alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No picture to save in tile %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <source>Pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this camera here: new alarms do not switch this tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tile %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live picture after sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⊘ NO SIGNAL since %1
reconnecting by itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⊘ No signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No camera. Select an alarm, or double-click a camera in the list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkstationForm</name>
    <message>
        <source>Workstation name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plant file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: the computer&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Duty Console when this user logs in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plant file (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
