<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddLinkDialog</name>
    <message>
        <source>Add a related document</source>
        <translation>添加关联文件</translation>
    </message>
    <message>
        <source>This document</source>
        <translation>本文件</translation>
    </message>
    <message>
        <source>Document id, or words of its title or 文号</source>
        <translation>文档编号，或题名、文号中的词语</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Other document</source>
        <translation>关联的文件</translation>
    </message>
</context>
<context>
    <name>ArchiveSession</name>
    <message>
        <source>%1 is already open</source>
        <translation>%1 已经打开</translation>
    </message>
    <message>
        <source>%1 was written by a newer version of this program; open it with that version.</source>
        <translation>%1 由更新版本的本程序写入，请用该版本打开。</translation>
    </message>
    <message>
        <source>Opened %1 read-only: you can search and show evidence but not change anything</source>
        <translation>已只读打开 %1：可以检索和展示佐证资料，但不能修改</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>The folder %1 does not exist (it may have been moved, renamed or be on a drive that is not connected).</source>
        <translation>文件夹 %1 不存在（可能已被移动、改名，或所在的磁盘未连接）。</translation>
    </message>
    <message>
        <source>%1 is not an evidence archive, or its database is damaged.</source>
        <translation>%1 不是佐证档案库，或其数据库已损坏。</translation>
    </message>
    <message>
        <source>The archive is being edited in another program.</source>
        <translation>档案库正在另一个程序中编辑。</translation>
    </message>
    <message>
        <source>The archive is being edited by %1 on computer %2 (process %3) since %4.</source>
        <translation>档案库正由 %1 在计算机 %2 上编辑（进程 %3，自 %4 起）。</translation>
    </message>
    <message>
        <source>Archive in use</source>
        <translation>档案库正在使用</translation>
    </message>
    <message>
        <source>You can open it read-only to search and show evidence. If that program has been closed, or that computer crashed or was switched off, you can take the archive over; never do this while it is still open there.</source>
        <translation>可以只读打开，照常检索和展示佐证材料。如果对方的程序已经关闭，或那台电脑已死机、断电，可以接管档案库；对方仍在使用时切勿接管。</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>只读打开</translation>
    </message>
    <message>
        <source>Take over (it is closed there)</source>
        <translation>接管（对方已关闭）</translation>
    </message>
    <message>
        <source>Choose an empty folder for the new archive</source>
        <translation>为新档案库选择一个空文件夹</translation>
    </message>
    <message>
        <source>Open an archive folder</source>
        <translation>打开档案库文件夹</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>BackgroundConversions</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop converting documents for the compile; what is converted is kept, and the rest is converted the next time the archive opens (or by the compile)</source>
        <translation>停止为编制卷册转换文档；已转换的均已保存，其余在下次打开档案库时（或编制时）继续转换</translation>
    </message>
    <message>
        <source>Converting for the compile %1/%2 documents</source>
        <translation>转换中 %1/%2 份</translation>
    </message>
    <message>
        <source>Converting stopped; what was converted is kept</source>
        <translation>已停止转换，已转换的文档均已保存</translation>
    </message>
    <message>
        <source>%1 document(s) prepared for compiling</source>
        <translation>已在后台为编制卷册转换 %1 份文档</translation>
    </message>
</context>
<context>
    <name>BulkEdit</name>
    <message>
        <source>Select documents in the list first</source>
        <translation>请先在列表中选择文档</translation>
    </message>
    <message>
        <source>edit documents</source>
        <translation>修改文档</translation>
    </message>
    <message>
        <source>Edited %1 document(s)</source>
        <translation>已修改 %1 份文档</translation>
    </message>
</context>
<context>
    <name>BulkEditDialog</name>
    <message>
        <source>Edit %1 documents</source>
        <translation>批量修改 %1 份文档</translation>
    </message>
    <message>
        <source>Fields left empty stay as each document has them.</source>
        <translation>留空的项目保持各文档原样不变。</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>责任者</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>e.g. 20210312</source>
        <translation>例如 20210312</translation>
    </message>
</context>
<context>
    <name>CataloguePanel</name>
    <message>
        <source>Tasks and requirements</source>
        <translation>重点任务与具体要求</translation>
    </message>
    <message>
        <source>Mechanisms</source>
        <translation>制度机制</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>%1 documents</source>
        <translation>共 %1 份文档</translation>
    </message>
