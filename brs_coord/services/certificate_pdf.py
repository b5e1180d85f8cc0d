"""A certificate of attendance as PDF bytes (fpdf2): worded facts in, one A4 landscape page out.

No rules here: the certificate service decides what is printed and words it in the holder's
language. The fonts ship in ``brs_coord/fonts`` (never the machine's): DejaVu Sans for Latin,
Cyrillic and Arabic, WenQuanYi Micro Hei as the fallback for Chinese; text is shaped with
HarfBuzz (uharfbuzz), so Arabic is joined and laid out right to left."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
MAIN_FONT, CJK_FONT = "dejavu", "wqy"
_FONT_FILES = {MAIN_FONT: ("DejaVuSans.ttf", 0), CJK_FONT: ("wqy-microhei.ttc", 0)}
_INK, _MUTED, _ACCENT = (25, 35, 45), (95, 105, 115), (0, 94, 120)


@dataclass(frozen=True)
class CertificatePage:
    """What one certificate says, already worded in its language."""

    heading: str
    certifies: str  # "This is to certify that"
    holder: str
    attended: str  # "attended"
    event_title: str
    facts: tuple[tuple[str, str], ...]  # (label, value): dates, hours, organiser
    code_label: str
    code: str
    verify_line: str  # "Check it at https://.../verify/CODE"
    rtl: bool = False
    title: str = ""  # the PDF's document title
    language: str = "en"  # the PDF's declared language (for screen readers)


def render(page: CertificatePage) -> bytes:
    """The PDF of one certificate."""
    from fpdf import FPDF
    from fpdf.enums import Align, XPos, YPos

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(page.title or page.heading)
    pdf.set_creator("brs-coord")
    pdf.set_lang(page.language)
    families = [MAIN_FONT, CJK_FONT] if _needs_cjk(page) else [MAIN_FONT]
    for family in families:
        name, index = _FONT_FILES[family]
        pdf.add_font(family, fname=FONT_DIR / name, collection_font_number=index)
    if CJK_FONT in families:
        pdf.set_fallback_fonts([CJK_FONT], exact_match=False)
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if page.rtl else "ltr")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _frame(pdf)
    width = pdf.w - 2 * 30
    align = Align.R if page.rtl else Align.L

    def line(
        text: str, size: float, colour: tuple[int, int, int], height: float, centred: bool = True
    ) -> None:
        pdf.set_font(MAIN_FONT, size=size)
        pdf.set_text_color(*colour)
        pdf.set_x(30)
        pdf.multi_cell(width, height, text, align=Align.C if centred else align,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_y(32)
    line(page.heading, 28, _ACCENT, 14)
    pdf.ln(6)
    line(page.certifies, 13, _MUTED, 8)
    line(page.holder, 24, _INK, 13)
    line(page.attended, 13, _MUTED, 8)
    line(page.event_title, 17, _INK, 9)
    pdf.ln(6)
    for label, value in page.facts:
        line(f"{label}: {value}", 12, _INK, 7)
    pdf.set_y(pdf.h - 45)
    line(f"{page.code_label}: {page.code}", 13, _ACCENT, 8)
    line(page.verify_line, 10, _MUTED, 6)
    return bytes(pdf.output())


def _needs_cjk(page: CertificatePage) -> bool:
    """Whether any text is in a script from the CJK ranges on (U+2E80: radicals, kana, ideographs,
    full-width forms), which DejaVu lacks; the 5 MB CJK font is parsed only then."""
    texts = [page.heading, page.certifies, page.holder, page.attended, page.event_title, page.code_label,
             page.verify_line, *(part for fact in page.facts for part in fact)]
    return any(ord(ch) >= 0x2E80 for text in texts for ch in text)


def _frame(pdf: object) -> None:
    from fpdf import FPDF

    assert isinstance(pdf, FPDF)
    pdf.set_draw_color(*_ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    pdf.set_line_width(0.3)
    pdf.rect(16, 16, pdf.w - 32, pdf.h - 32)
