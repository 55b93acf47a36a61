//! JSON text → a flat tape of nodes that borrows the text, and [`Val`], the view every reader
//! goes through.
//!
//! Why a tape and not a `Value` tree: decoding a 125 KB ticket through `serde_json::Value`
//! allocated a `String` per key and per value and a `BTreeMap` per object, then copied each
//! string again into the typed output. Here one pass records, for every value, its kind and
//! where it is in the text (16 bytes a node, one `Vec` for the whole document); strings stay in
//! the text until a reader asks for them, and a string without escapes is handed out borrowed.
//!
//! The grammar is RFC 8259, as strict as serde_json: the same texts are refused (checked by a
//! property test and a fuzz target against serde_json), with the same nesting limit
//! ([`MAX_DEPTH`]); a lone surrogate escape is refused (a Rust string cannot hold it). Of
//! duplicate keys, the last one wins. Nothing here panics on any input: every index is checked.
use std::borrow::Cow;

/// Why a text is not JSON, and where (1-based line and column of the character that failed,
/// or of the end of the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub kind: JsonErrorKind,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The text ends before the value does (a truncated body).
    Eof,
    /// Something that is not JSON at `line`/`column`.
    Syntax,
    /// Nested deeper than [`MAX_DEPTH`] arrays/objects.
    TooDeep,
}

impl JsonError {
    pub fn is_eof(&self) -> bool {
        self.kind == JsonErrorKind::Eof
    }

    /// `at line 1, column 5` (or `nested more than 128 levels deep, at …`).
    pub fn position(&self) -> String {
        let at = format!("at line {}, column {}", self.line, self.column);
        match self.kind {
            JsonErrorKind::TooDeep => format!("nested more than {MAX_DEPTH} levels deep, {at}"),
            _ => at,
        }
    }
}

/// serde_json's recursion limit.
pub(super) const MAX_DEPTH: usize = 128;

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    False,
    True,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// The JS name of the type, as messages say it ("got number").
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::False | Kind::True => "boolean",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }
}

/// One value of the document.
/// - strings: `start..end` is the text between the quotes, still escaped when `escaped`;
/// - numbers: `start..end` is the number's text;
/// - arrays/objects: `start..end` is the whole value (brackets included) and `next` the index of
///   the node after its last descendant. An object's children are key, value, key, value, …
#[derive(Clone, Copy, Debug)]
struct Node {
    kind: Kind,
    escaped: bool,
    start: u32,
    end: u32,
    next: u32,
}

/// A parsed JSON document: the text and its tape.
#[derive(Debug)]
pub struct Doc<'a> {
    text: &'a str,
    nodes: Vec<Node>,
}

impl<'a> Doc<'a> {
    /// Parses one JSON value (surrounding whitespace allowed, nothing else after it).
    /// Texts over 4 GiB are refused (offsets are 32-bit).
    pub fn parse(text: &'a str) -> Result<Doc<'a>, JsonError> {
        let mut p = Parser { s: text.as_bytes(), i: 0, nodes: Vec::with_capacity(text.len() / 12 + 4), stack: Vec::new() };
        if u32::try_from(text.len()).is_err() {
            return Err(p.err(JsonErrorKind::Syntax));
        }
        p.document()?;
        Ok(Doc { text, nodes: p.nodes })
    }

    /// The top-level value.
    pub fn root(&self) -> Val<'_, 'a> {
        Val { doc: self, i: 0 }
    }

    #[inline]
    fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    #[inline]
    fn slice(&self, n: &Node) -> &'a str {
        self.text.get(n.start as usize..n.end as usize).unwrap_or("")
    }
}

/// A view of one value of a [`Doc`]. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Val<'d, 'a> {
    doc: &'d Doc<'a>,
    i: usize,
}

impl std::fmt::Debug for Val<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.raw_json())
    }
}

impl<'d, 'a> Val<'d, 'a> {
    #[inline]
    fn node(&self) -> Node {
        // Views are only made for indexes the parser wrote; the fallback is never taken.
        self.doc.node(self.i).copied().unwrap_or(Node { kind: Kind::Null, escaped: false, start: 0, end: 0, next: 0 })
    }

    #[inline]
    pub fn kind(&self) -> Kind {
        self.node().kind
    }

    #[inline]
    pub fn is_null(&self) -> bool {
        self.kind() == Kind::Null
    }

