"""Plausible wrong answers to lesson 12's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("frame_signal", "n_frames = 1 + (len(y) - frame_length) // hop_length",
     "n_frames = (len(y) - frame_length) // hop_length", "off by one frame: the last one lost"),
    ("frame_signal", "n_frames = 1 + (len(y) - frame_length) // hop_length",
     "n_frames = len(y) // hop_length", "frame count of the centred STFT"),
    ("stft_by_hand", "np.cos(2 * np.pi * n / n_fft)", "np.cos(2 * np.pi * n / (n_fft - 1))",
     "symmetric Hann window (denominator N - 1)"),
    ("stft_by_hand", "padded = np.pad(y, n_fft // 2)", "padded = y", "frames not centred"),
    ("stft_by_hand", "frames * window, axis=1).T", "frames * window, axis=1)",
     "transposed: (n_frames, n_bins)"),
    ("stft_by_hand", "frames * window, axis=1)", "frames, axis=1)", "no window"),
]
