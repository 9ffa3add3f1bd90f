//! What GraphML, GEXF and CSV share: nodes and edges flattened to named scalar columns
//! and back, the graph's bibliography, XML escaping, and the lenient validation that
//! graphs made elsewhere (networkx, Gephi, Cytoscape) get when they are opened.
//!
//! # Columns
//!
//! Node columns, in this order: `label`, `kind`, `sub_kind` (the variant name, e.g.
//! `ThinkTank`), `description`, `aliases` (a JSON array), `date` (`YYYY[-MM[-DD]]`),
//! `date_inferred` (what an inferred date rests on; absent when stated), `year`,
//! `faction_names` (`; `-separated, for partitioning in Gephi), `roles`, `factions`,
//! `evidence` (JSON, as in the RON file), `x`, `y`, then every key of `attrs`.
//! Edge columns: `relation`, `date`, `date_inferred`, `year`, `note`, `evidence`,
//! `voice` (`own` when any quote is the subject's own words, else `reported`),
//! `modality` (`stated` when any quote states it, else `expected`), then `attrs`.
//! `year`, `faction_names`, `voice` and `modality` are derived and ignored on import
//! (each quote's own voice and modality travel in `evidence`).
//!
//! Positions are written y-up (`y = -pos[1]`), the convention of Gephi, Graphviz and
//! matplotlib; the canvas is y-down. Importing flips them back.
//!
//! An `attrs` key that collides with a column name, or starts with `attr.`, is written
//! as `attr.<key>` and read back without the prefix, so nothing is lost or misread.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;

use super::IoError;
use crate::model::{
    Basis, Dated, Document, Edge, Evidence, FactionClaim, Kind, KnowledgeGraph, Node, PartialDate,
    Problem, Relation, Role, Source, SubKind,
};

/// Node columns the model owns, in output order.
pub const NODE_COLUMNS: [&str; 14] = [
    "label",
    "kind",
    "sub_kind",
    "description",
    "aliases",
    "date",
    "date_inferred",
    "year",
    "faction_names",
    "roles",
    "factions",
    "evidence",
    "x",
    "y",
];

/// Edge columns the model owns, in output order.
pub const EDGE_COLUMNS: [&str; 8] = [
    "relation",
    "date",
    "date_inferred",
    "year",
    "note",
    "evidence",
    "voice",
    "modality",
];

/// Prefix that protects an `attrs` key from colliding with a column name.
const ATTR_PREFIX: &str = "attr.";

/// The value type of a column, for typed declarations (GraphML `attr.type`, GEXF `type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// Text.
    Str,
    /// A whole number.
    Int,
    /// A floating-point number.
    Double,
}

/// A named, typed column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The attribute name.
    pub name: String,
    /// Its type.
    pub ty: ColumnType,
}

/// One node or edge flattened: column name to value, only the columns it has.
pub type Record = BTreeMap<String, String>;

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn attr_key(key: &str, reserved: &[&str]) -> String {
    if reserved.contains(&key) || key.starts_with(ATTR_PREFIX) {
        format!("{ATTR_PREFIX}{key}")
    } else {
        key.to_owned()
    }
}

/// The serde variant name of a sub-kind, e.g. `ThinkTank`.
pub fn sub_kind_name(sk: SubKind) -> String {
    match serde_json::to_value(sk) {
        Ok(serde_json::Value::String(s)) => s,
        _ => format!("{sk:?}"),
    }
}

