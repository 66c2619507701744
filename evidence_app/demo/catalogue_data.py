"""The demo catalogue: a full-scale, realistic (but invented) work guide of 湘潭市.

5 sections (板块), 63 key tasks (重点任务), 191 requirements (具体要求), 712 mechanisms (制度机制),
38 lead departments (牵头单位), 72 responsible units (责任单位) and 23 city leaders (分管市领导).

The outline follows docs/CATALOGUE.md; names of people are invented. Everything here is
deterministic and independent of the demo seed: the same catalogue comes out on every run, so
``catalogue.xlsx`` is byte-identical between runs. No Qt, no I/O except
:func:`write_catalogue_xlsx`.
"""

from __future__ import annotations

import datetime as _dt
import io
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .ooxml import normalize_ooxml_zip

CITY = "湘潭市"

# --------------------------------------------------------------------------------------------
# Sections and tasks.  Each task: (code, title, lead units, hint units for 责任单位, grassroots?,
# requirements as (core text, topic)).  The core is the short text used in folder names, the
# topic a noun phrase used to build mechanism and document titles.
# --------------------------------------------------------------------------------------------

SECTIONS: list[tuple[str, str]] = [
    ("1", "完善市域社会治理体制"),
    ("2", "优化市域社会治理工作布局"),
    ("3", "发挥“五治”作用"),
    ("4", "防范化解五类风险"),
    ("5", "强化基础保障"),
]


