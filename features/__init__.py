"""Audio -> fixed-length feature vectors, for RAVDESS emotional speech. Knows nothing about models.

Read in this order (each module names its lesson in ``lessons/``):

* :mod:`features.ravdess`  file names -> clip records; checking that a folder is complete
* :mod:`features.source`   where the data comes from: a folder, RAVDESS_DIR or the download
* :mod:`features.audio`    decoding a file to a mono float32 waveform, resampling
* :mod:`features.stft`     the STFT from framed FFTs, magnitude and power
* :mod:`features.mel`      the mel scale, the triangular filterbank, log-mel (dB)
* :mod:`features.mfcc`     the DCT of the log-mel spectrum, deltas
* :mod:`features.chroma`   tuning estimation and folding onto 12 pitch classes
* :mod:`features.spectral` RMS, zero-crossing rate, spectral contrast
* :mod:`features.pooling`  frames -> one named vector per clip
* :mod:`features.presets`  the ``seed`` and ``default`` recipes (and ``prosody``, ``egemaps``)
* :mod:`features.prosody`  pitch, voicing, energy and spectral-shape contours (``prosody``)
* :mod:`features.egemaps`  openSMILE's eGeMAPSv02 functionals (``egemaps``; optional opensmile)
* :mod:`features.cache`    the on-disk cache
* :mod:`features.files`    atomic file writes and installed versions, shared with baselines
* :mod:`features.dataset`  :func:`load_dataset`: folder -> ``FeatureSet``
* :mod:`features.collection`, :mod:`features.collection_dataset`  your own audio: folder-per-class
  and manifest layouts -> the same ``FeatureSet`` (:func:`~features.collection_dataset.load_collection`)
* :mod:`features.identity`  what fixes a preset's numbers (a saved model checks it)
* :mod:`features.backend`  joblib on local processes or a Dask cluster
* :mod:`features.relay`    warnings raised in worker processes, raised again in the parent
* :mod:`features.synthetic_corpus`  a labelled corpus of tones, noise and chirps
* :mod:`features.figures`  waveform, spectrogram, mel, MFCC and chroma plots of one clip
"""



def __getattr__(name):
    """``FeatureSet`` and ``load_dataset``, imported on first use (PEP 562): importing a light
    module of the package (``features.files``) does not import SciPy and librosa."""
    if name in ("FeatureSet", "load_dataset"):
        from features import dataset

        return getattr(dataset, name)
    raise AttributeError(f"module 'features' has no attribute {name!r}")


__all__ = ["FeatureSet", "load_dataset"]
