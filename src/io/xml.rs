//! A streaming XML reader on quick-xml events, for the GraphML and GEXF importers.
//!
//! [`read`] walks the document once and tells a [`Handler`] about each element start,
//! end and piece of text. Nothing of the document is kept (no element tree), so an
//! importer holds only what it builds: a 64 MB GraphML file used to need a tree of
//! about 700 MB before the first node was mapped.
//!
//! Names are local (namespace prefixes dropped: `viz:position` is `position`, the
//! prefix is kept beside it), attribute values are normalised, text has its entity and
//! character references resolved, and every start says the byte offset of its `<`, so
//! importers can place their own errors. Malformed XML, an unknown entity (no DTD is
//! read, so entity tricks go nowhere), nesting deeper than [`MAX_DEPTH`], a second root
//! or text outside the root is an [`IoError::Parse`] at the reader's position; nothing
//! here panics on bad input.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;

use super::IoError;

/// Nesting deeper than this is refused (see [`crate::limits::MAX_XML_DEPTH`]).
pub use crate::limits::MAX_XML_DEPTH as MAX_DEPTH;

/// An attribute: its local name and its normalised value.
type Attr<'a> = (&'a str, Cow<'a, str>);

/// One element start (an empty element `<a/>` is a start followed by an end).
#[derive(Debug)]
pub struct Tag<'a> {
    /// Local name, without namespace prefix.
    pub name: &'a str,
    /// The prefix as written (`viz` for `viz:color`), empty if none.
    pub prefix: &'a str,
    /// Byte offset of the element's `<` in the text.
    pub offset: usize,
    attrs: &'a [Attr<'a>],
}

impl Tag<'_> {
    /// The value of an attribute by local name (the first, if two share a local name).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The value of an attribute by local name, as an owned string.
    pub fn attr_owned(&self, name: &str) -> Option<String> {
        self.attr(name).map(str::to_owned)
    }
}

/// What an importer does with the document, event by event.
pub trait Handler {
    /// An element starts.
    ///
    /// # Errors
    /// Whatever the importer finds wrong; reading stops and the error is returned.
    fn start(&mut self, tag: &Tag<'_>) -> Result<(), IoError>;

    /// The element started last (and not yet ended) ends.
    ///
    /// # Errors
    /// Whatever the importer finds wrong; reading stops and the error is returned.
    fn end(&mut self) -> Result<(), IoError>;

    /// Text directly inside the element started last: a run of characters, a CDATA
    /// section or one resolved reference (an element's text may come in several).
    fn text(&mut self, text: &str);
}

/// An importer that knows each open element by a context of its own, where nothing
/// inside a skipped element matters. It is a [`Handler`] with the stack of open
/// elements kept for it: GraphML and GEXF import both work this way.
pub trait Nested {
    /// What an open element is to the importer.
    type Ctx: Copy + PartialEq;
    /// The context of an element to skip, and of everything inside one.
    const SKIP: Self::Ctx;
    /// The contexts of the open elements, innermost last.
    fn stack(&mut self) -> &mut Vec<Self::Ctx>;
    /// The context of an element starting under `parent` (never a skipped one).
    fn open(&mut self, parent: Option<Self::Ctx>, tag: &Tag<'_>) -> Self::Ctx;
    /// The element of `ctx` ends.
    fn close(&mut self, ctx: Self::Ctx);
    /// Text inside the innermost open element, whose context is `ctx`.
    fn text_in(&mut self, ctx: Option<Self::Ctx>, text: &str);
}

impl<T: Nested> Handler for T {
    fn start(&mut self, tag: &Tag<'_>) -> Result<(), IoError> {
        let parent = self.stack().last().copied();
        let ctx = if parent == Some(T::SKIP) {
            T::SKIP
        } else {
            self.open(parent, tag)
        };
        self.stack().push(ctx);
        Ok(())
    }

