//! CSV node and edge lists, as Gephi's data laboratory writes and reads them.
//!
//! # Files
//! An export writes three files (see [`paths_for`]):
//! - `-o out.csv` (or `-o out`) writes `out.nodes.csv`, `out.edges.csv` and
//!   `out.sources.csv` beside each other;
//! - `-o dir/` (an existing folder, or a path ending in `/`) writes `dir/nodes.csv`,
//!   `dir/edges.csv` and `dir/sources.csv`, creating the folder if needed.
//!
//! The nodes file has `Id,Label` and then the node columns of
//! [`super::interchange`] (kind, dates, JSON for nested values, `x`/`y`, imported
//! attributes); the edges file `Source,Target,Type,Id,Label` (Type `Directed`, Label
//! the relation's wording) and then the edge columns; the sources file, the
//! bibliography: one row per source cited, with its citation. CSV cannot tell an
//! empty value from a missing one: empty cells are read as missing.
//!
//! # Import
//! Opening any one of the files reads its partners found by the same naming, spelled
//! in the same case (`G.NODES.CSV` with `G.EDGES.CSV`). A lone
//! file is a node list, or an edge list if it has `Source` and `Target` columns
//! (any case). Commas, semicolons or tabs are accepted as separators. Nodes an edge
//! list names but the node list lacks are created, as Gephi does. Unknown columns
//! are kept as attributes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::interchange::{self, EDGE_COLUMNS, NODE_COLUMNS, Record};
use super::{IoError, read_text};
use crate::limits::{MAX_CSV_CELLS, MAX_CSV_COLUMNS};
use crate::model::{Basis, Dated, Document, KnowledgeGraph, Node, PartialDate, Source};
use crate::query::filter::Part;

/// The three files of a CSV export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvFiles {
    /// The node list.
    pub nodes: PathBuf,
    /// The edge list.
    pub edges: PathBuf,
    /// The bibliography.
    pub sources: PathBuf,
}

/// Where an export to `out` writes (see the module docs).
pub fn paths_for(out: &Path) -> CsvFiles {
    let as_dir = out.is_dir()
        || out
            .as_os_str()
            .to_string_lossy()
            .ends_with(['/', std::path::MAIN_SEPARATOR]);
    if as_dir {
        return CsvFiles {
            nodes: out.join("nodes.csv"),
            edges: out.join("edges.csv"),
            sources: out.join("sources.csv"),
        };
    }
    let base = if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        out.with_extension("")
    } else {
        out.to_path_buf()
    };
    let with = |suffix: &str| {
        let mut s = base.clone().into_os_string();
        s.push(suffix);
        PathBuf::from(s)
    };
    CsvFiles {
        nodes: with(".nodes.csv"),
        edges: with(".edges.csv"),
        sources: with(".sources.csv"),
    }
}

/// The partner files of one CSV file, if its name follows [`paths_for`]'s naming in
/// any case. The partners are spelled in the case of the name given (`G.NODES.CSV` goes
/// with `G.EDGES.CSV`, `Nodes.csv` with `Edges.csv`), so a case-sensitive file system
/// finds them, and the file given is always one of the three, as it was spelled.
pub fn partners(path: &Path) -> Option<CsvFiles> {
    let file = path.file_name()?.to_str()?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let body_len = file.len().checked_sub(4)?;
    let ext = file
        .get(body_len..)
        .filter(|e| e.eq_ignore_ascii_case(".csv"))?;
    let body = file.get(..body_len)?;
    for kind in ["nodes", "edges", "sources"] {
        let Some(at) = body.len().checked_sub(kind.len()) else {
            continue;
        };
        let (Some(stem), Some(written)) = (body.get(..at), body.get(at..)) else {
            continue;
        };
        if !written.eq_ignore_ascii_case(kind) || !(stem.is_empty() || stem.ends_with('.')) {
            continue;
        }
        let name = |k: &str| {
            if k == kind {
                path.to_path_buf()
            } else {
                dir.join(format!("{stem}{}{ext}", same_case(written, k)))
            }
        };
        return Some(CsvFiles {
            nodes: name("nodes"),
            edges: name("edges"),
            sources: name("sources"),
        });
    }
    None
}

