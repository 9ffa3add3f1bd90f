//! Reading and writing graphs: the native RON format, JSON node-link, GraphML, GEXF,
//! DOT, CSV, SVG and PNG ([`export::export_to`] for every export), quote checking
//! against source files, and atomic writes. Errors are [`IoError`].

pub mod atomic;
pub mod canonical;
pub mod coverage;
pub mod csv_format;
pub mod dot;
pub mod exceptions;
pub mod export;
pub mod gexf;
pub mod graphml;
pub mod image;
pub mod interchange;
pub mod journal;
pub mod json;
pub mod quotes;
pub mod ron_fast;
pub mod ron_format;
pub mod save;
pub mod saved_view;
pub mod sources;
pub mod stance_svg;
pub mod stances;
pub mod voice;
pub mod xml;

use std::io::Read;
use std::path::Path;

use crate::limits::MAX_INPUT_BYTES;
use crate::model::{Document, KnowledgeGraph, Problem};

pub use atomic::{write_atomic, write_output};

/// Something went wrong reading or writing a file. Parse errors carry line and column;
/// the path comes last, as `path:line:column`.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// The file could not be read.
    #[error("cannot read file: {source} ({path})")]
    Read {
        /// The file.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("cannot write file: {source} ({path})")]
    Write {
        /// The file.
        path: String,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not in the expected syntax.
    #[error("{message}\n  --> {path}:{line}:{column}\n   | {snippet}")]
    Parse {
        /// What the parser expected or found.
        message: String,
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The offending line, trimmed to a readable length.
        snippet: String,
    },
    /// The file parsed but breaks validation rules.
    #[error("{} problem(s) in the graph, first: {} ({path})", problems.len(), problems.first().map(|p| p.to_string()).unwrap_or_default())]
    Invalid {
        /// The file.
        path: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// The data cannot be expressed in the target format.
    #[error("cannot encode: {message} ({path})")]
    Encode {
        /// What failed.
        message: String,
        /// The target.
        path: String,
    },
}

impl IoError {
    /// Builds a [`IoError::Parse`] from a byte offset into `text`.
    pub fn parse_at_offset(
        message: impl Into<String>,
        path: &str,
        text: &str,
        offset: usize,
    ) -> Self {
        let (line, column) = line_col(text, offset);
        Self::parse_at(message, path, text, line, column)
    }

    /// Builds a [`IoError::Parse`] at a 1-based line and column of `text`.
    pub fn parse_at(
        message: impl Into<String>,
        path: &str,
        text: &str,
        line: usize,
        column: usize,
    ) -> Self {
        IoError::Parse {
            message: at_end_said(message.into(), text, line, column),
            path: path.to_owned(),
            line,
            column,
            snippet: snippet(text, line),
        }
    }
}

/// A parser's message, saying "unexpected end of file" when that is what happened: the
/// place is at the last non-blank character or past it (a file cut short), where parsers
/// tend to say only what they expected ("Expected string") or "EOF while …".
fn at_end_said(message: String, text: &str, line: usize, column: usize) -> String {
    const SAID: &str = "unexpected end of file";
    if message.to_lowercase().contains("end of file") {
        return message;
    }
    if let Some(rest) = message.strip_prefix("EOF ") {
        return format!("{SAID} {rest}");
    }
    // Parsers place the error at the last character or just past it; a string left
    // open by the cut is placed at its opening quote, with no other quote after it.
    let end = line_col(text, text.trim_end().len());
    let open_string = message.to_lowercase().contains("end of string")
        && text
            .split('\n')
            .nth(line.saturating_sub(1))
            .and_then(|l| l.char_indices().nth(column.saturating_sub(1)))
            .map(|(i, _)| {
                let start: usize = text.split('\n').take(line - 1).map(|l| l.len() + 1).sum();
                text.get(start + i..)
                    .map_or(0, |rest| rest.matches('"').count())
            })
            .is_some_and(|quotes| quotes <= 1);
    if open_string || (line, column + 1) >= end {
        let first = message.chars().next().map(|c| c.to_lowercase().to_string());
        let rest = message.chars().skip(1).collect::<String>();
        return format!("{SAID}: {}{rest}", first.unwrap_or_default());
    }
    message
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// 1-based line and column of each of `offsets` (sorted ascending), in one pass.
pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(offsets.len());
    let (mut line, mut line_start, mut pos) = (1usize, 0usize, 0usize);
    for &off in offsets {
        let off = off.min(text.len());
        if off < pos {
            // Not sorted: fall back to a fresh count for this one.
            out.push(line_col(text, off));
            continue;
        }
        for (i, b) in text.as_bytes()[pos..off].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = pos + i + 1;
            }
        }
        pos = off;
        let mut start = off;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        out.push((line, text[line_start..start].chars().count() + 1));
    }
    out
}

