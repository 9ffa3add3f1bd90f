//! GEXF 1.3 (`http://gexf.net/1.3`), Gephi's format, with the `viz` extension.
//!
//! # Export
//! - `<attributes>` declare every node and edge column (see [`super::interchange`]),
//!   typed `string`, `long` or `double`; `<attvalues>` carry them. The node label and
//!   id are GEXF's own `label` and `id`; an edge's `label` is its relation.
//! - `viz:position` (y-up, as Gephi draws it; nodes without a saved position are laid
//!   out as in the SVG export, see [`super::image::positions`]), `viz:color` (the
//!   canvas's kind colour, or an imported `viz_color`), `viz:size` (the canvas radius,
//!   by degree) and `viz:shape`; edges get `viz:color`, `viz:thickness` and a dashed or
//!   dotted `viz:shape` by the tone of their relation.
//! - Dates: a dated node or edge gets `start`/`end` covering its known precision (a
//!   year-only date spans that year), so Gephi's timeline filters by year like the
//!   canvas does; the graph is then `mode="dynamic" timeformat="date"`. The exact
//!   date and its basis are also attributes (`date`, `date_inferred`).
//! - The bibliography: `<meta><description>` lists the sources cited, and the sources
//!   themselves are kept as JSON in an `<ig:sources>` element of our own namespace
//!   (`urn:ideagraph`), which other readers skip.
//!
//! # Import
//! GEXF 1.1, 1.2 and 1.3 (any namespace version): `<attributes>` with defaults,
//! `<attvalue for|id=...>`, node and edge `label`, `viz:position` (to `pos`), edge
//! `weight`, `start`/`end` and spells (kept as attributes unless they are ours).
//! Nested nodes are flattened. Anything the model has no field for goes to `attrs`.
//! The file is streamed ([`super::xml::read`]): memory holds the document being built
//! and the elements still open, never a tree of the file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::IoError;
use super::image::{self, Rgb, kind_colour, node_radius, tone_style};
use super::interchange::{
    self, ColumnType, EDGE_COLUMNS, NODE_COLUMNS, Record, escape_attr, escape_text,
};
use super::xml::{self, ContentErrors, Tag};
use crate::model::{Document, Kind, KnowledgeGraph, Node, PartialDate, Source, Tone};
use crate::query::filter::Part;

/// The GEXF 1.3 namespace.
pub const NAMESPACE: &str = "http://gexf.net/1.3";
/// The GEXF 1.3 viz namespace.
pub const VIZ_NAMESPACE: &str = "http://gexf.net/1.3/viz";
/// Our namespace, for the machine-readable sources in `<meta>`.
pub const IDEAGRAPH_NAMESPACE: &str = "urn:ideagraph";

/// Node columns GEXF carries in its own attributes rather than in `<attvalues>`.
const NODE_NATIVE: [&str; 3] = ["label", "x", "y"];

fn type_name(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Str => "string",
        ColumnType::Int => "long",
        ColumnType::Double => "double",
    }
}

/// The first and last day a partial date covers, as `YYYY-MM-DD`.
pub fn date_span(d: &PartialDate) -> (String, String) {
    let y = d.year;
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let s = format!("{y:04}-{m:02}-{day:02}");
            (s.clone(), s)
        }
        (Some(m), None) => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let last = match m {
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => 31,
            };
            (
                format!("{y:04}-{m:02}-01"),
                format!("{y:04}-{m:02}-{last:02}"),
            )
        }
        _ => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
    }
}

fn parse_hex(s: &str) -> Option<Rgb> {
    let h = s.trim().strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let c = |i: usize| h.get(i..i + 2).and_then(|p| u8::from_str_radix(p, 16).ok());
    Some(Rgb(c(0)?, c(2)?, c(4)?))
}

fn viz_shape(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "disc",
        Kind::Organisation | Kind::Publication => "square",
        Kind::Concept => "diamond",
        Kind::Event => "triangle",
    }
}

