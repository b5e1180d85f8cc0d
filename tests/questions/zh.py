"""Questions in Chinese (issue 15): kinds, topics, audiences, places, conventions, languages,
statuses, date phrases (下个月, 下周三, 12月15日, 十二月, 两周后), help and words not read. Chinese
is written without spaces: every question here is one run of characters, as people type it."""

from __future__ import annotations

from . import FOCAL_POINTS, MEETINGS, POPS, Row, row

ZH = {"lang": "zh"}
HELP = {"help": True, "answerable": False, "lang": "zh"}
NEXT_MONTH = ("2026-12-01", "2027-01-01")
NEXT_WEEK = ("2026-11-23", "2026-11-30")

ROWS: list[Row] = [
    # kinds
    row("网络研讨会", kinds=["webinar"], **ZH),
    row("在线研讨会", kinds=["webinar"], **ZH),
    row("即将举行的研讨会", kinds=["workshop"], **ZH),
    row("讲习班", kinds=["workshop"], **ZH),
    row("培训", kinds=["training"], **ZH),
    row("培训课程", kinds=["training"], **ZH),
    row("在线课程", kinds=["e-learning"], **ZH),
    row("视频会议", kinds=["online-meeting"], **ZH),
    row("专家会议", kinds=["expert-meeting"], **ZH),
    row("试点项目", kinds=["pilot-project"], **ZH),
    row("会议", kinds=MEETINGS, **ZH),
    row("网络研讨会和培训", kinds=["webinar", "training"], **ZH),
    # topics (programmes)
    row("电子废物", programmes=["e-waste"], **ZH),
    row("关于电子废物的网络研讨会", kinds=["webinar"], programmes=["e-waste"], **ZH),
    row("汞废物培训", kinds=["training"], programmes=["mercury-wastes"], **ZH),
    row("关于汞的研讨会", kinds=["workshop"], programmes=["mercury-wastes"], **ZH),
    row("多氯联苯", programmes=["pops-wastes"], **ZH),
    row("持久性有机污染物", programmes=POPS, **ZH),
    row("废旧轮胎", programmes=["waste-tyres"], **ZH),
    row("拆船", programmes=["ship-dismantling"], **ZH),
    row("海关培训", programmes=["customs-training"], **ZH),
    row("农药替代品", programmes=["pesticide-alternatives"], **ZH),
    row("废电池", programmes=["used-batteries"], **ZH),
    row("国家实施计划", programmes=["nip-updating"], **ZH),
    # audiences
    row("面向海关官员的研讨会", kinds=["workshop"], audiences=["customs-officers"], **ZH),
    row("联络点", audiences=FOCAL_POINTS, **ZH),
    row("给农民的培训", kinds=["training"], audiences=["farmers"], **ZH),
    row("非政府组织", audiences=["ngos"], **ZH),
    row("私营部门", audiences=["private-sector"], **ZH),
    row("面向学术界的网络研讨会", kinds=["webinar"], audiences=["academia"], **ZH),
    row("主管部门", audiences=["basel-competent-authorities"], **ZH),
    # regions, countries, cities
    row("非洲", regions=["africa"], **ZH),
    row("非洲的研讨会", kinds=["workshop"], regions=["africa"], **ZH),
    row("亚太地区的培训", kinds=["training"], regions=["asia-pacific"], **ZH),
    row("拉丁美洲", regions=["latin-america-caribbean"], **ZH),
    row("中东欧", regions=["central-eastern-europe"], **ZH),
    row("欧洲", regions=["western-europe-others", "central-eastern-europe"], **ZH),
    row("中国的研讨会", kinds=["workshop"], countries=["CN"], **ZH),
    row("在肯尼亚举办的培训", kinds=["training"], countries=["KE"], **ZH),
    row("北京的会议", kinds=MEETINGS, cities=["beijing"], **ZH),
    row("日内瓦", cities=["geneva"], **ZH),
    # conventions
    row("巴塞尔公约", conventions=["basel"], **ZH),
    row("鹿特丹公约的网络研讨会", kinds=["webinar"], conventions=["rotterdam"], **ZH),
    row("斯德哥尔摩公约", conventions=["stockholm"], **ZH),
    # languages of the event, statuses, past
    row("英语的网络研讨会", kinds=["webinar"], languages=["en"], **ZH),
    row("中文培训", kinds=["training"], languages=["zh"], **ZH),
    row("法语研讨会", kinds=["workshop"], languages=["fr"], **ZH),
    row("已取消的研讨会", kinds=["workshop"], statuses=["cancelled"], **ZH),
    row("推迟的培训", kinds=["training"], statuses=["postponed"], **ZH),
    row("过去的网络研讨会", kinds=["webinar"], past=True, **ZH),
    row("以往的研讨会", kinds=["workshop"], past=True, **ZH),
    # date phrases (asked Saturday 21 November 2026, Paris)
    row("下个月的网络研讨会", NEXT_MONTH, kinds=["webinar"], **ZH),
    row("下个月关于电子废物的网络研讨会", NEXT_MONTH, kinds=["webinar"], programmes=["e-waste"], **ZH),
    row("今天", ("2026-11-21", "2026-11-22"), **ZH),
    row("明天的培训", ("2026-11-22", "2026-11-23"), kinds=["training"], **ZH),
    row("后天", ("2026-11-23", "2026-11-24"), **ZH),
    row("本周的研讨会", ("2026-11-21", "2026-11-23"), kinds=["workshop"], **ZH),
    row("下周的培训", NEXT_WEEK, kinds=["training"], **ZH),
    row("下周三的网络研讨会", ("2026-11-25", "2026-11-26"), kinds=["webinar"], **ZH),
    row("周一", ("2026-11-23", "2026-11-24"), **ZH),
    row("星期五的会议", ("2026-11-27", "2026-11-28"), kinds=MEETINGS, **ZH),
    row("12月15日", ("2026-12-15", "2026-12-16"), **ZH),
    row("12月15号的研讨会", ("2026-12-15", "2026-12-16"), kinds=["workshop"], **ZH),
    row("十二月十五日", ("2026-12-15", "2026-12-16"), **ZH),
    row("十二月的研讨会", NEXT_MONTH, kinds=["workshop"], **ZH),
    row("12月份的培训", NEXT_MONTH, kinds=["training"], **ZH),
    row("一月", ("2027-01-01", "2027-02-01"), **ZH),
    row("2027年3月", ("2027-03-01", "2027-04-01"), **ZH),
    row("2027年的培训", ("2027-01-01", "2028-01-01"), kinds=["training"], **ZH),
    row("明年", ("2027-01-01", "2028-01-01"), **ZH),
    row("本月", ("2026-11-21", "2026-12-01"), **ZH),
    row("两周后的培训", ("2026-11-30", "2026-12-07"), kinds=["training"], **ZH),
    row("三天后", ("2026-11-24", "2026-11-25"), **ZH),
    row("未来30天的网络研讨会", ("2026-11-21", "2026-12-22"), kinds=["webinar"], **ZH),
    row("12月1日至15日", ("2026-12-01", "2026-12-16"), **ZH),
    row("12月初", ("2026-12-01", "2026-12-11"), **ZH),
    row("年底前的研讨会", ("2026-11-21", "2027-01-01"), kinds=["workshop"], **ZH),
    row("上个月的网络研讨会", ("2026-10-01", "2026-11-01"), kinds=["webinar"], **ZH),
    row("周末", ("2026-11-21", "2026-11-23"), **ZH),
    row("下个月在非洲的海关培训", NEXT_MONTH, programmes=["customs-training"], regions=["africa"], **ZH),
    # stop words, help, words not read
    row("有哪些网络研讨会？", kinds=["webinar"], **ZH),
    row("请告诉我关于电子废物的培训", kinds=["training"], programmes=["e-waste"], **ZH),
    row("你好", **HELP),
    row("谢谢", **HELP),
    row("怎么报名？", **HELP),
    row("有适合我的吗？", personal=True, answerable=False, **ZH),
]
