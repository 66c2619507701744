"""Phrase lists and small text generators for the demo documents.

Sentences are combined from domain phrase lists (平安建设, 矛盾纠纷多元化解, 雪亮工程, 网格化…)
with numbers drawn from the caller's ``random.Random``; mixed Chinese/Latin/digits appear on
purpose (2021年, GDP, 12345热线, A级, 5G, App). Everything is deterministic given the rng.
"""

from __future__ import annotations

import datetime as _dt
import random

from .catalogue_data import AREAS, STREET_UNITS, full_unit_name

_CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..999 in Chinese numerals (十二, 二十一, 三十, 一百零五, 一百一十)."""
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        if rest == 0:
            return _CN_DIGITS[hundreds] + "百"
        if rest < 10:
            return _CN_DIGITS[hundreds] + "百零" + _CN_DIGITS[rest]
        tail = cn_number(rest)
        return _CN_DIGITS[hundreds] + "百" + ("一" + tail if rest < 20 else tail)
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN_DIGITS[tens] + "十"
    return head + (_CN_DIGITS[ones] if ones else "")


def cn_date(date: _dt.date, numerals: bool = False) -> str:
    """2021年3月12日, or 二〇二一年三月十二日 with ``numerals``."""
    if not numerals:
        return f"{date.year}年{date.month}月{date.day}日"
    year = "".join(_CN_DIGITS[int(c)] for c in str(date.year))
    return f"{year}年{cn_number(date.month)}月{cn_number(date.day)}日"


def parse_ymd(s: str) -> _dt.date:
    return _dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))


def title_unit(unit: str) -> str:
    """A unit's name as it appears inside a title (full name unless it is very long)."""
    full = full_unit_name(unit)
    if len(full) <= 12:
        return full
    return ("湘潭" + unit) if unit.startswith("市") else unit


# ---- people ------------------------------------------------------------------------------

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹"
            "薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃戴莫孔向汤易文")
GIVEN = ("建国志强海军丽华秀英桂兰明辉国平卫东晓燕小红玉梅文斌湘平振宇春燕伟民海燕建华"
         "立新世杰红梅宪章明亮晓明志刚海涛丽娟雪梅德才永红亚军金凤爱民少华艳芳俊杰思远"
         "子涵雨轩梓豪欣怡浩然佳琪")


def person(rng: random.Random) -> str:
    n = rng.choice((1, 2, 2))
    i = rng.randrange(0, len(GIVEN) - 1)
    return rng.choice(SURNAMES) + (GIVEN[i:i + 2] if n == 2 else GIVEN[i])


# ---- sentences ----------------------------------------------------------------------------

