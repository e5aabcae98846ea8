"""A multilayer perceptron: a stack of dense layers, run forwards and backwards.

Layer l (l = 1 .. L) holds ``coefs[l-1]`` of shape ``(units[l-1], units[l])`` and
``intercepts[l-1]`` of shape ``(units[l],)``. Hidden layers apply one activation (relu, tanh, ...);
the last applies the output activation its loss is paired with (softmax for cross-entropy, see
:mod:`mlp.losses`). All arrays are batch-first: ``X`` is ``(n_samples, n_features)``.

``forward`` returns the list of every layer's output, ``[X, A_1, ..., A_L]``, because the backward
pass needs them; ``backward`` turns that list and the targets into one gradient per parameter.

Lesson: lessons/04_backpropagation.md
"""

import numpy as np
from scipy import sparse

from mlp.activations import get_activation
from mlp.dropout import undo_mask
from mlp.layers import dense_backward, dense_forward
from mlp.losses import get_loss, l2_penalty, output_delta


def _weight_sum(sample_weight, n_samples):
    """The n of a mean over rows: the row count, or the sum of the sample weights  (L9.4)."""
    return n_samples if sample_weight is None else sample_weight.sum()  # (L9.4)


def _check_targets(Y, P):
    if getattr(Y, "shape", None) != P.shape:
        raise ValueError(f"Y must have the shape of the network's output, {P.shape} "
                         f"(n_samples, n_outputs); got {getattr(Y, 'shape', type(Y).__name__)}")


