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
//! for is kept in `attrs`. The file is streamed ([`super::xml::read`]): memory holds the
//! document being built and the elements still open, never a tree of the file.

use std::collections::BTreeMap;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

use super::IoError;
use super::interchange::{self, Column, ColumnType, EDGE_COLUMNS, NODE_COLUMNS, Record};
use super::xml::{self, ContentErrors, Tag};
use crate::model::{Document, FORMAT_VERSION, Kind, KnowledgeGraph, Node, Source};
use crate::query::filter::Part;

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

type XmlWriter<'w> = Writer<&'w mut dyn std::io::Write>;

fn encode_err(e: std::io::Error) -> IoError {
    IoError::Encode {
        message: e.to_string(),
        path: "GraphML".into(),
    }
}

fn data(w: &mut XmlWriter<'_>, key: &str, value: &str) -> Result<(), IoError> {
    w.write_event(Event::Start(start("data", &[("key", key)])))
        .map_err(encode_err)?;
    w.write_event(Event::Text(BytesText::from_escaped(
        interchange::escape_text(value),
    )))
    .map_err(encode_err)?;
    w.write_event(Event::End(BytesEnd::new("data")))
        .map_err(encode_err)
}

fn declare(w: &mut XmlWriter<'_>, id: &str, domain: &str, col: &Column) -> Result<(), IoError> {
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

/// Serialises a graph as GraphML text: what [`write_to`] writes.
///
/// # Errors
/// Only if the XML writer fails, which writing to memory does not.
pub fn to_string(kg: &KnowledgeGraph) -> Result<String, IoError> {
    let mut out = Vec::new();
    write_to(kg, &mut out)?;
    String::from_utf8(out).map_err(|e| IoError::Encode {
        message: e.to_string(),
        path: "GraphML".into(),
    })
}

/// Writes a graph as GraphML, one record at a time: a first pass finds the columns
/// and their types ([`interchange::ColumnTypes`]), a second makes each record again and
/// writes it. Holding every record (twice) took 940 MB for 100,000 nodes and 500,000
/// edges; this holds one.
///
/// # Errors
/// [`IoError::Encode`] if the writer fails.
pub fn write_to(kg: &KnowledgeGraph, out: &mut dyn std::io::Write) -> Result<(), IoError> {
    write_part(&Part::graph(kg), out)
}

/// Writes part of a graph as [`write_to`] writes a graph: for a view, the text
/// [`write_to`] writes of [`crate::query::View::subgraph`]'s copy, read in place.
///
/// # Errors
/// [`IoError::Encode`] if the writer fails.
pub fn write_part(part: &Part<'_>, out: &mut dyn std::io::Write) -> Result<(), IoError> {
    let mut node_types = interchange::ColumnTypes::new(&NODE_COLUMNS);
    for (_, n) in part.nodes() {
        node_types.add(&interchange::node_record(n));
    }
    let mut edge_types = interchange::ColumnTypes::new(&EDGE_COLUMNS);
    for (_, e) in part.edges() {
        edge_types.add(&interchange::edge_record(e));
    }
    let (node_cols, edge_cols) = (node_types.columns(), edge_types.columns());

    let mut w = Writer::new_with_indent(out, b' ', 2);
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
    if !part.title().is_empty() {
        data(&mut w, "g_title", part.title())?;
    }
    data(&mut w, "g_version", &FORMAT_VERSION.to_string())?;
    data(
        &mut w,
        "g_sources",
        &serde_json::to_string(part.sources()).unwrap_or_default(),
    )?;
    data(
        &mut w,
        "g_bibliography",
        &interchange::bibliography(part.sources()),
    )?;

    for (_, n) in part.nodes() {
        w.write_event(Event::Start(start("node", &[("id", &n.id)])))
            .map_err(encode_err)?;
        write_row(&mut w, &interchange::node_record(n), &node_ids)?;
        w.write_event(Event::End(BytesEnd::new("node")))
            .map_err(encode_err)?;
    }
    for (key, e) in part.edges() {
        let id = format!("e{key}");
        w.write_event(Event::Start(start(
            "edge",
            &[("id", &id), ("source", &e.from), ("target", &e.to)],
        )))
        .map_err(encode_err)?;
        write_row(&mut w, &interchange::edge_record(e), &edge_ids)?;
        w.write_event(Event::End(BytesEnd::new("edge")))
            .map_err(encode_err)?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))
        .map_err(encode_err)?;
    w.write_event(Event::End(BytesEnd::new("graphml")))
        .map_err(encode_err)?;
    w.get_mut().write_all(b"\n").map_err(encode_err)
}