</context>
<context>
    <name>CompileDialog</name>
    <message>
        <source>Compile volumes</source>
        <translation>编制卷册</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>具体要求</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>重点任务</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Mechanism</source>
        <translation>制度机制</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>组卷方式</translation>
    </message>
    <message>
        <source>e.g. 3.2.1 3.2.2</source>
        <translation>例如 3.2.1 3.2.2</translation>
    </message>
    <message>
        <source>Only these codes (blank: all)</source>
        <translation>仅编制这些编号（留空：全部）</translation>
    </message>
    <message>
        <source>Page budget per volume</source>
        <translation>每册页数上限</translation>
    </message>
    <message>
        <source>Double-sided: every document starts on a right-hand page</source>
        <translation>双面打印：每份文件从右页（奇数页）开始</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>打印方式</translation>
    </message>
    <message>
        <source>Fonds name</source>
        <translation>全宗名称</translation>
    </message>
    <message>
        <source>Compiling unit</source>
        <translation>立卷单位</translation>
    </message>
    <message>
        <source>YYYYMMDD; blank: the archive's latest change</source>
        <translation>年月日，如 20230615；留空：档案最近一次变动的日期</translation>
    </message>
    <message>
        <source>Date on the covers</source>
        <translation>封面日期</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>卷册</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Documents </source>
        <translation>文档数</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Current volume</source>
        <translation>当前卷册</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>总体进度</translation>
    </message>
    <message>
        <source>Show plan</source>
        <translation>查看计划</translation>
    </message>
    <message>
        <source>Order of documents…</source>
        <translation>卷内顺序…</translation>
    </message>
    <message>
        <source>Set by hand the order in which the chosen volume binds its documents</source>
        <translation>手动调整所选卷册中文件的装订顺序</translation>
    </message>
    <message>
        <source>Compile</source>
        <translation>开始编制</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open output folder</source>
        <translation>打开输出文件夹</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>待编制</translation>
    </message>
    <message>
        <source>%1 volume(s), %2 page(s)</source>
        <translation>共 %1 册，%2 页</translation>
    </message>
    <message>
        <source>Choose an output folder first</source>
        <translation>请先选择输出文件夹</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Compiled %1 volume(s); %2 already up to date</source>
        <translation>已编制 %1 册；%2 册无需更新</translation>
    </message>
    <message>
        <source>%1 error(s): %2</source>
        <translation>%1 个错误：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Compilation cancelled; finished volumes were kept</source>
        <translation>编制已取消；已完成的卷册均已保留</translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>By task</source>
        <translation>按重点任务</translation>
    </message>
    <message>
        <source>By section</source>
        <translation>按板块</translation>
    </message>
    <message>
        <source>By lead unit</source>
        <translation>按牵头单位</translation>
    </message>
    <message>
        <source>By responsible unit</source>
        <translation>按责任单位</translation>
    </message>
    <message>
        <source>By city leader</source>
        <translation>按市级领导</translation>
    </message>
    <message>
        <source>Coverage workbook…</source>
        <translation>导出覆盖情况表…</translation>
    </message>
    <message>
        <source>Write the coverage picture as an Excel workbook</source>
        <translation>把覆盖情况写成 Excel 工作簿</translation>
    </message>
    <message>
        <source>Chase list…</source>
        <translation>生成督办清单…</translation>
    </message>
    <message>
        <source>Write the 督办清单 (what each unit must still supply) as a Word document</source>
        <translation>把督办清单（各单位尚需提供的材料）写成 Word 文档</translation>
    </message>
    <message>
        <source>Click a count to list those requirements</source>
        <translation>点击数字，列出相应的具体要求</translation>
    </message>
    <message>
        <source>%1 requirements: %2 complete, %3 partial, %4 without evidence (as of %5)</source>
        <translation>具体要求 %1 项：已完成 %2 项，部分提供 %3 项，未提供 %4 项（截至 %5）</translation>
    </message>
    <message>
        <source>%1: %2 requirement(s)</source>
        <translation>%1：具体要求 %2 项</translation>
    </message>
    <message>
        <source>%1 document(s)</source>
        <translation>%1 份文档</translation>
    </message>
    <message>
        <source>Still to supply: %1</source>
        <translation>尚需提供：%1</translation>
    </message>
    <message>
        <source>Coverage workbook</source>
        <translation>覆盖情况表</translation>
    </message>
    <message>
        <source>Chase list</source>
        <translation>督办清单</translation>
    </message>
    <message>
        <source>coverage %1.xlsx</source>
        <translation>覆盖情况 %1.xlsx</translation>
    </message>
    <message>
        <source>chase list %1.docx</source>
        <translation>督办清单 %1.docx</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Doc. number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>责任者</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>e.g. 20210312</source>
        <translation>例如 20210312</translation>
    </message>
    <message>
        <source>e.g. 潭政办发〔2021〕12号</source>
        <translation>例如 潭政办发〔2021〕12号</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>No document selected</source>
        <translation>未选择文档</translation>
    </message>
    <message>
        <source>(no tags: drag the document onto a requirement)</source>
        <translation>（无标注：把文档拖到具体要求上即可标注）</translation>
    </message>
    <message>
        <source>The changes to document %1 cannot be saved: %2

Discard them?</source>
        <translation>文档 %1 的修改无法保存：%2

放弃这些修改吗？</translation>
    </message>
    <message>
        <source>The connection to the server is lost: not saved yet. What you typed stays here; save it when the server is back.</source>
        <translation>与服务器的连接已断开，尚未保存。填写的内容仍保留在这里，服务器恢复后再保存。</translation>
    </message>
    <message>
        <source>The changes to document %1 were not saved: %2</source>
        <translation>文档 %1 的修改没有保存：%2</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <source>Select documents in the list first</source>
        <translation>请先在列表中选择文档</translation>
    </message>
    <message>
        <source>No program on this computer opens %1</source>
        <translation>本机没有能打开 %1 的程序</translation>
    </message>
    <message>
        <source>The list is empty</source>
        <translation>列表为空</translation>
    </message>
    <message>
        <source>Export the list</source>
        <translation>导出列表</translation>
    </message>
    <message>
        <source>document list.xlsx</source>
        <translation>文档列表.xlsx</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>%1 document(s) written to %2</source>
        <translation>已把 %1 份文档写入 %2</translation>
    </message>
    <message>
        <source>The list of %1 document(s) is open in the PDF viewer: print it from there</source>
        <translation>已在 PDF 阅读器中打开 %1 份文档的列表，请在阅读器中打印</translation>
    </message>
    <message>
        <source> (%1 character(s) no font has are printed as □)</source>
        <translation>（%1 个字符没有字体可显示，印为 □）</translation>
    </message>
    <message>
        <source>delete documents</source>
        <translation>删除文档</translation>
    </message>
    <message>
        <source>Delete documents</source>
        <translation>删除文档</translation>
    </message>
    <message>
        <source>Delete %1 document(s) from the archive, with their tags and stored originals? This cannot be undone; the audit log keeps a record.</source>
        <translation>从档案库删除这 %1 份文档及其标注和保存的原件吗？此操作不能撤销，审计日志会留下记录。</translation>
    </message>
    <message>
        <source>Deleted %1 document(s)</source>
        <translation>已删除 %1 份文档</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <source>Filter this list by title, 文号, 责任者, tag…</source>
        <translation>按题名、文号、责任者、标注筛选本列表…</translation>
    </message>
    <message>
        <source>%1 — %2 document(s)</source>
        <translation>%1 — 共 %2 份文档</translation>
    </message>
    <message>
        <source> (%1 shown by the filter)</source>
        <translation>（筛选后显示 %1 份）</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Link %1 document(s) to mechanisms by 文号</source>
        <translation>按文号自动关联制度机制 %1 份</translation>
    </message>
    <message>
        <source>Wrong password for %1 file(s)</source>
        <translation>%1 个文件的密码不正确</translation>
    </message>
    <message>
        <source>Import catalogue</source>
        <translation>导入目录</translation>
    </message>
    <message>
        <source>Catalogue (*.xlsx *.csv)</source>
        <translation>目录文件 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Catalogue imported from %1</source>
        <translation>已从 %1 导入目录</translation>
    </message>
    <message>
        <source>Save catalogue template</source>
        <translation>保存目录模板</translation>
    </message>
    <message>
        <source>Template written to %1</source>
        <translation>模板已保存到 %1</translation>
    </message>
