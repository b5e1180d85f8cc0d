"""`brs-coord ask QUESTION`: answer a question about events, as the bot and the TUI search box do."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

import click

from .domain import Event
from .errors import InvalidInput
from .languages import CODES, DEFAULT


def _answer_lines(answer: Any, describe: str, zone: ZoneInfo, lang: str) -> list[str]:
    """The answer as readable lines: what was understood (and not), the events, the paging; help for
    a message that is not a question."""
    if answer.help:  # its words are stop words, or in a language not read: the help says which are
        from .services.describe import help_lines

        return help_lines(lang)
    lines = describe.splitlines()
    for event in answer.events:
        lines.append(_event_line(event, zone, lang))
    shown = len(answer.events)
    if not shown:
        lines.append("No events match." if answer.total == 0 else "No more events.")
    else:
        first = answer.offset + 1
        lines.append(f"{first}–{answer.offset + shown} of {answer.total_text}")
    if answer.also_open is not None and answer.also_open.total:
        lines.append(answer.also_open.label)
    return lines


def _event_line(event: Event, zone: ZoneInfo, lang: str) -> str:
    """One event of an answer: its title in the asker's language where it has one."""
    when = event.starts_at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
    mark = f" [{event.status.value.upper()}]" if event.status.value in {"cancelled", "postponed"} else ""
    languages = "/".join(event.languages)
    return f"{when}  {event.kind.label:<18} {event.title_in(lang)}{mark}  ({languages}; {event.timezone})"


def _refuse_unreadable(text: str) -> None:
    """A question the service would silently cut or clean is refused here, where it can be retyped."""
    from .services.query import MAX_QUESTION_CHARS

    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidInput(f"The question is too long ({len(text)} characters; at most {MAX_QUESTION_CHARS})")
    if any(not ch.isprintable() and ch not in " \t\n" for ch in text):
        raise InvalidInput("The question contains control characters")


@click.command(name="ask")
@click.argument("question", nargs=-1, required=True)
@click.option("--tz", default=None, help="Your time zone (IANA name); default: BRS_TZ.")
@click.option("--lang", type=click.Choice(CODES), default=None,
              help="Your language, read first (all six are understood).")
@click.option("--limit", type=click.IntRange(0, 100), default=5, show_default=True)
@click.option("--offset", type=click.IntRange(0, 1_000_000), default=0, show_default=True)
@click.option("--participant", "telegram_id", type=int, default=None, metavar="TELEGRAM_ID",
              help="Whose saved audience and language answer a personal question (\"anything for me?\").")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def ask(
    ctx: click.Context, question: tuple[str, ...], tz: str | None, lang: str | None, limit: int,
    offset: int, telegram_id: int | None, as_json: bool,
) -> None:
    """Ask a question about events, in English, French, Spanish, Arabic, Chinese or Russian.

    \b
    Examples:
      brs-coord ask "webinars on e-waste next month"
      brs-coord ask "ateliers pour les douaniers en Afrique" --lang fr
      brs-coord ask "talleres el próximo lunes" --tz America/Panama --json
      brs-coord ask "anything for me?" --participant 123456789
    """
    from .services.profile import Profile

    text = " ".join(question)
    _refuse_unreadable(text)
    services = ctx.find_root().obj.services()
    profile = None
    if telegram_id is not None:
        participant = services.participants.get(telegram_id)
        if participant is None:
            raise InvalidInput(f"No participant with Telegram id {telegram_id}")
        profile = Profile.of(participant)
        tz, lang = tz or participant.timezone, lang or participant.language
    zone_name = tz if tz is not None else services.settings.staff_tz
    answer = services.query.ask(text, tz=zone_name, lang=lang, limit=limit, offset=offset, profile=profile)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return
    describe = services.query.describe(answer.understood, lang or DEFAULT)
    if answer.understood.personal and profile is None:
        describe += "\n(say whose profile with --participant TELEGRAM_ID)"
    for line in _answer_lines(answer, describe, ZoneInfo(zone_name), lang or DEFAULT):
        click.echo(line)
