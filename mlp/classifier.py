"""``MLPClassifier``: labels in, class probabilities out, on :class:`mlp.estimator.BaseMLP`.

Labels become targets with scikit-learn's ``LabelBinarizer``: 2 classes give one 0/1 column and
one logistic output unit; 3 or more give one-hot rows and a softmax output; a multilabel indicator
matrix (one 0/1 column per label, several labels per row) keeps its columns, each with its own
logistic unit. A single class gives one column of zeros, as in scikit-learn: the model then
predicts that class everywhere.

Lesson: lessons/09_estimator.md#the-estimator-and-the-core-modules
"""

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target, unique_labels
from sklearn.utils.validation import column_or_1d, validate_data

from mlp.estimator import BaseMLP


class MLPClassifier(ClassifierMixin, BaseMLP):
    """Multilayer perceptron classifier trained with L-BFGS, SGD or Adam, written in NumPy.

    The parameters mean exactly what they mean for scikit-learn's ``MLPClassifier``; see its
    documentation. Two more, off by default: ``class_weight`` (None, ``"balanced"`` or a dict
    ``{label: weight}``, multiplying each sample's weight by its class's, (L9.3)) and ``dropout``
    (the rate of :mod:`mlp.dropout` on the hidden layers). Extra methods: :meth:`save` and
    :meth:`load`.

    Lesson: lessons/09_estimator.md#the-estimator-and-the-core-modules

    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier(hidden_layer_sizes=(20,), max_iter=500, random_state=0).fit(X, y)
    >>> clf.classes_, clf.out_activation_, [W.shape for W in clf.coefs_]
    (array([0, 1, 2]), 'softmax', [(4, 20), (20, 3)])
    >>> clf.score(X, y) > 0.9
    True
    """

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam",
                 alpha=0.0001, batch_size="auto", learning_rate="constant",
                 learning_rate_init=0.001, power_t=0.5, max_iter=200, shuffle=True,
                 random_state=None, tol=1e-4, verbose=False, warm_start=False, momentum=0.9,
                 nesterovs_momentum=True, early_stopping=False, validation_fraction=0.1,
                 beta_1=0.9, beta_2=0.999, epsilon=1e-8, n_iter_no_change=10, max_fun=15000,
                 class_weight=None, dropout=0.0):
        super().__init__(**{k: v for k, v in locals().items() if k not in ("self", "__class__")})

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags

    def _validate_input(self, X, y, *, incremental, reset):
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"], multi_output=True,
                             dtype=(np.float64, np.float32), reset=reset)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if not hasattr(self, "classes_") or (not self.warm_start and not incremental):
            self._label_binarizer = LabelBinarizer().fit(y)
            self.classes_ = self._label_binarizer.classes_
        else:
            classes = unique_labels(y)
            if self.warm_start and set(classes) != set(self.classes_):
                raise ValueError(
                    f"warm_start can only be used where `y` has the same classes as in the "
                    f"previous call to fit. Previously got {self.classes_}, `y` has {classes}")
            if not self.warm_start and len(np.setdiff1d(classes, self.classes_)):
                raise ValueError(f"`y` has classes not in `self.classes_`. `self.classes_` has "
                                 f"{self.classes_}. 'y' has {classes}.")
        # bool, as scikit-learn does, so that float32 data is not upcast by the targets
        return X, self._label_binarizer.transform(y).astype(bool)

    def _sample_weights(self, Y, sample_weight, dtype, incremental):
        """The samples' weights times their classes' weights  (L9.3)."""
        sample_weight = super()._sample_weights(Y, sample_weight, dtype, incremental)
        if self.class_weight is None:
            return sample_weight
        if not (self.class_weight == "balanced" or isinstance(self.class_weight, dict)):
            raise ValueError(f"class_weight must be None, 'balanced' or a dict {{label: weight}}; "
                             f"got {self.class_weight!r}")
        if self._target_type() == "multilabel-indicator":
            raise ValueError("class_weight is not supported for multilabel targets")
        if incremental and self.class_weight == "balanced":
            raise ValueError("class_weight='balanced' needs all the data at once: use a dict "
                             "of weights with partial_fit")
        labels = self._label_binarizer.inverse_transform(Y)
        weights = compute_sample_weight(self.class_weight, labels).astype(dtype)  # (L9.3)
        return weights if sample_weight is None else weights * sample_weight

    def _target_type(self):
        return self._label_binarizer.y_type_

    def _output_activation(self, target_type):
        """Softmax for one label out of 3+ classes, else one logistic unit per column."""
        return "softmax" if target_type == "multiclass" else "logistic"

    def _stratify(self, Y):
        # Stratify only with one output column: for 3+ classes scikit-learn passes the one-hot
        # matrix, which it does not stratify on (a quirk we keep for parity).
        return Y if self.n_outputs_ == 1 else None

    def _score_output(self, P, Y, sample_weight):
        """Accuracy (for multilabel: every label of a row right) of outputs ``P`` on ``Y``."""
        y_true = self._label_binarizer.inverse_transform(Y)
        return float(accuracy_score(y_true, self._labels_from_output(P),
                                    sample_weight=sample_weight))

    @available_if(lambda est: est._check_solver())
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """One epoch over ``X, y``; ``classes`` (all labels) is required on the first call."""
        self._validate_hyperparameters()
        if not hasattr(self, "classes_"):
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit.")
            multilabel = type_of_target(y).startswith("multilabel")
            self._label_binarizer = LabelBinarizer().fit(y if multilabel else np.asarray(classes))
            self.classes_ = self._label_binarizer.classes_
        elif classes is not None and not np.array_equal(unique_labels(classes), self.classes_):
            raise ValueError(f"`classes={classes!r}` is not the same as on the first call to "
                             f"partial_fit, which was {self.classes_!r}")
        return self._fit(X, y, sample_weight, incremental=True)

    def _labels_from_output(self, P):
        if self.n_outputs_ == 1:
            P = P.ravel()  # one logistic unit: the probability of classes_[1]
        return self._label_binarizer.inverse_transform(P)

    def predict(self, X):
        """The most probable class of each row of ``X`` (multilabel: each label above 0.5)."""
        return self._labels_from_output(self._forward(X))

    def predict_proba(self, X):
        """Class probabilities, ``(n_samples, n_classes)``, columns in the order of ``classes_``."""
        P = self._forward(X)
        if self.n_outputs_ == 1:
            p = P.ravel()
            return np.vstack([1 - p, p]).T  # (n, 2): [P(classes_[0]), P(classes_[1])]
        return P

    def predict_log_proba(self, X):
        """``log(predict_proba(X))``."""
        P = self.predict_proba(X)
        return np.log(P, out=P)
