"""Plain-text tables from result documents (one run, or the matrix of many)."""


def _fmt(value, spec):
    if value is None:
        return "-"
    return format(value, spec)


def _ratio(value):
    if value is None:
        return "-"
    return format(value, ".1f" if value < 10 else ".0f")


def _mb(value):
    return "-" if value is None else "%.1f" % (value / 1e6)


def _rate(value):
    if value is None:
        return "-"
    if value >= 1e6:
        return "%.2fM" % (value / 1e6)
    if value >= 1e3:
        return "%.0fk" % (value / 1e3)
    return "%.0f" % value


def render_table(headers, rows, right=None):
    """Align ``rows`` (lists of str) under ``headers``; columns in ``right`` are right-aligned."""
    right = set(range(1, len(headers))) if right is None else set(right)
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells):
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in rows)
    return "\n".join(out)


RUN_HEADERS = ["workload", "backend", "untraced ms", "traced ms", "ratio", "+read", "calls", "calls/s",
               "us/call", "peak MB", "untr. MB", "setprofile x", "sp calls", "sp MB"]


def run_rows(doc):
    rows, notes = [], []
    for w in doc["workloads"]:
        if w["status"] != "ok":
            rows.append([w["name"], "-", w["status"]] + [""] * (len(RUN_HEADERS) - 3))
            notes.append("%s %s: %s" % (w["name"], w["status"], w.get("reason", "")))
            continue
        base = w["baseline"] or {}
        order = [b for b in doc["backends"] if b in w["backends"]] + sorted(set(w["backends"]) - set(doc["backends"]))
        for backend in order:
            b = w["backends"][backend]
            if b["status"] != "ok":
                rows.append([w["name"], backend, b["status"]] + [""] * (len(RUN_HEADERS) - 3))
                if b["status"] == "error" or backend not in (doc.get("backends_skipped") or {}):
                    notes.append("%s/%s %s: %s" % (w["name"], backend, b["status"], b.get("reason", "")))
                continue
            mark = ""
            if not b.get("same_result", True):
                mark = " !"
                notes.append("%s/%s: traced run's result differs from the untraced run's" % (w["name"], backend))
            if b.get("calls_varied_between_repeats") or (
                    b.get("memory_run_calls_recorded") not in (None, b["calls_recorded"])):
                mark += " ?"
                notes.append("%s/%s: calls recorded varied between runs (%s in the timed runs, %s in the memory run)"
                             % (w["name"], backend, b["calls_recorded"], b.get("memory_run_calls_recorded")))
            problems = b.get("recording_problems") or {}
            if problems.get("not_implemented_ops") or problems.get("internal_errors") or problems.get("stack_read_errors"):
                mark += " *"
                notes.append("%s/%s: recording problems %s" % (w["name"], backend, problems))
            rows.append([
                w["name"], backend,
                _fmt(w["untraced_s"] * 1e3, ".2f"),
                _fmt(b["traced_s"] * 1e3, ".0f"),
                _ratio(b["ratio"]) + mark,
                _ratio(b.get("ratio_with_reading")),
                str(b["calls_recorded"]),
                _rate(b["calls_per_s"]),
                _fmt(b.get("us_per_call"), ".2f"),
                _mb(b.get("peak_memory_bytes")),
                _mb(w.get("untraced_peak_memory_bytes")),
                _fmt(base.get("ratio"), ".1f"),
                str(base.get("calls_recorded", "-")),
                _mb(base.get("peak_memory_bytes")),
            ])
    return rows, notes


