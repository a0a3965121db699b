"""The caching story: what is kept between runs, keyed by what, and why.

Many delegates look at the same views at once on one small server, and the dataset changes once
a year: so everything is computed once per dataset and shared by every session. There are
three kinds of thing kept, and one rule for all of them: **the key includes the dataset it came
from**, so a new version of the data is a new key and nothing computed from an old version is
ever served with a new one.

1. **Files read from disk**, in `dashboard.ui.served`, `dashboard.ui.files` and
   `dashboard.ui.deck_builder` (Streamlit's `st.cache_resource`, process-wide): the dataset,
   the tracker's rules, the map shapes and the deck files, keyed by the path and a fingerprint
   of the files (names, sizes, modification times). A new version written by the secretariat
   changes the fingerprint: the next run of any session loads it, and the old entry ages out
   (a few entries at most).
2. **Everything computed from a dataset**: `shared` below, used by the metrics, the catalogue
   and the views. Keyed by the *identity* of the table or dataset passed first (a newly loaded
   dataset is a new object) and the other arguments; the object itself is held beside the
   result, so an id reused after the old object is freed cannot match. The last 128 results of
   each function are kept. Results are handed out as shallow copies (with pandas'
   copy-on-write, safe to change); mappings and figures handed out are shared: read them only.
   Each view's `build` is one of them, so every session asking for the same view (the default
   page, above all) gets the one view built for it, and pages and slides only read views.
3. **The texts** of each language (`dashboard.i18n.messages`): read once, since they ship with
   the code and change only with it.

Nothing is cached per session except what Streamlit keeps of its widgets. Pages and views do
not use `st.cache_data`: it copies every result in and out by pickling on each hit and hashes
its arguments to find it, where `shared` hands out the result itself, found by the dataset's
identity. No module keeps a dictionary of results of its own.
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