</context>
<context>
    <name>ImportSummaryDialog</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Added %1, duplicates %2, failed %3</source>
        <translation>新增 %1 份，重复 %2 份，失败 %3 份</translation>
    </message>
    <message>
        <source> (cancelled: files read so far were kept)</source>
        <translation>（已取消：已读取的文件均已保留）</translation>
    </message>
    <message>
        <source>; %1 linked to mechanisms by 文号 (%2 conflicts left for you)</source>
        <translation>；自动关联制度机制 %1 份（%2 处文号冲突待人工处理）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Added (%1)</source>
        <translation>新增（%1）</translation>
    </message>
    <message>
        <source>document %1, %2 page(s)</source>
        <translation>文档 %1，%2 页</translation>
    </message>
    <message>
        <source>Duplicates (%1)</source>
        <translation>重复（%1）</translation>
    </message>
    <message>
        <source>already in the archive as document %1</source>
        <translation>档案库中已有，为文档 %1</translation>
    </message>
    <message>
        <source>Failed (%1)</source>
        <translation>失败（%1）</translation>
    </message>
    <message>
        <source>Warnings (%1)</source>
        <translation>提示（%1）</translation>
    </message>
    <message>
        <source>Enter passwords (%1)…</source>
        <translation>输入密码（%1 个文件）…</translation>
    </message>
</context>
<context>
    <name>InspectionPage</name>
    <message>
        <source>Inspection mode</source>
        <translation>迎检模式</translation>
    </message>
    <message>
        <source>Exit (F11)</source>
        <translation>退出（F11）</translation>
    </message>
    <message>
        <source>Requirement code (e.g. 3.2.1) or any words, then Enter</source>
        <translation>输入具体要求编号（如 3.2.1）或任意文字，按回车</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Doc. number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Bound at</source>
        <translation>装订位置</translation>
    </message>
    <message>
        <source>← Back to the list (Esc)</source>
        <translation>← 返回列表（Esc）</translation>
    </message>
    <message>
        <source>Task %1: requirements %2</source>
        <translation>重点任务 %1：具体要求 %2</translation>
    </message>
    <message>
        <source>Lead unit: %1</source>
        <translation>牵头单位：%1</translation>
    </message>
    <message>
        <source>Responsible units: %1</source>
        <translation>责任单位：%1</translation>
    </message>
    <message>
        <source>(%1 piece(s) of evidence)</source>
        <translation>（佐证资料 %1 份）</translation>
    </message>
    <message>
        <source>%1 piece(s) of evidence</source>
        <translation>佐证资料 %1 份</translation>
    </message>
    <message>
        <source>; %1 not yet bound in a volume</source>
        <translation>；其中 %1 份尚未装订成册</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在检索…</translation>
    </message>
    <message>
        <source>%1 document(s) contain “%2”</source>
        <translation>%1 份文档含有“%2”</translation>
    </message>
    <message>
        <source>Listed %1 of %2</source>
        <translation>已列出 %1 份，共 %2 份</translation>
    </message>
    <message>
        <source>Show %1 more</source>
        <translation>再显示 %1 份</translation>
    </message>
    <message>
        <source>%1, p. %2</source>
        <translation>%1 第 %2 页</translation>
    </message>
    <message>
        <source>%1 (%2 of %3), p. %4</source>
        <translation>%1（第 %2 册 共 %3 册）第 %4 页</translation>
    </message>
    <message>
        <source>not bound yet</source>
        <translation>尚未装订</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>the original (the volume file is not on this computer)</source>
        <translation>原件（本机找不到卷册文件）</translation>
    </message>
    <message>
        <source>the original (not bound yet)</source>
        <translation>原件（尚未装订）</translation>
    </message>