    fn end(&mut self) -> Result<(), IoError> {
        if let Some(ctx) = self.stack().pop() {
            self.close(ctx);
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        let ctx = self.stack().last().copied();
        self.text_in(ctx, text);
    }
}

/// Reads `text` with the importer `make(None)` builds. If that importer met
/// declarations only after elements that use them (`late` takes them out of it), the
/// file is read again by `make(Some(declarations))`, so that it means what it would
/// with every declaration first.
///
/// # Errors
/// As [`read`].
pub fn read_seeded<H: Handler, D>(
    text: &str,
    path: &str,
    make: impl Fn(Option<D>) -> H,
    late: impl FnOnce(&mut H) -> Option<D>,
) -> Result<H, IoError> {
    let mut first = make(None);
    read(text, path, &mut first)?;
    let Some(declarations) = late(&mut first) else {
        return Ok(first);
    };
    let mut second = make(Some(declarations));
    read(text, path, &mut second)?;
    Ok(second)
}

fn local(raw: &str) -> (&str, &str) {
    raw.split_once(':').unwrap_or(("", raw))
}

/// Reads the attributes of a start tag whose text (between `<` and `>`, name first) is
/// `raw`, checking every one (malformed or duplicate attributes, unknown entities).
fn read_attrs<'x>(
    raw: &'x str,
    (name, name_len): (&str, usize),
    out: &mut Vec<Attr<'x>>,
    err: &dyn Fn(String) -> IoError,
) -> Result<(), IoError> {
    out.clear();
    for a in Attributes::new(raw, name_len) {
        let a = a.map_err(|e| err(format!("malformed attribute in <{name}>: {e}")))?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| err(format!("bad attribute value in <{name}>: {e}")))?;
        out.push((local(a.key.into_inner()).1, value));
    }
    Ok(())
}

/// The text a general reference stands for: a character reference or one of XML's five
/// predefined entities; `None` for anything else (no DTD is read).
fn resolve_ref<'b>(r: &BytesRef<'_>, buf: &'b mut [u8; 4]) -> Option<&'b str> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.encode_utf8(buf));
    }
    let s = match r.as_ref() {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    };
    let n = s.len();
    buf.get_mut(..n)?.copy_from_slice(s.as_bytes());
    std::str::from_utf8(buf.get(..n)?).ok()
}

/// The element name, `len` bytes, written after the `<` at `offset`, for messages.
fn name_at(text: &str, (offset, len): (usize, usize)) -> &str {
    text.get(offset + 1..offset + 1 + len).unwrap_or("")
}

