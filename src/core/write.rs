//! Typed output → JSON text: the one serializer of the package (what `JSON.parse` reads on the
//! JS side, and what native tests compare).
//!
//! Why not serde_json's serializer: this one knows only what the outputs use (no floats, no
//! maps with non-string keys), which keeps the .wasm small, and it can copy a value the server
//! sent verbatim ([`RawJson`]: custom-field values keep their JSON type and digits) without a
//! `Value` in between. Strings are escaped the way `JSON.stringify` escapes them.
use serde::ser::{self, Serialize};

/// A JSON value copied into the output as it was received (any type). The text must be one
/// valid JSON value: it comes from [`crate::core::json::Val::raw_json`] or is a literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawJson<'a>(pub &'a str);

impl RawJson<'static> {
    pub const NULL: RawJson<'static> = RawJson("null");
}

/// The newtype-struct name that marks [`RawJson`] for [`Writer`] (the trick serde_json's
/// `RawValue` uses). Any other serializer sees a plain string.
const RAW_TOKEN: &str = "$tomticket::raw";

impl Serialize for RawJson<'_> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(RAW_TOKEN, self.0)
    }
}

/// The serializer's only error: a type this package never outputs.
#[derive(Debug)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value this serializer does not support")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

/// `value` as JSON text. Fails only for types no output has (floats, non-string map keys).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, Unsupported> {
    let mut w = Writer { out: String::with_capacity(256) };
    value.serialize(&mut w)?;
    Ok(w.out)
}

/// Appends `s` as a JSON string literal (quotes included), escaped as `JSON.stringify` does.
pub(super) fn push_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(run..i).unwrap_or(""));
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or(""));
    out.push('"');
}

/// Writes JSON text into `out`.
pub struct Writer {
    out: String,
}

impl Writer {
    fn int(&mut self, n: i128) {
        let mut buf = [0u8; 40];
        let mut i = buf.len();
        let negative = n < 0;
        let mut m = n.unsigned_abs();
        loop {
            i -= 1;
            buf[i] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        if negative {
            i -= 1;
            buf[i] = b'-';
        }
        // digits and '-' are ASCII
        self.out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
    }
}

/// Objects, arrays and maps in progress: writes the separators.
pub struct Compound<'w> {
    w: &'w mut Writer,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
    }

    /// A struct field name: an ASCII identifier, written without escaping.
    fn key(&mut self, key: &str) {
        self.comma();
        self.w.out.push('"');
        self.w.out.push_str(key);
        self.w.out.push_str("\":");
    }

    /// Writes the closing bracket or brace.
    fn close(self) -> Result<(), Unsupported> {
        self.w.out.push(self.close);
        Ok(())
    }
}

/// `serialize_i8` … `serialize_u64` of [`Writer`]: every integer goes through [`Writer::int`].
macro_rules! integers {
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, v: $t) -> Result<(), Unsupported> {
            self.int(v.into());
            Ok(())
        }
    )*};
}

