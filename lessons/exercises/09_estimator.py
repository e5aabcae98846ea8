"""Lesson 09 exercises: how many numbers does a fitted MLPClassifier hold?

Write the body, then run ``audio-mlp exercises check 09``.
"""


def n_parameters(hidden_layer_sizes, n_features, n_classes):
    """The number of weights and biases of an MLPClassifier fitted on ``n_features`` features and
    ``n_classes`` classes (>= 2), with hidden layers ``hidden_layer_sizes`` (a tuple of ints).

    Mind the output layer scikit-learn builds for 2 classes. Returns an int.
    """
    raise NotImplementedError
