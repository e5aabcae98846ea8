"""``audio-mlp features`` and ``audio-mlp figures``: extract (or load) RAVDESS features; draw one clip.

``features`` runs :func:`features.load_dataset` and prints how many clips and features it got, how
long it took and where the cache entry is. ``figures`` draws the waveform, power spectrogram, mel
spectrogram, MFCC and chromagram of one clip (:func:`features.figures.draw_all`).

Lesson: lessons/17_feature_dataset.md#from-the-command-line
"""

import sys
import warnings
from pathlib import Path

from baselines.cli_data import add_data_options, with_backend

DEFAULT_CLIP = "03-01-05-02-01-01-01"  # actor 1, angry, strong intensity, "Kids are talking..."


def register(subparsers):
    parser = subparsers.add_parser(
        "features", help="extract RAVDESS features (or load them from the cache)",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--data", metavar="DIR", help="RAVDESS folder (default: $RAVDESS_DIR, "
                        "else a copy in the cache, else download), a folder with one sub-folder "
                        "per class, or a manifest")
    add_data_options(parser)  # --layout, --group-pattern, --label-pattern, --backend, --scheduler
    parser.add_argument("--preset", choices=["seed", "default"], default="default")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--limit", type=int, help="use only N clips, spread over actors and emotions")
    parser.add_argument("--cache", metavar="DIR", help="cache folder (default: $AUDIO_MLP_CACHE "
                        "or the user's cache)")
    parser.add_argument("--strict", action="store_true", help="stop at the first unusable clip")
    parser.set_defaults(func=with_backend(run_features))

    parser = subparsers.add_parser(
        "figures", help="draw waveform, spectrogram, mel, MFCC and chroma of one clip",
        description="Draw the waveform, power spectrogram, mel spectrogram, MFCC and chromagram "
        "of one clip as PNG files.",
    )
    parser.add_argument("--clip", default=DEFAULT_CLIP, metavar="NAME",
                        help=f"a RAVDESS name such as {DEFAULT_CLIP}, or a path to any audio file")
    parser.add_argument("--data", metavar="DIR", help="RAVDESS folder used to find --clip NAME")
    parser.add_argument("--out", default="figures", metavar="DIR", help="output folder")
    parser.set_defaults(func=run_figures)


def run_features(args):
    from baselines.cli_data import load_features

    args.cache_dir = args.cache
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fs = load_features(args, file=sys.stderr)  # any layout (features.collection_dataset)
    if fs is None:
        return 2
    for warning in caught:
        print(f"warning: {warning.message}")
    source = "loaded from cache" if fs.from_cache else "extracted"
    print(f"data:     {fs.root}" + ("" if fs.layout == "ravdess" else f" ({fs.layout} layout)"))
    if fs.layout == "ravdess":
        print(f"clips:    {len(fs.clips)} ({len(fs.skipped)} skipped), "
              f"{len(set(fs.actors.tolist()))} actors")
    else:
        groups = f"{len(set(fs.groups.tolist()))} groups" if fs.has_groups else "no groups"
        print(f"clips:    {len(fs.clips)} ({len(fs.skipped)} skipped), {len(fs.classes)} "
              f"classes ({', '.join(fs.classes)}), {groups}")
    print(f"features: {fs.X.shape[1]} per clip ({fs.preset} preset)")
    print(f"seconds:  {fs.seconds:.2f} ({source})")
    unwritten = "not written (clips were skipped; they are tried again next time)"
    print(f"cache:    {fs.cache_path or unwritten}")
    return 0


def find_clip(name, data_dir=None):
    """A path for ``name``: an existing file as is, else the RAVDESS clip with that name."""
    from features.ravdess import discover, find_root

    if Path(name).is_file():
        return Path(name)
    clips, _ = discover(find_root(data_dir))
    stem = Path(name).stem
    for clip in clips:
        if clip.stem == stem:
            return clip.path
    raise FileNotFoundError(f"--clip {name}: neither a file nor a clip of the RAVDESS folder")


def run_figures(args):
    from baselines.cli_compare import data_error
    from features.audio import load_audio
    from features.figures import draw_all

    try:
        path = find_clip(args.clip, args.data)
        y, sr = load_audio(path)
    except (ValueError, OSError) as exc:  # no such clip or folder, an unreadable file
        return data_error(exc, file=sys.stderr)
    for written in draw_all(y, sr, args.out, title=path.stem):
        print(written)
    return 0
