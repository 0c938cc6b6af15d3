"""A realistic script: parse an in-memory CSV with ``csv`` and aggregate it into a report."""
import random

from benchmarks.workloads import Workload

SOURCE = '''
import csv
import io
from collections import defaultdict


def parse(text):
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        rows.append({
            "region": row["region"],
            "product": row["product"],
            "units": int(row["units"]),
            "price": float(row["price"]),
            "month": row["date"][:7],
        })
    return rows


def aggregate(rows):
    revenue = defaultdict(float)
    units = defaultdict(int)
    monthly = defaultdict(float)
    for r in rows:
        amount = r["units"] * r["price"]
        revenue[(r["region"], r["product"])] += amount
        units[r["product"]] += r["units"]
        monthly[r["month"]] += amount
    return revenue, units, monthly


def report(revenue, units, monthly):
    lines = ["region   product        revenue"]
    top = sorted(revenue.items(), key=lambda kv: -kv[1])[:10]
    for (region, product), amount in top:
        lines.append(f"{region:<8} {product:<10} {amount:>12,.2f}")
    best = max(units, key=units.get)
    lines.append(f"best seller: {best} ({units[best]} units)")
    for month in sorted(monthly):
        lines.append(f"{month}: {monthly[month]:,.0f}")
    return "\\n".join(lines)

result = report(*aggregate(parse(CSV_TEXT)))
'''


def make_csv(n):
    """A deterministic sales CSV of ``n`` rows (generated outside the timed region)."""
    rng = random.Random(20240501)
    regions = ["north", "south", "east", "west", "central"]
    products = ["widget", "gadget", "doohickey", "gizmo", "sprocket", "flange"]
    lines = ["date,region,product,units,price"]
    for _ in range(n):
        lines.append("2024-%02d-%02d,%s,%s,%d,%.2f" % (
            rng.randint(1, 12), rng.randint(1, 28), rng.choice(regions), rng.choice(products),
            rng.randint(1, 40), rng.uniform(0.5, 99.0),
        ))
    return "\n".join(lines) + "\n"


WORKLOAD = Workload(
    "csv_report",
    "parse + aggregate an in-memory CSV (csv.DictReader)",
    SOURCE,
    {"full": 3000, "quick": 50},
    setup=lambda n: {"CSV_TEXT": make_csv(n)},
)
