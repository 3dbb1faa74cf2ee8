"""The errors, under the name most modules import them by (they live in :mod:`borderdesk.errors`,
at the bottom of the import graph, so that ``store`` may raise them too)."""
from borderdesk.errors import BorderDeskError, NotFound, SetupError, ValidationError

__all__ = ["BorderDeskError", "NotFound", "SetupError", "ValidationError"]
