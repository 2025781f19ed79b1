"""Building into a fresh folder, printing PDFs in a sandbox, and publishing releases to a target."""
