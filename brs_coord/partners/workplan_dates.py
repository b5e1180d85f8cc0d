"""The dates staff type into a workplan's cells, read as a span with its precision.

ISO (2027-03-12, 2027-03-12 09:30, 2027-03), numbers in the declared order (12/03/2027 day-first,
03/12/2027 month-first; / . - separators, two-digit years in 2000–2099), words in English, French
and Spanish ("12 March 2027", "March 12, 2027", « 1er mars 2027 », "12 de marzo de 2027"), a month
("March 2027", « mars 2027 », "marzo de 2027": MONTH precision), a quarter ("Q2 2027", "T2 2027",
"2T 2027": MONTH precision from the 1st of its first month to the 1st of the month after it), and
Excel's own values (date cells, serial numbers such as 46458). Pure code, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from ..date_words import MONTH_ABBREVIATIONS, MONTHS
from ..folding import fold
from .upstream import Precision

# Excel's day 0 in its 1900 date system (the 1900 leap-year bug makes it the 30th, not the 31st).
EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers read as dates: 1 Oct 1954 to 2119; a smaller or larger number is a count, not a day.
EXCEL_SERIALS = range(20_000, 80_000)

Cell = str | int | float | date | datetime | None

_MONTH_WORDS: dict[str, int] = {**{k: v for k, v in MONTHS.items() if k.isascii()}, **MONTH_ABBREVIATIONS}


class DateOrder(StrEnum):
    """How a workplan writes 12/03/2027: the 12th of March (day first) or the 3rd of December."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"


class DateProblem(ValueError):
    """A cell that is not a date in any form the reader knows; the message says what it expected."""


@dataclass(frozen=True, slots=True)
class Span:
    """What one cell dates: from ``first`` to before ``after`` (a day, a month or a quarter); for
    TIMED also the wall times (in the workplan's zone) it starts ``at`` and, once an end cell is
    read, ends ``until``."""

    first: date
    after: date
    precision: Precision
    at: datetime | None = None
    until: datetime | None = None

    @classmethod
    def day(cls, day: date) -> Span:
        return cls(day, day + timedelta(days=1), Precision.DAY)

    @classmethod
    def month(cls, year: int, month: int, months: int = 1) -> Span:
        end_year, end_month = divmod(month - 1 + months, 12)
        return cls(date(year, month, 1), date(year + end_year, end_month + 1, 1), Precision.MONTH)

    @classmethod
    def timed(cls, moment: datetime) -> Span:
        return cls(moment.date(), moment.date() + timedelta(days=1), Precision.TIMED, moment)


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: (\d{1,2})[:h](\d{2}))?")
_QUARTER = re.compile(
    r"(?:q|t)([1-4])[ /-]?(\d{4})|([1-4]) ?(?:q|t)[ /-]?(\d{4})|(\d{4})[ /-]?(?:q|t)([1-4])")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|e|o|º)\b")


def read_date(value: Cell, order: DateOrder = DateOrder.DAY_FIRST) -> Span:
    """The span a cell dates; DateProblem says why a cell is not one."""
    if isinstance(value, datetime):
        return Span.day(value.date()) if value.time() == time(0) else Span.timed(value.replace(tzinfo=None))
    if isinstance(value, date):
        return Span.day(value)
    if isinstance(value, bool) or value is None:
        raise DateProblem("is empty")
    if isinstance(value, int | float):
        return _serial(value)
    return _text(value, order)


def _serial(value: float) -> Span:
    if int(value) not in EXCEL_SERIALS:
        raise DateProblem(f"{value:g} is a number, not a date (an Excel date is a number such as 46458)")
    day = EXCEL_EPOCH + timedelta(days=int(value))
    fraction = value - int(value)
    if fraction == 0:
        return Span.day(day)
    minutes = round(fraction * 24 * 60)
    return Span.timed(datetime.combine(day, time(0)) + timedelta(minutes=minutes))


def _words(text: str) -> str:
    """Folded, punctuation as spaces (but the separators of numeric dates kept), Spanish 'de' gone."""
    folded = fold(text).strip()
    folded = re.sub(r"[,«»()\u2013\u2014]|(?<=[a-z])\.", " ", folded)
    folded = re.sub(r"\b(?:de|del|the|of|le)\b", " ", folded)
    return re.sub(r"\s+", " ", folded).strip()