TASKS: list[tuple[str, str, list[str], list[str], bool, list[tuple[str, str]]]] = [
    # ---- 1 完善市域社会治理体制 ----
    ("1.1", "健全党委领导体制", ["市委办公室", "市委政法委"], [], False, [
        ("成立党委主要负责同志任组长的试点工作领导小组", "试点工作领导小组"),
        ("建立市委常委会定期研究市域社会治理工作制度", "常委会专题研究社会治理"),
        ("将试点工作纳入市委全面深化改革重点任务", "全面深化改革重点任务"),
    ]),
    ("1.2", "健全政府负责体制", ["市政府办公室", "市发展和改革委员会"], [], False, [
        ("将市域社会治理纳入国民经济和社会发展规划", "社会治理规划编制"),
        ("建立政府常务会议定期听取社会治理工作汇报制度", "政府常务会议听取汇报"),
        ("落实政府部门社会治理职责清单", "部门社会治理职责清单"),
    ]),
    ("1.3", "健全群团助推、社会协同、公众参与机制", ["市总工会", "团市委", "市妇联"],
     ["市红十字会", "市科协", "市工商联"], False, [
        ("建立社会组织参与平安建设激励机制", "社会组织参与平安建设"),
        ("发挥工会、共青团、妇联等群团组织助推作用", "群团组织助推社会治理"),
        ("建立群众参与社会治理积分奖励制度", "群众参与积分奖励"),
        ("培育发展平安志愿者队伍", "平安志愿服务"),
    ]),
    ("1.4", "完善市域社会治理领导责任制", ["市委政法委", "市委组织部"], [], False, [
        ("制定党政领导干部平安建设责任清单", "平安建设责任清单"),
        ("落实领导干部定点联系基层制度", "领导干部联系基层"),
        ("建立平安建设履职情况年度述职评议机制", "履职述职评议"),
    ]),
    ("1.5", "健全市域社会治理协调机制", ["市委政法委"], [], False, [
        ("建立市域社会治理联席会议制度", "社会治理联席会议"),
        ("建立重大事项议事协调和会商研判机制", "重大事项会商研判"),
    ]),
    ("1.6", "推进政法机构职能体系改革", ["市委编办", "市委政法委"], [], False, [
        ("深化政法领域执法司法责任体系改革", "执法司法责任体系改革"),
        ("推进政法单位内设机构和职能优化", "政法单位职能优化"),
        ("健全政法单位协同配合工作机制", "政法协同配合"),
    ]),
    ("1.7", "强化基层党组织领导作用", ["市委组织部"], [], True, [
        ("推进抓党建促基层治理能力提升", "党建引领基层治理"),
        ("建立街道“大工委”、社区“大党委”工作机制", "街道大工委社区大党委"),
        ("选优配强村（社区）党组织书记", "村（社区）党组织书记队伍"),
        ("推动机关党员到社区报到服务", "党员进社区报到服务"),
    ]),
    ("1.8", "完善市域社会治理政策体系", ["市委办公室", "市司法局"], [], False, [
        ("出台市域社会治理现代化试点实施方案", "试点总体实施方案"),
        ("制定试点工作任务清单和责任清单", "试点任务清单和责任清单"),
        ("开展社会治理政策文件清理评估", "政策文件清理评估"),
    ]),
    ("1.9", "建立社会治理统战工作机制", ["市委统战部"], ["市工商联"], False, [
        ("发挥新的社会阶层人士在社会治理中的作用", "新的社会阶层人士参与治理"),
        ("推进民族宗教领域社会治理", "民族宗教事务治理"),
    ]),
    ("1.10", "加强社会治理人才队伍建设", ["市委组织部", "市人力资源和社会保障局"],
     ["湘潭大学", "湖南科技大学", "湖南工程学院", "市法学会"], False, [
        ("建立社会工作专业人才培养激励机制", "社会工作专业人才"),
        ("开展市域社会治理专题培训", "社会治理专题培训"),
        ("建立市域社会治理专家智库", "社会治理专家智库"),
    ]),
    ("1.11", "强化纪律监督保障", ["市纪委监委"], ["市审计局"], False, [
        ("开展基层“微腐败”专项整治", "基层“微腐败”整治"),
        ("建立试点工作监督执纪问责机制", "监督执纪问责"),
        ("加强对政法队伍的日常监督", "政法队伍日常监督"),
    ]),
    ("1.12", "健全社会治理统计评价体系", ["市统计局", "市委政法委"], [], False, [
        ("建立市域社会治理指标统计制度", "社会治理指标统计"),
        ("开展群众安全感满意度调查", "群众安全感满意度调查"),
        ("发布市域社会治理年度报告", "社会治理年度报告"),
    ]),
    # ---- 2 优化工作布局 ----
    ("2.1", "强化市级统筹协调", ["市委政法委", "市政府办公室"], [], False, [
        ("发挥市级在市域社会治理中的统筹谋划作用", "市级统筹谋划"),
        ("建立市级重大风险统筹应对机制", "重大风险统筹应对"),
        ("建立市直部门与区县联动工作机制", "市县联动"),
    ]),
    ("2.2", "推进县乡村三级综治中心规范化建设", ["市委政法委"], [], True, [
        ("推动县乡两级综治中心实体化运行", "综治中心实体化运行"),
        ("统一综治中心建设标准和运行规范", "综治中心标准化建设"),
        ("推进综治中心与网格化服务管理中心融合", "综治中心与网格中心融合"),
        ("开展综治中心规范化建设达标验收", "综治中心达标验收"),
    ]),
    ("2.3", "推进网格化服务管理全覆盖", ["市委政法委", "市民政局"], [], True, [
        ("科学划分城乡社区网格", "网格划分"),
        ("制定网格事项准入清单", "网格事项准入"),
        ("推进城乡网格化服务管理规范运行", "网格化服务管理"),
        ("建立网格员巡查走访制度", "网格员巡查走访"),
    ]),
    ("2.4", "强化县级抓落实作用", ["市委政法委"], [], False, [
        ("明确区县（市）党委政府落实主体责任", "区县落实主体责任"),
        ("建立区县试点工作季度调度制度", "区县季度调度"),
        ("推广区县试点创新经验做法", "区县创新经验"),
    ]),
    ("2.5", "夯实乡镇（街道）基础作用", ["市委组织部", "市委编办"], [], True, [
        ("推进乡镇（街道）管理体制改革", "乡镇（街道）管理体制改革"),
        ("整合乡镇（街道）执法力量", "乡镇（街道）综合执法"),
        ("赋予乡镇（街道）统筹协调权", "乡镇（街道）统筹协调权"),
    ]),
    ("2.6", "推进村（社区）服务阵地建设", ["市民政局"], [], True, [
        ("推进城乡社区综合服务设施建设", "社区综合服务设施"),
        ("建立村（社区）工作事务准入制度", "村（社区）事务准入"),
        ("开展村（社区）减负增效专项行动", "社区减负增效"),
    ]),
    ("2.7", "创新城市社区治理", ["市民政局", "市住房和城乡建设局"], [], True, [
        ("推进物业服务纳入社区治理", "物业服务管理"),
        ("推进老旧小区改造与治理同步", "老旧小区改造"),
        ("建立业主委员会指导监督机制", "业主委员会指导监督"),
    ]),
    ("2.8", "推进农村社会治理", ["市农业农村局"], [], True, [
        ("推进乡村治理体系建设试点示范", "乡村治理示范"),
        ("推广积分制、清单制乡村治理方式", "积分制清单制"),
        ("加强农村留守人员关爱服务", "农村留守人员关爱"),
    ]),
    ("2.9", "推进园区、企业和学校治理", ["市教育局", "市工业和信息化局"],
     ["湘潭大学", "湖南科技大学", "湖南工程学院"], False, [
        ("加强园区企业平安建设", "园区企业平安建设"),
        ("深入推进平安校园建设", "平安校园"),
        ("建立校园周边治安综合治理机制", "校园周边综合治理"),
    ]),
    ("2.10", "推进城乡治理一体化", ["市发展和改革委员会", "市自然资源和规划局"], [], False, [
        ("推进城乡基本公共服务均等化", "基本公共服务均等化"),
        ("统筹城乡基层治理资源配置", "基层治理资源配置"),
    ]),
    # ---- 3 发挥“五治”作用 ----
    ("3.1", "加强政治引领", ["市委组织部", "市委宣传部"], [], True, [
        ("推动党的创新理论宣讲进基层", "理论宣讲进基层"),
        ("建立基层党组织领导下的协商议事机制", "党组织领导的协商议事"),
        ("开展“红色物业”建设", "“红色物业”"),
    ]),
    ("3.2", "强化法治保障", ["市司法局"], ["市律师协会", "市公证处", "市法学会"], False, [
        ("推动出台社会治理地方性法规", "社会治理地方性法规"),
        ("建设覆盖城乡的公共法律服务平台", "公共法律服务平台"),
        ("推进“一村（社区）一法律顾问”全覆盖", "村（社区）法律顾问"),
        ("深入开展“八五”普法", "“八五”普法"),
    ]),
    ("3.3", "推进法治政府建设", ["市司法局", "市政府办公室"], [], False, [
        ("推进重大行政决策合法性审查", "重大行政决策合法性审查"),
        ("全面推行行政执法“三项制度”", "行政执法“三项制度”"),
        ("加强行政复议和行政应诉工作", "行政复议和行政应诉"),
    ]),
    ("3.4", "深化公正司法", ["市中级人民法院", "市人民检察院"], [], False, [
        ("推进诉源治理和多元解纷", "诉源治理"),
        ("加强检察公益诉讼", "检察公益诉讼"),
        ("推进执行难综合治理", "执行难综合治理"),
    ]),
    ("3.5", "加强德治教化", ["市委宣传部"], [], True, [
        ("修订完善村规民约和居民公约", "村规民约"),
        ("推进新时代文明实践中心建设", "新时代文明实践"),
        ("开展道德模范和身边好人评选", "道德模范评选"),
        ("深入推进移风易俗", "移风易俗"),
    ]),
    ("3.6", "弘扬社会主义核心价值观", ["市委宣传部", "市文化旅游广电体育局"], [], False, [
        ("推进社会主义核心价值观融入社会治理", "核心价值观融入治理"),
        ("建设家风家教示范基地", "家风家教"),
        ("开展“平安家庭”创建活动", "“平安家庭”创建"),
    ]),
    ("3.7", "推进自治强基", ["市民政局"], [], True, [
        ("推进城乡社区协商制度化", "城乡社区协商"),
        ("规范村（居）务公开", "村（居）务公开"),
        ("完善村（居）民委员会议事规则", "村（居）委会议事规则"),
    ]),
    ("3.8", "发展社会组织和志愿服务", ["市民政局", "团市委"], ["市科协"], True, [
        ("培育发展社区社会组织", "社区社会组织"),
        ("推动“五社联动”服务机制", "“五社联动”"),
        ("建立志愿服务积分激励机制", "志愿服务积分"),
    ]),
    ("3.9", "推进智治支撑", ["市委政法委", "市数据资源管理局"],
     ["中国移动湘潭分公司", "中国电信湘潭分公司"], False, [
        ("推进“雪亮工程”视频联网应用", "“雪亮工程”"),
        ("建设市域社会治理大数据平台", "社会治理大数据平台"),
        ("推进政务数据共享交换", "政务数据共享交换"),
        ("推广智能感知终端应用", "智能感知终端"),
    ]),
    ("3.10", "建设智慧警务", ["市公安局"], [], False, [
        ("推进公安大数据智能化建设", "智慧警务"),
        ("建设智慧安防小区", "智慧安防小区"),
        ("推广“互联网+公安政务服务”", "“互联网+公安政务服务”"),
    ]),
    ("3.11", "推进“互联网+政务服务”", ["市数据资源管理局", "市政府办公室"], [], False, [
        ("推进政务服务“一网通办”", "政务服务“一网通办”"),
        ("优化12345政务服务便民热线", "12345热线"),
        ("深化“最多跑一次”改革", "“最多跑一次”改革"),
    ]),
    ("3.12", "推进社会心理服务体系建设", ["市卫生健康委员会"], ["市中心医院"], False, [
        ("建立健全社会心理服务体系", "社会心理服务"),
        ("建设心理咨询室和社会工作室", "心理咨询室"),
        ("加强心理危机干预", "心理危机干预"),
    ]),
    ("3.13", "加强综合执法能力", ["市城市管理和综合执法局", "市市场监督管理局"], [], False, [
        ("推进综合行政执法改革", "综合行政执法"),
        ("建立执法协作联动机制", "执法协作联动"),
    ]),
    ("3.14", "推进社会信用体系建设", ["市发展和改革委员会"],
     ["人民银行湘潭市中心支行", "市税务局"], False, [
        ("建设社会信用信息共享平台", "社会信用信息平台"),
        ("推进守信联合激励和失信联合惩戒", "守信激励失信惩戒"),
        ("加强诚信宣传教育", "诚信宣传教育"),
    ]),
    ("3.15", "发挥群团和社会力量作用", ["市妇联", "市残联", "市总工会"], ["市红十字会"], False, [
        ("推进“巾帼建功”平安行动", "“巾帼建功”平安行动"),
        ("加强困难职工帮扶", "困难职工帮扶"),
        ("完善残疾人关爱服务体系", "残疾人关爱服务"),
    ]),
    # ---- 4 防范化解五类风险 ----
    ("4.1", "防范化解政治安全风险", ["市委政法委", "市国家安全局"],
     ["湘潭军分区", "武警湘潭支队"], False, [
        ("建立重大决策社会稳定风险评估机制", "重大决策社会稳定风险评估"),
        ("加强国家安全人民防线建设", "国家安全人民防线"),
        ("严密防范政治安全风险", "政治安全风险防范"),
    ]),
    ("4.2", "加强意识形态阵地管理", ["市委宣传部"], [], False, [
        ("落实意识形态工作责任制", "意识形态工作责任制"),
        ("加强宗教活动场所规范管理", "宗教活动场所管理"),
    ]),
    ("4.3", "常态化开展扫黑除恶斗争", ["市委政法委", "市公安局"], [], False, [
        ("推进扫黑除恶常态化", "扫黑除恶常态化"),
        ("开展重点行业领域乱象整治", "重点行业领域整治"),
        ("建立涉黑涉恶线索核查和移交机制", "涉黑涉恶线索核查"),
        ("加强基层政权建设防范黑恶势力侵蚀", "基层政权建设"),
    ]),
    ("4.4", "构建立体化信息化社会治安防控体系", ["市公安局"],
     ["武警湘潭支队", "市消防救援支队"], False, [
        ("建设立体化信息化社会治安防控体系", "立体化治安防控"),
        ("推进公安检查站和街面巡逻防控", "街面巡逻防控"),
        ("建设智能安防单位和社区", "智能安防单位"),
    ]),
    ("4.5", "严厉打击突出违法犯罪", ["市公安局", "市人民检察院"],
     ["中国联通湘潭分公司", "市银保监分局"], False, [
        ("严厉打击电信网络诈骗犯罪", "打击治理电信网络诈骗"),
        ("严厉打击黄赌毒和盗抢骗违法犯罪", "打击黄赌毒"),
        ("深入开展禁毒人民战争", "禁毒人民战争"),
    ]),
    ("4.6", "加强特殊人群服务管理", ["市司法局", "市卫生健康委员会"], [], True, [
        ("加强社区矫正对象监督管理", "社区矫正"),
        ("做好刑满释放人员安置帮教", "安置帮教"),
        ("加强严重精神障碍患者救治管理", "严重精神障碍患者救治管理"),
        ("加强社区戒毒社区康复人员服务管理", "社区戒毒社区康复"),
    ]),
    ("4.7", "加强重点青少年群体关爱", ["团市委", "市教育局"], [], False, [
        ("加强重点青少年群体服务管理", "重点青少年群体"),
        ("预防未成年人违法犯罪", "预防未成年人违法犯罪"),
        ("建设青少年维权岗", "青少年维权岗"),
    ]),
    ("4.8", "健全矛盾纠纷多元化解机制", ["市委政法委", "市司法局"],
     ["市律师协会", "市仲裁委员会"], True, [
        ("推进矛盾纠纷多元化解“一站式”调处", "矛盾纠纷多元化解"),
        ("建立婚恋家庭矛盾纠纷排查化解机制", "婚恋家庭矛盾纠纷排查化解"),
        ("发展行业性专业性人民调解组织", "行业性专业性人民调解"),
        ("推进诉调、访调、警调对接", "诉调访调警调对接"),
    ]),
    ("4.9", "深化信访工作制度改革", ["市信访局"], [], False, [
        ("开展信访积案化解攻坚", "信访积案化解"),
        ("推进领导干部接访下访", "领导干部接访下访"),
        ("推进网上信访规范运行", "网上信访"),
        ("落实信访事项首办责任", "信访事项首办责任"),
    ]),
    ("4.10", "推进劳动关系和谐", ["市人力资源和社会保障局", "市总工会"],
     ["市仲裁委员会", "市医疗保障局"], False, [
        ("持续开展根治欠薪行动", "根治欠薪"),
        ("建立劳动人事争议多元处理机制", "劳动人事争议调解仲裁"),
    ]),
    ("4.11", "防范化解涉众型经济风险", ["市公安局", "市市场监督管理局"],
     ["市地方金融监管局", "人民银行湘潭市中心支行", "市银保监分局", "市商务局"], False, [
        ("开展非法集资风险排查处置", "非法集资风险排查"),
        ("加强涉众型经济案件稳控", "涉众型经济案件稳控"),
        ("防范化解房地产领域风险", "房地产领域风险"),
    ]),
    ("4.12", "加强安全生产和防灾减灾", ["市应急管理局"],
     ["市消防救援支队", "市气象局", "市水利局", "市林业局"], False, [
        ("开展安全生产专项整治三年行动", "安全生产专项整治"),
        ("落实安全生产责任制", "安全生产责任制"),
        ("加强应急救援队伍建设", "应急救援队伍"),
        ("开展自然灾害综合风险普查", "自然灾害综合风险普查"),
    ]),
    ("4.13", "加强公共安全监管", ["市市场监督管理局", "市交通运输局"],
     ["市邮政管理局", "市商务局"], False, [
        ("加强食品药品安全监管", "食品药品安全"),
        ("开展道路交通安全综合治理", "道路交通安全"),
        ("加强寄递物流安全管理", "寄递物流安全"),
    ]),
    ("4.14", "加强生态环境和公共卫生安全", ["市生态环境局", "市卫生健康委员会"],
     ["市中心医院", "市红十字会", "市林业局", "市医疗保障局"], False, [
        ("加强生态环境风险防控", "生态环境风险防控"),
        ("健全公共卫生应急管理体系", "公共卫生应急管理"),
        ("落实常态化疫情防控措施", "常态化疫情防控"),
    ]),
    ("4.15", "防范化解网络安全风险", ["市委网信办"], [], False, [
        ("建立网络舆情监测处置机制", "网络舆情监测处置"),
        ("落实网络安全等级保护制度", "网络安全等级保护"),
        ("开展网络生态治理", "网络生态治理"),
    ]),
    ("4.16", "加强退役军人服务保障", ["市退役军人事务局"], ["湘潭军分区"], True, [
        ("建设退役军人服务中心（站）", "退役军人服务站"),
        ("化解涉军群体矛盾", "涉军群体矛盾化解"),
        ("落实退役军人优抚政策", "退役军人优抚"),
    ]),
    # ---- 5 强化基础保障 ----
    ("5.1", "建设专职网格员队伍", ["市委政法委", "市人力资源和社会保障局"], [], True, [
        ("配齐配强专职网格员", "专职网格员配备"),
        ("建立网格员培训考核机制", "网格员培训考核"),
        ("落实网格员待遇保障", "网格员待遇保障"),
    ]),
    ("5.2", "落实经费保障", ["市财政局"], ["市审计局", "市税务局"], False, [
        ("将试点工作经费纳入财政预算", "试点工作经费"),
        ("开展社会治理项目资金绩效评价", "项目资金绩效评价"),
    ]),
    ("5.3", "强化考核督导", ["市委政法委", "市委组织部"], [], False, [
        ("将试点工作纳入平安建设考评", "平安建设考评"),
        ("建立试点工作督导检查制度", "试点督导检查"),
        ("实行问题清单销号管理", "问题清单销号"),
    ]),
    ("5.4", "加强宣传引导", ["市委宣传部"], [], False, [
        ("开展平安建设宣传月活动", "平安建设宣传"),
        ("总结推广试点工作典型案例", "典型案例推广"),
    ]),
    ("5.5", "加强政法队伍建设", ["市委政法委"], [], False, [
        ("开展政法队伍教育整顿", "政法队伍教育整顿"),
        ("加强政法干部素质能力培训", "政法干部培训"),
        ("建立政法英模表彰激励机制", "政法英模表彰"),
    ]),
    ("5.6", "加强基础设施保障", ["市住房和城乡建设局", "市发展和改革委员会"],
     ["市机关事务局", "市水务集团", "国网湘潭供电公司"], False, [
        ("推进社会治理基础设施项目建设", "治理基础设施项目"),
        ("加强综治中心场所和设备保障", "综治中心设施保障"),
    ]),
    ("5.7", "加强信息化基础保障", ["市数据资源管理局", "市工业和信息化局"],
     ["中国移动湘潭分公司", "中国电信湘潭分公司", "中国联通湘潭分公司", "国网湘潭供电公司"],
     False, [
        ("推进电子政务外网延伸到村（社区）", "电子政务外网"),
        ("推进5G和光纤网络覆盖", "5G网络覆盖"),
        ("加强信息系统安全运维", "信息系统安全运维"),
    ]),
    ("5.8", "强化试点工作调度", ["市委政法委"], [], False, [
        ("建立试点工作月调度季通报制度", "月调度季通报"),
        ("编发试点工作简报", "试点工作简报"),
    ]),
    ("5.9", "加强台账和档案管理", ["市统计局", "市委办公室"], ["市档案馆"], False, [
        ("规范试点工作台账和档案管理", "台账和档案管理"),
        ("建立试点工作佐证资料归集制度", "佐证资料归集"),
        ("开展试点工作数据核查", "试点数据核查"),
    ]),
    ("5.10", "开展试点评估验收", ["市委政法委"], [], False, [
        ("开展试点工作中期评估", "试点中期评估"),
        ("做好试点验收迎检准备", "试点验收迎检"),
        ("总结提炼试点经验成果", "试点经验成果"),
    ]),
]

