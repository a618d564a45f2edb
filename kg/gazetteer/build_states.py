"""Refresh the pycountry-derived cells of data/states.csv (ISO codes, ISO names as aliases); run as a script."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

__all__ = ["iso_names", "main", "refresh"]

STATES_CSV = Path(__file__).resolve().parent / "data" / "states.csv"
PYCOUNTRY_SOURCE = "pycountry ISO 3166-1 (codes, ISO names)"


def _fold(text: str) -> str:
    from kg.gazetteer import fold

    return fold(text)


def iso_names(alpha_3: str) -> tuple[str | None, list[str]]:
    """(alpha_2, usable ISO names) for a code; inverted or bracketed ISO names ('Korea, Republic of') are skipped."""
    import pycountry

    country = pycountry.countries.get(alpha_3=alpha_3)
    if country is None:
        return None, []
    names: list[str] = []
    for attr in ("name", "official_name", "common_name"):
        value = getattr(country, attr, None)
        if not value or "," in value or "(" in value:
            continue
        if value.lower().startswith("the "):
            value = value[4:]
        names.append(value)
    return country.alpha_2, names


def refresh(text: str) -> str:
    """Return states.csv text with iso2 and ISO-name aliases filled from pycountry for every row with an iso3."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    col = {name: i for i, name in enumerate(header)}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in reader:
        if not row:
            continue
        alpha_2, names = iso_names(row[col["iso3"]]) if row[col["iso3"]] else (None, [])
        if alpha_2 is not None:
            row[col["iso2"]] = alpha_2
            aliases = [a for a in row[col["aliases"]].split("|") if a]
            known = {_fold(row[col["label"]])} | {_fold(a) for a in aliases}
            for name in names:
                if _fold(name) not in known:
                    aliases.append(name)
                    known.add(_fold(name))
            row[col["aliases"]] = "|".join(aliases)
            if "pycountry" not in row[col["source"]]:
                row[col["source"]] = f"{row[col['source']]}; {PYCOUNTRY_SOURCE}"
        writer.writerow(row)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if states.csv is not up to date, write nothing")
    parser.add_argument("--path", type=Path, default=STATES_CSV)
    args = parser.parse_args(argv)
    before = args.path.read_text(encoding="utf-8")
    after = refresh(before)
    if args.check:
        if after != before:
            print(f"{args.path} is not up to date with pycountry; run python -m kg.gazetteer.build_states")
            return 1
        return 0
    if after != before:
        args.path.write_text(after, encoding="utf-8")
        print(f"updated {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
