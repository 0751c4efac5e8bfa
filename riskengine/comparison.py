"""Compare two assessments of versions of one profile (filled in by the what-if/compare work)."""