# 23 leaders (invented names) and the lead units each is in charge of (38 in all).
LEADERS: dict[str, list[str]] = {
    "周立新": ["市委办公室", "市委编办"],
    "李堃": ["市委政法委", "市国家安全局"],
    "王喆": ["市公安局"],
    "陈燊": ["市政府办公室", "市统计局"],
    "刘赟": ["市委组织部"],
    "张卫东": ["市委宣传部", "市委网信办"],
    "杨晓明": ["市委统战部"],
    "赵志刚": ["市纪委监委"],
    "黄海涛": ["市司法局"],
    "吴建军": ["市中级人民法院"],
    "孙丽华": ["市人民检察院"],
    "何文斌": ["市发展和改革委员会", "市财政局"],
    "罗湘平": ["市民政局", "市退役军人事务局"],
    "谢振宇": ["市信访局"],
    "彭国强": ["市教育局", "市卫生健康委员会"],
    "胡春燕": ["市总工会", "团市委", "市妇联", "市残联"],
    "曾宪章": ["市人力资源和社会保障局"],
    "唐明亮": ["市住房和城乡建设局", "市城市管理和综合执法局", "市自然资源和规划局"],
    "邓红梅": ["市文化旅游广电体育局"],
    "蒋世杰": ["市应急管理局", "市交通运输局"],
    "谭伟民": ["市市场监督管理局", "市生态环境局"],
    "龙海燕": ["市农业农村局"],
    "易建华": ["市数据资源管理局", "市工业和信息化局"],
}

