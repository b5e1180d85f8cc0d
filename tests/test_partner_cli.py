"""The contract of `brs-coord source …` and `brs-coord review …` (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

from brs_coord.services import Services
from tests.cli_helpers import invoke
from tests.partner_sync_helpers import CORPUS


def test_add_sync_review_apply_list_remove(services: Services, tmp_path: Path) -> None:
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    feed = tmp_path / "wp.ics"
    shutil.copyfile(CORPUS / "wordpress_1.ics", feed)
    added = invoke("source", "add", "--kind", "ics", "--file", str(feed), "--centre", "bcrc-uruguay",
                   "--kind-default", "webinar", "--audience", "regional-centres", env=env)
    assert added.exit_code == 0, added.output
    source_id = added.output.strip().splitlines()[-1]
    assert source_id.isdigit()
    assert f"{source_id}\tics\tbcrc-uruguay" in invoke("source", "list", env=env).output
    synced = invoke("source", "sync", source_id, env=env)
    assert synced.exit_code == 0, synced.output
    for word in ("processed 2", "added 0", "updated 0", "held 2", "rejected 0", "dropped 0"):
        assert word in synced.output
    listed = invoke("review", "list", env=env).output.strip().splitlines()
    assert len(listed) == 2 and all("\tnew\t" in line for line in listed)
    first = listed[0].split("\t")[0]
    assert invoke("review", "apply", first, env=env).exit_code == 0
    applied = invoke("review", "apply", "--all", env=env)
    assert applied.exit_code == 0 and applied.output.count("created event") == 1
    assert invoke("review", "list", env=env).output.strip() == "Nothing to review."
    again = invoke("source", "sync", env=env)  # nothing due right after a sync
    assert again.output.strip() == "No source is due."
    removed = invoke("source", "remove", source_id, env=env)
    assert removed.exit_code == 0
    assert invoke("source", "list", env=env).output.strip() == "No partner sources."


def test_bad_input_is_one_line_and_exit_1(services: Services, tmp_path: Path) -> None:
    env = {"BRS_DB": str(services.store.path), "BRS_STAFF_NAME": "tester"}
    cases = [
        ("source", "add", "--kind", "ics", "--url", "http://example.org/a.ics", "--centre", "bcrc-uruguay"),
        ("source", "add", "--kind", "ics", "--file", "x.ics", "--centre", "no-such-centre"),
        ("source", "sync", "99"),
        ("review", "apply", "42"),
    ]
    for args in cases:
        result = invoke(*args, env=env)
        assert result.exit_code == 1, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, (args, result.output)
    missing = invoke("source", "add", "--kind", "ics", "--file", str(tmp_path / "gone.ics"),
                     "--centre", "bcrc-uruguay", env=env)
    source_id = missing.output.strip().splitlines()[-1]
    failed = invoke("source", "sync", source_id, env=env)
    assert failed.exit_code == 1 and "failed" in failed.output and "Cannot read" in failed.output