/// A record's values as `<data>`, in column order (`(name, key id)` pairs).
fn write_row(
    w: &mut XmlWriter<'_>,
    rec: &Record,
    cols: &[(String, String)],
) -> Result<(), IoError> {
    for (name, id) in cols {
        if let Some(v) = rec.get(name) {
            data(w, id, v)?;
        }
    }
    Ok(())
}

/// A declared key: its attribute name, what it applies to, and its default.
#[derive(Clone, Debug)]
struct Key {
    name: String,
    domain: String,
    default: Option<String>,
}

/// Keys by id.
type Keys = BTreeMap<String, Key>;

/// What an open element is to the importer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    /// `<graphml>`.
    Root,
    /// A `<key>` of the root.
    Key,
    /// The first `<default>` of a key: its text is the default.
    KeyDefault,
    /// The root's first `<graph>` (`top`), or a graph nested in a node read.
    Graph { top: bool },
    /// A node of a graph read.
    Node,
    /// An edge of a graph read.
    Edge,
    /// A `<data>` of the top graph, a node or an edge.
    Data(Owner),
    /// An element inside `<data>` (yEd's graphics).
    DataInner,
    /// A yEd `NodeLabel`/`EdgeLabel` inside `<data>`: its text may be the label.
    Label,
    /// Anything else, and everything inside it.
    Skip,
}

/// Whose record a `<data>` fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Graph,
    Node,
    Edge,
}

/// A node being read: its place in `doc.nodes` (reserved at its start, so nested
/// nodes follow their parent as before), its id, where it starts and its values.
struct NodeBuild {
    slot: usize,
    id: String,
    offset: usize,
    rec: Record,
}

/// An edge being read.
struct EdgeBuild {
    from: String,
    to: String,
    offset: usize,
    rec: Record,
}

/// The `<data>` being read (they do not nest).
#[derive(Default)]
struct DataBuild {
    key: String,
    text: String,
    has_children: bool,
    /// Open yEd label elements: their pre-order number and text so far.
    labels: Vec<(usize, String)>,
    next_label: usize,
    /// The first yEd label in document order with text, by pre-order number.
    best: Option<(usize, String)>,
}

/// The streaming GraphML importer: one pass over the events, building the document as
/// elements close. Only open elements are held, never the whole file.
struct Importer<'t> {
    text: &'t str,
    path: &'t str,
    /// Keys known from an earlier pass (a file declaring keys after its graph).
    seeded: bool,
    keys: Keys,
    /// A `<key>` came after the graph started: its values need a second pass.
    late_key: bool,
    /// Defaults by domain (graph, node, edge), fixed when the graph starts.
    defaults: [Record; 3],
    root_offset: usize,
    /// Where the root's first `<graph>` starts, once it has.
    graph_offset: Option<usize>,
    grec: Record,
    stack: Vec<Ctx>,
    key: Option<(String, Key)>,
    nodes: Vec<NodeBuild>,
    edge: Option<EdgeBuild>,
    data: DataBuild,
    doc: Document,
    /// Problems in the graph's content. Reading goes on so that malformed XML later in
    /// the file is still reported first, as a parser that reads the whole file before
    /// mapping it would, and so late keys are still seen.
    errors: ContentErrors,
}

impl<'t> Importer<'t> {
    fn new(text: &'t str, path: &'t str, keys: Option<Keys>) -> Self {
        Self {
            text,
            path,
            seeded: keys.is_some(),
            keys: keys.unwrap_or_default(),
            late_key: false,
            defaults: Default::default(),
            root_offset: 0,
            graph_offset: None,
            grec: Record::new(),
            stack: Vec::new(),
            key: None,
            nodes: Vec::new(),
            edge: None,
            data: DataBuild::default(),
            doc: Document::default(),
            errors: ContentErrors::default(),
        }
    }

    fn at(&self, offset: usize, message: String) -> IoError {
        IoError::parse_at_offset(message, self.path, self.text, offset)
    }

    /// The defaults of every key for a domain, applied before an element's own data.
    fn defaults_for(&self, domain: &str) -> Record {
        let mut rec = Record::new();
        for k in self.keys.values() {
            if (k.domain == domain || k.domain == "all")
                && let Some(d) = &k.default
            {
                rec.insert(k.name.clone(), d.clone());
            }
        }
        rec
    }

