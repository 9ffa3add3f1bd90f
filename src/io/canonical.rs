//! The canonical RON text of a document: one form for every document, so that saving
//! without edits reproduces a file byte for byte and editing one record changes only
//! that record's lines (a git diff of a curation session reads like the session).
//!
//! # The form
//! ```text
//! #![enable(implicit_some)]
//! Document(
//!   version: 1,
//!   sources: [
//!     Source(
//!       id: "guardian-kendall-reed-2015",
//!       date: (date: "2015-01-29", basis: Stated),
//!     ),
//!   ],
//!   nodes: [
//!     Node(
//!       id: "liz-kendall",
//!       aliases: ["Kendall", "Liz"],
//!       roles: [
//!         Role(title: "…", evidence: Evidence(source: "…", quote: "…")),
//!       ],
//!     ),
//!   ],
//!   edges: [],
//! )
//! ```
//! Two-space indents; the document and each record (`Source`, `Node`, `Edge`) one field
//! per line, in the order the structs declare them, absent when serde skips them
//! (empty); a list of records inside a record (roles, faction claims, evidence) one
//! item per line; every other value compact on its line. Strings are escaped only
//! where RON requires it (`\\` and `\"`), plus the characters that would break a line
//! or are invisible controls (`\n`, `\t`, `\u{2028}`...), so a record's field is always
//! one line.
//!
//! # How
//! ron's own serialiser writes the whole document compactly (`compact_structs`,
//! `compact_arrays`, `compact_maps`, struct names on), so every value is written by
//! ron exactly as it reads it back. Two things are then tidied in that text (see
//! `tidy`): ron escapes strings with `char::escape_debug`, which writes `'` as `\'`
//! and many printable characters as `\u{..}`; and it names every struct, where
//! [`crate::model::Dated`] values have always been written without a name. Then only
//! the outer structure is laid out by hand (`lay_out`), splitting the compact text at
//! its top-level commas, outside strings.

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use super::IoError;
use crate::model::Document;

/// The first line of every canonical file: lets a hand-written file say `date: (...)`
/// where the field is optional, instead of `date: Some((...))`.
pub const HEADER: &str = "#![enable(implicit_some)]";

/// One level of indentation.
const INDENT: &str = "  ";

/// Struct names written without their name, as `graph.ron` always has.
const ANONYMOUS: &[&str] = &["Dated"];

/// The canonical RON text of `doc` (see the module docs), ending in a newline.
///
/// # Errors
/// [`IoError::Encode`] if ron cannot write a value (it writes every value the model
/// holds; the error is kept for what a future field might hold).
pub fn to_string(doc: &Document) -> Result<String, IoError> {
    let config = PrettyConfig::new()
        .struct_names(true)
        .compact_structs(true)
        .compact_arrays(true)
        .compact_maps(true);
    // As a default extension, `implicit_some` shapes what ron writes without ron
    // writing its own header line: [`HEADER`] is written here, once.
    let compact = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .to_string_pretty(doc, config)
        .map_err(|e| IoError::Encode {
            message: e.to_string(),
            path: "RON".into(),
        })?;
    let compact = tidy(&compact);
    let mut out = String::with_capacity(compact.len() + compact.len() / 8);
    out.push_str(HEADER);
    out.push('\n');
    lay_out(&compact, 0, &mut out);
    out.push('\n');
    Ok(out)
}

