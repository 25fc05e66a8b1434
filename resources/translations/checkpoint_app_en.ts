<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../ui/camera_dialog.ui" line="+6"/>
        <source>摄像头扫码</source>
        <translation>Scan with camera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>正在打开摄像头…</source>
        <translation>Opening the camera…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>把手机上的健康码对准摄像头，识别到后自动读取。Esc 取消。</source>
        <translation>Hold the phone&apos;s health code to the camera; it is read as soon as it is found. Esc cancels.</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/camera.py" line="+45"/>
        <source>无法打开摄像头 </source>
        <translation>Cannot open camera </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>。请检查连接，或改用截图/扫码枪。</source>
        <translation>. Check the connection, or use a screenshot or the scanner.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>摄像头没有画面了</source>
        <translation>The camera stopped sending pictures</translation>
    </message>
</context>
<context>
    <name>ChangePinDialog</name>
    <message>
        <location filename="../../ui/change_pin_dialog.ui" line="+6"/>
        <source>修改 PIN</source>
        <translation>Change PIN</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>原 PIN(&amp;O)</source>
        <translation>&amp;Old PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>新 PIN(&amp;N)</source>
        <translation>&amp;New PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>再次输入新 PIN(&amp;A)</source>
        <translation>New PIN &amp;again</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>新 PIN 为 6–8 位数字，不能全是同一个数字，也不能是 123456、987654 这样的连续数字。</source>
        <translation>The new PIN has 6–8 digits, not all the same digit and not a run such as 123456 or 987654.</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/dialogs.py" line="+667"/>
        <source>工作人员：</source>
        <translation>Staff member: </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>请输入原 PIN</source>
        <translation>Enter your old PIN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>两次输入的新 PIN 不一致</source>
        <translation>The two new PINs do not match</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>PIN 已修改</source>
        <translation>PIN changed</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>正在核对并保存…</source>
        <translation>Checking and saving…</translation>
    </message>
</context>
<context>
    <name>ChartsDialog</name>
    <message>
        <location filename="../../checkpoint_app/gui/charts.py" line="+85"/>
        <source>统计图表</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+52"/>
        <source>本班</source>
        <translation>This shift</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>今天（全部班次）</source>
        <translation>Today (all shifts)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>范围(&amp;S)</source>
        <translation>&amp;Scope</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>共 %n 人</source>
        <translation>
            <numerusform>%n person in all</numerusform>
            <numerusform>%n people in all</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>每小时到达人数</source>
        <translation>Arrivals per hour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>到达人数</source>
        <translation>Arrivals</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>时（点）</source>
        <translation>Hour</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>健康码颜色</source>
        <translation>Health-code colour</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>处置结果</source>
        <translation>Dispositions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>人数</source>
        <translation>People</translation>
    </message>
</context>
<context>
    <name>CheckpointDialog</name>
    <message>
        <location filename="../../ui/checkpoint_dialog.ui" line="+6"/>
        <source>卡点信息</source>
        <translation>Checkpoint details</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>卡点名称(&amp;C)</source>
        <translation>&amp;Checkpoint name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>卡点类型</source>
        <translation>Checkpoint type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>所属乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>修改会记入审计日志；已保存的登记仍记在原卡点名下。县平台注册不受影响（在“同步 → 注册到县平台”中可重新注册）。</source>
        <translation>Changes are recorded in the audit log; records already saved stay under the old checkpoint name. The county enrollment is unaffected (enroll again under Sync → Enroll with the county if needed).</translation>
    </message>