/// Reads `text` from start to end, calling `handler` for each element and text.
///
/// # Errors
/// [`IoError::Parse`] with line and column for malformed XML, an unknown entity,
/// nesting deeper than [`MAX_DEPTH`], a second root element, text outside the root, an
/// element left open at the end of the file or a file with no root element; or the
/// first error the handler returns.
pub fn read<H: Handler>(text: &str, path: &str, handler: &mut H) -> Result<(), IoError> {
    // A byte-order mark (Windows editors write one) is not part of the document.
    let base = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let input = text.get(base..).unwrap_or("");
    let mut reader = Reader::from_str(input);
    // Reused for every start tag: the values borrow the input, so most cost nothing.
    let mut attrs: Vec<Attr<'_>> = Vec::new();
    // Where the open elements start (their `<`) and the length of their names.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut seen_root = false;
    let mut ref_buf = [0u8; 4];
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX - base);
        let offset = base + pos;
        let at = |message: String| IoError::parse_at_offset(message, path, text, offset);
        let event = reader.read_event().map_err(|e| {
            let err_at = usize::try_from(reader.error_position()).map_or(offset, |p| base + p);
            IoError::parse_at_offset(format!("malformed XML: {e}"), path, text, err_at)
        })?;
        match event {
            Event::Start(s) => {
                let place = (open.len(), seen_root);
                start(&s, input, (pos, offset), place, &mut attrs, &at, handler)?;
                seen_root = true;
                open.push((offset, s.name().into_inner().len()));
            }
            Event::Empty(s) => {
                let place = (open.len(), seen_root);
                start(&s, input, (pos, offset), place, &mut attrs, &at, handler)?;
                seen_root = true;
                handler.end()?;
            }
            Event::End(_) => {
                if open.pop().is_none() {
                    return Err(at("a closing tag with no element open".into()));
                }
                handler.end()?;
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                if !open.is_empty() {
                    handler.text(&content);
                } else if !content.trim().is_empty() {
                    return Err(at("text outside the root element".into()));
                }
            }
            Event::CData(t) => {
                if !open.is_empty() {
                    handler.text(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let Some(s) = resolve_ref(&r, &mut ref_buf) else {
                    return Err(at(format!("unknown entity &{};", r.as_ref() as &str)));
                };
                if !open.is_empty() {
                    handler.text(s);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(&last) = open.last() {
        return Err(IoError::parse_at_offset(
            format!(
                "unexpected end of file: <{}> is not closed",
                name_at(text, last)
            ),
            path,
            text,
            text.len(),
        ));
    }
    if !seen_root {
        return Err(IoError::parse_at_offset(
            "no XML root element",
            path,
            text,
            0,
        ));
    }
    Ok(())
}

/// Checks a start tag's place (depth, single root), reads its attributes and hands it
/// to the handler. `pos` is the tag's offset in `input`, `offset` in the whole text.
fn start<'i, H: Handler>(
    s: &BytesStart<'_>,
    input: &'i str,
    (pos, offset): (usize, usize),
    (depth, seen_root): (usize, bool),
    attrs: &mut Vec<Attr<'i>>,
    at: &dyn Fn(String) -> IoError,
    handler: &mut H,
) -> Result<(), IoError> {
    if depth >= MAX_DEPTH {
        return Err(at(format!("elements nested deeper than {MAX_DEPTH}")));
    }
    if depth == 0 && seen_root {
        return Err(at("a second root element".into()));
    }
    let (prefix, name) = local(s.name().into_inner());
    let name_len = s.name().into_inner().len();
    // The reader borrows the input, so the tag's text is the input right after `<`;
    // reading the attributes from there lets their values borrow the input, and the
    // one vector serves every tag. Same place and length is the same text.
    let content: &str = s;
    match input
        .get(pos + 1..pos + 1 + content.len())
        .filter(|r| std::ptr::eq(r.as_ptr(), content.as_ptr()))
    {
        Some(raw) => {
            read_attrs(raw, (name, name_len), attrs, at)?;
            handler.start(&Tag {
                name,
                prefix,
                offset,
                attrs,
            })
        }
        None => {
            let mut own = Vec::new();
            read_attrs(content, (name, name_len), &mut own, at)?;
            handler.start(&Tag {
                name,
                prefix,
                offset,
                attrs: &own,
            })
        }
    }
}

/// Problems in a graph's content found while streaming, kept so that the one reported
/// is the one a reader of the whole file would report first: the file's shape (root,
/// declarations), then the graph's own (checked by the importer at the end), then the
/// first node in document order, then the first edge. Each is a byte offset and a
/// message; line and column are worked out only for the one reported.
#[derive(Debug, Default)]
pub struct ContentErrors {
    early: Option<(usize, String)>,
    node: Option<(usize, usize, String)>,
    edge: Option<(usize, String)>,
}

impl ContentErrors {
    /// A problem with the file's shape; nothing more is built.
    pub fn early(&mut self, offset: usize, message: String) {
        self.early.get_or_insert((offset, message));
    }

    /// A problem with the node in document place `slot`: the earliest counts.
    pub fn node(&mut self, slot: usize, offset: usize, message: String) {
        if self.node.as_ref().is_none_or(|(s, ..)| slot < *s) {
            self.node = Some((slot, offset, message));
        }
    }

    /// A problem with an edge: the first counts.
    pub fn edge(&mut self, offset: usize, message: String) {
        self.edge.get_or_insert((offset, message));
    }

    /// Whether nodes are still worth building (nothing early went wrong).
    pub fn building_nodes(&self) -> bool {
        self.early.is_none()
    }

    /// Whether edges are still worth building (no early or edge problem yet).
    pub fn building_edges(&self) -> bool {
        self.early.is_none() && self.edge.is_none()
    }

    /// The early problem, placed.
    pub fn take_early(&mut self, text: &str, path: &str) -> Option<IoError> {
        let (offset, message) = self.early.take()?;
        Some(IoError::parse_at_offset(message, path, text, offset))
    }

    /// `value` if nothing was held back, else the first node problem, or failing that
    /// the first edge problem, placed in `text`.
    pub fn or_first<T>(&mut self, value: T, text: &str, path: &str) -> Result<T, IoError> {
        let (offset, message) = match (self.node.take(), self.edge.take()) {
            (Some((_, o, m)), _) | (None, Some((o, m))) => (o, m),
            (None, None) => return Ok(value),
        };
        Err(IoError::parse_at_offset(message, path, text, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records every event as a line: `+prefix:name@offset k=v ...`, `-`, `"text"`.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl Handler for Log {
        fn start(&mut self, tag: &Tag<'_>) -> Result<(), IoError> {
            let attrs: Vec<String> = tag.attrs.iter().map(|(k, v)| format!(" {k}={v}")).collect();
            self.0.push(format!(
                "+{}:{}@{}{}",
                tag.prefix,
                tag.name,
                tag.offset,
                attrs.concat()
            ));
            Ok(())
        }
        fn end(&mut self) -> Result<(), IoError> {
            self.0.push("-".into());
            Ok(())
        }
        fn text(&mut self, text: &str) {
            self.0.push(format!("{text:?}"));
        }
    }

    fn log(t: &str) -> Result<Vec<String>, IoError> {
        let mut l = Log::default();
        read(t, "t.xml", &mut l)?;
        Ok(l.0)
    }

    #[test]
    fn reads_names_attrs_text_and_references() {
        let t = "<?xml version=\"1.0\"?>\n<a xmlns:v=\"u\" k=\"x&amp;&#10;y\"><v:b n=\"1\"/>t&lt;&#233;<![CDATA[<raw>]]></a>";
        let got = log(t).expect("parses");
        assert_eq!(
            got,
            [
                ":a@22 v=u k=x&\ny",
                "+v:b@54 n=1",
                "-",
                "\"t\"",
                "\"<\"",
                "\"é\"",
                "\"<raw>\"",
                "-"
            ]
            .map(|s| if s.starts_with(':') {
                format!("+{s}")
            } else {
                s.to_owned()
            })
        );
    }

    #[test]
    fn skips_a_byte_order_mark() {
        let got = log("\u{feff}<?xml version=\"1.0\"?>\n<a><b/></a>").expect("parses");
        assert_eq!(got[1], "+:b@28");
    }

    #[test]
    fn malformed_is_placed() {
        for (t, line) in [
            ("<a>\n<b></c></a>", 2),
            ("<a>\n  <b>", 2),
            ("", 1),
            ("<a>&nope;</a>", 1),
            ("<a x='1' x='2'/>", 1),
            ("<a x='&nope;'/>", 1),
            ("<a/>\n<b/>", 2),
            // Text is placed where it starts: the line break after the root.
            ("<a/>\ntext", 1),
            ("<!DOCTYPE a [<!ENTITY e \"boom\">]>\n<a>&e;</a>", 2),
        ] {
            let err = log(t).expect_err(t);
            let IoError::Parse { line: l, .. } = err else {
                panic!("{err}")
            };
            assert_eq!(l, line, "{t}: {err}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep = "<a>".repeat(100_000);
        let err = log(&deep).expect_err("too deep");
        assert!(err.to_string().contains("nested deeper"), "{err}");
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(log(&ok).is_ok());
    }
}
