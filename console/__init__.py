"""Duty Console application core: domain, broker intake, duty log. No widgets here."""

__version__ = "0.1.0"
