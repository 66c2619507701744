"""A small catalogue in the real workbook format, for tests; rows can be edited per test."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from evidence_app.archive.catalogue import (MECHANISM_COLUMNS, REQUIREMENT_COLUMNS,
                                            SHEET_MECHANISMS, SHEET_REQUIREMENTS, SHEET_UNITS,
                                            UNIT_COLUMNS)

REQUIREMENTS = [
    ["1", "完善市域社会治理体制", "1.1", "健全党委领导体制", "1.1.1",
     "成立党委主要负责同志任组长的试点工作领导小组", "市委政法委", "市委办、市政府办", "李建国"],
    ["1", "完善市域社会治理体制", "1.1", "健全党委领导体制", "1.1.2",
     "建立试点工作定期调度机制", "市委政法委", "市委办", "李建国"],
    ["1", "完善市域社会治理体制", "1.2", "健全政府负责体制", "1.2.1",
     "将市域社会治理纳入国民经济和社会发展规划", "市发展改革委", "市财政局", "王喆"],
    ["3", "发挥五治作用", "3.2", "法治保障", "3.2.1", "建立健全矛盾纠纷多元化解机制",
     "市司法局", "市中级人民法院、市信访局", "王喆"],
    ["3", "发挥五治作用", "3.2", "法治保障", "3.2.2", "建设公共法律服务平台",
     "市司法局", "雨湖区人民政府", "王喆"],
    ["3", "发挥五治作用", "3.5", "智治支撑", "3.5.1", "推进雪亮工程视频联网",
     "市公安局", "市大数据中心、岳塘区人民政府", "赵燊"],
]
MECHANISMS = [
    ["JZ-001", "湘潭市试点工作领导小组工作规则", "市委政法委", "潭办发〔2020〕3号", "20200315",
     "1.1.1"],
    ["JZ-002", "湘潭市矛盾纠纷多元化解工作办法（试行）", "市司法局", "潭政办发[2021]12号",
     "2021年3月12日", "3.2.1、3.2.2"],
    ["JZ-003", "湘潭市公共视频资源共享管理办法", "市公安局", "潭公发（2021）7号", "20210601",
     "3.5.1"],
    ["JZ-004", "湘潭市试点工作调度制度", "市委政法委", "", "", "1.1.2"],
]
UNITS = [
    ["市委政法委", "牵头单位", "李建国"],
    ["市司法局", "牵头单位", "王喆"],
    ["市公安局", "牵头单位", "赵燊"],
    ["市发展改革委", "牵头单位", "王喆"],
    ["市委办", "责任单位", ""],
    ["市政府办", "责任单位", ""],
    ["市财政局", "责任单位", ""],
    ["市中级人民法院", "责任单位", ""],
    ["市信访局", "责任单位", ""],
    ["雨湖区人民政府", "责任单位", ""],
    ["市大数据中心", "责任单位", ""],
    ["岳塘区人民政府", "责任单位", ""],
]


def write_sample_catalogue(path: Path, requirements=None, mechanisms=None, units=None) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["测试目录"])
    for title, header, rows in ((SHEET_REQUIREMENTS, REQUIREMENT_COLUMNS,
                                 REQUIREMENTS if requirements is None else requirements),
                                (SHEET_MECHANISMS, MECHANISM_COLUMNS,
                                 MECHANISMS if mechanisms is None else mechanisms),
                                (SHEET_UNITS, UNIT_COLUMNS, UNITS if units is None else units)):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