/// The given 1-based line of `text`, cut to 120 characters.
fn snippet(text: &str, line: usize) -> String {
    let l = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let cut: String = l.chars().take(120).collect();
    if cut.len() < l.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// Opens a file for reading, refusing anything that is not a regular file once
/// symlinks are followed: a directory, a FIFO, a socket or a device (`/dev/zero`)
/// would read as nothing, block, or never end.
///
/// The path is looked at (`stat`) before it is opened, so a device is never opened
/// (opening one can have effects: a tape rewinds, a terminal becomes the controlling
/// one), and the open file is looked at again (`fstat`), since the path may have been
/// replaced in between. On unix the file is opened non-blocking, so that opening a FIFO
/// swapped in after the first look returns at once instead of waiting for a writer,
/// and with `O_NOCTTY`, so a terminal swapped in never becomes the controlling one;
/// reads of a regular file are unaffected.
///
/// # Errors
/// [`IoError::Read`] naming the file: the OS error, or what the path is instead of a
/// regular file.
pub fn open_input(path: &Path) -> Result<std::fs::File, IoError> {
    let shown = || path.display().to_string();
    let read_err = |source| IoError::Read {
        path: shown(),
        source,
    };
    refuse_irregular(&std::fs::metadata(path).map_err(read_err)?, path)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(read_err)?;
    refuse_irregular(&file.metadata().map_err(read_err)?, path)?;
    Ok(file)
}

/// An error naming `path` and what it is, unless `meta` is a regular file's.
fn refuse_irregular(meta: &std::fs::Metadata, path: &Path) -> Result<(), IoError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(IoError::Read {
        path: path.display().to_string(),
        source: std::io::Error::other(format!(
            "it is {}, not a regular file",
            file_type_name(&meta.file_type())
        )),
    })
}

/// What a path that is not a regular file is, for messages: "a directory", "a FIFO"...
fn file_type_name(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Reads a file's bytes, at most [`MAX_INPUT_BYTES`]: a regular file (see
/// [`open_input`]) whose size is over the limit is refused before anything is read,
/// and the read itself stops one byte past the limit, so a file that grows while it
/// is read cannot get past it either.
///
/// # Errors
/// [`IoError::Read`] naming the file, for an OS error, a path that is not a regular
/// file, or a file over the limit.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, IoError> {
    let file = open_input(path)?;
    let len = file.metadata().map_or(0, |m| m.len());
    read_bounded(file, len, MAX_INPUT_BYTES, &path.display().to_string())
}