def _text(raw: str, order: DateOrder) -> Span:
    text = _words(raw)
    if not text:
        raise DateProblem("is empty")
    try:
        if text.isdigit() and len(text) == 5:
            return _serial(int(text))
        if (found := _ISO.fullmatch(text)) is not None:
            year, month, day, hour, minute, second = found.groups()
            moment = datetime(int(year), int(month), int(day))
            if hour is None:
                return Span.day(moment.date())
            return Span.timed(moment.replace(hour=int(hour), minute=int(minute), second=int(second or 0)))
        if (found := _ISO_MONTH.fullmatch(text)) is not None:
            return Span.month(int(found[1]), int(found[2]))
        if (found := _NUMERIC.fullmatch(text)) is not None:
            return _numeric(found, order, raw)
        if (found := _QUARTER.fullmatch(text)) is not None:
            quarter, year = next((q, y) for q, y in (found.group(1, 2), found.group(3, 4), found.group(6, 5))
                                 if q is not None)
            return Span.month(int(year), 3 * int(quarter) - 2, months=3)
        return _named(text, raw)
    except ValueError as exc:
        if isinstance(exc, DateProblem):
            raise
        raise DateProblem(f"{raw.strip()!r} is not a day of the calendar ({exc})") from None


def _numeric(found: re.Match[str], order: DateOrder, raw: str) -> Span:
    first, second, year_text, hour, minute = found.groups()
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    day, month = (int(first), int(second)) if order is DateOrder.DAY_FIRST else (int(second), int(first))
    if month > 12:
        raise DateProblem(f"{raw.strip()!r} has no month {month} (the mapping reads dates {order.value})")
    moment = datetime(year, month, day)
    if hour is None:
        return Span.day(moment.date())
    return Span.timed(moment.replace(hour=int(hour), minute=int(minute)))


def _named(text: str, raw: str) -> Span:
    """'12 march 2027', 'march 12 2027', 'march 2027', '12-14 march 2027' (ordinals and 'de'
    already gone)."""
    words = re.sub(r"(?<=\d)-(?=\d)", " ", _ORDINAL.sub(r"\1", text)).split()
    months = [w for w in words if w in _MONTH_WORDS]
    years = [w for w in words if re.fullmatch(r"\d{4}", w)]
    days = [w for w in words if re.fullmatch(r"\d{1,2}", w)]
    rest = [w for w in words if w not in months and w not in years and w not in days]
    if len(months) == 1 and len(years) == 1 and len(days) <= 2 and not rest:
        month, year = _MONTH_WORDS[months[0]], int(years[0])
        if not days:
            return Span.month(year, month)
        first, last = date(year, month, int(days[0])), date(year, month, int(days[-1]))
        if last < first:
            raise DateProblem(f"{raw.strip()!r}: the range ends before it starts")
        return Span(first, last + timedelta(days=1), Precision.DAY)
    if years and not months and not days and not rest:
        raise DateProblem(f"{raw.strip()!r} names only a year: give a month ('March 2027') or a quarter"
                          " ('Q2 2027')")
    raise DateProblem(f"{raw.strip()!r} is not a date (2027-03-12, 12/03/2027, 12 March 2027,"
                      " March 2027 or Q2 2027)")


def day_marks(text: str, year: int, month: int) -> list[Span]:
    """A month column's cell in a month/year table: an X (the month itself), a day (12), a range
    of days (12-14) or several of them (3, 17-18); DateProblem for anything else."""
    cleaned = fold(text).strip()
    if cleaned in {"x", "\u2713", "\u2714", "\u2022", "*", "yes", "oui", "si"}:
        return [Span.month(year, month)]
    spans: list[Span] = []
    for part in re.split(r"\s*[,;&+]\s*|\s+(?:and|et|y)\s+", cleaned):
        found = re.fullmatch(r"(\d{1,2})(?:\s*(?:-|\u2013|\u2014|au|al|to)\s*(\d{1,2}))?", part)
        if found is None:
            raise DateProblem(f"{text.strip()!r} is neither an X nor days of the month (12, 12-14)")
        try:
            first = date(year, month, int(found[1]))
            last = date(year, month, int(found[2] or found[1]))
        except ValueError:
            raise DateProblem(f"{text.strip()!r}: {date(year, month, 1):%B %Y} has no such day") from None
        if last < first:
            raise DateProblem(f"{text.strip()!r}: the range ends before it starts")
        spans.append(Span(first, last + timedelta(days=1), Precision.DAY))
    return spans


def month_header(value: Cell) -> tuple[int, int] | None:
    """(year, month) when a header cell names one month of one year ('Mar 2027', 'mars 2027',
    '2027-03', an Excel date on the 1st), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool) and int(value) not in EXCEL_SERIALS:
        return None
    try:
        span = read_date(value)
    except DateProblem:
        return None
    one_month = Span.month(span.first.year, span.first.month)
    if span.precision is Precision.MONTH and span.after == one_month.after:
        return span.first.year, span.first.month
    if isinstance(value, date) and span.first.day == 1:
        return span.first.year, span.first.month
    return None
