#!/usr/bin/env python3
"""Extract the IEEE assignments of the makers camaudit knows from Debian's ieee-data package.

Usage: Signatures/mac/update-oui.py [/usr/share/ieee-data] > Signatures/mac/oui.csv

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
    (r"Zhejiang Dahua Technology Co\.,? ?Ltd\.?", "dahua"),
    (r"hangzhou huacheng network technology co\.,? ?ltd\.?", "huacheng"),
    (r"Lorex Technology Inc\.?", "lorex"),
    (r"Amcrest Technologies", "amcrest"),
    (r"Axis Communications AB", "axis"),
    (r"Bosch Security Systems.*", "bosch"),
    (r"Hanwha (Techwin|Vision|Aerospace).*", "hanwha"),
    (r"Samsung Techwin.*", "hanwha"),
    (r"Zhejiang Uniview Technologies Co\.,? ?Ltd\.?", "uniview"),
    (r"Reolink Innovation Limited|Shenzhen Reolink Technology.*", "reolink"),
    (r"Ubiquiti (Networks )?Inc\.?", "ubiquiti"),
    (r"Avigilon Corporation", "avigilon"),
    (r"MOBOTIX AG", "mobotix"),
    (r"VIVOTEK INC\.?", "vivotek"),
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
    rows.sort(key=lambda row: (row[2], row[1]))
    out = csv.writer(sys.stdout, lineterminator="\n")
    print(f"# source: IEEE registry copy from Debian ieee-data {version} ({root}/oui.csv, mam.csv, oui36.csv)")
    print(f"# extracted: {datetime.date.today().isoformat()} by Signatures/mac/update-oui.py")
    print("# Newer assignments are missing until the package is refreshed; see banlists.md §4.3.")
    out.writerow(["registry", "prefix", "maker", "organization"])
    for row in rows:
        out.writerow(row)

if __name__ == "__main__":
    main()
