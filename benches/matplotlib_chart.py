#!/usr/bin/env python3
"""Comparison for BENCHMARKS.md: the national-seizures chart drawn by matplotlib.

Same content as `route-explorer export chart national-seizures`: the adopted
(cross-checked) reading, the printed reading dashed, title, subtitle, axis
labels, legend and source line, 1600x900 PNG.

    python3 benches/matplotlib_chart.py /tmp/y.png
"""

import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SERIES = "kz-opiate-seizures-annual"


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "national-seizures-matplotlib.png"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "data", "kazakhstan.json"), encoding="utf-8") as f:
        data = json.load(f)
    figures = [f for f in data["figures"] if f["series"] == SERIES]
    adopted = sorted(
        (f for f in figures if f.get("reading", "adopted") == "adopted"), key=lambda f: f["year"]
    )
    printed = sorted((f for f in figures if f.get("reading") == "printed"), key=lambda f: f["year"])
    sources = {s["id"]: s for s in data["sources"]}
    src = sources[adopted[0]["source"]]

    fig = plt.figure(figsize=(16, 9), dpi=100)
    ax = fig.add_axes((0.07, 0.2, 0.9, 0.66))
    ax.plot(
        [f["year"] for f in adopted],
        [f["value"] for f in adopted],
        color="#0072b2",
        linewidth=2.5,
        marker="o",
        label="Opiate seizures (cross-checked reading)",
    )
    ax.plot(
        [f["year"] for f in printed],
        [f["value"] for f in printed],
        color="#999999",
        linewidth=2,
        linestyle="--",
        marker="o",
        label="As printed in the article (evidence only)",
    )
    ax.set_xlabel("Year")
    ax.set_ylabel("Seizures (kg)")
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#e4e4e4")
    fig.text(0.02, 0.95, "Opiate seizures in Kazakhstan, 1996-2006", fontsize=20)
    fig.text(
        0.02,
        0.91,
        "Heroin and opium together, all agencies, kg; the printed 1996-2006 list is read in reverse order",
        fontsize=12,
        color="#555555",
    )
    fig.legend(loc="lower left", bbox_to_anchor=(0.02, 0.06), ncol=2, frameon=False)
    fig.text(
        0.02,
        0.02,
        f"Source: {src['publisher']}, {src['title']}, {src['date']}; dataset: {data['title']}",
        fontsize=9,
        color="#777777",
    )
    fig.savefig(out)


if __name__ == "__main__":
    main()
