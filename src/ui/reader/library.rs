//! The reader's [`Library`]: every source text of the graph, read and indexed off the UI
//! thread: where each quote sits (its [`Span`]), what it backs, and the text cut into
//! [`Block`]s with their highlight segments in characters, ready to lay out.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::io::quotes::normalize;
use crate::io::sources::{FoldedText, SourceDirs, SourceTextError, read_source_text};
use crate::model::{Evidence, KnowledgeGraph, Tone};

/// A block of text is cut after the first line break past this many bytes: each block
/// is laid out (and selectable) on its own, and only blocks in view are laid out, so a
/// long text never lays out or paints whole in one frame. Every source of the bundled
/// graph (up to 18 KB) is one block, so a selection may span all of it.
pub const BLOCK_BYTES: usize = 32 * 1024;

/// A fact a quote backs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Backing {
    /// The edge at this index.
    Edge(EdgeIndex),
    /// The node's own evidence.
    Node(NodeIndex),
    /// The node's role at this position.
    Role(NodeIndex, usize),
    /// The node's faction claim at this position.
    Faction(NodeIndex, usize),
}

impl Backing {
    /// The node or edge to select for it on the canvas.
    pub fn selects(self) -> crate::ui::Selection {
        match self {
            Backing::Edge(e) => crate::ui::Selection::Edge(e),
            Backing::Node(n) | Backing::Role(n, _) | Backing::Faction(n, _) => {
                crate::ui::Selection::Node(n)
            }
        }
    }

    /// In plain words: "Liz Kendall advocates localism", "Alan Milburn: Health
    /// Secretary (role)"; `None` when the graph no longer has it.
    pub fn describe(self, kg: &KnowledgeGraph) -> Option<String> {
        let label = |n: NodeIndex| kg.node_at(n).map(|n| n.label.as_str());
        match self {
            Backing::Edge(e) => {
                let w = kg.graph().edge_weight(e)?;
                let (a, b) = kg.endpoints(e)?;
                Some(format!("{} {} {}", label(a)?, w.relation.verb(), label(b)?))
            }
            Backing::Node(n) => Some(format!("{} (what it is)", label(n)?)),
            Backing::Role(n, i) => {
                let role = kg.node_at(n)?.roles.get(i)?;
                Some(format!("{}: {} (role)", label(n)?, role.title))
            }
            Backing::Faction(n, i) => {
                let claim = kg.node_at(n)?.factions.get(i)?;
                Some(format!("{}: {} (faction)", label(n)?, claim.faction))
            }
        }
    }
}

/// Every quote of the graph with what it backs and its source's file.
#[derive(Clone, Debug)]
pub struct Quoted {
    /// What it backs.
    pub backing: Backing,
    /// The relation's tone, for an edge.
    pub tone: Option<Tone>,
    /// The quote and its source.
    pub evidence: Evidence,
}

/// Every quote of the graph, in document order: nodes (own evidence, roles, faction
/// claims), then edges.
///
/// # Complexity
/// O(q) for q quotes (each copied once).
pub fn all_quotes(kg: &KnowledgeGraph) -> Vec<Quoted> {
    let mut out = Vec::new();
    let mut push = |backing, tone, evidence: &Evidence| {
        out.push(Quoted {
            backing,
            tone,
            evidence: evidence.clone(),
        });
    };
    for ix in kg.node_indices() {
        let Some(n) = kg.node_at(ix) else { continue };
        for ev in &n.evidence {
            push(Backing::Node(ix), None, ev);
        }
        for (i, r) in n.roles.iter().enumerate() {
            push(Backing::Role(ix, i), None, &r.evidence);
        }
        for (i, f) in n.factions.iter().enumerate() {
            push(Backing::Faction(ix, i), None, &f.evidence);
        }
    }
    for e in kg.edge_indices() {
        let Some(w) = kg.graph().edge_weight(e) else {
            continue;
        };
        for ev in &w.evidence {
            push(Backing::Edge(e), Some(w.relation.tone()), ev);
        }
    }
    out
}