/// Rewrites ron's compact output: inside strings, `\'` becomes `'` and a `\u{..}`
/// escape becomes its character unless [`keeps_escape`] says it must stay escaped;
/// outside strings, the names in [`ANONYMOUS`] are dropped before their `(`.
///
/// ron (with `escape_strings`, its default) writes strings only with the escapes of
/// `char::escape_debug`, so inside a string every `\` starts one of those.
///
/// # Complexity
/// One pass over the text.
fn tidy(ron: &str) -> String {
    let mut out = String::with_capacity(ron.len());
    let mut rest = ron;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let end = string_end(rest);
            tidy_string(&rest[..end], &mut out);
            rest = &rest[end..];
        } else if c.is_ascii_alphabetic() || c == '_' {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            let anonymous = ANONYMOUS.contains(&word) && rest[end..].starts_with('(');
            if !anonymous {
                out.push_str(word);
            }
            rest = &rest[end..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The length of the string literal at the start of `s` (from its opening `"` to past
/// its closing one, or to the end of `s` if it has none).
fn string_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Writes the string literal `lit` (quotes included) to `out` with only the escapes
/// the canonical form keeps.
fn tidy_string(lit: &str, out: &mut String) {
    let mut rest = lit;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let (len, plain) = match escape.as_bytes().get(1) {
            Some(b'\'') => (2, Some('\'')),
            Some(b'u') => unicode_escape(escape),
            _ => (escape.len().min(2), None),
        };
        match plain {
            Some(c) => out.push(c),
            None => out.push_str(&escape[..len]),
        }
        rest = &escape[len..];
    }
    out.push_str(rest);
}

/// The length of a `\u{..}` escape at the start of `s`, and its character if it need
/// not stay escaped. A malformed escape is kept as its first two characters.
fn unicode_escape(s: &str) -> (usize, Option<char>) {
    let Some(close) = s.find('}') else {
        return (2, None);
    };
    let plain = s
        .get(3..close)
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        .and_then(char::from_u32)
        .filter(|&c| !keeps_escape(c));
    (close + 1, plain)
}

/// Characters a canonical string keeps escaped: controls (a newline, a tab, NUL...)
/// and the Unicode line and paragraph separators, which would break the one line a
/// field has, or hide in an editor.
fn keeps_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Lays out a compact record `Name(field: value, ...)` (tidied) at `level` (the
/// document is level 0): its name and `(`, each field on its own line one indent in,
/// and `)` at the record's indent. A field whose value is a list of records is
/// written one item per line: at level 0 each item laid out as a record itself, deeper
/// compact. Text that is not a record is written as it is.
fn lay_out(record: &str, level: usize, out: &mut String) {
    let Some((name, inner)) = split_record(record) else {
        out.push_str(record);
        return;
    };
    let pad = INDENT.repeat(level);
    out.push_str(name);
    out.push_str("(\n");
    for field in split_top(inner) {
        out.push_str(&pad);
        out.push_str(INDENT);
        match field
            .split_once(": ")
            .and_then(|(key, value)| Some((key, records_in(value)?)))
        {
            Some((key, items)) => {
                out.push_str(key);
                out.push_str(": [\n");
                for item in items {
                    out.push_str(&pad);
                    out.push_str(INDENT);
                    out.push_str(INDENT);
                    if level == 0 {
                        lay_out(item, level + 2, out);
                    } else {
                        out.push_str(item);
                    }
                    out.push_str(",\n");
                }
                out.push_str(&pad);
                out.push_str(INDENT);
                out.push_str("],\n");
            }
            None => {
                out.push_str(field);
                out.push_str(",\n");
            }
        }
    }
    out.push_str(&pad);
    out.push(')');
}

/// `Name(inner)` split into its name and what is between its parentheses.
fn split_record(s: &str) -> Option<(&str, &str)> {
    let open = s.find('(')?;
    let name = &s[..open];
    let is_name = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let inner = s[open + 1..].strip_suffix(')')?;
    is_name.then_some((name, inner))
}

/// The items of a list value `[Name(...), ...]` whose items are all records; `None`
/// for any other value (an empty list, a list of strings, a string, a tuple).
fn records_in(value: &str) -> Option<Vec<&str>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    let items = split_top(inner);
    let all_records = !items.is_empty() && items.iter().all(|i| split_record(i).is_some());
    all_records.then_some(items)
}

/// Splits `s` at its top-level `, ` separators (outside strings and brackets), each
/// part trimmed; an empty `s` has no parts.
fn split_top(s: &str) -> Vec<&str> {
    let bytes = s.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += string_end(&s[i..]);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                parts.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let last = s[start..].trim();
    if !last.is_empty() {
        parts.push(last);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keep_only_the_escapes_ron_needs_and_line_breaks() {
        let ron =
            r#"X(a: "it\'s \"so\" \\ \u{301}e\n\t\u{2028}\u{0}", b: Dated(c: 1), c: "Dated(")"#;
        assert_eq!(
            tidy(ron),
            "X(a: \"it's \\\"so\\\" \\\\ \u{301}e\\n\\t\\u{2028}\\u{0}\", b: (c: 1), c: \"Dated(\")"
        );
    }

    #[test]
    fn top_level_splitting_ignores_commas_in_strings_and_brackets() {
        assert_eq!(
            split_top(r#"a: "x, \"y\", z", b: [1, 2], c: (d: 3, e: 4)"#),
            vec![r#"a: "x, \"y\", z""#, "b: [1, 2]", "c: (d: 3, e: 4)"]
        );
        assert!(split_top("").is_empty());
    }

    #[test]
    fn a_record_and_its_lists_are_laid_out() {
        let mut out = String::new();
        lay_out(
            r#"Document(version: 1, nodes: [Node(id: "a", tags: ["x", "y"], ev: [E(q: "1"), E(q: "2")]), Node(id: "b")], edges: [])"#,
            0,
            &mut out,
        );
        let want = "Document(\n  version: 1,\n  nodes: [\n    Node(\n      id: \"a\",\n      \
                    tags: [\"x\", \"y\"],\n      ev: [\n        E(q: \"1\"),\n        E(q: \"2\"),\n      \
                    ],\n    ),\n    Node(\n      id: \"b\",\n    ),\n  ],\n  edges: [],\n)";
        assert_eq!(out, want);
    }
}