AREAS = ["雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市", "湘潭高新区", "湘潭经开区", "昭山示范区"]
AREA_UNITS = [
    "雨湖区人民政府", "雨湖区委政法委", "岳塘区人民政府", "岳塘区委政法委",
    "湘潭县人民政府", "湘潭县委政法委", "湘乡市人民政府", "湘乡市委政法委",
    "韶山市人民政府", "韶山市委政法委", "湘潭高新区管委会", "湘潭高新区党工委",
    "湘潭经开区管委会", "湘潭经开区党工委", "昭山示范区管委会", "昭山示范区党工委",
]
STREET_UNITS = [
    "雨湖区城正街街道", "雨湖区雨湖路街道", "雨湖区云塘街道", "雨湖区窑湾街道",
    "雨湖区广场街道", "雨湖区昭潭街道", "雨湖区先锋街道", "雨湖区万楼街道",
    "岳塘区东坪街道", "岳塘区书院路街道", "岳塘区建设路街道", "岳塘区岳塘街道",
    "岳塘区下摄司街道", "岳塘区五里堆街道", "岳塘区宝塔街道", "岳塘区荷塘街道",
    "湘潭县易俗河镇", "湘潭县天易街道", "湘潭县花石镇", "湘乡市东山街道",
    "湘乡市新湘路街道", "韶山市清溪镇", "韶山市银田镇", "湘潭高新区双马街道",
]
OTHER_UNITS = [
    "市税务局", "市气象局", "市消防救援支队", "湘潭军分区", "武警湘潭支队", "市邮政管理局",
    "国网湘潭供电公司", "中国移动湘潭分公司", "中国电信湘潭分公司", "中国联通湘潭分公司",
    "市水务集团", "湘潭大学", "湖南科技大学", "湖南工程学院", "市中心医院", "市红十字会",
    "市法学会", "市律师协会", "市仲裁委员会", "市公证处", "市银保监分局",
    "人民银行湘潭市中心支行", "市审计局", "市商务局", "市水利局", "市林业局", "市医疗保障局",
    "市机关事务局", "市档案馆", "市地方金融监管局", "市科协", "市工商联",
]
RESPONSIBLE_UNITS = AREA_UNITS + STREET_UNITS + OTHER_UNITS

