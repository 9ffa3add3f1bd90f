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

/// Most pixels in a PNG: 64 Mi pixels take 256 MiB to rasterise. A picture can be
/// under [`MAX_PNG_SIDE`] on both sides and still need a gigabyte without this.
pub const MAX_PNG_PIXELS: u64 = 64 * 1024 * 1024;

/// Longest citation drawn in a picture's caption, in characters; longer ones end in
/// an ellipsis there, and the companion `.sources.txt` keeps them whole. Real
/// citations are under 300 characters.
pub const MAX_CAPTION_CITATION_CHARS: usize = 600;

/// Most PNG pixels per SVG unit (`export --scale`): 16 already turns a modest graph
/// into an image at [`MAX_PNG_SIDE`].
pub const MAX_PNG_SCALE: f32 = 16.0;

/// Fewest PNG pixels per SVG unit (`export --scale`): below this, text is unreadable
/// and the picture is a smudge.
pub const MIN_PNG_SCALE: f32 = 0.1;

/// Longest label drawn, in characters (SVG, PNG and DOT labels; the full label stays
/// in the tooltip and in every data format). Real labels are under 60 characters; a
/// longer one is shortened with an ellipsis, so one absurd label cannot make a picture
/// kilometres wide or keep the text shaper busy for minutes.
pub const MAX_DRAWN_LABEL_CHARS: usize = 80;

/// Most steps `layout --steps` (and `--warmup`) may ask for: a million steps of a
/// small graph take minutes; the layout settles in a few hundred.
pub const MAX_LAYOUT_STEPS: usize = 1_000_000;

/// Most nodes `generate --nodes` makes: a million, the size of the largest graph the
/// benchmarks use (a few hundred MB in memory).
pub const MAX_GENERATE_NODES: usize = 1_000_000;

/// Most edges `generate --edges` makes: five per node of the largest graph, which
/// keeps the generated document and graph within a couple of GB.
pub const MAX_GENERATE_EDGES: usize = 5_000_000;

/// Most paths `path --k` lists: the search for each further path repeats a shortest
/// path search per step of the last one, so k in the thousands takes seconds; nobody
/// reads a hundred narrated paths.
pub const MAX_PATHS: usize = 100;

/// Most nodes `stats --top` lists: every node of the largest graph `generate` makes
/// ([`MAX_GENERATE_NODES`]).
pub const MAX_TOP: usize = 1_000_000;

/// Most steps from the focus node (`--depth`): deeper than any path in a graph one
/// would focus in; the neighbourhood search stops early anyway when nothing is left.
pub const MAX_FOCUS_DEPTH: usize = 10_000;
