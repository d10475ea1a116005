"""One module per job source; each exports ``parse``, ``fetch`` and ``SOURCE``."""
