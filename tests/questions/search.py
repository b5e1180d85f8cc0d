"""The staff search box (issue 23): uids, the placeholder's example, programme words, unknown words."""

from __future__ import annotations

from tests.questions import row

ROWS = [
    row("demo-0001@brs-coord", places={"demo-0001": "filter", "brs-coord": "filter"}),
    row("demo-0001", places={"demo-0001": "filter"}),
    row("demo-99999", unknown=("demo-99999",), answerable=False),
    row("webinars africa december", ("2026-12-01", "2027-01-01"), kinds=["webinar"], regions=["africa"]),
    row("e-waste march", ("2027-03-01", "2027-04-01"), programmes=["e-waste"],
        places={"e-waste": "filter", "march": "date"}),
    row("customs", programmes=["customs-training"], places={"customs": "filter"}),
    row("xyzzy plugh", unknown=("xyzzy", "plugh"), answerable=False),
]
