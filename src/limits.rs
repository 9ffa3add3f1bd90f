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

// ---- Command-line flags and exports -----------------------------------------------

/// Largest PNG side in pixels: bigger images would take gigabytes to rasterise.
pub const MAX_PNG_SIDE: u32 = 16_384;