/// `word` (lower case) in the case `like` is written in: all upper case, capitalised,
/// or lower case.
fn same_case(like: &str, word: &str) -> String {
    if like.bytes().all(|b| b.is_ascii_uppercase()) {
        word.to_ascii_uppercase()
    } else if like.starts_with(|c: char| c.is_ascii_uppercase()) {
        let mut w = word.to_owned();
        if let Some(first) = w.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        w
    } else {
        word.to_owned()
    }
}

fn encode_err(e: impl std::fmt::Display) -> IoError {
    IoError::Encode {
        message: e.to_string(),
        path: "CSV".into(),
    }
}

fn write_table(header: &[String], rows: &[Vec<String>]) -> Result<String, IoError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(encode_err)?;
    for r in rows {
        w.write_record(r).map_err(encode_err)?;
    }
    let bytes = w.into_inner().map_err(encode_err)?;
    String::from_utf8(bytes).map_err(encode_err)
}

/// Renames record keys that would be mistaken for the structural columns.
fn guard(rec: Record, structural: &[&str]) -> Record {
    rec.into_iter()
        .map(|(k, v)| {
            if structural.iter().any(|s| s.eq_ignore_ascii_case(&k)) {
                (format!("attr.{k}"), v)
            } else {
                (k, v)
            }
        })
        .collect()
}

const NODE_STRUCTURAL: [&str; 2] = ["Id", "Label"];
const EDGE_STRUCTURAL: [&str; 5] = ["Source", "Target", "Type", "Id", "Label"];

/// A table with the `fixed` columns first and then every column a record has, written
/// one record at a time: `rows` (each record's fixed cells and its record) is walked
/// twice, first to find the columns ([`interchange::ColumnTypes`]), then to write. Only
/// the text is held: every record and row at once took 980 MB for 100,000 nodes and
/// 500,000 edges.
fn table<I: Iterator<Item = (Vec<String>, Record)>>(
    known: &[&str],
    fixed: Vec<String>,
    rows: impl Fn() -> I,
) -> Result<String, IoError> {
    let mut types = interchange::ColumnTypes::new(known);
    for (_, r) in rows() {
        types.add(&r);
    }
    let cols = types.columns();
    let mut header = fixed;
    header.extend(cols.iter().map(|c| c.name.clone()));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).map_err(encode_err)?;
    for (mut row, r) in rows() {
        row.extend(
            cols.iter()
                .map(|c| r.get(&c.name).cloned().unwrap_or_default()),
        );
        w.write_record(&row).map_err(encode_err)?;
    }
    let bytes = w.into_inner().map_err(encode_err)?;
    String::from_utf8(bytes).map_err(encode_err)
}

/// The node list.
///
/// # Errors
/// Only if the CSV writer fails, which writing to memory does not.
pub fn nodes_csv(kg: &KnowledgeGraph) -> Result<String, IoError> {
    part_nodes_csv(&Part::graph(kg))
}

/// The node list of part of a graph (for a view, [`nodes_csv`] of
/// [`crate::query::View::subgraph`]'s copy, read in place).
///
/// # Errors
/// Only if the CSV writer fails, which writing to memory does not.
pub fn part_nodes_csv(part: &Part<'_>) -> Result<String, IoError> {
    let rows = || {
        part.nodes().map(|(_, n)| {
            let mut r = interchange::node_record(n);
            r.remove("label");
            (
                vec![n.id.clone(), n.label.clone()],
                guard(r, &NODE_STRUCTURAL),
            )
        })
    };
    table(&NODE_COLUMNS, vec!["Id".into(), "Label".into()], rows)
}

/// The edge list.
///
/// # Errors
/// Only if the CSV writer fails, which writing to memory does not.
pub fn edges_csv(kg: &KnowledgeGraph) -> Result<String, IoError> {
    part_edges_csv(&Part::graph(kg))
}

