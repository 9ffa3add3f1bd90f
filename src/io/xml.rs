//! A small element tree read with quick-xml, for the GraphML and GEXF importers.
//!
//! Names are local (namespace prefixes dropped: `viz:position` is `position`), text
//! has its entity and character references resolved, and every element remembers the
//! byte offset where it starts, so importers can place their own errors. Malformed XML
//! is an [`IoError::Parse`] at the reader's position; nothing here panics on bad input.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;

use super::IoError;

/// Nesting deeper than this is refused: no graph file needs it, and it bounds the
/// stack used by code that walks the tree recursively.
const MAX_DEPTH: usize = 256;

/// One XML element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// Local name, without namespace prefix.
    pub name: String,
    /// The prefix as written (`viz` for `viz:color`), empty if none.
    pub prefix: String,
    /// Attributes by local name, in document order, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Child elements in order.
    pub children: Vec<Element>,
    /// The element's own text (direct text and CDATA, not its children's), unescaped.
    pub text: String,
    /// Byte offset of the element's `<` in the file.
    pub offset: usize,
}

impl Element {
    /// The value of an attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child element with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn split_name(raw: &str) -> (String, String) {
    match raw.split_once(':') {
        Some((p, l)) => (p.to_owned(), l.to_owned()),
        None => (String::new(), raw.to_owned()),
    }
}

fn element(
    start: &BytesStart<'_>,
    offset: usize,
    path: &str,
    text: &str,
) -> Result<Element, IoError> {
    let (prefix, name) = split_name(start.name().as_ref());
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| {
            IoError::parse_at_offset(
                format!("malformed attribute in <{name}>: {e}"),
                path,
                text,
                offset,
            )
        })?;
        let (_, key) = split_name(a.key.as_ref());
        let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(|e| {
            IoError::parse_at_offset(
                format!("bad attribute value in <{name}>: {e}"),
                path,
                text,
                offset,
            )
        })?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        prefix,
        attrs,
        offset,
        ..Element::default()
    })
}

fn resolve_ref(r: &BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let s = match r.as_ref() {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    };
    Some(s.to_owned())
}

/// Parses `text` and returns its root element.
///
/// # Errors
/// [`IoError::Parse`] with line and column for malformed XML, an unknown entity, an
/// element left open at the end of the file, or a file with no root element.
pub fn parse(text: &str, path: &str) -> Result<Element, IoError> {
    // A byte-order mark (Windows editors write one) is not part of the document.
    let base = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut reader = Reader::from_str(text.get(base..).unwrap_or(""));
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = base + usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX - base);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).map_or(offset, |p| base + p);
            IoError::parse_at_offset(format!("malformed XML: {e}"), path, text, at)
        })?;
        match event {
            Event::Start(s) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(IoError::parse_at_offset(
                        format!("elements nested deeper than {MAX_DEPTH}"),
                        path,
                        text,
                        offset,
                    ));
                }
                if root.is_some() && stack.is_empty() {
                    return Err(IoError::parse_at_offset(
                        "a second root element",
                        path,
                        text,
                        offset,
                    ));
                }
                stack.push(element(&s, offset, path, text)?);
            }
            Event::Empty(s) => {
                let el = element(&s, offset, path, text)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => {
                        return Err(IoError::parse_at_offset(
                            "a second root element",
                            path,
                            text,
                            offset,
                        ));
                    }
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(IoError::parse_at_offset(
                        "a closing tag with no element open",
                        path,
                        text,
                        offset,
                    ));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(IoError::parse_at_offset(
                        "text outside the root element",
                        path,
                        text,
                        offset,
                    ));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let Some(s) = resolve_ref(&r) else {
                    return Err(IoError::parse_at_offset(
                        format!("unknown entity &{};", r.as_ref() as &str),
                        path,
                        text,
                        offset,
                    ));
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(IoError::parse_at_offset(
            format!("unexpected end of file: <{}> is not closed", open.name),
            path,
            text,
            text.len(),
        ));
    }
    root.ok_or_else(|| IoError::parse_at_offset("no XML root element", path, text, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_attrs_text_and_references() {
        let t = "<?xml version=\"1.0\"?>\n<a xmlns:v=\"u\" k=\"x&amp;&#10;y\"><v:b n=\"1\"/>t&lt;&#233;<![CDATA[<raw>]]></a>";
        let root = parse(t, "t.xml").expect("parses");
        assert_eq!(root.name, "a");
        assert_eq!(root.attr("k"), Some("x&\ny"));
        let b = root.child("b").expect("b");
        assert_eq!(
            (b.prefix.as_str(), b.attr("n"), b.offset),
            ("v", Some("1"), 54)
        );
        assert_eq!(root.text, "t<é<raw>");
    }

    #[test]
    fn skips_a_byte_order_mark() {
        let root = parse("\u{feff}<?xml version=\"1.0\"?>\n<a><b/></a>", "t.xml").expect("parses");
        assert_eq!(root.child("b").map(|b| b.offset), Some(28));
    }

    #[test]
    fn malformed_is_placed() {
        for (t, line) in [
            ("<a>\n<b></c></a>", 2),
            ("<a>\n  <b>", 2),
            ("", 1),
            ("<a>&nope;</a>", 1),
            ("<a x='1' x='2'/>", 1),
        ] {
            let err = parse(t, "t.xml").expect_err(t);
            let IoError::Parse { line: l, .. } = err else {
                panic!("{err}")
            };
            assert_eq!(l, line, "{t}: {err}");
        }
    }
}
