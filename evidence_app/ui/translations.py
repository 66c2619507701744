"""The Chinese translation of the window, and how its Qt files are made.

UI strings are written in English with ``tr()`` / ``QCoreApplication.translate``. Running

    python -m evidence_app.ui.translations

extracts them with Qt's lupdate into ``assets/i18n/evidence_zh_CN.ts``, fills in the Chinese
below, and compiles ``evidence_zh_CN.qm`` with lrelease (both tools ship in the PySide6
wheels). A string missing here stays English in the window, and the build lists it.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ZH_CN = {
    # main window
    "Evidence Archive Compiler": "佐证资料编制系统",
    "&New archive…": "新建档案库(&N)…",
    "&Open archive…": "打开档案库(&O)…",
    "&Add files…": "添加文件(&A)…",
    "Import files into the archive (or drop them here)": "把文件导入档案库（也可直接拖放到窗口）",
    "Add &folder…": "添加文件夹(&F)…",
    "Import &catalogue…": "导入目录(&C)…",
    "Export catalogue &template…": "导出目录模板(&T)…",
    "&Quit": "退出(&Q)",
    "&Undo": "撤销(&U)",
    "&Redo": "重做(&R)",
    "Tag with…": "标注到…",
    "Tag the selected documents with requirements or mechanisms": "把选中的文档标注到具体要求或制度机制",
    "Remove tags…": "移除标注…",
    "&Find": "检索(&F)",
    "&Inspection mode": "迎检模式(&I)",
    "Large-type read-only screen for the inspection visit": "验收迎检用的大字只读界面",
    "&Coverage": "覆盖情况(&C)",
    "Which requirements still lack evidence": "哪些具体要求还缺佐证资料",
    "&Compile volumes…": "编制卷册(&B)…",
    "Bind the evidence into PDF volumes": "把佐证资料装订成 PDF 卷册",
    "&File": "文件(&F)",
    "Open &recent": "最近打开(&R)",
    "&Edit": "编辑(&E)",
    "&View": "视图(&V)",
    "&Language": "语言(&L)",
    "Main": "主工具栏",
    "Search all text (Ctrl+F)": "全文检索（Ctrl+F）",
    "Tasks and requirements": "重点任务与具体要求",
    "Mechanisms": "制度机制",
    "Units": "责任单位",
    "Filter this list by title, 文号, 责任者, tag…": "按题名、文号、责任者、标注筛选本列表…",
    "Documents": "文档",
    "Search results": "检索结果",
    "Coverage": "覆盖情况",
    "no archive open": "未打开档案库",
    "Opened %1": "已打开 %1",
    "(none)": "（无）",
    "Choose an empty folder for the new archive": "为新档案库选择一个空文件夹",
    "Open an archive folder": "打开档案库文件夹",
    "Import catalogue": "导入目录",
    "Catalogue (*.xlsx *.csv)": "目录文件 (*.xlsx *.csv)",
    "Catalogue imported from %1": "已从 %1 导入目录",
    "Save catalogue template": "保存目录模板",
    "Template written to %1": "模板已保存到 %1",
    "Unexpected error: %1": "意外错误：%1",
    "%1 — %2 document(s)": "%1 — 共 %2 份文档",
    "%1 selected": "已选 %1 份",
    "Saved document %1": "已保存文档 %1",
    "Nothing changed: the documents already had those tags": "没有变化：这些文档已有这些标注",
    "Nothing changed": "没有变化",
    "Remove %1 from %2 document(s)": "从 %2 份文档移除 %1",
    "Tag %2 document(s) with %1": "把 %2 份文档标注到 %1",
    "Select documents in the list first": "请先在列表中选择文档",
    "Remove tags from %1 document(s)": "移除 %1 份文档的标注",
    "Tag %1 document(s) with…": "把 %1 份文档标注到…",
    "%1 documents": "共 %1 份文档",
    "Add files": "添加文件",
    "Add a folder": "添加文件夹",
    "Importing": "正在导入",
    "Search is not available in this build": "此版本不含检索功能",
    "Updating the search index…": "正在更新检索索引…",
    "Search index ready": "检索索引已就绪",
    "Work in progress": "工作尚未完成",
    "An import or compilation is still running. Stop it and close?": "导入或编制仍在进行。停止并关闭吗？",
    "Only in the selected catalogue entry": "仅限左侧选中的目录项",
    "Search only the documents of the requirement, task, mechanism or unit selected on the left":
        "只检索左侧选中的具体要求、重点任务、制度机制或单位的文档",
    "Archive in use": "档案库正在使用",
    "You can open it read-only to search and show evidence. If that program has been closed, or that computer crashed or was switched off, you can take the archive over; never do this while it is still open there.":
        "可以只读打开，照常检索和展示佐证材料。如果对方的程序已经关闭，或那台电脑已死机、断电，可以接管档案库；对方仍在使用时切勿接管。",
    "Open read-only": "只读打开",
    "(text only; preparing the page view…)": "（仅文字；正在生成版式预览…）",
    "%1 document(s) prepared for compiling": "已在后台为编制卷册转换 %1 份文档",
    "The archive is being edited by %1 on computer %2 (process %3) since %4.":
        "档案库正由 %1 在计算机 %2 上编辑（进程 %3，自 %4 起）。",
    "Take over (it is closed there)": "接管（对方已关闭）",
    # details and preview
    "Details": "详细信息",
    "Title": "题名",
    "Doc. number": "文号",
    "Issuer": "责任者",
    "Date": "日期",
    "e.g. 20210312": "例如 20210312",
    "e.g. 潭政办发〔2021〕12号": "例如 潭政办发〔2021〕12号",
    "Note": "备注",
    "Save": "保存",
    "Tags": "标注",
    "No document selected": "未选择文档",
    "(no tags: drag the document onto a requirement)": "（无标注：把文档拖到具体要求上即可标注）",
    "Remove this tag": "移除此标注",
    "Page": "第",
    "of %1": "页，共 %1 页",
    # dialogs
    "Starting…": "正在开始…",
    "Cancel": "取消",
    "Cancelling…": "正在取消…",
    "Import finished": "导入完成",
    "Enter passwords (%1)…": "输入密码（%1 个文件）…",
    "Password-protected PDFs": "受密码保护的 PDF",
    "These PDFs open only with a password. Type each password to import the file; the archive keeps a copy without the password. Leave a field empty to skip that file.":
        "以下 PDF 需要密码才能打开。输入密码即可导入，档案库保存去除密码后的副本。留空则跳过该文件。",
    "Wrong password, try again": "密码不正确，请重新输入",
    "Show passwords": "显示密码",
    "Same for all": "全部使用同一密码",
    "Open and import": "打开并导入",
    "Wrong password for %1 file(s)": "%1 个文件的密码不正确",
    # why a file was refused (ui/reasons.py)
    "Password-protected PDF: click “Enter passwords” and type its password":
        "PDF 受密码保护：请点击“输入密码”并输入打开密码",
    "Wrong password": "密码不正确",
    "Password-protected Word/Excel file: open it with its password, save a copy without the password and add that copy":
        "Word/Excel 文件受密码保护：请用密码打开，另存一份无密码的副本后导入该副本",
    "The PDF uses an encryption this program cannot open: print or save it as a PDF without protection":
        "该 PDF 使用了本程序无法打开的加密方式：请打印或另存为无保护的 PDF",
    "Far too large when unpacked; it may be a malicious file": "解压后体积过大，可能是恶意文件",
    "Not a valid PDF (damaged, incomplete or not a PDF)": "不是有效的 PDF（文件损坏、不完整或并非 PDF）",
    "The file is damaged or is not the kind its name says": "文件已损坏，或与其扩展名所示类型不符",
    "The content does not match the file name's extension; see the tooltip for the right one":
        "文件内容与扩展名不符；正确的类型见鼠标悬停提示",
    "Not a text file (it holds binary data)": "不是文本文件（含二进制数据）",
    "Empty file (0 bytes)": "空文件（0 字节）",
    "This kind of file is not supported": "不支持此类文件",
    "Reading it took too long and was stopped": "读取时间过长，已停止",
    "Reading it failed (the file may be damaged or too large)": "读取失败（文件可能已损坏或过大）",
    "The file was moved or deleted before it could be read": "文件在读取前被移走或删除",
    "No permission to read the file": "没有读取该文件的权限",
    "The file changed while it was being imported; import it again when it is complete":
        "文件在导入过程中发生了变化，请待其完整后重新导入",
    "This is inside the archive's own folder; import files from elsewhere":
        "这是档案库自身的文件夹，请从档案库以外的位置导入",
    "Reading this kind of file needs LibreOffice, which is not installed":
        "读取此类文件需要 LibreOffice，但本机未安装",
    "LibreOffice could not convert the file": "LibreOffice 无法转换该文件",
    "The file could not be read (it may be damaged)": "无法读取该文件（可能已损坏）",
    "Added %1, duplicates %2, failed %3": "新增 %1 份，重复 %2 份，失败 %3 份",
    " (cancelled: files read so far were kept)": "（已取消：已读取的文件均已保留）",
    "File": "文件",
    "Result": "结果",
    "Added (%1)": "新增（%1）",
    "document %1, %2 page(s)": "文档 %1，%2 页",
    "Duplicates (%1)": "重复（%1）",
    "already in the archive as document %1": "档案库中已有，为文档 %1",
    "Failed (%1)": "失败（%1）",
    "Warnings (%1)": "提示（%1）",
    "Filter by code or words…": "按编号或文字筛选…",
    # inspection mode
    "Inspection mode": "迎检模式",
    "Exit (F11)": "退出（F11）",
    "Requirement code (e.g. 3.2.1) or any words, then Enter": "输入具体要求编号（如 3.2.1）或任意文字，按回车",
    "No.": "序号",
    "Bound at": "装订位置",
    "Task %1: requirements %2": "重点任务 %1：具体要求 %2",
    "%1 piece(s) of evidence": "佐证资料 %1 份",
    "; %1 not yet bound in a volume": "；其中 %1 份尚未装订成册",
    "No requirement has the code %1": "没有编号为 %1 的具体要求",
    "%1 document(s) contain “%2”": "%1 份文档含有“%2”",
    "%1 (%2 of %3), p. %4": "%1（第 %2 册 共 %3 册）第 %4 页",
    "not bound yet": "尚未装订",
    "Open": "打开",
    "This document is not bound in a volume yet": "此文档尚未装订成册",
    "The volume file %1 is not on this computer": "本机找不到卷册文件 %1",
    "Lead unit: %1": "牵头单位：%1",
    "Responsible units: %1": "责任单位：%1",
    # coverage
    "By task": "按重点任务",
    "By section": "按板块",
    "By lead unit": "按牵头单位",
    "By responsible unit": "按责任单位",
    "Click a count to list those requirements": "点击数字，列出相应的具体要求",
    "Coverage is not available in this build": "此版本不含覆盖情况功能",
    "%1 requirements: %2 complete, %3 partial, %4 without evidence (as of %5)":
        "具体要求 %1 项：已完成 %2 项，部分提供 %3 项，未提供 %4 项（截至 %5）",
    "%1: %2 requirement(s)": "%1：具体要求 %2 项",
    "Still to supply: %1": "尚需提供：%1",
    "%1 document(s)": "%1 份文档",
    "Group": "分组",
    "No evidence": "未提供",
    "Partial": "部分提供",
    "Complete": "已完成",
    # models and search hits
    "%1 p.%2": "%1 第%2页",
    "Kind": "类型",
    "Pages": "页数",
    "(cannot be read)": "（无法读取）",
    "All documents": "全部文档",
    "Untagged documents": "未标注的文档",
    " (retired)": "（已撤销）",
    "lead": "牵头",
    "responsible": "责任",
    "Catalogue": "目录",
    "Evidence": "佐证",
    "bound in %1, p. %2": "装订于 %1 第 %2 页",
    "p. %1": "第 %1 页",
    "in title": "见于题名",
    # compile dialog
    "Compile volumes": "编制卷册",
    "Group by": "组卷方式",
    "Requirement": "具体要求",
    "Task": "重点任务",
    "Unit": "责任单位",
    "Mechanism": "制度机制",
    "Only these codes (blank: all)": "仅编制这些编号（留空：全部）",
    "e.g. 3.2.1 3.2.2": "例如 3.2.1 3.2.2",
    "Page budget per volume": "每册页数上限",
    "Output folder": "输出文件夹",
    "Choose…": "选择…",
    "Show plan": "查看计划",
    "Compile": "开始编制",
    "Open output folder": "打开输出文件夹",
    "Close": "关闭",
    "Volume": "卷册",
    "Documents ": "文档数",
    "Status": "状态",
    "Overall": "总体进度",
    "Current volume": "当前卷册",
    "%1 volume(s), %2 page(s)": "共 %1 册，%2 页",
    "Choose an output folder first": "请先选择输出文件夹",
    "Compiled %1 volume(s); %2 already up to date": "已编制 %1 册；%2 册无需更新",
    "Compilation cancelled; finished volumes were kept": "编制已取消；已完成的卷册均已保留",
    "planned": "待编制",
    "done": "已完成",
    "Choose the output folder": "选择输出文件夹",
    "Compiling": "正在编制",
    "%1 error(s): %2": "%1 个错误：%2",
    # suggested tags (review.py)
    "Review suggested tags…": "审核建议标签(&S)…",
    "Accept or reject the tags the archive suggests, by keyboard": "用键盘接受或拒绝系统建议的标注",
    "Review suggested tags": "审核建议标签",
    "Untagged documents only": "只看未标注的文档",
    "Document": "文档",
    "Suggestion %1": "建议 %1",
    "Accept all at or above": "全部接受，置信度不低于",
    "Keys: 1/2/3 accept a suggestion, 0 rejects the rest, ↑↓ move, Ctrl+Z undo":
        "按键：1/2/3 接受对应建议，0 拒绝其余建议，↑↓ 移动，Ctrl+Z 撤销",
    "Learning from the tags given…": "正在从已有标注中学习…",
    "%1 document(s) with suggestions": "%1 份文档有建议",
    "Accept %1 suggested tag(s)": "接受 %1 个建议标注",
    "Link %1 document(s) to mechanisms by 文号": "按文号自动关联制度机制 %1 份",
    "; %1 linked to mechanisms by 文号 (%2 conflicts left for you)":
        "；自动关联制度机制 %1 份（%2 处文号冲突待人工处理）",
}


def qt_tool(name: str) -> Path | None:
    """lupdate / lrelease from the PySide6 wheel (its pyside6-* wrappers need __file__)."""
    import PySide6

    for folder in list(PySide6.__path__):
        for candidate in (Path(folder) / name, Path(folder) / f"{name}.exe"):
            if candidate.is_file():
                return candidate
    return None


def build(language: str = "zh_CN") -> list[str]:
    """Regenerate the .ts and .qm of ``language``; returns the strings left untranslated."""
    ui = Path(__file__).parent
    out = ui.parent / "assets" / "i18n"
    out.mkdir(parents=True, exist_ok=True)
    ts = out / f"evidence_{language}.ts"
    lupdate, lrelease = qt_tool("lupdate"), qt_tool("lrelease")
    if not lupdate or not lrelease:
        raise SystemExit("lupdate/lrelease not found in the PySide6 wheel")
    sources = sorted(str(p.relative_to(out.parent.parent.parent))
                     for p in ui.glob("*.py") if p.name != "translations.py")
    root = out.parent.parent.parent
    subprocess.run([str(lupdate), "-no-obsolete", "-locations", "none", *sources,
                    "-ts", str(ts.relative_to(root))], check=True, cwd=root,
                   stdout=subprocess.DEVNULL)
    tree = ET.parse(ts)
    tree.getroot().set("language", language)
    missing = []
    for message in tree.iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if source in ZH_CN:
            translation.text = ZH_CN[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(lrelease), str(ts), "-qm", str(out / f"evidence_{language}.qm")],
                   check=True, stdout=subprocess.DEVNULL)
    return missing


if __name__ == "__main__":
    left = build()
    for text in left:
        print(f"untranslated: {text!r}", file=sys.stderr)
    sys.exit(1 if left else 0)
