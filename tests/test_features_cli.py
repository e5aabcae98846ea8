"""`audio-mlp features` and `audio-mlp figures` on a tiny synthetic folder."""

import numpy as np
import soundfile

from baselines.cli import main
from features.figures import draw_all


def make_folder(root):
    sr = 16000
    t = np.arange(sr // 2) / sr
    for i, stem in enumerate(["03-01-01-01-01-01-01", "03-01-05-02-01-01-02"]):
        path = root / f"Actor_{stem[-2:]}" / f"{stem}.wav"
        path.parent.mkdir(parents=True)
        soundfile.write(path, 0.3 * np.sin(2 * np.pi * (200 + 100 * i) * t), sr)
    return root


def test_features_command_prints_the_summary(tmp_path, capsys):
    data = make_folder(tmp_path / "data")
    args = ["features", "--data", str(data), "--preset", "seed", "--limit", "5",
            "--cache", str(tmp_path / "cache")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "clips:    2 (0 skipped), 2 actors" in out
    assert "features: 180 per clip (seed preset)" in out
    assert "(extracted)" in out and str(tmp_path / "cache") in out
    assert main(args) == 0
    assert "(loaded from cache)" in capsys.readouterr().out


def test_figures_command_writes_five_pngs(tmp_path, capsys):
    data = make_folder(tmp_path / "data")
    assert main(["figures", "--data", str(data), "--clip", "03-01-05-02-01-01-02",
                 "--out", str(tmp_path / "fig")]) == 0
    names = sorted(p.name for p in (tmp_path / "fig").iterdir())
    assert names == ["chroma.png", "mel_spectrogram.png", "mfcc.png", "power_spectrogram.png",
                     "waveform.png"]
    assert all((tmp_path / "fig" / n).read_bytes()[:4] == b"\x89PNG" for n in names)


def test_draw_all_on_an_arbitrary_signal(tmp_path):
    y = np.random.default_rng(0).standard_normal(8000).astype(np.float32) * 0.1
    written = draw_all(y, 8000, tmp_path, title="noise")
    assert len(written) == 5 and all(p.stat().st_size > 1000 for p in written)


def test_a_missing_data_folder_is_an_error_message_not_a_traceback(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["features", "--data", str(missing), "--cache", str(tmp_path / "c")]) == 2
    assert main(["figures", "--clip", "03-01-01-01-01-01-01", "--data", str(missing),
                 "--out", str(tmp_path / "f")]) == 2
    err = capsys.readouterr().err
    assert err.count("audio-mlp: error:") == 2 and str(missing) in err and "RAVDESS_DIR" in err
    assert not (tmp_path / "c").exists() and not (tmp_path / "f").exists()
