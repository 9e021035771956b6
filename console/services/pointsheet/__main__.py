"""``python -m console.services.pointsheet FILE --plant PLANT_JSON``: as ``duty-console import-points``."""

import sys

from console.services.pointsheet.command import main_import

sys.exit(main_import())