/// A passage the graph quotes, in one text.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Its bytes in the text as written.
    pub bytes: Range<usize>,
    /// Every fact its quotes back (several quotes may fold to one passage), each once.
    pub backs: Vec<Backing>,
    /// The tone of the first edge among them; `None` when it backs only nodes' facts.
    pub tone: Option<Tone>,
}

/// A stretch of a block coloured for one span (the shortest covering it), in
/// characters from the block's start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Its characters in the block.
    pub chars: Range<usize>,
    /// Its bytes in the block (not in the whole text).
    pub bytes: Range<usize>,
    /// The span it shows, by index in [`FileIndex::spans`].
    pub span: usize,
}

/// A piece of the text laid out on its own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    /// Its bytes in the text.
    pub bytes: Range<usize>,
    /// How many characters it has.
    pub num_chars: usize,
    /// How many line breaks it has (to estimate its height before it is laid out).
    pub num_lines: usize,
    /// Highlighted stretches, in order, not overlapping.
    pub segments: Vec<Segment>,
    /// Each span with characters in the block: its index and its characters here, the
    /// longest first (so the shortest, most specific, is on top where they overlap).
    pub spans: Vec<(usize, Range<usize>)>,
}

/// One source file's text, indexed.
#[derive(Debug)]
pub struct FileIndex {
    /// Where it was read from.
    pub path: PathBuf,
    /// The text as written.
    pub text: String,
    /// The text folded as quotes are compared, to find passages.
    pub folded: FoldedText,
    /// The passages the graph quotes, by start (the longer first at one start).
    pub spans: Vec<Span>,
    /// The text cut into blocks.
    pub blocks: Vec<Block>,
    /// The quotes of sources with this file that are not in it.
    pub not_found: Vec<Quoted>,
    /// Where each quote of the graph sits: `(source id, quote as written)` to its span,
    /// or `None` when it is not in the text (so it is not searched for every frame).
    located: HashMap<(String, String), Option<usize>>,
}

impl FileIndex {
    /// The bytes of the passage `ev` quotes, if its quote is in the text: looked up if
    /// the graph quoted it when the index was built, else searched for (O(text)).
    pub fn locate(&self, ev: &Evidence) -> Option<Range<usize>> {
        let key = (ev.source.clone(), ev.quote.clone());
        match self.located.get(&key) {
            Some(found) => found
                .and_then(|i| self.spans.get(i))
                .map(|s| s.bytes.clone()),
            None => self.folded.locate(&self.text, &ev.quote),
        }
    }

    /// The block holding byte `at`, and `at` in characters from that block's start.
    pub fn block_char(&self, at: usize) -> Option<(usize, usize)> {
        let b = self.blocks.partition_point(|b| b.bytes.end <= at);
        let block = self.blocks.get(b)?;
        let text = self.text.get(block.bytes.start..at)?;
        Some((b, text.chars().count()))
    }
}

/// Every source text of one revision of a graph, indexed.
#[derive(Debug, Default)]
pub struct Library {
    /// The graph revision it was built for.
    pub revision: u64,
    /// The folders it looked in.
    pub dirs: SourceDirs,
    /// Each file named by a source: its index, or why it could not be read.
    pub files: BTreeMap<String, Result<Arc<FileIndex>, SourceTextError>>,
    /// Each source id's file (the first source with the id).
    pub file_of: HashMap<String, String>,
}

impl Library {
    /// The index of the file of source `id`, or why there is none; `None` for a source
    /// the library does not know.
    pub fn source(&self, id: &str) -> Option<&Result<Arc<FileIndex>, SourceTextError>> {
        self.files.get(self.file_of.get(id)?)
    }

    /// The text and bytes of the passage `ev` quotes, if its text is read and holds it.
    pub fn locate(&self, ev: &Evidence) -> Option<(&FileIndex, Range<usize>)> {
        let file = self.source(&ev.source)?.as_ref().ok()?;
        let range = file.locate(ev)?;
        Some((file, range))
    }