# 机关代字 of the units that issue numbered documents (文号 = 代字〔YYYY〕N号).
DOC_PREFIXES: dict[str, list[str]] = {
    "市委办公室": ["潭办发", "潭办", "潭发"],
    "市政府办公室": ["潭政办发", "潭政发", "潭政办函"],
    "市委组织部": ["潭组发"],
    "市委宣传部": ["潭宣发"],
    "市委统战部": ["潭统发"],
    "市委政法委": ["潭政法委发", "潭平安办发"],
    "市委网信办": ["潭网信发"],
    "市委编办": ["潭编办发"],
    "市纪委监委": ["潭纪发"],
    "市公安局": ["潭公发", "潭公通"],
    "市司法局": ["潭司发"],
    "市民政局": ["潭民发"],
    "市信访局": ["潭信发"],
    "市中级人民法院": ["潭中法发"],
    "市人民检察院": ["潭检发"],
    "市发展和改革委员会": ["潭发改发"],
    "市财政局": ["潭财发"],
    "市教育局": ["潭教发"],
    "市人力资源和社会保障局": ["潭人社发"],
    "市住房和城乡建设局": ["潭建发"],
    "市卫生健康委员会": ["潭卫发"],
    "市应急管理局": ["潭应急发"],
    "市市场监督管理局": ["潭市监发"],
    "市城市管理和综合执法局": ["潭城管发"],
    "市交通运输局": ["潭交发"],
    "市自然资源和规划局": ["潭资规发"],
    "市生态环境局": ["潭环发"],
    "市农业农村局": ["潭农发"],
    "市文化旅游广电体育局": ["潭文旅发"],
    "市退役军人事务局": ["潭退役军人发"],
    "市数据资源管理局": ["潭数据发"],
    "市总工会": ["潭工发"],
    "团市委": ["潭团发"],
    "市妇联": ["潭妇发"],
    "市残联": ["潭残联发"],
    "市国家安全局": ["潭安发"],
    "市工业和信息化局": ["潭工信发"],
    "市统计局": ["潭统计发"],
    "雨湖区人民政府": ["雨政发", "雨政办发"],
    "雨湖区委政法委": ["雨政法委发"],
    "岳塘区人民政府": ["岳政发", "岳政办发"],
    "岳塘区委政法委": ["岳政法委发"],
    "湘潭县人民政府": ["潭县政发", "潭县政办发"],
    "湘潭县委政法委": ["潭县政法委发"],
    "湘乡市人民政府": ["湘乡政发", "湘乡政办发"],
    "湘乡市委政法委": ["湘乡政法委发"],
    "韶山市人民政府": ["韶政发", "韶政办发"],
    "韶山市委政法委": ["韶政法委发"],
    "湘潭高新区管委会": ["潭高新管发"],
    "湘潭高新区党工委": ["潭高新党工发"],
    "湘潭经开区管委会": ["潭经开管发"],
    "湘潭经开区党工委": ["潭经开党工发"],
    "昭山示范区管委会": ["昭山管发"],
    "昭山示范区党工委": ["昭山党工发"],
    "市税务局": ["潭税发"],
    "市审计局": ["潭审发"],
    "市医疗保障局": ["潭医保发"],
    "市商务局": ["潭商务发"],
    "市水利局": ["潭水发"],
    "市林业局": ["潭林发"],
}

