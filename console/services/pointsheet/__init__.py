"""Import of the sensor data sheets enterprises fill in (传感数据填报), XLSX or CSV.

A sheet lists an enterprise's sensor points, one a row: code (位号), name, kind, unit, instrument
range, the four thresholds and, optionally, cameras, nuisance controls and the alarm response
card. Headers may be Chinese, English or the Jiangsu platform's field names. A point's kind, when
the sheet has no 类型 column or leaves the cell blank, is inferred from its unit and the tag letters
of its code. ``import_points`` merges a sheet into a plant registry, all or nothing: any problem
raises ``SheetError`` with every problem found, located by row and column as the user sees them
in Excel. The format and the rules are described in docs/points-sheet.md.

The modules, each with one reason to change:

- ``grid``: reading the files (XLSX, CSV) into rows of cells by header;
- ``columns``: the columns, their header aliases and the words for a point's kind;
- ``cells`` and ``cell_reader``: cell values (text, numbers, codes, yes/no) by column;
- ``point_rows`` and ``camera_rows``: the row checks (each row a point or camera, or problems);
- ``merge`` and ``importer``: the merge into the plant registry, all or nothing;
- ``report``: the report's lines about inferred kinds, translated;
- ``template``: the template enterprises fill in;
- ``plant_file`` and ``command``: writing the plant file, ``duty-console import-points``.
"""

from console.services.pointsheet.columns import CAMERA_COLUMNS, KIND_NAMES, POINT_COLUMNS, Column
from console.services.pointsheet.command import main_import
from console.services.pointsheet.grid import SheetRow, SheetRows, read_sheet
from console.services.pointsheet.importer import import_points, import_sheet
from console.services.pointsheet.merge import ImportResult, Tally
from console.services.pointsheet.plant_file import write_plant_atomically
from console.services.pointsheet.point_rows import InferredKind
from console.services.pointsheet.problems import SheetError, SheetProblem
from console.services.pointsheet.report import inferred_kind_line, inferred_kind_lines
from console.services.pointsheet.template import TEMPLATE_ENTERPRISE, template_path, write_template

__all__ = [
    "CAMERA_COLUMNS", "KIND_NAMES", "POINT_COLUMNS", "TEMPLATE_ENTERPRISE", "Column", "ImportResult", "InferredKind",
    "SheetError", "SheetProblem", "SheetRow", "SheetRows", "Tally", "import_points", "import_sheet", "inferred_kind_line",
    "inferred_kind_lines", "main_import", "read_sheet", "template_path", "write_plant_atomically", "write_template",
]
