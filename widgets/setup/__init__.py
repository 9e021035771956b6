"""The first-run wizard and the settings window."""