</context>
<context>
    <name>DomainText</name>
    <message>
        <location filename="../../checkpoint_app/gui/domain_text.py" line="+20"/>
        <source>%1未查验：看过手机后按 F12（绿码·行程卡绿·核酸 48 小时内阴性），或逐项选择；确实无法查验时在「原因」中写明</source>
        <translation>%1 not checked: after looking at the phone press F12 (green code · green travel card · NAT negative within 48 h), or choose each one; if it cannot be checked, write why under Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>建议「%1」，选择「%2」必须填写原因</source>
        <translation>Suggested: %1; choosing %2 needs a written reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>策略不允许「%1」（可选：%2），必须填写原因</source>
        <translation>The policy does not allow %1 (allowed: %2); a written reason is required</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>建议「%1」，选择放行必须填写原因</source>
        <translation>Suggested: %1; releasing needs a written reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请填写体温</source>
        <translation>Enter the temperature</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请扫码或填写证件号码（或手机号）</source>
        <translation>Scan or enter the document number (or phone number)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请选择处置（F1–F7）</source>
        <translation>Choose a disposition (F1–F7)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同车登记需要车牌：请扫描或填写车牌</source>
        <translation>Registering a car needs its plate: scan or type the plate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>体温应在 %1–%2 °C 之间</source>
        <translation>The temperature must be between %1 and %2 °C</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>体温 %1 °C ≥ %2</source>
        <translation>Temperature %1 °C ≥ %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核酸未查验</source>
        <translation>NAT not checked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无核酸证明</source>
        <translation>No NAT proof</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核酸阳性</source>
        <translation>NAT positive</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>阴性 · %1 小时内（已查验）</source>
        <translation>Negative · within %1 h (checked)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>采样 %1 小时前 · 有效</source>
        <translation>Sampled %1 h ago · valid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已超过 %1 小时</source>
        <translation>Older than %1 h</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>采样时间晚于现在</source>
        <translation>Sampling time is in the future</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>采样时间晚于现在，请核对</source>
        <translation>The sampling time is in the future: please check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>健康码%1</source>
        <translation>Health code %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>行程卡%1</source>
        <translation>Travel card %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来自 %1(%2)</source>
        <translation>From %1 (%2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>各项正常</source>
        <translation>All normal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>扫码中断（电脑太忙或扫码枪断开），未填入，请重新扫码</source>
        <translation>Scan interrupted (computer busy or scanner disconnected), nothing filled in: scan again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>扫码内容不完整，未填入，请重新扫码</source>
        <translation>Incomplete scan, nothing filled in: scan again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>手机号应为 11 位</source>
        <translation>Phone numbers have 11 digits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存失败，数据未写入：%1</source>
        <translation>Not saved, nothing was written: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数据库正忙，请稍后重试</source>
        <translation>the database is busy, please try again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>磁盘已满或无法写入</source>
        <translation>the disk is full or cannot be written</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数据文件只读</source>
        <translation>the data file is read-only</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>存储出错</source>
        <translation>storage error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>该登记已保存过（重复提交），未重复写入</source>
        <translation>This registration was already saved (submitted twice); not written again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>防控策略要求「%1」的旅客签承诺书：Shift+F12 纸质签字，或 Shift+F11 屏幕签名 / 拒签</source>
        <translation>The policy requires a pledge from travellers given “%1”: Shift+F12 signed on paper, or Shift+F11 signature on screen / refusal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>屏幕签名没有笔画</source>
        <translation>The on-screen signature has no strokes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已签承诺书</source>
        <translation>Pledge signed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>拒签承诺书</source>
        <translation>Pledge refused</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未签承诺书</source>
        <translation>Pledge not signed</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>健康码</source>
        <translation>Health code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>行程卡</source>
        <translation>Travel card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核酸</source>
        <translation>NAT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>高风险</source>
        <translation>high risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>中风险</source>
        <translation>medium risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>低风险</source>
        <translation>low risk</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <location filename="../../ui/enroll_dialog.ui" line="+6"/>
        <source>注册到县平台</source>
        <translation>Enroll with the county</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>填写县指挥部提供的平台地址和注册码。注册后本机在联网时自动同步。</source>
        <translation>Enter the server address and enrollment code from the county command. Once enrolled, this computer syncs whenever it is online.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>平台地址(&amp;S)</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如 https://county.example:8700</source>
        <translation>e.g. https://county.example:8700</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>注册码(&amp;C)</source>
        <translation>Enrollment &amp;code</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/dialogs.py" line="-295"/>
        <source>平台地址应以 http:// 或 https:// 开头</source>
        <translation>The address must start with http:// or https://</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请填写注册码</source>
        <translation>Enter the enrollment code</translation>
    </message>
    <message>
        <location line="+332"/>
        <source>正在注册…</source>
        <translation>Enrolling…</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/first_run_dialog.ui" line="+6"/>
        <source>首次使用：设置卡点</source>
        <translation>First use: set up the checkpoint</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>第 1 步（共 2 步）：请填写本卡点信息，并创建第一位管理员（此后由其添加其他工作人员）。卡点信息以后可由管理员在“工具 → 卡点信息”中修改。</source>
        <translation>Step 1 of 2: enter this checkpoint&apos;s details and create the first administrator (who then adds the other staff). An administrator can change the checkpoint&apos;s details later under Tools → Checkpoint details.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>卡点名称(&amp;C)</source>
        <translation>&amp;Checkpoint name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如 宁洛高速谭庄站</source>
        <translation>e.g. Tanzhuang toll station, Ningluo Expressway</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>卡点类型</source>
        <translation>Checkpoint type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>所属乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>管理员姓名(&amp;A)</source>
        <translation>&amp;Administrator name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN(&amp;P)</source>
        <translation>&amp;PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>再次输入 PIN</source>
        <translation>Repeat PIN</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>第 2 步（共 2 步，可跳过）：注册到县平台。填写县指挥部提供的平台地址和注册码，注册后本机在联网时自动同步。没有网络或暂时没有注册码时，请按“跳过”，以后在“同步 → 注册到县平台”中注册；登记工作不受影响。</source>
        <translation>Step 2 of 2 (optional): enroll with the county. Enter the server address and enrollment code from the county command; once enrolled, this computer syncs whenever it is online. With no network or no code yet, press &quot;Skip&quot; and enroll later under Sync → Enroll with the county; registering travellers works either way.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>平台地址(&amp;S)</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如 https://county.example:8700</source>
        <translation>e.g. https://county.example:8700</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>注册码(&amp;E)</source>
        <translation>&amp;Enrollment code</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>跳过，以后再注册(&amp;L)</source>
        <translation>Skip, enroll &amp;later</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>注册(&amp;R)</source>
        <translation>En&amp;roll</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完成(&amp;F)</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/dialogs.py" line="-498"/>
        <source>下一步(&amp;N)</source>
        <extracomment>The county&apos;s name for this checkpoint once enrolled here, else &quot;&quot;.</extracomment>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>请填写卡点名称</source>
        <translation>Enter the checkpoint name</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>两次输入的 PIN 不一致</source>
        <translation>The two PINs do not match</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>正在创建卡点…</source>
        <translation>Creating the checkpoint…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>首次使用：注册到县平台（可跳过）</source>
        <translation>First start: enroll with the county (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>卡点和管理员已创建。</source>
        <translation>The checkpoint and its administrator have been created.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>正在注册…（可随时跳过）</source>
        <translation>Enrolling… (you can skip at any time)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>注册成功：</source>
        <translation>Enrolled: </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>注册失败：</source>
        <translation>Enrollment failed: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未知原因</source>
        <translation>unknown reason</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>可以检查后重试，或按“跳过”先开始工作，以后在“同步 → 注册到县平台”中注册。</source>
        <translation>Check and try again, or press &quot;Skip&quot; to start work now and enroll later under Sync → Enroll with the county.</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <location filename="../../ui/handover_dialog.ui" line="+6"/>
        <source>交班</source>
        <translation>Handover</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>交班报告</source>
        <translation>Handover report</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时段</source>
        <translation>Hour</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>到达人数</source>
        <translation>Arrivals</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>给下一班的交代(&amp;J)</source>
        <translation>Notes for the next shi&amp;ft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>例如：3号车道扫码枪失灵；集中隔离转运车辆 14:00 到达</source>
        <translation>e.g. the lane 3 scanner is broken; the quarantine transfer bus arrives at 14:00</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>交班人签认</source>
        <translation>Outgoing staff sign-off</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PIN(&amp;P)</source>
        <translation>&amp;PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>交班签认(&amp;S)</source>
        <translation>&amp;Sign off</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>接班人确认</source>
        <translation>Incoming staff acknowledgement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN(&amp;I)</source>
        <translation>P&amp;IN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>接班确认(&amp;A)</source>
        <translation>&amp;Acknowledge</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>导出含完整个人信息的 Excel（仅卡点负责人、管理员，记入审计）</source>
        <translation>Export Excel with whole personal data (leads and administrators only, audited)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>原因(&amp;Y)</source>
        <translation>Reason (&amp;Y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>例如：乡镇流调核对</source>
        <translation>e.g. township contact tracing check</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出完整信息(&amp;U)…</source>
        <translation>Export &amp;unmasked…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>保存 PDF(&amp;D)</source>
        <translation>Save P&amp;DF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打印(&amp;R)</source>
        <translation>P&amp;rint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出 Excel(&amp;E)</source>
        <translation>&amp;Export Excel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/handover.py" line="+92"/>
        <source>交班人：%1</source>
        <translation>Outgoing: %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>统计图表(&amp;T)</source>
        <translation>S&amp;tatistics</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>登记总数</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>发热（≥37.3℃）</source>
        <translation>Fever (≥37.3 °C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核酸超过48小时</source>
        <translation>NAT older than 48 hours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未同步到县指挥部</source>
        <translation>Not yet synced to the county</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未导出（U盘）</source>
        <translation>Not exported (USB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未同步且未导出</source>
        <translation>Neither synced nor exported</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>卡点：%1（%2）
班次：%3 至 %4
值班人员：%5</source>
        <translation>Checkpoint: %1 (%2)
Shift: %3 to %4
Staff on duty: %5</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>现在</source>
        <translation>now</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>注意：本班有 %1 条记录尚未同步也未导出，请接班人员尽快上报县指挥部。</source>
        <translation>Note: %1 records of this shift are neither synced nor exported; the incoming staff must report them to the county soon.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>本班记录均已上报或导出。</source>
        <translation>All records of this shift have been synced or exported.</translation>
    </message>
    <message>
        <location line="+57"/>
        <location line="+43"/>
        <source>正在核对 PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>交班人已签认，请接班人输入姓名和 PIN 确认。</source>
        <translation>Signed off. The incoming staff now enters name and PIN to acknowledge.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>请交班人先签认</source>
        <translation>The outgoing staff must sign off first</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>请选择接班人</source>
        <translation>Choose the incoming staff</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>接班人不能是交班人本人</source>
        <translation>The incoming staff cannot be the outgoing staff</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>交班完成：%1 已接班。</source>
        <translation>Handover complete: %1 has taken over.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已用 PIN 签认 %1</source>
        <translation>Signed with PIN at %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>已用 PIN 确认 %1</source>
        <translation>Acknowledged with PIN at %1</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>卡点交班报告</source>
        <translation>Checkpoint handover report</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>交班报告已保存：%1</source>
        <translation>Handover report saved: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>保存交班报告</source>
        <translation>Save the handover report</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>已导出 %1 条记录（含完整个人信息，请妥善保管）</source>
        <translation>Exported %1 records (with whole personal data: keep the file safe)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已导出 %1 条记录（个人信息已遮蔽）</source>
        <translation>Exported %1 records (personal data masked)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>导出完整个人信息需要填写原因</source>
        <translation>Exporting whole personal data needs a reason</translation>
    </message>
</context>
<context>
    <name>IdCardTestDialog</name>
    <message>
        <location filename="../../checkpoint_app/gui/idcard_dialog.py" line="+46"/>
        <source>测试读卡器</source>
        <translation>Test ID-card reader</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>把身份证放在读卡器上，选择端口后点「试读」。证件信息部分不显示，号码打星。</source>
        <translation>Place the ID card on the reader, choose the port and click Read. Card data is not shown; the number is masked.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>串口（COM 口 / USB 转串口）</source>
        <translation>Serial (COM port / USB-serial)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>厂家 DLL（sdtapi.dll，仅 Windows）</source>
        <translation>Vendor DLL (sdtapi.dll, Windows only)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>驱动(&amp;D)</source>
        <translation>&amp;Driver</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>端口(&amp;P)</source>
        <translation>&amp;Port</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>试读(&amp;R)</source>
        <translation>&amp;Read</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>请选择或填写读卡器端口</source>
        <translation>Choose or enter the reader&apos;s port</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>正在读卡…</source>
        <translation>Reading card…</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+7"/>
        <source>读卡失败：</source>
        <translation>Read failed: </translation>
    </message>
    <message>
        <location line="-5"/>
        <source>读卡器应答正常，但读卡器上没有证件</source>
        <translation>The reader answers, but there is no card on it</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>读卡成功</source>
        <translation>Card read</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.ui" line="+6"/>
        <source>卡点通</source>
        <translation>Checkpoint Pass</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>等待登记</source>
        <translation>Waiting for registration</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>查找全部记录：姓名 / 证件号 / 手机 / 车牌（Ctrl+F）</source>
        <translation>Search all records: name / document no. / phone / plate (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>发热</source>
        <translation>Fever</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核酸过期</source>
        <translation>NAT expired</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>班次(&amp;S)</source>
        <translation>&amp;Shift</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>记录(&amp;R)</source>
        <translation>&amp;Records</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>工具(&amp;T)</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>同步(&amp;Y)</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>锁屏</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交班（签退）…</source>
        <translation>Handover (sign out)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Shift+H</source>
        <translation>Ctrl+Shift+H</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>查看 / 更正所选记录</source>
        <translation>View / correct selected record</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>查找记录</source>
        <translation>Find records</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新登记</source>
        <translation>New registration</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+F12</source>
        <translation>Ctrl+F12</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>交班导出到U盘…</source>
        <translation>End-of-shift export to USB…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>注册到县平台…</source>
        <translation>Enroll with the county…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入防控策略包…</source>
        <translation>Import policy pack…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开截图…</source>
        <translation>Open screenshots…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>读取新收到的截图</source>
        <translation>Read the newly received screenshot</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F10</source>
        <translation>F10</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>摄像头扫码…</source>
        <translation>Scan with camera…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F11</source>
        <translation>F11</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>监视截图文件夹…</source>
        <translation>Watch a screenshot folder…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>测试扫码枪…</source>
        <translation>Test barcode scanner…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>串口扫码枪…</source>
        <translation>Serial barcode scanner…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>测试读卡器…</source>
        <translation>Test ID-card reader…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>工作人员…</source>
        <translation>Staff…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>卡点信息…</source>
        <translation>Checkpoint details…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/main_window.py" line="+150"/>
        <location line="+613"/>
        <source>卡点通 — </source>
        <translation>Checkpoint Pass — </translation>
    </message>
    <message>
        <location line="-541"/>
        <source>剪贴板图片</source>
        <translation>Clipboard image</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>班次开始 </source>
        <translation>Shift started </translation>
    </message>
    <message>
        <location line="+38"/>
        <source>请扫码登记</source>
        <translation>Scan to register</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>全部颜色</source>
        <translation>All colours</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>全部处置</source>
        <translation>All dispositions</translation>
    </message>
    <message numerus="yes">
        <location line="+37"/>
        <source>本班 %n 人</source>
        <translation>
            <numerusform>%n traveller this shift</numerusform>
            <numerusform>%n travellers this shift</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>查找结果超过 %n 条，请输入更多</source>
        <translation>
            <numerusform>More than %n result — type more</numerusform>
            <numerusform>More than %n results — type more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>查找结果 %n 条</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>离线 · 待同步 %n 条</source>
        <translation>
            <numerusform>Offline · %n record to sync</numerusform>
            <numerusform>Offline · %n records to sync</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>对话框打开时收到扫码，关闭对话框后填入登记表</source>
        <translation>A scan arrived while a dialog was open: it fills the form when the dialog closes</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>已填入对话框打开时收到的扫码</source>
        <translation>The scan received while the dialog was open is in the form</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+15"/>
        <source>未保存：</source>
        <translation>Not saved: </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>尾号 </source>
        <translation>ID ending </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message numerus="yes">
        <location line="-7"/>
        <source>整车同处置，另改 %n 人</source>
        <translation>
            <numerusform>Whole car: %n other person changed</numerusform>
            <numerusform>Whole car: %n other people changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+41"/>
        <source>待同步 %n 条</source>
        <translation>
            <numerusform>%n record to sync</numerusform>
            <numerusform>%n records to sync</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>选择U盘或导出文件夹</source>
        <translation>Choose the USB stick or export folder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>导出失败：</source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>没有新的记录需要导出</source>
        <translation>No new records to export</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n 条未导出，需负责人更正：</source>
        <translation>
            <numerusform>%n record not exported, a lead must correct it: </numerusform>
            <numerusform>%n records not exported, a lead must correct them: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>已导出 %n 条记录</source>
        <translation>
            <numerusform>Exported %n record</numerusform>
            <numerusform>Exported %n records</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>注册成功：</source>
        <translation>Enrolled: </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>注册失败：</source>
        <translation>Enrollment failed: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>选择防控策略包</source>
        <translation>Choose a policy pack</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>打开截图</source>
        <translation>Open screenshots</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>图片 (*.png *.jpg *.jpeg *.webp *.bmp)</source>
        <translation>Images (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>截图 %v/%m</source>
        <translation>Screenshot %v/%m</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>收到新截图 </source>
        <translation>New screenshot received: </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>，按 F10 读取</source>
        <translation> — press F10 to read it</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>选择要监视的截图文件夹</source>
        <translation>Choose the screenshot folder to watch</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>正在监视文件夹：</source>
        <translation>Watching folder: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>无法监视该文件夹：</source>
        <translation>Cannot watch this folder: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>摄像头画面</source>
        <translation>Camera picture</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>请先在列表中选中一条记录</source>
        <translation>Select a record in the list first</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>对话框打开时读到身份证，关闭对话框后填入登记表</source>
        <translation>An ID card was read while a dialog was open: it fills the form when the dialog closes</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>（不使用串口扫码枪）</source>
        <translation>(no serial barcode scanner)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>串口扫码枪</source>
        <translation>Serial barcode scanner</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>选择扫码枪所在的串口：</source>
        <translation>Serial port of the barcode scanner:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>串口扫码枪已连接：</source>
        <translation>Serial barcode scanner connected: </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>统计图表…</source>
        <translation>Statistics…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>清理超过保留期的记录…</source>
        <translation>Purge records past the retention period…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>修改PIN…</source>
        <translation>Change PIN…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>闭环转运…</source>
        <translation>Closed-loop transfer…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>打印闭环转运单…</source>
        <translation>Print transfer slip…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>需闭环转运：收到县里的接收点名单后，在 记录 → 闭环转运…（Ctrl+J）登记</source>
        <translation>Needs a closed-loop transfer: once the county&apos;s list of receiving sites has arrived, record it under Records → Closed-loop transfer… (Ctrl+J)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>所选记录不需要闭环转运（集中隔离、转运发热门诊才需要）</source>
        <translation>The selected record needs no closed-loop transfer (only central quarantine and the fever clinic do)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>所选记录没有登记闭环转运，无转运单可打印</source>
        <translation>The selected record has no closed-loop transfer: there is no slip to print</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>打印告知书…</source>
        <translation>Print a notice…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>还没有登记记录可打印</source>
        <translation>No registered traveller to print for yet</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>PIN 已修改</source>
        <translation>PIN changed</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>正在清理超过保留期的记录…</source>
        <translation>Purging records past the retention period…</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n 条超过保留期的记录尚未上报县指挥部，请尽快同步或导出</source>
        <translation>
            <numerusform>%n record past the retention period has not reached the county: sync or export it soon</numerusform>
            <numerusform>%n records past the retention period have not reached the county: sync or export them soon</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>已清理 %n 条超过保留期的记录</source>
        <translation>
            <numerusform>Purged %n record past the retention period</numerusform>
            <numerusform>Purged %n records past the retention period</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（保留 %1 天）</source>
        <translation> (kept for %1 days)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>清理未完成：</source>
        <translation>Purge not finished: </translation>
    </message>
</context>
<context>
    <name>PaperDialog</name>
    <message>
        <location filename="../../checkpoint_app/gui/papers.py" line="+305"/>
        <source>打印告知书</source>
        <translation>Print a notice</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>旅客：</source>
        <translation>Traveller:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>告知书(&amp;K)：</source>
        <translation>&amp;Kind of paper:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A5 纸（系统打印机）</source>
        <translation>A5 paper (system printer)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A4 纸（系统打印机）</source>
        <translation>A4 paper (system printer)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>小票打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>打印到(&amp;P)：</source>
        <translation>&amp;Print to:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>预览(&amp;V)…</source>
        <translation>Pre&amp;view…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打印(&amp;R)</source>
        <translation>P&amp;rint</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保存为 PDF(&amp;S)…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>小票打印机设置…</source>
        <translation>Receipt printer settings…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>这种处置没有要打印的告知书</source>
        <translation>This disposition has no paper to print</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>已打印 %1，编号 %2</source>
        <translation>Printed %1, serial %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>文件无法写入：</source>
        <translation>The file cannot be written: </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>保存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>正在发送到小票打印机…</source>
        <translation>Sending to the receipt printer…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>未设置小票打印机，改用系统打印机</source>
        <translation>No receipt printer is set up; using the system printer</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>打印预览</source>
        <translation>Print preview</translation>
    </message>
</context>
<context>
    <name>PledgeDialog</name>
    <message>
        <location filename="../../checkpoint_app/gui/pledge_dialog.py" line="+51"/>
        <source>承诺书正文</source>
        <translation>Pledge text</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>清除 (Alt+C)</source>
        <translation>Clear (Alt+C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>拒签 (Alt+R)</source>
        <translation>Refuse (Alt+R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>确认签名 (Alt+S)</source>
        <translation>Confirm signature (Alt+S)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>请先在签字区签名</source>
        <translation>Please sign in the signature box first</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>签名笔画太多，请清除后重签</source>
        <translation>Too many strokes in the signature: clear it and sign again</translation>
    </message>
</context>
<context>
    <name>ReceiptPrinterDialog</name>
    <message>
        <location filename="../../checkpoint_app/gui/papers.py" line="-240"/>
        <source>小票打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>usb:0416:5011 或 192.168.1.50:9100</source>
        <translation>usb:0416:5011 or 192.168.1.50:9100</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>地址(&amp;A)：</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>58 毫米</source>
        <translation>58 mm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>80 毫米</source>
        <translation>80 mm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>纸宽(&amp;W)：</source>
        <translation>Paper &amp;width:</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../ui/record_dialog.ui" line="+6"/>
        <source>登记记录</source>
        <translation>Registration record</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>版本记录</source>
        <translation>Version history</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>更正原因(&amp;C)</source>
        <translation>&amp;Correction reason</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/record_dialog.py" line="+71"/>
        <source>更正（新版本）</source>
        <translation>Correct (new version)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>只有卡点负责人或管理员可以更正记录</source>
        <translation>Only the checkpoint lead or an administrator can correct records</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>显示完整号码(&amp;U)…</source>
        <translation>Show full n&amp;umbers…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>只有卡点负责人或管理员可以查看完整号码</source>
        <translation>Only a checkpoint lead or an administrator can see full numbers</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>承诺书存为 PDF…</source>
        <translation>Save pledge as PDF…</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+66"/>
        <source>记录不存在</source>
        <translation>Record not found</translation>
    </message>
    <message numerus="yes">
        <location line="-57"/>
        <source>第 %n 版</source>
        <translation>
            <numerusform>Version %n</numerusform>
            <numerusform>Version %n</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>承诺书：</source>
        <translation>Pledge: </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>承诺书存为 PDF</source>
        <translation>Save pledge as PDF</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>查看完整号码</source>
        <translation>Show full numbers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>查看原因（将记入审计日志）：</source>
        <translation>Reason (recorded in the audit log):</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>证件号码：%1
手机号：%2
（%3 秒后自动遮蔽）</source>
        <translation>ID number: %1
Phone: %2
(masked again in %3 seconds)</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>修改后在表单中按回车保存为新版本</source>
        <translation>Make the changes in the form, then press Enter to save a new version</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>更正记录需要填写原因</source>
        <translation>A correction needs a reason</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>已保存为第 %n 版</source>
        <translation>
            <numerusform>Saved as version %n</numerusform>
            <numerusform>Saved as version %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordsTableModel</name>
    <message>
        <location filename="../../checkpoint_app/gui/records_model.py" line="+43"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>证件号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>手机</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来源地</source>
        <translation>Origin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>体温</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>健康码</source>
        <translation>Health code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>行程卡</source>
        <translation>Travel card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核酸</source>
        <translation>NAT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处置</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转运</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>转运中</source>
        <translation>On the way</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已到达</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未到</source>
        <translation>Not arrived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>超时</source>
        <translation>Overdue</translation>
    </message>
    <message numerus="yes">
        <location line="+109"/>
        <source>同车 %n 人；查找车牌可列出全车</source>
        <translation>
            <numerusform>%n person in this car; search the plate to list the car</numerusform>
            <numerusform>%n people in this car; search the plate to list the car</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+59"/>
        <source>司机，共 %n 人</source>
        <translation>
            <numerusform>driver, %n person</numerusform>
            <numerusform>driver, %n people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>同车，共 %n 人</source>
        <translation>
            <numerusform>passenger, %n person</numerusform>
            <numerusform>passenger, %n people</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>待同步</source>
        <translation>Not synced</translation>
    </message>
</context>
<context>
    <name>RegisterForm</name>
    <message>
        <location filename="../../ui/register_form.ui" line="+6"/>
        <source>旅客登记</source>
        <translation>Traveller registration</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>扫码 / 输入证件号、车牌、手机号后按回车（F9）</source>
        <translation>Scan, or type a document no., plate or phone number and press Enter (F9)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>扫码枪就绪</source>
        <translation>Barcode scanner ready</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>证件号码(&amp;D)</source>
        <translation>&amp;Document number</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>手机号(&amp;P)</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>车牌(&amp;L)</source>
        <translation>&amp;Licence plate</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>如 豫P12345，可空</source>
        <translation>e.g. 豫P12345 (optional)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>来源地(&amp;O)</source>
        <translation>&amp;Origin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>输入地名查找，如「浦东」「郑州」</source>
        <translation>Type a place name to search, e.g. 浦东 or 郑州</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>目的乡镇</source>
        <translation>Destination</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>事由</source>
        <translation>Reason for travel</translation>
    </message>
    <message>
        <location line="-52"/>
        <location filename="../../checkpoint_app/gui/register_form.py" line="+860"/>
        <source>截图 Ctrl+V</source>
        <translation>Image Ctrl+V</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>不带省份简称的车牌（如 P12345）使用这里的省份</source>
        <translation>A plate typed without its province (e.g. P12345) takes this province</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>村（社区）/详细地址，选填</source>
        <translation>Village / street address, optional</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>目的地址</source>
        <translation>Destination address</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>体温 °C(&amp;W)</source>
        <translation>&amp;Temperature °C</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>如 36.5</source>
        <translation>e.g. 36.5</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../checkpoint_app/gui/register_form.py" line="+57"/>
        <source>健康码</source>
        <translation>Health code</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>绿码 Ctrl+1</source>
        <translation>Green Ctrl+1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>黄码 Ctrl+2</source>
        <translation>Yellow Ctrl+2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>红码 Ctrl+3</source>
        <translation>Red Ctrl+3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>灰码 Ctrl+4</source>
        <translation>Grey Ctrl+4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>行程卡</source>
        <translation>Travel card</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>绿 Alt+1</source>
        <translation>Green Alt+1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>黄 Alt+2</source>
        <translation>Yellow Alt+2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>红 Alt+3</source>
        <translation>Red Alt+3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>途经城市，逗号分隔，带 * 表示有中高风险</source>
        <translation>Cities passed through, comma-separated; * marks medium/high risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核酸(&amp;H)</source>
        <translation>N&amp;AT</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>采样时间：几小时前 / 08:30 / 4-10 08:30</source>
        <translation>Sampled: hours ago / 08:30 / 4-10 08:30</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>疫苗剂次</source>
        <translation>Vaccine doses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未登记</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F12 已在手机上查看：绿码 · 行程卡绿 · 核酸 48 小时内阴性</source>
        <translation>F12 Seen on the phone: all green, NAT negative</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>只填还未查验的项目；截图、扫码或按键已填的颜色不变</source>
        <translation>Fills only what is still unchecked; a colour from a screenshot, a scan or a key stays</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>承诺书</source>
        <translation>Pledge</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>在签字屏上显示承诺书，旅客签名或拒签（Alt+R）</source>
        <translation>Shows the pledge on the signing screen: the traveller signs or refuses (Alt+R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../checkpoint_app/gui/register_form.py" line="+527"/>
        <source>未签</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>纸质 Shift+F12</source>
        <translation>Paper Shift+F12</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>旅客已在纸质承诺书上签字，记下右边的编号</source>
        <translation>The traveller signed the paper pledge: records the slip number on the right</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本卡点纸质承诺书的下一张编号；换新本时改这里</source>
        <translation>Number of this checkpoint&apos;s next paper pledge slip; change it when a new pad starts</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>纸质承诺书编号</source>
        <translation>Paper pledge slip number</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>编号 </source>
        <translation>No. </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>屏幕签 Shift+F11</source>
        <translation>Screen Shift+F11</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/register_form.py" line="+2"/>
        <source>拒签</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../ui/register_form.ui" line="+10"/>
        <source>处置</source>
        <translation>Disposition</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>F1 放行</source>
        <translation>F1 Release</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F2 放行+落地检</source>
        <translation>F2 Release + test on arrival</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F3 劝返</source>
        <translation>F3 Turn back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F4 集中隔离</source>
        <translation>F4 Central quarantine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F5 居家隔离</source>
        <translation>F5 Home quarantine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F6 居家健康监测</source>
        <translation>F6 Home health monitoring</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F7 转运发热门诊</source>
        <translation>F7 Transfer to fever clinic</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不按建议处置或未查验时必填</source>
        <translation>Required when not following the suggestion or when something is unchecked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>重新开始 (Esc)</source>
        <translation>Start over (Esc)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>同车下一人 (F8)</source>
        <translation>Next in car (F8)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>保存本人，车牌、来源地和目的地留给同车的下一人</source>
        <translation>Save this person; the plate, origin and destination stay for the next person in the car</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存本人，并把本人的处置用于同车所有人</source>
        <translation>Save this person and give this disposition to everyone in the car</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>整车同处置 (Shift+F8)</source>
        <translation>Same for whole car (Shift+F8)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存 (Enter)</source>
        <translation>Save (Enter)</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/register_form.py" line="-1363"/>
        <source>返乡</source>
        <translation>Returning home</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>探亲访友</source>
        <translation>Visiting family/friends</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>务工</source>
        <translation>Work</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>物流运输</source>
        <translation>Freight/logistics</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>公务</source>
        <translation>Official business</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>就医</source>
        <translation>Medical care</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>过境</source>
        <translation>Transit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>核酸结果</source>
        <translation>NAT result</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>采样时间</source>
        <translation>Sampling time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>疫苗</source>
        <translation>Vaccine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>途经城市</source>
        <translation>Cities visited</translation>
    </message>
    <message>
        <location line="+301"/>
        <source>省</source>
        <translation>Province</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>扫码枪就绪：扫证件、车牌或健康码</source>
        <translation>Scanner ready: scan an ID document, plate or health code</translation>
    </message>
    <message numerus="yes">
        <location line="+71"/>
        <source>同车登记：%1 · 已登记 %n 人 · F8 下一人 · Shift+F8 整车同处置 · Enter 最后一人</source>
        <translation>
            <numerusform>Car %1 · %n person saved · F8 next · Shift+F8 same for whole car · Enter last person</numerusform>
            <numerusform>Car %1 · %n people saved · F8 next · Shift+F8 same for whole car · Enter last person</numerusform>
        </translation>
    </message>
    <message>
        <location line="+100"/>
        <source>已读取证件号 </source>
        <translation>Read document number </translation>
    </message>
    <message>
        <location line="-16"/>
        <location line="+22"/>
        <source>已读取车牌 </source>
        <translation>Read plate </translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+69"/>
        <source>上一位旅客未保存，已清除；</source>
        <translation>The previous traveller was not saved and was cleared; </translation>
    </message>
    <message>
        <location line="-61"/>
        <source>已读取手机号 </source>
        <translation>Read phone number </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已读取</source>
        <translation>Read </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>，请核对颜色</source>
        <translation> — check the colour</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>未识别的扫码内容，已原样保存</source>
        <translation>Unrecognised scan, saved as is</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>来自身份证：</source>
        <translation>From the ID card: </translation>
    </message>
    <message>
        <location line="+56"/>
        <source>无法查询此预登记码是否已在本卡点使用过，请核对是否本人</source>
        <translation>Could not check whether this pre-registration code was already used here: check that this is the same person</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>此预登记码已于 %1 在本卡点使用过（登记给 %2）— 请核对是否本人</source>
        <translation>This pre-registration code was already used at this checkpoint on %1 (registered to %2) — check that this is the same person</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>此预登记码已于 %1 在本卡点使用过 — 请核对是否本人</source>
        <translation>This pre-registration code was already used at this checkpoint on %1 — check that this is the same person</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>（已用 %n 次）</source>
        <translation>
            <numerusform> (used %n time)</numerusform>
            <numerusform> (used %n times)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>来源地代码不认识，请选择</source>
        <translation>Unknown place of origin code: choose the place</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>目的乡镇「%1」不在本机列表中，请选择</source>
        <translation>Destination township &quot;%1&quot; is not in this computer&apos;s list: choose one</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>来自预登记（有效至 %1），请测温、核验健康码和核酸</source>
        <translation>From pre-registration (valid until %1): take the temperature, check the codes and the NAT</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>来自预登记</source>
        <translation>From pre-registration</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>正在识别截图：</source>
        <translation>Reading screenshot: </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>预登记码</source>
        <translation>Pre-registration code</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>（截图识别 </source>
        <translation> (from screenshot </translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+81"/>
        <source>）</source>
        <translation>)</translation>
    </message>
    <message>
        <location line="-76"/>
        <location line="+23"/>
        <source>行程卡 </source>
        <translation>Travel card </translation>
    </message>
    <message>
        <location line="-21"/>
        <source>不是健康码（可能是付款码或其他图片），未填入</source>
        <translation>Not a health code (perhaps a payment code or another picture); nothing filled in</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未找到二维码，正在识别文字…</source>
        <translation>No QR code found; reading the text…</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>健康码 · </source>
        <translation>Health code · </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（二维码未能解码，按二维码颜色 </source>
        <translation> (code did not decode; by the code&apos;s colour </translation>
    </message>
    <message>
        <location line="+19"/>
        <source>截图的二维码是%1，页面文字却写着%2：可能是改过的截图。请看手机原件，按 Ctrl+1…4 选择</source>
        <translation>The screenshot&apos;s code is %1 but its words say %2: it may have been edited. Look at the phone itself and press Ctrl+1…4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>颜色不一致，未填入</source>
        <translation>colours disagree, not filled in</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>来自截图，置信度 </source>
        <translation>From the screenshot, confidence </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>截图识别：</source>
        <translation>From screenshot: </translation>
    </message>
    <message>
        <location line="+109"/>
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>县/区</source>
        <translation>County/district</translation>
    </message>
    <message numerus="yes">
        <location line="+63"/>
        <source>已输入 %n/18 位</source>
        <translation>
            <numerusform>%n of 18 digits entered</numerusform>
            <numerusform>%n of 18 digits entered</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>出生日期 </source>
        <translation>Born </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>格式正确</source>
        <translation>Format OK</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>手机号应为 11 位</source>
        <translation>Phone numbers have 11 digits</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>纸质签字 · 第 %1 号</source>
        <translation>Signed on paper · slip %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已屏幕签名</source>
        <translation>Signed on screen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>发热！</source>
        <translation>Fever!</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>各项正常</source>
        <translation>All normal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · 须报告县指挥部</source>
        <translation> · report to the county command</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> → 建议 </source>
        <translation> → suggested: </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>防控策略 第 %n 版</source>
        <translation>
            <numerusform>County policy, version %n</numerusform>
            <numerusform>County policy, version %n</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>内置防控规则（尚未收到县策略）</source>
        <translation>Built-in rules (no county policy received yet)</translation>
    </message>
</context>
<context>
    <name>ScannerTestDialog</name>
    <message>
        <location filename="../../ui/scanner_test_dialog.ui" line="+6"/>
        <source>测试扫码枪</source>
        <translation>Test barcode scanner</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>用扫码枪扫任意条码或二维码。下面显示收到的内容、按键间隔，以及是否被识别为扫码。</source>
        <translation>Scan any barcode or QR code. Below you see what was received, the gaps between keys, and whether it was recognised as a scan.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>最大按键间隔（毫秒）</source>
        <translation>Max gap between keys (ms)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>最少字符数</source>
        <translation>Minimum characters</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/dialogs.py" line="+104"/>
        <source>识别为扫码：</source>
        <translation>Recognised as a scan: </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>（%n 个字符）</source>
        <translation>
            <numerusform> (%n character)</numerusform>
            <numerusform> (%n characters)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <source>按键间隔：</source>
        <translation>Gaps between keys: </translation>
    </message>
    <message>
        <location line="-1"/>
        <source>未识别为扫码：</source>
        <translation>Not recognised as a scan: </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已保存新的识别参数</source>
        <translation>New recognition settings saved</translation>
    </message>
</context>
<context>
    <name>ScreenshotReader</name>
    <message>
        <location filename="../../checkpoint_app/gui/screenshots.py" line="+205"/>
        <source>截图识别失败，请重试或手动填写</source>
        <translation>Could not read the screenshot; try again or fill in by hand</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.ui" line="+6"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>发热阈值（°C）</source>
        <translation>Fever threshold (°C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>核酸有效时长（小时）</source>
        <translation>NAT valid for (hours)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>无操作自动锁屏（分钟）</source>
        <translation>Lock after idle (minutes)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>提示音</source>
        <translation>Sound</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存后播放提示音</source>
        <translation>Play a sound after saving</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>截图保留天数</source>
        <translation>Keep screenshots (days)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不保留（只存哈希与识别结果）</source>
        <translation>Not kept (hashes and read fields only)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录保留天数(&amp;R)</source>
        <translation>Keep records (days) (&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>修改会记入审计日志。界面语言在下次启动时生效。</source>
        <translation>Changes are recorded in the audit log. The language takes effect at the next start.</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/dialogs.py" line="+49"/>
        <source>现按县指挥部防控策略保留 %1 天；本设置在策略包未规定时才使用。</source>
        <translation>The county&apos;s policy keeps records %1 days; this setting applies only when the policy pack gives no period.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>尚未收到县指挥部的防控策略包，现按本设置保留 %1 天（已上报的记录才会清理）。</source>
        <translation>No county policy pack yet: records are kept %1 days under this setting (only records the county has are purged).</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in_dialog.ui" line="+6"/>
        <source>签到</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>请签到开始值班</source>
        <translation>Sign in to start your shift</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN(&amp;P)</source>
        <translation>&amp;PIN</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/dialogs.py" line="-412"/>
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>屏幕已锁定，请输入 PIN 解锁</source>
        <translation>Screen locked: enter your PIN to unlock</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>管理密钥解锁…</source>
        <translation>Unlock with admin secret…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>正在核对 PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>只能由本班人员或卡点负责人解锁</source>
        <translation>Only staff on this shift or the checkpoint lead can unlock</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>管理密钥解锁</source>
        <translation>Unlock with admin secret</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请输入创建卡点时抄写的管理密钥：</source>
        <translation>Enter the admin secret written down when the checkpoint was created:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>已用管理密钥解锁，请选择姓名并输入 PIN 登录</source>
        <translation>Unlocked with the admin secret. Choose your name and enter your PIN to sign in</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../checkpoint_app/gui/signature_pad.py" line="+85"/>
        <source>签字区</source>
        <translation>Signature box</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>请在此处签名</source>
        <translation>Please sign here</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <location filename="../../ui/staff_dialog.ui" line="+6"/>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>添加工作人员</source>
        <translation>Add a staff member</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN(&amp;P)</source>
        <translation>&amp;PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>再次输入 PIN</source>
        <translation>Repeat PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>添加(&amp;A)</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>重置所选人员的 PIN</source>
        <translation>Reset the selected person&apos;s PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>新 PIN(&amp;R)</source>
        <translation>New PIN (&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>再次输入新 PIN</source>
        <translation>New PIN again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>重置 PIN(&amp;S)</source>
        <translation>Re&amp;set PIN</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/dialogs.py" line="+373"/>
        <location line="+42"/>
        <source>两次输入的 PIN 不一致</source>
        <translation>The two PINs do not match</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>已添加：</source>
        <translation>Added: </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>请先在列表中选择要重置 PIN 的人员</source>
        <translation>First select in the list whose PIN to reset</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>已重置 PIN：</source>
        <translation>PIN reset: </translation>
    </message>
    <message>
        <location line="-45"/>
        <location line="+39"/>
        <source>正在保存新的 PIN…</source>
        <translation>Saving the new PIN…</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../checkpoint_app/gui/application.py" line="+195"/>
        <source>本机数据文件尚未加密，电脑丢失时旅客信息可能泄露。现在加密吗？（需要几秒钟；完成后会显示管理密钥，请抄写保存）</source>
        <translation>The data file on this computer is not encrypted: if the computer is lost, travellers&apos; details could leak. Encrypt it now? (It takes a few seconds; the admin secret is shown afterwards: write it down.)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>加密未完成，数据文件保持原样：</source>
        <translation>Encryption did not finish; the data file is unchanged: </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>请抄写并妥善保管本卡点的管理密钥：</source>
        <translation>Write down this checkpoint&apos;s admin secret and keep it safe:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>数据文件已加密。忘记全部 PIN、更换电脑或在命令行处理数据时需要这个密钥；本软件不会再次显示它，丢失后数据无法恢复。</source>
        <translation>The data file is encrypted. You need this secret if every PIN is forgotten, on a new computer, and for command-line work. It will not be shown again; without it the data cannot be recovered.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message numerus="yes">
        <location filename="../../checkpoint_app/gui/sync_controller.py" line="+155"/>
        <source>未注册到县平台 · 待同步 %n 条（可交班导出）</source>
        <translation>
            <numerusform>Not enrolled with the county · %n record to sync (use the end-of-shift export)</numerusform>
            <numerusform>Not enrolled with the county · %n records to sync (use the end-of-shift export)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>县平台在线</source>
        <translation>County online</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>待同步 %n 条</source>
        <translation>
            <numerusform>%n record to sync</numerusform>
            <numerusform>%n records to sync</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>上次同步 </source>
        <translation>Last sync </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n 条冲突待核对</source>
        <translation>
            <numerusform>%n conflict to check</numerusform>
            <numerusform>%n conflicts to check</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../ui/transfer_dialog.ui" line="+6"/>
        <source>闭环转运</source>
        <translation>Closed-loop transfer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>接收点(&amp;S)</source>
        <translation>Receiving &amp;site</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>转运车牌(&amp;P)</source>
        <translation>Vehicle &amp;plate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>如 豫P12345</source>
        <translation>e.g. 豫P12345</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>护送人员(&amp;E)</source>
        <translation>&amp;Escort</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>护送人员电话(&amp;T)</source>
        <translation>Escort&apos;s &amp;telephone</translation>
    </message>
    <message>
        <location filename="../../checkpoint_app/gui/transfer_dialog.py" line="+53"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存并打印转运单(&amp;R)</source>
        <translation>Save and p&amp;rint slip</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>转运人员：</source>
        <translation>Person transferred:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>处置：</source>
        <translation>Disposition:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>尚未收到县指挥部的接收点名单，请先同步</source>
        <translation>The county&apos;s list of receiving sites has not arrived yet; sync first</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>已记录。转运码：</source>
        <translation>Recorded. Transfer code:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>请交给护送人员，接收点凭此码确认到达。</source>
        <translation>Give it to the escort; the receiving site confirms arrival with this code.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>打印转运单(&amp;R)</source>
        <translation>P&amp;rint transfer slip</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../checkpoint_app/gui/labels.py" line="+21"/>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>港澳通行证</source>
        <translation>HK/Macao travel permit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>台胞证</source>
        <translation>Taiwan compatriot permit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其他证件</source>
        <translation>Other document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>绿码</source>
        <translation>Green</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>黄码</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>红码</source>
        <translation>Red</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>灰码</source>
        <translation>Grey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未查验</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>阴性</source>
        <translation>Negative</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>阳性</source>
        <translation>Positive</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>无证明</source>
        <translation>No proof</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>放行</source>
        <translation>Release</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>放行+落地检</source>
        <translation>Release + test on arrival</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>劝返</source>
        <translation>Turn back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>集中隔离</source>
        <translation>Central quarantine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>居家隔离</source>
        <translation>Home quarantine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>居家健康监测</source>
        <translation>Home health monitoring</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>转运发热门诊</source>
        <translation>Transfer to fever clinic</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>登记员</source>
        <translation>Registrar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>卡点负责人</source>
        <translation>Checkpoint lead</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>高速收费站</source>
        <translation>Expressway toll station</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>乡村道路</source>
        <translation>Village road</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>女</source>
        <translation>female</translation>
    </message>
</context>
</TS>
