"""Compares our tune benchmark results with Optuna's (shared/reference/optuna.md 4.3).

Usage: compare.py OURS_JSON PEER_JSON
Both files: {"regrets": {function: {sampler: [[best-so-far regret per trial] per seed]}},
             "timing": {function: {sampler: [[ms per suggestion per trial] per seed]}}}
Prints JSON: {"quality": markdown, "timing": markdown, "verdicts": {...}} where a verdict is a
two-sided Mann-Whitney U test (scipy) at 0.05 on the regrets of the seeds at t; a win is a
significant difference with our median lower.
"""

import json
import sys

import numpy
from scipy.stats import mannwhitneyu

CHECKPOINTS = [10, 25, 50, 100]


def at(curves, t):
    return numpy.array([curve[min(t, len(curve)) - 1] for curve in curves])


def summary(curves):
    parts = []
    for t in CHECKPOINTS:
        values = at(curves, t)
        parts.append(f"{numpy.median(values):.3g}")
    final = at(curves, CHECKPOINTS[-1])
    q1, q3 = numpy.percentile(final, [25, 75])
    return " / ".join(parts) + f" [{q1:.2g}, {q3:.2g}]"


def verdict(ours, theirs, t):
    a, b = at(ours, t), at(theirs, t)
    if numpy.all(a == a[0]) and numpy.all(b == b[0]) and a[0] == b[0]:
        return "tie", 1.0
    p = mannwhitneyu(a, b, alternative="two-sided").pvalue
    if p >= 0.05:
        return "tie", p
    return ("win" if numpy.median(a) < numpy.median(b) else "loss"), p


def main():
    ours = json.load(open(sys.argv[1]))
    peer = json.load(open(sys.argv[2]))
    pairs = [("tpe", "tpe_v5"), ("tpe", "tpe_indep"), ("gp", "gp"), ("random", "random")]
    functions = list(ours["regrets"])
    header = "| function | sampler | median regret at t = 10 / 25 / 50 / 100 [IQR at 100] | seeds |"
    lines = [header, "|---|---|---|---:|"]
    for function in functions:
        for label, source, curves in (
            [(f"ours {name}", "ours", c) for name, c in ours["regrets"][function].items()]
            + [(f"optuna {name}", "optuna", c) for name, c in peer["regrets"].get(function, {}).items() if not name.endswith("_ms")]
        ):
            lines.append(f"| {function} | {label} | {summary(curves)} | {len(curves)} |")
    verdicts = {}
    vlines = ["| ours vs Optuna | function | t = 10 | t = 25 | t = 50 | t = 100 |", "|---|---|---|---|---|---|"]
    for mine, theirs in pairs:
        for function in functions:
            a = ours["regrets"][function].get(mine)
            b = peer["regrets"].get(function, {}).get(theirs)
            if a is None or b is None:
                continue
            cells = []
            for t in CHECKPOINTS:
                outcome, p = verdict(a, b, t)
                verdicts.setdefault(f"{mine}~{theirs}", {}).setdefault(function, {})[t] = outcome
                cells.append(f"{outcome} (p={p:.2g})")
            vlines.append(f"| {mine} vs {theirs} | {function} | " + " | ".join(cells) + " |")
    ratios = {}
    for function, by_sampler in ours.get("timing", {}).items():
        mine = by_sampler.get("tpe")
        theirs = peer.get("timing", {}).get(function, {}).get("tpe_v5")
        if mine and theirs and len(mine[0]) >= 1000 and len(theirs[0]) >= 1000:
            ours_late = numpy.median([ms for run in mine for ms in run[980:1000]])
            their_late = numpy.median([ms for run in theirs for ms in run[980:1000]])
            ratios[function] = their_late / ours_late
    tlines = ["| function | sampler | ms per suggestion, trials 81-100 | trials 981-1000 | total s (all trials) |", "|---|---|---:|---:|---:|"]
    for source, data in (("ours", ours), ("optuna", peer)):
        for function, by_sampler in data.get("timing", {}).items():
            for sampler, runs in by_sampler.items():
                if not runs:
                    continue
                early = numpy.median([ms for run in runs for ms in run[80:100]])
                late = numpy.median([ms for run in runs for ms in run[980:1000]]) if len(runs[0]) >= 1000 else float("nan")
                total = numpy.median([sum(run) / 1e3 for run in runs])
                tlines.append(f"| {function} | {source} {sampler} | {early:.3g} | {late:.3g} | {total:.3g} |")
    print(json.dumps({"quality": "\n".join(lines), "verdicts_table": "\n".join(vlines), "timing": "\n".join(tlines), "verdicts": verdicts, "timingRatios": ratios}))


if __name__ == "__main__":
    main()
