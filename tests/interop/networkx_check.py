"""Checks that networkx reads ideagraph's exports with every attribute.

Usage: python3 networkx_check.py DIR, where DIR holds graph.json (and, once those
exporters exist, graph.graphml and graph.gexf).
"""
import json
import pathlib
import sys

import networkx as nx

out = pathlib.Path(sys.argv[1])
data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
g = nx.node_link_graph(data, edges="links")
assert g.is_directed() and g.is_multigraph()
assert g.number_of_nodes() == len(data["nodes"]) > 0
assert g.number_of_edges() == len(data["links"]) > 0
for n, attrs in g.nodes(data=True):
    assert attrs.get("label") and attrs.get("kind"), n
for a, b, attrs in g.edges(data=True):
    assert attrs.get("relation"), (a, b)
    assert attrs.get("evidence") and all(e["source"] and e["quote"] for e in attrs["evidence"]), (a, b)
assert g.graph["sources"]
print(f"networkx read graph.json: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
      f"{len(g.graph['sources'])} sources")
