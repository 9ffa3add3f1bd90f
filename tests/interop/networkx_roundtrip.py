"""Checks that graphs networkx writes open in ideagraph with nothing lost.

Usage: python3 networkx_roundtrip.py DIR IDEAGRAPH, where DIR holds graph.json and
graph.graphml exported from the same graph and IDEAGRAPH is the binary. networkx reads
our GraphML and writes it again as GraphML and as GEXF (its own way: its own key ids,
types and attribute declarations); ideagraph imports both and exports JSON, which must
give the same nodes, edges, labels, kinds, relations, evidence and sources.
"""
import json
import pathlib
import subprocess
import sys

import networkx as nx

out = pathlib.Path(sys.argv[1])
binary = sys.argv[2]
want = json.loads((out / "graph.json").read_text(encoding="utf-8"))

g = nx.read_graphml(out / "graph.graphml")
nx.write_graphml(g, out / "nx.graphml")
# networkx writes no graph attributes to GEXF, so the sources cannot travel and
# evidence citing them would not validate: that leg drops what cites a source.
# networkx writes the node's `label` attribute as GEXF's own label.
h = g.copy()
for _, attrs in list(h.nodes(data=True)) + [(None, a) for *_, a in h.edges(data=True)]:
    for k in ["evidence", "roles", "factions"]:
        attrs.pop(k, None)
nx.write_gexf(h, out / "nx.gexf")


def node_view(data, evidence):
    return {
        n["id"]: (n.get("label"), n.get("kind"), n.get("description", ""),
                  json.dumps(n.get("evidence", []), sort_keys=True) if evidence else None)
        for n in data["nodes"]
    }


def edge_view(data, evidence):
    return sorted(
        (l["source"], l["target"], l.get("relation"),
         json.dumps(l.get("evidence", []), sort_keys=True) if evidence else None)
        for l in data["links"]
    )


for name, evidence in [("nx.graphml", True), ("nx.gexf", False)]:
    back_path = out / (name + ".json")
    subprocess.run([binary, "export", str(out / name), "--format", "json", "-o", str(back_path)],
                   check=True, capture_output=True)
    back = json.loads(back_path.read_text(encoding="utf-8"))
    assert node_view(back, evidence) == node_view(want, evidence), f"{name}: nodes differ"
    assert edge_view(back, evidence) == edge_view(want, evidence), f"{name}: edges differ"
    if evidence:
        assert back["graph"].get("sources") == want["graph"].get("sources"), f"{name}: sources differ"
    kept = "labels, kinds, relations" + (", evidence and sources" if evidence else "")
    print(f"ideagraph read networkx's {name}: {len(back['nodes'])} nodes, {len(back['links'])} edges, "
          f"{kept} intact")