fn edge_shape(tone: Tone) -> &'static str {
    match tone_style(tone).dash {
        None => "solid",
        Some((d, _)) if d <= 2.0 => "dotted",
        Some(_) => "dashed",
    }
}

fn attributes_block(
    out: &mut String,
    class: &str,
    cols: &[(String, ColumnType)],
) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    let _ = writeln!(out, r#"    <attributes class="{class}" mode="static">"#);
    for (i, (name, ty)) in cols.iter().enumerate() {
        let id = i.to_string();
        let _ = writeln!(
            out,
            r#"      <attribute id="{id}" title="{}" type="{}"/>"#,
            escape_attr(name),
            type_name(*ty)
        );
        ids.insert(name.clone(), id);
    }
    out.push_str("    </attributes>\n");
    ids
}

fn attvalues(out: &mut String, rec: &Record, ids: &BTreeMap<String, String>, indent: &str) {
    let vals: Vec<(&String, &String)> = rec
        .iter()
        .filter_map(|(k, v)| Some((ids.get(k)?, v)))
        .collect();
    if vals.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}<attvalues>");
    for (id, v) in vals {
        let _ = writeln!(
            out,
            r#"{indent}  <attvalue for="{id}" value="{}"/>"#,
            escape_attr(v)
        );
    }
    let _ = writeln!(out, "{indent}</attvalues>");
}

