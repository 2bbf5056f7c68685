#!/usr/bin/env python3
"""Import benchmark, side by side with pandas (called by benches/import.rs).

    python3 benches/import_pandas.py generate-xlsx PATH ROWS
        writes a made-up individual-seizures workbook (openpyxl, write-only)
    python3 benches/import_pandas.py compare BINARY LONG_CSV IDS_XLSX RUNS
        times `BINARY import --check FILE` and pandas reading the same file
        plus the same group-by, each in its own child process; wall time and
        peak RSS (ru_maxrss from wait4) per run; prints a Markdown table.

Needs pandas and openpyxl (pip install pandas openpyxl). All values are
made up; nothing here is data.
"""

import os
import platform
import subprocess
import sys
import time

PANDAS_LONG = r"""
import pandas as pd, sys
df = pd.read_csv(sys.argv[1])
g = df.groupby(["series", "region", "drug", "year"], dropna=False)["value"].agg(["sum", "count"])
print(len(df), len(g))
"""

PANDAS_IDS = r"""
import pandas as pd, sys
sheets = pd.read_excel(sys.argv[1], sheet_name=None)
n = 0
for name, df in sheets.items():
    df["YEAR"] = name
    g = df.groupby(["COUNTRY_OF_SEIZURE", "DRUG_NAME", "DRUG_UNIT", "YEAR"])["AMOUNT_OF_DRUG"].agg(["sum", "count"])
    n += len(g)
print(sum(len(d) for d in sheets.values()), n)
"""


def generate_xlsx(path, rows):
    from openpyxl import Workbook
    countries = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Russian Federation",
                 "Turkmenistan", "Afghanistan", "Iran", "Germany", "Turkey"]
    drugs = ["Heroin", "Opium", "Cannabis herb", "Hashish", "Methamphetamine"]
    units = ["Gram", "Kilogram", "Gram", "Tablet"]
    wb = Workbook(write_only=True)
    years = [2014, 2015, 2016, 2017]
    per = rows // len(years)
    i = 0
    for y in years:
        ws = wb.create_sheet(str(y))
        ws.append(["COUNTRY_OF_SEIZURE", "REGION_OF_SEIZURE", "SUBREGION_OF_SEIZURE", "DRUG_NAME",
                   "AMOUNT_OF_DRUG", "DRUG_UNIT", "DEPARTURE_COUNTRY", "DESTINATION_COUNTRY",
                   "PRODUCING_COUNTRY"])
        for _ in range(per):
            c = countries[i % len(countries)]
            ws.append([c, "Asia", "Central Asia", drugs[(i // 3) % len(drugs)],
                       (i * 37 % 5000) / 10.0, units[(i // 7) % len(units)],
                       countries[(i + 3) % len(countries)], countries[(i + 5) % len(countries)],
                       "Afghanistan"])
            i += 1
    wb.save(path)


def measure(argv):
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux.
    return wall, usage.ru_maxrss / 1024.0, code


def best(argv, runs):
    results = [measure(argv) for _ in range(runs)]
    walls = sorted(r[0] for r in results)
    return walls[0], walls[len(walls) // 2], max(r[1] for r in results), results[-1][2]


def compare(binary, long_csv, ids_xlsx, runs):
    import pandas  # noqa: F401  (fail early with a clear message if missing)
    rows = []
    for label, path, script in [
        ("1,000,000-row long CSV", long_csv, PANDAS_LONG),
        ("200,000-row individual seizures xlsx", ids_xlsx, PANDAS_IDS),
    ]:
        size = os.path.getsize(path) / 1e6
        ours = best([binary, "import", "--check", path], runs)
        theirs = best([sys.executable, "-c", script, path], runs)
        rows.append((label, size, ours, theirs))
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
          f"pandas {__import__('pandas').__version__}, openpyxl {__import__('openpyxl').__version__}; "
          f"best and median of {runs} runs")
    print()
    print("| file | size | route-explorer import --check: best / median, peak RSS | "
          "pandas read + group-by: best / median, peak RSS | speed-up |")
    print("|---|---|---|---|---|")
    for label, size, o, t in rows:
        print(f"| {label} | {size:.1f} MB | {o[0]:.2f} s / {o[1]:.2f} s, {o[2]:.0f} MB (exit {o[3]}) | "
              f"{t[0]:.2f} s / {t[1]:.2f} s, {t[2]:.0f} MB | {t[0] / o[0]:.1f}x |")


if __name__ == "__main__":
    if sys.argv[1] == "generate-xlsx":
        generate_xlsx(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(__doc__)
