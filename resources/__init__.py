"""Icons, sounds, translations and styles of Duty Console (read with importlib.resources)."""
