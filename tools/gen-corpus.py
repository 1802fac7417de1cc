#!/usr/bin/env python3
"""Generate a synthetic corpus of Chinese government notices for Bulletin's content tool.

    python3 tools/gen-corpus.py --count N --out DIR [--seed S] [--force] [--no-bare-dates] [--quiet]
    python3 tools/gen-corpus.py --list-sources

Writes DIR/site.toml and one Markdown file per notice, DIR/<channel-id>/<id>.md, with TOML
(`+++`, about 80 %) or YAML (`---`, about 20 %) front matter: the input format of `bulletin build`.
The same --count and --seed always give byte-identical files (Python 3.11 stdlib only).

Where the text comes from:
  * every string of the sample notices — public/data/notices/*.json (the data contract's JSON) or,
    where that folder is gone, the same notices as Markdown in content/<channel>/*.md (front matter
    values, and body lines without their Markdown syntax) — and the lines of
    tests/fixtures/reference-notice.txt are split into sentences at 。！？； and recombined (years
    shifted to the notice's year);
  * titles come from templates filled with realistic terms (关于…的通知, 浙江省通信管理局召开…会议,
    …工作动态, 关于印发《…》的通知, 《…》政策解读 …), per channel and per theme;
  * a few templated sentences add figures with Latin tokens (5G, 5G-A, IPv6, EFLOPS, FTTR, APP …);
  * keywords come from a per-theme vocabulary, so notices on the same theme share keywords.

Shape of the corpus:
  * channels weighted: gzdt 工作动态 42 %, tzgg 通知公告 25 %, zcwj 政策文件 15 %, rsxx 人事信息 10 %,
    zcjd 政策解读 8 %;
  * dates from 2019-01-01 to 2026-03-31 (more in later years, mostly working hours), every notice in
    its own minute; `date` is RFC 3339 with +08:00 (~80 %) or `YYYY-MM-DD HH:MM`;
  * 政策文件 carry 文号 浙通管〔YYYY〕N号, 索引号 002482001/YYYY-0000N, 成文日期, 主题分类; some 通知公告 carry
    a 文号 too (浙通管〔…〕 or 浙通管函〔…〕). When the corpus has at least two such notices in 2026,
    浙通管〔2026〕21号 and 浙通管〔2026〕121号 both exist (handy for search tests: 21号 must not match 121号
    or 浙通管函〔2026〕21号); other notices cite earlier 文号 in their text (根据《…》（浙通管〔2026〕21号）…),
    those two more often than the rest;
  * bodies of 3–15 blocks and 300–4000 characters (log-normal, median ~890, long tail): paragraphs,
    `##`/`###` headings, ordered and unordered lists, occasional GFM tables, links to https URLs,
    **bold**; ~15 % of files leave out `id` (default: the file stem), ~0.3 % are drafts;
  * ids are <year>-<theme>-<number>, numbered in date order (2026-anti-fraud-094935).

Speed: 100,000 notices (330 MB) in 20–35 s on a 2-CPU machine; memory under 100 MB.

Options:
  --count N        number of notices (1 … 800000)
  --out DIR        output folder; it must be empty or absent unless --force is given
  --seed S         random seed (default 2026)
  --force          write into a non-empty DIR: first deletes DIR/site.toml and the *.md files of
                   the channel folders (nothing else)
  --no-bare-dates  never write `date` as a bare TOML datetime (by default ~8 % of the TOML files
                   write `date = 2026-02-12T17:29:00+08:00` unquoted, as Hugo users do)
  --quiet          no summary on stderr
  --list-sources   print the sample files the sentences come from (one path a line), and exit
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import math
import random
import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "public" / "data" / "notices"  # the sample notices as data-contract JSON …
CONTENT_DIR = ROOT / "content"  # … or, once the content tool builds them, as Markdown notices
REFERENCE = ROOT / "tests" / "fixtures" / "reference-notice.txt"

START = dt.date(2019, 1, 1)
END = dt.date(2026, 3, 31)
MAX_COUNT = 800_000
MAX_CHARS = 4000
MIN_CHARS = 300

# ---------------------------------------------------------------------------------------------
# Site

SITE_NAME = "浙江省通信管理局"
CHANNELS = [  # (id, name, weight)
    ("gzdt", "工作动态", 42),
    ("tzgg", "通知公告", 25),
    ("zcwj", "政策文件", 15),
    ("rsxx", "人事信息", 10),
    ("zcjd", "政策解读", 8),
]

SITE_TOML = """\
name = "浙江省通信管理局"
description = "浙江省通信管理局门户网站，及时发布全省信息通信行业工作动态、通知公告、政策文件、政策解读和人事信息。"
lang = "zh-CN"
base_url = "https://www.example.gov.cn/"
timezone = "+08:00"
page_size = 10
{channels}
[footer]
organizer = "浙江省通信管理局"
icp = "浙ICP备05000000号"
site_code = "BM0000000000"
contact = "地址：杭州市西湖区文三路398号  邮编：310013  电话：0571-88000000"
"""

CITIES = ["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市"]
DEPTS = ["综合处", "政策法规处", "信息通信发展处", "信息通信管理处", "网络安全管理处", "市场管理处", "人事教育处", "机关党委"]

# ---------------------------------------------------------------------------------------------
# Themes: title terms, keywords, and trigger words that assign sample sentences to a theme.

THEMES = [
    dict(
        slug="anti-fraud",
        goals=["深入贯彻落实《中华人民共和国反电信网络诈骗法》，持续提升行业涉诈风险防控能力", "切实维护人民群众财产安全，坚决遏制电信网络诈骗高发势头"], weight=10, dept="网络安全管理处",
        triggers=["诈骗", "反诈", "实名", "涉诈", "一证通查"],
        keywords=["反诈", "电信网络诈骗", "实名登记", "涉诈风险", "物联网卡", "断卡行动", "一证通查", "用户权益"],
        subjects=["信息通信行业防范治理电信网络诈骗", "电话用户真实身份信息登记管理", "涉诈高风险电话卡清理整治",
                  "物联网卡安全管理", "反诈宣传进营业厅", "语音专线和互联网账号涉诈风险排查"],
        meetings=["防范治理电信网络诈骗工作推进会", "信息通信行业反诈工作座谈会"],
        policies=["信息通信行业防范治理电信网络诈骗工作实施方案", "电话用户真实身份信息登记管理实施细则",
                  "浙江省物联网卡安全管理办法"],
        events=[],
    ),
    dict(
        slug="network-security",
        goals=["深入贯彻网络强国战略，提升行业网络和数据安全防护水平", "压实网络安全主体责任，筑牢行业网络安全防线"], weight=12, dept="网络安全管理处",
        triggers=["网络安全", "数据安全", "安全防护", "关键信息基础设施", "攻防", "个人信息"],
        keywords=["网络安全", "数据安全", "关键信息基础设施", "安全检查", "网络安全宣传周", "技能竞赛", "个人信息保护", "应急演练"],
        subjects=["信息通信行业网络安全检查", "网络和数据安全防护", "关键信息基础设施安全保护", "国家网络安全宣传周",
                  "APP违规收集使用个人信息专项整治", "网络安全应急演练", "数据安全风险评估"],
        meetings=["网络和数据安全工作会议", "网络安全宣传周活动部署会"],
        policies=["信息通信行业网络和数据安全管理实施细则", "{Y}年全省信息通信行业网络安全工作要点",
                  "浙江省信息通信行业网络安全事件应急预案"],
        contests=["网络安全技能竞赛", "网络安全攻防演练", "数据安全技能大赛"],
        events=[],
    ),
    dict(
        slug="comm-support",
        goals=["统筹发展和安全，全力保障全省通信网络安全畅通", "切实做好重要时段信息通信保障和安全生产工作"], weight=11, dept="信息通信管理处",
        triggers=["保障", "安全生产", "应急", "假期", "防汛", "台风", "值班", "隐患", "春节"],
        keywords=["通信保障", "应急通信", "安全生产", "节假日", "防汛防台", "重大活动", "隐患排查"],
        subjects=["春节期间信息通信保障和安全生产", "国庆中秋假期信息通信保障", "防汛防台通信保障",
                  "信息通信行业安全生产", "通信建设工程安全生产", "重大活动通信保障", "冬春季安全生产"],
        meetings=["安全生产工作会议", "应急通信保障工作会议", "防汛防台通信保障部署会"],
        policies=["浙江省通信网络运行安全和应急通信保障工作规范", "信息通信行业安全生产治本攻坚三年行动实施方案"],
        events=["世界互联网大会乌镇峰会", "杭州亚运会", "全球数字贸易博览会", "全国两会期间", "高考期间", "台风防御"],
    ),
    dict(
        slug="network-building",
        goals=["加快推进新型信息基础设施建设，夯实数字经济发展底座", "加快“双万兆”网络发展，提升全省网络供给能力"], weight=12, dept="信息通信发展处",
        triggers=["5G", "基站", "千兆", "万兆", "光网", "宽带", "覆盖", "IPv6", "网络建设"],
        keywords=["5G", "双万兆", "网络建设", "千兆光网", "5G-A", "IPv6", "基站建设", "农村网络覆盖", "共建共享"],
        subjects=["“双万兆”网络建设", "5G网络建设", "IPv6规模部署和应用", "千兆光网“追光行动”",
                  "农村和海岛网络覆盖提升", "通信基础设施共建共享", "5G-A网络部署", "城域“毫秒用算”"],
        meetings=["“双万兆”网络建设推进会", "5G网络建设推进会", "IPv6规模部署和应用推进会"],
        policies=["浙江省“双万兆”网络发展行动方案", "浙江省IPv6规模部署和应用推进方案", "浙江省5G-A网络建设行动计划",
                  "浙江省通信基础设施专项规划编制指引"],
        events=[],
    ),
    dict(
        slug="industrial-internet",
        goals=["加快推进新型工业化，推动工业互联网和人工智能融合发展", "助力制造业数字化转型，培育发展新质生产力"], weight=9, dept="信息通信发展处",
        triggers=["工业互联网", "人工智能", "新型工业化", "算力", "数字化转型", "5G工厂", "大模型", "EFLOPS"],
        keywords=["工业互联网", "人工智能", "新型工业化", "算力", "5G工厂", "数字经济", "标识解析", "数字化转型"],
        subjects=["工业互联网和人工智能融合赋能", "5G工厂建设", "算力基础设施高质量发展", "工业互联网标识解析体系建设",
                  "“5G+工业互联网”典型应用推广", "中小企业数字化转型"],
        meetings=["工业互联网和人工智能融合赋能行动推进会", "算力基础设施建设推进会"],
        policies=["浙江省算力基础设施高质量发展行动计划", "工业互联网和人工智能融合赋能行动方案", "浙江省5G工厂建设指南"],
        events=[],
    ),
    dict(
        slug="user-service",
        goals=["深入践行以人民为中心的发展思想，持续提升信息通信服务水平", "切实维护用户合法权益，提升用户获得感和满意度"], weight=11, dept="信息通信管理处",
        triggers=["用户", "申诉", "服务", "资费", "暖心", "适老", "营销", "携号转网"],
        keywords=["用户权益", "暖心服务", "用户申诉", "服务质量", "资费公示", "适老化", "骚扰电话", "携号转网"],
        subjects=["信息通信暖心服务十件实事", "电信服务质量监督检查", "营销电话和短信扰民清理整治", "资费公示“明白办”",
                  "适老化和无障碍服务", "携号转网服务"],
        meetings=["信息通信服务质量提升工作会议", "暖心服务十件实事推进会"],
        policies=["信息通信暖心服务十件实事实施方案", "浙江省电信服务质量监督检查办法"],
        events=[],
    ),
    dict(
        slug="business-environment",
        goals=["持续优化信息通信行业营商环境，激发市场主体活力", "规范电信市场经营秩序，促进行业健康有序发展"], weight=9, dept="市场管理处",
        triggers=["营商环境", "许可", "年报", "信用", "竞争", "市场", "经营"],
        keywords=["营商环境", "电信业务经营许可", "年报", "信用管理", "征求意见", "公平竞争", "告知承诺制", "政策文件"],
        subjects=["电信业务经营许可年报", "电信业务经营许可审批", "行业信用管理", "电信市场秩序整治",
                  "增值电信业务“双随机、一公开”检查", "优化信息通信行业营商环境"],
        meetings=["优化营商环境工作推进会", "电信市场监管工作会议"],
        policies=["进一步优化信息通信行业营商环境若干措施", "电信业务经营许可审批服务指南", "信息通信行业信用管理实施细则"],
        lists=["电信业务经营不良名单", "电信业务经营失信名单", "注销增值电信业务经营许可证企业"],
        events=[],
    ),
    dict(
        slug="party-building",
        goals=["深入推进全面从严治党，加强清廉通信监管建设", "巩固深化党纪学习教育成果，推动机关党建高质量发展"], weight=6, dept="机关党委",
        triggers=["党", "廉", "干部", "政治", "纪律", "作风"],
        keywords=["党建", "全面从严治党", "清廉通信监管", "党风廉政建设", "中央八项规定精神", "模范机关", "作风建设"],
        subjects=["全面从严治党", "党风廉政建设", "清廉通信监管建设", "模范机关建设", "深入贯彻中央八项规定精神学习教育"],
        meetings=["全面从严治党工作会议", "党风廉政建设和反腐败工作会议", "党组理论学习中心组（扩大）学习会"],
        policies=["{Y}年全面从严治党工作要点", "清廉通信监管建设实施方案"],
        events=[],
    ),
    dict(
        slug="work-conference",
        goals=["全面贯彻落实全国信息通信监管工作会议精神，推动行业高质量发展", "高质量谋划和推进全年重点工作"], weight=6, dept="综合处",
        triggers=["工作会议", "十五五", "十四五", "高质量发展", "规划", "现代化"],
        keywords=["工作会议", "信息通信", "十五五", "高质量发展", "信息通信业发展", "统计分析"],
        subjects=["信息通信业发展规划编制", "行业统计分析", "年度重点工作", "信息通信业高质量发展"],
        meetings=["工作会议", "年中工作会议", "重点工作推进会", "规划编制工作推进会"],
        policies=["浙江省信息通信业发展规划", "{Y}年全省信息通信监管工作要点"],
        events=[],
    ),
]
PERSONNEL = len(THEMES)  # theme index of 人事信息 (no sample text)

PERSONNEL_THEME = dict(
    slug="personnel", weight=0, dept="人事教育处", triggers=[],
    keywords=["公务员录用", "公开招聘", "任前公示", "人事信息", "遴选"],
    subjects=[], meetings=[], policies=[], events=[],
)

# 文号 that exist whenever 2026 has two 浙通管 documents, and that later notices cite often (search tests:
# 21号 must not match 121号 or 浙通管函〔2026〕21号).
PINNED_DOCS = ("浙通管〔2026〕21号", "浙通管〔2026〕121号")
PERSONNEL_KEYWORDS = [  # (word in the title, keywords)
    ("任职", ["任前公示", "干部任免", "人事信息"]),
    ("录用", ["公务员录用", "考试录用", "人事信息"]),
    ("招聘", ["公开招聘", "事业单位", "人事信息"]),
    ("遴选", ["公开遴选", "公务员", "人事信息"]),
]
TOPICS = [("工业、交通/信息产业（含电信）", 80), ("综合政务/其他", 10), ("公安、安全、司法/公安", 5), ("科技、教育/科技", 5)]
SOURCES = [("浙江省通信管理局", 80), ("工业和信息化部", 4), ("dept", 9)]
NEWS_SOURCES = SOURCES + [("人民邮电报", 4), ("浙江日报", 3)]

SALUTATIONS_EXTRA = [
    "各基础电信企业浙江分公司，各有关单位：",
    "各市通信发展办公室，各基础电信企业浙江分公司，中国铁塔浙江省分公司：",
    "各增值电信业务经营者：",
    "各有关单位：",
    "各市通信发展办公室，各有关单位：",
]
SECTION_HEADINGS = [  # in the order they appear in a notice
    "总体要求", "工作目标", "工作原则", "检查范围", "检查内容", "征集范围", "重点任务", "主要措施", "实施步骤",
    "工作安排", "时间安排", "报送要求", "评选和推广", "组织领导", "保障措施", "有关要求", "其他事项", "联系方式",
]
LIST_INTROS = ["会议明确了下一阶段重点工作：", "主要做法如下：", "具体包括以下几个方面：", "各单位要重点做好以下工作：",
               "重点开展以下工作：", "会议要求："]
SUB_HEADINGS = [
    "加强组织领导", "压实主体责任", "强化监督检查", "加大宣传力度", "加强协同配合", "做好信息报送", "完善工作机制",
    "提升服务能力", "强化技术保障", "健全应急预案", "严格考核评价", "加强队伍建设",
]
INTERP_HEADINGS = ["起草背景", "制定依据", "主要内容", "主要特点", "适用范围", "实施要求", "下一步工作"]
ANNOUNCE = ["现将有关事项通知如下", "现就有关事项通知如下", "现将有关要求通知如下"]
LINKS = [
    ("工业和信息化部网站", "https://www.miit.gov.cn/"),
    ("中国政府网", "https://www.gov.cn/"),
    ("浙江省人民政府网站", "https://www.zj.gov.cn/"),
    ("浙江政务服务网", "https://www.zjzwfw.gov.cn/"),
    ("电信业务市场综合管理信息系统", "https://tsm.miit.gov.cn/"),
    ("12321网络不良与垃圾信息举报受理中心", "https://www.12321.cn/"),
    ("本局门户网站", "https://www.example.gov.cn/"),
]
LINK_SENTENCES = ["详情请登录{a}查询", "相关材料可在{a}下载", "更多信息请访问{a}", "全文请见{a}发布的有关文件"]
CN_DIGITS = "一二三四五六七八九十"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞斌宇浩凯健俊帆帅旭宁婷琳晨雪颖倩睿博文彬瑶思嘉怡"
SCHOOLS = ["浙江大学", "杭州电子科技大学", "浙江工业大学", "北京邮电大学", "南京邮电大学", "西安电子科技大学", "电子科技大学",
           "宁波大学", "浙江工商大学", "中国计量大学", "华东政法大学", "浙江财经大学"]
POSITIONS = ["一级主任科员及以下（网络安全管理）", "一级主任科员及以下（信息通信管理）", "一级主任科员及以下（综合管理）",
             "一级主任科员及以下（市场监管）", "技术岗（网络运行监测）", "技术岗（数据分析）"]

# 5G base stations in Zhejiang, 万个, at the end of each year (2026 projected).
BS5G = {2018: 0.1, 2019: 1.6, 2020: 6.3, 2021: 10.3, 2022: 16.9, 2023: 22.4, 2024: 27.0, 2025: 30.4, 2026: 31.5}

# ---------------------------------------------------------------------------------------------
# Text pools from the sample notices

CJK_RE = re.compile(r"[\u4e00-\u9fff]")
SPLIT_RE = re.compile(r"(?<=[。！？；])")
ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、是要]|（[一二三四五六七八九十]+）|\d{1,2}[.、．])")
YEAR_RE = re.compile(r"(20[0-3]\d)(?=年)")
MD_UNSAFE_RE = re.compile(r"[*_`\[\]<>\\&|#~]")
DROP_RE = re.compile(r"返回顶部|发布时间|柱状图|\.(?:pdf|csv|docx?|xlsx?)|第.{1,4}条规定|本法所称|^表\d")
AS_OF_RE = re.compile(r"截至(20\d\d)年(?:(\d{1,2})月)?")
BOLD_OK_RE = re.compile(r"^[\u4e00-\u9fff].*[\u4e00-\u9fff]$")
PAIRS = ["“”", "《》", "（）", "()", "「」", "〔〕"]

# sentence stages (order of use in a body)
LEAD, PURPOSE, ANNOUNCE_S, MEET1, MEET2, MEET3, BODY, NEXT, CONTACT, EFFECTIVE, ITEM, INTRO, SALUTE = range(13)


def iter_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from iter_strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from iter_strings(v)


def balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in PAIRS)


def stage_of(core: str, term: str) -> int:
    if term == "：":
        return INTRO
    if re.match(r"^\d{1,2}月", core):
        return LEAD
    if core.endswith("如下") and len(core) <= 30:
        return ANNOUNCE_S
    if core.startswith("为") and len(core) > 30:
        return PURPOSE
    if core.startswith(("会议指出", "会议传达", "会议听取")):
        return MEET1
    if core.startswith("会议强调"):
        return MEET2
    if core.startswith(("会议要求", "会议明确")):
        return MEET3
    if core.startswith("下一步"):
        return NEXT
    if core.startswith("联系人") or "联系电话" in core:
        return CONTACT
    if "自印发之日起" in core:
        return EFFECTIVE
    return BODY


class Pool:
    """Sentences cut from the sample notices, indexed by stage and theme."""

    def __init__(self):
        self.parts: list[list[str]] = []  # text split around years: even = text, odd = year digits
        self.base: list[int] = []  # the publication year of the sample the sentence came from
        self.term: list[str] = []
        self.length: list[int] = []
        self.by_stage: dict[int, list[int]] = {}
        self.by_theme_stage: dict[tuple[int, int], list[int]] = {}
        self.items: list[int] = []  # good list items (came from `；` lists, or short)
        self.items_by_theme: dict[int, list[int]] = {}
        self.headings: list[str] = []
        self.cache: dict[int, str] = {}
        self.as_of: set[int] = set()  # sentences with 截至<year>年…

    def add(self, core: str, term: str, base: int, stage: int, from_list: bool):
        i = len(self.parts)
        self.parts.append(YEAR_RE.split(core))
        self.base.append(base)
        self.term.append(term)
        self.length.append(len(core) + 1)
        if AS_OF_RE.search(core):
            self.as_of.add(i)
        self.by_stage.setdefault(stage, []).append(i)
        themes = [t for t, th in enumerate(THEMES) if any(w in core for w in th["triggers"])]
        for t in themes:
            self.by_theme_stage.setdefault((t, stage), []).append(i)
        if stage in (BODY, ITEM) and (from_list or len(core) <= 60):
            self.items.append(i)
            for t in themes:
                self.items_by_theme.setdefault(t, []).append(i)

    def core(self, i: int, year: int) -> str:
        """Sentence i without its final mark, its years shifted to `year`'s frame."""
        key = i * 4096 + year
        s = self.cache.get(key)
        if s is None:
            parts = self.parts[i]
            delta = year - self.base[i]
            if len(parts) > 1 and delta:
                parts = [p if k % 2 == 0 else str(int(p) + delta) for k, p in enumerate(parts)]
            s = "".join(parts)
            if year <= 2025 and "十五五" in s:
                s = s.replace("十五五", "十四五" if year >= 2020 else "十三五")
            self.cache[key] = s
        return s