LAWS = [
    "中华人民共和国人民调解法", "信访工作条例", "中华人民共和国社区矫正法", "中华人民共和国安全生产法",
    "中华人民共和国网络安全法", "中国共产党政法工作条例", "中华人民共和国数据安全法",
    "法治政府建设实施纲要（2021—2025年）", "中华人民共和国个人信息保护法",
    "中华人民共和国乡村振兴促进法", "湖南省实施《中华人民共和国突发事件应对法》办法",
    "关于加强基层治理体系和治理能力现代化建设的意见",
]
OPENERS = [
    "{y}年以来，", "今年以来，", "近年来，", "为深入贯彻落实市委、市政府决策部署，",
    "按照市域社会治理现代化试点工作要求，", "根据《{law}》有关规定，", "截至{y}年{m}月底，",
    "{y}年第{q}季度，", "对照试点工作指引，", "在市委、市政府的坚强领导下，", "", "",
]
ACTORS = [
    "全市各级各部门", "各区县（市）", "各乡镇（街道）", "全市政法系统", "各级综治中心", "市试点办",
    "广大网格员", "各成员单位", "{u}", "{u}", "{u}", "各村（社区）", "{area}",
]
PRINCIPLES = [
    "坚持以人民为中心的发展思想", "坚持和发展新时代“枫桥经验”", "聚焦群众急难愁盼问题",
    "坚持问题导向和目标导向相结合", "坚持系统治理、依法治理、综合治理、源头治理",
    "坚持党建引领、重心下移、力量下沉", "坚持共建共治共享", "坚持“小事不出村、大事不出镇、矛盾不上交”",
    "坚持统筹发展和安全", "坚持源头预防、前端化解、关口把控", "坚持“五治”融合",
    "紧扣试点工作指引确定的重点任务",
]
MEASURES = [
    "扎实推进{t}工作", "建立健全{t}工作机制", "全面开展{t}专项行动", "不断完善{t}制度体系",
    "持续深化{t}", "着力抓好{t}各项任务落实", "把{t}作为试点工作的重要抓手", "以{t}为突破口",
    "细化{t}任务清单和责任清单", "对{t}实行挂图作战、销号管理", "将{t}纳入年度绩效考核",
    "统筹推进{t}与网格化服务管理深度融合",
]
RESULTS = [
    "累计排查化解矛盾纠纷{n}件，化解率达{p}%", "全市{n}个网格实现专职网格员全覆盖",
    "接入“雪亮工程”视频监控点位{n}个，联网率达{p}%", "12345热线受理群众诉求{n}件，按时办结率{p}%",
    "全市刑事案件同比下降{p1}%，群众安全感达{p}%", "全市GDP增长{f}%，为平安建设提供了坚实保障",
    "创建A级平安社区（村）{n2}个", "开展法治宣传活动{n2}场次，覆盖群众{n3}万人次",
    "下发督办函{n2}份，推动整改问题{n3}个", "落实专项经费{f2}万元",
    "建成5G基站{n}个，实现城区和重点乡镇全覆盖", "建成“一站式”矛盾纠纷调处中心{n2}个",
    "“平安湘潭”App注册用户达{n3}万人", "110警情同比下降{p1}%", "培训网格员{n}人次",
    "组织开展联合执法检查{n2}次，整改隐患{n}处", "信访总量同比下降{p1}%，化解信访积案{n2}件",
    "全市{n2}个村（社区）完成村规民约修订", "新增社区社会组织{n2}家，注册志愿者{n3}万人",
    "录入人口、房屋等基础信息{n3}万条，数据共享调用{n4}次", "AAA级信用企业达到{n2}家",
    "评定A级综治中心{n2}个", "电信网络诈骗发案数同比下降{p1}%，挽回群众损失{f2}万元",
    "IPTV、微信公众号等平台推送宣传信息{n}条", "重点人群见面率、管控率均达到100%",
]
CLOSERS = [
    "取得了明显成效", "形成了一批可复制可推广的经验做法", "群众获得感、幸福感、安全感持续增强",
    "为试点工作打下了坚实基础", "确保各项任务落地见效", "相关工作走在全省前列",
    "得到了上级领导的充分肯定", "有效维护了社会大局持续稳定",
]
DIRECTIVES = [
    "各单位要进一步提高政治站位，切实把{t}摆上重要议事日程",
    "要严格落实属地管理责任和部门监管责任，确保{t}各项措施落到实处",
    "要加强统筹协调，形成上下联动、部门协同的工作合力",
    "要建立健全工作台账，做到底数清、情况明、措施实",
    "各牵头单位要于每月{d}日前将{t}工作进展情况报市试点办",
    "要强化督导检查，对工作推进不力的单位予以通报",
    "要注重总结提炼，及时报送{t}典型经验和工作信息",
    "要严格落实保密规定，涉密信息不得通过互联网传输",
    "请各单位确定1名联络员，并于{m}月{d}日前将联络员名单报市试点办",
    "各区县（市）要结合实际制定具体实施方案，细化工作措施",
    "要充分运用“雪亮工程”、12345热线等平台数据，提升{t}精准化水平",
]
PROBLEMS = [
    "部分单位对{t}工作重视不够", "基层力量薄弱、保障不足的问题仍然存在",
    "信息化手段运用不充分，数据共享还存在壁垒", "工作台账不够规范，佐证资料归集不及时",
    "部分群众参与的积极性还不高", "考核督导的刚性约束还不够",
]
MEETING = ["会议指出，", "会议强调，", "会议要求，", "会议认为，", "会议研究决定，"]

HEADINGS = {
    "plan": ["指导思想", "工作目标", "主要任务", "工作措施", "实施步骤", "保障措施", "工作要求"],
    "report": ["基本情况", "主要做法", "取得的成效", "存在的问题", "下一步工作打算"],
    "minutes": ["会议议定事项", "工作部署", "责任分工", "有关要求"],
}
CHAPTERS = ["总则", "组织领导", "职责分工", "工作流程", "监督考核", "责任追究", "附则"]
_CN_ORD = "一二三四五六七八九十"