    /// Builds the library of `kg`'s sources found in `dirs`. Texts read by `previous`
    /// from the same folders are reused, not read again; a file missing then is looked
    /// for again. Returns `None` when `cancel` is set part way.
    ///
    /// # Complexity
    /// O(t + q·t) for texts of t bytes in all and q quotes: each distinct quote is one
    /// substring search in its text.
    pub fn build(
        kg: &KnowledgeGraph,
        dirs: &SourceDirs,
        previous: Option<&Library>,
        cancel: &AtomicBool,
    ) -> Option<Library> {
        let mut file_of: HashMap<String, String> = HashMap::new();
        for s in &kg.sources {
            file_of
                .entry(s.id.clone())
                .or_insert_with(|| s.file.clone());
        }
        let mut by_file: BTreeMap<String, Vec<Quoted>> = BTreeMap::new();
        for file in file_of.values() {
            by_file.entry(file.clone()).or_default();
        }
        for q in all_quotes(kg) {
            if let Some(file) = file_of.get(&q.evidence.source) {
                by_file.entry(file.clone()).or_default().push(q);
            }
        }
        let reusable = previous.filter(|p| p.dirs == *dirs);
        let mut files = BTreeMap::new();
        for (file, quotes) in by_file {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let old = reusable.and_then(|p| p.files.get(&file)?.as_ref().ok());
            let read = match old {
                Some(old) => Ok((old.path.clone(), old.text.clone())),
                None => read_source_text(dirs, &file),
            };
            let index = read.map(|(path, text)| Arc::new(index_text(path, text, quotes)));
            files.insert(file, index);
        }
        Some(Library {
            revision: kg.revision(),
            dirs: dirs.clone(),
            files,
            file_of,
        })
    }
}

/// Indexes one text for its quotes.
fn index_text(path: PathBuf, text: String, quotes: Vec<Quoted>) -> FileIndex {
    let folded = FoldedText::new(&text);
    let places = place_quotes(&folded, &text, &quotes);
    let (spans, span_of) = spans_of(&quotes, &places);
    let mut located = HashMap::new();
    let mut not_found = Vec::new();
    for (q, at) in quotes.into_iter().zip(places) {
        let key = (q.evidence.source.clone(), q.evidence.quote.clone());
        let span = at.and_then(|r| span_of.get(&(r.start, r.end)).copied());
        located.insert(key, span);
        if span.is_none() {
            not_found.push(q);
        }
    }
    let blocks = blocks_of(&text, &spans);
    FileIndex {
        path,
        text,
        folded,
        spans,
        blocks,
        not_found,
        located,
    }
}

/// Where each quote sits in `text`, in the order given; each distinct quote (once
/// folded) is searched for once.
fn place_quotes(folded: &FoldedText, text: &str, quotes: &[Quoted]) -> Vec<Option<Range<usize>>> {
    let mut found: HashMap<String, Option<Range<usize>>> = HashMap::new();
    quotes
        .iter()
        .map(|q| {
            found
                .entry(normalize(&q.evidence.quote))
                .or_insert_with_key(|k| folded.locate_folded(text, k))
                .clone()
        })
        .collect()
}

/// One span per distinct passage, by start (the longer first at one start), with
/// every fact its quotes back; and each passage's span by its `(start, end)`.
fn spans_of(
    quotes: &[Quoted],
    places: &[Option<Range<usize>>],
) -> (Vec<Span>, HashMap<(usize, usize), usize>) {
    let mut by_range: BTreeMap<(usize, std::cmp::Reverse<usize>), Vec<&Quoted>> = BTreeMap::new();
    for (q, at) in quotes.iter().zip(places) {
        if let Some(r) = at {
            let key = (r.start, std::cmp::Reverse(r.end));
            by_range.entry(key).or_default().push(q);
        }
    }
    let mut spans = Vec::with_capacity(by_range.len());
    let mut span_of = HashMap::new();
    for ((start, std::cmp::Reverse(end)), members) in by_range {
        let mut backs: Vec<Backing> = Vec::new();
        for q in &members {
            if !backs.contains(&q.backing) {
                backs.push(q.backing);
            }
        }
        let tone = members.iter().find_map(|q| q.tone);
        span_of.insert((start, end), spans.len());
        spans.push(Span {
            bytes: start..end,
            backs,
            tone,
        });
    }
    (spans, span_of)
}