/// Parses a sub-kind from its variant name (`ThinkTank`) or its human name (`think tank`).
pub fn parse_sub_kind(s: &str) -> Option<SubKind> {
    let s = s.trim();
    if let Ok(sk) = serde_json::from_value::<SubKind>(serde_json::Value::String(s.to_owned())) {
        return Some(sk);
    }
    if s.eq_ignore_ascii_case("government body") {
        return Some(SubKind::Government);
    }
    let camel: String = s
        .split([' ', '_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect();
    serde_json::from_value(serde_json::Value::String(camel)).ok()
}

fn put_date(rec: &mut Record, d: &Dated) {
    rec.insert("date".into(), d.date.to_string());
    if let Basis::Inferred(why) = &d.basis {
        rec.insert("date_inferred".into(), why.clone());
    }
    rec.insert("year".into(), d.year().to_string());
}

/// Formats a coordinate so it reads back as the same `f32`.
pub fn fmt_coord(v: f32) -> String {
    // Rust's shortest round-trip formatting; "-0" reads back as 0, which is fine.
    format!("{v}")
}

/// The columns of a node.
pub fn node_record(n: &Node) -> Record {
    let mut rec = Record::new();
    rec.insert("label".into(), n.label.clone());
    rec.insert("kind".into(), n.kind.name().into());
    if let Some(sk) = n.sub_kind {
        rec.insert("sub_kind".into(), sub_kind_name(sk));
    }
    if !n.description.is_empty() {
        rec.insert("description".into(), n.description.clone());
    }
    if !n.aliases.is_empty() {
        rec.insert("aliases".into(), json(&n.aliases));
    }
    if let Some(d) = &n.date {
        put_date(&mut rec, d);
    }
    if !n.factions.is_empty() {
        rec.insert("faction_names".into(), n.faction_names().join("; "));
        rec.insert("factions".into(), json(&n.factions));
    }
    if !n.roles.is_empty() {
        rec.insert("roles".into(), json(&n.roles));
    }
    if !n.evidence.is_empty() {
        rec.insert("evidence".into(), json(&n.evidence));
    }
    if let Some([x, y]) = n.pos {
        rec.insert("x".into(), fmt_coord(x));
        rec.insert("y".into(), fmt_coord(-y));
    }
    for (k, v) in &n.attrs {
        rec.insert(attr_key(k, &NODE_COLUMNS), v.clone());
    }
    rec
}

/// The columns of an edge (its ends are not columns).
pub fn edge_record(e: &Edge) -> Record {
    let mut rec = Record::new();
    rec.insert("relation".into(), e.relation.name().into());
    if let Some(d) = &e.date {
        put_date(&mut rec, d);
    }
    if let Some(note) = &e.note {
        rec.insert("note".into(), note.clone());
    }
    if !e.evidence.is_empty() {
        rec.insert("evidence".into(), json(&e.evidence));
    }
    if let (Some(v), Some(m)) = (e.voice(), e.modality()) {
        rec.insert("voice".into(), v.name().into());
        rec.insert("modality".into(), m.name().into());
    }
    for (k, v) in &e.attrs {
        rec.insert(attr_key(k, &EDGE_COLUMNS), v.clone());
    }
    rec
}

fn column_type(name: &str, known: &[&str], values: &[&str]) -> ColumnType {
    match name {
        "year" => ColumnType::Int,
        "x" | "y" => ColumnType::Double,
        _ if known.contains(&name) => ColumnType::Str,
        _ => infer_type(values),
    }
}

/// The narrowest type every value fits: whole numbers written canonically are `Int`,
/// finite decimals `Double`, anything else (or nothing) `Str`. Canonical only, so a
/// typed reader (networkx) gives back the same text: `007` stays a string.
pub fn infer_type(values: &[&str]) -> ColumnType {
    if values.is_empty() {
        return ColumnType::Str;
    }
    if values.iter().all(|v| is_int(v)) {
        ColumnType::Int
    } else if values.iter().all(|v| is_double(v)) {
        ColumnType::Double
    } else {
        ColumnType::Str
    }
}

/// A whole number written canonically (`7`, not `007` or `+7`).
fn is_int(v: &str) -> bool {
    v.parse::<i64>().is_ok_and(|i| i.to_string() == v)
}

/// A finite decimal without a leading zero (`0.5`, `-2e3`; not `007.5`).
fn is_double(v: &str) -> bool {
    let leading_zero = matches!(
        v.trim_start_matches(['-', '+']).as_bytes(),
        [b'0', b'0'..=b'9', ..]
    );
    !leading_zero
        && v.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && v.bytes().any(|b| b.is_ascii_digit())
        && v.parse::<f64>().is_ok_and(f64::is_finite)
}

/// [`columns`] of records seen one at a time, keeping no record: for each column,
/// whether every value so far is a whole number, and a decimal ([`infer_type`]).
#[derive(Debug)]
pub struct ColumnTypes<'k> {
    known: &'k [&'k str],
    seen: BTreeMap<String, (bool, bool)>,
}