def cn_ordinal(i: int) -> str:
    """1 -> 一, 11 -> 十一 (for headings and articles)."""
    return cn_number(i)


class Writer:
    """Makes sentences and paragraphs about one topic for one unit."""

    def __init__(self, rng: random.Random, topic: str, unit: str, year: int):
        self.rng = rng
        self.topic = topic
        self.unit = title_unit(unit)
        self.year = year

    def _fill(self, s: str) -> str:
        r = self.rng
        if "{" not in s:
            return s
        return s.format(
            t=self.topic, u=self.unit, y=self.year, m=r.randint(1, 12), q=r.randint(1, 4),
            d=r.randint(1, 28), law=r.choice(LAWS), area=r.choice(AREAS),
            n=r.randint(12, 9800), n2=r.randint(3, 260), n3=r.randint(2, 95),
            n4=r.randint(1000, 99999),
            p=r.choice((85, 88, 90, 92, 95, 96, 97, 98, 99)) + r.randint(0, 9) / 10,
            p1=r.randint(3, 38) + r.randint(0, 9) / 10, f=r.randint(30, 95) / 10,
            f2=r.randint(20, 4800) + r.randint(0, 99) / 100)

    def sentence(self, style: str = "plan") -> str:
        r = self.rng
        f = self._fill
        roll = r.random()
        if style == "minutes" and roll < 0.5:
            return r.choice(MEETING) + f(r.choice(MEASURES + DIRECTIVES)) + "。"
        if style == "plan" and roll < 0.35:
            return f(r.choice(DIRECTIVES)) + "。"
        if style == "report" and roll < 0.18:
            return f(r.choice(PROBLEMS)) + "，下一步将" + f(r.choice(MEASURES)) + "。"
        if roll < 0.55:
            return (f(r.choice(OPENERS)) + f(r.choice(ACTORS)) + f(r.choice(PRINCIPLES)) + "，"
                    + f(r.choice(MEASURES)) + "，" + f(r.choice(RESULTS)) + "，"
                    + r.choice(CLOSERS) + "。")
        if roll < 0.8:
            return f(r.choice(ACTORS)) + f(r.choice(MEASURES)) + "，" + f(r.choice(RESULTS)) + "。"
        return ("截至" + f"{self.year}年{r.randint(1, 12)}月底，" + f(r.choice(RESULTS)) + "，"
                + f(r.choice(RESULTS)) + "。")

    def paragraph(self, style: str = "plan", sentences: tuple[int, int] = (2, 4)) -> str:
        return "".join(self.sentence(style) for _ in range(self.rng.randint(*sentences)))

    def subheading(self, i: int) -> str:
        return f"（{cn_ordinal(i)}）" + self._fill(self.rng.choice(MEASURES)) + "。"


# ---- titles -------------------------------------------------------------------------------

