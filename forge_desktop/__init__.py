"""FORGE Desktop: an explorer for the 2026 critical-minerals record."""

__version__ = "0.1.0"
