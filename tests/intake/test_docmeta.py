"""Recognising 文号, dates, 密级, titles and codes in text and file names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence_app.intake.docmeta import (
    find_classification,
    find_date,
    fields_from_text,
    find_doc_number,
    guess_title,
    made_up_title,
    normalize_doc_number,
    parse_date,
    requirement_codes_in_path,
    split_codes,
    workbook_title,
)

CANON = "潭政办发〔2021〕12号"


@pytest.mark.parametrize("typed", [
    "潭政办发〔2021〕12号",
    "潭政办发[2021]12号",
    "潭政办发(2021)12号",
    "潭政办发（2021）12号",
    "潭政办发【2021】12号",
    "潭政办发［2021］12号",
    "潭政办发﹝2021﹞12号",
    "潭政办发 〔 2021 〕 12 号",
    "  潭政办发〔2021〕12号\n",
    "潭政办发〔2021〕012号",
    "潭政办发〔2021〕第12号",
    "潭政办发（２０２１）第１２号",
    "潭政办发〔２０２１〕１２号",
])
def test_normalize_doc_number_accepts_every_bracket_form(typed):
    assert normalize_doc_number(typed) == CANON


@pytest.mark.parametrize("bad", [
    "", "潭政办发", "潭政办发〔21〕12号", "潭政办发〔2021〕0号", "〔2021〕12号", "潭政办发〔2021〕12",
    "abc[2021]12号", "潭政办发〔2021〕12号 关于", "潭政办发〔1821〕12号",
])
def test_normalize_doc_number_rejects(bad):
    assert normalize_doc_number(bad) is None


def test_normalize_doc_number_keeps_single_digit_and_long_codes():
    assert normalize_doc_number("国发〔2019〕1号") == "国发〔2019〕1号"
    assert normalize_doc_number("中共潭州市委办公室[2020]1234号") == "中共潭州市委办公室〔2020〕1234号"


@pytest.mark.parametrize("text, expected", [
    ("潭州市人民政府办公室文件\n潭政办发〔2021〕12号\n关于…的通知", CANON),
    ("现将潭政办发[2021]12号文件转发给你们", CANON),
    ("根据《关于加强网格化管理的通知》（湘政办发（2020）3号）精神", "湘政办发〔2020〕3号"),
    ("01_潭政办发【2021】012号_关于加强网格化管理的通知.pdf", CANON),
    ("关于加强网格化管理的通知潭政办发〔2021〕12号.pdf", CANON),
    ("第一个 潭综治委〔2019〕5号 第二个 潭政发〔2020〕6号", "潭综治委〔2019〕5号"),
    ("没有文号的会议纪要", None),
    ("2021年5月 网格员入户走访.jpg", None),
])
def test_find_doc_number(text, expected):
    assert find_doc_number(text) == expected


@pytest.mark.parametrize("written, expected", [
    ("2021年3月12日", "20210312"),
    ("2021年03月12日", "20210312"),
    ("2021 年 3 月 12 日", "20210312"),
    ("２０２１年３月１２日", "20210312"),
    ("2021.03.12", "20210312"),
    ("2021.3.12", "20210312"),
    ("2021-3-12", "20210312"),
    ("2021/3/12", "20210312"),
    ("20210312", "20210312"),
    ("二〇二一年三月十二日", "20210312"),
    ("二〇一九年十月三十日", "20191030"),
    ("二零二一年十二月二十一日", "20211221"),
    ("二〇二〇年二月二十九日", "20200229"),
    ("二〇二一年十月一日", "20211001"),
    ("二〇二一年一月三十一日", "20210131"),
    ("2020年2月29日", "20200229"),
])
def test_parse_date_accepts(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize("bad", [
    "2021年2月29日", "2021年13月1日", "2021年4月31日", "2021-00-10", "20211301", "20210230",
    "二〇二一年十三月一日", "二〇二一年二月三十日", "二〇二一年三月四十日", "2021年5月", "2021",
    "1800年1月1日", "二〇二一年三月十二", "明天", "", "2021.3.12.5", "12/03/2021",
])
def test_parse_date_rejects_invalid(bad):
    assert parse_date(bad) is None


def test_find_date_prefers_signing_date_at_end_of_first_page():
    text = ("关于召开网格化工作会议的通知\n各单位：\n定于2021年3月20日召开会议，请于2021年3月15日前报名。\n"
            "潭州市人民政府办公室\n2021年3月12日\n")
    assert find_date(text) == "20210312"


def test_find_date_prefers_a_date_alone_on_its_line():
    text = "潭州市综治办\n二〇一九年十月三十日\n（此件于2019年11月1日起施行）"
    assert find_date(text) == "20191030"


def test_find_date_falls_back_to_first_date_beyond_first_page():
    text = "无日期" * 1600 + "\n会议于2021年6月1日召开，2021年6月2日结束。"
    assert find_date(text) == "20210601"


@pytest.mark.parametrize("name, expected", [
    ("2021年5月 网格员入户走访", None),
    ("20210312_网格化会议纪要.pdf", "20210312"),
    ("网格化会议纪要2021.3.12.docx", "20210312"),
    ("联系电话 0731-12345678", None),
    ("身份证号 430102199001011234", None),
])
def test_find_date_in_file_names(name, expected):
    assert find_date(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("000123\n秘密★1年\n特急\n潭州市人民政府文件", "秘密"),
    ("机密★长期\n潭州市人民政府文件", "机密"),
    ("绝密\n关于…的通知", "绝密"),
    ("  机密  \n潭政办发〔2021〕12号", "机密"),
    ("000123 秘密★6个月 关于做好防汛工作的通知", "秘密"),
    ("秘 密★1年\n", "秘密"),
])
def test_find_classification(text, expected):
    assert find_classification(text) == expected


@pytest.mark.parametrize("text", [
    "各单位要做好保守秘密工作，严防泄密。",
    "关于加强保守秘密工作的通知\n各单位：",
    "国家秘密\n",
    "一、秘密文件管理\n",
    "x" * 250 + "\n秘密★1年\n",   # beyond the header area
    "",
])
def test_find_classification_ignores_ordinary_words(text):
    assert find_classification(text) is None


OFFICIAL = (
    "潭州市人民政府办公室文件\n"
    "潭政办发〔2021〕12号\n"
    "关于印发《潭州市婚恋家庭矛盾纠纷排查化解\n"
    "工作办法（试行）》的通知\n"
    "各区县人民政府，市直各单位：\n"
    "现将《潭州市婚恋家庭矛盾纠纷排查化解工作办法（试行）》印发给你们，请认真贯彻执行。\n"
    "潭州市人民政府办公室\n2021年3月12日\n"
)


def test_guess_title_joins_wrapped_official_title():
    assert guess_title(OFFICIAL, "scan001.pdf") == \
        "关于印发《潭州市婚恋家庭矛盾纠纷排查化解工作办法（试行）》的通知"


def test_guess_title_single_line_and_letter_spaced():
    assert guess_title("机密\n关 于 加 强 网 格 化 管 理 的 意 见\n各单位：", "a.pdf") == "关于加强网格化管理的意见"


def test_guess_title_with_issuer_prefix():
    text = "中共潭州市委政法委员会关于开展矛盾纠纷大排查的通知\n各区县政法委："
    assert guess_title(text, "x.pdf") == text.splitlines()[0]


def test_guess_title_ignores_body_sentence_mentioning_guan_yu():
    text = "网格化服务管理工作会议纪要\n根据《关于加强网格化管理的通知》要求，会议研究了有关事项。"
    assert guess_title(text, "x.docx") == "网格化服务管理工作会议纪要"


def test_guess_title_first_heading_skips_banner_number_and_dates():
    text = "潭州市综治办文件\n潭综治办〔2021〕3号\n2021年3月12日\n一、基本情况\n网格员入户走访情况汇总\n"
    assert guess_title(text, "x.docx") == "网格员入户走访情况汇总"


def test_guess_title_joins_a_last_line_of_one_character():
    text = "湘潭市公安局文件\n潭公发〔2020〕2号\n关于2020年上半年禁毒人民战争工作的报\n告\n市平安建设领导小组："
    assert guess_title(text, "scan.pdf") == "关于2020年上半年禁毒人民战争工作的报告"
    assert guess_title("社区网格工作要\n点\n各单位：", "x.pdf") == "社区网格工作要点"


def test_guess_title_takes_the_file_names_title_when_the_pages_lost_its_wrapped_end():
    # the reader dropped the wrapped "告": the heading stops short, the file name has it all
    text = "湘潭市公安局文件\n潭公发〔2020〕2号\n关于2020年上半年禁毒人民战争工作的报\n市平安建设领导小组："
    assert guess_title(text, "潭公发〔2020〕2号 关于2020年上半年禁毒人民战争工作的报告.pdf") == \
        "关于2020年上半年禁毒人民战争工作的报告"
    # a file name that is not the heading's completion changes nothing
    assert guess_title(text, "禁毒工作的通知.pdf") == "关于2020年上半年禁毒人民战争工作的报"
    assert guess_title("网格化服务管理工作会议纪要\n各单位：", "网格化服务管理工作会议纪要（修订稿）.docx") \
        == "网格化服务管理工作会议纪要"


@pytest.mark.parametrize("name, expected", [
    ("01_潭政办发〔2021〕12号_关于加强网格化管理的通知.pdf", "关于加强网格化管理的通知"),
    ("关于加强网格化管理的通知（潭政办发[2021]12号）.pdf", "关于加强网格化管理的通知"),
    ("20210312 网格化会议纪要.docx", "网格化会议纪要"),
    ("2021年工作总结.docx", "2021年工作总结"),
    ("2021年5月 网格员入户走访.jpg", "2021年5月 网格员入户走访"),
    ("3.2.1矛盾纠纷台账.xlsx", "矛盾纠纷台账"),
    ("（三）调解记录.doc", "调解记录"),
    ("二、调解记录.doc", "调解记录"),
    ("一网通办工作方案.docx", "一网通办工作方案"),
    ("C:\\data\\照片\\IMG_0001.JPG", "IMG 0001"),
    ("潭政办发〔2021〕12号.pdf", "潭政办发〔2021〕12号"),
])
def test_guess_title_from_file_name(name, expected):
    assert guess_title("", name) == expected


def test_split_codes():
    assert split_codes("3.2.1、3.2.2,1.1；4") == ["3.2.1", "3.2.2", "1.1", "4"]
    assert split_codes(" 1.1 ，1.2;1.3\t1.4  ") == ["1.1", "1.2", "1.3", "1.4"]
    assert split_codes("") == []
    assert split_codes("、、") == []


@pytest.mark.parametrize("path, expected", [
    ("3 五治/3.2 法治保障/3.2.1矛盾纠纷/会议纪要.pdf", ["3", "3.2", "3.2.1"]),
    ("3.2 矛盾纠纷多元化解/", ["3.2"]),
    ("3.2.1、矛盾纠纷\\2021年\\12月\\纪要.pdf", ["3.2.1"]),
    ("JZ-001 婚恋家庭矛盾纠纷办法/原件.pdf", ["JZ-001"]),
    ("2021年/2021/照片/1.jpg", []),
    ("104 政务公开/材料.pdf", ["104"]),
    ("01 会议记录/材料.pdf", []),
    ("3.2/3.2/x.pdf", ["3.2"]),
    ("3.2.1.pdf", []),          # the file's own name is not a folder
    ("", []),
])
def test_requirement_codes_in_path(path, expected):
    assert requirement_codes_in_path(path) == expected


# Property tests: any string gives a value or None, never an exception.

ANY_TEXT = st.text(alphabet=st.one_of(
    st.characters(),
    st.sampled_from(list("〔〕[]()（）【】第号年月日〇零一二三四五六七八九十0123456789０１２.-/秘密机★\n 关于的通知")),
), max_size=200)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_functions_never_raise(text):
    for value in (normalize_doc_number(text), find_doc_number(text), parse_date(text),
                  find_date(text), find_classification(text)):
        assert value is None or isinstance(value, str)
    assert isinstance(guess_title(text, text), str)
    assert all(v is None or isinstance(v, str) for v in fields_from_text([text, text]).values())
    assert all(isinstance(c, str) and c for c in split_codes(text))
    assert all(isinstance(c, str) for c in requirement_codes_in_path(text))


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_found_doc_numbers_are_canonical(text):
    found = find_doc_number(text)
    if found is not None:
        assert normalize_doc_number(found) == found
        assert "〔" in found and found.endswith("号")


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=__import__("datetime").date(1900, 1, 1),
                max_value=__import__("datetime").date(2100, 12, 31)))
def test_every_real_date_round_trips(day):
    expected = day.strftime("%Y%m%d")
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == expected
    assert parse_date(day.isoformat()) == expected
    assert parse_date(expected) == expected
    digits = "〇一二三四五六七八九"
    year = "".join(digits[int(c)] for c in str(day.year))

    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")

    assert parse_date(f"{year}年{small(day.month)}月{small(day.day)}日") == expected


def test_a_centred_title_wrapped_over_two_lines_is_joined():
    page = ("湘潭市人民政府办公室文件\n潭政办函〔2021〕47号\n湘潭市全面深化改革重点任务三年行动计\n"
            "划（试行）\n各区县（市）党委和人民政府，市直有关单位：\n各区县要结合实际制定方案。")
    assert guess_title(page, "x.pdf") == "湘潭市全面深化改革重点任务三年行动计划（试行）"
    short = "湘潭市人民政府办公室文件\n潭政办函〔2021〕47号\n湘潭市社会治理实施方案\n各区县要结合实际。"
    assert guess_title(short, "x.pdf") == "湘潭市社会治理实施方案"
    body_follows = ("中共湘潭市委办公室文件\n潭办发〔2020〕89号\n湘潭市试点工作领导小组实施细则（试行）\n"
                    "为扎实推进试点工作领导小组工作，根据有关法律法规和\n政策规定。")
    assert guess_title(body_follows, "x.pdf") == "湘潭市试点工作领导小组实施细则（试行）"


def test_issuer_from_banner_or_signature_never_from_body():
    from evidence_app.intake.docmeta import find_issuer

    assert find_issuer("中共湘潭市委办公室文件\n潭办发〔2020〕89号\n关于…的通知") == "中共湘潭市委办公室"
    assert find_issuer("中共湘潭市委政法委员会会议纪要\n第12期") == "中共湘潭市委政法委员会"
    assert find_issuer("关于做好网格化工作的通知\n各区县：\n正文。\n湘潭市司法局\n2021年3月12日") \
        == "湘潭市司法局"
    assert find_issuer("工作总结\n今年以来，我们坚持问题导向。\n2021年3月12日") is None
    assert find_issuer("") is None and find_issuer(None) is None


def test_a_meeting_s_own_title_is_not_taken_for_its_issuer():
    from evidence_app.intake.docmeta import find_issuer

    minutes = "2021年第7次安全生产责任制工作推进会会议纪要\n一、会议议定事项\n会议强调……"
    assert find_issuer(minutes) is None
    assert find_issuer("湘潭市第三次党代会筹备工作领导小组会议纪要\n正文") is None
    assert find_issuer("中共湘潭市委政法委员会会议纪要\n第12期") == "中共湘潭市委政法委员会"


def test_a_labelled_date_outranks_the_dates_of_table_rows():
    from evidence_app.intake.docmeta import find_labelled_date

    ledger = ("矛盾纠纷排查化解工作台账（2022年5月）\n填报单位：湘潭军分区　填报日期：2022年5月24日\n"
              "序号\t日期\t事项\n1\t2022-03-21\t违章搭建投诉\n2\t2022-03-30\t房屋租赁纠纷")
    assert find_date(ledger) == "20220524"
    assert find_labelled_date(ledger) == "20220524"
    assert find_labelled_date("序号\t日期\n1\t2022-03-21\t投诉") is None


def test_the_sign_off_is_read_from_the_last_page_of_a_longer_document():
    from evidence_app.intake.docmeta import closing_text, find_issuer

    pages = ["关于推进网格化服务管理的实施意见\n各区县：\n为贯彻……" + "正文" * 400,
             "……确保各项任务落到实处。\n\n湘潭市司法局\n2021年3月12日"]
    assert find_issuer(pages[0]) is None and find_date(pages[0]) is None
    assert find_issuer(closing_text(pages)) == "湘潭市司法局"
    assert find_date(closing_text(pages)) == "20210312"
    assert closing_text(pages[:1]) == ""        # one page: its first page already is its end


def test_fields_from_text_reads_a_scanned_official_document_s_head_and_sign_off():
    pages = ["湘潭市司法局文件\n潭司发〔2021〕7号\n关于推进网格化服务管理的实施意见\n各区县：\n"
             + "正文" * 400, "……落到实处。\n\n湘潭市司法局\n2021年3月12日"]
    assert fields_from_text(pages) == {"title": "关于推进网格化服务管理的实施意见",
                                       "doc_number": "潭司发〔2021〕7号",
                                       "issuer": "湘潭市司法局", "date": "20210312"}
    # a photo with no words: nothing, and no title made up from anything
    assert fields_from_text([""]) == {"title": None, "doc_number": None, "issuer": None,
                                      "date": None}


@pytest.mark.parametrize("sheet, title", [
    ("2021年矛盾纠纷排查化解台账\n序号\t日期\t事项", "2021年矛盾纠纷排查化解台账"),
    ("\t\t市 直 单 位 汇 总 表\n序号\t单位", "市直单位汇总表"),      # centred over merged cells
    ("序号\t单位\t月份\t受理数（件）\n1\t雨湖区\t3\t12", None),     # a header row
    ("序号单位月份受理数（件）办结数（件）办结率\n1", None),          # one run together
    ("填报单位：市司法局\n序号\t单位", None),                          # a label, not a title
    ("2021\n序号\t单位", None),
    ("", None),
])
def test_a_workbook_title_is_its_title_line_never_its_header(sheet, title):
    assert workbook_title(sheet) == title


@pytest.mark.parametrize("folders, kind, date, title", [
    (["2023年网格员培训"], "image", "20230512", "2023年网格员培训照片（2023年5月12日）"),
    (["100CANON", "DCIM", "2023年网格员培训"], "image", None, "2023年网格员培训照片"),
    (["培训照片"], "image", None, "培训照片"),
    (["3.2.1 矛盾纠纷排查"], "pdf", None, "矛盾纠纷排查扫描件"),
    (["新建文件夹"], "docx", "20230102", "文件材料（2023年1月2日）"),
    ([], "image", None, "照片"),
])
def test_a_camera_named_file_is_titled_from_its_folder_kind_and_date(folders, kind, date,
                                                                      title):
    assert made_up_title(folders, kind, date) == title