/// Reads `reader` to its end, refusing more than `limit` bytes; `size_hint` (the
/// file's length) is checked first and sizes the buffer.
fn read_bounded(
    reader: impl Read,
    size_hint: u64,
    limit: u64,
    path: &str,
) -> Result<Vec<u8>, IoError> {
    let too_big = || IoError::Read {
        path: path.to_owned(),
        source: std::io::Error::other(format!(
            "the file is larger than the {limit}-byte limit on input (limits::MAX_INPUT_BYTES)"
        )),
    };
    if size_hint > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size_hint).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| IoError::Read {
            path: path.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text, at most [`MAX_INPUT_BYTES`] of it (see [`read_bytes`]);
/// invalid bytes are a [`IoError::Parse`] at their position.
///
/// # Errors
/// As [`read_bytes`], and [`IoError::Parse`] for bytes that are not UTF-8.
pub fn read_text(path: &Path) -> Result<String, IoError> {
    let bytes = read_bytes(path)?;
    text_from_bytes(bytes, &path.display().to_string())
}

/// Checks bytes are UTF-8 text, placing the first bad byte by line and column.
pub fn text_from_bytes(bytes: Vec<u8>, path: &str) -> Result<String, IoError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let text = String::from_utf8_lossy(&bytes[..good]).into_owned();
        IoError::parse_at_offset(
            format!("the file is not UTF-8 text (invalid byte at offset {good})"),
            path,
            &text,
            good,
        )
    })
}

/// The formats a graph file is read from, chosen by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// The native format: any extension not below.
    Ron,
    /// `.json`: node-link JSON.
    Json,
    /// `.graphml`.
    Graphml,
    /// `.gexf`.
    Gexf,
    /// `.csv`: a node or edge list and its partner files.
    Csv,
}

impl InputFormat {
    /// The format of `path`, by extension (any case); RON by default.
    pub fn of(path: &Path) -> Self {
        use export::ExportFormat as F;
        // The extensions are ExportFormat's; which formats open is its can_import.
        match F::from_path(path).filter(|f| f.can_import()) {
            Some(F::Json) => Self::Json,
            Some(F::Graphml) => Self::Graphml,
            Some(F::Gexf) => Self::Gexf,
            Some(F::Csv) => Self::Csv,
            _ => Self::Ron,
        }
    }
}

/// A graph file parsed but not validated: what `ideagraph check` reports on.
#[derive(Debug)]
pub struct ParsedFile {
    /// The document, as read.
    pub document: Document,
    /// The RON text, kept so problems can be placed in it by line and column
    /// ([`ron_format::place_problems`]); `None` for other formats.
    pub ron_text: Option<String>,
}

/// Parses a graph file of any format [`load_graph_file`] reads, without validating it:
/// the one place a file's format picks its reader. The text of a RON file is kept (to
/// place problems); that of other formats is freed once parsed.
///
/// # Errors
/// As [`load_graph_file`], but never [`IoError::Invalid`].
pub fn parse_graph_file(path: &Path) -> Result<ParsedFile, IoError> {
    let shown = path.display().to_string();
    let parse: fn(&str, &str) -> Result<Document, IoError> = match InputFormat::of(path) {
        InputFormat::Csv => {
            return Ok(ParsedFile {
                document: csv_format::parse_path(path)?,
                ron_text: None,
            });
        }
        InputFormat::Ron => {
            let text = read_text(path)?;
            return Ok(ParsedFile {
                document: ron_format::parse_document(&text, &shown)?,
                ron_text: Some(text),
            });
        }
        InputFormat::Json => json::parse_document,
        InputFormat::Graphml => graphml::parse_document,
        InputFormat::Gexf => gexf::parse_document,
    };
    let text = read_text(path)?;
    Ok(ParsedFile {
        document: parse(&text, &shown)?,
        ron_text: None,
    })
}

