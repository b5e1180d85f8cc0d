"""The results framework shipped with the package (``results_plan.json``: section V of the 2018–2021
technical assistance plan) and its loading: read by the seed (new databases) and by a migration."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..results import Rule, Unit, default_disaggregations
from .connection import Connection
from .rows import dump

PLAN_FILE = "results_plan.json"


@cache
def plan_data() -> dict[str, Any]:
    """The plan shipped with the package (section V of the 2018–2021 technical assistance plan)."""
    text = resources.files("brs_coord.store.catalogue").joinpath(PLAN_FILE).read_text("utf-8")
    return dict(json.loads(text))


def add_missing_plan(db: Connection, data: dict[str, Any] | None = None) -> int:
    """Insert the plan's outcomes, outputs and indicators that are missing (an edited one is kept);
    returns how many rows were added."""
    data = data or plan_data()
    added = 0
    for position, outcome in enumerate(data["outcomes"]):
        added += db.execute(
            "INSERT INTO results_outcomes (code, convention, text, position) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(code) DO NOTHING",
            [outcome["code"], outcome["convention"], outcome["text"], position],
        ).rowcount
        for index, output in enumerate(outcome["outputs"]):
            added += db.execute(
                "INSERT INTO results_outputs (code, outcome, text, position) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(code) DO NOTHING",
                [output["code"], outcome["code"], output["text"], position * 100 + index],
            ).rowcount
        for index, indicator in enumerate(outcome["indicators"]):
            unit = Unit(indicator["unit"])
            added += db.execute(
                "INSERT INTO results_indicators (code, outcome, text, unit, rule, disaggregations, position)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING",
                [indicator["code"], outcome["code"], indicator["text"], unit.value,
                 Rule(indicator["rule"]).value, dump([d.value for d in default_disaggregations(unit)]),
                 position * 100 + index],
            ).rowcount
    return added