</context>
<context>
    <name>LinksBox</name>
    <message>
        <source>answers (this is the reply)</source>
        <translation>答复（本件为批复）</translation>
    </message>
    <message>
        <source>is answered by (this is the request)</source>
        <translation>被答复（本件为请示）</translation>
    </message>
    <message>
        <source>is an attachment of</source>
        <translation>是附件，主件为</translation>
    </message>
    <message>
        <source>has the attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>is the signed original of</source>
        <translation>是正本，定稿为</translation>
    </message>
    <message>
        <source>has the signed original</source>
        <translation>正本</translation>
    </message>
    <message>
        <source>forwards</source>
        <translation>转发</translation>
    </message>
    <message>
        <source>is forwarded by</source>
        <translation>被转发于</translation>
    </message>
    <message>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Related documents</source>
        <translation>关联文件</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Link #%1 and #%2</source>
        <translation>关联 #%1 与 #%2</translation>
    </message>
    <message>
        <source>Unlink #%1 and #%2</source>
        <translation>解除 #%1 与 #%2 的关联</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Evidence Archive Compiler</source>
        <translation>佐证资料编制系统</translation>
    </message>
    <message>
        <source>&amp;New archive…</source>
        <translation>新建档案库(&amp;N)…</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Someone else is editing this archive: you can search and show evidence here, but not change anything</source>
        <translation>别人正在编辑此档案库：这里可以检索和展示佐证资料，但不能修改</translation>
    </message>
    <message>
        <source>&amp;Open archive…</source>
        <translation>打开档案库(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>Import files into the archive (or drop them here)</source>
        <translation>把文件导入档案库（也可直接拖放到窗口）</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>添加文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Import &amp;catalogue…</source>
        <translation>导入目录(&amp;C)…</translation>
    </message>
    <message>
        <source>Export catalogue &amp;template…</source>
        <translation>导出目录模板(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Tag with…</source>
        <translation>标注到…</translation>
    </message>
    <message>
        <source>Tag the selected documents with requirements or mechanisms</source>
        <translation>把选中的文档标注到具体要求或制度机制</translation>
    </message>
    <message>
        <source>Remove tags…</source>
        <translation>移除标注…</translation>
    </message>
    <message>
        <source>Review suggested tags…</source>
        <translation>审核建议标签(&amp;S)…</translation>
    </message>
    <message>
        <source>Accept or reject the tags the archive suggests, by keyboard</source>
        <translation>用键盘接受或拒绝系统建议的标注</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>检索(&amp;F)</translation>
    </message>
    <message>
        <source>Open the &amp;original</source>
        <translation>打开原件(&amp;O)</translation>
    </message>
    <message>
        <source>Open the selected document in its own program</source>
        <translation>用本机对应的程序打开选中文档的原件</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Large preview</source>
        <translation>大图预览(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Export the list to Excel…</source>
        <translation>把列表导出为 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Print the list…</source>
        <translation>打印列表(&amp;P)…</translation>
    </message>
    <message>
        <source>Open the list as shown (with its filter) as a PDF to print</source>
        <translation>把当前列表（含筛选）生成 PDF，用于打印</translation>
    </message>
    <message>
        <source>Edit the selected documents…</source>
        <translation>批量修改所选文档…</translation>
    </message>
    <message>
        <source>The same 责任者, date or note for every selected document</source>
        <translation>为选中的每份文档填写相同的责任者、日期或备注</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Inspection mode</source>
        <translation>迎检模式(&amp;I)</translation>
    </message>
    <message>
        <source>Large-type read-only screen for the inspection visit</source>
        <translation>验收迎检用的大字只读界面</translation>
    </message>
    <message>
        <source>&amp;Coverage</source>
        <translation>覆盖情况(&amp;C)</translation>
    </message>
    <message>
        <source>Which requirements still lack evidence</source>
        <translation>哪些具体要求还缺佐证资料</translation>
    </message>
    <message>
        <source>&amp;Compile volumes…</source>
        <translation>编制卷册(&amp;B)…</translation>
    </message>
    <message>
        <source>Bind the evidence into PDF volumes</source>
        <translation>把佐证资料装订成 PDF 卷册</translation>
    </message>
    <message>
        <source>&amp;Keys and everyday tasks</source>
        <translation>快捷键与日常操作(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>检索结果</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖情况</translation>
    </message>
    <message>
        <source>no archive open</source>
        <translation>未打开档案库</translation>
    </message>
    <message>
        <source>The connection to the server is lost: cannot %1 until it is back (it reconnects by itself).</source>
        <translation>与服务器的连接已断开，暂时不能%1；恢复后自动重新连接。</translation>
    </message>
    <message>
        <source>The archive is open read-only: cannot %1. Close it and open it again for editing when nobody else is editing it.</source>
        <translation>档案库是只读打开的，不能%1。请在别人不再编辑时关闭档案库，重新打开后再修改。</translation>
    </message>
    <message>
        <source>The connection to the server was lost: this change was not saved. Make it again when the server is back.</source>
        <translation>与服务器的连接已断开，这次修改没有保存；服务器恢复后请重新操作。</translation>
    </message>
    <message>
        <source>%1 selected</source>
        <translation>已选 %1 份</translation>
    </message>
    <message>
        <source>The connection to the server is lost: the document's details are shown again when it is back</source>
        <translation>与服务器的连接已断开，恢复后才能显示文档详情</translation>
    </message>
    <message>
        <source> (Ctrl+Z to undo)</source>
        <translation>（Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <source>Saved document %1</source>
        <translation>已保存文档 %1</translation>
    </message>
    <message>
        <source>Keys and everyday tasks</source>
        <translation>快捷键与日常操作</translation>
    </message>
    <message>
        <source>&lt;b&gt;Import&lt;/b&gt;: drop files or folders on the window, or Ctrl+I.&lt;br&gt;&lt;b&gt;Tag&lt;/b&gt;: drag documents onto a requirement on the left, or Ctrl+T; Ctrl+Z undoes, Ctrl+Y redoes.&lt;br&gt;&lt;b&gt;Search&lt;/b&gt;: Ctrl+F and type; Enter opens the first hit at its page.&lt;br&gt;&lt;b&gt;Edit&lt;/b&gt;: type in the details on the right; edits are saved when you move on.&lt;br&gt;&lt;b&gt;Coverage&lt;/b&gt;: Ctrl+3. &lt;b&gt;Compile volumes&lt;/b&gt;: Ctrl+B.&lt;br&gt;&lt;b&gt;Inspection mode&lt;/b&gt;: F11; type a requirement or task code or any words, Enter, then Open; Esc goes back.</source>
        <translation>&lt;b&gt;导入&lt;/b&gt;：把文件或文件夹拖到窗口上，或按 Ctrl+I。&lt;br&gt;&lt;b&gt;标注&lt;/b&gt;：把文档拖到左侧的具体要求上，或按 Ctrl+T；Ctrl+Z 撤销，Ctrl+Y 重做。&lt;br&gt;&lt;b&gt;检索&lt;/b&gt;：按 Ctrl+F 输入文字；回车打开第一条结果所在页。&lt;br&gt;&lt;b&gt;编辑&lt;/b&gt;：在右侧详细信息中直接修改，切换到别的文档时自动保存。&lt;br&gt;&lt;b&gt;覆盖情况&lt;/b&gt;：Ctrl+3。&lt;b&gt;编制卷册&lt;/b&gt;：Ctrl+B。&lt;br&gt;&lt;b&gt;迎检模式&lt;/b&gt;：F11；输入具体要求编号、重点任务编号或任意文字，回车后点“打开”；Esc 返回。</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Evidence Archive Compiler %1&lt;br&gt;Works offline: nothing leaves this computer.&lt;br&gt;Bundled font: WenQuanYi Micro Hei (Apache-2.0).</source>
        <translation>佐证资料编制系统 %1&lt;br&gt;完全离线运行：任何资料都不会离开本机。&lt;br&gt;内置字体：文泉驿微米黑（Apache-2.0）。</translation>
    </message>
    <message>
        <source>Work in progress</source>
        <translation>工作尚未完成</translation>
    </message>
    <message>
        <source>An import or compilation is still running. Stop it and close?</source>
        <translation>导入或编制仍在进行。停止并关闭吗？</translation>
    </message>
</context>
<context>
    <name>OcrStatus</name>
    <message>
        <source>OCR text on pages %1</source>
        <translation>第 %1 页为识别文字</translation>
    </message>
    <message>
        <source>%1 page(s) waiting for OCR</source>
        <translation>%1 页待识别</translation>
    </message>
    <message>
        <source>%1 page(s) unreadable</source>
        <translation>%1 页无法识别</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop reading scans; what is read is kept, and the rest is read the next time the archive opens</source>
        <translation>停止识别扫描件；已识别的内容都会保留，其余的下次打开档案库时继续识别</translation>
    </message>
    <message>
        <source>Reading scans %1/%2 pages</source>
        <translation>识别中 %1/%2 页</translation>
    </message>
    <message>
        <source>Reading scans stopped; what was read is kept</source>
        <translation>已停止识别，已识别的内容均已保存</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password-protected PDFs</source>
        <translation>受密码保护的 PDF</translation>
    </message>
    <message>
        <source>These PDFs open only with a password. Type each password to import the file; the archive keeps a copy without the password. Leave a field empty to skip that file.</source>
        <translation>以下 PDF 需要密码才能打开。输入密码即可导入，档案库保存去除密码后的副本。留空则跳过该文件。</translation>
    </message>
    <message>
        <source>Wrong password, try again</source>
        <translation>密码不正确，请重新输入</translation>
    </message>
    <message>
        <source>Show passwords</source>
        <translation>显示密码</translation>
    </message>
    <message>
        <source>Same for all</source>
        <translation>全部使用同一密码</translation>
    </message>
    <message>
        <source>Open and import</source>
        <translation>打开并导入</translation>
    </message>
</context>
<context>
    <name>PreviewWidget</name>
    <message>
        <source>No document selected</source>
        <translation>未选择文档</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>第</translation>
    </message>
    <message>
        <source>Smaller</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Fit the page to the width</source>
        <translation>页面宽度适合窗口</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>页，共 %1 页</translation>
    </message>
    <message>
        <source>(text only; preparing the page view…)</source>
        <translation>（仅文字；正在生成版式预览…）</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>Password-protected PDF: click “Enter passwords” and type its password</source>
        <translation>PDF 受密码保护：请点击“输入密码”并输入打开密码</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>密码不正确</translation>
    </message>
    <message>
        <source>Password-protected Word/Excel file: open it with its password, save a copy without the password and add that copy</source>
        <translation>Word/Excel 文件受密码保护：请用密码打开，另存一份无密码的副本后导入该副本</translation>
    </message>
    <message>
        <source>The PDF uses an encryption this program cannot open: print or save it as a PDF without protection</source>
        <translation>该 PDF 使用了本程序无法打开的加密方式：请打印或另存为无保护的 PDF</translation>
    </message>
    <message>
        <source>The copy without the password could not be written; check the free disk space and try again</source>
        <translation>无法写入去除密码后的副本，请检查磁盘剩余空间后重试</translation>
    </message>
    <message>
        <source>Far too large when unpacked; it may be a malicious file</source>
        <translation>解压后体积过大，可能是恶意文件</translation>
    </message>
    <message>
        <source>The file is too large to read (see the tooltip for the limit)</source>
        <translation>文件过大，无法读取（上限见鼠标悬停提示）</translation>
    </message>
    <message>
        <source>Not a valid PDF (damaged, incomplete or not a PDF)</source>
        <translation>不是有效的 PDF（文件损坏、不完整或并非 PDF）</translation>
    </message>
    <message>
        <source>The file is damaged or is not the kind its name says</source>
        <translation>文件已损坏，或与其扩展名所示类型不符</translation>
    </message>
    <message>
        <source>The file is incomplete (the copy was cut short): copy it again from where it came from and add it again</source>
        <translation>文件不完整（复制时被中断）：请从原处重新复制一份后再导入</translation>
    </message>
    <message>
        <source>The content does not match the file name's extension; see the tooltip for the right one</source>
        <translation>文件内容与扩展名不符；正确的类型见鼠标悬停提示</translation>
    </message>
    <message>
        <source>Not a text file (it holds binary data)</source>
        <translation>不是文本文件（含二进制数据）</translation>
    </message>
    <message>
        <source>Empty file (0 bytes)</source>
        <translation>空文件（0 字节）</translation>
    </message>
    <message>
        <source>This kind of file is not supported</source>
        <translation>不支持此类文件</translation>
    </message>
    <message>
        <source>Reading it took too long and was stopped</source>
        <translation>读取时间过长，已停止</translation>
    </message>
    <message>
        <source>Reading it failed (the file may be damaged or too large)</source>
        <translation>读取失败（文件可能已损坏或过大）</translation>
    </message>
    <message>
        <source>Reading it needed too much memory and was stopped</source>
        <translation>读取时占用内存过多，已停止</translation>
    </message>
    <message>
        <source>The file was moved or deleted before it could be read</source>
        <translation>文件在读取前被移走或删除</translation>
    </message>
    <message>
        <source>This is a folder, not a file</source>
        <translation>这是文件夹，不是文件</translation>
    </message>
    <message>
        <source>No permission to read the file</source>
        <translation>没有读取该文件的权限</translation>
    </message>
    <message>
        <source>The file changed while it was being imported; import it again when it is complete</source>
        <translation>文件在导入过程中发生了变化，请待其完整后重新导入</translation>
    </message>
    <message>
        <source>The file could not be copied into the archive; check the free disk space of the archive's drive</source>
        <translation>无法把文件复制到档案库，请检查档案库所在磁盘的剩余空间</translation>
    </message>
    <message>
        <source>This is inside the archive's own folder; import files from elsewhere</source>
        <translation>这是档案库自身的文件夹，请从档案库以外的位置导入</translation>
    </message>
    <message>
        <source>The archive's stored copy of this file is missing; run a check of the archive</source>
        <translation>档案库中保存的该文件原件已丢失，请对档案库执行检查</translation>
    </message>
    <message>
        <source>Reading this kind of file needs LibreOffice, which is not installed</source>
        <translation>读取此类文件需要 LibreOffice，但本机未安装</translation>
    </message>
    <message>
        <source>LibreOffice could not convert the file</source>
        <translation>LibreOffice 无法转换该文件</translation>
    </message>
    <message>
        <source>The file could not be read (it may be damaged)</source>
        <translation>无法读取该文件（可能已损坏）</translation>
    </message>
    <message>
        <source>Someone else changed this document meanwhile; your changes were not saved. Look at the current record and make them again</source>
        <translation>其他人在此期间修改了该文档，您的修改未保存。请查看当前记录后重新修改</translation>
    </message>
    <message>
        <source>The date “%1” is not a real date: write it like 20230501 or 2023年5月1日</source>
        <translation>日期「%1」无效，请按 20230501 或 2023年5月1日 的格式填写</translation>
    </message>
    <message>
        <source>The document number “%1” is not recognised: write it like 潭政办发〔2021〕12号</source>
        <translation>文号「%1」无法识别，请按 潭政办发〔2021〕12号 的格式填写（括号也可写成 [ ]）</translation>
    </message>
    <message>
        <source>The title must not be empty: give the document a title</source>
        <translation>题名不能为空，请填写文档的题名</translation>
    </message>
    <message>
        <source>The retention period “%1” cannot be used: choose one of %2</source>
        <translation>保管期限「%1」无效，请选择：%2</translation>
    </message>
    <message>
        <source>The page budget “%1” cannot be used: give a whole number of at least %2 pages</source>
        <translation>每卷页数上限「%1」无效，请填写不少于 %2 页的整数</translation>
    </message>
    <message>
        <source>The date on the covers “%1” is not a real date: write it as 8 digits, like 20230615</source>
        <translation>封面日期「%1」无效，请按年月日写 8 位数字，如 20230615</translation>
    </message>
    <message>
        <source>Fill in the fonds name: the covers print it</source>
        <translation>请填写全宗名称：卷册封面上要印出</translation>
    </message>
    <message>
        <source>Fill in the compiling unit: the covers print it</source>
        <translation>请填写立卷单位：卷册封面上要印出</translation>
    </message>
    <message>
        <source>There is no requirement with the code “%1” (the catalogue may have changed)</source>
        <translation>没有编号为「%1」的具体要求（目录可能已经更新）</translation>
    </message>
    <message>
        <source>“%1” is a task: tag with one of its requirements (%2)</source>
        <translation>「%1」是重点任务的编号，请标注到它下面的具体要求（%2）</translation>
    </message>
    <message>
        <source>There is no mechanism with the code “%1” (the catalogue may have changed)</source>
        <translation>没有编号为「%1」的制度机制（目录可能已经更新）</translation>
    </message>
    <message>
        <source>There is no unit named “%1”</source>
        <translation>没有名为「%1」的单位</translation>
    </message>
    <message>
        <source>Document %1 is no longer in the archive (it may have been deleted)</source>
        <translation>文档 %1 已不在档案库中（可能已被删除）</translation>
    </message>
    <message>
        <source>The archive is open read-only: nothing can be changed</source>
        <translation>档案库以只读方式打开，不能修改</translation>
    </message>
    <message>
        <source>%1 on computer %2 took this archive over at %3, so this change was not saved. Close the archive and open it again read-only</source>
        <translation>%1 已于 %3 在计算机 %2 上接管了本档案库，这项修改没有保存。请关闭档案库，再以只读方式打开</translation>
    </message>
    <message>
        <source>%1 already holds an archive: open it instead</source>
        <translation>%1 中已有档案库，请直接打开它</translation>
    </message>
    <message>
        <source>%1 is not empty: choose a new or empty folder for the archive</source>
        <translation>文件夹 %1 不是空的，请为新档案库选择一个新的或空的文件夹</translation>
    </message>
    <message>
        <source>Choose an output folder outside the archive folder</source>
        <translation>请选择档案库文件夹以外的输出文件夹</translation>
    </message>
    <message>
        <source>The catalogue file %1 does not exist (it may have been moved or deleted)</source>
        <translation>目录文件 %1 不存在（可能已被移动或删除）</translation>
    </message>
    <message>
        <source>%1: a catalogue must be an Excel workbook (.xlsx) or a CSV file</source>
        <translation>%1：目录须为 Excel 工作簿（.xlsx）或 CSV 文件</translation>
    </message>
    <message>
        <source>%1 cannot be read as an Excel workbook (.xlsx): it may be damaged or saved in another format; save it again as .xlsx</source>
        <translation>%1 无法作为 Excel 工作簿（.xlsx）读取：文件可能已损坏或为其他格式，请重新另存为 .xlsx</translation>
    </message>
    <message>
        <source>%1 is not readable text: save the CSV file as UTF-8 or GB18030</source>
        <translation>%1 不是可读的文本：请将 CSV 文件另存为 UTF-8 或 GB18030 编码</translation>
    </message>
    <message>
        <source>%1 has none of the sheets %2: start from the catalogue template (menu “Save catalogue template”)</source>
        <translation>%1 中没有 %2 中的任何一个工作表：请以目录模板为基础填写（菜单“保存目录模板”）</translation>
    </message>
    <message>
        <source>The header row matches none of the catalogue sheets; a requirements CSV needs the columns %2</source>
        <translation>表头与任何目录表都不相符；具体要求 CSV 须含以下各列：%2</translation>
    </message>
    <message>
        <source>The sheet is empty: its first row must be the header</source>
        <translation>工作表为空：第一行须为表头</translation>
    </message>
    <message>
        <source>The header row lacks the column(s) %1</source>
        <translation>表头缺少列：%1</translation>
    </message>
    <message>
        <source>This cell is empty but must be filled in</source>
        <translation>此单元格为空，但必须填写</translation>
    </message>
    <message>
        <source>“%1” is not a valid code: use only letters, digits, “.” and “-”, without spaces</source>
        <translation>「%1」不是有效的编号：只能使用字母、数字、“.”和“-”，不能有空格</translation>
    </message>
    <message>
        <source>“%1” already appears in row %2</source>
        <translation>「%1」已在第 %2 行出现</translation>
    </message>
    <message>
        <source>Task %1 is named differently in row %2 (“%3”): give it the same name in every row</source>
        <translation>任务 %1 在第 %2 行的名称不同（「%3」）：同一任务在每一行须用相同名称</translation>
    </message>
    <message>
        <source>Requirement %1 is not in the sheet “%2”</source>
        <translation>具体要求 %1 不在「%2」表中</translation>
    </message>
    <message>
        <source>“%1” is not a unit kind: write 牵头单位 or 责任单位</source>
        <translation>「%1」不是单位类别：请填写 牵头单位 或 责任单位</translation>
    </message>
    <message>
        <source>A document cannot be related to itself: choose another document</source>
        <translation>文件不能与其自身关联：请选择另一份文件</translation>
    </message>
    <message>
        <source>Document %1 already has this relation with this document the other way round: remove that relation first</source>
        <translation>文件 %1 已以相反方向与本件建立了同类关联；请先删除该关联</translation>
    </message>
    <message>
        <source>The PDF is damaged or incomplete: its pages cannot be read</source>
        <translation>PDF 文件已损坏或不完整，无法读取其页面</translation>
    </message>
    <message>
        <source>The file could not be converted into pages</source>
        <translation>转换时出错，未能生成页面</translation>
    </message>
    <message>
        <source>Some characters have no glyph in the fonts and print as empty boxes: %1</source>
        <translation>以下字符在字体中没有字形，印出为空框：%1</translation>
    </message>
    <message>
        <source>The volume could not be bound; compile again</source>
        <translation>该卷未能装订，请重新编制</translation>
    </message>
    <message>
        <source>The archive's own folder was skipped</source>
        <translation>档案库自身所在的文件夹已跳过</translation>
    </message>
    <message>
        <source>The folder's code %1 is a key task, not a requirement: tag the file with one of %2</source>
        <translation>文件夹名中的编号 %1 是重点任务，不是具体要求：请把文件标注到 %2 之一</translation>
    </message>
    <message>
        <source>The folder's code %1 is not in the catalogue; the file was not tagged with it</source>
        <translation>文件夹名中的编号 %1 不在目录中，文件未按它标注</translation>
    </message>
    <message>
        <source>The document is marked %1 (密级): classified papers should not be kept on this computer, and volumes leave it out</source>
        <translation>文件标有密级“%1”：涉密文件不应存放在本机，编制卷册时不装订</translation>
    </message>
    <message>
        <source>%1 of its %2 pages could not be read (the PDF may be damaged)</source>
        <translation>共 %2 页中有 %1 页无法读取（PDF 可能已损坏）</translation>
    </message>
    <message>
        <source>An animated GIF of %1 frames: volumes show its first frame</source>
        <translation>动画 GIF（共 %1 帧）：卷册中只装订第一帧</translation>
    </message>
    <message>
        <source>Reading this spreadsheet needs LibreOffice Calc, which is not installed</source>
        <translation>读取此表格需要 LibreOffice Calc，本机未安装</translation>
    </message>
    <message>
        <source>The search index was not updated; it catches up with the next search</source>
        <translation>检索索引未能更新，下次检索时自动补上</translation>
    </message>
    <message>
        <source>The connection to the server was lost; the documents being saved are sent again in %1 s</source>
        <translation>与服务器的连接中断，正在保存的文档将在 %1 秒后重新发送</translation>
    </message>
    <message>
        <source>The documents were not linked by 文号 or citation</source>
        <translation>未能按文号或引用自动关联文档</translation>
    </message>
    <message>
        <source>%1 classified document(s) are left out of the volumes: %2</source>
        <translation>%1 份涉密文件未编入卷册：%2</translation>
    </message>
    <message>
        <source>Volume “%1”: document(s) %2 do not exist or are left out</source>
        <translation>卷册“%1”：文档 %2 不存在或未编入</translation>
    </message>
    <message>
        <source>Nothing to bind for %1</source>
        <translation>%1 没有可装订的文件</translation>
    </message>
    <message>
        <source>The file could not be read or written: %1</source>
        <translation>文件无法读取或写入：%1</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <source>sheet “%1”</source>
        <translation>目录表「%1」</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>column “%1”</source>
        <translation>「%1」列</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Review suggested tags</source>
        <translation>审核建议标签</translation>
    </message>
    <message>
        <source>Untagged documents only</source>
        <translation>只看未标注的文档</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Suggestion %1</source>
        <translation>建议 %1</translation>
    </message>
    <message>
        <source>Accept all at or above</source>
        <translation>全部接受，置信度不低于</translation>
    </message>
    <message>
        <source>Keys: 1/2/3 accept a suggestion, 0 rejects the rest, ↑↓ move, Ctrl+Z undo</source>
        <translation>按键：1/2/3 接受对应建议，0 拒绝其余建议，↑↓ 移动，Ctrl+Z 撤销</translation>
    </message>
    <message>
        <source>Learning from the tags given…</source>
        <translation>正在从已有标注中学习…</translation>
    </message>
    <message>
        <source>%1 document(s) with suggestions</source>
        <translation>%1 份文档有建议</translation>
    </message>
    <message>
        <source>Accept %1 suggested tag(s)</source>
        <translation>接受 %1 个建议标注</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search all text (Ctrl+F)</source>
        <translation>全文检索（Ctrl+F）</translation>
    </message>
    <message>
        <source>Only in the selected catalogue entry</source>
        <translation>仅限左侧选中的目录项</translation>
    </message>
    <message>
        <source>Search only the documents of the requirement, task, mechanism or unit selected on the left</source>
        <translation>只检索左侧选中的具体要求、重点任务、制度机制或单位的文档</translation>
    </message>
    <message>
        <source>Updating the search index…</source>
        <translation>正在更新检索索引…</translation>
    </message>
    <message>
        <source>Search index ready</source>
        <translation>检索索引已就绪</translation>
    </message>
    <message>
        <source>%1 document(s) contain “%2”</source>
        <translation>%1 份文档含有“%2”</translation>
    </message>
    <message>
        <source>; showing %1 of %2</source>
        <translation>；显示 %1 / 共 %2 份</translation>
    </message>
    <message>
        <source>; %1 document(s) have no text to search (scans, photos): search cannot see inside them</source>
        <translation>；另有 %1 份文档没有可检索的文字（扫描件、照片等），检索看不到其内容</translation>
    </message>
    <message>
        <source>Show %1 more</source>
        <translation>再显示 %1 份</translation>
    </message>
</context>
<context>
    <name>ServerWatch</name>
    <message>
        <source>The connection to the server is lost: read-only for now; it reconnects by itself when the server is back</source>
        <translation>与服务器的连接已断开，当前只读；恢复后自动重新连接</translation>
    </message>
    <message>
        <source>Connected to the server again</source>
        <translation>已重新连接到服务器</translation>
    </message>
</context>
<context>
    <name>TagChip</name>
    <message>
        <source>Remove this tag (Ctrl+Z brings it back)</source>
        <translation>移除此标注（可按 Ctrl+Z 恢复）</translation>
    </message>
    <message>
        <source>%1 (removed; Ctrl+Z brings it back)</source>
        <translation>%1（已移除；可按 Ctrl+Z 恢复）</translation>
    </message>
</context>
<context>
    <name>TagPickerDialog</name>
    <message>
        <source>Filter by code or words…</source>
        <translation>按编号或文字筛选…</translation>
    </message>
</context>
<context>
    <name>Tagging</name>
    <message>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>change tags</source>
        <translation>修改标注</translation>
    </message>
    <message>
        <source>Nothing changed</source>
        <translation>没有变化</translation>
    </message>
    <message>
        <source>Nothing changed: the documents already had those tags</source>
        <translation>没有变化：这些文档已有这些标注</translation>
    </message>
    <message>
        <source>Remove %1 from %2 document(s)</source>
        <translation>从 %2 份文档移除 %1</translation>
    </message>
    <message>
        <source>Tag %2 document(s) with %1</source>
        <translation>把 %2 份文档标注到 %1</translation>
    </message>
    <message>
        <source>Removed %1 from %2 document(s)</source>
        <translation>已从 %2 份文档移除 %1</translation>
    </message>
    <message>
        <source>Tagged %2 document(s) with %1</source>
        <translation>已标注 %2 份文档到 %1</translation>
    </message>
    <message>
        <source> (Ctrl+Z to undo)</source>
        <translation>（Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <source>Select documents in the list first</source>
        <translation>请先在列表中选择文档</translation>
    </message>
    <message>
        <source>Remove tags from %1 document(s)</source>
        <translation>移除 %1 份文档的标注</translation>
    </message>
    <message>
        <source>Tag %1 document(s) with…</source>
        <translation>把 %1 份文档标注到…</translation>
    </message>
</context>
<context>
    <name>VolumeOrderDialog</name>
    <message>
        <source>Order of documents</source>
        <translation>卷内文件顺序</translation>
    </message>
    <message>
        <source>Drag the documents, or move one with Ctrl+↑ / Ctrl+↓, into the order the volume is bound in. Replies come before their requests and attachments after their main document unless you order them otherwise.</source>
        <translation>拖动文件，或用 Ctrl+↑ / Ctrl+↓ 移动选中的文件，排成卷内装订顺序。未手动调整时，批复在请示之前，附件在主件之后。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Restore default order</source>
        <translation>恢复默认顺序</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Order set by hand</source>
        <translation>顺序已手动调整</translation>
    </message>
    <message>
        <source>Default order: linked documents together, then by date</source>
        <translation>默认顺序：关联文件相邻，其余按日期</translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <source>Red: no evidence yet</source>
        <translation>红色：尚无佐证资料</translation>
    </message>
    <message>
        <source>Orange: some evidence, not yet complete</source>
        <translation>橙色：已有部分佐证资料，尚未完成</translation>
    </message>
    <message>
        <source>Green: complete</source>
        <translation>绿色：已完成</translation>
    </message>
    <message>
        <source>%1 of its %2 requirements have complete evidence (the others may have some)</source>
        <translation>其 %2 项具体要求中有 %1 项佐证资料已完成（其余可能已有部分资料）</translation>
    </message>
    <message>
        <source>%1 document(s) tagged with it</source>
        <translation>已标注 %1 份文档</translation>
    </message>
    <message>
        <source>%1 p.%2</source>
        <translation>%1 第%2页</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>题名</translation>
    </message>
    <message>
        <source>Doc. number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>责任者</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Bound at</source>
        <translation>装订位置</translation>
    </message>
    <message>
        <source>(cannot be read)</source>
        <translation>（无法读取）</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>全部文档</translation>
    </message>
    <message>
        <source>Untagged documents</source>
        <translation>未标注的文档</translation>
    </message>
    <message>
        <source> (retired)</source>
        <translation>（已撤销）</translation>
    </message>
    <message>
        <source>Lead unit: %1</source>
        <translation>牵头单位：%1</translation>
    </message>
    <message>
        <source>Responsible units: %1</source>
        <translation>责任单位：%1</translation>
    </message>
    <message>
        <source>lead</source>
        <translation>牵头</translation>
    </message>
    <message>
        <source>responsible</source>
        <translation>责任</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>佐证</translation>
    </message>
    <message>
        <source>Requirements and mechanisms: documents tagged with them. Tasks, sections and units: requirements with complete evidence / all</source>
        <translation>具体要求和制度机制：标注到它的文档份数。重点任务、板块和单位：佐证资料已完成的具体要求数 / 具体要求总数</translation>
    </message>
    <message>
        <source>(already: %1 of %2)</source>
        <translation>（已标注 %1/%2 份）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>No evidence</source>
        <translation>未提供</translation>
    </message>
    <message>
        <source>Partial</source>
        <translation>部分提供</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>已完成</translation>
    </message>
</context>
<context>
    <name>searchview</name>
    <message>
        <source>not bound yet</source>
        <translation>尚未装订</translation>
    </message>
    <message>
        <source>bound in %1, p. %2</source>
        <translation>装订于 %1 第 %2 页</translation>
    </message>
    <message>
        <source>p. %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>in title</source>
        <translation>见于题名</translation>
    </message>
    <message>
        <source> (OCR text)</source>
        <translation>（识别文字）</translation>
    </message>
</context>
</TS>