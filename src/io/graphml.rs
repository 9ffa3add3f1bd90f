//! GraphML, as read by networkx, Gephi, Cytoscape and yEd.
//!
//! # Export
//! Every node and edge attribute gets a typed `<key>` (`string`, `long` or `double`;
//! see [`super::interchange`] for the columns): label, kind, sub-kind, description,
//! aliases, date, year, roles, factions and evidence (nested ones as JSON strings),
//! `x`/`y` positions (y-up), and every imported attribute. Graph-level keys carry the
//! title, the format version, the sources as JSON and a readable bibliography.
//! Edges are directed and have ids `e0`, `e1`, ... in graph order.
//!
//! # Import
//! Keys are mapped from their id to their `attr.name` (or the id if unnamed), with
//! `<default>` values applied; `<data>` on the graph, nodes and edges is read;
//! undirected graphs are read as directed edges in the order written. Nested graphs
//! are flattened and yEd's graphics elements skipped. Anything the model has no field
//! for is kept in `attrs`.

use std::collections::BTreeMap;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

use super::IoError;
use super::interchange::{self, Column, ColumnType, EDGE_COLUMNS, NODE_COLUMNS, Record};
use super::xml::{self, Element};
use crate::model::{Document, FORMAT_VERSION, KnowledgeGraph, Source};

/// The GraphML namespace.
pub const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

fn type_name(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Str => "string",
        ColumnType::Int => "long",
        ColumnType::Double => "double",
    }
}

/// An element start with attributes escaped by [`interchange::escape_attr`] (which,
/// unlike quick-xml's own escaping, keeps line breaks through attribute normalisation).
fn start<'a>(name: &'a str, attrs: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut s = BytesStart::new(name);
    for (k, v) in attrs {
        s.push_attribute(Attribute {
            key: QName(k),
            value: interchange::escape_attr(v).into(),
        });
    }
    s
}

type XmlWriter = Writer<Vec<u8>>;

fn encode_err(e: std::io::Error) -> IoError {
    IoError::Encode {
        message: e.to_string(),
        path: "GraphML".into(),
    }
}

fn data(w: &mut XmlWriter, key: &str, value: &str) -> Result<(), IoError> {
    w.write_event(Event::Start(start("data", &[("key", key)])))
        .map_err(encode_err)?;
    w.write_event(Event::Text(BytesText::from_escaped(
        interchange::escape_text(value),
    )))
    .map_err(encode_err)?;
    w.write_event(Event::End(BytesEnd::new("data")))
        .map_err(encode_err)
}

fn declare(w: &mut XmlWriter, id: &str, domain: &str, col: &Column) -> Result<(), IoError> {
    let ty = type_name(col.ty);
    w.write_event(Event::Empty(start(
        "key",
        &[
            ("id", id),
            ("for", domain),
            ("attr.name", &col.name),
            ("attr.type", ty),
        ],
    )))
    .map_err(encode_err)
}

/// Each record's values as `(key id, value)`, in column order.
fn rows(records: &[Record], cols: &[(String, String)]) -> Vec<Vec<(String, String)>> {
    records
        .iter()
        .map(|r| {
            cols.iter()
                .filter_map(|(name, id)| Some((id.clone(), r.get(name)?.clone())))
                .collect()
        })
        .collect()
}

