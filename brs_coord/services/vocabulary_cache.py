"""The question vocabulary kept in the store beside the catalogue it was built from.

Building the vocabulary (every name of the catalogue in every language, folded and split into
phrases) costs a cold process tens of milliseconds; reading it back costs a few. The first build
after a catalogue change writes it (JSON through ``json_codec``, every field of ``Vocabulary``),
keyed by the catalogue's change counter and by the fingerprint of the code that builds and writes
it (the format, the vocabulary's and the codec's modules: ``source_fingerprint``), so another
build of brs-coord, or a changed word list, never reads a vocabulary it did not make. Writing is
best effort: a read-only, busy or full database still answers, it only builds again next time.
"""

from __future__ import annotations

import functools
import json
import logging

from ..errors import StoreError
from ..store import Store
from . import json_codec
from . import vocabulary as vocabulary_module
from .json_codec import Undecodable, decode_fields, encode_fields
from .source_fingerprint import source_fingerprint
from .vocabulary import Vocabulary, build_vocabulary

log = logging.getLogger(__name__)

FORMAT = 1  # raise it when encode/decode below change (json_codec's changes change the key anyway)


@functools.cache
def fingerprint() -> str:
    """This build's key: the format, the code the vocabulary is built by and the codec writing it."""
    return f"{FORMAT}:{source_fingerprint(vocabulary_module, json_codec)}"


def encode(vocabulary: Vocabulary) -> str:
    return json.dumps(encode_fields(vocabulary), ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Vocabulary:
    """The vocabulary of ``encode``'s text; Undecodable when it is not one."""
    try:
        vocabulary: Vocabulary = decode_fields(Vocabulary, json.loads(text))
    except Undecodable:
        raise
    except (ValueError, TypeError, RecursionError) as exc:  # not JSON, or refused by a constructor
        raise Undecodable(f"not a stored vocabulary: {exc}") from exc
    return vocabulary


def build(store: Store) -> Vocabulary:
    """The vocabulary of the store's catalogue, built now."""
    catalogue = store.catalogue
    return build_vocabulary(
        catalogue.conventions(), catalogue.regions(), catalogue.countries(),
        catalogue.audiences(), catalogue.programmes(), catalogue.cities(), catalogue.results(),
    )


def load(store: Store, catalogue_version: int) -> Vocabulary:
    """The vocabulary of catalogue version ``catalogue_version``: read from the store when this
    build stored it for that version, else built (and stored, best effort)."""
    key = fingerprint()
    try:
        text = store.vocabulary_cache.read(key, catalogue_version)
    except StoreError as exc:
        log.debug("stored vocabulary not read: %s", exc)
        text = None
    if text is not None:
        try:
            return decode(text)
        except Undecodable as exc:  # damaged, or written by hand: build it again
            log.warning("stored vocabulary ignored (%s); building it", exc)
    vocabulary = build(store)
    try:
        text = encode(vocabulary)
    except TypeError as exc:  # a field of a type json_codec does not write (its tests say so too)
        log.warning("vocabulary not stored: %s", exc)
        return vocabulary
    try:
        store.vocabulary_cache.save(key, catalogue_version, text)
    except StoreError as exc:  # read-only, locked or full: answer anyway, store it next time
        log.debug("vocabulary not stored: %s", exc)
    return vocabulary
