"""The shell: the composition root, the command line and the demo; the only place that assembles widgets and core."""
