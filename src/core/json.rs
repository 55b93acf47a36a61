//! JSON text → [`serde_json::Value`], without serde_json's deserializer.
//!
//! Why not `serde_json::from_str`: its deserializer (and, through serde's `Unexpected::Float`
//! error text, core's float formatting) is ≈ 55 KB of the .wasm before gzip, 19 KB after — a
//! sixth of the package — for the one thing the core parses: response bodies and the caller's
//! `JSON.stringify`d input, always into a `Value`. This reader builds the same `Value` (checked
//! against serde_json by a property test and a fuzz target: same value, or both refuse), with
//! numbers kept as their text (`arbitrary_precision`, see `lenient.rs`), the same nesting limit
//! (128) and the last of duplicate keys winning. Serialising still goes through serde_json.
//! Nothing here panics on any input: every index is checked.
use serde_json::{Map, Number, Value};

/// Why a text is not JSON, and where (1-based line and column of the byte that failed, or of
/// the end of the text).
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

    /// `at line 1, column 5` (or `nested more than 128 levels deep`).
    pub fn position(&self) -> String {
        match self.kind {
            JsonErrorKind::TooDeep => format!("nested more than {MAX_DEPTH} levels deep, at line {}, column {}", self.line, self.column),
            _ => format!("at line {}, column {}", self.line, self.column),
        }
    }
}

/// serde_json's recursion limit.
pub const MAX_DEPTH: usize = 128;

