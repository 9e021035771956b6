"""Fill Chinese translations from a tab-separated file, then compile.

    python packaging/fill_translations.py strings.tsv

Each line: context<TAB>source<TAB>translation (\\n and \\t escaped as in Python). Runs
packaging/translations.sh first so new strings are in the .ts file; only unfinished or
matching messages of resources/translations/duty_console_zh_CN.ts are changed.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "duty_console_zh_CN.ts"


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def load(path: Path) -> dict[tuple[str, str], str]:
    wanted = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            sys.exit(f"{path}:{number}: expected context, source and translation separated by tabs")
        wanted[(parts[0], _unescape(parts[1]))] = _unescape(parts[2])
    return wanted


def _translate(message: ET.Element, text: str) -> None:
    node = message.find("translation")
    node.attrib.pop("type", None)
    if message.get("numerus") == "yes":  # %n messages: Chinese has one plural form
        node.text = None
        for child in list(node):
            node.remove(child)
        ET.SubElement(node, "numerusform").text = text
    else:
        node.text = text


def repair(tree: ET.ElementTree) -> None:
    """Numerus messages given a plain translation (by an older version of this tool)."""
    for message in tree.iter("message"):
        node = message.find("translation")
        if message.get("numerus") == "yes" and node is not None and (node.text or "").strip():
            _translate(message, node.text)


def fill(wanted: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    tree = ET.parse(TS)
    repair(tree)
    found = set()
    for ctx in tree.iter("context"):
        name = ctx.findtext("name")
        for message in ctx.iter("message"):
            key = (name, message.findtext("source"))
            if key in wanted:
                _translate(message, wanted[key])
                found.add(key)
    ET.indent(tree, "    ")
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return sorted(set(wanted) - found)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    wanted = load(Path(sys.argv[1]))
    tree = ET.parse(TS)
    repair(tree)
    ET.indent(tree, "    ")
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run(["bash", str(ROOT / "packaging" / "translations.sh")], check=True)
    missing = fill(wanted)
    for ctx, src in missing:
        print(f"not in the code (check the context): {ctx}\t{src}", file=sys.stderr)
    subprocess.run(["bash", str(ROOT / "packaging" / "translations.sh")], check=True)  # compile, same format
    print(f"filled {len(wanted) - len(missing)} of {len(wanted)}")


if __name__ == "__main__":
    main()
