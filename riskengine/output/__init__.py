"""Built-in report formats; each module exposes ``render(assessments, options) -> str``."""