/// The edge list of part of a graph (for a view, [`edges_csv`] of
/// [`crate::query::View::subgraph`]'s copy, read in place).
///
/// # Errors
/// Only if the CSV writer fails, which writing to memory does not.
pub fn part_edges_csv(part: &Part<'_>) -> Result<String, IoError> {
    let rows = || {
        part.edges().map(|(key, e)| {
            let fixed = vec![
                e.from.clone(),
                e.to.clone(),
                "Directed".into(),
                format!("e{key}"),
                e.relation.forward_label().into(),
            ];
            (fixed, guard(interchange::edge_record(e), &EDGE_STRUCTURAL))
        })
    };
    let header = EDGE_STRUCTURAL.iter().map(|s| (*s).to_owned()).collect();
    table(&EDGE_COLUMNS, header, rows)
}

const SOURCE_HEADER: [&str; 10] = [
    "id",
    "title",
    "outlet",
    "authors",
    "date",
    "date_inferred",
    "file",
    "note",
    "node",
    "citation",
];

/// The bibliography: one row per source, with its citation last.
///
/// # Errors
/// Only if the CSV writer fails, which writing to memory does not.
pub fn sources_csv(kg: &KnowledgeGraph) -> Result<String, IoError> {
    sources_table(&kg.sources)
}

/// The bibliography of these sources, as [`sources_csv`] writes a graph's.
///
/// # Errors
/// Only if the CSV writer fails, which writing to memory does not.
pub fn sources_table(sources: &[Source]) -> Result<String, IoError> {
    let rows: Vec<Vec<String>> = sources
        .iter()
        .map(|s| {
            let inferred = match s.date.as_ref().map(|d| &d.basis) {
                Some(Basis::Inferred(w)) => w.clone(),
                _ => String::new(),
            };
            vec![
                s.id.clone(),
                s.title.clone(),
                s.outlet.clone().unwrap_or_default(),
                if s.authors.is_empty() {
                    String::new()
                } else {
                    serde_json::to_string(&s.authors).unwrap_or_default()
                },
                s.date
                    .as_ref()
                    .map(|d| d.date.to_string())
                    .unwrap_or_default(),
                inferred,
                s.file.clone(),
                s.note.clone().unwrap_or_default(),
                s.node.clone().unwrap_or_default(),
                s.citation(),
            ]
        })
        .collect();
    let header: Vec<String> = SOURCE_HEADER.iter().map(|s| (*s).to_owned()).collect();
    write_table(&header, &rows)
}

/// One table being read: its header, and its rows read one at a time
/// ([`Table::next_row`]), so that a row is held only while it becomes a node, an edge
/// or a source, and an empty cell is never kept.
struct Table<'t> {
    headers: Vec<String>,
    reader: csv::Reader<&'t [u8]>,
    /// The text the rows are read from (after any byte-order mark): offsets are in it.
    text: &'t str,
    path: &'t str,
    /// Cells read so far, bounded by [`MAX_CSV_CELLS`].
    cells: usize,
}

impl Table<'_> {
    fn col(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }

    /// A parse error at byte `at` of the table.
    fn error_at(&self, message: impl Into<String>, at: usize) -> IoError {
        IoError::parse_at_offset(message, self.path, self.text, at)
    }

    /// Reads the next row into `row` and returns where it starts, or `None` at the end.
    ///
    /// # Errors
    /// Malformed CSV, a row longer or shorter than the header, or a table over
    /// [`MAX_CSV_CELLS`], placed at the row.
    fn next_row(&mut self, row: &mut csv::StringRecord) -> Result<Option<usize>, IoError> {
        let more = self
            .reader
            .read_record(row)
            .map_err(|e| csv_error(&e, self.path, self.text))?;
        if !more {
            return Ok(None);
        }
        let at = byte_at(row.position());
        self.cells = self.cells.saturating_add(row.len());
        if self.cells > MAX_CSV_CELLS {
            return Err(self.error_at(
                format!(
                    "the table has more than {MAX_CSV_CELLS} cells (rows times columns), \
                     over the limit (limits::MAX_CSV_CELLS)"
                ),
                at,
            ));
        }
        Ok(Some(at))
    }
}

fn byte_at(p: Option<&csv::Position>) -> usize {
    p.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0))
}

fn csv_error(e: &csv::Error, path: &str, text: &str) -> IoError {
    let msg = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("a row has {len} fields where the header has {expected_len}")
        }
        other => format!("malformed CSV: {other:?}"),
    };
    IoError::parse_at_offset(msg, path, text, byte_at(e.position()))
}

fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.contains(',') {
        b','
    } else if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// Where the csv parser's field state stands at a byte (its default dialect: `"`
/// quotes at the start of a field, `""` inside quotes, no escapes or comments).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Start,
    Plain,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of `""`.
    QuoteInQuoted,
}

/// The byte where the first record with more than `max` fields starts, if any, found
/// as the csv parser splits records and fields but without holding any: that parser
/// keeps 8 bytes of bounds per field of a record before its length can be checked, so
/// a gigabyte of commas on one line would take gigabytes.
///
/// # Complexity
/// One pass over the bytes, no allocation.
fn too_wide_record(text: &str, delimiter: u8, max: usize) -> Option<usize> {
    let (mut state, mut fields, mut start) = (Field::Start, 1usize, 0usize);
    for (i, &b) in text.as_bytes().iter().enumerate() {
        state = match (state, b) {
            (Field::Quoted, b'"') => Field::QuoteInQuoted,
            (Field::Quoted, _) => Field::Quoted,
            (Field::QuoteInQuoted, b'"') | (Field::Start, b'"') => Field::Quoted,
            (_, d) if d == delimiter => {
                fields += 1;
                if fields > max {
                    return Some(start);
                }
                Field::Start
            }
            (_, b'\r' | b'\n') => {
                (fields, start) = (1, i + 1);
                Field::Start
            }
            _ => Field::Plain,
        };
    }
    None
}

/// Opens a table: reads its header, and checks that no record of it is wider than
/// [`MAX_CSV_COLUMNS`]; the rows are read by [`Table::next_row`].
fn read_table<'t>(text: &'t str, path: &'t str) -> Result<Table<'t>, IoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = delimiter(text);
    if let Some(at) = too_wide_record(text, delimiter, MAX_CSV_COLUMNS) {
        let what = if at == 0 { "the header" } else { "a row" };
        return Err(IoError::parse_at_offset(
            format!(
                "{what} has more than {MAX_CSV_COLUMNS} columns, over the limit \
                 (limits::MAX_CSV_COLUMNS)"
            ),
            path,
            text,
            at,
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&e, path, text))?
        .iter()
        .map(str::to_owned)
        .collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(IoError::parse_at(
            "the file has no header row",
            path,
            text,
            1,
            1,
        ));
    }
    Ok(Table {
        headers,
        reader,
        text,
        path,
        cells: 0,
    })
}

/// The row's non-empty cells by header, leaving out the given columns.
fn record(headers: &[String], row: &csv::StringRecord, skip: &[Option<usize>]) -> Record {
    headers
        .iter()
        .zip(row)
        .enumerate()
        .filter(|(i, (_, v))| !v.is_empty() && !skip.contains(&Some(*i)))
        .map(|(_, (h, v))| (h.clone(), v.to_owned()))
        .collect()
}

fn is_edge_list(t: &Table) -> bool {
    t.col("source").is_some() && t.col("target").is_some()
}

fn parse_nodes(t: &mut Table, doc: &mut Document) -> Result<(), IoError> {
    let Some(id_col) = t.col("id") else {
        return Err(t.error_at("a node list needs an Id column", 0));
    };
    let label_col = t.col("label");
    let mut row = csv::StringRecord::new();
    while let Some(at) = t.next_row(&mut row)? {
        let place = |m: String| t.error_at(m, at);
        let id = row
            .get(id_col)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| place("a node without an Id".into()))?;
        let mut rec = record(&t.headers, &row, &[Some(id_col), label_col]);
        if let Some(l) = label_col.and_then(|c| row.get(c)).filter(|l| !l.is_empty()) {
            rec.insert("label".into(), l.to_owned());
        }
        doc.nodes
            .push(interchange::node_from_record(&id, rec).map_err(place)?);
    }
    Ok(())
}

