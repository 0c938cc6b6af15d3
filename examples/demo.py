"""A small script to trace: `sidefx trace examples/demo.py`."""
import statistics

readings = {"north": [3.1, 2.9, 3.4], "south": [1.2, 1.8]}
summary = {}
for region, values in readings.items():
    values.append(round(sum(values) / len(values), 2))
    summary[region] = f"{statistics.mean(values):.2f}"

class Meter:
    def __init__(self, unit):
        self.unit = unit

    def show(self, value):
        return f"{value}{self.unit}"

meter = Meter("mm")
labels = [meter.show(v) for v in summary.values()]
print(", ".join(labels))
