//! JSON node-link format, as used by d3 and read by networkx's
//! `node_link_graph(data, edges="links")`.

use serde_json::{Map, Value, json};

use super::IoError;
use crate::model::{Dated, Document, Edge, Evidence, Kind, KnowledgeGraph, Node, Relation};
use crate::query::filter::Part;

/// Node keys the model owns; any other key on import becomes an attribute.
const NODE_KEYS: [&str; 12] = [
    "id",
    "label",
    "kind",
    "sub_kind",
    "aliases",
    "description",
    "roles",
    "factions",
    "date",
    "evidence",
    "pos",
    "year",
];
const LINK_KEYS: [&str; 10] = [
    "source", "target", "relation", "date", "evidence", "note", "year", "key", "voice", "modality",
];

/// Builds the node-link value for a graph.
pub fn to_value(kg: &KnowledgeGraph) -> Value {
    let nodes: Vec<Value> = kg.graph().node_weights().map(node_value).collect();
    let links: Vec<Value> = kg
        .graph()
        .edge_indices()
        .filter_map(|e| {
            let w = kg.graph().edge_weight(e)?;
            Some(link_value(w, e.index()))
        })
        .collect();
    json!({
        "directed": true,
        "multigraph": true,
        "graph": { "title": kg.title, "version": crate::model::FORMAT_VERSION, "sources": kg.sources },
        "nodes": nodes,
        "links": links,
    })
}

fn node_value(n: &Node) -> Value {
    let mut m = match serde_json::to_value(n) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    // Flatten imported attributes so other tools see them as plain node attributes.
    if let Some(Value::Object(attrs)) = m.remove("attrs") {
        for (k, v) in attrs {
            m.entry(k).or_insert(v);
        }
    }
    m.insert("kind".into(), json!(n.kind.name()));
    if let Some(sk) = n.sub_kind {
        m.insert("sub_kind".into(), json!(sk));
    }
    if let Some(d) = &n.date {
        m.insert("year".into(), json!(d.year()));
    }
    Value::Object(m)
}

fn link_value(e: &Edge, key: usize) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), json!(e.from));
    m.insert("target".into(), json!(e.to));
    m.insert("key".into(), json!(key));
    m.insert("relation".into(), json!(e.relation.name()));
    if let Some(d) = &e.date {
        m.insert("year".into(), json!(d.year()));
        m.insert("date".into(), json!(d));
    }
    m.insert("evidence".into(), json!(e.evidence));
    if let (Some(v), Some(md)) = (e.voice(), e.modality()) {
        m.insert("voice".into(), json!(v.name()));
        m.insert("modality".into(), json!(md.name()));
    }
    if let Some(n) = &e.note {
        m.insert("note".into(), json!(n));
    }
    for (k, v) in &e.attrs {
        m.entry(k.clone()).or_insert(json!(v));
    }
    Value::Object(m)
}

