"""Partner workplans and the hardened fetcher (issue 20): what reading and fetching cost.

- ``workplans.csv``: a 5,000-row CSV workplan (the date forms staff type, in turn) read into every
  row's outcome. Baseline: the csv module splitting the same bytes, so the ratio is the mapping,
  the dates and the identities.
- ``workplans.xlsx``: the same workplan as an .xlsx (dates as Excel date cells). Baseline:
  openpyxl's read-only rows alone.
- ``workplans.fetch``: a 5 MB feed served gzip-compressed on loopback, fetched with the caps,
  the deadline and the address checks. Baseline: urllib's urlopen().read() of the same
  (decompressed with gzip.decompress), with none of them.
"""

from __future__ import annotations

import csv
import gzip
import io
import threading
import urllib.request
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.harness import BenchContext, benchmark
from brs_coord.partners.fetch import fetch
from brs_coord.partners.workplan import read_workplan

ROWS = 5_000
FORMS = ("{d:%Y-%m-%d}", "{d:%d/%m/%Y}", "{d.day} {d:%B %Y}", "{d:%B %Y}", "Q{q} {d.year}")


def _rows() -> list[list[Any]]:
    first = date(2027, 1, 4)
    rows: list[list[Any]] = [["Title", "Start date", "End date", "Type", "Venue"]]
    for n in range(ROWS):
        day = first + timedelta(days=n % 700)
        start = FORMS[n % len(FORMS)].format(d=day, q=(day.month - 1) // 3 + 1)
        rows.append([f"Regional workshop {n}", start, "", "workshop", "Dakar"])
    return rows


def _csv_bytes() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(_rows())
    return out.getvalue().encode()


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    first = date(2027, 1, 4)
    for n, row in enumerate(_rows()):
        sheet.append(row if n == 0 else [row[0], first + timedelta(days=n % 700), None, row[3], row[4]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _split(data: bytes) -> Any:
    return lambda: sum(1 for _ in csv.reader(io.StringIO(data.decode())))


@benchmark("workplans.csv", figure=f"read a {ROWS:,}-row CSV workplan (vs csv split)",
           baseline=lambda ctx: _split(_csv_bytes()), repeat=10)
def read_csv(ctx: BenchContext) -> Any:
    data = _csv_bytes()
    plan = read_workplan(data)
    ctx.note(f"workplans.csv: {len(plan.parsed().events):,} events from {len(data) / 1e6:.2f} MB")
    return lambda: len(read_workplan(data).outcomes)


def _openpyxl_rows(data: bytes) -> Any:
    from openpyxl import load_workbook

    def rows() -> int:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        return count

    return rows


@benchmark("workplans.xlsx", figure=f"read a {ROWS:,}-row XLSX workplan (vs openpyxl rows)",
           baseline=lambda ctx: _openpyxl_rows(_xlsx_bytes()), repeat=5)
def read_xlsx(ctx: BenchContext) -> Any:
    data = _xlsx_bytes()
    return lambda: len(read_workplan(data).outcomes)


FEED_BYTES = 5_000_000


def _served(ctx: BenchContext) -> str:
    body = gzip.compress(b"BEGIN:VEVENT\r\nSUMMARY:Regional workshop\r\nEND:VEVENT\r\n" * (FEED_BYTES // 52))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    ctx.on_close(server.server_close)
    ctx.on_close(server.shutdown)
    return f"http://127.0.0.1:{server.server_address[1]}/feed.ics"


def _urlopen(ctx: BenchContext) -> Any:
    url = _served(ctx)

    def get() -> int:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback, bench only
            return len(gzip.decompress(response.read()))

    return get


@benchmark("workplans.fetch", figure="fetch a 5 MB gzip feed, hardened (vs urlopen)", baseline=_urlopen,
           repeat=10)
def fetch_feed(ctx: BenchContext) -> Any:
    url = _served(ctx)
    return lambda: len(fetch(url, local=True).body)