/// Serialises a graph as GraphML text.
///
/// # Errors
/// Only if the XML writer fails, which writing to memory does not.
pub fn to_string(kg: &KnowledgeGraph) -> Result<String, IoError> {
    let nodes: Vec<_> = kg.graph.node_weights().collect();
    let edges: Vec<_> = kg
        .edge_indices()
        .filter_map(|e| Some((e, kg.graph.edge_weight(e)?)))
        .collect();
    let node_recs: Vec<Record> = nodes.iter().map(|n| interchange::node_record(n)).collect();
    let edge_recs: Vec<Record> = edges
        .iter()
        .map(|(_, e)| interchange::edge_record(e))
        .collect();
    let node_cols = interchange::columns(&node_recs, &NODE_COLUMNS);
    let edge_cols = interchange::columns(&edge_recs, &EDGE_COLUMNS);

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(encode_err)?;
    w.write_event(Event::Start(start(
        "graphml",
        &[
            ("xmlns", NAMESPACE),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"),
        ],
    )))
    .map_err(encode_err)?;

    let graph_cols = [
        ("g_title", "title", ColumnType::Str),
        ("g_version", "version", ColumnType::Int),
        ("g_sources", "sources", ColumnType::Str),
        ("g_bibliography", "bibliography", ColumnType::Str),
    ];
    for (id, name, ty) in graph_cols {
        declare(
            &mut w,
            id,
            "graph",
            &Column {
                name: name.into(),
                ty,
            },
        )?;
    }
    let mut node_ids = Vec::new();
    for (i, c) in node_cols.iter().enumerate() {
        let id = format!("d{i}");
        declare(&mut w, &id, "node", c)?;
        node_ids.push((c.name.clone(), id));
    }
    let mut edge_ids = Vec::new();
    for (i, c) in edge_cols.iter().enumerate() {
        let id = format!("d{}", node_cols.len() + i);
        declare(&mut w, &id, "edge", c)?;
        edge_ids.push((c.name.clone(), id));
    }

    w.write_event(Event::Start(start(
        "graph",
        &[("id", "G"), ("edgedefault", "directed")],
    )))
    .map_err(encode_err)?;
    if !kg.title.is_empty() {
        data(&mut w, "g_title", &kg.title)?;
    }
    data(&mut w, "g_version", &FORMAT_VERSION.to_string())?;
    data(
        &mut w,
        "g_sources",
        &serde_json::to_string(&kg.sources).unwrap_or_default(),
    )?;
    data(
        &mut w,
        "g_bibliography",
        &interchange::bibliography(&kg.sources),
    )?;

    for (n, row) in nodes.iter().zip(rows(&node_recs, &node_ids)) {
        w.write_event(Event::Start(start("node", &[("id", &n.id)])))
            .map_err(encode_err)?;
        for (k, v) in row {
            data(&mut w, &k, &v)?;
        }
        w.write_event(Event::End(BytesEnd::new("node")))
            .map_err(encode_err)?;
    }
    for ((ix, e), row) in edges.iter().zip(rows(&edge_recs, &edge_ids)) {
        let id = format!("e{}", ix.index());
        w.write_event(Event::Start(start(
            "edge",
            &[("id", &id), ("source", &e.from), ("target", &e.to)],
        )))
        .map_err(encode_err)?;
        for (k, v) in row {
            data(&mut w, &k, &v)?;
        }
        w.write_event(Event::End(BytesEnd::new("edge")))
            .map_err(encode_err)?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))
        .map_err(encode_err)?;
    w.write_event(Event::End(BytesEnd::new("graphml")))
        .map_err(encode_err)?;
    let mut out = String::from_utf8(w.into_inner()).map_err(|e| IoError::Encode {
        message: e.to_string(),
        path: "GraphML".into(),
    })?;
    out.push('\n');
    Ok(out)
}

/// A declared key: its attribute name, what it applies to, and its default.
struct Key {
    name: String,
    domain: String,
    default: Option<String>,
}

/// The `<data>` values of an element as a record (defaults first, then its own data).
fn record(el: &Element, keys: &BTreeMap<String, Key>, domain: &str) -> Record {
    let mut rec = Record::new();
    for k in keys.values() {
        if (k.domain == domain || k.domain == "all")
            && let Some(d) = &k.default
        {
            rec.insert(k.name.clone(), d.clone());
        }
    }
    for d in el.children_named("data") {
        let Some(key) = d.attr("key") else { continue };
        let name = keys
            .get(key)
            .map_or_else(|| key.to_owned(), |k| k.name.clone());
        if d.children.is_empty() {
            rec.insert(name, d.text.clone());
        } else if let Some(label) = yed_label(d) {
            // yEd wraps a node's label in graphics elements; keep the label, skip the drawing.
            rec.entry("label".into()).or_insert(label);
        }
    }
    rec
}

/// The text of the first `NodeLabel`/`EdgeLabel` under a yEd graphics element.
fn yed_label(el: &Element) -> Option<String> {
    let mut stack = vec![el];
    while let Some(e) = stack.pop() {
        if matches!(e.name.as_str(), "NodeLabel" | "EdgeLabel") && !e.text.trim().is_empty() {
            return Some(e.text.trim().to_owned());
        }
        stack.extend(e.children.iter().rev());
    }
    None
}

/// Every node and edge in a graph element, descending into nested graphs.
fn collect<'a>(graph: &'a Element, nodes: &mut Vec<&'a Element>, edges: &mut Vec<&'a Element>) {
    for c in &graph.children {
        match c.name.as_str() {
            "node" => {
                nodes.push(c);
                for g in c.children_named("graph") {
                    collect(g, nodes, edges);
                }
            }
            "edge" => edges.push(c),
            _ => {}
        }
    }
}

