#!/usr/bin/env python3
"""Extract the IEEE assignments of the makers camaudit knows from Debian's ieee-data package.

Usage: Signatures/mac/update-oui.py [/usr/share/ieee-data] [EXTRACT.csv] > Signatures/mac/oui.csv

EXTRACT.csv (default Signatures/mac/ieee-extract-2026-05-21.txt) is a newer copy of the same
registry's rows for these registrants (columns registry,prefix,organization,source,source_date),
for assignments made after the Debian package's copy; both are merged, the newer copy's
organization spelling winning.

Matches full registrant names (never a substring like "Dahua": "Shanghai Dahua Scale Factory"
is not Zhejiang Dahua). Covers MA-L (oui.csv), MA-M (mam.csv) and MA-S (oui36.csv). The output
records the registry copy and the date it was extracted; the build compiles it into the binary.
"""
import csv
import datetime
import os
import re
import subprocess
import sys

# Registrant name (as the registry spells it, case-insensitive, anchored) -> maker id.
REGISTRANTS = [
    (r"Hangzhou Hikvision Digital Technology Co\.,? ?Ltd\.?", "hikvision"),
    (r"Prama Hikvision India Private Limited", "prama-hikvision"),
    (r"Hangzhou Ezviz Software Co\.,? ?Ltd\.?", "ezviz"),
    (r"Hangzhou Microimage Software Co\.,? ?Ltd\.?", "hikmicro"),
    (r"Hangzhou Hikrobot Technology Co\.,? ?Ltd\.?", "hikrobot"),
    (r"Zhejiang Dahua Technology ?Co\.,? ?Ltd\.?", "dahua"),
    (r"hangzhou huacheng network technology co\.,? ?ltd\.?", "huacheng"),
    (r"Lorex Technology Inc\.?", "lorex"),
    (r"Amcrest Technologies", "amcrest"),
    (r"LT Security Inc\.?", "lts"),
    (r"Axis Communications AB", "axis"),
    (r"Bosch Security Systems.*", "bosch"),
    (r"Hanwha (Techwin|Vision|Aerospace).*", "hanwha"),
    (r"Samsung Techwin.*", "hanwha"),
    (r"Zhejiang Uniview Technologies Co\.,? ?Ltd\.?", "uniview"),
    (r"Reolink Innovation Limited|Shenzhen Reolink Technology.*", "reolink"),
    (r"Ubiquiti (Networks )?Inc\.?", "ubiquiti"),
    (r"Avigilon Corporation", "avigilon"),
    (r"MOBOTIX AG", "mobotix"),
    (r"VIVOTEK,? INC\.?", "vivotek"),
]

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/ieee-data"
    try:
        version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "ieee-data"],
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        version = "unknown version"
    patterns = [(re.compile(p + r"$", re.IGNORECASE), maker) for p, maker in REGISTRANTS]
    rows = []
    for name in ("oui.csv", "mam.csv", "oui36.csv"):
        path = os.path.join(root, name)
        with open(path, newline="", encoding="utf-8") as handle:
            for record in csv.DictReader(handle):
                organization = record["Organization Name"].strip()
                for pattern, maker in patterns:
                    if pattern.match(organization):
                        rows.append((record["Registry"], record["Assignment"].upper(), maker, organization))
                        break
    extract = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "ieee-extract-2026-05-21.txt")
    newer_date, newer_origin = None, None
    by_prefix = {row[1]: row for row in rows}
    with open(extract, newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            organization = record["organization"].strip()
            for pattern, maker in patterns:
                if pattern.match(organization):
                    by_prefix[record["prefix"].upper()] = (record["registry"], record["prefix"].upper(), maker, organization)
                    newer_date = record["source_date"]
                    newer_origin = record["source"].split(":")[0]
                    break
    rows = sorted(by_prefix.values(), key=lambda row: (row[2], row[1]))
    out = csv.writer(sys.stdout, lineterminator="\n")
    print(f"# source: IEEE registry copy of {newer_date} (public daily mirror {newer_origin}) merged with Debian ieee-data {version}")
    print(f"# extracted: {datetime.date.today().isoformat()} by Signatures/mac/update-oui.py from {root} and {os.path.basename(extract)}")
    print("# Assignments made after the newer copy's date are missing; see banlists.md §4.3.")
    out.writerow(["registry", "prefix", "maker", "organization"])
    for row in rows:
        out.writerow(row)

if __name__ == "__main__":
    main()
