"""The course as material: its website (and, once moved here, the exercises and lesson figures)."""
