#!/usr/bin/env python3
"""Merges the harness's results.jsonl with ideagraph's and prints one Markdown table:
peer, nodes, edges, ms per step (median after warm-up), stress, edge-length CV, and
ideagraph's speed-up over each peer on the same graph (peer ms / our ms).

Usage: bench_table.py PEERS.jsonl IDEAGRAPH.jsonl
"""
import json
import sys


def rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fmt(x, digits=3):
    return "-" if x is None else f"{x:.{digits}f}"


peers = rows(sys.argv[1])
ours = {r["graph"]: r for r in rows(sys.argv[2])}
print("| graph | peer | nodes | edges | ms/step | stress | edge-CV | ideagraph speed-up |")
print("|---|---|---|---|---|---|---|---|")
for graph in sorted({r.get("graph") for r in peers} | set(ours), key=lambda g: (g.split("-")[-1], g)):
    me = ours.get(graph)
    for r in [p for p in peers if p.get("graph") == graph] + ([me] if me else []):
        q = r.get("quality") or {}
        ms = r.get("ms_tick_median")
        if r is me:
            ratio = "—"
        elif me and ms:
            ratio = f"{ms / me['ms_tick_median']:.1f}×"
        else:
            ratio = "-"
        name = r.get("peer", "?")
        if r is me:
            name = "**ideagraph**"
        print(f"| {graph} | {name} | {r.get('nodes', '-')} | {r.get('edges', '-')} | {fmt(ms, 2)} | "
              f"{fmt(q.get('stress'))} | {fmt(q.get('edge_cv'))} | {ratio} |")
