//! Lenient readers for what the live API sends: numbers as strings, `"S"`/`"N"`, `"1"`/`"0"`,
//! `""` for null, decimal commas, PHP's `[]` for an empty object. Unknown fields are ignored.
//! Nothing here panics, whatever the JSON.
use serde_json::{Map, Value};

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
    pub fn decimal(&self, key: &str) -> Option<f64> {
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
        Value::Number(n) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
        }),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>().ok().or_else(|| {
                let f = parse_decimal(t)?;
                (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
            })
        }
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

pub fn value_decimal(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_decimal(s.trim()),
        _ => None,
    }
}

pub fn value_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f == 1.0 => Some(true),
            Some(f) if f == 0.0 => Some(false),
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

/// `"12.5"`, `"12,50"`, `"1.234,56"`, `"1,234.56"`, `"R$ 10,00"` → f64. The last `.` or `,`
/// followed by 1–2 digits... is the decimal separator when both appear; a lone `,` is decimal.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim().trim_start_matches("R$").trim();
    if s.is_empty() {
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
    let f: f64 = normalized.parse().ok()?;
    f.is_finite().then_some(f)
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
        assert_eq!(o.decimal("h"), Some(12.5));
        assert_eq!(o.decimal("i"), Some(1234.56));
        assert_eq!(o.decimal("j"), Some(1234.56));
        assert_eq!(o.decimal("l"), None);
        assert!(o.object("m").is_none() && o.object("n").is_none() && o.object("o").is_some());
        assert!(o.array("missing").is_empty() && o.array("n").is_empty());
        assert_eq!(o.raw("zzz"), None);
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