impl<'k> ColumnTypes<'k> {
    /// No records yet; `known` as for [`columns`].
    pub fn new(known: &'k [&'k str]) -> Self {
        Self {
            known,
            seen: BTreeMap::new(),
        }
    }

    /// Takes in one record's columns and values.
    pub fn add(&mut self, rec: &Record) {
        for (k, v) in rec {
            // A model column's type does not depend on its values.
            let typed = !self.known.contains(&k.as_str());
            let (int, double) = (!typed || is_int(v), !typed || is_double(v));
            match self.seen.get_mut(k.as_str()) {
                Some(e) => *e = (e.0 && int, e.1 && double),
                None => {
                    self.seen.insert(k.clone(), (int, double));
                }
            }
        }
    }

    /// The columns, as [`columns`] gives them for the same records.
    pub fn columns(&self) -> Vec<Column> {
        let ty = |k: &str, &(int, double): &(bool, bool)| match k {
            "year" => ColumnType::Int,
            "x" | "y" => ColumnType::Double,
            _ if self.known.contains(&k) => ColumnType::Str,
            _ if int => ColumnType::Int,
            _ if double => ColumnType::Double,
            _ => ColumnType::Str,
        };
        let known = self.known.iter().filter_map(|&k| {
            let e = self.seen.get(k)?;
            Some(Column {
                name: k.to_owned(),
                ty: ty(k, e),
            })
        });
        let others = self
            .seen
            .iter()
            .filter(|(k, _)| !self.known.contains(&k.as_str()));
        known
            .chain(others.map(|(k, e)| Column {
                name: k.clone(),
                ty: ty(k, e),
            }))
            .collect()
    }
}

/// The columns used by any of `records`: the model's in their fixed order, then the
/// others sorted, each with its type.
pub fn columns(records: &[Record], known: &[&str]) -> Vec<Column> {
    let mut values: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in records {
        for (k, v) in r {
            values.entry(k.as_str()).or_default().push(v.as_str());
        }
    }
    let mut out: Vec<Column> = known
        .iter()
        .filter_map(|&k| {
            values.get(k).map(|v| Column {
                name: k.to_owned(),
                ty: column_type(k, known, v),
            })
        })
        .collect();
    for (k, v) in &values {
        if !known.contains(k) {
            out.push(Column {
                name: (*k).to_owned(),
                ty: column_type(k, known, v),
            });
        }
    }
    out
}

fn parse_json<T: DeserializeOwned>(name: &str, v: &str) -> Result<T, String> {
    serde_json::from_str(v).map_err(|e| format!("{name}: not valid JSON ({e})"))
}

fn parse_dated(rec: &Record, attrs: &mut BTreeMap<String, String>) -> Option<Dated> {
    let raw = rec.get("date")?;
    match raw.trim().parse::<PartialDate>() {
        Ok(date) => {
            let basis = rec
                .get("date_inferred")
                .map_or(Basis::Stated, |w| Basis::Inferred(w.clone()));
            Some(Dated { date, basis })
        }
        Err(_) => {
            // Not one of ours (e.g. an ISO timestamp): keep it as it was.
            attrs.insert("date".into(), raw.clone());
            if let Some(w) = rec.get("date_inferred") {
                attrs.insert("date_inferred".into(), w.clone());
            }
            None
        }
    }
}