/// Parses GraphML text into a document.
///
/// # Errors
/// [`IoError::Parse`] with line and column for malformed XML, a file that is not
/// GraphML, a node without an id, an edge without ends, or a nested attribute value
/// (roles, factions, evidence, aliases) that is not valid JSON.
pub fn parse_document(text: &str, path: &str) -> Result<Document, IoError> {
    let root = xml::parse(text, path)?;
    let at = |el: &Element, msg: String| IoError::parse_at_offset(msg, path, text, el.offset);
    if root.name != "graphml" {
        return Err(at(
            &root,
            format!("expected a <graphml> root element, found <{}>", root.name),
        ));
    }
    let mut keys = BTreeMap::new();
    for k in root.children_named("key") {
        let Some(id) = k.attr("id") else {
            return Err(at(k, "a <key> without an id".into()));
        };
        let name = k
            .attr("attr.name")
            .or_else(|| k.attr("yfiles.type"))
            .unwrap_or(id)
            .to_owned();
        let domain = k.attr("for").unwrap_or("all").to_owned();
        let default = k.child("default").map(|d| d.text.clone());
        keys.insert(
            id.to_owned(),
            Key {
                name,
                domain,
                default,
            },
        );
    }
    let Some(graph) = root.child("graph") else {
        return Err(at(&root, "no <graph> element".into()));
    };
    let mut doc = Document::default();
    let grec = record(graph, &keys, "graph");
    doc.title = grec
        .get("title")
        .or_else(|| grec.get("name"))
        .cloned()
        .unwrap_or_default();
    if let Some(s) = grec.get("sources") {
        doc.sources = serde_json::from_str::<Vec<Source>>(s)
            .map_err(|e| at(graph, format!("graph sources: not valid JSON ({e})")))?;
    }
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    collect(graph, &mut nodes, &mut edges);
    for n in nodes {
        let Some(id) = n.attr("id") else {
            return Err(at(n, "a <node> without an id".into()));
        };
        let rec = record(n, &keys, "node");
        doc.nodes.push(
            interchange::node_from_record(id, &rec)
                .map_err(|m| at(n, format!("node {id:?}: {m}")))?,
        );
    }
    for e in edges {
        let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) else {
            return Err(at(e, "an <edge> without source and target".into()));
        };
        let rec = record(e, &keys, "edge");
        doc.edges.push(
            interchange::edge_from_record(from, to, &rec)
                .map_err(|m| at(e, format!("edge {from:?} -> {to:?}: {m}")))?,
        );
    }
    Ok(doc)
}

/// Parses GraphML and builds the graph, validating leniently as for any graph made
/// elsewhere (see [`interchange::accept_imported`]).
///
/// # Errors
/// [`IoError::Parse`] as in [`parse_document`], or [`IoError::Invalid`].
pub fn load_str(text: &str, path: &str) -> Result<KnowledgeGraph, IoError> {
    interchange::accept_imported(parse_document(text, path)?, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Evidence, Kind, Node, Relation};

    fn sample() -> Document {
        let mut d = Document {
            title: "T & <t>".into(),
            ..Document::default()
        };
        d.sources.push(Source {
            id: "s".into(),
            title: "Title".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: String::new(),
            note: None,
        });
        let mut a = Node::new("a", "A \"q\" & <b>\nnext", Kind::Person);
        a.pos = Some([1.0, 2.0]);
        a.attrs.insert("score".into(), "3".into());
        d.nodes.push(a);
        d.nodes.push(Node::new("b", "Bé", Kind::Concept));
        let mut e = Edge::new("a", "b", Relation::Advocates);
        e.evidence.push(Evidence {
            source: "s".into(),
            quote: "x < y".into(),
        });
        d.edges.push(e);
        d
    }

    #[test]
    fn round_trips_and_declares_typed_keys() {
        let d = sample();
        let text = to_string(&KnowledgeGraph::from_document(d.clone())).expect("encode");
        assert!(
            text.contains(r#"attr.name="score" attr.type="long""#),
            "{text}"
        );
        assert!(
            text.contains(r#"attr.name="x" attr.type="double""#),
            "{text}"
        );
        assert_eq!(parse_document(&text, "t.graphml").expect("parse"), d);
    }

    #[test]
    fn reads_defaults_undirected_and_unnamed_keys() {
        let t = r#"<graphml><key id="d0" for="node" attr.name="club" attr.type="string"><default>none</default></key>
            <key id="d1" for="edge"/>
            <graph edgedefault="undirected"><node id="0"><data key="d0">Mr. Hi</data></node><node id="1"/>
            <edge source="0" target="1"><data key="d1">4</data></edge></graph></graphml>"#;
        let d = parse_document(t, "t.graphml").expect("parse");
        assert_eq!(
            d.nodes[0].attrs.get("club").map(String::as_str),
            Some("Mr. Hi")
        );
        assert_eq!(
            d.nodes[1].attrs.get("club").map(String::as_str),
            Some("none")
        );
        assert_eq!(d.edges[0].attrs.get("d1").map(String::as_str), Some("4"));
        assert!(load_str(t, "t.graphml").is_ok());
    }

    #[test]
    fn bad_json_in_data_is_placed() {
        let t = "<graphml><key id=\"k\" for=\"node\" attr.name=\"evidence\"/>\n<graph>\n<node id=\"a\"><data key=\"k\">[oops</data></node></graph></graphml>";
        let err = parse_document(t, "t.graphml").expect_err("bad");
        let IoError::Parse { line, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(*line, 3, "{err}");
    }
}
