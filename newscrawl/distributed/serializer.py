"""JSON encoding of queued requests (scrapy-redis ``SCHEDULER_SERIALIZER``).

scrapy-redis pickles requests by default, so anyone who can write to Redis could make every
worker run code of their choosing. This serializer only produces and accepts JSON data: bytes
(bodies, headers) are tagged ``{"~b": base64}`` and dictionaries ``{"~d": [[key, value], ...]}``
(their keys may be bytes). Anything else (an object in ``meta``) raises ``TypeError`` when the
request is queued, which the scheduler reports instead of losing the request silently.
"""

from __future__ import annotations

import base64
import json
from typing import Any

_BYTES = "~b"
_DICT = "~d"


def dumps(obj: Any) -> str:
    """Encode a request dict (``Request.to_dict()``) as JSON text."""
    return json.dumps(_encode(obj), separators=(",", ":"), ensure_ascii=False)


def loads(data: str | bytes) -> Any:
    """Decode what :func:`dumps` produced; raises ``ValueError`` for anything else."""
    return _decode(json.loads(data))


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes):
        return {_BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {_DICT: [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot queue a value of type {type(value).__name__} in Redis")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {_BYTES}:
            return base64.b64decode(value[_BYTES], validate=True)
        if set(value) == {_DICT}:
            return {_hashable(_decode(k)): _decode(v) for k, v in value[_DICT]}
        raise ValueError(f"unexpected object in a queued request: {sorted(value)[:5]}")
    return value


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