/// An `attrs` key as written, without the prefix that protected it from a column name.
fn strip_prefix(mut k: String) -> String {
    if k.starts_with(ATTR_PREFIX) {
        k.drain(..ATTR_PREFIX.len());
    }
    k
}

/// [`Kind::from_name`], without allocating for a name written as we write it.
pub fn kind_named(s: &str) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| k.name() == s)
        .or_else(|| Kind::from_name(s))
}

/// [`Relation::from_name`], without allocating for a name written as we write it (every
/// edge of our own exports: half a million lookups in a large file).
pub fn relation_named(s: &str) -> Option<Relation> {
    Relation::ALL
        .into_iter()
        .find(|r| r.name() == s)
        .or_else(|| Relation::from_name(s))
}

/// Builds a node from its id and columns. A missing label falls back to `name`, then
/// the id; a missing or unknown kind to Concept (an unknown one is kept in `attrs`).
/// Columns the model does not know are kept in `attrs`. The record is taken so its
/// values move into the node rather than being copied.
///
/// # Errors
/// A `roles`, `factions`, `evidence` or `aliases` column that is not the JSON we write,
/// as a message naming the node (`node "id": ...`).
pub(crate) fn node_from_record(id: &str, mut rec: Record) -> Result<Node, String> {
    let blank = |l: &String| l.trim().is_empty();
    // A blank label falls back to the id, not to `name`; only a missing one tries `name`.
    let label = match rec.remove("label") {
        Some(l) if !blank(&l) => l,
        Some(_) => id.to_owned(),
        None => rec
            .get("name")
            .filter(|l| !blank(l))
            .cloned()
            .unwrap_or_else(|| id.to_owned()),
    };
    let mut attrs = BTreeMap::new();
    let kind = match rec.remove("kind") {
        Some(k) => kind_named(&k).unwrap_or_else(|| {
            attrs.insert("kind".to_owned(), k);
            Kind::Concept
        }),
        None => Kind::Concept,
    };
    let mut n = Node::new(id, label, kind);
    if let Some(sk) = rec.remove("sub_kind") {
        match parse_sub_kind(&sk) {
            Some(s) => n.sub_kind = Some(s),
            None => {
                attrs.insert("sub_kind".into(), sk);
            }
        }
    }
    n.description = rec.remove("description").unwrap_or_default();
    let place = |m: String| format!("node {id:?}: {m}");
    if let Some(a) = rec.get("aliases") {
        n.aliases = parse_json("aliases", a).map_err(place)?;
    }
    n.date = parse_dated(&rec, &mut attrs);
    if let Some(v) = rec.get("roles") {
        n.roles = parse_json::<Vec<Role>>("roles", v).map_err(place)?;
    }
    if let Some(v) = rec.get("factions") {
        n.factions = parse_json::<Vec<FactionClaim>>("factions", v).map_err(place)?;
    }
    if let Some(v) = rec.get("evidence") {
        n.evidence = parse_json::<Vec<Evidence>>("evidence", v).map_err(place)?;
    }
    let coord = |k: &str| {
        rec.get(k)
            .and_then(|v| v.trim().parse::<f32>().ok())
            .filter(|v| v.is_finite())
    };
    match (coord("x"), coord("y")) {
        (Some(x), Some(y)) => n.pos = Some([x, -y]),
        _ => {
            for k in ["x", "y"] {
                if let Some(v) = rec.get(k) {
                    attrs.insert(k.into(), v.clone());
                }
            }
        }
    }
    keep_unknown(rec, n.date.is_some(), &NODE_COLUMNS, &mut attrs);
    n.attrs = attrs;
    Ok(n)
}

/// Keeps every column that is not one of ours (`known`) in `attrs`, and a `year` that
/// did not come from a date of ours: someone else's "year" is data, not a derived column.
fn keep_unknown(rec: Record, has_date: bool, known: &[&str], attrs: &mut BTreeMap<String, String>) {
    if !has_date
        && let Some(y) = rec.get("year")
        && !rec.contains_key("date")
    {
        attrs.insert("year".into(), y.clone());
    }
    for (k, v) in rec {
        if !known.contains(&k.as_str()) {
            attrs.insert(strip_prefix(k), v);
        }
    }
}