    /// The JS name of the type, for messages.
    pub fn type_name(&self) -> &'static str {
        self.kind().type_name()
    }

    /// The index of the next sibling (past this value and its descendants).
    #[inline]
    fn skip(&self) -> usize {
        let n = self.node();
        match n.kind {
            Kind::Array | Kind::Object => n.next as usize,
            _ => self.i + 1,
        }
    }

    /// The string's text, unescaped: borrowed from the document when it has no escapes.
    #[inline]
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        let n = self.node();
        if n.kind != Kind::String {
            return None;
        }
        let raw = self.doc.slice(&n);
        Some(if n.escaped { Cow::Owned(unescape(raw)) } else { Cow::Borrowed(raw) })
    }

    /// A number's text, exactly as sent (`12`, `-0.50`, `1e3`).
    #[inline]
    pub fn number_text(&self) -> Option<&'a str> {
        let n = self.node();
        (n.kind == Kind::Number).then(|| self.doc.slice(&n))
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.kind() {
            Kind::True => Some(true),
            Kind::False => Some(false),
            _ => None,
        }
    }

    /// The value's JSON text as it appears in the document (valid JSON, original escapes kept).
    pub fn raw_json(&self) -> &'a str {
        let n = self.node();
        match n.kind {
            Kind::Null => "null",
            Kind::True => "true",
            Kind::False => "false",
            // with its quotes
            Kind::String => self.doc.text.get(n.start as usize - 1..n.end as usize + 1).unwrap_or("\"\""),
            _ => self.doc.slice(&n),
        }
    }

    /// The member `key` of an object (the last one when the key repeats).
    pub fn get(&self, key: &str) -> Option<Val<'d, 'a>> {
        let mut found = None;
        for (k, v) in self.members() {
            if k.is(key) {
                found = Some(v);
            }
        }
        found
    }

    /// An object's members in document order (empty for anything else).
    pub fn members(&self) -> Members<'d, 'a> {
        let n = self.node();
        let (i, end) = if n.kind == Kind::Object { (self.i + 1, n.next as usize) } else { (0, 0) };
        Members { doc: self.doc, i, end }
    }

    /// An array's items in order (empty for anything else).
    pub fn items(&self) -> Items<'d, 'a> {
        let n = self.node();
        let (i, end) = if n.kind == Kind::Array { (self.i + 1, n.next as usize) } else { (0, 0) };
        Items { doc: self.doc, i, end }
    }

    /// Members of an object or items of an array.
    pub fn len(&self) -> usize {
        match self.kind() {
            Kind::Object => self.members().count(),
            Kind::Array => self.items().count(),
            _ => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An object key.
#[derive(Clone, Copy)]
pub struct Key<'d, 'a>(Val<'d, 'a>);

impl<'a> Key<'_, 'a> {
    /// Whether the key is `name` (compared without allocating unless the key has escapes).
    #[inline]
    pub fn is(&self, name: &str) -> bool {
        let n = self.0.node();
        let raw = self.0.doc.slice(&n);
        if n.escaped {
            unescape(raw) == name
        } else {
            raw == name
        }
    }

    #[inline]
    pub fn text(&self) -> Cow<'a, str> {
        self.0.as_str().unwrap_or(Cow::Borrowed(""))
    }
}

pub struct Members<'d, 'a> {
    doc: &'d Doc<'a>,
    i: usize,
    end: usize,
}

impl<'d, 'a> Iterator for Members<'d, 'a> {
    type Item = (Key<'d, 'a>, Val<'d, 'a>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.i + 1 >= self.end {
            return None;
        }
        let key = Val { doc: self.doc, i: self.i };
        let value = Val { doc: self.doc, i: self.i + 1 };
        self.i = value.skip();
        Some((Key(key), value))
    }
}

pub struct Items<'d, 'a> {
    doc: &'d Doc<'a>,
    i: usize,
    end: usize,
}

impl<'d, 'a> Iterator for Items<'d, 'a> {
    type Item = Val<'d, 'a>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.i >= self.end {
            return None;
        }
        let v = Val { doc: self.doc, i: self.i };
        self.i = v.skip();
        Some(v)
    }
}