/// Serializer methods of one value argument that answer [`Unsupported`].
macro_rules! refused {
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, _: $t) -> Result<(), Unsupported> {
            Err(Unsupported)
        }
    )*};
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64);
    integers!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    refused!(serialize_f32: f32, serialize_f64: f64);
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        push_string(&mut self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        push_string(&mut self.out, v);
        Ok(())
    }
    refused!(serialize_bytes: &[u8]);
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Unsupported> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Unsupported> {
        push_string(&mut self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> Result<(), Unsupported> {
        if name == RAW_TOKEN {
            return v.serialize(RawSink(&mut self.out));
        }
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Unsupported> {
        self.out.push('{');
        push_string(&mut self.out, variant);
        self.out.push(':');
        v.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w>, Unsupported> {
        self.out.push('[');
        Ok(Compound { w: self, first: true, close: ']' })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'w>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w>, Unsupported> {
        self.out.push('{');
        Ok(Compound { w: self, first: true, close: '}' })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'w>, Unsupported> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
        self.comma();
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

/// Tuples and tuple structs are written as arrays, through [`ser::SerializeSeq`].
macro_rules! as_seq {
    ($($trait_:ident::$element:ident),*) => {$(
        impl ser::$trait_ for Compound<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn $element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
                ser::SerializeSeq::serialize_element(self, v)
            }
            fn end(self) -> Result<(), Unsupported> {
                ser::SerializeSeq::end(self)
            }
        }
    )*};
}
as_seq!(SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Unsupported> {
        self.comma();
        k.serialize(KeySink(&mut self.w.out))?;
        self.w.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Unsupported> {
        self.key(key);
        v.serialize(&mut *self.w)
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), Unsupported> {
        Ok(())
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

/// Accepts only a string, written as it is (the text of a [`RawJson`]).
struct RawSink<'o>(&'o mut String);
/// Accepts only a string, written as a JSON string (a map key).
struct KeySink<'o>(&'o mut String);

macro_rules! only_strings {
    ($sink:ident, |$out:ident, $v:ident| $write:expr) => {
        impl ser::Serializer for $sink<'_> {
            type Ok = ();
            type Error = Unsupported;
            type SerializeSeq = ser::Impossible<(), Unsupported>;
            type SerializeTuple = ser::Impossible<(), Unsupported>;
            type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
            type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
            type SerializeMap = ser::Impossible<(), Unsupported>;
            type SerializeStruct = ser::Impossible<(), Unsupported>;
            type SerializeStructVariant = ser::Impossible<(), Unsupported>;

            fn serialize_str(self, $v: &str) -> Result<(), Unsupported> {
                let $out = self.0;
                $write;
                Ok(())
            }
            refused!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64);
            refused!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_f32: f32);
            refused!(serialize_f64: f64, serialize_char: char, serialize_bytes: &[u8]);
            fn serialize_none(self) -> Result<(), Unsupported> { Err(Unsupported) }
            fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Unsupported> { Err(Unsupported) }
            fn serialize_unit(self) -> Result<(), Unsupported> { Err(Unsupported) }
            fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> { Err(Unsupported) }
            fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Unsupported> { Err(Unsupported) }
            fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<(), Unsupported> { Err(Unsupported) }
            fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<(), Unsupported> { Err(Unsupported) }
            fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> { Err(Unsupported) }
            fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> { Err(Unsupported) }
            fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Unsupported> { Err(Unsupported) }
            fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, Unsupported> { Err(Unsupported) }
            fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> { Err(Unsupported) }
            fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Unsupported> { Err(Unsupported) }
            fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, Unsupported> { Err(Unsupported) }
        }
    };
}

only_strings!(RawSink, |out, v| out.push_str(v));
only_strings!(KeySink, |out, v| push_string(out, v));

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample<'a> {
        a_name: &'a str,
        n: i64,
        none: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u32>,
        list: Vec<bool>,
        raw: RawJson<'a>,
        map: BTreeMap<String, String>,
        code: Code,
        other: Code,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    enum Code {
        Urgent,
        Unknown(String),
    }

    #[test]
    fn writes_what_json_parse_reads() {
        let s = Sample {
            a_name: "aspas \" barra \\ nova\nlinha \u{1} é 😀 \u{2028}",
            n: i64::MIN,
            none: None,
            skipped: None,
            list: vec![true, false],
            raw: RawJson(r#"{"x": [1.5, "\u00e9"]}"#),
            map: [("k\"ey".to_owned(), "v".to_owned())].into_iter().collect(),
            code: Code::Urgent,
            other: Code::Unknown("9".into()),
        };
        let text = to_json(&s).unwrap();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back,
            serde_json::json!({
                "aName": "aspas \" barra \\ nova\nlinha \u{1} é 😀 \u{2028}", "n": i64::MIN, "none": null,
                "list": [true, false], "raw": {"x": [1.50, "é"]}, "map": {"k\"ey": "v"},
                "code": "urgent", "other": {"unknown": "9"}
            })
        );
        assert!(text.contains(r#""raw":{"x": [1.5, "\u00e9"]}"#), "raw JSON is copied verbatim: {text}");
        assert!(text.contains(r"\u0001"), "{text}");
        assert_eq!(to_json(&1.5f64).unwrap_err().to_string(), "a value this serializer does not support");
    }

    #[test]
    fn escapes_like_json_stringify() {
        let mut out = String::new();
        push_string(&mut out, "a\u{8}\u{c}\t\r\n\u{1f}\"\\/é");
        assert_eq!(out, r#""a\b\f\t\r\n\u001f\"\\/é""#);
    }
}