def sample_sources() -> list[Path]:
    """The files the sentences come from: public/data/notices/*.json when there are any, else the
    Markdown notices content/<channel>/**/*.md; and tests/fixtures/reference-notice.txt."""
    files = sorted(SAMPLE_DIR.glob("*.json"))
    if not files:
        files = sorted(p for p in CONTENT_DIR.glob("*/**/*.md") if not any(
            part.startswith((".", "_")) for part in p.relative_to(CONTENT_DIR).parts))
    if not files or not REFERENCE.is_file():
        sys.exit(f"gen-corpus: sample text not found ({SAMPLE_DIR}/*.json or {CONTENT_DIR}/*/*.md, and {REFERENCE})")
    return files + [REFERENCE]


MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\(\s*\S*?(?:\s+\"([^\"]*)\")?\s*\)")  # [text](url) and ![alt](src "title")
MD_LINE_START_RE = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|(?:\d{1,9}[.)]|[-*+])\s+|Table:\s*)+")
MD_TABLE_RULE_RE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")


def markdown_strings(path: Path) -> tuple[list[str], int]:
    """The text strings of a Markdown notice (front matter values, and its body lines without the
    Markdown syntax), and the year of its date."""
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    lines = text.split("\n")
    strings: list[str] = []
    year = 2026
    body_from = 0
    if lines and lines[0].strip() in ("+++", "---"):
        fence = lines[0].strip()
        end = next((k for k in range(1, len(lines)) if lines[k].strip() == fence), None)
        if end is not None:
            block = "\n".join(lines[1:end])
            body_from = end + 1
            if fence == "+++":
                try:
                    matter = tomllib.loads(block)
                except tomllib.TOMLDecodeError:
                    matter = {}
                strings.extend(iter_strings(matter))
                date = matter.get("date")
                year = date.year if isinstance(date, (dt.date, dt.datetime)) else year
                if isinstance(date, str) and date[:4].isdigit():
                    year = int(date[:4])
            else:  # YAML: only its scalar strings matter here
                for line in block.split("\n"):
                    value = re.sub(r"^\s*(?:-\s+)?(?:[A-Za-z_][\w-]*:\s*)?", "", line).strip()
                    items = value[1:-1].split(",") if value.startswith("[") and value.endswith("]") else [value]
                    for item in items:
                        item = item.strip().strip("\"'")
                        if item:
                            strings.append(item)
                    m = re.match(r"^date:\s*[\"']?(\d{4})-", line)
                    if m:
                        year = int(m.group(1))
    for line in lines[body_from:]:
        if MD_TABLE_RULE_RE.match(line) and "-" in line:
            continue
        line = MD_LINE_START_RE.sub("", line)
        line = MD_LINK_RE.sub(lambda m: m.group(1) + (f"|{m.group(2)}" if m.group(2) else ""), line)
        line = line.replace("**", "").replace("`", "")
        strings.extend(cell.strip() for cell in line.strip().strip("|").split("|"))
    return strings, year


