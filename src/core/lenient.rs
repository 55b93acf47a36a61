//! Lenient readers for what the live API sends: numbers as strings, `"S"`/`"N"`, `"1"`/`"0"`,
//! `""` for null, decimal commas, PHP's `[]` for an empty object. Unknown fields are ignored.
//! Nothing here panics, whatever the JSON.
use serde_json::{Map, Number, Value};

use super::dates;

/// A borrowed JSON object with lenient getters. Missing keys and `null` read as `None`.
#[derive(Clone, Copy)]
pub struct Obj<'a>(pub &'a Map<String, Value>);

static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();

impl<'a> Obj<'a> {
    pub fn empty() -> Obj<'static> {
        Obj(EMPTY.get_or_init(Map::new))
    }

    pub fn from_value(v: &'a Value) -> Option<Obj<'a>> {
        v.as_object().map(Obj)
    }

    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        match self.0.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// Text. Numbers and booleans become their text; `""` and whitespace-only become `None`.
    pub fn string(&self, key: &str) -> Option<String> {
        value_string(self.raw(key)?)
    }

    /// Text, keeping `""` as `Some("")` (for fields where empty is meaningful).
    pub fn string_keep_empty(&self, key: &str) -> Option<String> {
        match self.raw(key)? {
            Value::String(s) => Some(s.clone()),
            other => value_string(other),
        }
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        value_int(self.raw(key)?)
    }

    /// Money or any decimal: `12.5`, `"12.5"`, `"12,50"`, `"1.234,56"`, `"1,234.56"`.
    pub fn decimal(&self, key: &str) -> Option<Number> {
        value_decimal(self.raw(key)?)
    }

    /// `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"S"`/`"N"` (sim/não), `"Y"`/`"N"`, `"true"`/`"false"`.
    /// `""` → `None`.
    pub fn boolean(&self, key: &str) -> Option<bool> {
        value_bool(self.raw(key)?)
    }

    /// A date as ISO 8601 ([`dates::to_iso`]); text in no known format is returned unchanged so
    /// that it stays visible.
    pub fn date(&self, key: &str) -> Option<String> {
        value_date(self.raw(key)?)
    }

    /// A nested object; `[]`, `""`, `{}` and non-objects read as `None` (PHP encodes an empty
    /// associative array as `[]`).
    pub fn object(&self, key: &str) -> Option<Obj<'a>> {
        match self.raw(key)? {
            Value::Object(m) if !m.is_empty() => Some(Obj(m)),
            _ => None,
        }
    }

    /// A list; anything that is not an array (absent, null, `""`, `{}`) reads as empty.
    pub fn array(&self, key: &str) -> &'a [Value] {
        match self.raw(key) {
            Some(Value::Array(a)) => a.as_slice(),
            _ => &[],
        }
    }

    /// The objects of a list, skipping entries that are not objects.
    pub fn objects(&self, key: &str) -> impl Iterator<Item = Obj<'a>> + 'a {
        self.array(key).iter().filter_map(Obj::from_value)
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
}

pub fn value_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn value_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| whole_number(&decimal_text(&n.to_string())?)),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>().ok().or_else(|| whole_number(&decimal_text(t)?))
        }
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// A decimal as a JSON number, keeping the digits it was sent with (`"12,50"` → `12.50`).
pub fn value_decimal(v: &Value) -> Option<Number> {
    let text = match v {
        Value::Number(n) => decimal_text(&n.to_string())?,
        Value::String(s) => decimal_text(s)?,
        _ => return None,
    };
    text.parse().ok()
}

pub fn value_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(_) => match value_int(v) {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "s" | "sim" | "y" | "yes" | "true" | "t" => Some(true),
            "0" | "n" | "nao" | "não" | "no" | "false" | "f" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub fn value_date(v: &Value) -> Option<String> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    match dates::to_iso(&text) {
        Ok(iso) => iso,
        Err(()) => Some(text),
    }
}

