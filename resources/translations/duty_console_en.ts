<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
        <source>Duty Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm server link</source>
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
        <source>Sign in first: acknowledgments are recorded with the operator&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarm waits for acknowledgment.</source>
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
        <source>Acknowledgment NOT recorded (%1); the alarm stays unacknowledged.</source>
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
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
