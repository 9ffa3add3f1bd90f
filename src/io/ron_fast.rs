//! A fast reader for the RON that ideagraph writes: the canonical form
//! ([`super::canonical`]) and hand edits that keep to its plain subset.
//!
//! The `ron` crate spent about two thirds of a 100,000-node load in its parser (Unicode
//! whitespace and identifier checks on every character, struct names compared by
//! `memcmp`). This reader is a serde [`Deserializer`] over bytes that knows only what a
//! document needs: named or anonymous structs, lists, maps, strings (plain, escaped or
//! raw), whole and decimal numbers, booleans, `Some`/`None` with implicit `Some`, unit
//! and newtype enum variants, ASCII whitespace and line comments.
//!
//! It never reports an error of its own: anything outside that subset, or anything
//! wrong, makes [`parse`] return `None`, and the caller parses the text again with the
//! `ron` crate, whose message (with line and column) is the one the user sees. So the
//! reader must accept nothing that `ron` refuses and read everything it accepts as
//! `ron` would; the tests compare both on every shape of record.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use crate::model::Document;

/// The document in `text`, or `None` if this reader cannot vouch for it (the text is
/// then for the `ron` crate to read or refuse).
pub fn parse(text: &str) -> Option<Document> {
    let mut r = Reader {
        b: text.as_bytes(),
        s: text,
        i: 0,
    };
    r.header().ok()?;
    let doc = serde::Deserialize::deserialize(&mut r).ok()?;
    r.ws().ok()?;
    (r.i == r.b.len()).then_some(doc)
}

/// "Not for this reader": the caller falls back to the `ron` crate.
#[derive(Debug)]
pub struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the fast reader's subset of RON")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

type Res<T> = Result<T, Bail>;

/// The text and the position reached.
struct Reader<'de> {
    b: &'de [u8],
    s: &'de str,
    i: usize,
}

impl<'de> Reader<'de> {
    /// Past the one attribute canonical files start with; any other attribute bails.
    fn header(&mut self) -> Res<()> {
        let h = super::canonical::HEADER.as_bytes();
        if self.b.starts_with(h) {
            self.i = h.len();
        }
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips ASCII whitespace and `//` comments; a block comment or any other
    /// whitespace (which `ron` also allows) bails.
    fn ws(&mut self) -> Res<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.i += 1,
                Some(b'/') => match self.b.get(self.i + 1) {
                    Some(b'/') => {
                        let rest = &self.b[self.i..];
                        self.i += rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
                    }
                    _ => return Err(Bail),
                },
                _ => return Ok(()),
            }
        }
    }

    /// Consumes `c` after whitespace, or bails.
    fn expect(&mut self, c: u8) -> Res<()> {
        self.ws()?;
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// An ASCII identifier after whitespace, if one starts here. One followed by a
    /// character outside ASCII (which may continue it, for `ron`) bails.
    fn ident(&mut self) -> Res<Option<&'de str>> {
        self.ws()?;
        let start = self.i;
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        {
            return Ok(None);
        }
        let len = self.b[start..]
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
            .unwrap_or(self.b.len() - start);
        self.i = start + len;
        if self.peek().is_some_and(|c| !c.is_ascii()) {
            return Err(Bail);
        }
        // A raw string or raw identifier starts with `r`: not an identifier here.
        if &self.s[start..self.i] == "r" && matches!(self.peek(), Some(b'"' | b'#')) {
            self.i = start;
            return Ok(None);
        }
        Ok(Some(&self.s[start..self.i]))
    }

    /// A string literal: plain, with escapes, or raw (`r#"..."#`).
    fn string(&mut self) -> Res<Cow<'de, str>> {
        self.ws()?;
        match self.peek() {
            Some(b'"') => self.quoted(),
            Some(b'r') => self.raw(),
            _ => Err(Bail),
        }
    }

    /// A `"..."` string; escapes `\\ \" \' \n \t \r \0 \u{..}` only.
    fn quoted(&mut self) -> Res<Cow<'de, str>> {
        self.i += 1;
        let start = self.i;
        let end = self.b[start..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\')
            .ok_or(Bail)?;
        if self.b[start + end] == b'"' {
            self.i = start + end + 1;
            return Ok(Cow::Borrowed(&self.s[start..start + end]));
        }
        let mut out = String::new();
        loop {
            let rest = &self.s[self.i..];
            let at = rest.find(['"', '\\']).ok_or(Bail)?;
            out.push_str(&rest[..at]);
            self.i += at + 1;
            if rest.as_bytes()[at] == b'"' {
                return Ok(Cow::Owned(out));
            }
            out.push(self.escape()?);
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Res<char> {
        let c = self.peek().ok_or(Bail)?;
        self.i += 1;
        Ok(match c {
            b'\\' => '\\',
            b'"' => '"',
            b'\'' => '\'',
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'0' => '\0',
            b'u' if self.peek() == Some(b'{') => {
                let rest = &self.s[self.i + 1..];
                let close = rest
                    .find('}')
                    .filter(|&n| (1..=6).contains(&n))
                    .ok_or(Bail)?;
                let hex = &rest[..close];
                if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return Err(Bail);
                }
                self.i += close + 2;
                u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(Bail)?
            }
            _ => return Err(Bail),
        })
    }

    /// A raw string `r"..."` or `r#"..."#` (any number of hashes).
    fn raw(&mut self) -> Res<Cow<'de, str>> {
        self.i += 1;
        let hashes = self.b[self.i..].iter().take_while(|&&c| c == b'#').count();
        self.i += hashes;
        if self.peek() != Some(b'"') {
            return Err(Bail);
        }
        self.i += 1;
        let start = self.i;
        let mut close = String::from("\"");
        close.extend(std::iter::repeat_n('#', hashes));
        let end = self.s[start..].find(&close).ok_or(Bail)?;
        self.i = start + end + close.len();
        Ok(Cow::Borrowed(&self.s[start..start + end]))
    }

    /// The text of a number: `-?digits(.digits)?([eE][+-]?digits)?`, not followed by
    /// anything that could continue it (a suffix, an underscore, a range). Whole
    /// numbers only when `whole`.
    fn number(&mut self, whole: bool) -> Res<&'de str> {
        self.ws()?;
        let start = self.i;
        let digits = |r: &mut Self| {
            let n = r.b[r.i..].iter().take_while(|c| c.is_ascii_digit()).count();
            r.i += n;
            n
        };
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let first = self.i;
        if digits(self) == 0 {
            return Err(Bail);
        }
        // A leading zero (`007`): left to `ron`.
        if self.b[first] == b'0' && self.i - first > 1 {
            return Err(Bail);
        }
        if !whole && self.peek() == Some(b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(Bail);
            }
        }
        if !whole && matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(Bail);
            }
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || !c.is_ascii())
        {
            return Err(Bail);
        }
        Ok(&self.s[start..self.i])
    }

    fn parse_num<T: std::str::FromStr>(&mut self, whole: bool) -> Res<T> {
        self.number(whole)?.parse().map_err(|_| Bail)
    }
}