/// Builds an edge from its ends and columns. The relation comes from `relation`, else
/// Cytoscape's `interaction`, else `label`; a missing or unknown one is `related_to`
/// (an unknown one is kept in `attrs`). Other columns are kept in `attrs`. The ends
/// and the record are taken so they move into the edge rather than being copied.
///
/// # Errors
/// An `evidence` column that is not the JSON we write, as a message naming the edge
/// (`edge "from" -> "to": ...`).
pub(crate) fn edge_from_record(from: String, to: String, rec: Record) -> Result<Edge, String> {
    let mut attrs = BTreeMap::new();
    let named = ["relation", "interaction", "label"]
        .into_iter()
        .find_map(|k| rec.get(k).map(|v| (k, v)));
    let relation = match named {
        Some((k, v)) => relation_named(v).unwrap_or_else(|| {
            if k == "relation" {
                attrs.insert(k.to_owned(), v.clone());
            }
            Relation::RelatedTo
        }),
        None => Relation::RelatedTo,
    };
    let evidence = match rec.get("evidence") {
        Some(v) => parse_json::<Vec<Evidence>>("evidence", v)
            .map_err(|m| format!("edge {from:?} -> {to:?}: {m}"))?,
        None => Vec::new(),
    };
    let mut e = Edge::new(from, to, relation);
    e.evidence = evidence;
    e.date = parse_dated(&rec, &mut attrs);
    e.note = rec.get("note").cloned();
    keep_unknown(rec, e.date.is_some(), &EDGE_COLUMNS, &mut attrs);
    e.attrs = attrs;
    Ok(e)
}

/// The bibliography of a graph: one line per source, `[id] citation`.
pub fn bibliography(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|s| format!("[{}] {}\n", s.id, s.citation()))
        .collect()
}

/// Validates an imported document leniently and builds the graph: graphs made
/// elsewhere have neither kebab-case ids nor quotes behind their edges (see
/// [`crate::model::Rule::tolerated_on_load`]).
///
/// # Errors
/// [`IoError::Invalid`] listing every other problem (duplicate ids, edges to unknown
/// nodes, evidence citing unknown sources, dates out of range...).
pub fn accept_imported(doc: Document, path: &str) -> Result<KnowledgeGraph, IoError> {
    let problems = Problem::blocking_load(&doc);
    if problems.is_empty() {
        Ok(KnowledgeGraph::from_document(doc))
    } else {
        Err(IoError::Invalid {
            path: path.to_owned(),
            problems,
        })
    }
}

