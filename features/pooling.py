"""Pool frame-level features into one fixed-length vector per clip, with a name per column.

A clip of T frames gives blocks of shape ``(n_features, T)``; T differs from clip to clip, a
classifier needs the same number of columns for every clip. Pooling summarises each row over
frames: its mean (L16.3) and, optionally, its standard deviation (L16.4), which keeps how much a
feature moves. An optional boolean ``frames`` mask restricts the statistics to some frames (e.g.
the ones that are not silence).

Columns are named ``<block>_<row>_<stat>``, e.g. ``mfcc_03_mean`` or ``chroma_C#_std``.

Lesson: lessons/16_pooling_and_presets.md#pooling-frames-into-one-vector
"""

import numpy as np

STATS = ("mean", "std")


def row_labels(n_rows):
    """Zero-padded row numbers, as wide as the largest: ``['00', '01', ...]`` (at least 2 digits)."""
    width = max(2, len(str(n_rows - 1)))
    return [f"{i:0{width}d}" for i in range(n_rows)]


def pool(blocks, *, stats=("mean",), frames=None):
    """Summarise blocks over frames. Returns ``(vector (n_columns,) float64, names list[str])``.

    ``blocks`` is a list of ``(name, array (n_rows, n_frames), labels or None)``; ``stats`` a
    subset of ``("mean", "std")`` applied to every block, in that order within each block.

    Lesson: lessons/16_pooling_and_presets.md#pooling-frames-into-one-vector

    >>> v, names = pool([("rms", np.array([[1.0, 3.0]]), None)], stats=("mean", "std"))
    >>> v, names
    (array([2., 1.]), ['rms_00_mean', 'rms_00_std'])
    """
    unknown = set(stats) - set(STATS)
    if unknown or not stats:
        raise ValueError(f"stats={stats!r}: choose one or more of {STATS}")
    columns, names = [], []
    for name, values, labels in blocks:
        values = np.asarray(values, dtype=np.float64)  # (n_rows, n_frames)
        if values.ndim != 2:
            raise ValueError(f"block {name!r} has shape {values.shape}; (n_rows, n_frames) expected")
        if frames is not None:
            values = values[:, frames]  # keep the selected frames only
        if values.shape[1] == 0:
            raise ValueError(f"block {name!r} has no frames to pool")
        labels = row_labels(values.shape[0]) if labels is None else list(labels)
        for stat in STATS:
            if stat in stats:
                summary = values.mean(axis=1) if stat == "mean" else values.std(axis=1)  # (L16.3), (L16.4)
                columns.append(summary)
                names += [f"{name}_{label}_{stat}" for label in labels]
    return np.concatenate(columns), names
