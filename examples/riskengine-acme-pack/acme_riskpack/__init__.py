"""Example riskengine rule pack: AcmeCRM edition limits and connector coverage."""

__version__ = "1.2.0"
