"""First-run set-up and the settings checks (connection tests, upgrade backups, autostart)."""
