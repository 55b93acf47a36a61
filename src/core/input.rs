//! Reading a caller's input object (a JS object converted to JSON) field by field, recording a
//! typed issue for every field of the wrong type and every unknown property, instead of stopping
//! at the first problem as a derived deserializer would.
use serde_json::{Map, Value};

use super::issue::{IssueCode, Issues};

pub struct Reader<'a> {
    obj: Option<&'a Map<String, Value>>,
    prefix: &'a str,
    known: Vec<&'static str>,
    pub issues: Issues,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl<'a> Reader<'a> {
    /// `what` names the input in the message when it is not an object (e.g. `"NewCustomerInput"`).
    pub fn new(input: &'a Value, what: &str) -> Self {
        let mut issues = Issues::new();
        let obj = match input {
            Value::Object(m) => Some(m),
            other => {
                issues.push(
                    "",
                    IssueCode::InvalidType,
                    format!("{what} must be an object, got {}", type_name(other)),
                );
                None
            }
        };
        Reader { obj, prefix: "", known: Vec::new(), issues }
    }

    /// Field names in issues get `prefix.` in front (for nested objects).
    pub fn with_prefix(mut self, prefix: &'a str) -> Self {
        self.prefix = prefix;
        self
    }

    pub fn field_name(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        match self.obj?.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn wrong_type(&mut self, key: &str, expected: &str, got: &Value) {
        let field = self.field_name(key);
        let msg = format!("{field} must be {expected}, got {}", type_name(got));
        self.issues.push(&field, IssueCode::InvalidType, msg);
    }

    /// The raw value (marks the key as known); for fields the caller checks itself.
    pub fn raw(&mut self, key: &'static str) -> Option<&'a Value> {
        self.get(key)
    }

    /// A string. Absent, `null` and `undefined` read as `None`.
    pub fn string(&mut self, key: &'static str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(key, "a string", other);
                None
            }
        }
    }

    /// A string, or a number (taken as its decimal text): ids are often numbers in callers' data.
    pub fn string_or_number(&mut self, key: &'static str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                self.wrong_type(key, "a string or a number", other);
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &'static str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(key, "a boolean", other);
                None
            }
        }
    }

    /// One of `allowed` (JS spellings). Records `invalidValue` naming the allowed values.
    pub fn one_of<T: Copy>(&mut self, key: &'static str, allowed: &[(&str, T)]) -> Option<T> {
        let v = self.get(key)?;
        let s = match v {
            Value::String(s) => s.as_str(),
            other => {
                let expected = format!("one of {}", list(allowed));
                self.wrong_type(key, &expected, other);
                return None;
            }
        };
        if let Some((_, t)) = allowed.iter().find(|(name, _)| *name == s) {
            return Some(*t);
        }
        let field = self.field_name(key);
        let msg = format!("{field} must be one of {} (got {s:?})", list(allowed));
        self.issues.push(&field, IssueCode::InvalidValue, msg);
        None
    }

    /// An object of `id → value` where values are strings, numbers or booleans (sent as text).
    /// Returns pairs in key order.
    pub fn string_map(&mut self, key: &'static str) -> Option<Vec<(String, String)>> {
        let v = self.get(key)?;
        let m = match v {
            Value::Object(m) => m,
            other => {
                self.wrong_type(key, "an object of field id → value", other);
                return None;
            }
        };
        let mut out = Vec::with_capacity(m.len());
        for (k, v) in m {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => String::new(),
                other => {
                    let field = format!("{}.{k}", self.field_name(key));
                    let msg = format!("{field} must be a string, number or boolean, got {}", type_name(other));
                    self.issues.push(&field, IssueCode::InvalidType, msg);
                    continue;
                }
            };
            out.push((k.clone(), text));
        }
        Some(out)
    }

    /// Whether the caller's object has the key at all (even `null`): lets an update tell
    /// "not given" from "given as null".
    pub fn has(&self, key: &str) -> bool {
        self.obj.is_some_and(|m| m.contains_key(key))
    }

    /// Records `unknownField` for every property not read, and returns the issues.
    pub fn finish(mut self) -> Issues {
        if let Some(m) = self.obj {
            for k in m.keys() {
                if !self.known.iter().any(|known| known == k) {
                    let field = self.field_name(k);
                    let msg = format!("{field} is not a known property (allowed: {})", self.known.join(", "));
                    self.issues.push(&field, IssueCode::UnknownField, msg);
                }
            }
        }
        self.issues
    }
}

fn list<T>(allowed: &[(&str, T)]) -> String {
    let mut s = String::new();
    for (i, (name, _)) in allowed.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('"');
        s.push_str(name);
        s.push('"');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collects_every_type_problem_and_unknown_keys() {
        let v = json!({"name": 5, "email": "a@b.co", "active": "yes", "nmae": "typo", "lang": "xx", "customFields": {"a": 1, "b": [1]}});
        let mut r = Reader::new(&v, "Input");
        assert_eq!(r.string("name"), None);
        assert_eq!(r.string("email").as_deref(), Some("a@b.co"));
        assert_eq!(r.boolean("active"), None);
        assert_eq!(r.one_of("lang", &[("pt-BR", 1), ("en-US", 2)]), None);
        assert_eq!(r.string_map("customFields"), Some(vec![("a".into(), "1".into())]));
        let issues = r.finish().into_vec();
        let got: Vec<_> = issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
        assert_eq!(
            got,
            vec![
                ("name", IssueCode::InvalidType),
                ("active", IssueCode::InvalidType),
                ("lang", IssueCode::InvalidValue),
                ("customFields.b", IssueCode::InvalidType),
                ("nmae", IssueCode::UnknownField),
            ]
        );
    }

    #[test]
    fn non_object_input() {
        let v = json!("x");
        let r = Reader::new(&v, "NewCustomerInput");
        let issues = r.finish().into_vec();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code, IssueCode::InvalidType);
    }
}
