//! Every resource limit in one place: how much ideagraph will read, how deep and how
//! long what it reads may be, and the ranges of the numbers a command line may ask for.
//!
//! Each limit is far above anything a real graph needs (the bundled knowledge base is
//! 325 KB; the largest graph the benchmarks use, a million nodes, is a few hundred MB)
//! and far below what would exhaust this kind of machine (2 cores, a few GB of memory).
//! A limit that is hit is an error that names the limit and the file or flag, never a
//! silent truncation of data; only drawing (labels in images) shortens text, and says so
//! with an ellipsis.
//!
//! The README's "Limits" table lists these values; keep the two in step.

// ---- Reading files ---------------------------------------------------------------

/// Nesting deeper than this is refused in XML (GraphML, GEXF): no graph file needs it,
/// and it bounds the stacks the importers keep for open elements.
pub const MAX_XML_DEPTH: usize = 256;

/// Largest file read as a graph, a CSV table, a saved query or a quoted source: 1 GiB.
/// A million-node graph with evidence is a few hundred MB of RON, so real files are well
/// under it; a file over it (or `/dev/zero` behind a symlink, or a file still growing)
/// is refused before its contents are held, since parsing it would need several times
/// its size in memory. The limit is per file: a CSV graph is up to three files (nodes,
/// edges, sources), so up to 3 GiB of text in all.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Longest id (of a node or source) in characters. Our ids are kebab-case slugs of a
/// few words; imported ids are numbers, names or URIs, and a long URI is about 2,000
/// characters. A longer "id" is data in the wrong field, and every message naming it
/// would repeat it.
pub const MAX_ID_CHARS: usize = 4_096;

/// Longest label, title, alias, role, faction, outlet, author or attribute in
/// characters: a name or a heading, never a page.
pub const MAX_LABEL_CHARS: usize = 16_384;

/// Longest free text (a quote, description or note) in characters: about 15,000
/// words, far more than any quote a fact rests on.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Most columns in a CSV table. Gephi's tables have tens of columns and ours 20 plus one
/// per imported attribute; each cell of a row becomes a map entry, so a row of a million
/// empty-ish cells would cost far more memory than its bytes on disk.
pub const MAX_CSV_COLUMNS: usize = 10_000;

/// Most cells (rows times columns, the header left out) in one CSV table: a million
/// rows of 50 columns. Our export of a million nodes has 16 columns and of three
/// million edges 11 (33 million cells). Rows are read one at a time and an empty cell
/// is not kept, but each row still costs a node or an edge and each non-empty cell a
/// field or an attribute: without this bound a 1 GiB table of tiny cells would need
/// tens of GB.
pub const MAX_CSV_CELLS: usize = 50_000_000;

// ---- Command-line flags and exports -----------------------------------------------

/// Largest PNG side in pixels: bigger images would take gigabytes to rasterise.
pub const MAX_PNG_SIDE: u32 = 16_384;
