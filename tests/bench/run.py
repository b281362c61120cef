#!/usr/bin/env python3
"""Times minipy against CPython on the workloads in this directory.

    tests/bench/run.py --minipy build/gil/minipy --minipy build/nogil/minipy \\
                       --python /usr/bin/python3.11 --python python3

Every workload runs --repeat times (default 5) under every interpreter; the
outputs (checksums) must agree, and a markdown table of median wall-clock
seconds with the ratio to the first --python is printed.  A ratio below 1.0
means faster than that CPython.  Without --python, /usr/bin/python3.11
(Debian's optimised build) is the reference when present, else this
interpreter; without --minipy, build/gil/minipy and build/nogil/minipy are
used when they exist.

--quick runs smaller inputs three times (for CI); --smoke runs the smallest
inputs once and only checks that the checksums agree (CTest's bench.smoke).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# workload: (full size, --quick size, --smoke size); the size is argv[1].
WORKLOADS = {
    "fib": (30, 27, 18),
    "factor": (10000, 2000, 200),
    "strings": (300000, 60000, 5000),
    "sort": (200000, 40000, 3000),
}


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minipy", action="append", default=[], metavar="PATH",
                    help="a minipy binary to time (repeatable)")
    ap.add_argument("--python", action="append", default=[], metavar="PATH",
                    help="a CPython to time; the first is the reference (repeatable)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per workload (default 5)")
    ap.add_argument("--quick", action="store_true", help="smaller inputs, 3 runs")
    ap.add_argument("--smoke", action="store_true",
                    help="tiny inputs, one run, only check that the outputs agree")
    ap.add_argument("workloads", nargs="*", metavar="WORKLOAD",
                    help="any of " + ", ".join(WORKLOADS) + " (default: all)")
    args = ap.parse_args()
    for w in args.workloads:
        if w not in WORKLOADS:
            ap.error(f"unknown workload {w!r}")
    if args.repeat is None:
        args.repeat = 1 if args.smoke else 3 if args.quick else 5
    if not args.python:
        args.python = ["/usr/bin/python3.11" if os.path.exists("/usr/bin/python3.11")
                       else sys.executable]
    if not args.minipy:
        args.minipy = [p for p in (os.path.join(ROOT, "build", b, "minipy") for b in ("gil", "nogil"))
                       if os.path.exists(p)]
    args.workloads = args.workloads or list(WORKLOADS)
    return args


def describe(path, is_python):
    """A column label: the path plus the version the binary reports."""
    cmd = [path, "-c", "import sys; print(sys.version.split()[0])"] if is_python else [path, "--version"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError as e:
        sys.exit(f"run.py: cannot run {path}: {e}")
    return f"{path} ({out.splitlines()[0] if out else '?'})"


def run_once(exe, workload, size):
    script = os.path.join(HERE, workload + ".mp")
    start = time.perf_counter()
    proc = subprocess.run([exe, script, str(size)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{exe} {workload}.mp {size}: exit status {proc.returncode}\n"
                           f"{proc.stderr[-2000:]}")
    return elapsed, proc.stdout


def main():
    args = parse_args()
    column = 2 if args.smoke else 1 if args.quick else 0
    interps = [(p, True) for p in args.python] + [(m, False) for m in args.minipy]
    labels = [describe(p, is_py) for p, is_py in interps]
    failed = False
    rows = []
    for w in args.workloads:
        size = WORKLOADS[w][column]
        medians, outputs = [], []
        for exe, _ in interps:
            times = []
            out = None
            try:
                for _ in range(args.repeat):
                    t, out = run_once(exe, w, size)
                    times.append(t)
            except RuntimeError as e:
                print(f"FAIL: {e}", file=sys.stderr)
                failed = True
            medians.append(statistics.median(times) if times else None)
            outputs.append(out)
        if len(set(outputs)) != 1:
            failed = True
            print(f"FAIL: {w} ({size}): outputs differ:", file=sys.stderr)
            for label, out in zip(labels, outputs):
                print(f"  {label}: {out!r}", file=sys.stderr)
        elif args.smoke:
            print(f"ok: {w} {size}: {outputs[0].strip()}")
        rows.append((f"{w} ({size})", medians))
    if not args.smoke:
        print_table(labels, rows, args.repeat)
    return 1 if failed else 0


def print_table(labels, rows, repeat):
    print(f"Median wall-clock seconds of {repeat} run(s); ratio = time / time of {labels[0]}"
          " (below 1.00 is faster).\n")
    print("| workload | " + " | ".join(labels) + " |")
    print("|---" * (len(labels) + 1) + "|")
    ratios = [[] for _ in labels]
    for name, medians in rows:
        ref = medians[0]
        cells = []
        for i, m in enumerate(medians):
            if m is None:
                cells.append("failed")
            elif i == 0 or not ref:
                cells.append(f"{m:.3f}")
            else:
                ratios[i].append(m / ref)
                cells.append(f"{m:.3f} ({m / ref:.2f}x)")
        print(f"| {name} | " + " | ".join(cells) + " |")
    geo = ["1.00x"] + [f"{statistics.geometric_mean(r):.2f}x" if r else "-" for r in ratios[1:]]
    print("| geometric mean ratio | " + " | ".join(geo) + " |")


if __name__ == "__main__":
    sys.exit(main())
