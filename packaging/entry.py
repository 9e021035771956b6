"""The frozen program's entry point (PyInstaller): the same ``duty-console`` command as the
console script of the Python package."""

import sys

from console.shell.cli import main

if __name__ == "__main__":
    sys.exit(main())