# (weight, template, 文种, body style)
NOTICE_TITLES = [
    (6, "关于开展{t}专项行动的通知", "通知", "plan"),
    (6, "关于做好{y}年{t}工作的通知", "通知", "plan"),
    (5, "关于进一步加强{t}工作的通知", "通知", "plan"),
    (4, "关于组织开展{t}督导检查的通知", "通知", "plan"),
    (3, "关于报送{t}工作情况的通知", "通知", "plan"),
    (2, "关于调整{t}工作领导小组成员的通知", "通知", "plan"),
    (4, "关于印发《{y}年{t}工作要点》的通知", "通知", "plan"),
    (3, "关于{t}工作情况的通报", "通报", "report"),
    (4, "关于加强和改进{t}工作的意见", "意见", "plan"),
    (3, "关于推进{t}的实施意见", "意见", "plan"),
    (4, "{u}{y}年{t}工作方案", "方案", "plan"),
    (3, "{t}专项行动实施方案", "方案", "plan"),
    (5, "关于{y}年{t}工作情况的报告", "报告", "report"),
    (4, "关于{t}工作开展情况的报告", "报告", "report"),
    (3, "{u}关于{t}工作的自查报告", "报告", "report"),
    (3, "关于{y}年上半年{t}工作的报告", "报告", "report"),
    (4, "{y}年第{n}次{t}工作推进会会议纪要", "纪要", "minutes"),
    (2, "{t}工作联席会议纪要（{y}年第{n}期）", "纪要", "minutes"),
]
DOCX_EXTRA_TITLES = [
    (6, "{u}{y}年{t}工作总结", "总结", "report"),
    (4, "{y}年上半年{t}工作总结", "总结", "report"),
    (4, "关于{t}工作情况的汇报", "汇报", "report"),
    (3, "{t}典型案例材料", "材料", "report"),
    (3, "{u}{t}经验交流材料", "材料", "report"),
    (6, "{y}年第{n}次{t}工作推进会会议纪要", "纪要", "minutes"),
]
SCAN_TITLES = [
    (4, "{u}{y}年度平安建设目标管理责任书", "责任书", "plan"),
    (4, "{t}工作会议签到表", "签到表", "minutes"),
    (3, "关于{t}有关事项的批复", "批复", "plan"),
    (3, "关于申请{t}工作经费的请示", "请示", "report"),
    (3, "{t}工作督查反馈意见", "意见", "report"),
    (3, "{t}现场检查记录", "记录", "report"),
]
# Generic titles that name no topic: the requirement a 会议纪要 or 工作简报 serves shows only in
# its body, as with much of what units really send (tag suggestions must cope with them).
GENERIC_TITLES = [
    (5, "{u}工作简报（{y}年第{n}期）", "简报", "report"),
    (4, "{y}年第{n}次专题会议纪要", "纪要", "minutes"),
    (2, "主任办公会议纪要（{y}年第{n}期）", "纪要", "minutes"),
    (3, "{u}{y}年工作总结", "总结", "report"),
    (3, "关于报送有关工作情况的报告", "报告", "report"),
    (3, "关于进一步做好有关工作的通知", "通知", "plan"),
    (2, "{u}{y}年重点工作推进情况汇报", "汇报", "report"),
]
NUMBERED_KINDS = {"通知", "通报", "意见", "方案", "报告", "批复", "请示"}

PHOTO_ACTIVITIES = [
    "{t}工作现场", "{t}宣传活动", "{t}工作推进会", "{t}现场督导", "网格员入户走访",
    "矛盾纠纷调解现场", "综治中心值班", "平安建设宣传进社区", "“雪亮工程”监控中心",
    "法治宣传进村入户", "志愿者夜间巡逻", "消防安全检查", "反诈宣传进校园", "{area}现场观摩会",
]


def pick_title(rng: random.Random, table: list, topic: str, unit: str, year: int
               ) -> tuple[str, str, str]:
    """(title, 文种, body style) from a weighted template table."""
    weights = [w for w, *_ in table]
    _, tpl, kind, style = rng.choices(table, weights)[0]
    title = tpl.format(t=topic, u=title_unit(unit), y=year, n=rng.randint(1, 12))
    return title, kind, style


def photo_activity(rng: random.Random, topic: str) -> str:
    return rng.choice(PHOTO_ACTIVITIES).format(t=topic, area=rng.choice(AREAS))


def ledger_event(rng: random.Random, topic: str) -> str:
    place = rng.choice(STREET_UNITS)
    what = rng.choice([
        "邻里噪音纠纷", "物业服务纠纷", "婚姻家庭纠纷", "土地承包纠纷", "劳资欠薪纠纷",
        "房屋租赁纠纷", "道路交通事故损害赔偿", "消费维权投诉", "违章搭建投诉", "学校周边安全隐患",
        "独居老人走访", "重点人员见面核查", "出租屋消防隐患", "噪声扰民投诉", "电信诈骗预警劝阻",
        f"{topic}问题线索",
    ])
    return place + rng.choice(("某小区", "某村", "某社区", "某商户", "某企业", "")) + what


LEDGER_STATUS = ["已调解", "已化解", "跟踪回访中", "已转交市信访局", "已办结", "已录入网格系统",
                 "已督办", "正在处理", "已移交公安机关", "已回复群众"]


def salutation(rng: random.Random, kind: str) -> str:
    if kind in ("报告", "请示", "汇报"):
        return rng.choice(["市委、市政府：", "市试点办：", "市委政法委：", "市平安建设领导小组："])
    return rng.choice(["各区县（市）党委和人民政府，市直有关单位：", "各区县（市）人民政府，市政府各部门：",
                       "各成员单位：", "各区县（市）委政法委，市直有关单位："])


def full_name(unit: str) -> str:
    return full_unit_name(unit)