fn span_attrs(date: Option<&PartialDate>) -> String {
    date.map_or(String::new(), |d| {
        let (s, e) = date_span(d);
        format!(r#" start="{s}" end="{e}""#)
    })
}

/// Serialises a graph as GEXF 1.3 text.
pub fn to_string(kg: &KnowledgeGraph) -> String {
    part_to_string(&Part::graph(kg))
}

/// Serialises part of a graph as [`to_string`] serialises a graph: for a view, the text
/// of [`crate::query::View::subgraph`]'s copy. Nodes without a saved position are laid
/// out among the part's nodes, so a part short of the whole graph is copied for its
/// layout; the whole graph is laid out in place.
pub fn part_to_string(part: &Part<'_>) -> String {
    let pos = if part.shows_all() {
        image::positions(part.source_graph())
    } else {
        image::positions(&part.to_graph())
    };
    let nodes: Vec<_> = part.nodes().collect();
    let edges: Vec<_> = part.edges().collect();
    let degree = part.degrees();
    let mut node_recs: Vec<Record> = nodes
        .iter()
        .map(|(_, n)| interchange::node_record(n))
        .collect();
    for r in &mut node_recs {
        for k in NODE_NATIVE {
            r.remove(k);
        }
    }
    let weight = |e: &crate::model::Edge| {
        e.attrs
            .get("weight")
            // Only a plain number becomes GEXF's weight, so it reads back as the same text.
            .filter(|w| w.trim() == w.as_str() && w.parse::<f64>().is_ok_and(f64::is_finite))
            .cloned()
    };
    let edge_recs: Vec<Record> = edges
        .iter()
        .map(|(_, e)| {
            let mut r = interchange::edge_record(e);
            if weight(e).is_some() {
                r.remove("weight");
            }
            r
        })
        .collect();
    let cols = |recs: &[Record], known: &[&str]| -> Vec<(String, ColumnType)> {
        interchange::columns(recs, known)
            .into_iter()
            .map(|c| (c.name, c.ty))
            .collect()
    };
    let node_cols = cols(&node_recs, &NODE_COLUMNS);
    let edge_cols = cols(&edge_recs, &EDGE_COLUMNS);
    let dynamic =
        nodes.iter().any(|(_, n)| n.date.is_some()) || edges.iter().any(|(_, e)| e.date.is_some());

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        r#"<gexf xmlns="{NAMESPACE}" xmlns:viz="{VIZ_NAMESPACE}" xmlns:ig="{IDEAGRAPH_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/gexf.xsd" version="1.3">"#
    );
    out.push_str("  <meta>\n    <creator>ideagraph</creator>\n");
    if !part.title().is_empty() {
        let _ = writeln!(out, "    <title>{}</title>", escape_text(part.title()));
    }
    let mut bib = String::from("Sources cited:\n");
    bib.push_str(&interchange::bibliography(part.sources()));
    let _ = writeln!(out, "    <description>{}</description>", escape_text(&bib));
    let _ = writeln!(
        out,
        "    <ig:sources>{}</ig:sources>",
        escape_text(&serde_json::to_string(part.sources()).unwrap_or_default())
    );
    out.push_str("  </meta>\n");
    let mode = if dynamic {
        r#" mode="dynamic" timeformat="date""#
    } else {
        r#" mode="static""#
    };
    let name = if part.title().is_empty() {
        String::new()
    } else {
        format!(r#" name="{}""#, escape_attr(part.title()))
    };
    let _ = writeln!(out, r#"  <graph defaultedgetype="directed"{mode}{name}>"#);
    let node_ids = attributes_block(&mut out, "node", &node_cols);
    let edge_ids = attributes_block(&mut out, "edge", &edge_cols);

    out.push_str("    <nodes>\n");
    for (((ix, n), rec), p) in nodes.iter().zip(&node_recs).zip(&pos) {
        let _ = writeln!(
            out,
            r#"      <node id="{}" label="{}"{}>"#,
            escape_attr(&n.id),
            escape_attr(&n.label),
            span_attrs(n.date.as_ref().map(|d| &d.date))
        );
        attvalues(&mut out, rec, &node_ids, "        ");
        let c = n
            .attrs
            .get("viz_color")
            .and_then(|h| parse_hex(h))
            .unwrap_or_else(|| kind_colour(n.kind));
        let _ = writeln!(
            out,
            r#"        <viz:color r="{}" g="{}" b="{}" a="1.0"/>"#,
            c.0, c.1, c.2
        );
        let _ = writeln!(
            out,
            r#"        <viz:position x="{}" y="{}" z="0.0"/>"#,
            interchange::fmt_coord(p[0]),
            interchange::fmt_coord(-p[1])
        );
        let _ = writeln!(
            out,
            r#"        <viz:size value="{}"/>"#,
            node_radius(degree[ix.index()])
        );
        let _ = writeln!(out, r#"        <viz:shape value="{}"/>"#, viz_shape(n.kind));
        out.push_str("      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for ((ix, e), rec) in edges.iter().zip(&edge_recs) {
        let w = weight(e).map_or(String::new(), |w| {
            format!(r#" weight="{}""#, escape_attr(&w))
        });
        let _ = writeln!(
            out,
            r#"      <edge id="e{}" source="{}" target="{}" label="{}"{w}{}>"#,
            ix,
            escape_attr(&e.from),
            escape_attr(&e.to),
            e.relation.name(),
            span_attrs(e.date.as_ref().map(|d| &d.date))
        );
        attvalues(&mut out, rec, &edge_ids, "        ");
        let style = tone_style(e.relation.tone());
        let c = style.colour;
        let _ = writeln!(
            out,
            r#"        <viz:color r="{}" g="{}" b="{}" a="1.0"/>"#,
            c.0, c.1, c.2
        );
        let _ = writeln!(out, r#"        <viz:thickness value="{}"/>"#, style.width);
        let _ = writeln!(
            out,
            r#"        <viz:shape value="{}"/>"#,
            edge_shape(e.relation.tone())
        );
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// A declared attribute: its title and default.
#[derive(Clone, Debug)]
struct AttrDecl {
    title: String,
    default: Option<String>,
}

/// Declared attributes by id.
type Decls = BTreeMap<String, AttrDecl>;

/// Node and edge declarations.
#[derive(Clone, Debug, Default)]
struct AllDecls {
    node: Decls,
    edge: Decls,
}

/// What an open element is to the importer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    /// `<gexf>`.
    Root,
    /// The root's first `<meta>`.
    Meta,
    /// Its first `<title>`: text.
    MetaTitle,
    /// Its first `<sources>`, if ours: text (JSON).
    MetaSources,
    /// The root's first `<graph>`.
    Graph,
    /// An `<attributes>` block of the graph, for nodes or edges.
    Attributes(Owner),
    /// One `<attribute>` declaration.
    AttrDecl,
    /// Its first `<default>`: text.
    AttrDefault,
    /// A `<nodes>` of the graph or of a node read.
    Nodes,
    /// A node read.
    Node,
    /// The graph's `<edges>`.
    Edges,
    /// An edge read.
    Edge,
    /// An `<attvalues>` of a node or edge.
    AttValues(Owner),
    /// A `<spells>` of a node or edge.
    Spells(Owner),
    /// Anything else, and everything inside it.
    Skip,
}

/// Whose declarations, values or spells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Node,
    Edge,
}

/// What a node or edge element says about itself besides its children.
#[derive(Default)]
struct Item {
    offset: usize,
    /// Attribute values, the first for each title (defaults are added at the end).
    rec: Record,
    start: Option<String>,
    end: Option<String>,
    spells: Vec<String>,
}

impl Item {
    fn new(tag: &Tag<'_>) -> Self {
        Self {
            offset: tag.offset,
            start: tag.attr_owned("start"),
            end: tag.attr_owned("end"),
            ..Self::default()
        }
    }
}

/// A node being read: its place in `doc.nodes` (reserved at its start, so nested
/// nodes follow their parent as before) and what it says.
struct NodeBuild {
    slot: usize,
    id: String,
    label: Option<String>,
    pid: Option<String>,
    /// The first `viz:position`'s `x` and `y`, if there is one.
    position: Option<(Option<String>, Option<String>)>,
    /// The first `viz:color`, if there is one, and its colour if it reads.
    color: Option<Option<Rgb>>,
    item: Item,
}

/// An edge being read.
struct EdgeBuild {
    from: String,
    to: String,
    weight: Option<String>,
    label: Option<String>,
    item: Item,
}

/// The streaming GEXF importer: one pass over the events, building the document as
/// elements close. Only open elements are held, never the whole file.
struct Importer<'t> {
    text: &'t str,
    path: &'t str,
    /// Declarations known from an earlier pass (a file declaring them after its nodes).
    seeded: bool,
    decls: AllDecls,
    /// A declaration came after the first node or edge: values need a second pass.
    late_decl: bool,
    /// Defaults (title, value) of nodes and edges, last declared first, fixed when the
    /// first node or edge starts.
    defaults: Option<[Vec<(String, String)>; 2]>,
    root_offset: usize,
    meta_seen: bool,
    title_seen: bool,
    sources_seen: bool,
    sources: Option<(usize, String)>,
    graph_seen: bool,
    graph_name: Option<String>,
    stack: Vec<Ctx>,
    decl: Option<(Owner, String, AttrDecl)>,
    nodes: Vec<NodeBuild>,
    edge: Option<EdgeBuild>,
    doc: Document,
    /// Problems in the graph's content. Reading goes on so that malformed XML later in
    /// the file is still reported first, as a parser that reads the whole file before
    /// mapping it would, and so late declarations are still seen.
    errors: ContentErrors,
}

impl<'t> Importer<'t> {
    fn new(text: &'t str, path: &'t str, decls: Option<AllDecls>) -> Self {
        Self {
            text,
            path,
            seeded: decls.is_some(),
            decls: decls.unwrap_or_default(),
            late_decl: false,
            defaults: None,
            root_offset: 0,
            meta_seen: false,
            title_seen: false,
            sources_seen: false,
            sources: None,
            graph_seen: false,
            graph_name: None,
            stack: Vec::new(),
            decl: None,
            nodes: Vec::new(),
            edge: None,
            doc: Document::default(),
            errors: ContentErrors::default(),
        }
    }

    fn at(&self, offset: usize, message: String) -> IoError {
        IoError::parse_at_offset(message, self.path, self.text, offset)
    }

    /// Fixes the defaults when the first node or edge starts.
    fn items_start(&mut self) {
        if self.defaults.is_none() {
            let list = |d: &Decls| -> Vec<(String, String)> {
                d.values()
                    .rev()
                    .filter_map(|a| Some((a.title.clone(), a.default.clone()?)))
                    .collect()
            };
            self.defaults = Some([list(&self.decls.node), list(&self.decls.edge)]);
        }
    }

    fn item_mut(&mut self, owner: Owner) -> Option<&mut Item> {
        match owner {
            Owner::Node => self.nodes.last_mut().map(|n| &mut n.item),
            Owner::Edge => self.edge.as_mut().map(|e| &mut e.item),
        }
    }

    /// An `<attvalue>`: the first value for each title counts (dynamic attributes
    /// repeat with different spells).
    fn attvalue(&mut self, owner: Owner, tag: &Tag<'_>) {
        let (Some(key), Some(value)) = (
            tag.attr("for").or_else(|| tag.attr("id")),
            tag.attr("value"),
        ) else {
            return;
        };
        let decls = match owner {
            Owner::Node => &self.decls.node,
            Owner::Edge => &self.decls.edge,
        };
        let title = decls.get(key).map_or(key, |d| d.title.as_str());
        let rec = match owner {
            Owner::Node => self.nodes.last_mut().map(|n| &mut n.item.rec),
            Owner::Edge => self.edge.as_mut().map(|e| &mut e.item.rec),
        };
        if let Some(rec) = rec
            && !rec.contains_key(title)
        {
            rec.insert(title.to_owned(), value.to_owned());
        }
    }

    /// What a start tag opens, given its parent.
    fn open(&mut self, parent: Option<Ctx>, tag: &Tag<'_>) -> Ctx {
        let (nodes, edges) = (self.errors.building_nodes(), self.errors.building_edges());
        match (parent, tag.name) {
            (None, "gexf") => {
                self.root_offset = tag.offset;
                Ctx::Root
            }
            (None, other) => {
                self.errors.early(
                    tag.offset,
                    format!("expected a <gexf> root element, found <{other}>"),
                );
                Ctx::Skip
            }
            (Some(Ctx::Root), "meta") if !self.meta_seen => {
                self.meta_seen = true;
                Ctx::Meta
            }
            (Some(Ctx::Meta), "title") if !self.title_seen => {
                self.title_seen = true;
                Ctx::MetaTitle
            }
            (Some(Ctx::Meta), "sources") if !self.sources_seen => {
                self.sources_seen = true;
                if matches!(tag.prefix, "ig" | "") {
                    self.sources = Some((tag.offset, String::new()));
                    Ctx::MetaSources
                } else {
                    Ctx::Skip
                }
            }
            (Some(Ctx::Root), "graph") if !self.graph_seen => {
                self.graph_seen = true;
                self.graph_name = tag.attr_owned("name");
                Ctx::Graph
            }
            (Some(Ctx::Graph), "attributes") => match tag.attr("class") {
                Some("node") => Ctx::Attributes(Owner::Node),
                Some("edge") => Ctx::Attributes(Owner::Edge),
                _ => Ctx::Skip,
            },
            (Some(Ctx::Attributes(owner)), "attribute") => {
                let Some(id) = tag.attr("id") else {
                    return Ctx::Skip;
                };
                let title = tag.attr("title").unwrap_or(id).to_owned();
                let decl = AttrDecl {
                    title,
                    default: None,
                };
                self.decl = Some((owner, id.to_owned(), decl));
                Ctx::AttrDecl
            }
            (Some(Ctx::AttrDecl), "default") => match &mut self.decl {
                Some((_, _, d)) if d.default.is_none() => {
                    d.default = Some(String::new());
                    Ctx::AttrDefault
                }
                _ => Ctx::Skip,
            },
            (Some(Ctx::Graph | Ctx::Node), "nodes") if nodes => Ctx::Nodes,
            (Some(Ctx::Graph), "edges") if edges => Ctx::Edges,
            (Some(Ctx::Nodes), "node") if nodes => {
                self.items_start();
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
                    label: tag.attr_owned("label"),
                    pid: tag.attr_owned("pid"),
                    position: None,
                    color: None,
                    item: Item::new(tag),
                });
                Ctx::Node
            }
            (Some(Ctx::Edges), "edge") if edges => {
                self.items_start();
                let (Some(from), Some(to)) = (tag.attr("source"), tag.attr("target")) else {
                    self.errors
                        .edge(tag.offset, "an <edge> without source and target".into());
                    return Ctx::Skip;
                };
                self.edge = Some(EdgeBuild {
                    from: from.to_owned(),
                    to: to.to_owned(),
                    weight: tag.attr_owned("weight"),
                    label: tag.attr_owned("label"),
                    item: Item::new(tag),
                });
                Ctx::Edge
            }
            (Some(Ctx::Node), "position") => {
                if let Some(n) = self.nodes.last_mut()
                    && n.position.is_none()
                {
                    n.position = Some((tag.attr_owned("x"), tag.attr_owned("y")));
                }
                Ctx::Skip
            }
            (Some(Ctx::Node), "color") => {
                if let Some(n) = self.nodes.last_mut()
                    && n.color.is_none()
                {
                    let rgb = |k: &str| tag.attr(k).and_then(|v| v.trim().parse::<u8>().ok());
                    n.color = Some(match (rgb("r"), rgb("g"), rgb("b")) {
                        (Some(r), Some(g), Some(b)) => Some(Rgb(r, g, b)),
                        _ => None,
                    });
                }
                Ctx::Skip
            }
            (Some(Ctx::Node), "attvalues") => Ctx::AttValues(Owner::Node),
            (Some(Ctx::Edge), "attvalues") => Ctx::AttValues(Owner::Edge),
            (Some(Ctx::Node), "spells") => Ctx::Spells(Owner::Node),
            (Some(Ctx::Edge), "spells") => Ctx::Spells(Owner::Edge),
            (Some(Ctx::AttValues(owner)), "attvalue") => {
                self.attvalue(owner, tag);
                Ctx::Skip
            }
            (Some(Ctx::Spells(owner)), "spell") => {
                let spell = format!(
                    "{}..{}",
                    tag.attr("start").unwrap_or(""),
                    tag.attr("end").unwrap_or("")
                );
                if let Some(item) = self.item_mut(owner) {
                    item.spells.push(spell);
                }
                Ctx::Skip
            }
            _ => Ctx::Skip,
        }
    }

    /// The values of a node or edge: its own, then the declared defaults.
    fn values(&self, item: &mut Item, owner: Owner) -> Record {
        let mut rec = std::mem::take(&mut item.rec);
        let i = usize::from(owner == Owner::Edge);
        if let Some(list) = self.defaults.as_ref().and_then(|d| d.get(i)) {
            // Last declared first, so that of two defaults for one title the one
            // declared later counts, as when they were applied in order.
            for (title, v) in list {
                if !rec.contains_key(title) {
                    rec.insert(title.clone(), v.clone());
                }
            }
        }
        rec
    }

    fn close_node(&mut self, mut b: NodeBuild) {
        let mut rec = self.values(&mut b.item, Owner::Node);
        if let Some(l) = b.label {
            rec.insert("label".into(), l);
        }
        if let Some((x, y)) = b.position {
            rec.insert("x".into(), x.unwrap_or_else(|| "0".into()));
            rec.insert("y".into(), y.unwrap_or_else(|| "0".into()));
        }
        if let Some(pid) = b.pid {
            rec.entry("pid".into()).or_insert(pid);
        }
        keep_time(&b.item, &mut rec);
        let mut node = match interchange::node_from_record(&b.id, rec) {
            Ok(n) => n,
            Err(m) => return self.errors.node(b.slot, b.item.offset, m),
        };
        // Keep a colour that is not the kind's own, so a Gephi palette survives.
        if let Some(Some(c)) = b.color
            && c != kind_colour(node.kind)
        {
            node.attrs
                .entry("viz_color".into())
                .or_insert_with(|| c.hex());
        }
        if let Some(slot) = self.doc.nodes.get_mut(b.slot) {
            *slot = node;
        }
    }

    fn close_edge(&mut self, mut b: EdgeBuild) {
        let mut rec = self.values(&mut b.item, Owner::Edge);
        if let Some(w) = b.weight {
            rec.entry("weight".into()).or_insert(w);
        }
        if let Some(l) = b.label {
            // Our own edge label is the relation; anyone else's is kept.
            let ours = rec
                .get("relation")
                .and_then(|r| interchange::relation_named(r))
                .is_some_and(|r| r.name() == l);
            if !ours {
                rec.entry("label".into()).or_insert(l);
            }
        }
        keep_time(&b.item, &mut rec);
        match interchange::edge_from_record(b.from, b.to, rec) {
            Ok(e) => self.doc.edges.push(e),
            Err(m) => self.errors.edge(b.item.offset, m),
        }
    }

    fn close(&mut self, ctx: Ctx) {
        match ctx {
            Ctx::AttrDecl => {
                if let Some((owner, id, decl)) = self.decl.take()
                    && !self.seeded
                {
                    if self.defaults.is_some() {
                        self.late_decl = true;
                    }
                    match owner {
                        Owner::Node => self.decls.node.insert(id, decl),
                        Owner::Edge => self.decls.edge.insert(id, decl),
                    };
                }
            }
            Ctx::Node => {
                if let Some(b) = self.nodes.pop() {
                    self.close_node(b);
                }
            }
            Ctx::Edge => {
                if let Some(b) = self.edge.take() {
                    self.close_edge(b);
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
        if !self.graph_seen {
            return Err(self.at(self.root_offset, "no <graph> element".into()));
        }
        if let Some((offset, s)) = &self.sources {
            self.doc.sources = serde_json::from_str::<Vec<Source>>(s)
                .map_err(|e| self.at(*offset, format!("sources: not valid JSON ({e})")))?;
        }
        if self.doc.title.is_empty() {
            self.doc.title = self.graph_name.take().unwrap_or_default();
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
            Some(Ctx::MetaTitle) => self.doc.title.push_str(text),
            Some(Ctx::MetaSources) => {
                if let Some((_, s)) = &mut self.sources {
                    s.push_str(text);
                }
            }
            Some(Ctx::AttrDefault) => {
                if let Some((
                    _,
                    _,
                    AttrDecl {
                        default: Some(d), ..
                    },
                )) = &mut self.decl
                {
                    d.push_str(text);
                }
            }
            _ => {}
        }
    }
}

/// Keeps `start`/`end`/spells as attributes unless they are the span of our own `date`.
fn keep_time(item: &Item, rec: &mut Record) {
    let ours = rec
        .get("date")
        .and_then(|d| d.parse::<PartialDate>().ok())
        .map(|d| date_span(&d));
    let (start, end) = (item.start.as_deref(), item.end.as_deref());
    let is_ours =
        matches!((&ours, start, end), (Some((s, e)), Some(a), Some(b)) if s == a && e == b);
    if !is_ours {
        for (k, v) in [("start", start), ("end", end)] {
            if let Some(v) = v {
                rec.entry(k.to_owned()).or_insert_with(|| v.to_owned());
            }
        }
    }
    if !item.spells.is_empty() {
        rec.entry("spells".into())
            .or_insert_with(|| item.spells.join("; "));
    }
}

/// Parses GEXF (1.1 to 1.3) text into a document, streaming: no element tree is built.
///
/// Attributes are read as declared; a file that declares one after its first node or
/// edge is read a second time with every declaration known, so it means the same.
///
/// # Errors
/// [`IoError::Parse`] with line and column for malformed XML, a file that is not
/// GEXF, a node without an id, an edge without ends, or one of our JSON attributes
/// (roles, factions, evidence, aliases) that is not valid JSON. Malformed XML anywhere
/// in the file is reported before a problem in its content.
pub fn parse_document(text: &str, path: &str) -> Result<Document, IoError> {
    xml::read_seeded(
        text,
        path,
        |seed| Importer::new(text, path, seed),
        |first| first.late_decl.then(|| std::mem::take(&mut first.decls)),
    )?
    .finish()
}

/// Parses GEXF and builds the graph, validating leniently as for any graph made
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
    use crate::model::{Basis, Dated, Edge, Evidence, Node, Relation};

    #[test]
    fn spans_cover_the_precision() {
        let span = |s: &str| date_span(&s.parse().expect("date"));
        assert_eq!(span("2015"), ("2015-01-01".into(), "2015-12-31".into()));
        assert_eq!(span("2016-02"), ("2016-02-01".into(), "2016-02-29".into()));
        assert_eq!(span("2015-04"), ("2015-04-01".into(), "2015-04-30".into()));
        assert_eq!(
            span("2015-01-29"),
            ("2015-01-29".into(), "2015-01-29".into())
        );
    }

    #[test]
    fn round_trips_with_viz_and_dates() {
        let mut d = Document {
            title: "G".into(),
            ..Document::default()
        };
        let mut a = Node::new("a", "A \"&\" <b>\nline", Kind::Event);
        a.pos = Some([3.0, 4.5]);
        a.date = Some(Dated {
            date: "2015-03".parse().expect("date"),
            basis: Basis::Inferred("x".into()),
        });
        d.nodes.push(a);
        let mut b = Node::new("b", "B", Kind::Person);
        b.pos = Some([-1.0, 0.0]);
        d.nodes.push(b);
        let mut e = Edge::new("b", "a", Relation::Criticises);
        e.evidence.push(Evidence::new("s", "q"));
        e.attrs.insert("weight".into(), "2.5".into());
        d.edges.push(e);
        let text = to_string(&KnowledgeGraph::from_document(d.clone()));
        assert!(
            text.contains(r#"<viz:position x="3" y="-4.5" z="0.0"/>"#),
            "{text}"
        );
        assert!(
            text.contains(r#"start="2015-03-01" end="2015-03-31""#),
            "{text}"
        );
        assert!(
            text.contains(r#"mode="dynamic" timeformat="date""#),
            "{text}"
        );
        assert!(text.contains(r#"weight="2.5""#), "{text}");
        assert_eq!(parse_document(&text, "t.gexf").expect("parse"), d);
    }

    #[test]
    fn reads_gephi_style_1_2() {
        let t = r#"<?xml version="1.0"?><gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">
          <graph defaultedgetype="undirected"><attributes class="node"><attribute id="0" title="club" type="string"><default>x</default></attribute></attributes>
          <nodes><node id="0" label="Zero"><attvalues><attvalue for="0" value="Mr. Hi"/></attvalues><viz:color r="1" g="2" b="3"/></node><node id="1"/></nodes>
          <edges><edge id="0" source="0" target="1" weight="4"/></edges></graph></gexf>"#;
        let d = parse_document(t, "k.gexf").expect("parse");
        assert_eq!(d.nodes[0].label, "Zero");
        assert_eq!(
            d.nodes[0].attrs.get("club").map(String::as_str),
            Some("Mr. Hi")
        );
        assert_eq!(
            d.nodes[0].attrs.get("viz_color").map(String::as_str),
            Some("#010203")
        );
        assert_eq!(d.nodes[1].attrs.get("club").map(String::as_str), Some("x"));
        assert_eq!(
            d.edges[0].attrs.get("weight").map(String::as_str),
            Some("4")
        );
    }
}
