//! Reading and writing graphs: the native RON format, JSON node-link, GraphML, GEXF,
//! DOT, CSV, SVG and PNG ([`export::export_to`] for every export), quote checking
//! against source files, and atomic writes. Errors are [`IoError`].

pub mod atomic;
pub mod csv_format;
pub mod dot;
pub mod export;
pub mod gexf;
pub mod graphml;
pub mod image;
pub mod interchange;
pub mod json;
pub mod quotes;
pub mod ron_format;
pub mod xml;

use std::path::Path;

use crate::model::{KnowledgeGraph, Problem};

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
            message: message.into(),
            path: path.to_owned(),
            line,
            column,
            snippet: snippet(text, line),
        }
    }
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

/// Reads a file as UTF-8 text; invalid bytes are a [`IoError::Parse`] at their position.
pub fn read_text(path: &Path) -> Result<String, IoError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| IoError::Read {
        path: shown.clone(),
        source,
    })?;
    text_from_bytes(bytes, &shown)
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

/// Loads a graph file of any supported format, chosen by extension (RON by default),
/// and refuses it if validation finds problems. GraphML, GEXF and CSV files come from
/// other tools, so they are validated leniently ([`interchange::accept_imported`]).
pub fn load_graph_file(path: &Path) -> Result<KnowledgeGraph, IoError> {
    let shown = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "csv" {
        return csv_format::load_path(path);
    }
    let text = read_text(path)?;
    // The text is freed once parsed, before the graph is built: at the peak, memory
    // holds the document and the graph, not the file as well.
    let doc = match ext.as_str() {
        "json" => json::parse_document(&text, &shown)?,
        "graphml" => graphml::parse_document(&text, &shown)?,
        "gexf" => gexf::parse_document(&text, &shown)?,
        _ => return ron_format::load_valid_text(text, &shown),
    };
    drop(text);
    interchange::accept_imported(doc, &shown)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn bad_utf8_is_placed() {
        let err = text_from_bytes(b"ok\nab\xffcd".to_vec(), "x.ron").expect_err("not utf8");
        let IoError::Parse { line, column, .. } = err else {
            panic!("{err}")
        };
        assert_eq!((line, column), (2, 3));
    }
}
