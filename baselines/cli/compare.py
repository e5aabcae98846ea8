"""``audio-mlp compare``: the main job. Every model, every protocol, nested CV, results and figures.

Parses the options, checks them and the output folder before reading any data, loads the features
(:func:`baselines.cli.options.checked_features`), then calls :func:`baselines.compare.run` and
:func:`baselines.compare.write` and prints ``results.md``. The work itself is in
:mod:`baselines.compare`.

Lesson: lessons/25_running_the_comparison.md
"""

import sys
import time

from baselines.cli import options


def register(subparsers):
    from baselines.compare import DEFAULT_PROTOCOLS, DEFAULT_VARIANTS
    from baselines.evaluation.protocols import PROTOCOL_NAMES
    from baselines.models.registry import ALL_MODEL_NAMES, VARIANT_NAMES

    parser = options.add_command(subparsers, "compare", __doc__)
    options.add_data(parser)
    options.add_preset(parser)
    parser.add_argument("--models", nargs="+", default=None, metavar="MODEL",
                        help="models to compare (default: all, with their _spk variants, and "
                        "the default variants; naming models runs no variant unless --variants "
                        "names it): " + ", ".join(ALL_MODEL_NAMES))
    parser.add_argument("--protocols", nargs="+", default=None, metavar="PROTOCOL",
                        help="evaluation protocols (default: " + " ".join(DEFAULT_PROTOCOLS)
                        + " on RAVDESS, else grouped when the data has groups, random5 "
                        "otherwise): " + ", ".join(PROTOCOL_NAMES))
    parser.add_argument("--variants", nargs="+", default=None, metavar="MODEL",
                        help="named variants of our MLP, run under --variant-protocols only "
                        "(default, when --models is not given: " +
                        " ".join(DEFAULT_VARIANTS["speaker"]) + ", under speaker on RAVDESS, "
                        "under the data's protocol on other data); any of "
                        + ", ".join(VARIANT_NAMES))
    parser.add_argument("--variant-protocols", nargs="+", default=None, metavar="PROTOCOL",
                        help="protocols the variants run under (default: speaker)")
    parser.add_argument("--no-variants", action="store_true", help="run no variant")
    options.add_jobs(parser, "parallel processes, for extraction and fitting")
    parser.add_argument("--full", action="store_true", help="search the larger grids")
    parser.add_argument("--inner-splits", type=int, default=3, metavar="K",
                        help="inner cross-validation folds for the search (default 3)")
    parser.add_argument("--max-folds", type=int, default=None, metavar="N",
                        help="only the first N outer folds of each protocol (quick checks)")
    parser.add_argument("--no-curves", action="store_true",
                        help="skip the learning and validation curves")
    options.add_seed(parser)
    options.add_strict(parser)
    options.add_out(parser, "results", "output folder, replaced as a whole by the new run")
    parser.set_defaults(func=options.with_backend(run))


def run(args):
    from baselines import compare, results
    from baselines.models.registry import ALL_MODEL_NAMES
    from baselines.outputs import folder_problem

    start = time.perf_counter()
    settings = dict(inner_splits=args.inner_splits, max_folds=args.max_folds,
                    random_state=args.seed)
    variants, left_out = variant_groups(args), {}
    if args.models is None:
        args.models = list(ALL_MODEL_NAMES)
    elif args.variants is None and not args.no_variants:
        print("variants: none (--models names the models; add variants with --variants)")
    if args.variants is None:  # the default list: leave out what this machine cannot compute
        variants, left_out = compare.without_unavailable(variants)
        for why, names in group_by_value(left_out).items():  # one shared reason printed once
            print(f"variants: {', '.join(names)} left out ({why})")
    problems = compare.option_problems(models=args.models, n_jobs=args.jobs, variants=variants,
                                       protocols=args.protocols or [], **settings)
    out_problem = folder_problem(args.out)
    fs = options.checked_features(args, problems + [f"--out: {out_problem}"] * bool(out_problem))
    if fs is None:
        return 2
    if options.report(options.adapt_to_data(args, fs)):  # protocols chosen from the data
        return 2
    settings["protocols"] = args.protocols
    if variants and args.variant_protocols is None and "speaker" not in args.protocols:
        variants = {args.protocols[-1]: names for names in variants.values()}  # the data's own
    if variants and not options.data_kind(fs)[1]:  # per-speaker ones need groups
        needs = [n for names in variants.values() for n in names if compare.needs_groups(n)]
        variants = {p: [n for n in names if n not in needs] for p, names in variants.items()}
        if needs:
            print(f"variants: {', '.join(needs)} left out (they normalise per group; the data "
                  "has no groups)")
    if options.report(compare.fit_checks(fs.y, fs.actors, models=args.models, variants=variants,
                                         full=args.full, **settings)):
        return 2
    try:
        keys = compare.tables_needed(args.models, variants, fs.preset)
        tables = compare.load_tables(fs, keys, data_dir=args.data, n_jobs=args.jobs,
                                     progress=True)
        comparison = compare.run(fs, models=args.models, full=args.full, n_jobs=args.jobs,
                                 curves=not args.no_curves, variants=variants, tables=tables,
                                 left_out=left_out, **settings)
        written = compare.write(comparison, args.out)
    except KeyboardInterrupt:  # before or while writing: replace_folder put everything back
        print(f"audio-mlp: interrupted; nothing was written, {args.out} is as it was",
              file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a folder made read-only during the run
        return options.error(f"cannot write the results to {args.out}: {exc}; "
                             f"{args.out} is as it was")
    print(results.to_markdown(comparison.results))
    print(f"wrote {len(written)} files to {args.out}/ in {time.perf_counter() - start:.0f} s")
    return 0


def variant_groups(args):
    """``{protocol: variant names}`` from ``--variants``, ``--variant-protocols``, ``--no-variants``."""
    if args.no_variants or (args.models is not None and args.variants is None):
        return {}
    from baselines.compare import DEFAULT_VARIANTS
    from baselines.models.registry import VARIANT_NAMES

    if args.variants is None and args.variant_protocols is None:
        return {p: list(names) for p, names in DEFAULT_VARIANTS.items()}
    names = args.variants if args.variants is not None else list(VARIANT_NAMES)
    return {p: list(names) for p in (args.variant_protocols or ["speaker"])}


def group_by_value(mapping):
    """``{value: [keys with that value]}``, in first-seen order.

    >>> group_by_value({"a": "why", "b": "why", "c": "other"})
    {'why': ['a', 'b'], 'other': ['c']}
    """
    grouped = {}
    for key, value in mapping.items():
        grouped.setdefault(value, []).append(key)
    return grouped