/// Serialises a graph as pretty JSON node-link text: what [`write_to`] writes.
pub fn to_string(kg: &KnowledgeGraph) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and every piece written is UTF-8.
    let _ = write_to(kg, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes a graph as pretty JSON node-link text, the same text as
/// `serde_json::to_string_pretty(&to_value(kg))` and a newline, one node or link at a
/// time: a 100,000-node graph's value tree took a gigabyte; this holds one record.
///
/// # Errors
/// The writer's.
pub fn write_to(kg: &KnowledgeGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_part(&Part::graph(kg), w)
}

/// Writes part of a graph as [`write_to`] writes a graph: for a view, the text
/// [`write_to`] writes of [`crate::query::View::subgraph`]'s copy, read in place.
///
/// # Errors
/// The writer's.
pub fn write_part(part: &Part<'_>, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let graph = json!({ "title": part.title(), "version": crate::model::FORMAT_VERSION, "sources": part.sources() });
    // Keys in serde_json's order (sorted), as the value tree wrote them.
    w.write_all(b"{\n  \"directed\": true,\n  \"graph\": ")?;
    write_indented(w, &graph, 1)?;
    w.write_all(b",\n  \"links\": ")?;
    write_array(w, part.edges().map(|(key, e)| link_value(e, key)))?;
    w.write_all(b",\n  \"multigraph\": true,\n  \"nodes\": ")?;
    write_array(w, part.nodes().map(|(_, n)| node_value(n)))?;
    w.write_all(b"\n}\n")
}

/// A value as pretty JSON nested `level` deep: its lines after the first indented. A
/// JSON string never holds a raw line break, so every one is between tokens.
fn write_indented(w: &mut dyn std::io::Write, v: &Value, level: usize) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
    let pad = "  ".repeat(level);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            w.write_all(b"\n")?;
            w.write_all(pad.as_bytes())?;
        }
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// A top-level array of values, one at a time, as pretty JSON one level deep.
fn write_array(
    w: &mut dyn std::io::Write,
    items: impl Iterator<Item = Value>,
) -> std::io::Result<()> {
    let mut first = true;
    for v in items {
        w.write_all(if first { b"[\n    " } else { b",\n    " })?;
        first = false;
        write_indented(w, &v, 2)?;
    }
    w.write_all(if first { b"[]" } else { b"\n  ]" })
}

/// Parses node-link JSON (ours, networkx's or d3's) into a document. Unknown keys are
/// kept as attributes; a missing label falls back to the id, a missing kind to Concept.
pub fn parse_document(text: &str, path: &str) -> Result<Document, IoError> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        IoError::parse_at(
            e.to_string(),
            path,
            text,
            e.line().max(1),
            e.column().max(1),
        )
    })?;
    let bad = |msg: &str| IoError::parse_at(msg, path, text, 1, 1);
    let obj = v
        .as_object()
        .ok_or_else(|| bad("expected a JSON object with \"nodes\" and \"links\""))?;
    let mut doc = Document::default();
    if let Some(g) = obj.get("graph").and_then(Value::as_object) {
        doc.title = g
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let Some(s) = g.get("sources") {
            doc.sources = serde_json::from_value(s.clone())
                .map_err(|e| bad(&format!("graph.sources: {e}")))?;
        }
    }
    let nodes = obj
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("missing \"nodes\" array"))?;
    for (i, n) in nodes.iter().enumerate() {
        doc.nodes
            .push(parse_node(n).map_err(|m| bad(&format!("nodes[{i}]: {m}")))?);
    }
    let links = obj
        .get("links")
        .or_else(|| obj.get("edges"))
        .and_then(Value::as_array)
        .ok_or_else(|| bad("missing \"links\" array"))?;
    for (i, l) in links.iter().enumerate() {
        doc.edges
            .push(parse_link(l).map_err(|m| bad(&format!("links[{i}]: {m}")))?);
    }
    Ok(doc)
}

fn scalar_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn field<T: serde::de::DeserializeOwned>(
    m: &Map<String, Value>,
    k: &str,
) -> Result<Option<T>, String> {
    match m.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v.clone())
            .map(Some)
            .map_err(|e| format!("{k}: {e}")),
    }
}

fn parse_node(v: &Value) -> Result<Node, String> {
    let m = v.as_object().ok_or("expected an object")?;
    let id = m.get("id").map(scalar_string).ok_or("missing \"id\"")?;
    let label = m
        .get("label")
        .or_else(|| m.get("name"))
        .map(scalar_string)
        .unwrap_or_else(|| id.clone());
    let kind = m
        .get("kind")
        .and_then(Value::as_str)
        .and_then(super::interchange::kind_named)
        .unwrap_or(Kind::Concept);
    let mut n = Node::new(id, label, kind);
    n.sub_kind = field(m, "sub_kind")?;
    n.aliases = field(m, "aliases")?.unwrap_or_default();
    n.description = field(m, "description")?.unwrap_or_default();
    n.roles = field(m, "roles")?.unwrap_or_default();
    n.factions = field(m, "factions")?.unwrap_or_default();
    n.date = field(m, "date")?;
    n.evidence = field(m, "evidence")?.unwrap_or_default();
    n.pos = field(m, "pos")?;
    for (k, v) in m {
        if !NODE_KEYS.contains(&k.as_str()) {
            n.attrs.insert(k.clone(), scalar_string(v));
        }
    }
    Ok(n)
}