    /// The record a `<data>` of this owner fills.
    fn owner_rec(&mut self, owner: Owner) -> Option<&mut Record> {
        match owner {
            Owner::Graph => Some(&mut self.grec),
            Owner::Node => self.nodes.last_mut().map(|n| &mut n.rec),
            Owner::Edge => self.edge.as_mut().map(|e| &mut e.rec),
        }
    }

    /// What a start tag opens, given its parent.
    fn open(&mut self, parent: Option<Ctx>, tag: &Tag<'_>) -> Ctx {
        let (nodes, edges) = (self.errors.building_nodes(), self.errors.building_edges());
        match (parent, tag.name) {
            (None, "graphml") => {
                self.root_offset = tag.offset;
                Ctx::Root
            }
            (None, other) => {
                self.errors.early(
                    tag.offset,
                    format!("expected a <graphml> root element, found <{other}>"),
                );
                Ctx::Skip
            }
            (Some(Ctx::Root), "key") => {
                let Some(id) = tag.attr("id") else {
                    self.errors
                        .early(tag.offset, "a <key> without an id".into());
                    return Ctx::Skip;
                };
                let name = tag
                    .attr("attr.name")
                    .or_else(|| tag.attr("yfiles.type"))
                    .unwrap_or(id)
                    .to_owned();
                let domain = tag.attr("for").unwrap_or("all").to_owned();
                let key = Key {
                    name,
                    domain,
                    default: None,
                };
                self.key = Some((id.to_owned(), key));
                Ctx::Key
            }
            (Some(Ctx::Key), "default") => match &mut self.key {
                Some((_, k)) if k.default.is_none() => {
                    k.default = Some(String::new());
                    Ctx::KeyDefault
                }
                _ => Ctx::Skip,
            },
            (Some(Ctx::Root), "graph") if self.graph_offset.is_none() => {
                self.graph_offset = Some(tag.offset);
                self.defaults = [
                    self.defaults_for("graph"),
                    self.defaults_for("node"),
                    self.defaults_for("edge"),
                ];
                self.grec = self.defaults[0].clone();
                Ctx::Graph { top: true }
            }
            (Some(Ctx::Node), "graph") if nodes => Ctx::Graph { top: false },
            (Some(Ctx::Graph { .. }), "node") if nodes => {
                let slot = self.doc.nodes.len();
                // A placeholder (no allocation) until the node closes.
                self.doc.nodes.push(Node::new("", "", Kind::Concept));
                let Some(id) = tag.attr_owned("id") else {
                    self.errors
                        .node(slot, tag.offset, "a <node> without an id".into());
                    return Ctx::Skip;
                };
                self.nodes.push(NodeBuild {
                    slot,
                    id,
                    offset: tag.offset,
                    rec: self.defaults[1].clone(),
                });
                Ctx::Node
            }
            (Some(Ctx::Graph { .. }), "edge") if edges => {
                let (Some(from), Some(to)) = (tag.attr("source"), tag.attr("target")) else {
                    self.errors
                        .edge(tag.offset, "an <edge> without source and target".into());
                    return Ctx::Skip;
                };
                self.edge = Some(EdgeBuild {
                    from: from.to_owned(),
                    to: to.to_owned(),
                    offset: tag.offset,
                    rec: self.defaults[2].clone(),
                });
                Ctx::Edge
            }
            (Some(p @ (Ctx::Graph { top: true } | Ctx::Node | Ctx::Edge)), "data") if nodes => {
                let Some(key) = tag.attr("key") else {
                    return Ctx::Skip;
                };
                let owner = match p {
                    Ctx::Node => Owner::Node,
                    Ctx::Edge => Owner::Edge,
                    _ => Owner::Graph,
                };
                let d = &mut self.data;
                d.key.clear();
                d.key.push_str(key);
                d.text.clear();
                d.has_children = false;
                d.labels.clear();
                d.next_label = 0;
                d.best = None;
                Ctx::Data(owner)
            }
            (Some(Ctx::Data(_) | Ctx::DataInner | Ctx::Label), name) => {
                let d = &mut self.data;
                d.has_children = true;
                if matches!(name, "NodeLabel" | "EdgeLabel") {
                    d.labels.push((d.next_label, String::new()));
                    d.next_label += 1;
                    Ctx::Label
                } else {
                    Ctx::DataInner
                }
            }
            _ => Ctx::Skip,
        }
    }

