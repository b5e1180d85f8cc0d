"""Chinese date phrases ("下个月", "下周三", "12月15日", "十二月", "两周后", "2027年3月"): written
without spaces, so their rules match inside a run of characters (no word boundaries), and only in
a text that holds a Han character (their gate); periods resolve as date_rules' do."""

from __future__ import annotations

import re
from datetime import date, timedelta

from brs_coord.date_calendar import (
    HOLIDAY_SPANS,
    ONE_DAY,
    WEEK,
    Context,
    Days,
    add,
    nearest,
    next_day,
    next_month,
    quarter_of,
    valid,
    week_start,
)
from brs_coord.date_rules import Resolver, Rule, bounded, period_rule

GATE = "[\u3400-\u9fff]"
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
NUMERAL = r"(?:\d{1,4}|[〇零一二两三四五六七八九十百]+)"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_UNITS = {"天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week", "月": "month",
          "年": "year"}  # fmt: skip
_UNIT = r"(?P<zu>天|日|周|星期|礼拜|月|年)"
_MONTH_PARTS = {"初": "early", "上旬": "early", "中旬": "mid", "下旬": "late", "底": "late", "末": "late"}


def number(text: str) -> int | None:
    """A number written in digits or Chinese numerals ("12", "十二", "二十一", "两", "一百")."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = current * 10 + _DIGITS[char] if current and char in "〇零" else _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _date(m: re.Match[str], c: Context) -> Days | None:
    """Resolve "12月15日" (the nearest one not yet over) or "2027年3月15日"."""
    month, day = number(m["zm"]), number(m["zd"])
    if month is None or day is None:
        return None
    found = nearest(_year_of(m, c), month, day, c.today, next_day)
    return (found, found + ONE_DAY) if found else None


_YEAR_WORDS = {"今年": 0, "明年": 1, "去年": -1}


def _year_of(m: re.Match[str], c: Context) -> int | None:
    """The year written ("2027年"), or named ("明年" next year), or None."""
    if m["zy"]:
        return int(m["zy"])
    word = m.groupdict().get("zyw")
    return c.today.year + _YEAR_WORDS[word] if word else None


def _month(m: re.Match[str], c: Context) -> Days | None:
    """Resolve "十二月", "12月份", "2027年3月" or "明年3月" to the whole month."""
    month = number(m["zm"])
    if month is None or not 1 <= month <= 12:
        return None
    first = nearest(_year_of(m, c), month, 1, c.today, next_month)
    return (first, next_month(first)) if first else None


def _month_part(m: re.Match[str], c: Context) -> Days | None:
    """Resolve "12月初/上旬" (days 1-10), "中旬" (11-20), "下旬/底" (21 to the end)."""
    month = number(m["zm"])
    if month is None or not 1 <= month <= 12:
        return None
    part = _MONTH_PARTS[m["zp"]]

    def span(first: date) -> tuple[date, date]:
        if part == "early":
            return first, first + 10 * ONE_DAY
        if part == "mid":
            return first + 10 * ONE_DAY, first + 20 * ONE_DAY
        return first + 20 * ONE_DAY, next_month(first)

    first = nearest(_year_of(m, c), month, 1, c.today,
                    lambda day: span(day)[1])  # fmt: skip
    return span(first) if first else None


def _year(m: re.Match[str], _c: Context) -> Days | None:
    """Resolve "2027年" to the whole year."""
    year = int(m["zy"])
    return (date(year, 1, 1), date(year + 1, 1, 1)) if 1900 <= year <= 2200 else None


def _weekday(m: re.Match[str], c: Context) -> Days | None:
    """Resolve "周三"/"星期三" (today or the next one), "本周三"/"这周三" (this week's), "下周三"
    (next week's), "上周三" (last week's), weeks starting on the asker's first weekday."""
    target = _WEEKDAYS[m["zwd"]]
    which = (m["zwp"] or "").replace("个", "")
    if which in ("", "这", "本") and not m["zwp"]:
        day = c.today + timedelta(days=(target - c.today.weekday()) % 7)
    else:
        weeks = {"下": 1, "下下": 2, "上": -1}.get(which, 0)
        first = week_start(c.today, c.first_weekday) + weeks * WEEK
        day = first + timedelta(days=(target - c.first_weekday) % 7)
    return day, day + ONE_DAY


def _ahead(m: re.Match[str], c: Context) -> Days | None:
    """Resolve "三天后" to that day, "两周后" to the week holding it, "两个月后" to the month."""
    count, unit = number(m["zn"]), _UNITS[m["zu"]]
    if count is None or not 0 < count <= 1000:
        return None
    target = add(c.today, count, unit)
    if unit == "day":
        return target, target + ONE_DAY
    if unit == "week":
        first = week_start(target, c.first_weekday)
        return first, first + WEEK
    if unit == "month":
        return target.replace(day=1), next_month(target)
    return date(target.year, 1, 1), date(target.year + 1, 1, 1)


def _within(m: re.Match[str], c: Context) -> Days | None:
    """Resolve "未来30天"/"接下来两周" to today up to and including the last day."""
    count, unit = number(m["zn"]), _UNITS[m["zu"]]
    if count is None or not 0 < count <= 1000:
        return None
    return c.today, add(c.today, count, unit) + ONE_DAY


def _range(m: re.Match[str], c: Context) -> Days | None:
    """Resolve "12月1日至15日" and "12月1日到1月15日" (the span not yet over)."""
    month1, day1, day2 = number(m["zm"]), number(m["zd"]), number(m["zd2"])
    month2 = number(m["zm2"]) if m["zm2"] else month1
    if None in (month1, day1, day2, month2):
        return None
    assert month1 is not None and day1 is not None and day2 is not None and month2 is not None
    last = nearest(None, month2, day2, c.today, next_day)
    if last is None:
        return None
    year1 = last.year if (month1, day1) <= (month2, day2) else last.year - 1
    first = valid(year1, month1, day1)
    return (first, next_day(last)) if first and first <= last else None


def _quarter(m: re.Match[str], c: Context) -> Days | None:
    """Resolve "第二季度" (this year's unless over, then next year's)."""
    n = number(m["zq"])
    if n is None or not 1 <= n <= 4:
        return None
    days = quarter_of(date(c.today.year, 3 * n, 1))
    return days if days[1] > c.today else quarter_of(date(c.today.year + 1, 3 * n, 1))


def _holiday(m: re.Match[str], c: Context) -> Days | None:
    """Resolve 圣诞节 (Christmas), 复活节 (Easter), 元旦 (New Year's Day) to the nearest not over."""
    span = HOLIDAY_SPANS[{"圣诞": "xmas", "复活": "easter", "元旦": "newyear"}[m["zh"]]]
    return next(days for y in range(c.today.year - 1, c.today.year + 2) if (days := span(y))[1] > c.today)


_BOUNDS = {"之前": "before", "以前": "before", "前": "before", "之后": "after", "以后": "after",
           "后": "after", "起": "since", "开始": "since", "为止": "until"}  # fmt: skip
_BOUND = r"(?P<zb>之前|以前|前|之后|以后|后|起|开始|为止)"


def _bounded(resolve: Resolver) -> Resolver:
    """A phrase followed by its bound ("12月20日之前" before, "1月起" from, "12月后" after)."""

    def resolve_bounded(m: re.Match[str], c: Context) -> Days | None:
        days = resolve(m, c)
        if days is None:
            return None
        return bounded(_BOUNDS[m["zb"]], days, c.today)

    return resolve_bounded


_YEAR = r"(?:(?P<zy>\d{4})年|(?P<zyw>今年|明年|去年))?"
_FIXED: tuple[tuple[str, str], ...] = (
    ("今天|今日|今晚", "today"), ("明天|明日", "tomorrow"), ("后天", "day_after_tomorrow"),
    ("昨天|昨日", "yesterday"),
    ("本周末|这个?周末|周末", "this_weekend"), ("下个?周末", "next_weekend"),
    ("本周|这周|这个星期|本星期|这星期|这一周", "this_week"),
    ("下周|下个星期|下星期|下一周|下个礼拜|下礼拜", "next_week"), ("下下周|下下个星期", "week_after_next"),
    ("上周|上个星期|上星期|上一周", "last_week"),
    ("本月|这个月|当月", "this_month"), ("下个月|下月|下一个月", "next_month"),
    ("上个月|上月", "last_month"),
    ("本季度|这个季度|本季", "this_quarter"), ("下季度|下个季度|下一季度", "next_quarter"),
    ("上季度|上个季度", "last_quarter"),
    ("今年|本年度|本年", "this_year"), ("明年|下一年|来年", "next_year"), ("去年", "last_year"),
    ("(?:年底|年末)(?:之?前)?", "until_end_of_year"),
    ("(?:这个?|本)?(?:月底|月末)(?:之?前)?", "until_end_of_month"),
)
_DATE = rf"{_YEAR}(?P<zm>{NUMERAL})月(?P<zd>{NUMERAL})[日号]"
_MONTH = rf"{_YEAR}(?P<zm>{NUMERAL})月(?:份)?"
_OTHERS = (
    (rf"{_DATE}{_BOUND}", _bounded(_date)),
    (rf"{_MONTH}(?:底|末)?{_BOUND}", _bounded(_month)),
    (rf"{_YEAR}(?P<zm>{NUMERAL})月(?P<zd>{NUMERAL})[日号]?(?:至|到|-|—|~|～)(?:(?P<zm2>{NUMERAL})月)?"
     rf"(?P<zd2>{NUMERAL})[日号]", _range),
    (_DATE, _date),
    (rf"{_YEAR}(?P<zm>{NUMERAL})月(?:份)?(?P<zp>初|上旬|中旬|下旬|底|末)", _month_part),
    (_MONTH, _month),
    (r"(?P<zy>\d{4})年(?:度)?", _year),
    (r"(?P<zwp>下下个?|下个?|上个?|本|这个?)?(?:周|星期|礼拜)(?P<zwd>[一二三四五六日天])", _weekday),
    (rf"(?P<zn>{NUMERAL})个?{_UNIT}(?:以|之)?后", _ahead),
    (rf"(?:未来|接下来的?|今后|之后的?)(?P<zn>{NUMERAL})个?{_UNIT}(?:内|之内)?", _within),
    (r"第(?P<zq>[一二三四1-4])季度", _quarter),
    (r"(?P<zh>圣诞|复活|元旦)(?:节)?", _holiday),
)

HAN_RULES: tuple[Rule, ...] = (
    *(period_rule(source, name, GATE) for source, name in _FIXED),
    *(Rule(source, resolve, gate=GATE) for source, resolve in _OTHERS),
)
