"""The enterprise overview: one tile per enterprise, docked beside the alarm list."""

from widgets.overview.panel import EnterpriseOverviewPanel

__all__ = ["EnterpriseOverviewPanel"]