fn parse_edges(t: &mut Table, doc: &mut Document) -> Result<(), IoError> {
    let (Some(sc), Some(tc)) = (t.col("source"), t.col("target")) else {
        return Err(t.error_at("an edge list needs Source and Target columns", 0));
    };
    let (type_col, id_col, label_col) = (t.col("type"), t.col("id"), t.col("label"));
    let mut row = csv::StringRecord::new();
    while let Some(at) = t.next_row(&mut row)? {
        let place = |m: String| t.error_at(m, at);
        let cell = |c: usize| {
            row.get(c)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let (Some(from), Some(to)) = (cell(sc), cell(tc)) else {
            return Err(place("an edge without Source and Target".into()));
        };
        let mut rec = record(
            &t.headers,
            &row,
            &[Some(sc), Some(tc), type_col, id_col, label_col],
        );
        // Keys of ours renamed by `guard` (`attr.Id`) come back without the prefix in
        // `edge_from_record`; a foreign Id or Label is kept under its own name.
        if let Some(id) = id_col.and_then(cell)
            && !(id.starts_with('e')
                && id.len() > 1
                && id.bytes().skip(1).all(|b| b.is_ascii_digit()))
        {
            rec.entry("Id".into()).or_insert(id);
        }
        if let Some(label) = label_col.and_then(cell) {
            let rel = rec
                .get("relation")
                .and_then(|r| interchange::relation_named(r));
            match rel {
                Some(r) if r.forward_label() == label || r.name() == label => {}
                Some(_) => {
                    rec.entry("Label".into()).or_insert(label);
                }
                None if !rec.contains_key("relation")
                    && interchange::relation_named(&label).is_some() =>
                {
                    rec.insert("relation".into(), label);
                }
                None => {
                    rec.entry("Label".into()).or_insert(label);
                }
            }
        }
        doc.edges
            .push(interchange::edge_from_record(from, to, rec).map_err(place)?);
    }
    Ok(())
}

fn parse_sources(t: &mut Table, doc: &mut Document) -> Result<(), IoError> {
    let Some(id_col) = t.col("id") else {
        return Err(t.error_at("a sources list needs an id column", 0));
    };
    // Each column is looked up once, not once per row: per-cell work stays linear.
    let cols: BTreeMap<&str, usize> = SOURCE_HEADER
        .iter()
        .filter_map(|&name| Some((name, t.col(name)?)))
        .collect();
    let mut row = csv::StringRecord::new();
    while let Some(at) = t.next_row(&mut row)? {
        let place = |m: String| t.error_at(m, at);
        let get = |name: &str| {
            cols.get(name)
                .and_then(|&c| row.get(c))
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let Some(id) = row.get(id_col).filter(|v| !v.is_empty()).map(str::to_owned) else {
            return Err(place("a source without an id".into()));
        };
        let date = match get("date") {
            Some(d) => {
                let date = d
                    .parse::<PartialDate>()
                    .map_err(|e| place(format!("source {id:?}: {e}")))?;
                let basis = get("date_inferred").map_or(Basis::Stated, Basis::Inferred);
                Some(Dated { date, basis })
            }
            None => None,
        };
        let authors = match get("authors") {
            Some(a) => serde_json::from_str(&a)
                .map_err(|e| place(format!("source {id:?}: authors: not a JSON array ({e})")))?,
            None => Vec::new(),
        };
        doc.sources.push(Source {
            node: get("node"),
            title: get("title").unwrap_or_else(|| id.clone()),
            id,
            outlet: get("outlet"),
            authors,
            date,
            file: get("file").unwrap_or_default(),
            note: get("note"),
        });
    }
    Ok(())
}

/// Parses node, edge and source tables (each `(text, path)`, any may be missing)
/// into a document. A lone table given as `nodes` that has Source and Target columns
/// is read as an edge list.
///
/// # Errors
/// [`IoError::Parse`] with line and column for malformed CSV, rows longer or shorter
/// than the header, missing Id/Source/Target columns or cells, and nested values
/// that are not the JSON we write.
pub fn parse_tables(
    nodes: Option<(&str, &str)>,
    edges: Option<(&str, &str)>,
    sources: Option<(&str, &str)>,
) -> Result<Document, IoError> {
    let mut doc = Document::default();
    let (mut nodes, mut edges) = (nodes, edges);
    if let (Some((text, path)), None) = (nodes, edges)
        && is_edge_list(&read_table(text, path)?)
    {
        (nodes, edges) = (None, Some((text, path)));
    }
    if let Some((text, path)) = sources {
        parse_sources(&mut read_table(text, path)?, &mut doc)?;
    }
    if let Some((text, path)) = nodes {
        parse_nodes(&mut read_table(text, path)?, &mut doc)?;
    }
    if let Some((text, path)) = edges {
        parse_edges(&mut read_table(text, path)?, &mut doc)?;
    }
    // Nodes named only by edges are created, as Gephi does.
    let mut known: BTreeSet<String> = doc.nodes.iter().map(|n| n.id.clone()).collect();
    let mut extra = Vec::new();
    for e in &doc.edges {
        for end in [&e.from, &e.to] {
            if known.insert(end.clone()) {
                extra.push(
                    interchange::node_from_record(end, BTreeMap::new()).unwrap_or_else(|_| {
                        Node::new(end.clone(), end.clone(), crate::model::Kind::Concept)
                    }),
                );
            }
        }
    }
    doc.nodes.extend(extra);
    Ok(doc)
}

/// Opens a CSV file and its partners (see the module docs) and builds the graph,
/// validating leniently as for any graph made elsewhere.
///
/// # Errors
/// As [`parse_path`], or [`IoError::Invalid`].
pub fn load_path(path: &Path) -> Result<KnowledgeGraph, IoError> {
    let doc = parse_path(path)?;
    interchange::accept_imported(doc, &path.display().to_string())
}

/// Opens a CSV file and its partners (see the module docs) and parses them, without
/// validating. The file asked for, and each partner that exists, must be a regular
/// file (see [`super::open_input`]): a directory or FIFO is an error, not an empty table.
///
/// # Errors
/// [`IoError::Read`] if a file cannot be read, is not a regular file or is too large,
/// [`IoError::Parse`] as in [`parse_tables`].
pub fn parse_path(path: &Path) -> Result<Document, IoError> {
    let read = |p: &Path| -> Result<(String, String), IoError> {
        Ok((read_text(p)?, p.display().to_string()))
    };
    // A partner is optional: one that is not there is skipped, one that is there
    // (even as a broken link, a folder or a FIFO) is read, or refused.
    let partner = |p: &Path| -> Result<Option<(String, String)>, IoError> {
        if p == path || std::fs::symlink_metadata(p).is_ok() {
            read(p).map(Some)
        } else {
            Ok(None)
        }
    };
    let (nodes, edges, sources) = match partners(path) {
        Some(files) => {
            // `partners` names the file asked for as it was spelled, so it is always
            // one of the three: never an empty graph from partners under other names.
            // Its own errors (missing, a FIFO) come before any partner's.
            drop(super::open_input(path)?);
            (
                partner(&files.nodes)?,
                partner(&files.edges)?,
                partner(&files.sources)?,
            )
        }
        None => (Some(read(path)?), None, None),
    };
    fn as_ref(o: &Option<(String, String)>) -> Option<(&str, &str)> {
        o.as_ref().map(|(t, p)| (t.as_str(), p.as_str()))
    }
    parse_tables(as_ref(&nodes), as_ref(&edges), as_ref(&sources))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Evidence, Kind, Relation};

    #[test]
    fn paths_follow_the_documented_naming() {
        let p = paths_for(Path::new("/tmp/x/out.csv"));
        assert_eq!(p.nodes, PathBuf::from("/tmp/x/out.nodes.csv"));
        assert_eq!(p.sources, PathBuf::from("/tmp/x/out.sources.csv"));
        assert_eq!(
            paths_for(Path::new("out")).edges,
            PathBuf::from("out.edges.csv")
        );
        assert_eq!(
            paths_for(Path::new("d/")).edges,
            PathBuf::from("d/edges.csv")
        );
        assert_eq!(
            partners(Path::new("a/Out.edges.csv")).map(|f| f.nodes),
            Some(PathBuf::from("a/Out.nodes.csv"))
        );
        assert_eq!(
            partners(Path::new("a/nodes.csv")).map(|f| f.edges),
            Some(PathBuf::from("a/edges.csv"))
        );
        assert_eq!(partners(Path::new("a/karate.csv")), None);
    }

    #[test]
    fn round_trips_nodes_edges_and_sources() {
        let mut d = Document::default();
        d.sources.push(Source {
            node: None,
            id: "s".into(),
            title: "T, \"quoted\"".into(),
            outlet: Some("O".into()),
            authors: vec!["A; B".into()],
            date: Some(Dated {
                date: "2015".parse().expect("date"),
                basis: Basis::Inferred("w".into()),
            }),
            file: "f.txt".into(),
            note: None,
        });
        let mut a = Node::new("a", "A, \"q\"\nline", Kind::Person);
        a.attrs.insert("ID".into(), "x".into());
        a.attrs.insert("club".into(), "Mr. Hi".into());
        d.nodes.push(a);
        d.nodes.push(Node::new("b", "B", Kind::Concept));
        let mut e = Edge::new("a", "b", Relation::Leads);
        e.evidence.push(Evidence::new("s", "q"));
        e.attrs.insert("label".into(), "mine".into());
        d.edges.push(e);
        let kg = KnowledgeGraph::from_document(d.clone());
        let (n, e, s) = (
            nodes_csv(&kg).expect("n"),
            edges_csv(&kg).expect("e"),
            sources_csv(&kg).expect("s"),
        );
        assert!(e.starts_with("Source,Target,Type,Id,Label,relation"), "{e}");
        let back = parse_tables(
            Some((&n, "n.csv")),
            Some((&e, "e.csv")),
            Some((&s, "s.csv")),
        )
        .expect("parse");
        assert_eq!(back, d);
    }

    #[test]
    fn reads_gephi_edge_list_alone_and_places_errors() {
        let t = "Source;Target;Type;Weight\n0;1;Undirected;4\n1;2;Undirected;1\n";
        let d = parse_tables(Some((t, "k.csv")), None, None).expect("parse");
        assert_eq!((d.nodes.len(), d.edges.len()), (3, 2));
        assert_eq!(
            d.edges[0].attrs.get("Weight").map(String::as_str),
            Some("4")
        );
        let bad = "Id,Label\na,A\nb,B,extra\n";
        let err = parse_tables(Some((bad, "n.csv")), None, None).expect_err("ragged");
        let IoError::Parse { line, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(*line, 3, "{err}");
    }

    #[test]
    fn partners_keep_the_case_of_the_name_given() {
        let p = partners(Path::new("a/G.NODES.CSV")).expect("named as ours");
        assert_eq!(p.nodes, PathBuf::from("a/G.NODES.CSV"));
        assert_eq!(p.edges, PathBuf::from("a/G.EDGES.CSV"));
        assert_eq!(p.sources, PathBuf::from("a/G.SOURCES.CSV"));
        let p = partners(Path::new("a/Nodes.Csv")).expect("named as ours");
        assert_eq!(p.edges, PathBuf::from("a/Edges.Csv"));
        let p = partners(Path::new("a/g.Edges.csv")).expect("named as ours");
        assert_eq!(p.nodes, PathBuf::from("a/g.Nodes.csv"));
    }

    #[test]
    fn an_upper_case_file_is_read_with_its_partners() {
        let dir = tempfile::tempdir().expect("tempdir");
        let nodes = dir.path().join("G.NODES.CSV");
        std::fs::write(&nodes, "Id,Label\na,A\nb,B\n").expect("write");
        let edges = "Source,Target,relation\na,b,advocates\n";
        std::fs::write(dir.path().join("G.EDGES.CSV"), edges).expect("write");
        let doc = parse_path(&nodes).expect("reads");
        assert_eq!((doc.nodes.len(), doc.edges.len()), (2, 1));
    }

    #[test]
    fn wide_records_are_found_as_the_csv_parser_splits_them() {
        let texts = [
            "a,b\n\"x,y\",z\n",
            "a,b\r\n\"x\"\"y,\",z\n\n",
            "a,b\nx\"y,z,w\n",
            "\"a\nb,c\",d\ne,f\n",
            "a,\"b\"c,d\n",
        ];
        for text in texts {
            let widest = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.map_or(0, |r| r.len()))
                .max()
                .unwrap_or(0);
            assert_eq!(too_wide_record(text, b',', widest), None, "{text:?}");
            assert!(
                too_wide_record(text, b',', widest - 1).is_some(),
                "{text:?}"
            );
        }
    }
}
