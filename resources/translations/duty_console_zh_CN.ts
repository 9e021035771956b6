<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmState</name>
    <message>
        <source>Acknowledging…</source>
        <translation>确认中…</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Cleared, unacknowledged</source>
        <translation>已恢复·未确认</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>AlarmTable</name>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>报警时间</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>测点名称</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>报警类型</translation>
    </message>
    <message>
        <source>Value / limit</source>
        <translation>数值 / 限值</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>确认人 / 时间</translation>
    </message>
    <message>
        <source>Duty Console</source>
        <translation>值班报警台</translation>
    </message>
    <message>
        <source>Alarm server link</source>
        <translation>报警服务器连接</translation>
    </message>
    <message>
        <source>Connection to the alarm server lost: alarms may not arrive</source>
        <translation>与报警服务器的连接中断：报警可能无法送达</translation>
    </message>
</context>
<context>
    <name>Condition</name>
    <message>
        <source>High-high</source>
        <translation>高高报</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高报</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低报</translation>
    </message>
    <message>
        <source>Low-low</source>
        <translation>低低报</translation>
    </message>
    <message>
        <source>Instrument fault</source>
        <translation>仪表故障</translation>
    </message>
    <message>
        <source>Communication lost</source>
        <translation>通信中断</translation>
    </message>
    <message>
        <source>Suspect value</source>
        <translation>数值可疑</translation>
    </message>
    <message>
        <source>Device fault</source>
        <translation>设备故障</translation>
    </message>
</context>
<context>
    <name>ConfirmBar</name>
    <message>
        <source>Yes, acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>Demo operators: zhangwei / demo, lina / demo</source>
        <translation>演示值班员：zhangwei / demo，lina / demo</translation>
    </message>
</context>
<context>
    <name>DutyStatusBar</name>
    <message>
        <source>● Alarm server connected</source>
        <translation>● 报警服务器已连接</translation>
    </message>
    <message>
        <source>◌ Connecting to the alarm server…</source>
        <translation>◌ 正在连接报警服务器…</translation>
    </message>
    <message>
        <source>✖ Alarm server DISCONNECTED since %1</source>
        <translation>✖ 报警服务器已断开（%1 起）</translation>
    </message>
    <message>
        <source>○ Alarm server link stopped</source>
        <translation>○ 报警服务器连接已停止</translation>
    </message>
    <message>
        <source>Active: %1</source>
        <translation>活动报警：%1</translation>
    </message>
    <message>
        <source>Unacknowledged: %1</source>
        <translation>未确认：%1</translation>
    </message>
    <message>
        <source>Bad messages: %1</source>
        <translation>异常消息：%1</translation>
    </message>
    <message>
        <source>On duty: %1</source>
        <translation>值班员：%1</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>无人签到值班</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Acknowledge (Space)</source>
        <translation>确认报警（空格键）</translation>
    </message>
    <message>
        <source>Acknowledge all visible…</source>
        <translation>全部确认…</translation>
    </message>
    <message>
        <source>Sign in first: acknowledgments are recorded with the operator&apos;s name.</source>
        <translation>请先签到：每次确认都记录值班员姓名。</translation>
    </message>
    <message>
        <source>No alarm waits for acknowledgment.</source>
        <translation>没有待确认的报警。</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge all %n visible alarm(s) as %1?</source>
        <translation>
            <numerusform>以 %1 的名义确认全部 %n 条报警？</numerusform>
        </translation>
    </message>
    <message>
        <source>Duty Console</source>
        <translation>值班报警台</translation>
    </message>
    <message numerus="yes">
        <source>Duty Console — %n unacknowledged</source>
        <translation>
            <numerusform>值班报警台 — %n 条未确认</numerusform>
        </translation>
    </message>
    <message>
        <source>Acknowledgment NOT recorded (%1); the alarm stays unacknowledged.</source>
        <translation>确认未能记录（%1），该报警仍为未确认。</translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <source>Red · Urgent</source>
        <translation>红色 · 紧急</translation>
    </message>
    <message>
        <source>Orange · High</source>
        <translation>橙色 · 高</translation>
    </message>
    <message>
        <source>Yellow · Medium</source>
        <translation>黄色 · 中</translation>
    </message>
    <message>
        <source>Blue · Low</source>
        <translation>蓝色 · 低</translation>
    </message>
</context>
<context>
    <name>SignInBar</name>
    <message>
        <source>Operator sign-in:</source>
        <translation>值班员签到：</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Sign in to acknowledge alarms.</source>
        <translation>签到后才能确认报警。</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>Operator on duty: %1</source>
        <translation>当前值班员：%1</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
</TS>
