"""Reference solutions to lessons/exercises/09_estimator.py."""


def n_parameters(hidden_layer_sizes, n_features, n_classes):
    n_outputs = 1 if n_classes == 2 else n_classes  # one logistic unit for two classes
    units = [n_features, *hidden_layer_sizes, n_outputs]
    return sum(a * b + b for a, b in zip(units[:-1], units[1:]))  # W_l and b_l of each layer