/// Parses one JSON value (surrounding whitespace allowed, nothing else after it).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser { s: text.as_bytes(), text, i: 0, depth: 0 };
    let v = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err(JsonErrorKind::Syntax));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn err(&self, kind: JsonErrorKind) -> JsonError {
        let upto = self.s.get(..self.i.min(self.s.len())).unwrap_or(self.s);
        let line = 1 + upto.iter().filter(|&&b| b == b'\n').count();
        let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        // columns count characters, not bytes (continuation bytes are skipped)
        let column = upto.get(line_start..).unwrap_or(&[]).iter().filter(|&&b| b & 0xC0 != 0x80).count();
        JsonError { kind, line, column: column.max(1) }
    }

    fn eof_or(&self, kind: JsonErrorKind) -> JsonError {
        if self.i >= self.s.len() {
            self.err(JsonErrorKind::Eof)
        } else {
            self.err(kind)
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        let rest = self.s.get(self.i..).unwrap_or(&[]);
        self.i += rest.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')).unwrap_or(rest.len());
    }

    fn value(&mut self) -> Result<Value, JsonError> {
        self.ws();
        match self.peek() {
            None => Err(self.err(JsonErrorKind::Eof)),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word(b"true", Value::Bool(true)),
            Some(b'f') => self.word(b"false", Value::Bool(false)),
            Some(b'n') => self.word(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err(JsonErrorKind::Syntax)),
        }
    }

    fn word(&mut self, w: &[u8], v: Value) -> Result<Value, JsonError> {
        for &expected in w {
            match self.peek() {
                Some(b) if b == expected => self.i += 1,
                _ => return Err(self.eof_or(JsonErrorKind::Syntax)),
            }
        }
        Ok(v)
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(JsonErrorKind::TooDeep));
        }
        self.i += 1; // the `[` or `{`
        Ok(())
    }

    fn array(&mut self) -> Result<Value, JsonError> {
        self.enter()?;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.eof_or(JsonErrorKind::Syntax)),
            }
        }
    }

    fn object(&mut self) -> Result<Value, JsonError> {
        self.enter()?;
        let mut map = Map::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.eof_or(JsonErrorKind::Syntax));
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.eof_or(JsonErrorKind::Syntax));
            }
            self.i += 1;
            let v = self.value()?;
            map.insert(key, v);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(Value::Object(map));
                }
                _ => return Err(self.eof_or(JsonErrorKind::Syntax)),
            }
        }
    }

    /// At the opening quote. Returns the unescaped text.
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        let start = self.i;
        // Fast path: no escape before the closing quote → one copy of the slice.
        let rest = self.s.get(start..).unwrap_or(&[]);
        match rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20) {
            None => {
                self.i = self.s.len();
                return Err(self.err(JsonErrorKind::Eof));
            }
            Some(n) => self.i = start + n,
        }
        match self.peek() {
            Some(b'"') => {
                let out = self.text.get(start..self.i).ok_or_else(|| self.err(JsonErrorKind::Syntax))?.to_owned();
                self.i += 1;
                return Ok(out);
            }
            Some(b'\\') => {}
            _ => return Err(self.err(JsonErrorKind::Syntax)), // a raw control character
        }
        let mut out = String::with_capacity(self.i - start + 16);
        out.push_str(self.text.get(start..self.i).ok_or_else(|| self.err(JsonErrorKind::Syntax))?);
        loop {
            let run_start = self.i;
            let rest = self.s.get(run_start..).unwrap_or(&[]);
            self.i = run_start + rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(rest.len());
            out.push_str(self.text.get(run_start..self.i).ok_or_else(|| self.err(JsonErrorKind::Syntax))?);
            match self.peek() {
                None => return Err(self.err(JsonErrorKind::Eof)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.peek() {
                        None => return Err(self.err(JsonErrorKind::Eof)),
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        Some(_) => return Err(self.err(JsonErrorKind::Syntax)),
                    };
                    self.i += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.err(JsonErrorKind::Syntax)), // a raw control character
            }
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

    /// After `\u`: one code point, joining a surrogate pair; a lone surrogate is an error (as in
    /// serde_json: a Rust string cannot hold it).
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                for expected in [b'\\', b'u'] {
                    match self.peek() {
                        None => return Err(self.err(JsonErrorKind::Eof)),
                        Some(b) if b == expected => self.i += 1,
                        Some(_) => return Err(self.err(JsonErrorKind::Syntax)),
                    }
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.err(JsonErrorKind::Syntax));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.err(JsonErrorKind::Syntax)),
            n => n,
        };
        char::from_u32(code).ok_or_else(|| self.err(JsonErrorKind::Syntax))
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text in a `Number`.
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.eof_or(JsonErrorKind::Syntax)),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.eof_or(JsonErrorKind::Syntax));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.eof_or(JsonErrorKind::Syntax));
            }
            self.digits();
        }
        let text = self.text.get(start..self.i).ok_or_else(|| self.err(JsonErrorKind::Syntax))?;
        if integer && text != "-0" {
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Value::Number(n.into()));
            }
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Value::Number(n.into()));
            }
        }
        // Any other valid JSON number: serde_json keeps its text (arbitrary_precision).
        text.parse::<Number>().map(Value::Number).map_err(|_| self.err(JsonErrorKind::Syntax))
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

    fn same_as_serde_json(text: &str) {
        let ours = parse(text);
        let theirs = serde_json::from_str::<Value>(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
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
            "\t\r\n 7 \n",
        ] {
            same_as_serde_json(t);
        }
        assert_eq!(parse(r#"{"a":1,"a":2}"#).unwrap()["a"], 2, "the last duplicate wins");
        assert_eq!(parse("1.50").unwrap().to_string(), "1.50", "numbers keep their digits");
    }

    #[test]
    fn refuses_what_serde_json_refuses_with_the_same_kind() {
        for t in [
            "", " ", "{", "[", "[1,", r#"{"a""#, r#"{"a":"#, r#"{"a":1"#, r#""abc"#, r#""\"#, r#""\u12"#, "tru", "nul", "-",
            "1.", "1e", "1e+", "01", "1.e5", "+1", ".5", "[1,]", r#"{"a":1,}"#, "{1:2}", r#"{"a" 1}"#, "[1 2]", "1 2",
            "nulls", "<html>", "'a'", r#""\x""#, "\"a\u{1}b\"", r#""\ud800""#, r#""\ud800\u0041""#, r#""\udc00""#,
            "[\n1,\n2\n", "{\n  \"é\": x}", "NaN", "Infinity", "[-]", "\u{feff}{}",
        ] {
            same_as_serde_json(t);
        }
    }

    #[test]
    fn depth_limit_is_serde_jsons() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(&deep).unwrap_err().kind, JsonErrorKind::TooDeep);
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        let huge = "[".repeat(100_000);
        assert_eq!(parse(&huge).unwrap_err().kind, JsonErrorKind::TooDeep, "no stack overflow");
    }
}