/// Unescapes the text of a string that the parser validated.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find('\\') {
        out.push_str(rest.get(..pos).unwrap_or(""));
        let after = rest.get(pos + 1..).unwrap_or("");
        let mut chars = after.chars();
        let consumed = match chars.next() {
            Some('u') => {
                let first = hex4(after.get(1..5));
                let (code, used) = match first {
                    Some(hi @ 0xD800..=0xDBFF) => match hex4(after.get(7..11)) {
                        Some(lo) => (0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF), 11),
                        None => (0xFFFD, 5),
                    },
                    Some(c) => (c, 5),
                    None => (0xFFFD, 1),
                };
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                used
            }
            Some(c) => {
                out.push(match c {
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    other => other, // `"`, `\`, `/`
                });
                c.len_utf8()
            }
            None => 0,
        };
        rest = after.get(consumed..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn hex4(s: Option<&str>) -> Option<u32> {
    let s = s?;
    if s.len() != 4 {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    nodes: Vec<Node>,
    /// Open containers: their node index.
    stack: Vec<usize>,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `w` is `"`, `\` or a control character (< 0x20): eight bytes at a time.
#[inline]
fn special_in(w: u64) -> bool {
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let quote = has_zero(w ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(w ^ (ONES * u64::from(b'\\')));
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    (quote | backslash | control) != 0
}

impl Parser<'_> {
    fn err(&self, kind: JsonErrorKind) -> JsonError {
        let upto = self.s.get(..self.i.min(self.s.len())).unwrap_or(self.s);
        let line = 1 + upto.iter().filter(|&&b| b == b'\n').count();
        let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        // columns count characters, not bytes (continuation bytes are skipped)
        let column = upto.get(line_start..).unwrap_or(&[]).iter().filter(|&&b| b & 0xC0 != 0x80).count();
        let at_char = usize::from(self.i < self.s.len());
        JsonError { kind, line, column: (column + at_char).max(1) }
    }

    fn eof_or(&self, kind: JsonErrorKind) -> JsonError {
        if self.i >= self.s.len() {
            self.err(JsonErrorKind::Eof)
        } else {
            self.err(kind)
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    #[inline]
    fn push(&mut self, kind: Kind, escaped: bool, start: usize, end: usize) {
        // `start`/`end` fit in u32: the text length was checked.
        self.nodes.push(Node { kind, escaped, start: start as u32, end: end as u32, next: 0 });
    }

    /// The whole document, iteratively (no recursion, whatever the nesting).
    fn document(&mut self) -> Result<(), JsonError> {
        self.value()?;
        loop {
            self.ws();
            let Some(&open) = self.stack.last() else { break };
            let is_object = self.nodes.get(open).map(|n| n.kind) == Some(Kind::Object);
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    if is_object {
                        self.key()?;
                    }
                    self.value()?;
                }
                Some(b']') if !is_object => self.close(open)?,
                Some(b'}') if is_object => self.close(open)?,
                _ => return Err(self.eof_or(JsonErrorKind::Syntax)),
            }
        }
        if self.i < self.s.len() {
            return Err(self.err(JsonErrorKind::Syntax));
        }
        Ok(())
    }

    fn close(&mut self, open: usize) -> Result<(), JsonError> {
        self.i += 1;
        self.stack.pop();
        let next = self.nodes.len() as u32;
        let end = self.i as u32;
        match self.nodes.get_mut(open) {
            Some(n) => {
                n.end = end;
                n.next = next;
                Ok(())
            }
            None => Err(self.err(JsonErrorKind::Syntax)),
        }
    }

    /// `"key" :` inside an object.
    fn key(&mut self) -> Result<(), JsonError> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(self.eof_or(JsonErrorKind::Syntax));
        }
        self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(self.eof_or(JsonErrorKind::Syntax));
        }
        self.i += 1;
        Ok(())
    }

    /// One value; a container is opened (its members come through [`Self::document`]'s loop).
    fn value(&mut self) -> Result<(), JsonError> {
        self.ws();
        match self.peek() {
            None => Err(self.err(JsonErrorKind::Eof)),
            Some(b @ (b'{' | b'[')) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.err(JsonErrorKind::TooDeep));
                }
                let (kind, close) = if b == b'{' { (Kind::Object, b'}') } else { (Kind::Array, b']') };
                let index = self.nodes.len();
                self.push(kind, false, self.i, self.i);
                self.stack.push(index);
                self.i += 1;
                self.ws();
                if self.peek() == Some(close) {
                    return self.close(index);
                }
                if kind == Kind::Object {
                    self.key()?;
                }
                self.value()
            }
            Some(b'"') => self.string(),
            Some(b't') => self.word(b"true", Kind::True),
            Some(b'f') => self.word(b"false", Kind::False),
            Some(b'n') => self.word(b"null", Kind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err(JsonErrorKind::Syntax)),
        }
    }

    fn word(&mut self, w: &[u8], kind: Kind) -> Result<(), JsonError> {
        let start = self.i;
        for &expected in w {
            match self.peek() {
                Some(b) if b == expected => self.i += 1,
                _ => return Err(self.eof_or(JsonErrorKind::Syntax)),
            }
        }
        self.push(kind, false, start, self.i);
        Ok(())
    }

    /// At the opening quote.
    fn string(&mut self) -> Result<(), JsonError> {
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            // Fast path: eight bytes at a time while none is special.
            while let Some(chunk) = self.s.get(self.i..self.i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                if special_in(u64::from_le_bytes(w)) {
                    break;
                }
                self.i += 8;
            }
            match self.peek() {
                None => return Err(self.err(JsonErrorKind::Eof)),
                Some(b'"') => {
                    self.push(Kind::String, escaped, start, self.i);
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    escaped = true;
                    self.i += 1;
                    self.escape()?;
                }
                Some(b) if b < 0x20 => return Err(self.err(JsonErrorKind::Syntax)), // raw control character
                Some(_) => self.i += 1,
            }
        }
    }

    /// After a backslash.
    fn escape(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            None => Err(self.err(JsonErrorKind::Eof)),
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.i += 1;
                Ok(())
            }
            Some(b'u') => {
                self.i += 1;
                match self.hex4()? {
                    0xD800..=0xDBFF => {
                        for expected in [b'\\', b'u'] {
                            match self.peek() {
                                None => return Err(self.err(JsonErrorKind::Eof)),
                                Some(b) if b == expected => self.i += 1,
                                Some(_) => return Err(self.err(JsonErrorKind::Syntax)),
                            }
                        }
                        if !(0xDC00..=0xDFFF).contains(&self.hex4()?) {
                            return Err(self.err(JsonErrorKind::Syntax));
                        }
                        Ok(())
                    }
                    0xDC00..=0xDFFF => Err(self.err(JsonErrorKind::Syntax)),
                    _ => Ok(()),
                }
            }
            Some(_) => Err(self.err(JsonErrorKind::Syntax)),
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                None => return Err(self.err(JsonErrorKind::Eof)),
                Some(b) => char::from(b).to_digit(16).ok_or_else(|| self.err(JsonErrorKind::Syntax))?,
            };
            n = n * 16 + d;
            self.i += 1;
        }
        Ok(n)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Result<(), JsonError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.eof_or(JsonErrorKind::Syntax)),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.eof_or(JsonErrorKind::Syntax));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.eof_or(JsonErrorKind::Syntax));
            }
            self.digits();
        }
        self.push(Kind::Number, false, start, self.i);
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The document as a serde_json value, built from the views only.
    pub(crate) fn to_value(v: Val<'_, '_>) -> Value {
        match v.kind() {
            Kind::Null => Value::Null,
            Kind::True => Value::Bool(true),
            Kind::False => Value::Bool(false),
            Kind::Number => serde_json::from_str(v.number_text().unwrap()).unwrap(),
            Kind::String => Value::String(v.as_str().unwrap().into_owned()),
            Kind::Array => Value::Array(v.items().map(to_value).collect()),
            Kind::Object => {
                let mut m = serde_json::Map::new();
                for (k, x) in v.members() {
                    m.insert(k.text().into_owned(), to_value(x));
                }
                Value::Object(m)
            }
        }
    }

    fn same_as_serde_json(text: &str) {
        let ours = Doc::parse(text);
        let theirs = serde_json::from_str::<Value>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => {
                assert_eq!(&to_value(a.root()), b, "{text:?}");
                assert_eq!(serde_json::from_str::<Value>(a.root().raw_json()).unwrap(), *b, "raw text of {text:?}");
            }
            // Positions are not compared: serde_json counts bytes and sometimes points at the
            // last byte read rather than the next; ours counts characters.
            (Err(a), Err(b)) => assert_eq!(a.is_eof(), b.is_eof(), "eof for {text:?}: ours {a:?}, serde_json {b}"),
            _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
        }
    }

    #[test]
    fn agrees_with_serde_json_on_valid_text() {
        for t in [
            "null", "true", "false", "0", "-0", "12", "-12", "1.5", "-0.0", "1e3", "1E+3", "1e-300", "2.5e10",
            "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
            "1e400", r#""""#, r#""a\"b\\c\/d\b\f\n\r\t""#, r#""\u00e9\u20AC\ud83d\ude00""#, r#""é€😀""#,
            "[]", "{}", " [ 1 , [ 2 , { } ] ] ", r#"{"a":1,"a":2}"#, r#"{"b":[],"a":{"c":null}}"#,
            "\t\r\n 7 \n", r#"{"k\u00e9y":"long text without any escape, longer than eight bytes"}"#,
            r#"["0123456789abcdef\"0123456789abcdef\\", "12345678"]"#,
        ] {
            same_as_serde_json(t);
        }
        let d = Doc::parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(d.root().get("a").unwrap().number_text(), Some("2"), "the last duplicate wins");
        assert_eq!(Doc::parse("1.50").unwrap().root().number_text(), Some("1.50"), "numbers keep their digits");
    }

    #[test]
    fn refuses_what_serde_json_refuses_with_the_same_kind() {
        for t in [
            "", " ", "{", "[", "[1,", r#"{"a""#, r#"{"a":"#, r#"{"a":1"#, r#""abc"#, r#""\"#, r#""\u12"#, "tru", "nul", "-",
            "1.", "1e", "1e+", "01", "1.e5", "+1", ".5", "[1,]", r#"{"a":1,}"#, "{1:2}", r#"{"a" 1}"#, "[1 2]", "1 2",
            "nulls", "<html>", "'a'", r#""\x""#, "\"a\u{1}b\"", r#""\ud800""#, r#""\ud800\u0041""#, r#""\udc00""#,
            "[\n1,\n2\n", "{\n  \"é\": x}", "NaN", "Infinity", "[-]", "\u{feff}{}", "[}", "{]", "[1}", r#"{"a":1]"#,
            "\"0123456789\u{1f}abcdef\"",
        ] {
            same_as_serde_json(t);
        }
    }

    #[test]
    fn depth_limit_is_serde_jsons() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(Doc::parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(Doc::parse(&deep).unwrap_err().kind, JsonErrorKind::TooDeep);
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        let huge = "[".repeat(100_000);
        assert_eq!(Doc::parse(&huge).unwrap_err().kind, JsonErrorKind::TooDeep, "no stack overflow");
    }

    #[test]
    fn strings_are_borrowed_unless_escaped() {
        let d = Doc::parse(r#"["plain", "a\nb", "\ud83d\ude00"]"#).unwrap();
        let items: Vec<_> = d.root().items().map(|v| v.as_str().unwrap()).collect();
        assert!(matches!(items[0], Cow::Borrowed("plain")));
        assert!(matches!(&items[1], Cow::Owned(s) if s == "a\nb"));
        assert_eq!(items[2], "😀");
        assert_eq!(d.root().items().nth(1).unwrap().raw_json(), r#""a\nb""#);
    }

    #[test]
    fn views_of_objects_and_arrays() {
        let d = Doc::parse(r#"{"a":[1,{"b":null},[]],"c":{},"d":"x"}"#).unwrap();
        let r = d.root();
        assert_eq!(r.len(), 3);
        let a = r.get("a").unwrap();
        assert_eq!(a.kind(), Kind::Array);
        assert_eq!(a.len(), 3);
        assert_eq!(a.raw_json(), r#"[1,{"b":null},[]]"#);
        assert!(a.items().nth(1).unwrap().get("b").unwrap().is_null());
        assert!(r.get("c").unwrap().is_empty());
        assert!(r.get("zz").is_none());
        assert_eq!(r.get("d").unwrap().type_name(), "string");
        assert_eq!(r.members().map(|(k, _)| k.text().into_owned()).collect::<Vec<_>>(), ["a", "c", "d"]);
        assert_eq!(a.members().count(), 0, "an array has no members");
        assert_eq!(r.items().count(), 0, "an object has no items");
    }

    #[test]
    fn error_positions() {
        let e = Doc::parse("{\n  \"é\": x}").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (JsonErrorKind::Syntax, 2, 8));
        assert_eq!(e.position(), "at line 2, column 8");
        assert!(Doc::parse(r#"{"a":"#).unwrap_err().is_eof());
    }
}
