"""`brs-coord staff add|list|role|remove`: the staff list and roles (admins only; the acting person
is the OS login of the process)."""

from __future__ import annotations

from typing import Any

import click

from .permissions import ROLE_NAMES, TELEGRAM_ID_MAX, Role

ROLE_CHOICE = click.Choice([role.value for role in Role])


@click.group()
def staff() -> None:
    """Who may do what: the staff list and each person's role."""


def _services(ctx: click.Context) -> Any:
    return ctx.find_root().obj.services()


@staff.command("add")
@click.argument("login")
@click.option("--role", "role", type=ROLE_CHOICE, required=True, help="The person's role.")
@click.option("--centre", "centres", multiple=True, help="A centre's slug (centre editors); repeatable.")
@click.option("--telegram-id", type=click.IntRange(1, TELEGRAM_ID_MAX), default=None,
              help="Their Telegram user id (bot staff commands).")
@click.option("--name", "display_name", default="", help="How they are shown (default: the login).")
@click.pass_context
def add(ctx: click.Context, login: str, role: str, centres: tuple[str, ...], telegram_id: int | None,
        display_name: str) -> None:
    """Add LOGIN (an OS login) to the staff list with a role, or change its entry."""
    member = _services(ctx).staff.add(login, Role(role), centres=centres, telegram_id=telegram_id,
                                      display_name=display_name)
    click.echo(f"{member.login}: {ROLE_NAMES[member.role]}" + _centres(member.centres))


def _centres(centres: tuple[str, ...]) -> str:
    return f" ({', '.join(centres)})" if centres else ""


@staff.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """Everyone on the staff list with their role, centres and Telegram id."""
    for member in _services(ctx).staff.all():
        telegram = f"  telegram {member.telegram_id}" if member.telegram_id is not None else ""
        click.echo(f"{member.login:<16} {member.role.value:<14} {','.join(member.centres) or '-':<20}"
                   f" added by {member.added_by}{telegram}")


@staff.command("role")
@click.argument("login")
@click.argument("role", type=ROLE_CHOICE)
@click.pass_context
def role(ctx: click.Context, login: str, role: str) -> None:
    """Change the role of LOGIN."""
    member = _services(ctx).staff.set_role(login, Role(role))
    click.echo(f"{member.login}: {ROLE_NAMES[member.role]}" + _centres(member.centres))


@staff.command("remove")
@click.argument("login")
@click.pass_context
def remove(ctx: click.Context, login: str) -> None:
    """Take LOGIN off the staff list (the last admin stays)."""
    _services(ctx).staff.remove(login)
    click.echo(f"{login} removed from the staff list")
