"""BorderDesk: offline records of Vietnam–China border cooperation."""

__version__ = "0.1.0"