/// The text cut into blocks of about [`BLOCK_BYTES`] at line breaks, each with its
/// highlight segments and spans in characters.
///
/// # Complexity
/// O(n + s log s) for n bytes and s spans.
fn blocks_of(text: &str, spans: &[Span]) -> Vec<Block> {
    let mut cuts = vec![0];
    let mut from = 0;
    while text.len() - from > BLOCK_BYTES {
        let past = from + BLOCK_BYTES;
        // Bytes, not `str`: `past` may fall inside a character; a line break never does.
        let rest = text.as_bytes().get(past..).unwrap_or_default();
        let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
            break;
        };
        from = past + nl + 1;
        if from < text.len() {
            cuts.push(from);
        }
    }
    cuts.push(text.len());
    let segments = segments_of(spans);
    let mut blocks = Vec::with_capacity(cuts.len());
    for pair in cuts.windows(2) {
        let &[start, end] = pair else { continue };
        let body = text.get(start..end).unwrap_or_default();
        let chars = CharMap::new(body, start);
        let mut block = Block {
            bytes: start..end,
            num_chars: body.chars().count(),
            num_lines: body.matches('\n').count() + 1,
            ..Block::default()
        };
        for (range, span) in &segments {
            if let Some(chars) = chars.clip(range) {
                // Span ends and block cuts are both on character boundaries.
                let bytes = range.start.max(start) - start..range.end.min(end) - start;
                block.segments.push(Segment {
                    chars,
                    bytes,
                    span: *span,
                });
            }
        }
        for (i, span) in spans.iter().enumerate() {
            if let Some(chars) = chars.clip(&span.bytes) {
                block.spans.push((i, chars));
            }
        }
        block.spans.sort_by_key(|(_, c)| std::cmp::Reverse(c.len()));
        blocks.push(block);
    }
    blocks
}

/// Byte offsets of one block turned into character offsets from its start.
struct CharMap {
    /// The byte offset (in the whole text) of each character, and the block's end.
    starts: Vec<usize>,
}

impl CharMap {
    fn new(body: &str, offset: usize) -> Self {
        let mut starts: Vec<usize> = body.char_indices().map(|(i, _)| offset + i).collect();
        starts.push(offset + body.len());
        Self { starts }
    }

    /// The characters of `bytes` inside the block, if any.
    fn clip(&self, bytes: &Range<usize>) -> Option<Range<usize>> {
        let (&first, &end) = (self.starts.first()?, self.starts.last()?);
        let (a, b) = (bytes.start.max(first), bytes.end.min(end));
        if a >= b {
            return None;
        }
        let a = self.starts.partition_point(|&s| s < a);
        let b = self.starts.partition_point(|&s| s < b);
        (a < b).then_some(a..b)
    }
}