/// Loads a graph file of any supported format, chosen by extension (RON by default),
/// and refuses it if validation finds problems. GraphML, GEXF and CSV files come from
/// other tools, so they are validated leniently ([`interchange::accept_imported`]).
/// Only a regular file within [`MAX_INPUT_BYTES`] is read (see [`read_bytes`]).
///
/// # Errors
/// [`IoError::Read`] for a file that cannot be read, is not a regular file or is too
/// large, [`IoError::Parse`] for bad syntax, [`IoError::Invalid`] for a graph with
/// problems that block loading.
pub fn load_graph_file(path: &Path) -> Result<KnowledgeGraph, IoError> {
    let shown = path.display().to_string();
    let ParsedFile { document, ron_text } = parse_graph_file(path)?;
    match ron_text {
        // The text is freed once checked, before the graph is built: at the peak,
        // memory holds the document and the graph, not the file as well.
        Some(text) => ron_format::valid_graph(document, text, &shown),
        None => interchange::accept_imported(document, &shown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file cut short says so, whatever the parser said.
    #[test]
    fn a_file_cut_short_says_unexpected_end_of_file() {
        let graph = include_str!("../../graph.ron");
        let cut = &graph[..3_000];
        let err = ron_format::load_valid(cut, "cut.ron").expect_err("cut short");
        assert!(err.to_string().contains("unexpected end of file"), "{err}");
        let json = "{\"nodes\": [{\"id\": \"a\"";
        let err = IoError::parse_at("EOF while parsing an object", "t.json", json, 1, 21);
        assert!(
            err.to_string()
                .contains("unexpected end of file while parsing an object"),
            "{err}"
        );
        // A mistake in the middle is not an end of file.
        let err = IoError::parse_at("Expected string", "t.ron", "(a: 1,\n b: 2)", 1, 5);
        assert!(!err.to_string().contains("end of file"), "{err}");
    }

    #[test]
    fn every_format_that_can_be_imported_is_read_as_itself() {
        use export::ExportFormat;
        for f in ExportFormat::ALL {
            let read = InputFormat::of(Path::new(&format!("g.{}", f.extension().to_uppercase())));
            let as_ron = read == InputFormat::Ron;
            match f {
                ExportFormat::Ron => assert!(as_ron),
                _ if f.can_import() => assert!(!as_ron, "{f:?} would be read as RON"),
                // Written only: such a file is tried as RON and refused with its line.
                _ => assert!(as_ron, "{f:?}"),
            }
        }
        assert_eq!(
            ExportFormat::import_extensions(),
            ["ron", "json", "graphml", "gexf", "csv"]
        );
    }

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 999), (3, 2));
    }

    #[test]
    fn line_cols_agree_with_line_col() {
        let t = "ab\ncdé\nf\n\nxyz";
        let offs: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
        let want: Vec<_> = offs.iter().map(|&o| line_col(t, o)).collect();
        assert_eq!(line_cols(t, &offs), want);
    }

    #[test]
    fn reading_stops_past_the_limit_even_if_the_size_said_less() {
        // An endless reader (a growing file, a device) with a size hint of 0.
        let err = read_bounded(std::io::repeat(b'x'), 0, 1000, "grow.ron").expect_err("too big");
        let msg = err.to_string();
        assert!(msg.contains("limit") && msg.contains("grow.ron"), "{msg}");
        let err = read_bounded(std::io::empty(), 1001, 1000, "big.ron").expect_err("size");
        assert!(err.to_string().contains("limit"), "{err}");
        let ok = read_bounded(&b"exactly"[..], 7, 7, "ok.ron").expect("at the limit");
        assert_eq!(ok, b"exactly");
    }

    #[test]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = open_input(dir.path()).expect_err("a directory");
        assert!(err.to_string().contains("a directory"), "{err}");
        let f = dir.path().join("f.ron");
        std::fs::write(&f, "x").expect("write");
        assert!(open_input(&f).is_ok());
        #[cfg(unix)]
        {
            let err = open_input(Path::new("/dev/null")).expect_err("a device");
            assert!(err.to_string().contains("character device"), "{err}");
        }
    }

    /// A socket cannot be opened at all (`open` fails with ENXIO): that it is named as
    /// a socket shows the path is looked at before anything is opened.
    #[cfg(unix)]
    #[test]
    fn what_is_not_a_regular_file_is_refused_before_it_is_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sock = dir.path().join("s.ron");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
        let err = open_input(&sock).expect_err("a socket");
        let msg = err.to_string();
        assert!(msg.contains("a socket") && msg.contains("s.ron"), "{msg}");
    }

    #[test]
    fn bad_utf8_is_placed() {
        let err = text_from_bytes(b"ok\nab\xffcd".to_vec(), "x.ron").expect_err("not utf8");
        let IoError::Parse { line, column, .. } = err else {
            panic!("{err}")
        };
        assert_eq!((line, column), (2, 3));
    }
}
