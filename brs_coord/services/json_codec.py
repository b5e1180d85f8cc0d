"""Dataclasses to JSON-safe values and back, driven by their fields' type hints.

Never pickle: the text may come from a file others can write. Decoding builds only the types the
hints declare (str, int, float, bool, None, tuples, lists, sets, dicts, optional values and
dataclasses of these) and raises ``Undecodable`` for anything else, so a damaged or foreign text
is refused, never run. Dicts with str keys are JSON objects, others [[keys...], [values...]]; sets
are sorted lists; a dataclass is the list of its init fields' values in field order.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

Convert = Callable[[Any], Any]


class Undecodable(ValueError):
    """A value that is not of the declared type."""


class Codec:
    """How one type is written as JSON-safe values and read back (a plain class: a dataclass would
    cost a cold process its generated methods for nothing)."""

    __slots__ = ("encode", "decode", "scalar")

    def __init__(self, encode: Convert, decode: Convert, scalar: type | None = None) -> None:
        self.encode = encode
        self.decode = decode
        self.scalar = scalar  # str, int or bool: values are checked (their type), not converted


def _refuse(hint: object, value: object) -> Undecodable:
    return Undecodable(f"expected {hint}, found {type(value).__name__}")


@functools.cache
def codec_for(hint: Any) -> Codec:
    """The codec of a type hint (a class or a parametrised generic); TypeError when unsupported."""
    if hint in (str, int, float, bool):
        return _scalar(hint)
    if hint is type(None) or hint is None:
        return Codec(_same, _expect_none)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        return _optional(codec_for(next(arg for arg in args if arg is not type(None))))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(codec_for(args[0]), tuple)
    if origin is tuple and args:
        return _fixed_tuple(tuple(codec_for(arg) for arg in args))
    if origin is list and len(args) == 1:
        return _sequence(codec_for(args[0]), list)
    if origin in (frozenset, set) and len(args) == 1:
        return _set(codec_for(args[0]), origin)
    if origin is dict and len(args) == 2:
        return _dict(codec_for(args[0]), codec_for(args[1]))
    raise TypeError(f"no JSON codec for {hint!r}")


def _same(value: Any) -> Any:
    return value


def _expect_none(value: Any) -> None:
    if value is not None:
        raise _refuse(None, value)


def _scalar(kind: type) -> Codec:
    accepted = (int, float) if kind is float else (kind,)

    def decode(value: Any) -> Any:
        if type(value) not in accepted:  # bool is not an int here, as JSON keeps them apart
            raise _refuse(kind, value)
        return value

    return Codec(_same, decode, None if kind is float else kind)  # a float may be written as an int


def _optional(inner: Codec) -> Codec:
    def encode(value: Any) -> Any:
        return None if value is None else inner.encode(value)

    def decode(value: Any) -> Any:
        return None if value is None else inner.decode(value)

    return Codec(encode, decode)


def _items(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _refuse(list, value)
    return value


def _sequence(item: Codec, kind: type) -> Codec:
    def encode(value: Any) -> list[Any]:
        return [item.encode(element) for element in value]

    decode_item = item.decode
    if item.scalar is not None:
        allowed = {item.scalar}

        def decode(value: Any) -> Any:
            if type(value) is not list or not allowed.issuperset(map(type, value)):
                raise _refuse(kind, value)
            return kind(value)
    elif kind is list:
        def decode(value: Any) -> Any:
            return [decode_item(element) for element in _items(value)]
    else:
        def decode(value: Any) -> Any:
            return kind([decode_item(element) for element in _items(value)])

    return Codec(encode, decode)


def _set(item: Codec, kind: type) -> Codec:
    as_sequence = _sequence(item, kind)

    def encode(value: Any) -> list[Any]:
        try:
            ordered = sorted(value)
        except TypeError:  # elements without an order: any order reads back the same set
            ordered = list(value)
        encoded: list[Any] = as_sequence.encode(ordered)
        return encoded

    return Codec(encode, as_sequence.decode)


def _fixed_tuple(items: tuple[Codec, ...]) -> Codec:
    def encode(value: Any) -> list[Any]:
        return [codec.encode(element) for codec, element in zip(items, value, strict=True)]

    def decode(value: Any) -> tuple[Any, ...]:
        elements = _items(value)
        if len(elements) != len(items):
            raise _refuse(f"{len(items)} values", value)
        return tuple(codec.decode(element) for codec, element in zip(items, elements, strict=True))

    return Codec(encode, decode)


def _dict(key: Codec, value_codec: Codec) -> Codec:
    if key.scalar is str:  # a JSON object
        def encode(value: Any) -> dict[str, Any]:
            return {k: value_codec.encode(v) for k, v in value.items()}

        def decode(value: Any) -> dict[Any, Any]:
            if type(value) is not dict:
                raise _refuse(dict, value)
            return {k: value_codec.decode(v) for k, v in value.items()}

        return Codec(encode, decode)

    def encode_columns(value: Any) -> list[list[Any]]:
        return [[key.encode(k) for k in value], [value_codec.encode(v) for v in value.values()]]

    decode_key, decode_value = key.decode, value_codec.decode

    def decode_columns(value: Any) -> dict[Any, Any]:
        columns = _items(value)
        if len(columns) != 2 or type(columns[0]) is not list or type(columns[1]) is not list:
            raise _refuse("[keys, values]", value)
        keys, values = columns
        if len(keys) != len(values):
            raise _refuse("as many keys as values", value)
        return dict(zip(map(decode_key, keys), map(decode_value, values), strict=True))

    return Codec(encode_columns, decode_columns)


def _dataclass(cls: type) -> Codec:
    hints = typing.get_type_hints(cls)
    names = [field.name for field in dataclasses.fields(cls) if field.init]
    codecs = [codec_for(hints[name]) for name in names]
    scalars = tuple(codec.scalar for codec in codecs)

    def encode(value: Any) -> list[Any]:
        return [codec.encode(getattr(value, name)) for codec, name in zip(codecs, names, strict=True)]

    if all(scalars):  # the common case (a record of strings and flags): one check per field, no calls
        def decode(value: Any) -> Any:
            if type(value) is not list or tuple(map(type, value)) != scalars:
                raise _refuse(cls.__name__, value)
            return cls(*value)
    else:
        def decode(value: Any) -> Any:
            elements = _items(value)
            if len(elements) != len(codecs):
                raise _refuse(cls.__name__, value)
            return cls(*(codec.decode(element) for codec, element in zip(codecs, elements, strict=True)))

    return Codec(encode, decode)


def encode_fields(value: Any) -> dict[str, Any]:
    """A dataclass instance as a JSON object: each init field by name."""
    cls = type(value)
    hints = typing.get_type_hints(cls)
    return {
        field.name: codec_for(hints[field.name]).encode(getattr(value, field.name))
        for field in dataclasses.fields(cls) if field.init
    }


def decode_fields(cls: type[Any], data: Any) -> Any:
    """An instance of the dataclass ``cls`` from ``encode_fields``' object (Undecodable when a field
    is missing, unknown or of another type)."""
    if type(data) is not dict:
        raise _refuse(dict, data)
    hints = typing.get_type_hints(cls)
    names = {field.name for field in dataclasses.fields(cls) if field.init}
    if set(data) != names:
        raise Undecodable(f"fields {sorted(set(data) ^ names)} differ from {cls.__name__}'s")
    return cls(**{name: codec_for(hints[name]).decode(data[name]) for name in names})
