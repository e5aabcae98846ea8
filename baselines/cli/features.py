"""``audio-mlp features``: extract the features of RAVDESS or your own recordings, or load them from the cache.

``features`` runs :func:`features.collection_dataset.load_collection` and prints how many clips and
features it got, how long it took and where the cache entry is. ``figures``, in this module too,
draws the waveform, power spectrogram, mel spectrogram, MFCC and chromagram of one clip
(:func:`features.figures.draw_all`) and says which clip it drew.

Lesson: lessons/17_feature_dataset.md#from-the-command-line
"""

from pathlib import Path

from baselines.checks import Interval, out_of_range
from baselines.cli import options

FIGURES_DOC = ("``audio-mlp figures``: draw the waveform, power spectrogram, mel spectrogram, "
               "MFCC and chromagram of one clip as PNG files.")
DEFAULT_CLIP = "03-01-05-02-01-01-01"  # actor 1, angry, strong intensity, "Kids are talking..."


def register(subparsers):
    parser = options.add_command(subparsers, "features", __doc__)
    options.add_data(parser)
    options.add_preset(parser)
    options.add_jobs(parser)
    parser.add_argument("--limit", type=int, help="use only N clips, spread over actors and emotions")
    parser.add_argument("--cache", metavar="DIR", help="cache folder (default: $AUDIO_MLP_CACHE "
                        "or the user's cache)")
    options.add_strict(parser)
    parser.set_defaults(func=options.with_backend(run_features))

    parser = options.add_command(subparsers, "figures", FIGURES_DOC)
    parser.add_argument("--clip", default=DEFAULT_CLIP, metavar="NAME",
                        help=f"a RAVDESS name such as {DEFAULT_CLIP}, or a path to any audio file")
    options.add_data(parser, layouts=False)  # where --clip NAME is looked for
    options.add_out(parser, "figures", "output folder")
    parser.add_argument("--lessons", action="store_true",
                        help="draw every figure the lessons show into lessons/figures/ instead "
                        "(the clip pictures need the RAVDESS data)")
    parser.set_defaults(func=run_figures)


def run_features(args):
    problems = out_of_range({"n_jobs": args.jobs, "limit": args.limit},
                            {"n_jobs": Interval(1), "limit": Interval(1)})
    if args.cache and Path(args.cache).exists() and not Path(args.cache).is_dir():
        problems.append(f"--cache {args.cache}: is a file, not a folder")
    if options.report(problems):
        return 2
    args.jobs = options.worker_count(args.jobs)
    fs = options.load_features(args, limit=args.limit, cache_dir=args.cache, strict=args.strict)
    if fs is None:
        return 2
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
    unwritten = ("not written (clips were skipped; they are tried again next time)"
                 if fs.skipped else "not written (writing it failed: see the warning above)")
    print(f"cache:    {fs.cache_path or unwritten}")
    return 0


class ClipNotFound(FileNotFoundError):
    """``--clip`` names a file that does not exist (not a problem with the RAVDESS folder)."""


def find_clip(name, data_dir=None):
    """A path for ``name``: an existing file as is, else the RAVDESS clip with that name."""
    from features.ravdess import discover
    from features.source import find_root

    if Path(name).is_file():
        return Path(name)
    if Path(name).suffix or "/" in name:  # a path, not a RAVDESS name: the clip is at fault
        raise ClipNotFound(f"--clip {name}: no such file")
    clips, _ = discover(find_root(data_dir))
    stem = Path(name).stem
    for clip in clips:
        if clip.stem == stem:
            return clip.path
    raise FileNotFoundError(f"--clip {name}: neither a file nor a clip of the RAVDESS folder")


def run_figures(args):
    from features.audio import load_audio
    from features.figures import draw_all

    if args.lessons:
        return run_lesson_figures(args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        return options.error(f"--out {out}: is a file, not a folder")
    try:
        path = find_clip(args.clip, args.data)
        y, sr = load_audio(path)
    except ClipNotFound as exc:
        return options.error(exc)
    except (ValueError, OSError) as exc:  # no such clip or folder, an unreadable file
        return options.data_error(exc)
    print(f"clip: {path} ({y.size / sr:.2f} s at {sr} Hz)")
    for written in draw_all(y, sr, args.out, title=path.stem):
        print(written)
    return 0


def run_lesson_figures(args):
    """``figures --lessons``: every lesson figure (:mod:`baselines.course.lesson_figures`)."""
    from baselines.course.lesson_figures import LESSONS, draw_all_lesson_figures
    from features.source import find_root

    try:
        data = find_root(args.data, download_if_missing=False)
    except (ValueError, OSError) as exc:
        data = None
        options.note(f"the five clip pictures of lessons 11-15 are not redrawn: {exc}")
    for written in draw_all_lesson_figures(LESSONS / "figures", data_dir=data, clip=data is not None):
        print(written)
    return 0
