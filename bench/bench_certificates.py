"""Certificates of attendance over the 10k scale database.

- ``cert.pdf``: ``CertificateService.issue`` for an attendee who has their certificate already (the
  same code, the PDF rendered again in French: DejaVu Sans and the CJK fallback embedded as subsets,
  text shaped by HarfBuzz; ``cert.pdf.zh`` the same in Chinese, which also parses the CJK font).
  Baseline: fpdf2 writing the same words with its core Helvetica font
  (nothing embedded, no shaping) — what the fonts and shaping cost.
- ``cert.verify``: ``CertificateService.verify`` of that code (the certificate, its event and the
  attendance read again). Baseline: one SELECT of the certificate by its code on an open connection.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bench.harness import BenchContext, benchmark

SIZE = "10k"


def _issued(ctx: BenchContext, language: str = "fr") -> tuple[Any, int, int, str]:
    """Services over a copy of the scale database where one registrant of a held event attended it,
    in ``language``, with their certificate issued."""
    services = ctx.services(SIZE, copy=True)
    db = services.store.session.db
    row = next(db.query(
        "SELECT r.event_id, p.telegram_id, p.id FROM registrations r JOIN events e ON e.id = r.event_id"
        " JOIN participants p ON p.id = r.participant_id WHERE e.status = 'held' ORDER BY r.id LIMIT 1"))
    db.execute("UPDATE registrations SET status = 'attended', attended = 1, attended_share = 0.9"
               " WHERE event_id = ? AND participant_id = ?", [row["event_id"], row["id"]])
    db.execute("UPDATE participants SET language = ?, first_name = 'Jeanne Dupont' WHERE id = ?",
               [language, row["id"]])
    issued = services.certificates.issue(row["telegram_id"], row["event_id"])
    return services, row["telegram_id"], row["event_id"], issued.certificate.code


def _core_font_page(ctx: BenchContext) -> Any:
    from fpdf import FPDF

    def write() -> bytes:
        pdf = FPDF(orientation="landscape", format="A4")
        pdf.add_page()
        pdf.set_font("Helvetica", size=14)
        for text in ["Certificat de participation", "Nous certifions que", "Jeanne Dupont",
                     "a participe a", "Atelier regional", "Dates: 23-25 nov. 2026", "Duree: 24 heures",
                     "Code de verification: 7KQ2M-XH9PA"]:
            pdf.cell(0, 10, text, new_x="LMARGIN", new_y="NEXT", align="C")
        return bytes(pdf.output())

    return write


@benchmark("cert.pdf", figure="certificate PDF, asked again (fr)", size=SIZE, target="< 1 s",
           baseline=_core_font_page, warmup=1, repeat=10)
def pdf(ctx: BenchContext) -> Any:
    services, telegram_id, event_id, _ = _issued(ctx)
    return lambda: services.certificates.issue(telegram_id, event_id)


@benchmark("cert.pdf.zh", figure="certificate PDF, asked again (zh)", size=SIZE, target="< 1 s",
           baseline=_core_font_page, warmup=1, repeat=10)
def pdf_chinese(ctx: BenchContext) -> Any:
    services, telegram_id, event_id, _ = _issued(ctx, "zh")
    return lambda: services.certificates.issue(telegram_id, event_id)


def _select_by_code(ctx: BenchContext) -> Any:
    services, _, _, code = _issued(ctx)
    conn = sqlite3.connect(f"file:{services.store.path}?mode=ro", uri=True, check_same_thread=False)
    return lambda: conn.execute("SELECT * FROM certificates WHERE code = ?", [code]).fetchone()


@benchmark("cert.verify", figure="/verify: a code checked", size=SIZE, target="< 50 ms",
           baseline=_select_by_code)
def verify(ctx: BenchContext) -> Any:
    services, _, _, code = _issued(ctx)
    return lambda: services.certificates.verify(code)
