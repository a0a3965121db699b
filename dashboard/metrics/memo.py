"""Memoising pure computations on the dataset's shared, read-only tables.

Many delegates look at the same views; a page's run was mostly pandas work repeated for the
same table and the same choices (measured under load with py-spy). `shared` keeps the last
results of a computation by the identity of its table (the first argument) and its other
arguments, and hands out copies (with pandas' copy-on-write, a shallow copy is safe to change).
Arguments that cannot be compared cheaply (a DataFrame) skip the memo.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections import OrderedDict

import pandas as pd

MAX_ENTRIES = 128


def _freeze(value):
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(_freeze(v) for v in value)
    if isinstance(value, pd.Series | pd.Index):
        return ("series", tuple(value.tolist()))
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and getattr(value, "__hash__", None):
        return value
    raise TypeError("not memoisable")


def _copy(result):
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.copy(deep=False)
    if isinstance(result, tuple):
        return tuple(_copy(r) for r in result)
    if isinstance(result, list):
        return [_copy(r) for r in result]
    return result


def shared(fn):
    """Memoise `fn(table, *args)`: the table must be read-only, the function pure."""
    cache: OrderedDict = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(table, *args, **kwargs):
        try:
            key = (id(table), _freeze(args), _freeze(kwargs))
            hash(key)
        except TypeError:
            return fn(table, *args, **kwargs)
        with lock:
            hit = cache.get(key)
            if hit is not None and hit[0] is table:
                cache.move_to_end(key)
                return _copy(hit[1])
        result = fn(table, *args, **kwargs)
        with lock:
            cache[key] = (table, result)
            while len(cache) > MAX_ENTRIES:
                cache.popitem(last=False)
        return _copy(result)

    wrapper.cache_clear = cache.clear
    return wrapper
