//! Source texts for reading: where a [`Source`]'s file is found, reading it, where each
//! quote sits in it (as byte ranges of the text as written), and keyword-in-context
//! lines. No egui: the window's reader and the command line share it.
//!
//! # Where a text is looked for
//! A source's `file` is looked up in the folders of a [`SourceDirs`], in order: the
//! folder given on the command line (`--sources DIR`), the folder chosen in the window
//! (File > Sources folder…, remembered), and a `sources/` folder beside the open graph
//! file. The first folder holding the file wins. A `file` that is absolute or climbs out
//! with `..` is refused ([`plain_relative`], which `io::quotes` uses too).
//!
//! # Where a quote sits
//! A quote is found as `check --sources` finds it: in the text folded by
//! [`normalize`](super::quotes::normalize) (curly and straight quotes, dashes and
//! whitespace runs compare equal), case and everything else as written. The folded text
//! keeps, for each of its bytes, the byte of the original it came from, so a match maps
//! back to the exact passage as written. Only the **first** occurrence is taken: a quote
//! is evidence from one passage, `check` accepts it wherever it first appears, and
//! marking every repeat of a short quote (a name, "public services") would highlight
//! words the quote was never taken from.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::quotes::normalize_mapped;
pub use crate::model::plain_relative;

/// The largest source text the reader takes, in bytes (32 MiB): a text is held with a
/// map of its offsets, eight bytes per byte, and a longer one is no article.
pub const MAX_SOURCE_TEXT_BYTES: u64 = 32 << 20;

/// The folders a source's file is looked for in, in order (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SourceDirs {
    /// `--sources DIR` from the command line.
    pub flag: Option<PathBuf>,
    /// The folder chosen in the window (File > Sources folder…).
    pub preference: Option<PathBuf>,
    /// The `sources/` folder beside the open graph file.
    pub beside_graph: Option<PathBuf>,
}

impl SourceDirs {
    /// The folders for a graph opened from `graph_file` (`None` for the bundled graph,
    /// which has no folder beside it).
    pub fn new(
        flag: Option<PathBuf>,
        preference: Option<PathBuf>,
        graph_file: Option<&Path>,
    ) -> Self {
        Self {
            flag,
            preference,
            beside_graph: graph_file.map(sources_beside),
        }
    }

    /// Every folder to look in, in order, each once.
    pub fn folders(&self) -> Vec<&Path> {
        let mut out: Vec<&Path> = Vec::new();
        for dir in [&self.flag, &self.preference, &self.beside_graph]
            .into_iter()
            .flatten()
        {
            if !out.contains(&dir.as_path()) {
                out.push(dir);
            }
        }
        out
    }
}

/// The `sources/` folder beside a graph file: where File > Add source… copies texts.
pub fn sources_beside(graph_file: &Path) -> PathBuf {
    let parent = graph_file.parent().unwrap_or(Path::new(""));
    parent.join("sources")
}

/// Why a source's text could not be had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SourceTextError {
    /// The record names no file.
    #[error("this source names no file for its text")]
    NoFile,
    /// The file is not a plain relative path ([`plain_relative`]).
    #[error(
        "the file {file:?} is not a plain relative path (no absolute path, `..` or `.`), so it is not looked for"
    )]
    NotRelative {
        /// The file as the source names it.
        file: String,
    },
    /// No folder to look in was given.
    #[error(
        "the file {file:?} was not looked for: there is no sources folder (give --sources DIR, choose File > Sources folder…, or keep the texts in a sources folder beside the graph file)"
    )]
    NoFolders {
        /// The file as the source names it.
        file: String,
    },
    /// The file is in none of the folders.
    #[error("the file {file:?} is missing: looked in {}", listed(.looked_in))]
    Missing {
        /// The file as the source names it.
        file: String,
        /// Every folder looked in, in order.
        looked_in: Vec<PathBuf>,
    },
    /// The file was found but cannot be read as text.
    #[error("{why} ({})", .path.display())]
    Unreadable {
        /// The file found.
        path: PathBuf,
        /// Why: an OS error, not UTF-8, too large.
        why: String,
    },
}

/// Folders as a sentence's list.
fn listed(dirs: &[PathBuf]) -> String {
    let each: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    each.join(", ")
}

/// Where `file` is: the first folder of `dirs` holding it (following symlinks).
///
/// # Errors
/// [`SourceTextError`]: no file named, not a plain relative path, no folders, or in
/// none of them (naming every folder looked in).
pub fn find_source_file(dirs: &SourceDirs, file: &str) -> Result<PathBuf, SourceTextError> {
    if file.is_empty() {
        return Err(SourceTextError::NoFile);
    }
    let Some(rel) = plain_relative(file) else {
        return Err(SourceTextError::NotRelative { file: file.into() });
    };
    let folders = dirs.folders();
    if folders.is_empty() {
        return Err(SourceTextError::NoFolders { file: file.into() });
    }
    for dir in &folders {
        let path = dir.join(rel);
        if path.exists() {
            return Ok(path);
        }
    }
    Err(SourceTextError::Missing {
        file: file.into(),
        looked_in: folders.into_iter().map(Path::to_path_buf).collect(),
    })
}

