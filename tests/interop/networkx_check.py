"""Checks that networkx reads ideagraph's exports with every attribute.

Usage: python3 networkx_check.py DIR, where DIR holds graph.json, graph.graphml and
graph.gexf exported from the same graph. JSON is the reference: GraphML and GEXF must
give the same nodes, edges and attributes (nested values as JSON strings).
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

# The attributes every format must carry, per node and per edge, from the JSON.
NODE_SCALARS = ["label", "kind", "description"]
NODE_NESTED = ["aliases", "roles", "factions", "evidence"]
nodes = {n["id"]: n for n in data["nodes"]}
links = [(l["source"], l["target"], l) for l in data["links"]]


def check_nodes(name, h, keep_label_attr=True):
    assert set(h.nodes) == set(nodes), f"{name}: node ids differ"
    for n, attrs in h.nodes(data=True):
        want = nodes[n]
        for k in NODE_SCALARS:
            if want.get(k):
                assert attrs.get(k) == want[k], (name, n, k, attrs.get(k), want[k])
        for k in NODE_NESTED:
            if want.get(k):
                assert json.loads(attrs[k]) == want[k], (name, n, k)
        if "date" in want:
            assert attrs.get("date") == want["date"]["date"], (name, n)
            assert int(attrs["year"]) == want["year"], (name, n)
        if "sub_kind" in want:
            assert attrs.get("sub_kind") == want["sub_kind"], (name, n)
        for k, v in want.items():
            # Imported attributes (e.g. `preference`) come through as they were.
            if k not in NODE_SCALARS + NODE_NESTED + ["id", "date", "year", "sub_kind", "pos"]:
                assert str(attrs.get(k)) == str(v), (name, n, k)


LINK_KNOWN = {"source", "target", "key", "relation", "date", "year", "evidence", "note"}
# What GraphML and GEXF add on edges themselves: ids, GEXF's label (the relation) and
# start/end (the span of the date).
EDGE_STRUCTURAL = {"id", "label", "start", "end", "relation", "date", "date_inferred", "year", "evidence", "note"}


def canon(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def edge_key(a, b, relation, evidence, note, date, extras):
    return (a, b, relation, canon(evidence), note, canon(date), canon(extras))


def check_edges(name, h):
    assert h.number_of_edges() == len(links), f"{name}: {h.number_of_edges()} edges, want {len(links)}"
    got = []
    for a, b, d in h.edges(data=True):
        date = None
        if "date" in d:
            basis = {"Inferred": d["date_inferred"]} if "date_inferred" in d else "Stated"
            date = {"date": d["date"], "basis": basis}
        extras = {k: str(v) for k, v in d.items() if k not in EDGE_STRUCTURAL}
        got.append(edge_key(a, b, d["relation"], json.loads(d.get("evidence", "[]")), d.get("note"), date, extras))
    want = []
    for a, b, l in links:
        extras = {k: str(v) for k, v in l.items() if k not in LINK_KNOWN}
        want.append(edge_key(a, b, l["relation"], l["evidence"], l.get("note"), l.get("date"), extras))
    assert sorted(got) == sorted(want), f"{name}: edges differ"


# GraphML: typed keys, graph-level title, sources and bibliography.
gm = nx.read_graphml(out / "graph.graphml")
assert gm.is_directed() and isinstance(gm, (nx.MultiDiGraph, nx.DiGraph))
check_nodes("graphml", gm)
check_edges("graphml", gm)
assert json.loads(gm.graph["sources"]) == data["graph"]["sources"]
assert gm.graph["title"] == data["graph"]["title"]
for s in data["graph"]["sources"]:
    assert f"[{s['id']}]" in gm.graph["bibliography"], s["id"]
years = [d["year"] for _, d in gm.nodes(data=True) if "year" in d]
assert years and all(isinstance(y, int) for y in years), "year is typed long"
print(f"networkx read graph.graphml: {gm.number_of_nodes()} nodes, {gm.number_of_edges()} edges, "
      f"{len(json.loads(gm.graph['sources']))} sources, title {gm.graph['title']!r}")

# GEXF 1.3: attributes, viz position/colour/size on every node, dates as start/end.
gx = nx.read_gexf(out / "graph.gexf")
assert gx.is_directed()
check_nodes("gexf", gx)
check_edges("gexf", gx)
for n, d in gx.nodes(data=True):
    viz = d["viz"]
    assert {"x", "y"} <= set(viz["position"]), n
    assert set(viz["color"]) >= {"r", "g", "b"} and viz["size"] > 0, n
dated = [d for _, d in gx.nodes(data=True) if "date" in d]
assert dated and all("start" in d and "end" in d for d in dated)
assert gx.graph["mode"] == "dynamic"
print(f"networkx read graph.gexf: {gx.number_of_nodes()} nodes, {gx.number_of_edges()} edges, "
      f"viz on every node, {len(dated)} dated nodes with start/end")