def load_pool() -> Pool:
    strings: list[tuple[str, int]] = []
    for path in sample_sources():
        if path == REFERENCE:
            strings.extend((line, 2026) for line in path.read_text(encoding="utf-8").splitlines())
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            pub = data.get("published") if isinstance(data, dict) else None
            base = int(pub[:4]) if isinstance(pub, str) and pub[:4].isdigit() else 2026
            strings.extend((s, base) for s in iter_strings(data))
        else:
            texts, base = markdown_strings(path)
            strings.extend((s, base) for s in texts)

    pool = Pool()
    seen: dict[str, None] = {}  # insertion-ordered (sets of str iterate in a per-process order)
    headings: dict[str, None] = {}
    for text, base in strings:
        text = text.strip(" \t\u3000")
        if not CJK_RE.search(text):
            continue
        pieces = SPLIT_RE.split(text)
        from_list = len(pieces) <= 2 and text.endswith("；")
        for piece in pieces:
            p = piece.strip(" \t\u3000")
            if not p or MD_UNSAFE_RE.search(p) or DROP_RE.search(p) or not balanced(p):
                continue
            term = p[-1]
            core = p[:-1]
            if term not in "。！？；：":
                m = ORDINAL_RE.match(p)  # a heading such as 一、网络基础设施建设
                if m and 2 <= len(p) - m.end() <= 16:
                    headings.setdefault(p[m.end():])
                continue
            m = ORDINAL_RE.match(core)
            if m:
                rest = core[m.end():]
                if len(rest) <= 18 and not re.search(r"[，,；：]", rest):
                    if len(rest) >= 2:
                        headings.setdefault(rest)
                    continue
                core = rest
            if len(core) < 8 or core in seen:
                continue
            seen[core] = None
            if term == "：":
                if core.startswith("各") and "要" not in core and "以下" not in core:
                    pool.add(core, term, base, SALUTE, False)
                elif len(core) >= 10:
                    pool.add(core, term, base, INTRO, False)
                continue
            pool.add(core, "。" if term == "；" else term, base, stage_of(core, term), from_list or term == "；")
    for s in SALUTATIONS_EXTRA:
        if s[:-1] not in seen:
            pool.add(s[:-1], "：", 2026, SALUTE, False)
    for h in SECTION_HEADINGS:
        headings.setdefault(h)
    pool.headings = list(headings)
    if len(pool.by_stage.get(BODY, [])) < 20:
        sys.exit("gen-corpus: too few sample sentences")
    return pool