# Full names as printed on a banner ("…文件") or a signature line.
_FULL_NAMES = {
    "市委办公室": "中共湘潭市委办公室",
    "市政府办公室": "湘潭市人民政府办公室",
    "市委组织部": "中共湘潭市委组织部",
    "市委宣传部": "中共湘潭市委宣传部",
    "市委统战部": "中共湘潭市委统战部",
    "市委政法委": "中共湘潭市委政法委员会",
    "市委网信办": "中共湘潭市委网络安全和信息化委员会办公室",
    "市委编办": "中共湘潭市委机构编制委员会办公室",
    "市纪委监委": "中共湘潭市纪律检查委员会",
    "团市委": "共青团湘潭市委员会",
    "市中级人民法院": "湖南省湘潭市中级人民法院",
    "市人民检察院": "湖南省湘潭市人民检察院",
    "市妇联": "湘潭市妇女联合会",
    "市残联": "湘潭市残疾人联合会",
    "市科协": "湘潭市科学技术协会",
    "市工商联": "湘潭市工商业联合会",
}


def full_unit_name(unit: str) -> str:
    """The formal name of a unit (湘潭市公安局 for 市公安局)."""
    if unit in _FULL_NAMES:
        return _FULL_NAMES[unit]
    if unit.startswith("市"):
        return "湘潭" + unit
    return unit


MECH_DOCTYPES = [
    "工作办法", "实施办法", "管理办法", "实施方案", "工作方案", "实施细则", "工作制度",
    "工作规程", "考核办法", "考核评价细则", "运行规范", "工作指引", "三年行动计划",
    "责任清单", "联席会议制度", "督查督办制度", "工作规则", "操作规程", "奖惩办法",
    "工作机制", "评估办法", "责任追究办法",
]

_REQ_TAILS = [
    "", "", "",
    "，建立工作台账，实行清单化管理",
    "，{y}年底前实现全覆盖",
    "，每季度至少开展一次督导检查",
    "，纳入平安建设年度考评",
    "，形成可复制可推广的经验做法",
    "，确保责任落实到岗到人",
    "，定期通报工作进展情况",
    "，群众满意度达到{p}%以上",
    "，形成制度化、规范化工作机制",
    "，建立常态长效工作机制",
    "，{y}年{m}月底前出台配套制度",
    "，实现市、县、乡、村四级联动",
    "，做到有制度、有台账、有成效",
    "，每半年向市试点工作领导小组报告一次",
]


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    code: str
    name: str


@dataclass(frozen=True)
class Task:
    code: str
    section_code: str
    title: str


@dataclass(frozen=True)
class Requirement:
    code: str
    section_code: str
    task_code: str
    text: str                       # the full 具体要求
    core: str                       # short text (folder names)
    topic: str                      # noun phrase used in titles
    lead_unit: str
    responsible_units: tuple[str, ...]
    leader: str
    grassroots: bool


@dataclass(frozen=True)
class Mechanism:
    code: str
    title: str
    unit: str                       # 制定单位
    doc_number: str                 # 文号
    prefix: str
    year: int
    number: int
    date: str                       # YYYYMMDD
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str                       # 牵头单位 | 责任单位
    leader: str