/// Lower case for matching codes, labels and messages: ASCII plus the Latin-1 capitals
/// (`É` → `é`, `Ç` → `ç`), which covers Portuguese, Spanish and English. Not `str::to_lowercase`
/// on purpose: its Unicode tables cost ≈ 7 KB of .wasm for letters no code or label here uses.
pub fn fold_case(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(c as u32 + 32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

// No floating point here, on purpose: parsing or printing an f64 pulls core's `dec2flt` tables
// and serde_json's float printer into the .wasm (≈ 30 KB). Decimals travel as their text, in a
// `serde_json::Number` (feature `arbitrary_precision`), and are printed back digit for digit.

/// `"12.5"`, `"12,50"`, `"1.234,56"`, `"1,234.56"`, `"R$ 10,00"`, `1e3` → canonical JSON
/// number text (`"12.50"`, `"1234.56"`, `"1e3"`). The last `.` or `,` is the decimal separator
/// when both appear; a lone `,` is decimal. `None` for anything else, and for values that are
/// not finite as an f64 (more than 40 characters, or an exponent beyond ±300).
pub fn parse_decimal(s: &str) -> Option<String> {
    decimal_text(s)
}

fn decimal_text(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches("R$").trim();
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let normalized: String = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => s.chars().filter(|&ch| ch != '.').map(|ch| if ch == ',' { '.' } else { ch }).collect(),
        (Some(_), Some(_)) => s.chars().filter(|&ch| ch != ',').collect(),
        (None, Some(_)) if s.matches(',').count() == 1 => s.replace(',', "."),
        (None, Some(_)) => return None,
        _ => s.to_owned(),
    };
    canonical_number(&normalized)
}

/// `[+-]digits[.digits][e[+-]digits]` (also `.5`, `5.`, leading zeros) → JSON number syntax.
fn canonical_number(s: &str) -> Option<String> {
    let (negative, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (int, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, ""),
    };
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let mut out = String::with_capacity(s.len() + 2);
    if negative {
        out.push('-');
    }
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if let Some(e) = exponent {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || digits.len() > 3 || !all_digits(digits) || digits.parse::<u32>().ok()? > 300 {
            return None;
        }
        out.push('e');
        out.push_str(e);
    }
    Some(out)
}

/// Canonical decimal text without exponent whose fraction is all zeros → the integer, when JS
/// can hold it exactly.
pub fn whole_number(text: &str) -> Option<i64> {
    if text.contains('e') {
        return None;
    }
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    let n: i64 = int.parse().ok()?;
    (n.abs() < 9_000_000_000_000_000).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_lenient() {
        let v = json!({"a": "12", "b": 12, "c": "", "d": "S", "e": "N", "f": "1", "g": 0, "h": "12,50",
                       "i": "1.234,56", "j": "1,234.56", "k": 3.0, "l": "x", "m": [], "n": {}, "o": {"x":1}, "p": "  "});
        let o = Obj::from_value(&v).unwrap();
        assert_eq!(o.int("a"), Some(12));
        assert_eq!(o.int("b"), Some(12));
        assert_eq!(o.int("k"), Some(3));
        assert_eq!(o.int("c"), None);
        assert_eq!(o.int("l"), None);
        assert_eq!(o.string("c"), None);
        assert_eq!(o.string("p"), None);
        assert_eq!(o.string("b").as_deref(), Some("12"));
        assert_eq!(o.string_keep_empty("c").as_deref(), Some(""));
        assert_eq!((o.boolean("d"), o.boolean("e"), o.boolean("f"), o.boolean("g"), o.boolean("c")), (Some(true), Some(false), Some(true), Some(false), None));
        let dec = |k: &str| o.decimal(k).map(|n| n.to_string());
        assert_eq!(dec("h").as_deref(), Some("12.50"));
        assert_eq!(dec("i").as_deref(), Some("1234.56"));
        assert_eq!(dec("j").as_deref(), Some("1234.56"));
        assert_eq!(dec("k").as_deref(), Some("3.0"));
        assert_eq!(o.decimal("l"), None);
        assert!(o.object("m").is_none() && o.object("n").is_none() && o.object("o").is_some());
        assert!(o.array("missing").is_empty() && o.array("n").is_empty());
        assert_eq!(o.raw("zzz"), None);
    }

    #[test]
    fn decimals_keep_their_digits_and_refuse_what_is_not_a_finite_number() {
        for (input, want) in [
            ("12,5", Some("12.5")),
            ("R$ 1.234,56", Some("1234.56")),
            ("-0,5", Some("-0.5")),
            ("+007.10", Some("7.10")),
            (".5", Some("0.5")),
            ("5.", Some("5")),
            ("1e3", Some("1e3")),
            ("1E-300", Some("1e-300")),
            ("1e301", None),
            ("1e", None),
            ("12,34,56", None),
            ("1.2.3", None),
            ("abc", None),
            ("-", None),
            (".", None),
            ("1 000", None),
            ("", None),
        ] {
            assert_eq!(parse_decimal(input).as_deref(), want, "{input}");
        }
        assert_eq!(parse_decimal(&"9".repeat(41)), None);
        // the text becomes a JSON number that JSON.parse reads as the same value
        let n: Number = parse_decimal("1234.50").unwrap().parse().unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "1234.50");
        assert_eq!(value_int(&json!("3,00")), Some(3));
        assert_eq!(value_int(&json!("3,50")), None);
        assert_eq!(value_int(&serde_json::from_str::<Value>("2.0").unwrap()), Some(2));
        assert_eq!(value_bool(&serde_json::from_str::<Value>("1.0").unwrap()), Some(true));
        assert_eq!(value_int(&json!("9007199254740993")), Some(9007199254740993));
    }

    #[test]
    fn fold_case_lowers_ascii_and_latin1_capitals_only() {
        assert_eq!(fold_case("MÉDIA Ótimo PÉSSIMO ÇÃO ÑÜ ×÷ ß Ω"), "média ótimo péssimo ção ñü ×÷ ß Ω");
        assert_eq!(fold_case("Não Encontrado"), "não encontrado");
    }

    #[test]
    fn dates_are_iso_or_kept() {
        let v = json!({"a": "02/11/2023 20:17", "b": "soon", "c": ""});
        let o = Obj::from_value(&v).unwrap();
        assert_eq!(o.date("a").as_deref(), Some("2023-11-02T20:17:00"));
        assert_eq!(o.date("b").as_deref(), Some("soon"));
        assert_eq!(o.date("c"), None);
    }
}
