"""``audio-mlp demo``: train the NumPy MLP on scikit-learn's built-in handwritten digits.

A quick end-to-end check that needs no download: 1797 8x8 images, 10 classes, standardised with
statistics of the training part only, then a 64-100-10 network trained with Adam
(:func:`baselines.course.digits_demo.train_on_digits`); this module parses the options and prints.

Lesson: lessons/25_running_the_comparison.md
"""

from baselines.cli import options


def register(subparsers):
    parser = options.add_command(subparsers, "demo", __doc__)
    parser.add_argument("--hidden", type=int, default=100, help="hidden units, 1 to 4096 (default 100)")
    parser.add_argument("--epochs", type=int, default=100, help="maximum epochs (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.set_defaults(func=run)


def run(args):
    from baselines.checks import out_of_range
    from baselines.course.digits_demo import INTERVALS, train_on_digits

    values = {"hidden": args.hidden, "epochs": args.epochs, "seed": args.seed}
    if options.report(out_of_range(values, INTERVALS)):
        return 2
    result = train_on_digits(hidden=args.hidden, epochs=args.epochs, seed=args.seed)
    print(f"digits: {result.n_train} training and {result.n_test} test images, 10 classes")
    print(f"network 64-{result.hidden}-10 (relu, softmax), Adam, {result.n_iter} epochs "
          f"in {result.seconds:.1f} s, final training loss {result.final_loss:.4f}")
    print(f"test accuracy: {result.accuracy:.2%}")
    return 0