fn parse_link(v: &Value) -> Result<Edge, String> {
    let m = v.as_object().ok_or("expected an object")?;
    let from = m
        .get("source")
        .map(scalar_string)
        .ok_or("missing \"source\"")?;
    let to = m
        .get("target")
        .map(scalar_string)
        .ok_or("missing \"target\"")?;
    let relation = m
        .get("relation")
        .and_then(Value::as_str)
        .and_then(super::interchange::relation_named)
        .unwrap_or(Relation::RelatedTo);
    let mut e = Edge::new(from, to, relation);
    e.date = field::<Dated>(m, "date")?;
    e.evidence = field::<Vec<Evidence>>(m, "evidence")?.unwrap_or_default();
    e.note = field(m, "note")?;
    for (k, v) in m {
        if !LINK_KEYS.contains(&k.as_str()) {
            e.attrs.insert(k.clone(), scalar_string(v));
        }
    }
    Ok(e)
}

/// Parses node-link JSON and builds the graph, validating leniently as for any graph
/// made elsewhere (see [`super::interchange::accept_imported`]).
pub fn load_str(text: &str, path: &str) -> Result<KnowledgeGraph, IoError> {
    super::interchange::accept_imported(parse_document(text, path)?, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Basis;

    /// The streamed text is the value tree's, byte for byte.
    #[test]
    fn streaming_writes_what_the_value_tree_wrote() {
        // Read from the source tree: `bundled` sits above `io`.
        let path = crate::io::export::bundled_source_path();
        let kg = crate::io::load_graph_file(&path).expect("graph.ron loads");
        let mut tree = serde_json::to_string_pretty(&to_value(&kg)).expect("json");
        tree.push('\n');
        assert_eq!(to_string(&kg), tree);
        let empty = KnowledgeGraph::default();
        let mut tree = serde_json::to_string_pretty(&to_value(&empty)).expect("json");
        tree.push('\n');
        assert_eq!(to_string(&empty), tree);
    }

    #[test]
    fn round_trips_through_node_link() {
        let mut d = Document::default();
        let mut a = Node::new("a", "A & \"B\"", Kind::Person);
        a.attrs.insert("colour".into(), "red".into());
        a.date = Some(Dated {
            date: "2015-01-29".parse().expect("date"),
            basis: Basis::Inferred("why".into()),
        });
        d.nodes.push(a);
        d.nodes.push(Node::new("b", "B", Kind::Concept));
        let mut e = Edge::new("a", "b", Relation::Advocates);
        e.evidence.push(Evidence::new("s", "q"));
        e.attrs.insert("preference".into(), "1".into());
        d.edges.push(e);
        let kg = KnowledgeGraph::from_document(d.clone());
        let back = parse_document(&to_string(&kg), "x.json").expect("parse");
        assert_eq!(back, d);
    }

    #[test]
    fn reads_plain_networkx_output() {
        let text = r#"{"directed": false, "multigraph": false, "graph": {},
            "nodes": [{"id": 0, "club": "Mr. Hi"}, {"id": 1}], "links": [{"source": 0, "target": 1, "weight": 4}]}"#;
        let d = parse_document(text, "k.json").expect("parse");
        assert_eq!(d.nodes[0].label, "0");
        assert_eq!(
            d.nodes[0].attrs.get("club").map(String::as_str),
            Some("Mr. Hi")
        );
        assert_eq!(
            d.edges[0].attrs.get("weight").map(String::as_str),
            Some("4")
        );
    }
}
