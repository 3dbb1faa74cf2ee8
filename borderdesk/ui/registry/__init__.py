"""Registry screens: posts, counterpart units, gates, markers, officers, holidays."""
from borderdesk.ui.registry.view import RegistryView

__all__ = ["RegistryView"]
