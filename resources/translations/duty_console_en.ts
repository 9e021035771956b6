<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
        <source>Shelved by %1 until %2: %3</source>
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
        <source>Cleared, unacknowledged</source>
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
        <source>First out · </source>
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
        <source>Alarm server link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence check not answered: the duty room may be unstaffed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection to the alarm server lost: alarms may not arrive</source>
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
    <name>Demo</name>
    <message>
        <source>Demo operators: zhangwei / demo, lina / demo</source>
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
</context>
<context>
    <name>FloodBanner</name>
    <message>
        <source>ALARM FLOOD: %1 new alarms in 10 minutes. The list is grouped by enterprise and area; the first alarm of each group is marked first out.</source>
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
        <source>Unshelve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return point to service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarm waits for acknowledgment.</source>
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
        <source>Not done: %1</source>
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
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator on duty: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
