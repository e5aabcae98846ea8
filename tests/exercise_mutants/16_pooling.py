"""Plausible wrong answers to lesson 16's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("active_frames", "rms_db >= np.max(rms_db) - threshold_db", "rms_db >= -threshold_db",
     "measured from 0 dB, not from the loudest frame"),
    ("active_frames", "rms_db >= np.max(rms_db) - threshold_db",
     "rms_db > np.max(rms_db) - threshold_db", "a frame exactly at the threshold left out"),
    ("active_frames", "rms_db >= np.max(rms_db) - threshold_db",
     "rms_db >= np.mean(rms_db) - threshold_db", "measured from the mean level"),
    ("pool_mean_std", "kept = block[:, active]", "kept = block", "the mask ignored"),
    ("pool_mean_std", "mean = kept.sum(axis=1) / kept.shape[1]", "mean = kept.sum(axis=1)",
     "sum instead of mean"),
    ("pool_mean_std", "/ kept.shape[1])  # (L16.4)", "/ (kept.shape[1] - 1))  # (L16.4)",
     "std with ddof=1"),
    ("pool_mean_std", "kept = block[:, active]", "kept = block[:, active].T",
     "pooled over rows instead of frames"),
]
