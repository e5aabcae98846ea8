"""``python -m baselines`` runs the ``audio-mlp`` command line."""

import sys

from baselines.cli import main

sys.exit(main())