/// Comma-separated items up to `end`, a trailing comma allowed.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    end: u8,
    first: bool,
}

impl<'a, 'de> Items<'a, 'de> {
    fn new(r: &'a mut Reader<'de>, end: u8) -> Self {
        Items {
            r,
            end,
            first: true,
        }
    }

    /// Whether another item follows (past its comma).
    fn more(&mut self) -> Res<bool> {
        self.r.ws()?;
        if self.r.peek() == Some(self.end) {
            return Ok(false);
        }
        if !self.first {
            self.r.expect(b',')?;
            self.r.ws()?;
            if self.r.peek() == Some(self.end) {
                return Ok(false);
            }
        }
        self.first = false;
        Ok(true)
    }

    /// Consumes the end (and a trailing comma left by a visitor that stopped early).
    fn finish(self) -> Res<()> {
        self.r.ws()?;
        if !self.first && self.r.peek() == Some(b',') {
            self.r.i += 1;
        }
        self.r.expect(self.end)
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Res<Option<T::Value>> {
        if !self.more()? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.r).map(Some)
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Res<Option<K::Value>> {
        if !self.more()? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.r).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Res<V::Value> {
        self.r.expect(b':')?;
        seed.deserialize(&mut *self.r)
    }
}

/// A struct's fields: keys are identifiers, not strings.
struct Fields<'a, 'de>(Items<'a, 'de>);

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Res<Option<K::Value>> {
        if !self.0.more()? {
            return Ok(None);
        }
        let name = self.0.r.ident()?.ok_or(Bail)?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Res<V::Value> {
        de::MapAccess::next_value_seed(&mut self.0, seed)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Bail;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Res<(V::Value, Self)> {
        let name = self.ident()?.ok_or(Bail)?;
        let v = seed.deserialize(de::value::BorrowedStrDeserializer::<Bail>::new(name))?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Bail;

    fn unit_variant(self) -> Res<()> {
        self.ws()?;
        if self.peek() == Some(b'(') {
            return Err(Bail);
        }
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Res<T::Value> {
        self.expect(b'(')?;
        let v = seed.deserialize(&mut *self)?;
        self.expect(b')')?;
        Ok(v)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Res<V::Value> {
        Err(Bail)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Res<V::Value> {
        Err(Bail)
    }
}

macro_rules! numbers {
    ($($method:ident $visit:ident $ty:ty, $whole:expr;)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
            v.$visit(self.parse_num::<$ty>($whole)?)
        }
    )*};
}

macro_rules! bail {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Res<V::Value> {
            Err(Bail)
        }
    )*};
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Bail;

    numbers! {
        deserialize_i8 visit_i8 i8, true;
        deserialize_i16 visit_i16 i16, true;
        deserialize_i32 visit_i32 i32, true;
        deserialize_i64 visit_i64 i64, true;
        deserialize_u8 visit_u8 u8, true;
        deserialize_u16 visit_u16 u16, true;
        deserialize_u32 visit_u32 u32, true;
        deserialize_u64 visit_u64 u64, true;
        deserialize_f32 visit_f32 f32, false;
        deserialize_f64 visit_f64 f64, false;
    }

    bail! {
        deserialize_any deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_ignored_any
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        match self.ident()? {
            Some("true") => v.visit_bool(true),
            Some("false") => v.visit_bool(false),
            _ => Err(Bail),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => v.visit_borrowed_str(s),
            Cow::Owned(s) => v.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        let at = self.i;
        match self.ident()? {
            Some("None") => v.visit_none(),
            Some("Some") => {
                self.expect(b'(')?;
                let x = v.visit_some(&mut *self)?;
                self.expect(b')')?;
                Ok(x)
            }
            // Implicit `Some`: the value itself.
            _ => {
                self.i = at;
                v.visit_some(self)
            }
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Res<V::Value> {
        Err(Bail)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Res<V::Value> {
        Err(Bail)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        self.expect(b'[')?;
        let mut items = Items::new(self, b']');
        let x = v.visit_seq(&mut items)?;
        items.finish()?;
        Ok(x)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Res<V::Value> {
        self.expect(b'(')?;
        let mut items = Items::new(self, b')');
        let x = v.visit_seq(&mut items)?;
        items.finish()?;
        Ok(x)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Res<V::Value> {
        Err(Bail)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        self.expect(b'{')?;
        let mut items = Items::new(self, b'}');
        let x = v.visit_map(&mut items)?;
        items.finish()?;
        Ok(x)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Res<V::Value> {
        // `ron` checks a struct's name when it is written.
        if self.ident()?.is_some_and(|n| n != name) {
            return Err(Bail);
        }
        self.expect(b'(')?;
        let mut fields = Fields(Items::new(self, b')'));
        let x = v.visit_map(&mut fields)?;
        fields.0.finish()?;
        Ok(x)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Res<V::Value> {
        v.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Res<V::Value> {
        let name = self.ident()?.ok_or(Bail)?;
        v.visit_borrowed_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::{Model, generate};

    fn by_ron(text: &str) -> Option<Document> {
        super::super::ron_format::parse_with_ron(text)
    }

    /// Every shape the bundled graph has (roles, faction claims, dates stated and
    /// inferred, sub-kinds, aliases, escapes), read as `ron` reads it.
    #[test]
    fn reads_the_bundled_graph_as_ron_does() {
        // Read from the source tree: `bundled` sits above `io`.
        let path = crate::io::export::bundled_source_path();
        let text = std::fs::read_to_string(path).expect("graph.ron");
        let fast = parse(&text).expect("the canonical form is in the subset");
        assert_eq!(Some(fast), by_ron(&text));
    }

    #[test]
    fn reads_generated_graphs_with_positions_as_ron_does() {
        let mut doc = generate(Model::ScaleFree, 50, 120, 7);
        for (i, n) in doc.nodes.iter_mut().enumerate() {
            n.pos = Some([i as f32 * 0.37 - 3.0, 1.0e-3 / (i as f32 + 1.0)]);
            n.attrs.insert("k\"ey".into(), "v\\al\n\u{2028}".into());
        }
        let text = super::super::ron_format::to_string(&doc).expect("encode");
        let fast = parse(&text).expect("canonical");
        assert_eq!(fast, doc);
        assert_eq!(Some(fast), by_ron(&text));
    }

    /// Hand-written forms inside the subset read as `ron` reads them; forms outside
    /// it, and errors, are left to `ron` (`None`).
    #[test]
    fn hand_written_forms_agree_or_are_left_to_ron() {
        let node = |body: &str| format!("(version: 1, nodes: [{body}])");
        let agree = [
            node("(id: \"a\", label: \"A\", kind: Person,)"),
            node("Node(id: \"a\", label: r#\"x \"y\"\"#, kind: Concept, aliases: [\"b\",],)"),
            node("(id: \"a\", label: \"A\", kind: Person, pos: Some((1.5, -2e3)))"),
            node("(id: \"a\", label: \"\\u{e9}\\t\", kind: Person, date: None // c\n)"),
            "// a comment\n(version: 1, title: \"t\")".to_owned(),
        ];
        for text in &agree {
            let fast = parse(text);
            assert!(fast.is_some(), "{text}");
            assert_eq!(fast, by_ron(text), "{text}");
        }
        let left = [
            node("(id: \"a\", label: \"A\", kind: Wizard)"),
            node("Edge(id: \"a\", label: \"A\", kind: Person)"),
            node("(id: \"a\", label: \"A\", kind: Person, colour: 1)"),
            node("(id: \"a\", label: \"A\", kind: Person, pos: (01.0, 2.0))"),
            node("(id: \"a\", label: \"\\x41\", kind: Person)"),
            "(version: 1) x".to_owned(),
            "(version: 1 /* c */)".to_owned(),
            "(version: 1,, )".to_owned(),
            "(version: 0x1)".to_owned(),
            "(version: 1".to_owned(),
            "(version: \"1\")".to_owned(),
        ];
        for text in &left {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
