"""Writing a trend's visible data as CSV (off the GUI thread) and naming export files."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from console.domain.cell_text import csv_text

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def export_path(folder: str, suffix: str, now: float) -> Path:
    """``trend-YYYYmmdd-HHMMSS.<suffix>`` in ``folder``, not overwriting an earlier one."""
    base = Path(folder).expanduser()
    stamp = dt.datetime.fromtimestamp(now).strftime("%Y%m%d-%H%M%S")
    path = base / f"trend-{stamp}.{suffix}"
    n = 2
    while path.exists():
        path = base / f"trend-{stamp}-{n}.{suffix}"
        n += 1
    return path


def write_csv(path: Path, header: list[str], series: list[dict]) -> int:
    """One row per reading, oldest first per point; per-minute history rows carry min and max.
    ``series``: dicts with enterprise, point, name, unit, times, values and optionally
    minute_times, minute_low, minute_mean, minute_high. UTF-8 with BOM (opens in Excel).
    Returns the number of rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    tmp = path.with_suffix(path.suffix + ".part")
    with open(tmp, "w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow([csv_text(h) for h in header])
        for s in series:
            fixed = [csv_text(str(s[key])) for key in ("enterprise", "point", "name", "unit")]  # never a formula
            for at, low, mean, high in zip(s.get("minute_times", ()), s.get("minute_low", ()), s.get("minute_mean", ()), s.get("minute_high", ()), strict=True):
                out.writerow([_time(at), *fixed, repr(float(mean)), repr(float(low)), repr(float(high))])
                rows += 1
            for at, value in zip(s["times"], s["values"], strict=True):
                out.writerow([_time(at), *fixed, "" if np.isnan(value) else repr(float(value)), "", ""])
                rows += 1
    tmp.replace(path)
    return rows


def _time(at: float) -> str:
    return dt.datetime.fromtimestamp(float(at)).strftime(TIME_FORMAT)[:-3]