/// Finds and reads a source's text: a regular UTF-8 file of at most
/// [`MAX_SOURCE_TEXT_BYTES`]. Returns where it was found and the text.
///
/// # Errors
/// As [`find_source_file`], and [`SourceTextError::Unreadable`] for a file found but
/// not readable as text.
pub fn read_source_text(
    dirs: &SourceDirs,
    file: &str,
) -> Result<(PathBuf, String), SourceTextError> {
    let path = find_source_file(dirs, file)?;
    let text = read_text_file(&path).map_err(|why| SourceTextError::Unreadable {
        path: path.clone(),
        why,
    })?;
    Ok((path, text))
}

/// Reads a plain-text file the reader can show, or says why not (without the path).
///
/// # Errors
/// The OS error, a file over [`MAX_SOURCE_TEXT_BYTES`], or bytes that are not UTF-8.
pub fn read_text_file(path: &Path) -> Result<String, String> {
    let too_big = |len: u64| {
        format!("the file is {len} bytes, over the reader's limit of {MAX_SOURCE_TEXT_BYTES}")
    };
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if meta.len() > MAX_SOURCE_TEXT_BYTES {
        return Err(too_big(meta.len()));
    }
    let bytes = super::read_bytes(path).map_err(|e| match e {
        super::IoError::Read { source, .. } => format!("cannot read the file: {source}"),
        other => other.to_string(),
    })?;
    if bytes.len() as u64 > MAX_SOURCE_TEXT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 plain text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Copies a plain-text (UTF-8) file into the `sources/` folder beside `graph_file`
/// (made if need be), atomically, so the graph and its texts travel together. Returns
/// the name the copy has there: the file's own name, which a source's `file` gives.
/// A file of that name already there with the same bytes is kept (nothing is written);
/// one with other bytes is never overwritten.
///
/// # Errors
/// A message for the user: the file unreadable, not UTF-8 or too large; a different
/// file of the same name already there; the folder or the copy not writable.
pub fn import_text(graph_file: &Path, text_file: &Path) -> Result<String, String> {
    let Some(name) = text_file.file_name().and_then(|n| n.to_str()) else {
        return Err(format!(
            "{} has no file name in UTF-8 to give the copy",
            text_file.display()
        ));
    };
    let text =
        read_text_file(text_file).map_err(|why| format!("{why} ({})", text_file.display()))?;
    let dir = sources_beside(graph_file);
    let dest = dir.join(name);
    match std::fs::read(&dest) {
        Ok(there) if there == text.as_bytes() => return Ok(name.to_owned()),
        Ok(_) => {
            return Err(format!(
                "a different file named {name} is already in {}: rename the file to add, or move the other away",
                dir.display()
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot read {}: {e}", dest.display())),
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot make the folder {}: {e}", dir.display()))?;
    super::write_atomic(&dest, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(name.to_owned())
}

/// A text folded as `check` compares quotes, with the way back to the text as written.
#[derive(Clone, Debug, Default)]
pub struct FoldedText {
    folded: String,
    /// For each byte of `folded`, the byte of the original its character came from.
    origins: Vec<usize>,
}

impl FoldedText {
    /// Folds `original` ([`normalize`](super::quotes::normalize)), keeping the map back.
    ///
    /// # Complexity
    /// O(n) time; memory: the folded text and one offset per byte of it.
    pub fn new(original: &str) -> Self {
        let (folded, origins) = normalize_mapped(original);
        Self { folded, origins }
    }

    /// The folded text itself, as `check` compares quotes in it: what
    /// [`nearest_passage`](super::quotes::nearest_passage) searches when a quote is not
    /// there.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// The byte range in `original` (the text this was folded from) of the first passage
    /// that folds to the same as `quote`, from the first byte of its first character to
    /// the last byte of its last; `None` when the quote is not there or folds to nothing.
    ///
    /// # Complexity
    /// O(n) for a text of n bytes (a substring search in the folded text).
    pub fn locate(&self, original: &str, quote: &str) -> Option<Range<usize>> {
        let quote = super::quotes::normalize(quote);
        self.locate_folded(original, &quote)
    }

    /// [`FoldedText::locate`] for a quote already folded.
    pub fn locate_folded(&self, original: &str, folded_quote: &str) -> Option<Range<usize>> {
        if folded_quote.is_empty() {
            return None;
        }
        let at = self.folded.find(folded_quote)?;
        let last = at + folded_quote.len() - 1;
        let start = *self.origins.get(at)?;
        let last_start = *self.origins.get(last)?;
        let last_len = original.get(last_start..)?.chars().next()?.len_utf8();
        Some(start..last_start + last_len)
    }
}

/// Where `quote` first sits in `text` (see [`FoldedText::locate`]); for many quotes in
/// one text, fold it once with [`FoldedText::new`].
pub fn locate(text: &str, quote: &str) -> Option<Range<usize>> {
    FoldedText::new(text).locate(text, quote)
}

/// A keyword-in-context line: a passage with a few words either side, whitespace runs
/// shown as one space, and `…` where the text goes on. The three parts read as the text
/// does when joined ([`Kwic`]'s `Display`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kwic {
    /// The words before, with a leading `…` if the text goes on before them.
    pub before: String,
    /// The passage itself.
    pub passage: String,
    /// The words after, with a trailing `…` if the text goes on after them.
    pub after: String,
}

impl std::fmt::Display for Kwic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.before, self.passage, self.after)
    }
}

/// The passage at `range` of `text` with up to `words` words either side; `None` when
/// `range` is not a range of `text` on character boundaries. The words before end with
/// a space, and those after start with one, where the text has whitespace there (not
/// where the passage starts or ends inside a word or before punctuation).
///
/// # Complexity
/// O(n) in the worst case (a text with no spaces); a few words of context are found by
/// walking back and forth from the passage.
pub fn keyword_in_context(text: &str, range: Range<usize>, words: usize) -> Option<Kwic> {
    let passage = text.get(range.clone())?;
    let (head, tail) = (text.get(..range.start)?, text.get(range.end..)?);
    let before: Vec<&str> = head.split_whitespace().rev().take(words + 1).collect();
    let after: Vec<&str> = tail.split_whitespace().take(words + 1).collect();
    let cut_before = before.len() > words;
    let cut_after = after.len() > words;
    let mut before: Vec<&str> = before.into_iter().take(words).collect();
    before.reverse();
    let mut before = before.join(" ");
    if cut_before {
        before.insert(0, '…');
    }
    if !before.is_empty() && head.ends_with(char::is_whitespace) {
        before.push(' ');
    }
    let mut after = after.into_iter().take(words).collect::<Vec<_>>().join(" ");
    if cut_after {
        after.push('…');
    }
    if !after.is_empty() && tail.starts_with(char::is_whitespace) {
        after.insert(0, ' ');
    }
    Some(Kwic {
        before,
        passage: passage.split_whitespace().collect::<Vec<_>>().join(" "),
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_passage_across_curly_quotes_dashes_and_line_breaks() {
        let text =
            "Intro.\n\u{201c}We\u{2019}re the party \u{2013} of\n   reform\u{201d}, she said.";
        let quote = "\"We're the party - of reform\"";
        let range = locate(text, quote).expect("found");
        assert_eq!(
            &text[range],
            "\u{201c}We\u{2019}re the party \u{2013} of\n   reform\u{201d}"
        );
    }

    #[test]
    fn maps_multibyte_characters_and_ellipses_back_whole() {
        let text = "Caf\u{e9} society\u{2026} and m\u{f6}re";
        let range = locate(text, "society...").expect("found");
        assert_eq!(&text[range], "society\u{2026}");
        let range = locate(text, "and m\u{f6}re").expect("found");
        assert_eq!(&text[range], "and m\u{f6}re");
        // A quote ending inside an ellipsis takes the whole character.
        let range = locate(text, "society.").expect("found");
        assert_eq!(&text[range], "society\u{2026}");
    }

    #[test]
    fn takes_the_first_occurrence_and_refuses_what_is_not_there() {
        let text = "localism, and again localism";
        assert_eq!(locate(text, "localism"), Some(0..8));
        assert_eq!(locate(text, "centralism"), None);
        assert_eq!(locate(text, "  \n "), None, "a quote of nothing");
        // Case matters, as it does for `check`.
        assert_eq!(locate(text, "Localism"), None);
    }

    #[test]
    fn a_quote_with_leading_and_trailing_space_is_found_without_it() {
        let text = "one  two\tthree";
        let range = locate(text, " two three\n").expect("found");
        assert_eq!(&text[range], "two\tthree");
    }

    #[test]
    fn kwic_gives_words_either_side_and_marks_cuts() {
        let text = "a b c d the quoted\n passage e f g h";
        let start = text.find("the").expect("there");
        let end = text.find(" e").expect("there");
        let k = keyword_in_context(text, start..end, 2).expect("in range");
        assert_eq!(k.before, "…c d ");
        assert_eq!(k.passage, "the quoted passage");
        assert_eq!(k.after, " e f…");
        assert_eq!(k.to_string(), "…c d the quoted passage e f…");
        // No space is made where the text has none: before a comma, inside a word.
        let text = "he said localism, twice";
        let k = keyword_in_context(text, 8..13, 3).expect("in range");
        assert_eq!(
            (k.passage.as_str(), k.to_string().as_str()),
            ("local", "he said localism, twice")
        );
        let whole = keyword_in_context(text, 0..text.len(), 3).expect("in range");
        assert_eq!((whole.before.as_str(), whole.after.as_str()), ("", ""));
        assert_eq!(keyword_in_context("é", 0..1, 2), None, "inside a character");
    }

    #[test]
    fn plain_relative_refuses_absolute_climbing_and_empty_names() {
        assert!(plain_relative("a.txt").is_some());
        assert!(plain_relative("sub/a.txt").is_some());
        for bad in ["", "/etc/passwd", "../a.txt", "sub/../../a.txt", "./a.txt"] {
            assert_eq!(plain_relative(bad), None, "{bad}");
        }
    }

    #[test]
    fn looks_in_each_folder_in_order_and_names_them_all_when_missing() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let (a, b, graph) = (
            tmp.path().join("a"),
            tmp.path().join("b"),
            tmp.path().join("g").join("graph.ron"),
        );
        for d in [&a, &b, &tmp.path().join("g").join("sources")] {
            std::fs::create_dir_all(d).expect("dir");
        }
        std::fs::write(b.join("t.txt"), "from b").expect("write");
        let beside = tmp.path().join("g").join("sources");
        std::fs::write(beside.join("t.txt"), "beside").expect("write");
        let dirs = SourceDirs::new(Some(a.clone()), Some(b.clone()), Some(&graph));
        assert_eq!(dirs.folders(), [a.as_path(), b.as_path(), beside.as_path()]);
        let (path, text) = read_source_text(&dirs, "t.txt").expect("found in b");
        assert_eq!((path, text.as_str()), (b.join("t.txt"), "from b"));
        let only_beside = SourceDirs::new(None, None, Some(&graph));
        let (_, text) = read_source_text(&only_beside, "t.txt").expect("found beside");
        assert_eq!(text, "beside");
        let err = read_source_text(&dirs, "gone.txt").expect_err("missing");
        assert_eq!(
            err,
            SourceTextError::Missing {
                file: "gone.txt".into(),
                looked_in: vec![a.clone(), b.clone(), beside.clone()],
            }
        );
        let message = err.to_string();
        for shown in [
            "gone.txt",
            &a.display().to_string(),
            &beside.display().to_string(),
        ] {
            assert!(message.contains(shown), "{message} names {shown}");
        }
        let err = read_source_text(&dirs, "../t.txt").expect_err("climbs out");
        assert!(matches!(err, SourceTextError::NotRelative { .. }), "{err}");
        let err = read_source_text(&SourceDirs::default(), "t.txt").expect_err("nowhere");
        assert!(err.to_string().contains("no sources folder"), "{err}");
    }

    #[test]
    fn importing_copies_beside_the_graph_keeps_a_same_copy_and_refuses_a_different_one() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let graph = tmp.path().join("g").join("graph.ron");
        let picked = tmp.path().join("piece.txt");
        std::fs::write(&picked, "The text.\n").expect("write");
        assert_eq!(import_text(&graph, &picked), Ok("piece.txt".to_owned()));
        let copy = tmp.path().join("g").join("sources").join("piece.txt");
        assert_eq!(
            std::fs::read_to_string(&copy).expect("copied"),
            "The text.\n"
        );
        // The same bytes again: kept, fine.
        assert_eq!(import_text(&graph, &picked), Ok("piece.txt".to_owned()));
        // Other bytes under the same name: refused, the copy untouched.
        let other = tmp.path().join("other").join("piece.txt");
        std::fs::create_dir_all(other.parent().expect("dir")).expect("dir");
        std::fs::write(&other, "Another text.").expect("write");
        let err = import_text(&graph, &other).expect_err("a different file");
        assert!(err.contains("a different file named piece.txt"), "{err}");
        assert_eq!(std::fs::read_to_string(&copy).expect("kept"), "The text.\n");
        // Not UTF-8: refused, nothing copied.
        let latin1 = tmp.path().join("latin1.txt");
        std::fs::write(&latin1, b"caf\xe9").expect("write");
        let err = import_text(&graph, &latin1).expect_err("not UTF-8");
        assert!(err.contains("not UTF-8"), "{err}");
        assert!(!copy.with_file_name("latin1.txt").exists());
    }

    #[test]
    fn a_file_that_is_not_utf8_is_refused_with_a_reason() {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::write(tmp.path().join("latin1.txt"), b"caf\xe9").expect("write");
        let dirs = SourceDirs::new(Some(tmp.path().to_path_buf()), None, None);
        let err = read_source_text(&dirs, "latin1.txt").expect_err("not UTF-8");
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }
}