# ---------------------------------------------------------------------------------------------
# Templated sentences with figures (Latin tokens such as 5G, IPv6, EFLOPS)


def bs5g(year: int, month: int) -> float:
    a, b = BS5G.get(year - 1, 0.1), BS5G.get(year, 31.5)
    return round(a + (b - a) * month / 12, 1)


def _c2(r):
    return r.sample(CITIES, 2)


def _quarter(y, m):
    q = (m - 1) // 3  # the last complete quarter
    return (y - 1, "四") if q == 0 else (y, "一二三"[q - 1])


# per theme slug: functions (rng, year, month) -> sentence without its final 。
TEMPLATES_BY_SLUG = {
    "network-building": [
        lambda r, y, m: f"截至{y}年{m}月底，全省累计建成5G基站{bs5g(y, m)}万个，每万人拥有5G基站数{round(bs5g(y, m) * 1.5 + r.random(), 1)}个",
        lambda r, y, m: f"全省IPv6活跃用户数达{r.randint(3000, 6200)}万户，IPv6流量占比提升至{r.randint(20, 68)}%",
        lambda r, y, m: f"千兆及以上宽带用户达{r.randint(300, 1900)}万户，FTTR用户突破{r.randint(20, 400)}万户",
        lambda r, y, m: "5G-A网络在{}、{}等地主要城区实现连续覆盖，下行峰值速率超过{}Gbps".format(*_c2(r), r.randint(2, 10)),
        lambda r, y, m: "推动{}、{}开展万兆光网试点，10G-PON端口数达{}万个".format(*_c2(r), r.randint(10, 160)),
    ],
    "industrial-internet": [
        lambda r, y, m: f"全省在用数据中心标准机架超{r.randint(20, 60)}万架，智算总规模达{r.randint(5, 80)}EFLOPS",
        lambda r, y, m: f"累计建成5G工厂{r.randint(40, 900)}家，“5G+工业互联网”项目超{r.randint(1000, 9000)}个",
        lambda r, y, m: f"工业互联网标识解析二级节点达{r.randint(10, 60)}个，累计标识注册量超{r.randint(10, 400)}亿",
        lambda r, y, m: f"推动AI大模型在研发设计、质量检测等{r.randint(5, 30)}个环节落地应用",
    ],
    "anti-fraud": [
        lambda r, y, m: f"{y}年以来，全省累计拦截涉诈电话{r.randint(100, 5000)}万次、涉诈短信{r.randint(100, 9000)}万条，处置涉诈高风险电话卡{r.randint(5, 90)}万张",
        lambda r, y, m: f"全省累计提供“一证通查”服务{r.randint(50, 900)}万次，关停涉诈物联网卡{r.randint(1, 30)}万张",
    ],
    "network-security": [
        lambda r, y, m: f"全年共组织开展网络安全检查{r.randint(20, 300)}次，督促整改安全隐患{r.randint(100, 3000)}个",
        lambda r, y, m: f"通报{r.randint(5, 120)}款违规收集使用个人信息的APP，督促相关企业限期整改",
        lambda r, y, m: f"组织开展网络安全应急演练{r.randint(5, 60)}场，参演人员超{r.randint(200, 3000)}人次",
        lambda r, y, m: f"全省IPv6网络安全监测平台累计发现并处置安全威胁{r.randint(100, 9000)}起",
    ],
    "user-service": [
        lambda r, y, m: "{}年第{}季度全省共受理电信用户申诉{}件，环比下降{}%".format(*_quarter(y, m), r.randint(1500, 9000), round(r.uniform(0.5, 15), 1)),
        lambda r, y, m: f"全省营业厅设置“爱心专席”{r.randint(1000, 6000)}个，为老年用户提供一对一服务",
        lambda r, y, m: f"督促{r.randint(10, 90)}款APP完成适老化改造，5G套餐资费公示率保持100%",
    ],
    "comm-support": [
        lambda r, y, m: f"保障期间累计出动应急保障人员{r.randint(500, 9000)}人次、应急通信车{r.randint(20, 400)}台次，启用发电油机{r.randint(50, 900)}台",
        lambda r, y, m: f"累计排查整改通信机房、基站等安全隐患{r.randint(100, 4000)}处",
        lambda r, y, m: f"重点区域新建和扩容5G基站{r.randint(20, 600)}个，开通5G-A网络，保障期间网络运行平稳",
    ],
    "business-environment": [
        lambda r, y, m: f"全年共办理电信业务经营许可审批事项{r.randint(800, 6000)}件，平均办理时限压缩至{r.randint(3, 12)}个工作日",
        lambda r, y, m: f"全省持有增值电信业务经营许可证的企业达{r.randint(4000, 16000)}家，其中新增{r.randint(200, 2000)}家",
    ],
}
TEMPLATES_BY_SLUG["work-conference"] = TEMPLATES_BY_SLUG["network-building"][:3] + TEMPLATES_BY_SLUG["industrial-internet"][:1]


TEMPLATES = [TEMPLATES_BY_SLUG.get(th["slug"], []) for th in THEMES] + [[]]

# ---------------------------------------------------------------------------------------------
# Front matter


def toml_str(s: str, literal: bool) -> str:
    if literal and "'" not in s and "\n" not in s:
        return "'" + s + "'"
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


YAML_SPECIAL_START = set("-?:,[]{}#&*!|>'\"%@`")
YAML_RESERVED = re.compile(r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9_.]+(?:[eE][-+]?[0-9]+)?)$")


