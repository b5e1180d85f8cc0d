"""`brs-coord certificate verify|revoke CODE`: staff check a certificate of attendance, or withdraw one."""

from __future__ import annotations

from typing import Any

import click

from .errors import NotFound


def _services(ctx: click.Context) -> Any:
    return ctx.find_root().obj.services()


@click.group("certificate")
def certificate_commands() -> None:
    """Certificates of attendance (participants ask for them with /certificate in the bot)."""


@certificate_commands.command("verify")
@click.argument("code")
@click.pass_context
def verify(ctx: click.Context, code: str) -> None:
    """Say whether CODE is a valid, revoked or unknown certificate, and whose (full name)."""
    result = _services(ctx).certificates.verify(code)
    found = result.certificate
    if found is None:
        raise NotFound("No certificate has this code")
    click.echo(f"{result.state.value}: {found.holder} — {found.event_title} ({found.starts_on}"
               f"{'' if found.ends_on == found.starts_on else ' to ' + found.ends_on}),"
               f" issued {found.issued_at.date().isoformat()}"
               + (f"; revoked: {found.revoked_reason}" if found.revoked_reason else ""))


@certificate_commands.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why it is withdrawn (kept with the certificate).")
@click.pass_context
def revoke(ctx: click.Context, code: str, reason: str) -> None:
    """Withdraw the certificate CODE: /verify answers "withdrawn" from then on."""
    if not _services(ctx).certificates.revoke(code, reason):
        raise NotFound("No certificate with this code is in force")
    click.echo("Revoked.")
