<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminPage</name>
    <message>
        <source>First administrator</source>
        <translation>首个管理员</translation>
    </message>
    <message>
        <source>The administrator signs in at the console to add operators and change the settings.</source>
        <translation>管理员在报警台登录后可添加值班员、修改设置。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>This duty log has %1 user account(s) already: leave the fields empty to keep them, or add an administrator.</source>
        <translation>该值班记录已有 %1 个用户账号：留空则沿用现有账号，也可再添加一名管理员。</translation>
    </message>
    <message>
        <source>At least 8 characters, not the user name.</source>
        <translation>至少 8 个字符，且不能与用户名相同。</translation>
    </message>
</context>
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
        <source>Handling</source>
        <translation>处置</translation>
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
        <source>Delivered late: it became active while this console could not hear of it; the time raised is the source&apos;s own.</source>
        <translation>迟到送达：报警发生时本台无法收到；报警时间为源端原始时间。</translation>
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
        <source>%1 — %2 (%3, %4)</source>
        <translation>%1 — %2（%3，%4）</translation>
    </message>
    <message>
        <source>Required before clearing (F9)</source>
        <translation>消警前须处置（F9）</translation>
    </message>
    <message>
        <source>Shelved by %1 until %2: %3</source>
        <translation>已由 %1 搁置至 %2：%3</translation>
    </message>
    <message>
        <source>acknowledgment</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>handling</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>‼ Deadline missed: %1</source>
        <translation>‼ 超时未完成：%1</translation>
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
    <message>
        <source>Handled</source>
        <translation>已处置</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>已消警</translation>
    </message>
    <message>
        <source>Active again before clearing (new occurrence)</source>
        <translation>消警前再次报警（新报警）</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>超时未响应</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>response %1 s</source>
        <translation>响应 %1 秒</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>数值 %1</translation>
    </message>
    <message>
        <source>value %1, limit %2</source>
        <translation>数值 %1，限值 %2</translation>
    </message>
</context>
<context>
    <name>AlarmFilterBar</name>
    <message>
        <source>Search tag, point or enterprise</source>
        <translation>搜索位号、测点或企业</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
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
        <source>Returned to normal</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅超时</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>All enterprises</source>
        <translation>全部企业</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1 / 共 %2 条</translation>
    </message>
</context>
<context>
    <name>AlarmNotes</name>
    <message>
        <source>Sign in to write a note.</source>
        <translation>请先登录再写备注。</translation>
    </message>
    <message>
        <source>This account may not write notes.</source>
        <translation>此账户不能写备注。</translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation>请先填写备注内容。</translation>
    </message>
    <message>
        <source>A note holds at most %1 characters.</source>
        <translation>备注最多 %1 个字符。</translation>
    </message>
</context>
<context>
    <name>AlarmNotesTab</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>填写人</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>值班台</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>A note on this alarm, for the other desks and the next shift</source>
        <translation>关于此报警的备注，供其他值班台和下一班查看</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>The note could not be stored: %1</source>
        <translation>备注未能保存：%1</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
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
        <source>Returned, unacknowledged</source>
        <translation>已恢复·未确认</translation>
    </message>
    <message>
        <source>Returned, to be cleared</source>
        <translation>已恢复·待消警</translation>
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
        <source> · delivered late</source>
        <translation> · 迟到送达</translation>
    </message>
    <message>
        <source> · handled</source>
        <translation> · 已处置</translation>
    </message>
    <message>
        <source> · to be handled</source>
        <translation> · 待处置</translation>
    </message>
    <message>
        <source>‼ OVERDUE · </source>
        <translation>‼ 超时 · </translation>
    </message>
    <message>
        <source>First out · </source>
        <translation>首出 · </translation>
    </message>
    <message>
        <source>⇄ Taken over · </source>
        <translation>⇄ 代管 · </translation>
    </message>
    <message>
        <source>◇ Other desk · </source>
        <translation>◇ 他台区域 · </translation>
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
        <source>Shared duty log</source>
        <translation>共享值班记录</translation>
    </message>
    <message>
        <source>Alarms may have been missed</source>
        <translation>报警可能遗漏</translation>
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
        <source>Shared duty log unreachable: records are kept on this workstation and written when it answers</source>
        <translation>共享值班记录不可达：记录暂存本机，恢复后自动写入</translation>
    </message>
    <message>
        <source>Alarms may have been missed: the alarm server lost this console&apos;s session</source>
        <translation>报警可能遗漏：报警服务器丢失了本台的会话</translation>
    </message>
    <message>
        <source>Alarms may have been missed from %1 to %2: the alarm server lost this console&apos;s session; the gateways are asked for what they sent meanwhile</source>
        <translation>%1 至 %2 期间报警可能遗漏：报警服务器丢失了本台的会话，已向各网关索取期间发出的报警</translation>
    </message>
    <message>
        <source>Connection to the alarm server lost: alarms may not arrive</source>
        <translation>与报警服务器的连接中断：报警可能无法送达</translation>
    </message>
</context>
<context>
    <name>AlarmView</name>
    <message>
        <source>Acknowledge</source>
        <translation>确认报警</translation>
    </message>
    <message>
        <source>Handle…</source>
        <translation>处置…</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>搁置…</translation>
    </message>
    <message>
        <source>Show trend</source>
        <translation>查看趋势</translation>
    </message>
    <message>
        <source>Show video</source>
        <translation>查看视频</translation>
    </message>
    <message>
        <source>Show detail</source>
        <translation>查看详情</translation>
    </message>
    <message>
        <source>Click a column to sort by it (again: the other way round); click Priority for the standard order</source>
        <translation>点击列名按该列排序（再点一次反向）；点击“优先级”恢复标准排序</translation>
    </message>
    <message>
        <source>%1 new alarms: shown when the pointer leaves the list or rests</source>
        <translation>%1 条新报警：鼠标移出列表或停下后显示</translation>
    </message>
    <message>
        <source>Default columns</source>
        <translation>恢复默认列</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>AreasBanner</name>
    <message>
        <source>Area %1 unattended: its alarms have been moved to this workstation.</source>
        <translation>区域 %1 无人值守，报警已转到本台。</translation>
    </message>
</context>
<context>
    <name>AreasView</name>
    <message>
        <source>Only an administrator may change the areas of responsibility.</source>
        <translation>只有管理员可以更改责任区。</translation>
    </message>
    <message>
        <source>Choose an enterprise.</source>
        <translation>请选择企业。</translation>
    </message>
    <message>
        <source>Choose one workstation or one role.</source>
        <translation>请选择一个工作站或一个角色。</translation>
    </message>
    <message>
        <source>That assignment is in force already.</source>
        <translation>该分配已生效。</translation>
    </message>
    <message>
        <source>The duty log could not be written; nothing was changed.</source>
        <translation>值班日志无法写入，未作任何更改。</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>分配给</translation>
    </message>
    <message>
        <source>Covered now by</source>
        <translation>当前值守</translation>
    </message>
    <message>
        <source>Assigned at</source>
        <translation>分配时间</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>nobody: fallen to the attended workstations</source>
        <translation>无人值守：已转到在岗工作站</translation>
    </message>
    <message>
        <source>Select an assignment first.</source>
        <translation>请先选择一项分配。</translation>
    </message>
