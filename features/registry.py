"""One lookup for every family of named things: presets, protocols, models.

Each family is one table, ``{name: record}``, whose records carry their behaviour as fields
(``Protocol(split=...)``, ``ModelSpec(factory, grid, full_grid)``). :func:`lookup` is the one way
to fetch a record by name, so every family answers a typo with the same message: what was asked
for, and every name there is to choose from.

It lives in ``features`` because both ``features`` and ``baselines`` use it, and imports flow
``baselines -> features`` only.

Lesson: lessons/20_classical_baselines.md#one-table-per-family
"""


def lookup(table, name, *, what):
    """``table[name]``, or a ``ValueError`` naming ``what`` was unknown and listing the choices.

    >>> lookup({"seed": 1, "speaker": 2}, "speaker", what="protocol")
    2
    >>> lookup({"seed": 1, "speaker": 2}, "loso", what="protocol")
    Traceback (most recent call last):
    ...
    ValueError: unknown protocol 'loso': choose one of seed, speaker
    """
    try:
        return table[name]
    except (KeyError, TypeError):  # TypeError: an unhashable name such as a list
        raise ValueError(f"unknown {what} {name!r}: choose one of {', '.join(table)}") from None