/// Whether `c` may appear in an XML 1.0 document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes text content for XML: `&`, `<`, `>`, and `\r` (which a parser would
/// otherwise fold into `\n`). Characters XML 1.0 cannot carry become U+FFFD.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Escapes an attribute value for a double-quoted XML attribute. Tabs and line breaks
/// become character references, which attribute-value normalisation leaves alone.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// The ids of sources cited anywhere in the graph (node and edge evidence), sorted.
pub fn cited_sources(kg: &KnowledgeGraph) -> BTreeSet<String> {
    let mut cited = BTreeSet::new();
    for n in kg.graph().node_weights() {
        let ev = n
            .evidence
            .iter()
            .chain(n.roles.iter().map(|r| &r.evidence))
            .chain(n.factions.iter().map(|f| &f.evidence));
        cited.extend(ev.map(|e| e.source.clone()));
    }
    for e in kg.graph().edge_weights() {
        cited.extend(e.evidence.iter().map(|ev| ev.source.clone()));
    }
    cited
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns found one record at a time are the columns found from all of them.
    #[test]
    fn column_types_agree_with_columns() {
        let recs: Vec<Record> = [
            vec![
                ("label", "A"),
                ("n", "7"),
                ("f", "0.5"),
                ("s", "007"),
                ("year", "x"),
            ],
            vec![
                ("label", "B"),
                ("n", "-3"),
                ("f", "2"),
                ("s", "1"),
                ("x", "1.5"),
            ],
            vec![("m", "1e3"), ("n", "4")],
        ]
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .collect();
        let mut types = ColumnTypes::new(&NODE_COLUMNS);
        for r in &recs {
            types.add(r);
        }
        let (a, b) = (types.columns(), columns(&recs, &NODE_COLUMNS));
        let shown = |c: &[Column]| -> Vec<String> {
            c.iter().map(|c| format!("{}:{:?}", c.name, c.ty)).collect()
        };
        assert_eq!(shown(&a), shown(&b));
        assert_eq!(shown(&a).len(), 7);
    }

    #[test]
    fn node_record_round_trips_with_colliding_attrs() {
        let mut n = Node::new("a", "A", Kind::Organisation);
        n.sub_kind = Some(SubKind::ThinkTank);
        n.pos = Some([1.5, -2.25]);
        n.attrs.insert("x".into(), "not a position".into());
        n.attrs.insert("attr.y".into(), "nested".into());
        n.attrs.insert("club".into(), "Mr. Hi".into());
        n.date = Some(Dated {
            date: "2015-02".parse().expect("date"),
            basis: Basis::Inferred("why".into()),
        });
        let rec = node_record(&n);
        assert_eq!(rec.get("y").map(String::as_str), Some("2.25"));
        assert_eq!(
            rec.get("attr.x").map(String::as_str),
            Some("not a position")
        );
        assert_eq!(node_from_record("a", rec), Ok(n));
    }

    #[test]
    fn foreign_columns_get_defaults() {
        let rec: Record = [
            ("club".to_owned(), "Officer".to_owned()),
            ("kind".to_owned(), "wizard".to_owned()),
        ]
        .into();
        let n = node_from_record("7", rec).expect("node");
        assert_eq!((n.label.as_str(), n.kind), ("7", Kind::Concept));
        assert_eq!(n.attrs.get("kind").map(String::as_str), Some("wizard"));
        assert_eq!(n.attrs.get("club").map(String::as_str), Some("Officer"));
        let e = edge_from_record(
            "a".into(),
            "b".into(),
            [("weight".into(), "4".into())].into(),
        )
        .expect("edge");
        assert_eq!(e.relation, Relation::RelatedTo);
        assert_eq!(e.attrs.get("weight").map(String::as_str), Some("4"));
    }

    #[test]
    fn sub_kinds_parse_by_either_name() {
        assert_eq!(parse_sub_kind("ThinkTank"), Some(SubKind::ThinkTank));
        assert_eq!(parse_sub_kind("think tank"), Some(SubKind::ThinkTank));
        assert_eq!(parse_sub_kind("government body"), Some(SubKind::Government));
        assert_eq!(
            parse_sub_kind("policy_proposal"),
            Some(SubKind::PolicyProposal)
        );
        assert_eq!(parse_sub_kind("wizard"), None);
    }

    #[test]
    fn types_are_inferred_canonically() {
        assert_eq!(infer_type(&["1", "-4"]), ColumnType::Int);
        assert_eq!(infer_type(&["1", "2.5"]), ColumnType::Double);
        assert_eq!(infer_type(&["007"]), ColumnType::Str);
        assert_eq!(infer_type(&["0.5", "-1e3"]), ColumnType::Double);
        assert_eq!(infer_type(&["NaN"]), ColumnType::Str);
        assert_eq!(infer_type(&["inf"]), ColumnType::Str);
        assert_eq!(infer_type(&[]), ColumnType::Str);
    }

    #[test]
    fn escaping_keeps_line_breaks_and_replaces_controls() {
        assert_eq!(escape_attr("a\"<&>\n\t"), "a&quot;&lt;&amp;&gt;&#10;&#9;");
        assert_eq!(escape_text("a\r\nb\u{1}"), "a&#13;\nb\u{FFFD}");
    }
}