</context>
<context>
    <name>BrokerForm</name>
    <message>
        <source>Broker host</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
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
        <source>Topic root</source>
        <translation>主题根</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>客户端私钥</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>A CA certificate turns TLS on (port 8883 is usual). Client certificate and key: only for brokers that require them. The password is kept in the system keyring.</source>
        <translation>填写 CA 证书即启用 TLS（通常使用 8883 端口）。客户端证书和私钥仅在服务器要求时填写。密码保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Certificates and keys (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation>证书和私钥 (*.pem *.crt *.cer *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <source>Connected to the broker (%1 ms).</source>
        <translation>已连接到报警服务器（%1 毫秒）。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
</context>
<context>
    <name>BrokerPage</name>
    <message>
        <source>Alarm server (MQTT broker)</source>
        <translation>报警服务器（MQTT）</translation>
    </message>
    <message>
        <source>Where the plant&apos;s alarms come from. Test the connection if the broker is running already.</source>
        <translation>厂区报警从这里接入。如服务器已在运行，可测试连接。</translation>
    </message>
</context>
<context>
    <name>CameraAlarm</name>
    <message>
        <source>No picture from camera %1 since %2</source>
        <translation>摄像机 %1 自 %2 起无图像</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>bad arguments (see audit verify --help)</source>
        <translation>参数有误（参见 audit verify --help）</translation>
    </message>
    <message>
        <source>cannot read the settings: %1</source>
        <translation>无法读取设置：%1</translation>
    </message>
    <message>
        <source>no password: give --password-stdin (and the password on standard input) or run it in a terminal</source>
        <translation>没有密码：请使用 --password-stdin（并在标准输入中给出密码），或在终端中运行</translation>
    </message>
    <message>
        <source>no password given</source>
        <translation>未输入密码</translation>
    </message>
    <message>
        <source>Password of %1: </source>
        <translation>%1 的密码：</translation>
    </message>
    <message>
        <source>the password file %1 is not a file</source>
        <translation>密码文件 %1 不是普通文件</translation>
    </message>
    <message>
        <source>the password file %1 must belong to you and be readable by you only (chmod 600)</source>
        <translation>密码文件 %1 必须属于您本人，且只有您可读（chmod 600）</translation>
    </message>
    <message>
        <source>cannot read the password file: %1</source>
        <translation>无法读取密码文件：%1</translation>
    </message>
    <message>
        <source>the duty log %1 cannot be reached: %2</source>
        <translation>无法连接值班记录 %1：%2</translation>
    </message>
    <message>
        <source>the duty log %1 did not answer</source>
        <translation>值班记录 %1 没有响应</translation>
    </message>
    <message>
        <source>the duty log %1 cannot be used: %2</source>
        <translation>值班记录 %1 无法使用：%2</translation>
    </message>
    <message>
        <source>refused: the account is locked after too many wrong passwords; try again later</source>
        <translation>已拒绝：密码错误次数过多，账户已锁定，请稍后再试</translation>
    </message>
    <message>
        <source>refused: wrong user name or password</source>
        <translation>已拒绝：用户名或密码错误</translation>
    </message>
    <message>
        <source>refused: this command needs your credential (--user NAME and your password)</source>
        <translation>已拒绝：此命令需要您的身份凭据（--user 用户名 及您的密码）</translation>
    </message>
    <message>
        <source>refused: %1 (%2) may not do this</source>
        <translation>已拒绝：%1（%2）无权执行此操作</translation>
    </message>
    <message>
        <source>the audit key cannot be used: %1</source>
        <translation>审计密钥无法使用：%1</translation>
    </message>
    <message>
        <source>a user name is needed</source>
        <translation>需要用户名</translation>
    </message>
    <message>
        <source>the user name may not contain spaces and must be at most 64 characters</source>
        <translation>用户名不能包含空格，且最多 64 个字符</translation>
    </message>
    <message>
        <source>a user named %1 exists already</source>
        <translation>用户 %1 已存在</translation>
    </message>
    <message>
        <source>there is no user named %1</source>
        <translation>没有名为 %1 的用户</translation>
    </message>
    <message>
        <source>not a role</source>
        <translation>不是有效的角色</translation>
    </message>
    <message>
        <source>the display name must be at most 128 characters</source>
        <translation>显示名称最多 128 个字符</translation>
    </message>
    <message>
        <source>the password needs at least 8 characters</source>
        <translation>密码至少需要 8 个字符</translation>
    </message>
    <message>
        <source>the password may have at most 256 characters</source>
        <translation>密码最多 256 个字符</translation>
    </message>
    <message>
        <source>the password may not be the user name</source>
        <translation>密码不能与用户名相同</translation>
    </message>
    <message>
        <source>%1 is the last enabled administrator</source>
        <translation>%1 是最后一个启用的管理员</translation>
    </message>
    <message>
        <source>nobody disables their own account</source>
        <translation>不能停用自己的账户</translation>
    </message>
    <message>
        <source>nobody changes their own role</source>
        <translation>不能更改自己的角色</translation>
    </message>
    <message>
        <source>%1 is not locked</source>
        <translation>%1 未被锁定</translation>
    </message>
    <message>
        <source>nothing to change for %1</source>
        <translation>%1 没有需要更改的内容</translation>
    </message>
    <message>
        <source>the duty log could not be written (see the log file)</source>
        <translation>无法写入值班记录（详见日志文件）</translation>
    </message>
    <message>
        <source>New password of %1: </source>
        <translation>%1 的新密码：</translation>
    </message>
    <message>
        <source>an empty password is not allowed</source>
        <translation>不允许空密码</translation>
    </message>
    <message>
        <source>refused: the duty log has accounts already, so only an administrator adds one (--user NAME and your password)</source>
        <translation>已拒绝：值班记录中已有账户，只能由管理员添加账户（--user 用户名 及您的密码）</translation>
    </message>
    <message>
        <source>the historian needs history.url to name a PostgreSQL database (postgresql+psycopg://user@host/database)</source>
        <translation>历史服务需要 history.url 指向一个 PostgreSQL 数据库（postgresql+psycopg://用户@主机/数据库）</translation>
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
    <name>DatabaseForm</name>
    <message>
        <source>SQLite file on this workstation</source>
        <translation>本机 SQLite 文件</translation>
    </message>
    <message>
        <source>PostgreSQL, shared by several workstations (URL)</source>
        <translation>PostgreSQL，多台值班台共用（URL）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Empty file name: the default duty log. The database password is kept in the system keyring.</source>
        <translation>文件名留空则使用默认值班记录。数据库密码保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Test database</source>
        <translation>测试数据库</translation>
    </message>
    <message>
        <source>Duty log file</source>
        <translation>值班记录文件</translation>
    </message>
    <message>
        <source>SQLite duty log (*.sqlite *.db);;All files (*)</source>
        <translation>SQLite 值班记录 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Testing the database…</source>
        <translation>正在测试数据库…</translation>
    </message>
    <message>
        <source>The database test failed.</source>
        <translation>数据库测试未通过。</translation>
    </message>
    <message>
        <source>A new duty log will be created there.</source>
        <translation>将在该位置新建值班记录。</translation>
    </message>
    <message>
        <source>Connected: duty log schema %1, %2 user account(s).</source>
        <translation>已连接：值班记录结构版本 %1，用户账号 %2 个。</translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <source>Duty log (database)</source>
        <translation>值班记录（数据库）</translation>
    </message>
    <message>
        <source>Every alarm, acknowledgment and handling is recorded here. One workstation: an SQLite file. Several workstations: one PostgreSQL database for all.</source>
        <translation>所有报警、确认和处置都记录在这里。单台值班台用 SQLite 文件；多台值班台共用一个 PostgreSQL 数据库。</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>Demo users (password demo): zhangwei, lina (operators), wangfang (manager), admin</source>
        <translation>演示用户（密码 demo）：zhangwei、lina（值班员），wangfang（安全管理人员），admin（管理员）</translation>
    </message>
</context>
<context>
    <name>DutyDesk</name>
    <message>
        <source>the duty log cannot be reached, and signing in needs it</source>
        <translation>值班记录不可达，登录需要它</translation>
    </message>
    <message>
        <source>%1 is not on the roster for shift %2 at this desk: a shift leader may approve with their own user name and password.</source>
        <translation>%1 不在本值班台 %2 班次的排班表中：可由值班长输入其用户名和密码批准。</translation>
    </message>
    <message>
        <source>%1 not signed in: the shift leader&apos;s user name or password is wrong.</source>
        <translation>%1 未登录：值班长的用户名或密码错误。</translation>
    </message>
    <message>
        <source>%1 not signed in: only a shift leader or administrator (another person) may approve.</source>
        <translation>%1 未登录：只有值班长或管理员（另一人）可以批准。</translation>
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
        <source>TLS: certificate from an unknown CA</source>
        <translation>TLS：证书来自未知的证书颁发机构</translation>
    </message>
    <message>
        <source>TLS: the server&apos;s certificate has expired</source>
        <translation>TLS：服务器证书已过期</translation>
    </message>
    <message>
        <source>TLS: the server&apos;s certificate is not valid yet</source>
        <translation>TLS：服务器证书尚未生效</translation>
    </message>
    <message>
        <source>TLS: the certificate names another host</source>
        <translation>TLS：证书中的主机名与服务器不符</translation>
    </message>
    <message>
        <source>TLS: this workstation&apos;s certificate was refused</source>
        <translation>TLS：本工作站的客户端证书被拒绝</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
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
        <source>Bad messages by enterprise (details in the log):</source>
        <translation>各企业的异常消息（详见日志）：</translation>
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
    <message>
        <source>⟳ Writing %1 records kept on this workstation to the duty log…</source>
        <translation>⟳ 正在将本机暂存的 %1 条记录写入值班记录…</translation>
    </message>
    <message>
        <source>✖ Shared duty log UNREACHABLE · %1 records kept on this workstation</source>
        <translation>✖ 共享值班记录不可达 · 本机暂存 %1 条记录</translation>
    </message>
</context>
<context>
    <name>EnterpriseOverview</name>
    <message>
        <source>All enterprises</source>
        <translation>全部企业</translation>
    </message>
    <message>
        <source>No alarm</source>
        <translation>无报警</translation>
    </message>
    <message>
        <source>%1 unacknowledged</source>
        <translation>未确认 %1</translation>
    </message>
    <message>
        <source>Comm. lost: %1</source>
        <translation>通信中断 %1</translation>
    </message>
    <message>
        <source>No video: %1/%2</source>
        <translation>视频无信号 %1/%2</translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation>统一社会信用代码：%1</translation>
    </message>
    <message>
        <source>Worst active alarm: %1</source>
        <translation>最高级别活动报警：%1</translation>
    </message>
    <message>
        <source>Active alarms: %1 (red %2, orange %3, yellow %4, blue %5)</source>
        <translation>活动报警：%1（红 %2，橙 %3，黄 %4，蓝 %5）</translation>
    </message>
    <message>
        <source>Unacknowledged: %1</source>
        <translation>未确认：%1</translation>
    </message>
    <message>
        <source>Gateways or devices out of communication: %1</source>
        <translation>通信中断的网关或设备：%1</translation>
    </message>
    <message>
        <source>Cameras without signal: %1 of %2</source>
        <translation>无信号摄像机：%1 / 共 %2 台</translation>
    </message>
    <message>
        <source>Click to show the alarms of every enterprise</source>
        <translation>点击显示全部企业的报警</translation>
    </message>
    <message>
        <source>The alarm list shows only this enterprise: click again to show all</source>
        <translation>报警列表只显示该企业：再次点击显示全部</translation>
    </message>
    <message>
        <source>Click to show only this enterprise&apos;s alarms</source>
        <translation>点击只显示该企业的报警</translation>
    </message>
    <message>
        <source>Find an enterprise by name or code</source>
        <translation>按企业名称或代码查找</translation>
    </message>
    <message>
        <source>Find an enterprise</source>
        <translation>查找企业</translation>
    </message>
    <message>
        <source>Alarm server unreachable: these figures may be out of date</source>
        <translation>报警服务器连接中断：以下数字可能不是最新</translation>
    </message>
    <message>
        <source>Enterprise overview</source>
        <translation>企业总览</translation>
    </message>
    <message>
        <source>No enterprise matches “%1”</source>
        <translation>没有与“%1”相符的企业</translation>
    </message>
</context>
<context>
    <name>EscalationBanner</name>
    <message numerus="yes">
        <source>%n alarm(s) not acknowledged in time</source>
        <translation>
            <numerusform>%n 条报警未按时确认</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) not handled in time</source>
        <translation>
            <numerusform>%n 条报警未按时处置</numerusform>
        </translation>
    </message>
    <message>
        <source>‼ OVERDUE: %1. Escalation sent.</source>
        <translation>‼ 超时：%1。已发出超时升级通知。</translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>No snapshot or clip of this alarm yet.</source>
        <translation>此报警尚无抓图或录像片段。</translation>
    </message>
    <message>
        <source>Video evidence</source>
        <translation>视频取证</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>抓图</translation>
    </message>
    <message>
        <source>Clip</source>
        <translation>录像片段</translation>
    </message>
    <message>
        <source>File not found: %1</source>
        <translation>找不到文件：%1</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>Ready</source>
        <translation>准备完成</translation>
    </message>
    <message>
        <source>Finish writes the settings, prepares the duty log, adds the administrator and imports the points. Nothing is written if any of it fails.</source>
        <translation>点击“完成”将保存设置、准备值班记录、添加管理员并导入测点。任何一步失败都不会写入任何内容。</translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation>正在设置…</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Duty Console — first set-up</source>
        <translation>值班报警台 — 首次设置</translation>
    </message>
    <message>
        <source>Workstation: %1</source>
        <translation>值班台：%1</translation>
    </message>
    <message>
        <source>(the computer&apos;s name)</source>
        <translation>（本机计算机名）</translation>
    </message>
    <message>
        <source>Broker: %1:%2</source>
        <translation>报警服务器：%1:%2</translation>
    </message>
    <message>
        <source>Duty log: %1</source>
        <translation>值班记录：%1</translation>
    </message>
    <message>
        <source>Administrator: %1</source>
        <translation>管理员：%1</translation>
    </message>
    <message>
        <source>(keep the existing accounts)</source>
        <translation>（沿用现有账号）</translation>
    </message>
    <message>
        <source>Points sheet: %1</source>
        <translation>测点表：%1</translation>
    </message>
    <message>
        <source>(none now)</source>
        <translation>（暂不导入）</translation>
    </message>
    <message>
        <source>Start at log-in: %1</source>
        <translation>登录时启动：%1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation>正在设置…</translation>
    </message>
    <message>
        <source>Nothing was set up:</source>
        <translation>未进行任何设置：</translation>
    </message>
</context>
<context>
    <name>FloodBanner</name>
    <message>
        <source>ALARM FLOOD: %1 new alarms in 10 minutes. The first alarm of each enterprise and area is marked first out; the list stays in priority order.</source>
        <translation>报警泛滥：10 分钟内新增 %1 条报警。各企业、各区域的第一条报警标为“首出”；列表仍按级别排序。</translation>
    </message>
</context>
<context>
    <name>GapCloser</name>
    <message>
        <source>Gateway %1 offline: no alarms arrive from it</source>
        <translation>网关 %1 离线：收不到其报警</translation>
    </message>
    <message>
        <source>%1 alarm messages missing from gateway %2 of %3 (sequence %4 to %5)</source>
        <translation>企业 %3 的网关 %2 缺失 %1 条报警消息（序号 %4 至 %5）</translation>
    </message>
</context>
<context>
    <name>Handling</name>
    <message>
        <source>Real event</source>
        <translation>真实事件</translation>
    </message>
    <message>
        <source>False alarm</source>
        <translation>误报</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>检维修</translation>
    </message>
    <message>
        <source>Instrument fault</source>
        <translation>仪表故障</translation>
    </message>
    <message>
        <source>Drill</source>
        <translation>演练</translation>
    </message>
</context>
<context>
    <name>HandlingBar</name>
    <message>
        <source>— category —</source>
        <translation>— 处置类别 —</translation>
    </message>
    <message>
        <source>What was found and done (required)</source>
        <translation>现场情况及处置措施（必填）</translation>
    </message>
    <message>
        <source>Record handling</source>
        <translation>记录处置</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Handling of %1:</source>
        <translation>处置 %1：</translation>
    </message>
    <message>
        <source>Choose a category.</source>
        <translation>请选择处置类别。</translation>
    </message>
    <message>
        <source>Describe what was done.</source>
        <translation>请填写处置措施。</translation>
    </message>
</context>
<context>
    <name>HandoverPanel</name>
    <message>
        <source>Shift handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>本人密码</translation>
    </message>
    <message>
        <source>Sign as outgoing</source>
        <translation>交班签字</translation>
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
        <source>Sign and take over</source>
        <translation>接班签字</translation>
    </message>
    <message>
        <source>Outgoing operator:</source>
        <translation>交班人：</translation>
    </message>
    <message>
        <source>Incoming operator:</source>
        <translation>接班人：</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Cancel handover</source>
        <translation>取消交接班</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save the handover report as PDF</source>
        <translation>将交接班记录保存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Shift handover report</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <source>The PDF could NOT be saved: %1</source>
        <translation>PDF 未能保存：%1</translation>
    </message>
    <message>
        <source>Saved as PDF: %1</source>
        <translation>已保存为 PDF：%1</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <source>Preparing the report…</source>
        <translation>正在生成交接班记录…</translation>
    </message>
    <message>
        <source>Step 1 of 2: the outgoing operator checks the report with the incoming one and signs.</source>
        <translation>第 1 步（共 2 步）：交班人与接班人逐项核对记录后签字。</translation>
    </message>
    <message>
        <source>Checking the outgoing signature…</source>
        <translation>正在核验交班签字…</translation>
    </message>
    <message>
        <source>Step 2 of 2: the incoming operator signs with their own user name and password.</source>
        <translation>第 2 步（共 2 步）：接班人用本人的用户名和密码签字。</translation>
    </message>
    <message>
        <source>Checking the incoming signature and storing the handover…</source>
        <translation>正在核验接班签字并保存交接记录…</translation>
    </message>
    <message>
        <source>Not signed yet.</source>
        <translation>尚未签字。</translation>
    </message>
    <message>
        <source>Go through the report with the incoming operator, then sign as the outgoing operator.</source>
        <translation>请与接班人逐项核对记录，然后由交班人签字。</translation>
    </message>
    <message>
        <source>Signed by %1 at %2.</source>
        <translation>%1 已于 %2 签字。</translation>
    </message>
    <message>
        <source>Now the incoming operator signs with their own user name and password.</source>
        <translation>现在由接班人用本人的用户名和密码签字。</translation>
    </message>
    <message>
        <source>Handover complete: %1 is on duty now, shift %2.</source>
        <translation>交接班完成：现由%1值班，班次 %2。</translation>
    </message>
    <message>
        <source>Handover abandoned: the outgoing operator is no longer signed in.</source>
        <translation>交接班已中止：交班人已退出登录。</translation>
    </message>
    <message>
        <source>Handover cancelled: the outgoing operator stays on duty.</source>
        <translation>交接班已取消：仍由交班人值班。</translation>
    </message>
    <message>
        <source>The report could NOT be prepared (%1).</source>
        <translation>交接班记录未能生成（%1）。</translation>
    </message>
    <message>
        <source>The signature could NOT be checked (%1); sign again.</source>
        <translation>签字未能核验（%1）；请重新签字。</translation>
    </message>
    <message>
        <source>The handover could NOT be stored (%1); it is still pending: sign again.</source>
        <translation>交接记录未能保存（%1）；交接尚未完成，请重新签字。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked until %1.</source>
        <translation>密码错误次数过多：该账户已锁定至 %1。</translation>
    </message>
    <message>
        <source>The handover is still pending; %1 stays on duty.</source>
        <translation>交接尚未完成，仍由%1值班。</translation>
    </message>
    <message>
        <source>Wrong user name or password: the incoming signature is refused. The handover is still pending; %1 stays on duty.</source>
        <translation>用户名或密码错误：接班签字被拒绝。交接尚未完成，仍由%1值班。</translation>
    </message>
    <message>
        <source>Wrong password: the outgoing signature is refused.</source>
        <translation>密码错误：交班签字被拒绝。</translation>
    </message>
    <message>
        <source>Sign in first: only the operator on duty can start a handover.</source>
        <translation>请先登录：只有当班值班员才能发起交接班。</translation>
    </message>
    <message>
        <source>This account may not hand over the duty.</source>
        <translation>此账号无权交接班。</translation>
    </message>
    <message>
        <source>A handover is in progress already.</source>
        <translation>交接班已在进行中。</translation>
    </message>
    <message>
        <source>The handover is being stored: it can no longer be cancelled.</source>
        <translation>交接记录正在保存，已不能取消。</translation>
    </message>
    <message>
        <source>Not yet: wait for the previous step.</source>
        <translation>还不能进行：请等待上一步完成。</translation>
    </message>
    <message>
        <source>Enter the incoming operator&apos;s user name.</source>
        <translation>请输入接班人的用户名。</translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>The incoming operator signs with their own account, not the outgoing operator&apos;s.</source>
        <translation>接班人须用自己的账户签字，不能使用交班人的账户。</translation>
    </message>
</context>
<context>
    <name>HandoverReportHtml</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>按时应答</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>迟到应答</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未应答</translation>
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
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>acknowledgment</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>handling</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>required, not recorded</source>
        <translation>需处置，未记录</translation>
    </message>
    <message>
        <source>not signed yet</source>
        <translation>尚未签字</translation>
    </message>
    <message>
        <source>%1 (%2), signed %3</source>
        <translation>%1 (%2)，签字时间 %3</translation>
    </message>
    <message>
        <source>Shift handover report</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <source>Draft: not yet signed by both operators.</source>
        <translation>草稿：交接双方尚未全部签字。</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Outgoing operator</source>
        <translation>交班人</translation>
    </message>
    <message>
        <source>Report made at</source>
        <translation>记录生成时间</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Figures of the period</source>
        <translation>本时段统计</translation>
    </message>
    <message>
        <source>Alarms raised</source>
        <translation>新发报警</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>%1 (average %2, longest %3)</source>
        <translation>%1（平均 %2，最长 %3）</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>已处置</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>已消警</translation>
    </message>
    <message>
        <source>Acknowledgment deadlines missed</source>
        <translation>确认超时</translation>
    </message>
    <message>
        <source>Handling deadlines missed</source>
        <translation>处置超时</translation>
    </message>
    <message>
        <source>Drills (not counted above)</source>
        <translation>演练（不计入以上各项）</translation>
    </message>
    <message>
        <source>Presence checks</source>
        <translation>在岗确认</translation>
    </message>
    <message>
        <source>%1 asked: %2 answered, %3 late, %4 missed (average response %5, longest %6)</source>
        <translation>共 %1 次：按时 %2，迟到 %3，未应答 %4（平均响应 %5，最长 %6）</translation>
    </message>
    <message>
        <source>At the handover</source>
        <translation>交接时状况</translation>
    </message>
    <message>
        <source>Open alarms</source>
        <translation>未结束报警</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Instrument and communication faults</source>
        <translation>仪表及通信故障</translation>
    </message>
    <message>
        <source>Shelved alarms</source>
        <translation>搁置报警</translation>
    </message>
    <message>
        <source>Points out of service</source>
        <translation>停用测点</translation>
    </message>
    <message>
        <source>Overdue alarms</source>
        <translation>超时报警</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>报警时间</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>测点</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>报警类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>超时项</translation>
    </message>
    <message>
        <source>Shelved by</source>
        <translation>搁置人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Taken out by</source>
        <translation>停用人</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>询问时间</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Response time</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>nobody on duty</source>
        <translation>无人值班</translation>
    </message>
    <message>
        <source>Notes on alarms</source>
        <translation>报警备注</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>填写时间</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>填写人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签字</translation>
    </message>
    <message>
        <source>Incoming operator</source>
        <translation>接班人</translation>
    </message>
    <message>
        <source>Shift taken over</source>
        <translation>接班班次</translation>
    </message>
    <message>
        <source>Report SHA-256</source>
        <translation>记录 SHA-256</translation>
    </message>
    <message>
        <source>Audit chain when made</source>
        <translation>生成时审计链</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to Duty Console</source>
        <translation>欢迎使用值班报警台</translation>
    </message>
    <message>
        <source>This wizard sets up this duty workstation: alarm server, duty log, first administrator and the plant&apos;s points. Choose the language first.</source>
        <translation>本向导用于设置这台值班台：报警服务器、值班记录、首个管理员和厂区测点。请先选择语言。</translation>
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
        <source>Handle… (F9)</source>
        <translation>处置…（F9）</translation>
    </message>
    <message>
        <source>Clear alarm (F10)</source>
        <translation>消警（F10）</translation>
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
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <source>Alarm detail</source>
        <translation>报警详情</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>测点台账</translation>
    </message>
    <message>
        <source>Handling recorded.</source>
        <translation>处置已记录。</translation>
    </message>
    <message>
        <source>Alarm cleared.</source>
        <translation>已消警。</translation>
    </message>
    <message>
        <source>Sound silenced at workstation %1 by %2.</source>
        <translation>工作站 %1 的 %2 已消音。</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Alarm list (F2)</source>
        <translation>报警列表（F2）</translation>
    </message>
    <message>
        <source>Default layout</source>
        <translation>默认布局</translation>
    </message>
    <message>
        <source>No alarm waits for acknowledgment.</source>
        <translation>没有待确认的报警。</translation>
    </message>
    <message>
        <source>Acknowledged %1</source>
        <translation>已确认 %1</translation>
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
        <source>Roster</source>
        <translation>排班</translation>
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
        <source>NOT recorded (%1); try again.</source>
        <translation>未记录（%1），请重试。</translation>
    </message>
    <message>
        <source>That alarm is no longer in the list.</source>
        <translation>该报警已不在列表中。</translation>
    </message>
    <message>
        <source>Acknowledge the alarm first.</source>
        <translation>请先确认报警。</translation>
    </message>
    <message>
        <source>Its handling is already on record.</source>
        <translation>该报警的处置已有记录。</translation>
    </message>
    <message>
        <source>Describe what was done.</source>
        <translation>请填写处置措施。</translation>
    </message>
    <message>
        <source>The condition is still active: it can be cleared once it is back to normal.</source>
        <translation>报警仍在持续：恢复正常后方可消警。</translation>
    </message>
    <message>
        <source>Record its handling first (F9): this priority needs it before clearing.</source>
        <translation>请先记录处置（F9）：该级别报警须处置后方可消警。</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未执行：%1</translation>
    </message>
    <message>
        <source>%1 shelved at workstation %2 by %3.</source>
        <translation>工作站 %2 的 %3 已搁置 %1。</translation>
    </message>
    <message>
        <source>%1 unshelved at another workstation.</source>
        <translation>%1 已在其他工作站取消搁置。</translation>
    </message>
    <message>
        <source>%1 alarm(s) cleared.</source>
        <translation>已消警 %1 条。</translation>
    </message>
    <message>
        <source>%1 could not be cleared yet.</source>
        <translation>%1 条暂不能消警。</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>责任区</translation>
    </message>
    <message>
        <source>Enterprises</source>
        <translation>企业总览</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>回顾</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <source>Handover…</source>
        <translation>交接班…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
</context>
<context>
    <name>PlantEditor</name>
    <message>
        <source>Only an administrator or a manager signed in here may change the points.</source>
        <translation>只有在本机登录的管理员或经理才能修改测点。</translation>
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
    <name>PointsPage</name>
    <message>
        <source>Points sheet</source>
        <translation>测点表</translation>
    </message>
    <message>
        <source>The sensor data sheet (传感数据填报, XLSX or CSV) filled in by the enterprises.</source>
        <translation>企业填报的传感数据表（传感数据填报，XLSX 或 CSV）。</translation>
    </message>
    <message>
        <source>Optional: leave it empty to import later (tab “Points”). Without points the console accepts alarms for any enterprise and point.</source>
        <translation>可选：留空则稍后在“测点台账”页导入。没有测点时，报警台接收任何企业和测点的报警。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Check sheet</source>
        <translation>检查表格</translation>
    </message>
    <message>
        <source>Points sheets (*.xlsx *.csv);;All files (*)</source>
        <translation>测点表 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking the sheet…</source>
        <translation>正在检查表格…</translation>
    </message>
    <message>
        <source>The sheet has %1 problem(s); nothing is imported. Correct it and check again.</source>
        <translation>表格有 %1 处问题，未导入任何内容。请修改后重新检查。</translation>
    </message>
    <message>
        <source>The sheet is fine: it will be imported when you finish.</source>
        <translation>表格无误：点击“完成”时导入。</translation>
    </message>
</context>
<context>
    <name>PointsSheet</name>
    <message>
        <source>row %1, %2: kind inferred as %3 from the unit %4 and the tag letters %5</source>
        <translation>第 %1 行 %2：类型按单位 %4 和位号字母 %5 推断为 %3</translation>
    </message>
    <message>
        <source>row %1, %2: kind inferred as %3 from the unit %4</source>
        <translation>第 %1 行 %2：类型按单位 %4 推断为 %3</translation>
    </message>
    <message>
        <source>row %1, %2: kind inferred as %3 from the tag letters %4</source>
        <translation>第 %1 行 %2：类型按位号字母 %4 推断为 %3</translation>
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
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReturnedSection</name>
    <message>
        <source>Clear all that may be cleared…</source>
        <translation>全部消警…</translation>
    </message>
    <message>
        <source>Yes, clear them</source>
        <translation>确认消警</translation>
    </message>
    <message>
        <source>Clear %1 alarm(s) back to normal?</source>
        <translation>将 %1 条已恢复的报警消警？</translation>
    </message>
    <message>
        <source>%1 still need their handling recorded (F9) and stay.</source>
        <translation>另有 %1 条尚需记录处置（F9），保留不动。</translation>
    </message>
    <message>
        <source>Back to normal, to be cleared: %1</source>
        <translation>已恢复·待消警：%1</translation>
    </message>
    <message>
        <source>%1 may be cleared now</source>
        <translation>其中 %1 条可消警</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Operator</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>（无人）</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>本系统</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
</context>
<context>
    <name>ReviewCharts</name>
    <message>
        <source>Alarms per hour</source>
        <translation>每小时报警数</translation>
    </message>
    <message>
        <source>Time to acknowledge: number of acknowledgments</source>
        <translation>确认用时分布：确认次数</translation>
    </message>
    <message>
        <source>Operators side by side: median (dark) and p90 (light) time to acknowledge, seconds</source>
        <translation>值班员对比：确认用时中位数（深色）与 P90（浅色），秒</translation>
    </message>
    <message>
        <source>Choose a range and press Show.</source>
        <translation>请选择时间范围并点击“查询”。</translation>
    </message>
    <message>
        <source>No alarms in this range.</source>
        <translation>该时间范围内没有报警。</translation>
    </message>
</context>
<context>
    <name>ReviewDetail</name>
    <message>
        <source>Raised</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Reported again</source>
        <translation>重复上报</translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation>恢复正常</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>确认</translation>
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
        <source>Point out of service</source>
        <translation>测点停用</translation>
    </message>
    <message>
        <source>Point in service</source>
        <translation>测点恢复使用</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>消警</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>被新报警取代</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Select an alarm in the log to see its detail.</source>
        <translation>在报警记录中选择一条报警以查看详情。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>History</source>
        <translation>状态历史</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>填写人</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>值班台</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>This alarm is not in the duty log.</source>
        <translation>值班记录中没有这条报警。</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>acknowledgment</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>handling</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Occurrence</source>
        <translation>报警编号</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>值班台</translation>
    </message>
    <message>
        <source>Audit chain: no entries about this alarm.</source>
        <translation>审计链：没有该报警的记录。</translation>
    </message>
    <message>
        <source>Audit chain: %1 entries about this alarm, each intact and linked (entries %2).</source>
        <translation>审计链：该报警有 %1 条记录，均完整且首尾相接（序号 %2）。</translation>
    </message>
    <message>
        <source>Audit chain BROKEN for this alarm:</source>
        <translation>该报警的审计链已被破坏：</translation>
    </message>
</context>
<context>
    <name>ReviewExport</name>
    <message>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <source>To</source>
        <translation>止</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选条件</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>报警时间</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>车间/区域</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>测点</translation>
    </message>
    <message>
        <source>Point name</source>
        <translation>测点名称</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>报警类型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Alarm text</source>
        <translation>报警内容</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>确认时间</translation>
    </message>
    <message>
        <source>Time to acknowledge (s)</source>
        <translation>确认用时（秒）</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>处置人</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>处置时间</translation>
    </message>
    <message>
        <source>Time to handle (s)</source>
        <translation>处置用时（秒）</translation>
    </message>
    <message>
        <source>Handling category</source>
        <translation>处置类别</translation>
    </message>
    <message>
        <source>Handling notes</source>
        <translation>处置说明</translation>
    </message>
    <message>
        <source>Cleared by</source>
        <translation>消警人</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>消警时间</translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation>恢复正常时间</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>值班台</translation>
    </message>
    <message>
        <source>Occurrence id</source>
        <translation>报警编号</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>acknowledgment</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>handling</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Alarm log</source>
        <translation>报警记录</translation>
    </message>
    <message>
        <source>About</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>报警数</translation>
    </message>
    <message>
        <source>Acknowledged alarms</source>
        <translation>已确认数</translation>
    </message>
    <message>
        <source>Not acknowledged</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Acknowledge mean</source>
        <translation>确认用时平均值</translation>
    </message>
    <message>
        <source>Acknowledge median</source>
        <translation>确认用时中位数</translation>
    </message>
    <message>
        <source>Acknowledge p90</source>
        <translation>确认用时 P90</translation>
    </message>
    <message>
        <source>Acknowledge max</source>
        <translation>确认用时最大值</translation>
    </message>
    <message>
        <source>Acknowledged in time (%)</source>
        <translation>按时确认率（%）</translation>
    </message>
    <message>
        <source>Handle mean</source>
        <translation>处置用时平均值</translation>
    </message>
    <message>
        <source>Handle median</source>
        <translation>处置用时中位数</translation>
    </message>
    <message>
        <source>Handle p90</source>
        <translation>处置用时 P90</translation>
    </message>
    <message>
        <source>Handled alarms</source>
        <translation>已处置数</translation>
    </message>
    <message>
        <source>Handle max</source>
        <translation>处置用时最大值</translation>
    </message>
    <message>
        <source>Handled in time (%)</source>
        <translation>按时处置率（%）</translation>
    </message>
    <message>
        <source>Presence answered</source>
        <translation>在岗确认·按时</translation>
    </message>
    <message>
        <source>Presence late</source>
        <translation>在岗确认·迟到</translation>
    </message>
    <message>
        <source>Presence missed</source>
        <translation>在岗确认·未应答</translation>
    </message>
    <message>
        <source>Presence response median</source>
        <translation>在岗应答用时中位数</translation>
    </message>
    <message>
        <source>Presence response max</source>
        <translation>在岗应答用时最大值</translation>
    </message>
    <message>
        <source>Alarms (drills left out)</source>
        <translation>报警数（不含演练）</translation>
    </message>
    <message>
        <source>Drills</source>
        <translation>演练</translation>
    </message>
    <message>
        <source>Alarms per operator per 10 minutes (target about 1, at most 2)</source>
        <translation>每名值班员每 10 分钟报警数（目标约 1，最多 2）</translation>
    </message>
    <message>
        <source>Alarms per hour</source>
        <translation>每小时报警数</translation>
    </message>
    <message>
        <source>Alarms per day (target about 150, at most 300)</source>
        <translation>每天报警数（目标约 150，最多 300）</translation>
    </message>
    <message>
        <source>Peak alarms in 10 minutes</source>
        <translation>10 分钟报警数峰值</translation>
    </message>
    <message>
        <source>Time in flood (target below 1 %)</source>
        <translation>报警泛滥时间（目标低于 1%）</translation>
    </message>
    <message>
        <source>Priority mix (target about 5 % high, 15 % medium, 80 % low)</source>
        <translation>级别构成（目标约 5% 高、15% 中、80% 低）</translation>
    </message>
    <message>
        <source>Top 10 points&apos; share of all alarms</source>
        <translation>前 10 个测点占全部报警的比例</translation>
    </message>
    <message>
        <source>Chattering alarms (3 or more in 60 s)</source>
        <translation>振荡报警（60 秒内 3 次及以上）</translation>
    </message>
    <message>
        <source>Stale alarms (active 24 h or more)</source>
        <translation>长期报警（持续 24 小时及以上）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>KPIs by %1</source>
        <translation>按%1统计</translation>
    </message>
    <message>
        <source>Alarm system health</source>
        <translation>报警系统健康指标</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Top 10 points</source>
        <translation>报警最多的 10 个测点</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>占比（%）</translation>
    </message>
    <message>
        <source>enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>points</source>
        <translation>测点</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>overdue only</source>
        <translation>仅超时</translation>
    </message>
    <message>
        <source>drills hidden</source>
        <translation>不含演练</translation>
    </message>
    <message>
        <source>text</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ReviewFilterBar</name>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>This shift</source>
        <translation>本班</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation>最近 365 天</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>point code</source>
        <translation>测点位号</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>全部值班员</translation>
    </message>
    <message>
        <source>shift, e.g. 2026-03-02 08:00</source>
        <translation>班次，如 2026-03-02 08:00</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅超时</translation>
    </message>
    <message>
        <source>Show drills</source>
        <translation>显示演练</translation>
    </message>
    <message>
        <source>search alarm text and handling notes</source>
        <translation>搜索报警内容和处置说明</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>All enterprises</source>
        <translation>全部企业</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部车间/区域</translation>
    </message>
    <message>
        <source>The end of the range must come after its start.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
    <message>
        <source>Not a shift of the pattern: %1</source>
        <translation>不是班次设置中的班次：%1</translation>
    </message>
</context>
<context>
    <name>ReviewKpiView</name>
    <message>
        <source>By %1</source>
        <translation>按%1</translation>
    </message>
    <message>
        <source>Drills are left out. The KPIs follow every filter but the free text.</source>
        <translation>统计不含演练；除关键词外，统计遵循所有筛选条件。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Alarm system health</source>
        <translation>报警系统健康指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Top 10 points</source>
        <translation>报警最多的 10 个测点</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>报警数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
</context>
<context>
    <name>ReviewLog</name>
    <message>
        <source>Raised</source>
        <translation>报警时间</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>测点</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>报警类型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Time to acknowledge</source>
        <translation>确认用时</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>处置人</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>处置类别</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Alarm text</source>
        <translation>报警内容</translation>
    </message>
</context>
<context>
    <name>ReviewLogModel</name>
    <message>
        <source>ack</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>handling</source>
        <translation>处置</translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message>
        <source>Duty review: shift report</source>
        <translation>值班回顾：班报</translation>
    </message>
    <message>
        <source>Duty review: daily report</source>
        <translation>值班回顾：日报</translation>
    </message>
    <message>
        <source>Duty review: monthly report</source>
        <translation>值班回顾：月报</translation>
    </message>
    <message>
        <source>Duty review: report</source>
        <translation>值班回顾：报表</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>报警数</translation>
    </message>
    <message>
        <source>Ack&apos;d</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Not ack&apos;d</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Ack mean</source>
        <translation>确认平均</translation>
    </message>
    <message>
        <source>Ack median</source>
        <translation>确认中位数</translation>
    </message>
    <message>
        <source>Ack p90</source>
        <translation>确认 P90</translation>
    </message>
    <message>
        <source>Ack max</source>
        <translation>确认最大</translation>
    </message>
    <message>
        <source>Ack in time</source>
        <translation>按时确认率</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Handle median</source>
        <translation>处置中位数</translation>
    </message>
    <message>
        <source>Handle p90</source>
        <translation>处置 P90</translation>
    </message>
    <message>
        <source>Handle in time</source>
        <translation>按时处置率</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Presence ✓/late/missed</source>
        <translation>在岗确认 按时/迟到/未应答</translation>
    </message>
    <message>
        <source>All</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>报警时间</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>测点</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>acknowledged late</source>
        <translation>确认超时</translation>
    </message>
    <message>
        <source>not acknowledged in time</source>
        <translation>未按时确认</translation>
    </message>
    <message>
        <source>handled late</source>
        <translation>处置超时</translation>
    </message>
    <message>
        <source>not handled in time</source>
        <translation>未按时处置</translation>
    </message>
    <message>
        <source>not handled</source>
        <translation>未处置</translation>
    </message>
    <message>
        <source>… and %1 more (export the log for all of them).</source>
        <translation>…… 另有 %1 条（导出报警记录可查看全部）。</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选条件</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>值班台</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Drills are left out of every figure. Response times count from the moment the alarm was raised.</source>
        <translation>所有统计均不含演练；响应用时从报警发生时起算。</translation>
    </message>
    <message>
        <source>No alarms.</source>
        <translation>没有报警。</translation>
    </message>
    <message>
        <source>Alarm system health</source>
        <translation>报警系统健康指标</translation>
    </message>
    <message>
        <source>By %1</source>
        <translation>按%1</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Alarms per hour</source>
        <translation>每小时报警数</translation>
    </message>
    <message>
        <source>Time to acknowledge: how many acknowledgments took how long</source>
        <translation>确认用时分布：各用时区间的确认次数</translation>
    </message>
    <message>
        <source>Operators side by side: median and p90 time to acknowledge</source>
        <translation>值班员对比：确认用时中位数与 P90</translation>
    </message>
    <message>
        <source>Top 10 points</source>
        <translation>报警最多的 10 个测点</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Overdue and unhandled alarms (%1)</source>
        <translation>超时和未处置的报警（%1）</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签字</translation>
    </message>
    <message>
        <source>Prepared by</source>
        <translation>编制人</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>alarms</source>
        <translation>报警数</translation>
    </message>
    <message>
        <source>acknowledgments</source>
        <translation>确认次数</translation>
    </message>
    <message>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>P90</translation>
    </message>
</context>
<context>
    <name>ReviewService</name>
    <message>
        <source>Only a shift leader, a manager or an administrator signed in here may review the alarm log.</source>
        <translation>只有在本机登录的值班长、经理或管理员才能查阅报警记录。</translation>
    </message>
</context>
<context>
    <name>ReviewStage</name>
    <message>
        <source>Any stage</source>
        <translation>全部环节</translation>
    </message>
    <message>
        <source>Not acknowledged</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Acknowledged, not handled</source>
        <translation>已确认，未处置</translation>
    </message>
    <message>
        <source>Handled, not cleared</source>
        <translation>已处置，未消警</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>已消警</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Returned, to be cleared</source>
        <translation>已恢复，待消警</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Export XLSX</source>
        <translation>导出 XLSX</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>班报</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>日报</translation>
    </message>
    <message>
        <source>Monthly report</source>
        <translation>月报</translation>
    </message>
    <message>
        <source>Report of the range</source>
        <translation>所选时段报表</translation>
    </message>
    <message>
        <source>Shift, day or month in which the chosen range starts</source>
        <translation>所选时间范围开始时所在的班次、日或月</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF 报表</translation>
    </message>
    <message>
        <source>Folder the files are saved in</source>
        <translation>文件保存的文件夹</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Roster and presence (XLSX)</source>
        <translation>排班与到岗（XLSX）</translation>
    </message>
    <message>
        <source>Who was rostered on each shift of the range against who took the duty, saved as XLSX</source>
        <translation>所选范围内每个班次的排班与实际接班人员对照，保存为 XLSX</translation>
    </message>
    <message>
        <source>Verify audit chain</source>
        <translation>校验审计链</translation>
    </message>
    <message>
        <source>to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Alarm log</source>
        <translation>报警记录</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>统计指标</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>The log could not be read: %1</source>
        <translation>无法读取报警记录：%1</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message>
        <source>Matching alarms: %1</source>
        <translation>符合条件的报警：%1</translation>
    </message>
    <message>
        <source>Computing the KPIs…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>KPIs ready.</source>
        <translation>统计完成。</translation>
    </message>
    <message>
        <source>alarm-log</source>
        <translation>报警记录</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <source>roster-presence</source>
        <translation>排班与到岗</translation>
    </message>
    <message>
        <source>Saved the roster against presence (%1 lines) to %2</source>
        <translation>已将排班与到岗对照（%1 行）保存到 %2</translation>
    </message>
    <message>
        <source>Saved %1 alarms to %2</source>
        <translation>已将 %1 条报警保存到 %2</translation>
    </message>
    <message>
        <source>shift-report</source>
        <translation>值班班报</translation>
    </message>
    <message>
        <source>daily-report</source>
        <translation>值班日报</translation>
    </message>
    <message>
        <source>monthly-report</source>
        <translation>值班月报</translation>
    </message>
    <message>
        <source>report</source>
        <translation>值班报表</translation>
    </message>
    <message>
        <source>Writing the report %1…</source>
        <translation>正在生成报表 %1…</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>报表已保存到 %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Checking the audit chain…</source>
        <translation>正在校验审计链…</translation>
    </message>
    <message>
        <source>Audit chain intact: %1 entries.</source>
        <translation>审计链完整：共 %1 条。</translation>
    </message>
    <message>
        <source>AUDIT CHAIN BROKEN at entry %1: %2</source>
        <translation>审计链被破坏，第 %1 条：%2</translation>
    </message>
    <message>
        <source>The chain is unkeyed: a rewrite by someone with database access would not show.</source>
        <translation>审计链未加密钥：能访问数据库的人改写审计链将无法被发现。</translation>
    </message>
    <message>
        <source>Checked against the audit key from entry %1 on.</source>
        <translation>已用审计密钥校验第 %1 条起的记录。</translation>
    </message>
    <message>
        <source>Entries from %1 on are keyed, and there is no audit key here: only their links were checked.</source>
        <translation>第 %1 条起的记录带密钥，本机没有审计密钥：只校验了链接关系。</translation>
    </message>
    <message>
        <source>A cut-off tail shows only against the anchors (duty-console audit verify --broker).</source>
        <translation>末尾记录被截掉只能对照锚点发现（duty-console audit verify --broker）。</translation>
    </message>
    <message>
        <source>Audit chain not checked: %1</source>
        <translation>审计链未能校验：%1</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Operator</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Shift leader</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>管理人员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Reports only</source>
        <translation>仅报表</translation>
    </message>
</context>
<context>
    <name>RosterPanel</name>
    <message>
        <source>User names, separated by commas</source>
        <translation>用户名，以逗号分隔</translation>
    </message>
    <message>
        <source>Add to roster</source>
        <translation>加入排班</translation>
    </message>
    <message>
        <source>Roster sheet (.xlsx or .csv: 日期, 班次, 值班台, 值班人员)</source>
        <translation>排班表（.xlsx 或 .csv：日期、班次、值班台、值班人员）</translation>
    </message>
    <message>
        <source>Import roster</source>
        <translation>导入排班表</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>值班台</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Roster of today and tomorrow:</source>
        <translation>今明两天的排班：</translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation>正在添加…</translation>
    </message>
    <message>
        <source>Reading the roster sheet…</source>
        <translation>正在读取排班表…</translation>
    </message>
    <message>
        <source>%1 added to the roster.</source>
        <translation>已加入排班 %1 条。</translation>
    </message>
    <message>
        <source>%1 rows read: %2 good, %3 refused; %4 entries added, %5 already on the roster.</source>
        <translation>读取 %1 行：%2 行有效，%3 行被拒；新增 %4 条排班，%5 条已在排班表中。</translation>
    </message>
    <message>
        <source>row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <source>Only a shift leader or an administrator may change the roster.</source>
        <translation>只有值班长或管理员可以修改排班。</translation>
    </message>
</context>
<context>
    <name>RosterReport</name>
    <message>
        <source>Roster and presence</source>
        <translation>排班与到岗</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>Duty Console — settings</source>
        <translation>值班报警台 — 设置</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>值班台</translation>
    </message>
    <message>
        <source>Alarm server</source>
        <translation>报警服务器</translation>
    </message>
    <message>
        <source>Duty log</source>
        <translation>值班记录</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Checking the settings and the database…</source>
        <translation>正在检查设置和数据库…</translation>
    </message>
    <message>
        <source>Saved. The new settings take effect when Duty Console is next started.</source>
        <translation>已保存。新设置在下次启动值班报警台时生效。</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked in red.</source>
        <translation>未保存任何内容：请修改红色标出的项目。</translation>
    </message>
</context>
<context>
    <name>SetupProblems</name>
    <message>
        <source>Enter the broker&apos;s host name or address.</source>
        <translation>请填写报警服务器的主机名或地址。</translation>
    </message>
    <message>
        <source>The port must be a whole number from 1 to 65535 (not “%1”).</source>
        <translation>端口必须是 1 到 65535 之间的整数（“%1”不是）。</translation>
    </message>
    <message>
        <source>The file %1 cannot be read (missing, or no permission).</source>
        <translation>无法读取文件 %1（不存在或没有权限）。</translation>
    </message>
    <message>
        <source>Not a usable PEM certificate: %1</source>
        <translation>不是可用的 PEM 证书：%1</translation>
    </message>
    <message>
        <source>The key does not belong to the client certificate: %1</source>
        <translation>私钥与客户端证书不匹配：%1</translation>
    </message>
    <message>
        <source>A client key needs its client certificate.</source>
        <translation>填写客户端私钥时也需要填写客户端证书。</translation>
    </message>
    <message>
        <source>The broker does not answer: %1</source>
        <translation>报警服务器无应答：%1</translation>
    </message>
    <message>
        <source>The broker refused the connection (user name or password?): %1</source>
        <translation>报警服务器拒绝连接（用户名或密码有误？）：%1</translation>
    </message>
    <message>
        <source>TLS failed (wrong CA certificate, or the broker&apos;s name does not match it): %1</source>
        <translation>TLS 连接失败（CA 证书不对，或服务器名称与证书不符）：%1</translation>
    </message>
    <message>
        <source>TLS: the broker&apos;s certificate is signed by a CA this file does not hold (wrong CA certificate?): %1</source>
        <translation>TLS：服务器证书的签发机构不在此 CA 文件中（CA 证书选错了？）：%1</translation>
    </message>
    <message>
        <source>TLS: the broker&apos;s certificate has expired (renew it on the broker, or check this computer&apos;s clock): %1</source>
        <translation>TLS：服务器证书已过期（请在服务器上更新证书，或检查本机时钟）：%1</translation>
    </message>
    <message>
        <source>TLS: the broker&apos;s certificate is not valid yet (check this computer&apos;s clock): %1</source>
        <translation>TLS：服务器证书尚未生效（请检查本机时钟）：%1</translation>
    </message>
    <message>
        <source>TLS: the broker&apos;s certificate is made out to another name than this host name or address: %1</source>
        <translation>TLS：服务器证书签发给的名称与所填主机名或地址不符：%1</translation>
    </message>
    <message>
        <source>TLS: the broker refused this workstation&apos;s client certificate (missing, or not signed by a CA it trusts): %1</source>
        <translation>TLS：服务器拒绝了本工作站的客户端证书（未提供，或其签发机构不受服务器信任）：%1</translation>
    </message>
    <message>
        <source>Not a valid database URL: %1</source>
        <translation>数据库 URL 无效：%1</translation>
    </message>
    <message>
        <source>Database type %1 is not supported: use an SQLite file or PostgreSQL.</source>
        <translation>不支持数据库类型 %1：请使用 SQLite 文件或 PostgreSQL。</translation>
    </message>
    <message>
        <source>The database cannot be reached: %1</source>
        <translation>无法连接数据库：%1</translation>
    </message>
    <message>
        <source>The folder %1 cannot be written: the duty log cannot be created there.</source>
        <translation>文件夹 %1 不可写入：无法在此创建值班记录。</translation>
    </message>
    <message>
        <source>This duty log was made by a newer version of Duty Console (schema %1): install that version.</source>
        <translation>该值班记录由更新版本的值班报警台创建（结构版本 %1）：请安装该版本。</translation>
    </message>
    <message>
        <source>The duty log could not be prepared: %1</source>
        <translation>无法准备值班记录：%1</translation>
    </message>
    <message>
        <source>Not a valid value: %1</source>
        <translation>无效的值：%1</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>未保存任何内容：%1</translation>
    </message>
    <message>
        <source>Only an administrator signed in at this workstation may change its settings.</source>
        <translation>只有在本工作站登录的管理员才能修改设置。</translation>
    </message>
    <message>
        <source>A user named %1 exists already (with another password or role).</source>
        <translation>已存在名为 %1 的用户（密码或角色不同）。</translation>
    </message>
    <message>
        <source>This duty log has user accounts already: leave the administrator empty; an administrator signed in adds users in the Users panel.</source>
        <translation>这个值班日志已有用户账户：管理员一项请留空；由已登录的管理员在“用户”面板中添加用户。</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Enter the administrator&apos;s user name.</source>
        <translation>请填写管理员用户名。</translation>
    </message>
    <message>
        <source>The user name may not contain spaces and must be at most 64 characters.</source>
        <translation>用户名不能包含空格，且最多 64 个字符。</translation>
    </message>
    <message>
        <source>The full name must be at most 128 characters.</source>
        <translation>姓名最多 128 个字符。</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>The password must be at most 256 characters.</source>
        <translation>密码最多 256 个字符。</translation>
    </message>
    <message>
        <source>The password may not be the user name.</source>
        <translation>密码不能与用户名相同。</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>问题：%1</translation>
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
        <source>Shift leader&apos;s approval:</source>
        <translation>值班长批准：</translation>
    </message>
    <message>
        <source>Shift leader</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>Shift leader&apos;s password</source>
        <translation>值班长密码</translation>
    </message>
    <message>
        <source>Sign in with approval</source>
        <translation>经批准登录</translation>
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
        <source>Signed in without the duty (not on the roster): %1</source>
        <translation>已登录但未接班（不在排班表中）：%1</translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked until %1.</source>
        <translation>密码错误次数过多：该账户已锁定至 %1。</translation>
    </message>
    <message>
        <source>Not signed in: the duty log cannot be reached. Try again in a moment.</source>
        <translation>未签到：值班日志无法访问，请稍后重试。</translation>
    </message>
    <message>
        <source>This account is for scheduled reports only: it cannot sign in at a desk.</source>
        <translation>此账户仅用于定时报表，不能在值班台登录。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
<context>
    <name>SystemCheck</name>
    <message>
        <source>Duty Console is already running: its window is brought forward.</source>
        <translation>值班报警台已在运行：已将其窗口调到最前。</translation>
    </message>
    <message>
        <source>Set-up cancelled: nothing was written.</source>
        <translation>已取消设置：未写入任何内容。</translation>
    </message>
    <message>
        <source>Duty Console needs a display: no graphical session was found (DISPLAY and WAYLAND_DISPLAY are not set). Start it from the desktop of the duty workstation, or for a test without a screen set QT_QPA_PLATFORM=offscreen or run it under xvfb-run.</source>
        <translation>值班报警台需要显示器：未找到图形会话（未设置 DISPLAY 和 WAYLAND_DISPLAY）。请在值班台的桌面上启动；无屏幕测试时请设置 QT_QPA_PLATFORM=offscreen 或使用 xvfb-run 运行。</translation>
    </message>
    <message>
        <source>libvlc (VLC) is missing: there will be NO alarm sound and no camera video. Install it: sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output</source>
        <translation>缺少 libvlc（VLC）：将没有报警声音，也没有摄像头视频。请安装：sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output</translation>
    </message>
</context>
<context>
    <name>TrendView</name>
    <message>
        <source>5 min</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>8 h</source>
        <translation>8 小时</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <source>Add a point: type its tag or name</source>
        <translation>添加测点：输入位号或名称</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>时间窗</translation>
    </message>
    <message>
        <source>No point %1 in the plant registry.</source>
        <translation>测点台账中没有测点 %1。</translation>
    </message>
    <message>
        <source>At most %1 points in one trend.</source>
        <translation>一幅趋势图最多 %1 个测点。</translation>
    </message>
    <message>
        <source>% of range</source>
        <translation>量程百分比 (%)</translation>
    </message>
    <message>
        <source>No point chosen: select an alarm, or add a point above.</source>
        <translation>未选测点：请选择一条报警，或在上方添加测点。</translation>
    </message>
    <message>
        <source>Select an alarm to see its trend.</source>
        <translation>选择一条报警即可查看其趋势。</translation>
    </message>
    <message>
        <source>Move the mouse over the plot to read the values.</source>
        <translation>将鼠标移到曲线上可读取时间和数值。</translation>
    </message>
    <message>
        <source>The console&apos;s own alarm has no trend.</source>
        <translation>本机系统报警没有趋势曲线。</translation>
    </message>
    <message>
        <source>Resume live</source>
        <translation>恢复实时</translation>
    </message>
    <message>
        <source>The end must be after the start.</source>
        <translation>结束时间必须晚于开始时间。</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>Nothing to export: no point chosen.</source>
        <translation>没有可导出的内容：未选测点。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>could not write the file</source>
        <translation>无法写入文件</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>UsersView</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>User name (for signing in)</source>
        <translation>用户名（用于登录）</translation>
    </message>
    <message>
        <source>Name as shown on the desk</source>
        <translation>在值班台上显示的姓名</translation>
    </message>
    <message>
        <source>Password (at least %1 characters)</source>
        <translation>密码（至少 %1 个字符）</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Save name and role</source>
        <translation>保存姓名和角色</translation>
    </message>
    <message>
        <source>Set new password</source>
        <translation>设置新密码</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>正在添加 %1…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>两次输入的密码不一致，请输入相同的密码。</translation>
    </message>
    <message>
        <source>User %1 added.</source>
        <translation>已添加用户 %1。</translation>
    </message>
    <message>
        <source>Role of %1 changed.</source>
        <translation>已修改 %1 的角色。</translation>
    </message>
    <message>
        <source>Name of %1 changed.</source>
        <translation>已修改 %1 的姓名。</translation>
    </message>
    <message>
        <source>New password set for %1.</source>
        <translation>已为 %1 设置新密码。</translation>
    </message>
    <message>
        <source>%1 disabled: this account can no longer sign in.</source>
        <translation>已停用 %1：此账户不能再登录。</translation>
    </message>
    <message>
        <source>%1 enabled: this account can sign in again.</source>
        <translation>已启用 %1：此账户可以重新登录。</translation>
    </message>
    <message>
        <source>%1 unlocked.</source>
        <translation>已解锁 %1。</translation>
    </message>
    <message>
        <source>Only an administrator signed in at this desk may manage users.</source>
        <translation>只有在本台登录的系统管理员才能管理用户。</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>A user name has no spaces and at most %1 characters.</source>
        <translation>用户名不能含空格，最多 %1 个字符。</translation>
    </message>
    <message>
        <source>A user named %1 exists already.</source>
        <translation>用户名 %1 已存在。</translation>
    </message>
    <message>
        <source>There is no user named %1.</source>
        <translation>没有名为 %1 的用户。</translation>
    </message>
    <message>
        <source>Choose a role.</source>
        <translation>请选择角色。</translation>
    </message>
    <message>
        <source>The name is too long: at most %1 characters.</source>
        <translation>姓名过长：最多 %1 个字符。</translation>
    </message>
    <message>
        <source>The password is too short: at least %1 characters.</source>
        <translation>密码太短：至少 %1 个字符。</translation>
    </message>
    <message>
        <source>The password is too long: at most %1 characters.</source>
        <translation>密码过长：最多 %1 个字符。</translation>
    </message>
    <message>
        <source>The password must not be the user name.</source>
        <translation>密码不能与用户名相同。</translation>
    </message>
    <message>
        <source>%1 is the last enabled administrator: make another user an administrator first.</source>
        <translation>%1 是最后一个启用的系统管理员：请先将另一位用户设为系统管理员。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>不能停用自己的账户。</translation>
    </message>
    <message>
        <source>You cannot change your own role: ask another administrator.</source>
        <translation>不能修改自己的角色：请由另一位系统管理员操作。</translation>
    </message>
    <message>
        <source>%1 is not locked.</source>
        <translation>%1 未被锁定。</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>没有需要修改的内容。</translation>
    </message>
    <message>
        <source>Not saved: the duty log could not be written. Try again; the log file has the details.</source>
        <translation>未保存：值班日志无法写入。请重试；详情见日志文件。</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>用户 %1</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未</translation>
    </message>
</context>
<context>
    <name>VideoPanel</name>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Show %1 tile(s)</source>
        <translation>显示 %1 个画面</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>抓图</translation>
    </message>
    <message>
        <source>Save the selected tile&apos;s picture, linked to its alarm</source>
        <translation>保存所选画面的当前图像，并关联到其报警</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>摄像机列表</translation>
    </message>
    <message>
        <source>Evidence not saved: %1</source>
        <translation>取证未保存：%1</translation>
    </message>
    <message>
        <source>Video unavailable: %1</source>
        <translation>视频不可用：%1</translation>
    </message>
    <message>
        <source>Saved %1 of %2</source>
        <translation>已保存 %2 的%1</translation>
    </message>
    <message>
        <source>snapshot</source>
        <translation>抓图</translation>
    </message>
    <message>
        <source>clip</source>
        <translation>录像片段</translation>
    </message>
    <message>
        <source>No picture to save in tile %1.</source>
        <translation>画面 %1 没有可保存的图像。</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <source>Pin</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Keep this camera here: new alarms do not switch this tile</source>
        <translation>锁定此摄像机：新报警不切换此画面</translation>
    </message>
    <message>
        <source>Tile %1</source>
        <translation>画面 %1</translation>
    </message>
    <message>
        <source>Video unavailable: %1</source>
        <translation>视频不可用：%1</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● 实时</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Live picture after sign-in</source>
        <translation>签到后显示实时画面</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未签到</translation>
    </message>
    <message>
        <source>⊘ NO SIGNAL since %1
reconnecting by itself</source>
        <translation>⊘ 无信号（自 %1 起）
正在自动重连</translation>
    </message>
    <message>
        <source>⊘ No signal</source>
        <translation>⊘ 无信号</translation>
    </message>
    <message>
        <source>No camera. Select an alarm, or double-click a camera in the list.</source>
        <translation>无摄像机。请选择报警，或在摄像机列表中双击摄像机。</translation>
    </message>
</context>
<context>
    <name>WorkstationForm</name>
    <message>
        <source>Workstation name</source>
        <translation>值班台名称</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Plant file</source>
        <translation>厂区文件</translation>
    </message>
    <message>
        <source>empty: the computer&apos;s name</source>
        <translation>留空：使用计算机名</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Start Duty Console when this user logs in</source>
        <translation>该用户登录时自动启动值班报警台</translation>
    </message>
    <message>
        <source>Plant file (*.json)</source>
        <translation>厂区文件 (*.json)</translation>
    </message>
</context>
</TS>
