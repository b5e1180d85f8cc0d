"""json_codec: dataclasses to JSON-safe values and back by their type hints, refusing other types;
source_fingerprint: the code a stored result was computed by."""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from brs_coord.services.json_codec import Undecodable, codec_for, decode_fields, encode_fields
from brs_coord.services.source_fingerprint import reached_modules, source_fingerprint


@dataclass(frozen=True)
class Leaf:
    name: str
    flag: bool = False


@dataclass
class Tree:
    by_path: dict[tuple[str, ...], list[Leaf]] = field(default_factory=dict)
    pairs: dict[tuple[str, int], dict[str, float]] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
    keys: set[tuple[str, ...]] = field(default_factory=set)
    note: str | None = None
    depth: int = 0
    parent: Leaf | None = None


def _tree() -> Tree:
    return Tree(
        by_path={("a", "b"): [Leaf("x"), Leaf("y", True)], (): []},
        pairs={("p", 2): {"w": 0.5, "v": 3}}, tags=frozenset({"z", "y"}), keys={("k",), ("j", "i")},
        note=None, depth=3, parent=Leaf("root"),
    )


def test_a_round_trip_through_json_text_gives_an_equal_value() -> None:
    tree = _tree()
    text = json.dumps(encode_fields(tree))
    assert decode_fields(Tree, json.loads(text)) == tree
    assert json.loads(text)["tags"] == ["y", "z"]  # sets are written in order: the same text each time


@pytest.mark.parametrize(("name", "value"), [
    ("depth", True),  # a bool is no int
    ("depth", "3"),
    ("note", 5),
    ("tags", "yz"),
    ("by_path", {"a": []}),  # a tuple-keyed dict is [keys, values]
    ("by_path", [[["a"]], [[["x", "no"]]]]),  # a Leaf's flag must be a bool
    ("by_path", [[["a"]], [[["x"]]]]),  # a Leaf has two fields
    ("by_path", [[["a"], ["b"]], [[["x", False]]]]),  # a key without its value
    ("by_path", [[["a"]]]),  # no values at all
    ("pairs", [[["p", "2"]], [{}]]),
    ("parent", {"name": "root"}),
])
def test_a_value_of_another_type_is_refused(name: str, value: object) -> None:
    data = encode_fields(_tree())
    data[name] = value
    with pytest.raises(Undecodable):
        decode_fields(Tree, data)


def test_a_missing_or_unknown_field_is_refused() -> None:
    data = encode_fields(_tree())
    with pytest.raises(Undecodable, match="depth"):
        decode_fields(Tree, {k: v for k, v in data.items() if k != "depth"})
    with pytest.raises(Undecodable, match="extra"):
        decode_fields(Tree, {**data, "extra": 1})


def test_a_type_without_a_codec_is_refused_when_the_codec_is_made() -> None:
    with pytest.raises(TypeError):
        codec_for(dict[str, object])
    with pytest.raises(TypeError):
        codec_for(int | str)


def _package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / "fppkg" / f"{name}.py"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_fingerprint_follows_every_module_reached_and_only_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _package(tmp_path, {
        "__init__": "",
        "top": "from . import words\nfrom .helpers import shout\nfrom .things import THING\n",
        "words": "WORDS = ('a', 'b')\n",
        "helpers": "def shout(text):\n    return text.upper()\n",
        "things": "class Thing:\n    pass\n\nTHING = Thing()\n",
        "unrelated": "X = 1\n",
    })
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m.startswith("fppkg")]:
        monkeypatch.delitem(sys.modules, name)
    top = importlib.import_module("fppkg.top")
    importlib.import_module("fppkg.unrelated")
    assert set(reached_modules(top)) == {"fppkg.top", "fppkg.words", "fppkg.helpers", "fppkg.things"}
    before = source_fingerprint(top)
    assert source_fingerprint(top) == before
    (tmp_path / "fppkg" / "unrelated.py").write_text("X = 2\n", encoding="utf-8")
    assert source_fingerprint(top) == before
    for name in ("words", "helpers", "things"):
        path = tmp_path / "fppkg" / f"{name}.py"
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "# changed\n", encoding="utf-8")
        assert source_fingerprint(top) != before, name
        path.write_text(original, encoding="utf-8")
    assert source_fingerprint(top) == before


def test_the_vocabulary_fingerprint_covers_the_modules_that_shape_it() -> None:
    """The stored vocabulary's key (vocabulary_cache.fingerprint) follows the word lists and word
    forms of every language: a changed Arabic, Chinese or Russian list is never read from an old row."""
    from brs_coord.services import json_codec, vocabulary

    reached = set(reached_modules(vocabulary)) | set(reached_modules(json_codec))
    assert {
        "brs_coord.services.vocabulary", "brs_coord.services.words", "brs_coord.services.words_un",
        "brs_coord.word_forms", "brs_coord.folding", "brs_coord.facets", "brs_coord.services.json_codec",
    } <= reached
