<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmDetailPanel</name>
    <message>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>Select an alarm to see its details.</source>
        <translation>选择一条报警查看详情。</translation>
    </message>
    <message>
        <source>Response card</source>
        <translation>处置卡</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>测点</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>读数</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>报警时间</translation>
    </message>
    <message>
        <source>Value / limit</source>
        <translation>数值 / 限值</translation>
    </message>
    <message>
        <source>Times raised</source>
        <translation>报警次数</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation>恢复正常</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Point out of service: its alarms are not in the alarm list.</source>
        <translation>测点已停用：其报警不在报警列表中。</translation>
    </message>
    <message>
        <source>Chattering: raised again and again within a minute.</source>
        <translation>振荡报警：一分钟内反复报警。</translation>
    </message>
    <message>
        <source>This point is not in the plant registry.</source>
        <translation>该测点不在测点台账中。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>量程</translation>
    </message>
    <message>
        <source>Deadband</source>
        <translation>死区</translation>
    </message>
    <message>
        <source>On-delay</source>
        <translation>报警延时</translation>
    </message>
    <message>
        <source>Off-delay</source>
        <translation>恢复延时</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>报警原因</translation>
    </message>
    <message>
        <source>Consequence</source>
        <translation>可能后果</translation>
    </message>
    <message>
        <source>Corrective action</source>
        <translation>处置措施</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Shelved by %1 until %2: %3</source>
        <translation>已由 %1 搁置至 %2：%3</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>◀ Alarm</source>
        <translation>◀ 报警</translation>
    </message>
</context>
<context>
    <name>AlarmEvent</name>
    <message>
        <source>Raised</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Raised again</source>
        <translation>再次报警</translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation>恢复正常</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>搁置</translation>
    </message>
    <message>
        <source>Unshelved</source>
        <translation>取消搁置</translation>
    </message>
    <message>
        <source>Point taken out of service</source>
        <translation>测点停用</translation>
    </message>
    <message>
        <source>Point returned to service</source>
        <translation>测点恢复使用</translation>
    </message>
</context>
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
        <source> · chattering</source>
        <translation> · 振荡</translation>
    </message>
    <message>
        <source>First out · </source>
        <translation>首出 · </translation>
    </message>
    <message>
        <source>Duty Console</source>
        <translation>值班报警台</translation>
    </message>
    <message>
        <source>Presence check</source>
        <translation>在岗确认</translation>
    </message>
    <message>
        <source>Alarm server link</source>
        <translation>报警服务器连接</translation>
    </message>
    <message>
        <source>Presence check not answered: the duty room may be unstaffed</source>
        <translation>在岗确认未应答：值班室可能无人值守</translation>
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
    <message>
        <source>Presence not confirmed</source>
        <translation>未确认在岗</translation>
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
    <message>
        <source>♪ Sound on</source>
        <translation>♪ 声音正常</translation>
    </message>
    <message>
        <source>✖ NO SOUND OUTPUT</source>
        <translation>✖ 无声音输出</translation>
    </message>
</context>
<context>
    <name>FloodBanner</name>
    <message>
        <source>ALARM FLOOD: %1 new alarms in 10 minutes. The list is grouped by enterprise and area; the first alarm of each group is marked first out.</source>
        <translation>报警泛滥：10 分钟内新增 %1 条报警。列表已按企业和区域分组，每组最先发生的报警标为“首出”。</translation>
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
        <source>Silence (Esc)</source>
        <translation>消音（Esc）</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>搁置…</translation>
    </message>
    <message>
        <source>Point out of service…</source>
        <translation>停用测点…</translation>
    </message>
    <message>
        <source>Unshelve</source>
        <translation>取消搁置</translation>
    </message>
    <message>
        <source>Return point to service</source>
        <translation>恢复测点</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>测点台账</translation>
    </message>
    <message>
        <source>No alarm waits for acknowledgment.</source>
        <translation>没有待确认的报警。</translation>
    </message>
    <message>
        <source>Chattering alarm: consider shelving it with a reason.</source>
        <translation>振荡报警：可填写原因后搁置。</translation>
    </message>
    <message>
        <source>Nothing is sounding.</source>
        <translation>当前没有报警声。</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge all %n visible alarm(s) as %1?</source>
        <translation>
            <numerusform>以 %1 的名义确认全部 %n 条报警？</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a plant alarm in the list first.</source>
        <translation>请先在列表中选择一条现场报警。</translation>
    </message>
    <message>
        <source>Sign in first: what you do is recorded with your name.</source>
        <translation>请先签到：所有操作都以您的姓名记录。</translation>
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
        <source>Shelved %1 · Out of service %2</source>
        <translation>搁置 %1 · 停用 %2</translation>
    </message>
    <message>
        <source>Acknowledgment NOT recorded (%1); the alarm stays unacknowledged.</source>
        <translation>确认未能记录（%1），该报警仍为未确认。</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未执行：%1</translation>
    </message>
</context>
<context>
    <name>PointKind</name>
    <message>
        <source>Combustible gas</source>
        <translation>可燃气体</translation>
    </message>
    <message>
        <source>Toxic gas</source>
        <translation>有毒气体</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Pressure</source>
        <translation>压力</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>液位</translation>
    </message>
    <message>
        <source>Flow</source>
        <translation>流量</translation>
    </message>
</context>
<context>
    <name>PointsImportBar</name>
    <message>
        <source>Sheet file (.xlsx or .csv)</source>
        <translation>测点表文件（.xlsx 或 .csv）</translation>
    </message>
    <message>
        <source>Import sheet</source>
        <translation>导入测点表</translation>
    </message>
    <message>
        <source>Points sheet:</source>
        <translation>传感数据填报表：</translation>
    </message>
    <message>
        <source>Only an administrator or a manager may change the points.</source>
        <translation>只有管理员或安全管理人员可以修改测点。</translation>
    </message>
    <message>
        <source>Checking the sheet…</source>
        <translation>正在检查测点表…</translation>
    </message>
    <message>
        <source>Imported. %1</source>
        <translation>已导入。%1</translation>
    </message>
    <message numerus="yes">
        <source>Not imported, nothing changed: %n problem(s).</source>
        <translation>
            <numerusform>未导入，未做任何修改：%n 处问题。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PointsTableModel</name>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
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
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>量程</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>关联摄像头</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>PointsView</name>
    <message>
        <source>Filter by tag, name, enterprise or area</source>
        <translation>按位号、名称、企业或区域筛选</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>筛选：</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>共 %1 个测点</translation>
    </message>
    <message>
        <source>%1 of %2 points</source>
        <translation>%1 / %2 个测点</translation>
    </message>
</context>
<context>
    <name>PresenceBar</name>
    <message>
        <source>Presence check: click Confirm or press F12</source>
        <translation>在岗确认：请点击确认或按 F12</translation>
    </message>
    <message>
        <source>Confirm presence (F12)</source>
        <translation>确认在岗 (F12)</translation>
    </message>
    <message>
        <source>Waiting %1 s</source>
        <translation>已等待 %1 秒</translation>
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
    <name>ShelveBar</name>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Shelve %1:</source>
        <translation>搁置 %1：</translation>
    </message>
    <message>
        <source>Take point %1 out of service:</source>
        <translation>停用测点 %1：</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须填写原因。</translation>
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
        <source>Too many wrong passwords: this account is locked until %1.</source>
        <translation>密码错误次数过多：该账户已锁定至 %1。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
</TS>