    fn close(&mut self, ctx: Ctx) {
        match ctx {
            Ctx::Key => {
                if let Some((id, key)) = self.key.take()
                    && !self.seeded
                {
                    if self.graph_offset.is_some() {
                        self.late_key = true;
                    }
                    self.keys.insert(id, key);
                }
            }
            Ctx::Node => {
                let Some(b) = self.nodes.pop() else { return };
                match interchange::node_from_record(&b.id, b.rec) {
                    Ok(n) => {
                        if let Some(slot) = self.doc.nodes.get_mut(b.slot) {
                            *slot = n;
                        }
                    }
                    Err(m) => self.errors.node(b.slot, b.offset, m),
                }
            }
            Ctx::Edge => {
                let Some(b) = self.edge.take() else { return };
                match interchange::edge_from_record(b.from, b.to, b.rec) {
                    Ok(e) => self.doc.edges.push(e),
                    Err(m) => self.errors.edge(b.offset, m),
                }
            }
            Ctx::Label => {
                let d = &mut self.data;
                if let Some((n, text)) = d.labels.pop() {
                    let t = text.trim();
                    if !t.is_empty() && d.best.as_ref().is_none_or(|(b, _)| n < *b) {
                        d.best = Some((n, t.to_owned()));
                    }
                }
            }
            Ctx::Data(owner) => {
                let d = &mut self.data;
                let name = self
                    .keys
                    .get(d.key.as_str())
                    .map_or_else(|| d.key.clone(), |k| k.name.clone());
                let value = if d.has_children {
                    // yEd wraps a node's label in graphics elements; keep the label,
                    // skip the drawing.
                    d.best.take().map(|(_, l)| ("label".to_owned(), l, false))
                } else {
                    Some((name, std::mem::take(&mut d.text), true))
                };
                if let Some((k, v, replace)) = value
                    && let Some(rec) = self.owner_rec(owner)
                {
                    if replace {
                        rec.insert(k, v);
                    } else {
                        rec.entry(k).or_insert(v);
                    }
                }
            }
            _ => {}
        }
    }

    /// The document, once every event has been read.
    fn finish(mut self) -> Result<Document, IoError> {
        if let Some(e) = self.errors.take_early(self.text, self.path) {
            return Err(e);
        }
        let Some(graph_offset) = self.graph_offset else {
            return Err(self.at(self.root_offset, "no <graph> element".into()));
        };
        self.doc.title = self
            .grec
            .get("title")
            .or_else(|| self.grec.get("name"))
            .cloned()
            .unwrap_or_default();
        if let Some(s) = self.grec.get("sources") {
            self.doc.sources = serde_json::from_str::<Vec<Source>>(s).map_err(|e| {
                self.at(graph_offset, format!("graph sources: not valid JSON ({e})"))
            })?;
        }
        self.errors.or_first(self.doc, self.text, self.path)
    }
}

impl xml::Nested for Importer<'_> {
    type Ctx = Ctx;
    const SKIP: Ctx = Ctx::Skip;

    fn stack(&mut self) -> &mut Vec<Ctx> {
        &mut self.stack
    }

    fn open(&mut self, parent: Option<Ctx>, tag: &Tag<'_>) -> Ctx {
        Importer::open(self, parent, tag)
    }

    fn close(&mut self, ctx: Ctx) {
        Importer::close(self, ctx);
    }

    fn text_in(&mut self, ctx: Option<Ctx>, text: &str) {
        match ctx {
            Some(Ctx::Data(_)) => self.data.text.push_str(text),
            Some(Ctx::Label) => {
                if let Some((_, t)) = self.data.labels.last_mut() {
                    t.push_str(text);
                }
            }
            Some(Ctx::KeyDefault) => {
                if let Some((
                    _,
                    Key {
                        default: Some(d), ..
                    },
                )) = &mut self.key
                {
                    d.push_str(text);
                }
            }
            _ => {}
        }
    }
}

/// Parses GraphML text into a document, streaming: no element tree is built.
///
/// Keys are read as declared; a file that declares a key after its graph (which the
/// schema does not allow, but a parser that reads everything first would accept) is
/// read a second time with every key known, so it means the same.
///
/// # Errors
/// [`IoError::Parse`] with line and column for malformed XML, a file that is not
/// GraphML, a node without an id, an edge without ends, or a nested attribute value
/// (roles, factions, evidence, aliases) that is not valid JSON. Malformed XML anywhere
/// in the file is reported before a problem in its content.
pub fn parse_document(text: &str, path: &str) -> Result<Document, IoError> {
    xml::read_seeded(
        text,
        path,
        |seed| Importer::new(text, path, seed),
        |first| first.late_key.then(|| std::mem::take(&mut first.keys)),
    )?
    .finish()
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
            node: None,
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
        e.evidence.push(Evidence::new("s", "x < y"));
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