@dataclass
class Catalogue:
    sections: list[Section]
    tasks: list[Task]
    requirements: list[Requirement]
    mechanisms: list[Mechanism]
    units: list[Unit]
    leaders: list[str]
    # requirements that have no mechanism and that the demo material leaves without evidence
    gap_requirements: list[str]
    mechanisms_by_requirement: dict[str, list[str]] = field(default_factory=dict)

    def requirement(self, code: str) -> Requirement:
        return self._req_index()[code]

    def mechanism(self, code: str) -> Mechanism:
        return self._mech_index()[code]

    def _req_index(self) -> dict[str, Requirement]:
        idx = self.__dict__.get("_ri")
        if idx is None:
            idx = self.__dict__["_ri"] = {r.code: r for r in self.requirements}
        return idx

    def _mech_index(self) -> dict[str, Mechanism]:
        idx = self.__dict__.get("_mi")
        if idx is None:
            idx = self.__dict__["_mi"] = {m.code: m for m in self.mechanisms}
        return idx


def lead_units() -> list[str]:
    return [u for units in LEADERS.values() for u in units]


def format_doc_number(prefix: str, year: int, number: int) -> str:
    return f"{prefix}〔{year}〕{number}号"


def random_weekday(rng: random.Random, start: _dt.date, end: _dt.date) -> _dt.date:
    span = (end - start).days
    while True:
        d = start + _dt.timedelta(days=rng.randrange(span + 1))
        if d.weekday() < 5:
            return d


# --------------------------------------------------------------------------------------------
# Building the catalogue
# --------------------------------------------------------------------------------------------

N_GAPS = 8


@lru_cache(maxsize=1)
def build_catalogue() -> Catalogue:
    """The demo catalogue; deterministic, cached (treat it as read-only)."""
    rng = random.Random("evidence-demo-catalogue-v1")
    leader_of = {u: name for name, units in LEADERS.items() for u in units}

    sections = [Section(c, n) for c, n in SECTIONS]
    tasks: list[Task] = []
    requirements: list[Requirement] = []
    usage = {u: 0 for u in RESPONSIBLE_UNITS}
    for tcode, title, leads, hints, grassroots, reqs in TASKS:
        scode = tcode.split(".")[0]
        tasks.append(Task(tcode, scode, title))
        for i, (core, topic) in enumerate(reqs, start=1):
            code = f"{tcode}.{i}"
            tail = rng.choice(_REQ_TAILS).format(
                y=rng.choice([2021, 2022]), m=rng.choice([3, 6, 9, 12]), p=rng.choice([85, 90, 95]))
            lead = leads[(i - 1) % len(leads)]
            k = rng.choice([1, 2, 2, 3, 3, 4])
            chosen: list[str] = []
            if hints:
                h = sorted(hints, key=lambda u: (usage[u], rng.random()))
                chosen += h[: min(len(h), rng.choice([1, 1, 2]), k)]
            pool = AREA_UNITS + (STREET_UNITS if grassroots else [])
            pool = sorted((u for u in pool if u not in chosen),
                          key=lambda u: (usage[u], rng.random()))
            chosen += pool[: k - len(chosen)]
            for u in chosen:
                usage[u] += 1
            requirements.append(Requirement(
                code=code, section_code=scode, task_code=tcode, text=core + tail, core=core,
                topic=topic, lead_unit=lead, responsible_units=tuple(chosen),
                leader=leader_of[lead], grassroots=grassroots))

    # every responsible unit serves at least one requirement
    for u in RESPONSIBLE_UNITS:
        if usage[u]:
            continue
        for i, r in enumerate(requirements):
            hinted = u in _hints_of(r.task_code)
            if (hinted or (u in STREET_UNITS and r.grassroots)) and len(r.responsible_units) < 4:
                requirements[i] = _replace(r, responsible_units=r.responsible_units + (u,))
                usage[u] += 1
                break

    # the requirements the demo leaves without evidence: no mechanism, no document
    candidates = [r.code for r in requirements[14:]]
    gaps = sorted(rng.sample(candidates, N_GAPS), key=_code_key)
    mechanisms = _build_mechanisms(rng, requirements, set(gaps))

    by_req: dict[str, list[str]] = {r.code: [] for r in requirements}
    for m in mechanisms:
        for rc in m.requirements:
            by_req[rc].append(m.code)

    # units and their leaders: a lead unit's leader is fixed; a responsible unit is shown under
    # the leader in charge of most of the requirements it serves
    units = [Unit(u, "牵头单位", leader_of[u]) for u in lead_units()]
    for u in RESPONSIBLE_UNITS:
        counts: dict[str, int] = {}
        for r in requirements:
            if u in r.responsible_units:
                counts[r.leader] = counts.get(r.leader, 0) + 1
        best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else "李堃"
        units.append(Unit(u, "责任单位", best))

    cat = Catalogue(sections, tasks, requirements, mechanisms, units, list(LEADERS), gaps, by_req)
    return cat


def _hints_of(task_code: str) -> list[str]:
    for t in TASKS:
        if t[0] == task_code:
            return t[3]
    return []


def _replace(r: Requirement, **kw) -> Requirement:
    from dataclasses import replace
    return replace(r, **kw)


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


_MECH_TEMPLATES = [
    (34, "湘潭市{t}{d}"),
    (20, "湘潭市{t}{d}（试行）"),
    (16, "{u}{t}{d}"),
    (5, "关于进一步加强{t}工作的实施意见"),
    (6, "湘潭市{t}{d}（{y}年修订）"),
    (8, "湘潭市{t}{d}（暂行）"),
]


