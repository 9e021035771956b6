"""Infrastructure: the broker link, the duty log store, sound, settings, secrets, logs, translations."""
