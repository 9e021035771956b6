"""Trends: live and historical curves of points."""