def _build_mechanisms(rng: random.Random, requirements: list[Requirement],
                      gaps: set[str]) -> list[Mechanism]:
    served = [r for r in requirements if r.code not in gaps]
    total = 712
    quota = {r.code: 3 for r in served}
    extra = total - 3 * len(served)
    while extra > 0:
        r = rng.choice(served)
        if quota[r.code] < 6:
            quota[r.code] += 1
            extra -= 1
    by_task: dict[str, list[Requirement]] = {}
    by_section: dict[str, list[Requirement]] = {}
    for r in served:
        by_task.setdefault(r.task_code, []).append(r)
        by_section.setdefault(r.section_code, []).append(r)

    weights = [w for w, _ in _MECH_TEMPLATES]
    templates = [t for _, t in _MECH_TEMPLATES]
    titles: set[str] = set()
    raw: list[dict] = []
    start, end = _dt.date(2020, 1, 6), _dt.date(2022, 11, 30)
    for r in served:
        for _ in range(quota[r.code]):
            unit = r.lead_unit if rng.random() < 0.72 else rng.choice(["市委办公室", "市政府办公室"])
            if unit not in DOC_PREFIXES:
                unit = "市政府办公室"
            date = random_weekday(rng, start, end)
            for attempt in range(200):
                tpl = rng.choices(templates, weights)[0]
                title = tpl.format(t=r.topic, d=rng.choice(MECH_DOCTYPES), u=full_unit_name(unit),
                                   y=date.year)
                if title not in titles:
                    break
            else:  # pragma: no cover - the phrase lists are large enough
                raise RuntimeError(f"cannot make a distinct mechanism title for {r.code}")
            titles.add(title)
            reqs = [r.code]
            roll = rng.random()
            same_task = [x.code for x in by_task[r.task_code] if x.code != r.code]
            if roll < 0.32 and same_task:
                reqs.append(rng.choice(same_task))
            elif roll < 0.40:
                others = [x.code for x in by_section[r.section_code] if x.code != r.code]
                reqs += rng.sample(others, min(2, len(others)))
            raw.append(dict(title=title, unit=unit, date=date, reqs=tuple(reqs),
                            prefix=rng.choice(DOC_PREFIXES[unit])))

    # 文号: numbers rise with the date within each (代字, year) series, with gaps
    numbers: dict[int, int] = {}
    series: dict[tuple[str, int], list[int]] = {}
    for i, m in enumerate(raw):
        series.setdefault((m["prefix"], m["date"].year), []).append(i)
    for key in sorted(series):
        n = 0
        for i in sorted(series[key], key=lambda j: (raw[j]["date"], j)):
            n += rng.randint(1, 9)
            numbers[i] = n

    out = []
    for i, m in enumerate(raw):
        year = m["date"].year
        out.append(Mechanism(
            code=f"JZ-{i + 1:03d}", title=m["title"], unit=m["unit"],
            doc_number=format_doc_number(m["prefix"], year, numbers[i]), prefix=m["prefix"],
            year=year, number=numbers[i], date=m["date"].strftime("%Y%m%d"),
            requirements=m["reqs"]))
    return out


# --------------------------------------------------------------------------------------------
# catalogue.xlsx
# --------------------------------------------------------------------------------------------

FIXED_TIME = _dt.datetime(2023, 1, 1, 9, 0, 0)

README_LINES = [
    "湘潭市市域社会治理现代化试点工作指引（演示数据）",
    "本工作簿由 Evidence Archive Compiler 生成，供演示和测试使用，内容为虚构。",
    "“任务要求”：每行一项具体要求；多个责任单位以“、”分隔。",
    "“制度机制”：每行一项制度机制；成文日期为8位数字（YYYYMMDD）；对应要求为要求编号，以“、”分隔。",
    "“单位”：牵头单位与责任单位及其分管市领导。",
    "规模：5个板块、63项重点任务、191项具体要求、712项制度机制、38个牵头单位、72个责任单位、23名分管市领导。",
]


def write_catalogue_xlsx(cat: Catalogue, path: Path) -> None:
    """Write the catalogue workbook in the importer's format, byte-identical on every run."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "说明"
    ws.append(["说明"])
    for line in README_LINES:
        ws.append([line])
    ws.column_dimensions["A"].width = 110

    section_name = {s.code: s.name for s in cat.sections}
    task_title = {t.code: t.title for t in cat.tasks}
    ws = wb.create_sheet("任务要求")
    ws.append(["板块编号", "板块名称", "任务编号", "重点任务", "要求编号", "具体要求", "牵头单位",
               "责任单位", "分管市领导"])
    for r in cat.requirements:
        ws.append([r.section_code, section_name[r.section_code], r.task_code,
                   task_title[r.task_code], r.code, r.text, r.lead_unit,
                   "、".join(r.responsible_units), r.leader])
    for col, width in zip("ABCDEFGHI", (9, 22, 9, 30, 9, 60, 22, 50, 11)):
        ws.column_dimensions[col].width = width

    ws = wb.create_sheet("制度机制")
    ws.append(["机制编号", "制度机制名称", "制定单位", "文号", "成文日期", "对应要求"])
    for m in cat.mechanisms:
        ws.append([m.code, m.title, m.unit, m.doc_number, m.date, "、".join(m.requirements)])
    for col, width in zip("ABCDEF", (10, 60, 22, 22, 11, 20)):
        ws.column_dimensions[col].width = width

    ws = wb.create_sheet("单位")
    ws.append(["单位名称", "类别", "分管市领导"])
    for u in cat.units:
        ws.append([u.name, u.kind, u.leader])
    for col, width in zip("ABC", (24, 10, 12)):
        ws.column_dimensions[col].width = width

    bold = Font(bold=True)
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = bold
        # codes and dates are text, never numbers ("3.10" must not become 3.1)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
        sheet.freeze_panes = "A2"
    wb.properties.creator = "Evidence Archive Compiler"
    wb.properties.title = "湘潭市市域社会治理现代化试点工作指引（演示）"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    data = normalize_ooxml_zip(buf.getvalue(), modified=FIXED_TIME)
    Path(path).write_bytes(data)
