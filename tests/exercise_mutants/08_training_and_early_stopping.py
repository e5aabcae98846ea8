"""Plausible wrong answers to lesson 08's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("plateau_flags", "if loss > best - tol:", "if loss >= best - tol:",
     "an improvement of exactly tol counted as a stall"),
    ("plateau_flags", "flags.append(count > n_iter_no_change)",
     "flags.append(count >= n_iter_no_change)", "fires one epoch early"),
    ("plateau_flags", "        else:\n            count = 0\n        best = min(best, loss)",
     "        else:\n            count = 0\n            best = min(best, loss)",
     "the best loss moved only on an improvement by tol"),
    ("plateau_flags", "        else:\n            count = 0\n        best = min(best, loss)",
     "        best = min(best, loss)", "the count never reset"),
    ("early_stopping_epochs", "if score < best + tol:", "if score <= best + tol:",
     "a tie counted as a stall"),
    ("early_stopping_epochs", "if score > best:", "if score >= best:",
     "a tie replaces the saved parameters: the last best epoch, not the first"),
    ("early_stopping_epochs", "if count > n_iter_no_change:", "if count >= n_iter_no_change:",
     "fires one epoch early"),
    ("early_stopping_epochs", "return epoch, best_epoch  #",
     "return epoch, int(np.argmax(scores))  #", "the best over every score, even after the stop"),
    ("early_stopping_epochs", "            count = 0\n        if score > best:",
     "            count = 0\n            best_epoch = epoch\n        if score > best:",
     "the parameters of every improving epoch kept, a tie included"),
]