class Network:
    """A multilayer perceptron made of ``coefs`` (weights) and ``intercepts`` (biases).

    Parameters
    ----------
    coefs, intercepts : lists of arrays
        ``coefs[i]`` is ``(units[i], units[i+1])`` and ``intercepts[i]`` is ``(units[i+1],)``.
        The network uses these very arrays (no copy): an optimizer that updates them in place
        updates the network.
    activation : {'identity', 'logistic', 'tanh', 'relu'}
        The hidden layers' activation.
    loss : {'cross_entropy', 'binary_cross_entropy', 'squared_error'}
        The loss; it fixes the output activation (softmax, logistic, identity).

    Lesson: lessons/04_backpropagation.md#the-whole-network

    >>> from mlp.initialisation import init_parameters
    >>> coefs, intercepts = init_parameters([4, 5, 3], activation="tanh", random_state=0)
    >>> net = Network(coefs, intercepts, activation="tanh", loss="cross_entropy")
    >>> [A.shape for A in net.forward(np.ones((2, 4)))]
    [(2, 4), (2, 5), (2, 3)]
    """

    def __init__(self, coefs, intercepts, *, activation="relu", loss="cross_entropy"):
        if len(coefs) == 0 or len(coefs) != len(intercepts):
            raise ValueError(f"coefs and intercepts must be non-empty lists of the same length; "
                             f"got {len(coefs)} and {len(intercepts)}")
        for i, (W, b) in enumerate(zip(coefs, intercepts)):
            if W.ndim != 2 or b.shape != (W.shape[1],):
                raise ValueError(f"layer {i}: coefs[{i}] must be 2-D and intercepts[{i}] must "
                                 f"have shape ({W.shape[-1]},); got {W.shape} and {b.shape}")
            if i > 0 and W.shape[0] != coefs[i - 1].shape[1]:
                raise ValueError(f"layer {i}: coefs[{i}] has {W.shape[0]} rows but the layer "
                                 f"before it has {coefs[i - 1].shape[1]} units")
        self.coefs = list(coefs)
        self.intercepts = list(intercepts)
        self.activation = get_activation(activation)
        self.loss = get_loss(loss)

    def __repr__(self):
        return (f"Network(units={self.units}, activation={self.activation.name!r}, "
                f"loss={self.loss.name!r}, dtype={self.coefs[0].dtype})")

    def parameters(self):
        """Every parameter array, ``coefs`` then ``intercepts``: the list an optimizer steps.

        >>> from mlp.initialisation import init_parameters
        >>> net = Network(*init_parameters([3, 2, 1], random_state=0))
        >>> [p.shape for p in net.parameters()]
        [(3, 2), (2, 1), (2,), (1,)]
        """
        return self.coefs + self.intercepts

    @property
    def units(self):
        """Units per layer, input first: ``[n_features, hidden..., n_outputs]``."""
        return [self.coefs[0].shape[0]] + [W.shape[1] for W in self.coefs]

    def forward(self, X, *, dropout_masks=None):
        """Run ``X`` through every layer; return ``[X, A_1, ..., A_L]`` (``A_L`` = predictions).

        Layer l (l = 1 .. L) computes A_l = f(A_{l-1} W_l + b_l), with W_l = ``coefs[l-1]``;
        f is the hidden activation, or the loss's output activation for the last layer.
        ``dropout_masks``, one per hidden layer (:func:`mlp.dropout.dropout_masks`), multiply
        the hidden outputs  (L9.2).

        Lesson: lessons/01_neurons_and_layers.md#stacking-layers
        """
        X = X if sparse.issparse(X) else np.asarray(X)  # lists too
        if X.ndim != 2 or X.shape[1] != self.coefs[0].shape[0]:
            raise ValueError(f"X must have shape (n_samples, {self.coefs[0].shape[0]}); "
                             f"got {X.shape}")
        L = len(self.coefs)
        activations = [X]
        for l in range(1, L + 1):
            Z = dense_forward(activations[l - 1], self.coefs[l - 1], self.intercepts[l - 1])
            f = self.loss.output_activation if l == L else self.activation.forward
            A = f(Z, out=Z)  # A_l = f(Z_l), in Z's place  (L1.3)
            if dropout_masks is not None and l < L:
                A *= dropout_masks[l - 1]  # inverted dropout  (L9.2)
            activations.append(A)
        return activations

    def predict(self, X):
        """The output layer's activations for ``X``: probabilities for a classification loss."""
        return self.forward(X)[-1]

    def loss_value(self, Y, P, *, alpha=0.0, sample_weight=None):
        """Data loss of predictions ``P`` for targets ``Y``, plus the L2 penalty  (L3.6).

        ``sample_weight`` (n_samples,), optional, weights the rows  (L9.4)."""
        _check_targets(Y, P)
        n = _weight_sum(sample_weight, Y.shape[0])
        return self.loss.value(Y, P, sample_weight) + l2_penalty(self.coefs, alpha, n)  # (L3.6)

    def backward(self, activations, Y, *, alpha=0.0, sample_weight=None, dropout_masks=None):
        """Backpropagation: gradients of the mean loss (plus L2) for every parameter.

        ``activations`` is what :meth:`forward` returned for the same batch, and ``Y`` the targets,
        ``(n_samples, n_outputs)``. Returns ``(coef_grads, intercept_grads)``, two lists shaped like
        ``coefs`` and ``intercepts``. ``sample_weight`` (n_samples,), optional, weights each row's
        error signal and divides by the weights' sum instead of n  (L9.4). ``dropout_masks`` are
        those the forward pass used (L9.2).

        Lesson: lessons/04_backpropagation.md#the-whole-network
        """
        _check_targets(Y, activations[-1])
        L = len(self.coefs)
        coef_grads, intercept_grads = [None] * L, [None] * L
        delta = output_delta(Y, activations[L])  # Delta_L = P - Y, for the summed loss  (L4.1)
        if sample_weight is not None:
            delta *= sample_weight.reshape(-1, 1)  # w_s (p_s - y_s), row by row  (L9.4)
        n = _weight_sum(sample_weight, Y.shape[0])
        for l in range(L, 0, -1):  # layer l has W_l = coefs[l - 1] and input A_{l-1}
            dA, coef_grads[l - 1], intercept_grads[l - 1] = dense_backward(
                activations[l - 1], self.coefs[l - 1], delta, alpha=alpha, n=n, need_dX=l > 1)
            if l > 1:
                A = activations[l - 1]
                if dropout_masks is not None:  # through the mask, then f' before it  (L9.2)
                    dA *= dropout_masks[l - 2]
                    A = undo_mask(A, dropout_masks[l - 2])
                delta = self.activation.backward(A, dA, out=dA)  # Delta_{l-1}  (L4.5)
        return coef_grads, intercept_grads

    def loss_and_gradients(self, X, Y, *, alpha=0.0, sample_weight=None):
        """One forward and one backward pass: ``(loss, coef_grads, intercept_grads)``."""
        activations = self.forward(X)
        loss = self.loss_value(Y, activations[-1], alpha=alpha, sample_weight=sample_weight)
        # no sample_weight keyword unless given: a subclass with its own backward (lesson 06)
        # need not know about it
        extra = {} if sample_weight is None else {"sample_weight": sample_weight}
        coef_grads, intercept_grads = self.backward(activations, Y, alpha=alpha, **extra)
        return loss, coef_grads, intercept_grads
