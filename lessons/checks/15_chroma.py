"""Checks of lessons/exercises/15_chroma.py: librosa's note names, and hand-built spectra."""

import librosa
import numpy as np

from baselines.course.exercises import CheckFailed, Task
from features.chroma import PITCH_CLASSES


def check_pitch_class(student):
    notes = ["C2", "C#3", "E4", "A4", "A0", "G#5", "B1", "F6", "D#7"]
    for note in notes:
        for cents in (0, 30, -40):  # within 50 cents, still the same note
            f = librosa.note_to_hz(note) * 2 ** (cents / 1200)
            got = int(np.asarray(student.pitch_class(f)))
            if PITCH_CLASSES[got % 12] != note[:-1] or not 0 <= got < 12:
                raise CheckFailed(f"pitch_class({f:.2f} Hz) = {got}, which is not the class of the "
                                  f"nearest note")
    f = librosa.note_to_hz(["C4", "A4", "B3"])
    got = np.asarray(student.pitch_class(f))
    if got.shape != f.shape:
        raise CheckFailed(f"an array of shape {f.shape} gave shape {got.shape}")


def check_fold(student):
    freqs = np.array([0.0, 130.81, 261.63, 440.0, 880.0, 392.0, 493.88])  # DC, C3, C4, A4, A5, G4, B4
    S = np.array([[9.0, 9.0, 9.0, 0.0],      # DC: in no class
                  [1.0, 0.0, 0.0, 0.0],      # C3
                  [1.0, 0.0, 0.0, 0.0],      # C4: C gets 2 in frame 0
                  [0.0, 2.0, 0.0, 0.0],      # A4
                  [0.0, 2.0, 0.0, 0.0],      # A5: A gets 4 in frame 1
                  [0.5, 1.0, 0.0, 0.0],      # G4
                  [0.0, 0.0, 3.0, 0.0]])     # B4; frame 3 is silent
    expected = np.zeros((12, 4))
    expected[[0, 7], 0] = [1.0, 0.25]        # C = 2 -> 1, G = 0.5 -> 0.25
    expected[[9, 7], 1] = [1.0, 0.25]        # A = 4 -> 1, G = 1 -> 0.25
    expected[11, 2] = 1.0                    # B alone
    got = np.asarray(student.fold_chroma(S, freqs), dtype=float)
    if got.shape != (12, 4):
        raise CheckFailed(f"fold_chroma of 4 frames has shape {got.shape}; expected (12, 4)")
    if not np.all(np.isfinite(got)):
        raise CheckFailed("fold_chroma returned NaN or inf (look at the silent frame 3)")
    wrong = np.argwhere(~np.isclose(got, expected))
    if wrong.size:
        c, t = wrong[0]
        raise CheckFailed(f"fold_chroma: pitch class {PITCH_CLASSES[c]} in frame {t} is "
                          f"{got[c, t]:.3g}, which is not what the bins add up to")


TASKS = [
    Task("pitch_class", "the pitch class of a frequency, 0 = C (L15.1)", check_pitch_class),
    Task("fold_chroma", "fold a spectrogram onto 12 classes, frame max = 1 (L15.4)", check_fold),
]