def format_run(doc):
    """The table of one run (one interpreter)."""
    py = doc["python"]
    title = "sidefx %s (%s) on %s %s (%s), clock %s, repeat %d%s" % (
        doc["sidefx_version"], (doc.get("hot_path") or {}).get("status", "?"), py["implementation"], py["version"],
        doc["machine"]["platform"], doc["clock"], doc["repeat"], ", QUICK sizes" if doc.get("quick") else "")
    rows, notes = run_rows(doc)
    text = [title, render_table(RUN_HEADERS, rows)]
    text.append("ratio = traced/untraced CPU time (median of per-repeat ratios); +read = the same with "
                "reading every recorded call afterwards (the compiled path makes each record when it is first "
                "read); setprofile x = the sys.setprofile baseline's ratio; MB = tracemalloc peak (separate "
                "untimed run)")
    for w in doc["workloads"]:
        if not w.get("calls_consistent_across_backends", True):
            text.append("note: %s: backends recorded different numbers of calls" % w["name"])
    for backend, reason in sorted((doc.get("backends_skipped") or {}).items()):
        text.append("backend %s skipped: %s" % (backend, reason))
    text.extend("note: " + n for n in notes)
    return "\n".join(text)


def _version_key(doc):
    return tuple(doc["python"]["version_info"]) + (0 if _compiled(doc) else 1,)


def _compiled(doc):
    return bool((doc.get("hot_path") or {}).get("compiled"))


def _label(doc, backend):
    """Column label: version, backend (st = settrace, mon = monitoring), /py for the pure-Python path."""
    return "%d.%d %s%s" % (tuple(doc["python"]["version_info"][:2]) + (
        "mon" if backend == "monitoring" else "st", "" if _compiled(doc) else "/py"))


def format_matrix(docs):
    """Combined tables: workload x (version, backend) ratio, then the setprofile baseline ratio."""
    docs = sorted(docs, key=_version_key)
    columns = []  # (doc, backend)
    for doc in docs:
        for backend in doc["backends"]:
            columns.append((doc, backend))
    names = []
    for doc in docs:
        for w in doc["workloads"]:
            if w["name"] not in names:
                names.append(w["name"])

    def short(doc):
        return "%d.%d" % tuple(doc["python"]["version_info"][:2])

    def cell(doc, name, getter):
        for w in doc["workloads"]:
            if w["name"] == name:
                if w["status"] != "ok":
                    return w["status"]
                return getter(w)
        return ""

    def ratio_of(backend):
        def get(w):
            b = w["backends"].get(backend)
            if b is None or b["status"] != "ok":
                return "-" if b is None else b["status"]
            return _ratio(b["ratio"])
        return get

    headers = ["workload"] + [_label(d, b) for d, b in columns]
    rows = [[name] + [cell(d, name, ratio_of(b)) for d, b in columns] for name in names]
    out = ["sidefx ratio (traced/untraced CPU time, median) by Python version and backend "
           "(st = settrace, mon = monitoring; /py = run with SIDEFX_PURE_PYTHON=1, else the compiled path where sidefx has one)", render_table(headers, rows)]

    headers = ["workload"] + [short(d) + ("" if _compiled(d) else " (py run)") for d in docs]
    rows = [[name] + [cell(d, name, lambda w: _fmt((w["baseline"] or {}).get("ratio"), ".1f")) for d in docs]
            for name in names]
    out += ["", "sys.setprofile baseline ratio by Python version", render_table(headers, rows)]

    headers = ["workload"] + [_label(d, b) for d, b in columns]

    def us_of(backend):
        def get(w):
            b = w["backends"].get(backend)
            if b is None or b["status"] != "ok":
                return "-"
            return _fmt(b.get("us_per_call"), ".2f")
        return get

    rows = [[name] + [cell(d, name, us_of(b)) for d, b in columns] for name in names]
    out += ["", "sidefx microseconds per recorded call", render_table(headers, rows)]

    def calls_of(backend):
        def get(w):
            b = w["backends"].get(backend)
            if b is None or b["status"] != "ok":
                return "-"
            return str(b["calls_recorded"])
        return get

    rows, differing = [], []
    for name in names:
        row = [name] + [cell(d, name, calls_of(b)) for d, b in columns]
        counts = {c for c in row[1:] if c.isdigit()}
        if len(counts) > 1:
            differing.append(name)
            row[0] += " (differs)"
        rows.append(row)
    out += ["", "calls recorded (the call model promises the same trace on every version and backend)",
            render_table(headers, rows)]
    if differing:
        out.append("calls recorded differ between versions/backends for: %s" % ", ".join(differing))
    return "\n".join(out)
