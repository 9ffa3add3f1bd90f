"""Checks that Graphviz renders ideagraph's DOT export.

Usage: python3 dot_check.py DIR, where DIR holds graph.dot and graph.json exported from
the same graph. Runs `dot -Tsvg` and checks it succeeds without errors and draws one
node per graph node and one edge per graph edge.
"""
import json
import pathlib
import subprocess
import sys

out = pathlib.Path(sys.argv[1])
data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
run = subprocess.run(["dot", "-Tsvg", str(out / "graph.dot")], capture_output=True, text=True)
assert run.returncode == 0, run.stderr
assert "Error" not in run.stderr, run.stderr
svg = run.stdout
nodes = svg.count('class="node')
edges = svg.count('class="edge')
assert nodes == len(data["nodes"]), (nodes, len(data["nodes"]))
assert edges == len(data["links"]), (edges, len(data["links"]))
(out / "graph.dot.svg").write_text(svg, encoding="utf-8")
version = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
print(f"{version} rendered graph.dot: {nodes} nodes, {edges} edges, {len(svg)} bytes of SVG"
      + (f"; warnings: {run.stderr.strip()}" if run.stderr.strip() else ""))
