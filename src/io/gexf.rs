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

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::IoError;
use super::image::{self, Rgb, kind_colour, node_radius, tone_style};
use super::interchange::{
    self, ColumnType, EDGE_COLUMNS, NODE_COLUMNS, Record, escape_attr, escape_text,
};
use super::xml::{self, Element};
use crate::model::{Document, Kind, KnowledgeGraph, PartialDate, Relation, Source, Tone};

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
    let pos = image::positions(kg);
    let nodes: Vec<_> = kg
        .node_indices()
        .filter_map(|ix| Some((ix, kg.node_at(ix)?)))
        .collect();
    let edges: Vec<_> = kg
        .edge_indices()
        .filter_map(|e| Some((e, kg.graph.edge_weight(e)?)))
        .collect();
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
    if !kg.title.is_empty() {
        let _ = writeln!(out, "    <title>{}</title>", escape_text(&kg.title));
    }
    let mut bib = String::from("Sources cited:\n");
    bib.push_str(&interchange::bibliography(&kg.sources));
    let _ = writeln!(out, "    <description>{}</description>", escape_text(&bib));
    let _ = writeln!(
        out,
        "    <ig:sources>{}</ig:sources>",
        escape_text(&serde_json::to_string(&kg.sources).unwrap_or_default())
    );
    out.push_str("  </meta>\n");
    let mode = if dynamic {
        r#" mode="dynamic" timeformat="date""#
    } else {
        r#" mode="static""#
    };
    let name = if kg.title.is_empty() {
        String::new()
    } else {
        format!(r#" name="{}""#, escape_attr(&kg.title))
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
            node_radius(kg.degree(*ix))
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
            ix.index(),
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
struct AttrDecl {
    title: String,
    default: Option<String>,
}

fn declarations(graph: &Element, class: &str) -> BTreeMap<String, AttrDecl> {
    let mut out = BTreeMap::new();
    for block in graph
        .children_named("attributes")
        .filter(|a| a.attr("class") == Some(class))
    {
        for a in block.children_named("attribute") {
            let Some(id) = a.attr("id") else { continue };
            let title = a.attr("title").unwrap_or(id).to_owned();
            let default = a.child("default").map(|d| d.text.clone());
            out.insert(id.to_owned(), AttrDecl { title, default });
        }
    }
    out
}

/// The attribute values of a node or edge, defaults first.
fn values(el: &Element, decls: &BTreeMap<String, AttrDecl>) -> Record {
    let mut rec = Record::new();
    for d in decls.values() {
        if let Some(v) = &d.default {
            rec.insert(d.title.clone(), v.clone());
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for block in el.children_named("attvalues") {
        for v in block.children_named("attvalue") {
            let Some(key) = v.attr("for").or_else(|| v.attr("id")) else {
                continue;
            };
            let title = decls
                .get(key)
                .map_or_else(|| key.to_owned(), |d| d.title.clone());
            // Dynamic attributes repeat with different spells: keep the first value.
            if let Some(value) = v.attr("value")
                && seen.insert(title.clone())
            {
                rec.insert(title, value.to_owned());
            }
        }
    }
    rec
}

/// Keeps `start`/`end`/spells as attributes unless they are the span of our own `date`.
fn keep_time(el: &Element, rec: &mut Record) {
    let ours = rec
        .get("date")
        .and_then(|d| d.parse::<PartialDate>().ok())
        .map(|d| date_span(&d));
    let (start, end) = (el.attr("start"), el.attr("end"));
    let is_ours =
        matches!((&ours, start, end), (Some((s, e)), Some(a), Some(b)) if s == a && e == b);
    if !is_ours {
        for (k, v) in [("start", start), ("end", end)] {
            if let Some(v) = v {
                rec.entry(k.to_owned()).or_insert_with(|| v.to_owned());
            }
        }
    }
    let spells: Vec<String> = el
        .children_named("spells")
        .flat_map(|s| s.children_named("spell"))
        .map(|s| {
            format!(
                "{}..{}",
                s.attr("start").unwrap_or(""),
                s.attr("end").unwrap_or("")
            )
        })
        .collect();
    if !spells.is_empty() {
        rec.entry("spells".into())
            .or_insert_with(|| spells.join("; "));
    }
}

fn collect_nodes<'a>(parent: &'a Element, out: &mut Vec<&'a Element>) {
    for nodes in parent.children_named("nodes") {
        for n in nodes.children_named("node") {
            out.push(n);
            collect_nodes(n, out);
        }
    }
}

/// Parses GEXF (1.1 to 1.3) text into a document.
///
/// # Errors
/// [`IoError::Parse`] with line and column for malformed XML, a file that is not
/// GEXF, a node without an id, an edge without ends, or one of our JSON attributes
/// (roles, factions, evidence, aliases) that is not valid JSON.
pub fn parse_document(text: &str, path: &str) -> Result<Document, IoError> {
    let root = xml::parse(text, path)?;
    let at = |el: &Element, msg: String| IoError::parse_at_offset(msg, path, text, el.offset);
    if root.name != "gexf" {
        return Err(at(
            &root,
            format!("expected a <gexf> root element, found <{}>", root.name),
        ));
    }
    let Some(graph) = root.child("graph") else {
        return Err(at(&root, "no <graph> element".into()));
    };
    let mut doc = Document::default();
    if let Some(meta) = root.child("meta") {
        doc.title = meta
            .child("title")
            .map(|t| t.text.clone())
            .unwrap_or_default();
        if let Some(s) = meta
            .child("sources")
            .filter(|s| s.prefix == "ig" || s.prefix.is_empty())
        {
            doc.sources = serde_json::from_str::<Vec<Source>>(&s.text)
                .map_err(|e| at(s, format!("sources: not valid JSON ({e})")))?;
        }
    }
    if doc.title.is_empty() {
        doc.title = graph.attr("name").unwrap_or_default().to_owned();
    }
    let node_decls = declarations(graph, "node");
    let edge_decls = declarations(graph, "edge");
    let mut nodes = Vec::new();
    collect_nodes(graph, &mut nodes);
    for n in nodes {
        let Some(id) = n.attr("id") else {
            return Err(at(n, "a <node> without an id".into()));
        };
        let mut rec = values(n, &node_decls);
        if let Some(l) = n.attr("label") {
            rec.insert("label".into(), l.to_owned());
        }
        if let Some(p) = n.child("position") {
            for k in ["x", "y"] {
                rec.insert(k.into(), p.attr(k).unwrap_or("0").to_owned());
            }
        }
        if let Some(pid) = n.attr("pid") {
            rec.entry("pid".into()).or_insert_with(|| pid.to_owned());
        }
        keep_time(n, &mut rec);
        let mut node = interchange::node_from_record(id, &rec)
            .map_err(|m| at(n, format!("node {id:?}: {m}")))?;
        // Keep a colour that is not the kind's own, so a Gephi palette survives.
        if let Some(c) = n.child("color") {
            let rgb = |k: &str| c.attr(k).and_then(|v| v.trim().parse::<u8>().ok());
            if let (Some(r), Some(g), Some(b)) = (rgb("r"), rgb("g"), rgb("b"))
                && Rgb(r, g, b) != kind_colour(node.kind)
            {
                node.attrs
                    .entry("viz_color".into())
                    .or_insert_with(|| Rgb(r, g, b).hex());
            }
        }
        doc.nodes.push(node);
    }
    for edges in graph.children_named("edges") {
        for e in edges.children_named("edge") {
            let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) else {
                return Err(at(e, "an <edge> without source and target".into()));
            };
            let mut rec = values(e, &edge_decls);
            if let Some(w) = e.attr("weight") {
                rec.entry("weight".into()).or_insert_with(|| w.to_owned());
            }
            if let Some(l) = e.attr("label") {
                // Our own edge label is the relation; anyone else's is kept.
                let ours = rec
                    .get("relation")
                    .and_then(|r| Relation::from_name(r))
                    .is_some_and(|r| r.name() == l);
                if !ours {
                    rec.entry("label".into()).or_insert_with(|| l.to_owned());
                }
            }
            keep_time(e, &mut rec);
            doc.edges.push(
                interchange::edge_from_record(from, to, &rec)
                    .map_err(|m| at(e, format!("edge {from:?} -> {to:?}: {m}")))?,
            );
        }
    }
    Ok(doc)
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
    use crate::model::{Basis, Dated, Edge, Evidence, Node};

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
        e.evidence.push(Evidence {
            source: "s".into(),
            quote: "q".into(),
        });
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