def yaml_str(s: str, quote: bool, flow: bool = False) -> str:
    plain_ok = (
        s and not quote and s[0] not in YAML_SPECIAL_START and s == s.strip()
        and ": " not in s and " #" not in s and not s.endswith(":") and "\t" not in s
        and not YAML_RESERVED.match(s) and not (flow and any(c in s for c in ",[]{}"))
    )
    return s if plain_ok else json.dumps(s, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


# ---------------------------------------------------------------------------------------------
# Generator


class Generator:
    def __init__(self, count: int, seed: int, bare_dates: bool):
        self.count = count
        self.rng = random.Random(seed)
        self.bare_dates = bare_dates
        self.pool = load_pool()
        self.docs: list[tuple[dt.datetime, str, str, str | None, int]] = []  # (published, title, 文号, policy, theme)
        self.pinned: list = []  # the docs of PINNED_DOCS once published: cited more often
        self.width = max(5, len(str(count)))

    # --- dates ---------------------------------------------------------------------------------
    def times(self) -> list[dt.datetime]:
        r = self.rng
        days, cum, acc = [], [], 0.0
        d = START
        while d <= END:
            w = 1.18 ** (d.year - START.year) * (0.07 if d.weekday() >= 5 else 1.0)
            acc += w
            days.append(d)
            cum.append(acc)
            d += dt.timedelta(days=1)
        hours = list(range(8, 19))
        hour_cum = list(_accumulate([3, 10, 12, 9, 2, 3, 9, 11, 10, 7, 2]))
        taken: dict[int, None] = {}
        out = []
        while len(out) < self.count:
            day = bisect.bisect_left(cum, r.random() * acc)
            if r.random() < 0.06:
                minute = r.randint(7 * 60, 22 * 60 + 59)
            else:
                h = hours[bisect.bisect_left(hour_cum, r.random() * hour_cum[-1])]
                minute = h * 60 + (r.randint(30, 59) if h == 8 else r.randint(0, 59))
            key = day * 1440 + minute
            if key in taken:
                continue
            taken[key] = None
            out.append(key)
        out.sort()
        return [dt.datetime.combine(days[k // 1440], dt.time(k % 1440 // 60, k % 60)) for k in out]

    # --- planning ------------------------------------------------------------------------------
    def plan(self):
        r = self.rng
        times = self.times()
        ch_ids = [c[0] for c in CHANNELS]
        ch_cum = list(_accumulate([c[2] for c in CHANNELS]))
        th_cum = list(_accumulate([t["weight"] for t in THEMES]))
        notices = []
        for i, t in enumerate(times):
            ch = ch_ids[bisect.bisect_left(ch_cum, r.random() * ch_cum[-1])]
            theme = PERSONNEL if ch == "rsxx" else bisect.bisect_left(th_cum, r.random() * th_cum[-1])
            series = None
            if ch == "zcwj" or (ch == "tzgg" and r.random() < 0.25):
                series = "浙通管函" if ch == "tzgg" and r.random() < 0.3 else "浙通管"
            notices.append(dict(seq=i + 1, published=t, channel=ch, theme=theme, series=series))
        # 文号 numbers: increasing with the date within a year and a series
        groups: dict[tuple[str, int], list[dict]] = {}
        for n in notices:
            if n["series"]:
                groups.setdefault((n["series"], n["published"].year), []).append(n)
        for (series, year), group in groups.items():
            k = len(group)
            if series == "浙通管":
                hi = max(math.ceil(k * 1.3), 130 if k >= 2 else 30)
            else:
                hi = max(math.ceil(k * 1.5), 40)
            numbers = r.sample(range(1, hi + 1), k)
            if series == "浙通管" and year == 2026 and k >= 2:
                for forced in (21, 121):  # PINNED_DOCS
                    if forced not in numbers:
                        j = next(j for j in range(k) if numbers[j] not in (21, 121))
                        numbers[j] = forced
            numbers.sort()
            for n, num in zip(group, numbers):
                n["doc_no"] = num
        return notices

    # --- text helpers --------------------------------------------------------------------------
    def pick(self, stage: int, theme: int, year: int, used: set, theme_bias: float = 0.75, month: int = 12) -> str | None:
        r, pool = self.rng, self.pool
        cands = pool.by_theme_stage.get((theme, stage)) if r.random() < theme_bias else None
        if not cands:
            cands = pool.by_stage.get(stage)
            if not cands:
                return None
        i = self.fresh(cands, used)
        if i in used and cands is not pool.by_stage.get(stage):  # the theme's sentences are used up
            i = self.fresh(pool.by_stage[stage], used)
        used.add(i)
        core = pool.core(i, year)
        if i in pool.as_of:  # 截至2025年10月底 must not lie after the notice's month
            m = AS_OF_RE.search(core)
            if m and (int(m.group(1)), int(m.group(2) or 12)) >= (year, month):
                core = pool.core(i, year - 1)
        return core + pool.term[i]

    def fresh(self, cands: list[int], used: set) -> int:
        r = self.rng
        for _ in range(8):
            i = cands[r.randrange(len(cands))]
            if i not in used:
                return i
        return i

    def pick_or_body(self, stage: int, theme: int, year: int, month: int, used: set) -> str:
        return self.pick(stage, theme, year, used) or self.body_sentence(theme, year, month, used)

    def body_sentence(self, theme: int, year: int, month: int, used: set) -> str:
        tpls = TEMPLATES[theme]
        if tpls and self.rng.random() < 0.12:
            k = self.rng.randrange(len(tpls))
            if ("t", k) not in used:
                used.add(("t", k))
                return tpls[k](self.rng, year, month) + "。"
        return self.pick(BODY, theme, year, used, month=month)

    def item(self, theme: int, year: int, used: set) -> str:
        r, pool = self.rng, self.pool
        cands = pool.items_by_theme.get(theme) if r.random() < 0.7 else None
        cands = cands or pool.items
        i = self.fresh(cands, used)
        if i in used:
            i = self.fresh(pool.items, used)
        used.add(i)
        return pool.core(i, year)

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    # --- titles --------------------------------------------------------------------------------
    def title(self, n: dict) -> tuple[str, str | None, str]:
        """(title, policy name or None, subject)"""
        r, ch, y = self.rng, n["channel"], n["published"].year
        if ch == "rsxx":
            return r.choice([
                f"浙江省通信管理局{y}年度考试录用公务员拟录用人员公示",
                f"浙江省通信管理局{y}年度考试录用公务员面试公告",
                f"关于{self.name()}等同志任职前公示的公告",
                f"浙江省通信管理局所属事业单位{y}年公开招聘工作人员公告",
                f"浙江省通信管理局{y}年度公开遴选公务员公告",
                "浙江省通信管理局干部任职前公示",
            ]), None, "人事信息"
        th = THEMES[n["theme"]]
        subject = r.choice(th["subjects"])
        policy = r.choice(th["policies"]).format(Y=y)
        city1, city2 = r.sample(CITIES, 2)
        if ch == "tzgg":
            opts = [
                f"关于{r.choice(['做好', '开展', '组织开展', '进一步做好', '切实做好'])}{y}年{subject}工作的通知",
                f"关于{subject}有关事项的通知",
                f"关于开展{y}年度{subject}专项检查的通知",
                f"关于{y}年{subject}检查情况的通报",
                f"关于征集{y}年度{subject}典型案例的通知",
            ]
            if th.get("contests"):
                opts.append(f"关于举办{y}年浙江省信息通信行业{r.choice(th['contests'])}的通知")
            if th["slug"] == "user-service":
                q = (n["published"].month - 1) // 3
                qy, qn = (y - 1, 4) if q == 0 else (y, q)
                opts.append(f"关于{qy}年第{'一二三四'[qn - 1]}季度电信用户申诉处理情况的通告")
            if th.get("lists"):
                opts.append(f"关于公布{y}年第{r.randint(1, 4)}批{r.choice(th['lists'])}的公告")
                opts.append(f"关于公开征求《{policy}（征求意见稿）》意见的公告")
            return r.choice(opts), None, subject
        if ch == "gzdt":
            # (title, lead sentence; {date} is the day of the event, e.g. 9月26日)
            meeting = r.choice(th["meetings"])
            dept = "省通信管理局" + th["dept"]
            opts = [
                (f"浙江省通信管理局召开{y}年{meeting}",
                 f"{{date}}，浙江省通信管理局召开{y}年{meeting}，" + r.choice([
                     "总结前期工作，分析当前形势，部署下一阶段重点任务。",
                     "深入学习贯彻党中央、国务院决策部署，研究推进相关工作。",
                     "通报工作进展情况，部署重点任务。"])),
                (f"省通信管理局召开{subject}推进会",
                 f"{{date}}，浙江省通信管理局在{city1[:-1]}召开{subject}推进会，总结工作成效，部署重点任务。"),
                (f"省通信管理局部署{y}年{subject}工作",
                 f"{{date}}，浙江省通信管理局召开专题会议，部署{y}年{subject}工作。"),
                (f"省通信管理局赴{city1[:-1]}、{city2[:-1]}调研{subject}工作",
                 f"{{date}}，浙江省通信管理局调研组赴{city1[:-1]}、{city2[:-1]}两地，实地调研{subject}工作情况，"
                 "与地方政府有关部门和基础电信企业座谈交流，听取意见建议。"),
                (f"省通信管理局开展{subject}专项督导",
                 f"{{date}}，浙江省通信管理局组织督导组，对全省基础电信企业和部分重点互联网企业开展{subject}专项督导。"),
                (f"{city1}{subject}工作动态",
                 f"{{date}}，{city1}通信发展办公室组织召开{subject}工作推进会，通报前期工作进展，部署下一阶段重点任务。"),
                (f"{y}年{subject}工作动态",
                 f"{{date}}，{dept}会同各基础电信企业召开{subject}工作例会，通报{y}年以来工作进展。"),
            ]
            if th["events"]:
                event = r.choice(th["events"])
                opts.append((f"省通信管理局圆满完成{y}年{event}通信保障任务",
                             f"{y}年{event}通信保障工作日前圆满结束，全省信息通信行业实现“网络零中断、安全零事件”的保障目标。"))
            if th["slug"] == "network-building":
                m = n["published"].month
                opts.append((f"全省5G基站总数突破{max(1, int(bs5g(y, m)))}万个",
                             f"截至{y}年{m}月底，全省累计建成5G基站{bs5g(y, m)}万个，5G网络覆盖广度和深度持续拓展。"))
            if th["slug"] == "work-conference":
                period = r.choice(["一季度", "上半年", "前三季度"])
                opts.append((f"{y - 1}年浙江省信息通信业发展情况",
                             f"{y - 1}年全省信息通信业运行总体平稳，电信业务总量和收入保持增长，网络基础设施加快升级。"))
                opts.append((f"{y}年{period}全省信息通信业运行情况",
                             f"{y}年{period}，全省信息通信业运行总体平稳，网络基础设施加快升级，融合应用持续深化。"))
            t, n["lead"] = r.choice(opts)
            return t, None, subject
        if ch == "zcwj":
            joint = "浙江省通信管理局 浙江省公安厅" if th["slug"] == "anti-fraud" and r.random() < 0.2 else "浙江省通信管理局"
            k = r.random()
            if k < 0.45:
                return f"{joint}关于印发《{policy}》的通知", policy, subject
            if k < 0.7:
                return f"{joint}关于进一步加强{subject}工作的通知", None, subject
            if k < 0.9:
                return f"{joint}关于做好{y}年{subject}工作的通知", None, subject
            return f"{joint}关于{subject}的实施意见", None, subject
        # zcjd: interprets an earlier 政策文件 when there is one
        ref = self.recent_doc(n, prefer_policy=True)
        n["ref"] = ref
        name = doc_name(ref) if ref else policy
        n["interp"] = name
        t = r.choice([f"《{name}》政策解读", f"一图读懂《{name}》", f"关于《{name}》的解读",
                      f"省通信管理局有关负责人就《{name}》答记者问"])
        return t, None, subject

    def recent_doc(self, n: dict, prefer_policy: bool = False):
        if not self.docs:
            return None
        r = self.rng
        window = self.docs[-30:]
        if prefer_policy:
            same = [d for d in window if d[4] == n["theme"] and d[3]] or [d for d in window if d[3]]
            if same and r.random() < 0.8:
                return r.choice(same)
        if self.pinned and not prefer_policy and r.random() < 0.1:
            return r.choice(self.pinned)
        same = [d for d in window if d[4] == n["theme"]]
        return r.choice(same) if same and r.random() < 0.6 else r.choice(self.docs)

    # --- bodies --------------------------------------------------------------------------------
    def body(self, n: dict, title: str, policy: str | None, subject: str) -> tuple[list[str], str | None]:
        """Markdown blocks and a summary sentence (or None)."""
        r = self.rng
        pub: dt.datetime = n["published"]
        y, mo = pub.year, pub.month
        theme, ch = n["theme"], n["channel"]
        used: set = set()
        # target length and number of blocks
        cap = 1600 if ch == "rsxx" else MAX_CHARS - 400
        target = int(min(cap, max(MIN_CHARS, r.lognormvariate(math.log(850), 0.6))))
        nblocks = int(min(15, max(3, round(2 + target / 320 + r.gauss(0, 1.0)))))

        P = lambda sents, fill=True: ["p", list(sents), fill]  # noqa: E731
        blocks: list[list] = []
        tail: list[list] = []
        summary = None
        ref = n.get("ref")
        if self.docs and (ch in ("tzgg", "zcwj") and r.random() < 0.12 or ch == "gzdt" and r.random() < 0.05):
            ref = self.recent_doc(n)
        ref_name = doc_name(ref) if ref else None

        if ch == "rsxx":
            return self.personnel_body(n, title, target, nblocks), None

        if ch in ("tzgg", "zcwj"):
            if r.random() < 0.75:
                blocks.append(P([self.pick_or_body(SALUTE, theme, y, mo, used)], False))
            intro = []
            if policy:
                intro.append(f"现将《{policy}》印发给你们，请结合实际，认真贯彻落实。")
            else:
                if (theme, PURPOSE) in self.pool.by_theme_stage and r.random() < 0.35:
                    purpose = self.pick(PURPOSE, theme, y, used, theme_bias=1.0)
                else:
                    th = THEMES[theme]
                    purpose = (f"为{r.choice(th['goals'])}，{r.choice(['省通信管理局决定', '我局决定', '经研究，决定'])}"
                               f"{r.choice(['开展', '组织开展', '部署开展'])}{y}年{subject}工作。")
                intro.append(purpose)
                if ref:
                    intro.append(f"根据《{ref_name}》（{ref[2]}）有关要求，{r.choice(ANNOUNCE)}。")
                elif not purpose.rstrip("。").endswith("如下"):
                    intro.append(r.choice(ANNOUNCE) + "。")
            summary = intro[0]
            blocks.append(P(intro, False))
            if policy and r.random() < 0.7:
                blocks.append(["h", 2, policy])
            if r.random() < 0.5:
                tail.append(P([self.pick_or_body(CONTACT, theme, y, mo, used) if r.random() < 0.5 else
                               f"联系人：{r.choice(DEPTS)}，联系电话：0571-8800{r.randint(0, 9999):04d}。"], False))
            if r.random() < 0.15:
                tail.append(P([f"附件：{subject}工作联系表"], False))
            if r.random() < (0.7 if ch == "zcwj" else 0.45):
                tail.append(P(["浙江省通信管理局"], False))
                tail.append(P([f"{y}年{pub.month}月{pub.day}日"], False))
            sections = nblocks - len(blocks) - len(tail)
            self.sections(blocks, sections, theme, y, mo, used, level=3 if policy and blocks[-1][0] == "h" else 2,
                          headings=SECTION_HEADINGS, table_kind="schedule")
        elif ch == "zcjd":
            doc_ref = f"（{ref[2]}）" if ref else ""
            when = "近日" if not ref or (pub - ref[0]).days < 60 else f"{ref[0].year}年{ref[0].month}月"
            lead = [f"{when}，浙江省通信管理局印发了《{n['interp']}》{doc_ref}。",
                    "为便于社会公众和有关单位准确理解和执行，现就有关内容解读如下。"]
            summary = lead[0]
            blocks.append(P(lead, False))
            self.sections(blocks, nblocks - 1, theme, y, mo, used, level=2, headings=INTERP_HEADINGS,
                          table_kind=None, ordered_headings=True)
        else:  # gzdt
            event = pub - dt.timedelta(days=r.choice((0, 1, 1, 2, 3)))
            # the lead is written from the title (the sample leads name places and events that rarely fit)
            lead_s = n["lead"].replace("{date}", f"{event.month}月{event.day}日")
            summary = lead_s
            lead = [lead_s]
            if ref:
                lead.append(f"会议传达学习了《{ref_name}》（{ref[2]}）精神。")
            blocks.append(P(lead))
            closing = r.random() < 0.6
            middle = nblocks - 1 - closing
            meet = [MEET1, MEET2, MEET3] if "会" in title else []
            while middle > 0:
                k = r.random()
                if k < 0.12 and middle >= 2:
                    if (theme, INTRO) in self.pool.by_theme_stage and r.random() < 0.4:
                        intro = self.pick(INTRO, theme, y, used, theme_bias=1.0)
                    else:
                        intro = r.choice(LIST_INTROS)
                    blocks.append(P([intro], False))
                    blocks.append(self.list_block(theme, y, used))
                    middle -= 2
                elif k < 0.2 and middle >= 2 and target > 1200:
                    blocks.append(["h", 3, r.choice(SUB_HEADINGS)])
                    middle -= 1
                elif k < 0.24 and middle >= 1 and not any(b[0] == "table" for b in blocks):
                    blocks.append(self.table("stats", y, mo))
                    middle -= 1
                else:
                    first = self.pick(meet.pop(0), theme, y, used) if meet else None
                    blocks.append(P([first or self.body_sentence(theme, y, mo, used)]))
                    middle -= 1
            if closing:
                blocks.append(P([self.pick_or_body(NEXT, theme, y, mo, used)]))
        self.decorate(blocks, theme, y, mo, used, target, 15 - len(tail))
        blocks += tail
        return [render_block(b) for b in blocks], summary

    def sections(self, blocks, budget, theme, y, mo, used, level, headings, table_kind, ordered_headings=False):
        r = self.rng
        if budget <= 1:
            for _ in range(max(1, budget)):
                blocks.append(["p", [self.body_sentence(theme, y, mo, used)], True])
            return
        nsec = max(1, min(len(CN_DIGITS), budget // r.choice((2, 2, 3))))
        if ordered_headings:
            names = [h for h in INTERP_HEADINGS if r.random() < 0.7][:nsec] or INTERP_HEADINGS[:nsec]
        else:
            picked = sorted(r.sample(range(len(SECTION_HEADINGS)), min(nsec, len(SECTION_HEADINGS))))
            names = [SECTION_HEADINGS[k] for k in picked]
            if r.random() < 0.2:  # one heading taken from the sample notices
                names[r.randrange(len(names))] = r.choice(self.pool.headings)
        nsec = len(names)
        per = [1] * nsec
        for _ in range(budget - 2 * nsec):
            per[r.randrange(nsec)] += 1
        has_table = False
        for k, (name, nb) in enumerate(zip(names, per)):
            label = f"{CN_DIGITS[k]}、{name}" if level == 2 else f"（{CN_DIGITS[k]}）{name}"
            blocks.append(["h", level, label])
            for j in range(nb):
                x = r.random()
                if x < 0.16:
                    blocks.append(self.list_block(theme, y, used))
                elif x < 0.2 and table_kind and not has_table:
                    blocks.append(self.table(table_kind, y, mo))
                    has_table = True
                else:
                    blocks.append(["p", [self.body_sentence(theme, y, mo, used)], True])

    def list_block(self, theme, y, used):
        r = self.rng
        items = [self.item(theme, y, used) for _ in range(r.choice((2, 3, 3, 4, 4, 5, 6)))]
        items = [it + ("；" if k < len(items) - 1 else "。") for k, it in enumerate(items)]
        return ["ol" if r.random() < 0.5 else "ul", items]

    def table(self, kind, y, mo):
        r = self.rng
        if kind == "schedule":
            start = dt.date(y, mo, 1)
            rows = []
            for k, (stage, work) in enumerate([("动员部署", "制定工作方案，明确责任分工"), ("企业自查", "对照要求逐项自查，形成自查报告"),
                                                ("检查抽查", "组织开展现场检查和技术检测"), ("总结通报", "通报工作情况，督促问题整改")]):
                a = start + dt.timedelta(days=30 * k + 5)
                b = a + dt.timedelta(days=25)
                rows.append([stage, f"{a.month}月{a.day}日至{b.month}月{b.day}日", work])
            return ["table", ["阶段", "时间", "主要工作"], rows]
        # stats by city (4G before 5G had grown)
        rows, t1, t2 = [], 0.0, 0
        total = bs5g(y, mo)
        label = "5G基站（万个）"
        if total < 3:
            total, label = 30 + 2.5 * (y - 2018), "4G基站（万个）"
        for c in CITIES:
            a = round(total * r.uniform(0.04, 0.16), 1)
            b = r.randint(20, 300)
            t1, t2 = t1 + a, t2 + b
            rows.append([c, f"{a}", f"{b}"])
        rows.append(["全省合计", f"{round(t1, 1)}", f"{t2}"])
        return ["table", ["设区市", label, "千兆及以上宽带用户（万户）"], rows]

    def decorate(self, blocks, theme, y, mo, used, target, max_blocks):
        """Fill paragraphs up to the target length, adding paragraphs while there are fewer than
        max_blocks blocks; add an occasional link and bold sentence."""
        r = self.rng
        fill = [b for b in blocks if b[0] == "p" and b[2]]
        total = sum(block_len(b) for b in blocks)
        if not fill:
            if total >= target:
                return
            fill = [["p", [], True]]
            blocks.append(fill[0])
        sizes = {id(b): block_len(b) for b in fill}
        limits = {id(b): r.randint(150, 500) for b in fill}
        while total < target:
            s = self.body_sentence(theme, y, mo, used)
            if total + len(s) > MAX_CHARS - 300 and total >= MIN_CHARS:
                break
            a, b = r.choice(fill), r.choice(fill)
            para = a if sizes[id(a)] <= sizes[id(b)] else b
            if sizes[id(para)] + len(s) > limits[id(para)] and len(blocks) < max_blocks:
                new = ["p", [], True]
                blocks.insert(next(k for k, x in enumerate(blocks) if x is para) + 1, new)
                fill.append(new)
                sizes[id(new)], limits[id(new)] = 0, r.randint(150, 500)
                para = new
            para[1].append(s)
            sizes[id(para)] += len(s)
            total += len(s)
        fill = [b for b in fill if b[1]]
        blocks[:] = [b for b in blocks if b[0] != "p" or b[1]]
        if not fill:
            return
        if r.random() < 0.05:
            a, url = r.choice(LINKS)
            r.choice(fill)[1].append(r.choice(LINK_SENTENCES).format(a=f"[{a}]({url})") + "。")
        if r.random() < 0.06:
            para = r.choice(fill)[1]
            k = r.randrange(len(para))
            core, term = para[k][:-1], para[k][-1]
            if BOLD_OK_RE.match(core):
                para[k] = f"**{core}**{term}"

    def personnel_body(self, n, title, target, nblocks):
        r = self.rng
        pub = n["published"]
        y = pub.year
        end = pub + dt.timedelta(days=7)
        names = [self.name() for _ in range(r.randint(3, 14))]
        paras = []
        if "拟录用" in title or "面试" in title or "招聘" in title or "遴选" in title:
            paras.append(f"根据《中华人民共和国公务员法》和公务员录用有关规定，经笔试、面试、体检和考察等程序，"
                         f"确定{names[0]}等{len(names)}名同志为浙江省通信管理局{y}年度拟录用人员，现予以公示。")
            table = ["table", ["序号", "姓名", "性别", "拟录用职位", "学历", "毕业院校"],
                     [[str(k + 1), nm, r.choice("男女"), r.choice(POSITIONS), r.choice(["大学本科", "硕士研究生", "博士研究生"]),
                       r.choice(SCHOOLS)] for k, nm in enumerate(names)]]
        else:
            names = names[:r.randint(2, 6)]
            paras.append(f"根据《党政领导干部选拔任用工作条例》有关规定，经局党组研究，拟任命{'、'.join(names[:3])}"
                         f"{'等' if len(names) > 3 else ''}{len(names)}名同志担任处级领导职务，现予以任职前公示。")
            table = ["table", ["序号", "姓名", "现任职务", "拟任职务"],
                     [[str(k + 1), nm, f"{r.choice(DEPTS)}一级主任科员", f"{r.choice(DEPTS)}{r.choice(['副处长', '处长'])}"]
                      for k, nm in enumerate(names)]]
        paras.append(f"公示时间为{y}年{pub.month}月{pub.day}日至{end.month}月{end.day}日（5个工作日）。")
        paras.append("公示期间，如有问题，可通过电话、来信或来访等方式向我局人事教育处反映。"
                     "反映问题要实事求是，以真实姓名反映问题的，我们将严格保密。")
        paras.append(f"联系电话：0571-8800{r.randint(0, 9999):04d}；地址：杭州市西湖区文三路398号。")
        blocks = [["p", [paras[0]], False], table] + [["p", [p], False] for p in paras[1:]]
        if r.random() < 0.6:
            blocks += [["p", ["浙江省通信管理局"], False], ["p", [f"{y}年{pub.month}月{pub.day}日"], False]]
        return [render_block(b) for b in blocks]

    # --- one notice ----------------------------------------------------------------------------
    def notice(self, n: dict) -> tuple[str, str, str, int]:
        """(channel, id, file text, body characters)"""
        r = self.rng
        pub: dt.datetime = n["published"]
        y = pub.year
        theme = n["theme"]
        th = THEMES[theme] if theme < len(THEMES) else PERSONNEL_THEME
        nid = f"{y}-{th['slug']}-{n['seq']:0{self.width}d}"
        title, policy, subject = self.title(n)
        doc = index = written = topic = None
        if n["series"]:
            doc = f"{n['series']}〔{y}〕{n['doc_no']}号"
            if n["series"] == "浙通管":
                index = f"002482001/{y}-{n['doc_no']:05d}"
            written = (pub - dt.timedelta(days=r.randint(0, 6))).date().isoformat()
        if n["channel"] == "zcwj":
            topic = _weighted(r, TOPICS)
        blocks, summary = self.body(n, title, policy, subject)
        if doc and n["series"] == "浙通管":
            self.docs.append((pub, title, doc, policy, theme))
            if doc in PINNED_DOCS:
                self.pinned.append(self.docs[-1])
        nchars = sum(len(b) for b in blocks)

        source = _weighted(r, NEWS_SOURCES if n["channel"] == "gzdt" else SOURCES)
        if source == "dept":
            source = "浙江省通信管理局" + th["dept"]
        if r.random() < 0.12:
            source = None
        publisher = "浙江省通信管理局" if (n["channel"] == "zcwj" or doc or r.random() < 0.2) else None
        keywords = None
        if r.random() < 0.8:
            vocab = th["keywords"]
            if theme == PERSONNEL:
                vocab = next((v for w, v in PERSONNEL_KEYWORDS if w in title), vocab)
            k = r.sample(vocab, min(len(vocab), r.choice((2, 3, 3, 4))))
            if r.random() < 0.3 and len(subject) <= 12 and "“" not in subject and subject not in k:
                k.insert(r.randrange(len(k) + 1), subject)
            if r.random() < 0.15 and "信息通信" not in k:
                k.append("信息通信")
            keywords = k
        if summary and (len(summary) > 150 or r.random() < 0.4 or "[" in summary or "*" in summary):
            summary = None
        draft = None
        if not (doc and n["series"] == "浙通管"):
            x = r.random()
            draft = True if x < 0.003 else False if x < 0.02 else None
        rfc = r.random() < 0.8
        date_rfc = pub.strftime("%Y-%m-%dT%H:%M:00+08:00")
        date_short = pub.strftime("%Y-%m-%d %H:%M")
        with_id = r.random() < 0.85

        fields: list[tuple[str, object]] = [("title", title), ("date", date_rfc if rfc else date_short)]
        if with_id:
            fields.append(("id", nid))
        if draft is not None:
            fields.append(("draft", draft))
        for key, value in (("source", source), ("publisher", publisher), ("doc_number", doc), ("index_number", index),
                           ("written", written), ("topic", topic), ("keywords", keywords), ("summary", summary)):
            if value is not None:
                fields.append((key, value))

        out = []
        if r.random() < 0.2:  # YAML
            out.append("---")
            quote_all = r.random() < 0.25
            block_list = r.random() < 0.5
            for key, value in fields:
                if isinstance(value, bool):
                    out.append(f"{key}: {'true' if value else 'false'}")
                elif isinstance(value, list):
                    if block_list:
                        out.append(f"{key}:")
                        out.extend(f"  - {yaml_str(v, quote_all)}" for v in value)
                    else:
                        out.append(f"{key}: [{', '.join(yaml_str(v, quote_all, flow=True) for v in value)}]")
                elif key == "date" and not quote_all and rfc:
                    out.append(f"{key}: {value}")
                else:
                    out.append(f"{key}: {yaml_str(value, quote_all or key == 'date' and r.random() < 0.5)}")
            out.append("---")
        else:
            out.append("+++")
            literal = r.random() < 0.1
            bare = self.bare_dates and rfc and r.random() < 0.1
            for key, value in fields:
                if isinstance(value, bool):
                    out.append(f"{key} = {'true' if value else 'false'}")
                elif isinstance(value, list):
                    out.append(f"{key} = [{', '.join(toml_str(v, literal) for v in value)}]")
                elif key == "date" and bare:
                    out.append(f"{key} = {value}")
                else:
                    out.append(f"{key} = {toml_str(value, literal)}")
            out.append("+++")
        text = "\n".join(out) + "\n\n" + "\n\n".join(blocks) + "\n"
        return n["channel"], nid, text, nchars


def doc_name(doc) -> str:
    """The name a notice cites a 政策文件 by: its policy, or its title without the issuing office."""
    return doc[3] or re.sub(r"^浙江省通信管理局(?: 浙江省公安厅)?", "", doc[1])


def block_len(b) -> int:
    kind = b[0]
    if kind == "p":
        return sum(len(s) for s in b[1])
    if kind == "h":
        return len(b[2])
    if kind in ("ol", "ul"):
        return sum(len(s) for s in b[1])
    if kind == "table":
        return sum(len(c) for c in b[1]) + sum(len(c) for row in b[2] for c in row)
    return 0


LIST_MARKER_RE = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def md_text(s: str) -> str:
    """Keep a line of text from being read as a block marker (list, heading, quote …)."""
    if s.startswith("**") and not s[2:3].isspace():  # bold text, not a list item or a thematic break
        return s
    if s[:1] in "-+*#>=|" or s[:1].isspace():
        return "\\" + s if not s[:1].isspace() else s.lstrip()
    return LIST_MARKER_RE.sub(r"\1\\\2", s, count=1)


def render_block(b) -> str:
    kind = b[0]
    if kind == "p":
        return md_text("".join(b[1]))
    if kind == "h":
        return "#" * b[1] + " " + b[2]
    if kind == "ol":
        return "\n".join(f"{k + 1}. {md_text(s)}" for k, s in enumerate(b[1]))
    if kind == "ul":
        return "\n".join(f"- {md_text(s)}" for s in b[1])
    if kind == "table":
        header, rows = b[1], b[2]
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    raise ValueError(kind)


def _accumulate(ws):
    acc = 0
    for w in ws:
        acc += w
        yield acc


def _weighted(r: random.Random, pairs):
    total = sum(w for _, w in pairs)
    x = r.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# ---------------------------------------------------------------------------------------------


def prepare_out(out: Path, force: bool):
    if out.exists() and not out.is_dir():
        sys.exit(f"gen-corpus: {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            sys.exit(f"gen-corpus: {out} is not empty (use --force to replace site.toml and the channel folders' *.md)")
        (out / "site.toml").unlink(missing_ok=True)
        for ch, _, _ in CHANNELS:
            d = out / ch
            if d.is_dir():
                for f in d.glob("*.md"):
                    f.unlink()
    out.mkdir(parents=True, exist_ok=True)
    for ch, _, _ in CHANNELS:
        (out / ch).mkdir(exist_ok=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Generate a synthetic corpus of Chinese government notices (Markdown + front matter).")
    ap.add_argument("--count", type=int, help="number of notices (required)")
    ap.add_argument("--out", type=Path, help="output folder (required)")
    ap.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    ap.add_argument("--force", action="store_true", help="write into a non-empty output folder")
    ap.add_argument("--no-bare-dates", action="store_true", help="always quote `date` in TOML front matter")
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    ap.add_argument("--list-sources", action="store_true", help="print the sample files the text comes from, and exit")
    args = ap.parse_args(argv)
    if args.list_sources:
        print("\n".join(str(p) for p in sample_sources()))
        return 0
    if args.count is None or args.out is None:
        ap.error("--count and --out are required")
    if not 1 <= args.count <= MAX_COUNT:
        ap.error(f"--count must be between 1 and {MAX_COUNT}")

    t0 = time.perf_counter()
    gen = Generator(args.count, args.seed, bare_dates=not args.no_bare_dates)
    notices = gen.plan()
    prepare_out(args.out, args.force)
    channels = "".join(f'\n[[channels]]\nid = "{c}"\nname = "{name}"\n' for c, name, _ in CHANNELS)
    (args.out / "site.toml").write_text(SITE_TOML.format(channels=channels), encoding="utf-8")

    per_channel: dict[str, int] = {}
    total_bytes = 0
    chars = []
    yaml = 0
    for n in notices:
        ch, nid, text, nchars = gen.notice(n)
        data = text.encode("utf-8")
        with open(args.out / ch / f"{nid}.md", "wb") as f:
            f.write(data)
        per_channel[ch] = per_channel.get(ch, 0) + 1
        total_bytes += len(data)
        chars.append(nchars)
        yaml += text.startswith("---")
    elapsed = time.perf_counter() - t0
    if not args.quiet:
        chars.sort()
        q = lambda p: chars[min(len(chars) - 1, int(p * len(chars)))]  # noqa: E731
        print(f"gen-corpus: {args.count} notices in {args.out} ({total_bytes / 1e6:.1f} MB) in {elapsed:.1f} s "
              f"({args.count / elapsed:,.0f}/s), seed {args.seed}", file=sys.stderr)
        print("  channels: " + ", ".join(f"{c} {per_channel.get(c, 0)}" for c, _, _ in CHANNELS)
              + f"; YAML front matter {yaml}", file=sys.stderr)
        print(f"  body characters: min {chars[0]}, median {q(0.5)}, p90 {q(0.9)}, p99 {q(0.99)}, max {chars[-1]}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