/// The highlighted stretches of a text: where spans overlap, the shortest covering a
/// stretch colours it. Byte ranges, in order, not overlapping.
///
/// # Complexity
/// O(b·a) for b span boundaries and at most a spans open at once.
fn segments_of(spans: &[Span]) -> Vec<(Range<usize>, usize)> {
    let mut bounds: Vec<usize> = spans
        .iter()
        .flat_map(|s| [s.bytes.start, s.bytes.end])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut out: Vec<(Range<usize>, usize)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut next = 0;
    for pair in bounds.windows(2) {
        let &[a, b] = pair else { continue };
        // Spans are sorted by start: open those starting here, close those ended.
        while spans.get(next).is_some_and(|s| s.bytes.start <= a) {
            open.push(next);
            next += 1;
        }
        open.retain(|&i| spans.get(i).is_some_and(|s| s.bytes.end > a));
        let shortest = open
            .iter()
            .copied()
            .min_by_key(|&i| spans.get(i).map_or(usize::MAX, |s| s.bytes.len()));
        let Some(span) = shortest else { continue };
        match out.last_mut() {
            Some((r, s)) if *s == span && r.end == a => r.end = b,
            _ => out.push((a..b, span)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(bytes: Range<usize>) -> Span {
        Span {
            bytes,
            backs: Vec::new(),
            tone: None,
        }
    }

    fn quoted(backing: Backing, tone: Option<Tone>, quote: &str) -> Quoted {
        Quoted {
            backing,
            tone,
            evidence: Evidence::new("s", quote),
        }
    }

    #[test]
    fn quotes_folding_to_one_passage_share_a_span_and_missing_ones_are_listed() {
        let text = "He said \u{201c}it\u{2019}s time\u{201d} \u{2013} twice.".to_owned();
        let (e, n) = (EdgeIndex::new(3), NodeIndex::new(1));
        let quotes = vec![
            quoted(Backing::Node(n), None, "it's time"),
            quoted(Backing::Edge(e), Some(Tone::Support), "it\u{2019}s  time"),
            quoted(Backing::Role(n, 0), None, "never said"),
        ];
        let index = index_text(PathBuf::from("t.txt"), text, quotes);
        assert_eq!(index.spans.len(), 1);
        let span = &index.spans[0];
        assert_eq!(&index.text[span.bytes.clone()], "it\u{2019}s time");
        assert_eq!(span.backs, [Backing::Node(n), Backing::Edge(e)]);
        assert_eq!(span.tone, Some(Tone::Support), "an edge's tone colours it");
        assert_eq!(index.not_found.len(), 1);
        let ev = |quote: &str| Evidence::new("s", quote);
        assert_eq!(index.locate(&ev("never said")), None);
        assert_eq!(index.locate(&ev("it's time")), Some(span.bytes.clone()));
        // A quote the index was not built with is searched for.
        assert!(index.locate(&ev("twice")).is_some());
        assert_eq!(index.blocks.len(), 1);
        assert_eq!(index.block_char(span.bytes.start), Some((0, 9)));
    }

    #[test]
    fn the_shortest_span_colours_where_spans_overlap() {
        // 0..20 holds 5..10; 15..25 overlaps the end of the first.
        let spans = [span(0..20), span(5..10), span(15..25)];
        let segs = segments_of(&spans);
        assert_eq!(
            segs,
            [(0..5, 0), (5..10, 1), (10..15, 0), (15..25, 2)],
            "the shorter of 0..20 and 15..25 wins where both are open"
        );
        assert!(segments_of(&[]).is_empty());
    }

    #[test]
    fn long_texts_are_cut_at_line_breaks_and_spans_map_to_characters() {
        let line = "é".repeat(100) + "\n"; // 201 bytes, 101 characters.
        let text = line.repeat(400); // About 80 KB: three blocks.
        let plain = blocks_of(&text, &[]);
        assert_eq!(plain.len(), 3);
        let mut end = 0;
        for b in &plain {
            assert_eq!(b.bytes.start, end, "blocks tile the text");
            end = b.bytes.end;
            assert!(b.bytes.start == 0 || text.as_bytes()[b.bytes.start - 1] == b'\n');
        }
        assert_eq!(end, text.len());
        // A span across the first cut: "éé\n" before it, "éé" after.
        let cut = plain[1].bytes.start;
        let blocks = blocks_of(&text, &[span(cut - 5..cut + 4)]);
        let first = &blocks[0];
        assert_eq!(first.spans, [(0, first.num_chars - 3..first.num_chars)]);
        assert_eq!(blocks[1].spans, [(0, 0..2)]);
        assert_eq!(
            blocks[1].segments,
            [Segment {
                chars: 0..2,
                bytes: 0..4,
                span: 0
            }]
        );
        assert!(blocks[2].spans.is_empty());
    }
}
