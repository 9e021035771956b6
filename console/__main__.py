import sys

from console.shell.cli import main

sys.exit(main())
