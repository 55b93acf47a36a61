//! The one way to read an object, in two modes:
//! - [`Mode::Strict`]: a caller's input (a JS object, as JSON). Exact JS types; every type
//!   problem and every unknown property is an [`Issue`] named in the caller's own JS names, all
//!   of them at once, in field order.
//! - [`Mode::Lenient`]: what a server (TomTicket, PipeRun) sent. Numbers as strings, `"S"`/`"N"`,
//!   `"1"`/`"0"`, `""` for null, decimal commas, PHP's `[]` for an empty object; unreadable
//!   values read as absent. A lenient reader records an issue only when asked to check a field
//!   ([`Reader::key_text`], [`Reader::required_id`]).
//!
//! Both modes share the scalar helpers below: the JS safe-integer limit, code-point counting
//! (in `rules`), the type names shown in messages, and the rule "no `required` after
//! `invalidType`" exist here once.
use std::borrow::Cow;

use super::dates;
use super::issue::{IssueCode, Issues};
use super::json::{Kind, Val};

/// Largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub(super) const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// How a [`Reader`] treats what it reads (see the module notes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Strict,
    Lenient,
}

/// `prefix.key` (or `key` at the top).
pub(super) fn join(prefix: &str, key: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + key.len() + 1);
    s.push_str(prefix);
    if !prefix.is_empty() {
        s.push('.');
    }
    s.push_str(key);
    s
}

/// `prefix[i]`.
pub(super) fn index(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

/// Reads one object. Made by [`Reader::strict`] / [`Reader::lenient`], or for a member by
/// [`Reader::object`] / [`Reader::objects`].
pub struct Reader<'r, 'd, 'a> {
    obj: Option<Val<'d, 'a>>,
    mode: Mode,
    prefix: Cow<'r, str>,
    issues: &'r mut Issues,
    /// Keys asked for (strict mode): every other key is an unknown property.
    asked: Vec<&'static str>,
}

/// Where a lenient reader's unused issues go.
pub(super) fn sink() -> Issues {
    Issues::new()
}

impl<'r, 'd, 'a> Reader<'r, 'd, 'a> {
    /// A caller's input object. `what` names it when it is not an object
    /// (`"NewCustomer must be an object, got string"`, field `""`).
    pub fn strict(value: Val<'d, 'a>, what: &str, issues: &'r mut Issues) -> Self {
        let obj = if value.kind() == Kind::Object {
            Some(value)
        } else {
            issues.push("", IssueCode::InvalidType, format!("{what} must be an object, got {}", value.type_name()));
            None
        };
        Reader { obj, mode: Mode::Strict, prefix: Cow::Borrowed(""), issues, asked: Vec::new() }
    }

    /// A server's object; `None` when `value` is not an object.
    pub fn lenient(value: Val<'d, 'a>, issues: &'r mut Issues) -> Option<Self> {
        (value.kind() == Kind::Object).then_some(Reader {
            obj: Some(value),
            mode: Mode::Lenient,
            prefix: Cow::Borrowed(""),
            issues,
            asked: Vec::new(),
        })
    }

    /// Field names in issues get `prefix.` in front.
    pub fn at(mut self, prefix: impl Into<Cow<'r, str>>) -> Self {
        self.prefix = prefix.into();
        self
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Whether the value read is an object at all.
    pub fn is_object(&self) -> bool {
        self.obj.is_some()
    }

    /// The name of `key` in issues (`prefix.key`).
    pub fn field(&self, key: &str) -> String {
        join(&self.prefix, key)
    }

    pub fn issues(&mut self) -> &mut Issues {
        self.issues
    }

    /// The member, `null` included (marks the key as read).
    pub fn member(&mut self, key: &'static str) -> Option<Val<'d, 'a>> {
        if self.mode == Mode::Strict {
            self.asked.push(key);
        }
        self.obj?.get(key)
    }

    /// The member unless it is `null` (marks the key as read).
    pub fn raw(&mut self, key: &'static str) -> Option<Val<'d, 'a>> {
        self.member(key).filter(|v| !v.is_null())
    }

    /// Whether the key is there at all, even as `null` (an update tells "not given" from
    /// "given as null" with it). Does not mark the key as read.
    pub fn has(&self, key: &str) -> bool {
        self.obj.is_some_and(|o| o.get(key).is_some())
    }

    /// Whether the key holds something other than `null`. Does not mark the key as read.
    pub fn given(&self, key: &str) -> bool {
        self.obj.and_then(|o| o.get(key)).is_some_and(|v| !v.is_null())
    }

    /// The member unless absent or `null`, without marking it read (for checks across fields).
    pub fn peek(&self, key: &str) -> Option<Val<'d, 'a>> {
        self.obj.and_then(|o| o.get(key)).filter(|v| !v.is_null())
    }

    /// The member's text if it is a string, without marking it read.
    pub fn peek_text(&self, key: &str) -> Option<Cow<'a, str>> {
        self.peek(key).and_then(|v| v.as_str())
    }

    /// The JSON kind of the member, unless absent or `null`. Does not mark the key as read.
    pub fn kind_of(&self, key: &str) -> Option<Kind> {
        self.obj.and_then(|o| o.get(key)).map(|v| v.kind()).filter(|k| *k != Kind::Null)
    }

    /// Records `invalidType`: `{field} must be {expected}, got {type}`.
    pub fn wrong_type(&mut self, field: &str, expected: &str, got: Val<'_, '_>) {
        wrong_type(self.issues, field, expected, got);
    }

    fn problem(&mut self, key: &str, expected: &str, got: Val<'_, '_>) {
        if self.mode == Mode::Strict {
            let field = self.field(key);
            self.wrong_type(&field, expected, got);
        }
    }

    /// Text. Strict: a string (blank kept), else `invalidType`. Lenient: a string (blank →
    /// `None`), or a number or boolean as its text.
    pub fn text(&mut self, key: &'static str) -> Option<Cow<'a, str>> {
        let v = self.raw(key)?;
        let got = text_of(v, self.mode);
        if got.is_none() && v.kind() != Kind::String {
            self.problem(key, "a string", v);
        }
        got
    }

    /// Text or a number taken as its decimal text (ids are often numbers in callers' data).
    pub fn text_or_number(&mut self, key: &'static str) -> Option<Cow<'a, str>> {
        let v = self.raw(key)?;
        match v.kind() {
            Kind::Number => v.number_text().map(Cow::Borrowed),
            Kind::String => v.as_str(),
            _ if self.mode == Mode::Lenient => text_of(v, self.mode),
            _ => {
                self.problem(key, "a string or a number", v);
                None
            }
        }
    }

    /// A required text: absent, `null` or blank → `required`, but not when the value had the
    /// wrong type (that is already an `invalidType`). Returns the text when given.
    pub fn required_text(&mut self, key: &'static str) -> Option<Cow<'a, str>> {
        let wrong_type = self.raw(key).is_some_and(|v| v.kind() != Kind::String);
        let v = self.text(key);
        match v {
            Some(s) if !s.trim().is_empty() => Some(s),
            _ => {
                if !wrong_type && self.is_object() {
                    let field = self.field(key);
                    self.issues.push(&field, IssueCode::Required, format!("{field} is required"));
                }
                None
            }
        }
    }

    /// Lenient reading of a key field: text or a number (its text); blank → `None`; a boolean,
    /// list or object is an `invalidType` issue even in lenient mode.
    pub fn key_text(&mut self, key: &'static str) -> Option<Cow<'a, str>> {
        let v = self.raw(key)?;
        match v.kind() {
            Kind::String => v.as_str().filter(|s| !s.trim().is_empty()),
            Kind::Number => v.number_text().map(Cow::Borrowed),
            _ => {
                let field = self.field(key);
                self.wrong_type(&field, "a string", v);
                None
            }
        }
    }

    /// A required id: a positive whole number JS holds exactly (`1 ..= 2^53-1`), sent as a number
    /// or a numeric string (`"12"`, `12.0`), in either mode. Absent, `null` or blank → `required`
    /// (`{field} is required ({what})`); a whole number out of range (`0`, `-5`, `2^53`, `1e20`)
    /// → `invalidValue`; anything else → `invalidType`, and then no `required`.
    pub fn required_id(&mut self, key: &'static str, what: &str) -> Option<i64> {
        let field = self.field(key);
        let Some(v) = self.raw(key).filter(|v| v.as_str().map_or(true, |s| !s.trim().is_empty())) else {
            if self.is_object() {
                self.issues.push(&field, IssueCode::Required, format!("{field} is required ({what})"));
            }
            return None;
        };
        let text = match v.kind() {
            Kind::Number => v.number_text().map(Cow::Borrowed),
            Kind::String => v.as_str(),
            _ => None,
        };
        let n = text.as_ref().and_then(|_| lenient_int(v));
        // An integer beyond i64 (`18446744073709551616`, `1e20`) is out of range like 2^53, not a
        // type error: digits with at most a positive exponent, read from the text (no float).
        let big = text.as_deref().is_some_and(|t| {
            let t = t.trim().trim_start_matches('-');
            let (digits, exp) = t.split_once(['e', 'E']).unwrap_or((t, "0"));
            let exp = exp.strip_prefix('+').unwrap_or(exp);
            [digits, exp].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        });
        match n {
            Some(n) if (1..=MAX_SAFE_INTEGER).contains(&n) => Some(n),
            _ if n.is_some() || big => {
                self.issues.push(&field, IssueCode::InvalidValue, format!("{field} must be a positive integer up to 2^53-1"));
                None
            }
            _ => {
                self.wrong_type(&field, "an integer", v);
                None
            }
        }
    }

    /// Strict: a boolean. Lenient: `true`/`false`, `1`/`0`, `"S"`/`"N"`, `"sim"`, `"yes"`…
    pub fn bool(&mut self, key: &'static str) -> Option<bool> {
        let v = self.raw(key)?;
        let got = match self.mode {
            Mode::Strict => v.as_bool(),
            Mode::Lenient => lenient_bool(v),
        };
        if got.is_none() {
            self.problem(key, "a boolean", v);
        }
        got
    }

    /// An integer JS can hold exactly. Strict: a number (a fraction or a number beyond 2^53 is
    /// `invalidValue`). Lenient: also `"12"`, `"3,00"`, `2.0`; anything else reads as absent.
    pub fn int(&mut self, key: &'static str) -> Option<i64> {
        let v = self.raw(key)?;
        let got = match self.mode {
            Mode::Strict if v.kind() != Kind::Number => {
                self.problem(key, "a number", v);
                return None;
            }
            _ => lenient_int(v).filter(|n| (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(n)),
        };
        if got.is_none() && self.mode == Mode::Strict {
            let field = self.field(key);
            self.issues.push(&field, IssueCode::InvalidValue, format!("{field} must be a whole number of at most 2^53-1"));
        }
        got
    }

    /// Money or any decimal (lenient): `12.5`, `"12,50"`, `"1.234,56"`, `"R$ 10,00"`.
    pub fn decimal(&mut self, key: &'static str) -> Option<Decimal> {
        lenient_decimal(self.raw(key)?)
    }

    /// A date as ISO 8601 ([`dates::to_iso`]); text in no known format is kept as it is, so
    /// that it stays visible.
    pub fn date(&mut self, key: &'static str) -> Option<Cow<'a, str>> {
        lenient_date(self.raw(key)?)
    }

    /// One of `allowed`. Strict: the JS spelling exactly, else `invalidValue` naming the allowed
    /// values. Lenient: the text matched after trimming and case folding.
    pub fn one_of<T: Copy>(&mut self, key: &'static str, allowed: &[(&str, T)]) -> Option<T> {
        let v = self.raw(key)?;
        let Some(s) = v.as_str() else {
            let expected = format!("one of {}", quoted_list(allowed.iter().map(|a| a.0)));
            self.problem(key, &expected, v);
            return None;
        };
        let found = match self.mode {
            Mode::Strict => allowed.iter().find(|(name, _)| *name == s),
            Mode::Lenient => {
                let folded = fold_case(s.trim());
                allowed.iter().find(|(name, _)| fold_case(name) == folded)
            }
        };
        if let Some((_, t)) = found {
            return Some(*t);
        }
        if self.mode == Mode::Strict {
            let field = self.field(key);
            let msg = format!("{field} must be one of {} (got {s:?})", quoted_list(allowed.iter().map(|a| a.0)));
            self.issues.push(&field, IssueCode::InvalidValue, msg);
        }
        None
    }

    /// A nested object. Strict: anything but an object (or `null`) is `invalidType`. Lenient:
    /// `[]`, `{}`, `""` and non-objects read as absent; a one-element list of an object is taken.
    pub fn object(&mut self, key: &'static str) -> Option<Reader<'_, 'd, 'a>> {
        let v = self.raw(key)?;
        let found = match (self.mode, v.kind()) {
            (_, Kind::Object) if self.mode == Mode::Strict || !v.is_empty() => Some(v),
            (Mode::Lenient, Kind::Array) if v.len() == 1 => v.items().next().filter(|i| i.kind() == Kind::Object && !i.is_empty()),
            _ => None,
        };
        let Some(found) = found else {
            self.problem(key, "an object", v);
            return None;
        };
        let prefix = self.field(key);
        Some(Reader { obj: Some(found), mode: self.mode, prefix: Cow::Owned(prefix), issues: self.issues, asked: Vec::new() })
    }

    /// The objects of a list member, in order, as readers named `prefix.key[i]`. Lenient: PHP's
    /// object-shaped list (`{"0": {...}, "1": {...}}`) is accepted; entries that are not objects
    /// are skipped; a member that is not a list reads as empty.
    pub fn objects(&mut self, key: &'static str) -> Vec<Val<'d, 'a>> {
        let Some(v) = self.raw(key) else { return Vec::new() };
        match v.kind() {
            Kind::Array => v.items().filter(|i| i.kind() == Kind::Object).collect(),
            Kind::Object if self.mode == Mode::Lenient && v.members().all(|(_, x)| x.kind() == Kind::Object) => {
                v.members().map(|(_, x)| x).collect()
            }
            _ => {
                self.problem(key, "a list", v);
                Vec::new()
            }
        }
    }

    /// A reader for one object found by [`Self::objects`] (or any value), sharing the issues.
    pub fn child(&mut self, value: Val<'d, 'a>, prefix: String) -> Reader<'_, 'd, 'a> {
        let obj = (value.kind() == Kind::Object).then_some(value);
        Reader { obj, mode: self.mode, prefix: Cow::Owned(prefix), issues: self.issues, asked: Vec::new() }
    }

    /// The object's members (for maps such as custom fields). Marks nothing.
    pub fn entries(&self) -> impl Iterator<Item = (Cow<'a, str>, Val<'d, 'a>)> + 'd {
        self.obj.into_iter().flat_map(|o| o.members()).map(|(k, v)| (k.text(), v))
    }

    /// Strict mode: records `unknownField` for every property not asked for (sorted by name),
    /// naming the allowed ones. Lenient mode: nothing. Gives the issues back, so that checks
    /// across fields can come after the unknown properties.
    pub fn finish(self) -> &'r mut Issues {
        let (Mode::Strict, Some(obj)) = (self.mode, self.obj) else { return self.issues };
        let mut unknown: Vec<String> =
            obj.members().map(|(k, _)| k.text().into_owned()).filter(|k| !self.asked.iter().any(|a| a == k)).collect();
        unknown.sort();
        unknown.dedup();
        for k in unknown {
            let field = join(&self.prefix, &k);
            let msg = format!("{field} is not a known property (allowed: {})", self.asked.join(", "));
            self.issues.push(&field, IssueCode::UnknownField, msg);
        }
        self.issues
    }
}

/// Records `invalidType`: `{field} must be {expected}, got {type}` (also outside a reader).
pub(super) fn wrong_type(issues: &mut Issues, field: &str, expected: &str, got: Val<'_, '_>) {
    let msg = format!("{field} must be {expected}, got {}", got.type_name());
    issues.push(field, IssueCode::InvalidType, msg);
}

/// An object's members as a map holds them: sorted by key, the last of duplicate keys winning
/// (the order `serde_json::Map` iterated in). Empty for anything but an object.
pub(super) fn sorted_members<'d, 'a>(v: Val<'d, 'a>) -> Vec<(Cow<'a, str>, Val<'d, 'a>)> {
    // A stable sort keeps the document order among equal keys; of each run of equal keys the
    // last is kept. (Not a BTreeMap: one sort, compiled once, is fewer wasm bytes.)
    let mut members: Vec<(Cow<'a, str>, Val<'d, 'a>)> = v.members().map(|(k, x)| (k.text(), x)).collect();
    members.sort_by(|a, b| a.0.cmp(&b.0));
    let mut unique: Vec<(Cow<'a, str>, Val<'d, 'a>)> = Vec::with_capacity(members.len());
    for (key, x) in members {
        match unique.last_mut() {
            Some(last) if last.0 == key => last.1 = x,
            _ => unique.push((key, x)),
        }
    }
    unique
}

/// The objects of a list: an array's object items in order, or PHP's object-shaped list
/// (`{"0": {...}, ...}`, an empty object included) by key, the last of duplicate keys winning,
/// when every winning member is an object. `None` for anything else. Lists of tickets, directory
/// entries and pages all read server lists through this one function.
pub(super) fn object_items<'d, 'a>(v: Val<'d, 'a>) -> Option<Vec<Val<'d, 'a>>> {
    match v.kind() {
        // Sized once: a history entry is ~200 bytes, and a ticket may have thousands.
        Kind::Array => {
            let mut out = Vec::with_capacity(v.len());
            out.extend(v.items().filter(|i| i.kind() == Kind::Object));
            Some(out)
        }
        Kind::Object => {
            // Checked after the duplicates are dropped: only the value that wins counts.
            let items: Vec<Val<'d, 'a>> = sorted_members(v).into_iter().map(|(_, x)| x).collect();
            items.iter().all(|x| x.kind() == Kind::Object).then_some(items)
        }
        _ => None,
    }
}

/// `"a", "b", "c"`.
pub(super) fn quoted_list<'s>(names: impl Iterator<Item = &'s str>) -> String {
    let mut s = String::new();
    for (i, name) in names.enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('"');
        s.push_str(name);
        s.push('"');
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Scalars: one set, used by both modes and by values found outside a reader (list items).

/// Text of a scalar. Strict: only a string (blank kept). Lenient: a string (blank → `None`),
/// a number's text, `"true"`/`"false"`.
pub(super) fn text_of<'a>(v: Val<'_, 'a>, mode: Mode) -> Option<Cow<'a, str>> {
    match (v.kind(), mode) {
        (Kind::String, Mode::Strict) => v.as_str(),
        (Kind::String, Mode::Lenient) => v.as_str().filter(|s| !s.trim().is_empty()),
        (Kind::Number, Mode::Lenient) => v.number_text().map(Cow::Borrowed),
        (Kind::True, Mode::Lenient) => Some(Cow::Borrowed("true")),
        (Kind::False, Mode::Lenient) => Some(Cow::Borrowed("false")),
        _ => None,
    }
}

/// `12`, `"12"`, `12.0`, `"3,00"`, `true` → an integer (any i64; callers apply the JS limit).
pub(super) fn lenient_int(v: Val<'_, '_>) -> Option<i64> {
    match v.kind() {
        Kind::Number => int_text(v.number_text()?),
        Kind::String => int_text(v.as_str()?.trim()),
        Kind::True => Some(1),
        Kind::False => Some(0),
        _ => None,
    }
}

fn int_text(t: &str) -> Option<i64> {
    t.parse::<i64>().ok().or_else(|| whole_number(&decimal_text(t)?))
}

/// `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"S"`/`"N"` (sim/não), `"Y"`/`"N"`, `"true"`/`"false"`.
pub(super) fn lenient_bool(v: Val<'_, '_>) -> Option<bool> {
    match v.kind() {
        Kind::True => Some(true),
        Kind::False => Some(false),
        Kind::Number => match lenient_int(v) {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Kind::String => match fold_case(v.as_str()?.trim()).as_str() {
            "1" | "s" | "sim" | "y" | "yes" | "true" | "t" => Some(true),
            "0" | "n" | "nao" | "não" | "no" | "false" | "f" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A date as ISO 8601; text in no known format is returned unchanged.
pub(super) fn lenient_date<'a>(v: Val<'_, 'a>) -> Option<Cow<'a, str>> {
    let text = match v.kind() {
        Kind::String => v.as_str()?,
        Kind::Number => Cow::Borrowed(v.number_text()?),
        _ => return None,
    };
    match dates::to_iso(&text) {
        dates::Parsed::Iso(iso) => Some(Cow::Owned(iso)),
        dates::Parsed::NoDate => None,
        dates::Parsed::Unknown => Some(text),
    }
}

/// A decimal number kept as its canonical JSON text (`"12,50"` → `12.50`): no float is ever
/// parsed or printed (that would pull float formatting into the .wasm), and `JSON.parse` reads
/// the text as the number it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal(String);

impl Decimal {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::write::RawJson(&self.0).serialize(s)
    }
}

pub(super) fn lenient_decimal(v: Val<'_, '_>) -> Option<Decimal> {
    let text = match v.kind() {
        Kind::Number => decimal_text(v.number_text()?)?,
        Kind::String => decimal_text(&v.as_str()?)?,
        _ => return None,
    };
    Some(Decimal(text))
}

/// Lower case for matching codes, labels and messages: ASCII plus the Latin-1 capitals
/// (`É` → `é`, `Ç` → `ç`), which covers Portuguese, Spanish and English. Not `str::to_lowercase`
/// on purpose: its Unicode tables cost ≈ 7 KB of .wasm for letters no code or label here uses.
pub(super) fn fold_case(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(c as u32 + 32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// `"12.5"`, `"12,50"`, `"1.234,56"`, `"1,234.56"`, `"R$ 10,00"`, `1e3` → canonical JSON
/// number text (`"12.50"`, `"1234.56"`, `"1e3"`). The last `.` or `,` is the decimal separator
/// when both appear; a lone `,` is decimal. `None` for anything else, and for values that are
/// not finite as an f64 (more than 40 characters, or an exponent beyond ±300).
pub(super) fn decimal_text(s: &str) -> Option<String> {
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
        b'-' => (true, s.get(1..)?),
        b'+' => (false, s.get(1..)?),
        _ => (false, s),
    };
    let (mantissa, exponent) = match rest.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (rest, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
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
pub(super) fn whole_number(text: &str) -> Option<i64> {
    if text.contains(['e', 'E']) {
        return None;
    }
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    let n: i64 = int.parse().ok()?;
    (n.unsigned_abs() < 9_000_000_000_000_000).then_some(n)
}

/// Lenient text of an optional member (server data): see [`text_of`].
pub(super) fn opt_text<'a>(v: Option<Val<'_, 'a>>) -> Option<Cow<'a, str>> {
    text_of(v?, Mode::Lenient)
}

/// Reads an object's members into named slots in one pass: `slots!(obj; field = "wire", …)`
/// gives a struct with one `Option<Val>` per field (`null` included; the last of duplicate keys
/// wins, as with a lookup by key). Unknown keys are ignored.
macro_rules! slots {
    ($obj:expr; $($field:ident = $key:literal),+ $(,)?) => {{
        struct Slots<'d, 'a> {
            $($field: Option<Val<'d, 'a>>,)+
        }
        let mut s = Slots { $($field: None,)+ };
        for (k, v) in $obj.members() {
            match &*k.text() {
                $($key => s.$field = Some(v),)+
                _ => {}
            }
        }
        s
    }};
}
pub(super) use slots;

#[cfg(test)]
mod tests {
    use super::super::json::Doc;
    use super::*;
    use crate::core::testing::listed;

    fn lenient_of(doc: &Doc<'_>, key: &str) -> Option<String> {
        doc.root().get(key).and_then(|v| text_of(v, Mode::Lenient)).map(Cow::into_owned)
    }

    #[test]
    fn whole_numbers_at_the_edges_of_i64_never_overflow() {
        // i64::MIN has no absolute value in i64 (found by the client_options fuzz target)
        assert_eq!(whole_number("-9223372036854775808"), None);
        assert_eq!(whole_number("9223372036854775807"), None);
        assert_eq!(whole_number("-8999999999999999"), Some(-8_999_999_999_999_999));
        assert_eq!(whole_number("12.000"), Some(12));
    }

    #[test]
    fn scalars_are_lenient() {
        let doc = Doc::parse(
            r#"{"a": "12", "b": 12, "c": "", "d": "S", "e": "N", "f": "1", "g": 0, "h": "12,50",
                "i": "1.234,56", "j": "1,234.56", "k": 3.0, "l": "x", "m": [], "n": {}, "o": {"x":1}, "p": "  "}"#,
        )
        .unwrap();
        let mut sink = sink();
        let mut o = Reader::lenient(doc.root(), &mut sink).unwrap();
        assert_eq!(o.int("a"), Some(12));
        assert_eq!(o.int("b"), Some(12));
        assert_eq!(o.int("k"), Some(3));
        assert_eq!(o.int("c"), None);
        assert_eq!(o.int("l"), None);
        assert_eq!(o.text("c"), None);
        assert_eq!(o.text("p"), None);
        assert_eq!(o.text("b").as_deref(), Some("12"));
        assert_eq!((o.bool("d"), o.bool("e"), o.bool("f"), o.bool("g"), o.bool("c")), (Some(true), Some(false), Some(true), Some(false), None));
        let mut dec = |k: &'static str| o.decimal(k).map(|n| n.as_str().to_owned());
        assert_eq!(dec("h").as_deref(), Some("12.50"));
        assert_eq!(dec("i").as_deref(), Some("1234.56"));
        assert_eq!(dec("j").as_deref(), Some("1234.56"));
        assert_eq!(dec("k").as_deref(), Some("3.0"));
        assert_eq!(dec("l"), None);
        assert!(o.object("m").is_none() && o.object("n").is_none() && o.object("o").is_some());
        assert!(o.objects("missing").is_empty() && o.objects("n").is_empty());
        assert!(o.raw("zzz").is_none());
        assert!(sink.is_empty(), "a lenient reader records nothing");
        assert_eq!(lenient_of(&doc, "b").as_deref(), Some("12"));
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
            assert_eq!(decimal_text(input).as_deref(), want, "{input}");
        }
        assert_eq!(decimal_text(&"9".repeat(41)), None);
        let int = |t: &str| lenient_int(Doc::parse(t).unwrap().root());
        assert_eq!(int(r#""3,00""#), Some(3));
        assert_eq!(int(r#""3,50""#), None);
        assert_eq!(int("2.0"), Some(2));
        assert_eq!(lenient_bool(Doc::parse("1.0").unwrap().root()), Some(true));
        assert_eq!(int(r#""9007199254740993""#), Some(9007199254740993));
        assert_eq!(super::super::write::to_json(&Decimal("1234.50".into())).unwrap(), "1234.50");
    }

    #[test]
    fn fold_case_lowers_ascii_and_latin1_capitals_only() {
        assert_eq!(fold_case("MÉDIA Ótimo PÉSSIMO ÇÃO ÑÜ ×÷ ß Ω"), "média ótimo péssimo ção ñü ×÷ ß Ω");
        assert_eq!(fold_case("Não Encontrado"), "não encontrado");
    }

    #[test]
    fn dates_are_iso_or_kept() {
        let doc = Doc::parse(r#"{"a": "02/11/2023 20:17", "b": "soon", "c": ""}"#).unwrap();
        let mut sink = sink();
        let mut o = Reader::lenient(doc.root(), &mut sink).unwrap();
        assert_eq!(o.date("a").as_deref(), Some("2023-11-02T20:17:00"));
        assert_eq!(o.date("b").as_deref(), Some("soon"));
        assert_eq!(o.date("c"), None);
    }

    #[test]
    fn strict_collects_every_type_problem_and_unknown_keys() {
        let doc = Doc::parse(
            r#"{"name": 5, "email": "a@b.co", "active": "yes", "nmae": "typo", "lang": "xx", "n": "1", "zz": 1}"#,
        )
        .unwrap();
        let mut issues = Issues::new();
        let mut r = Reader::strict(doc.root(), "Input", &mut issues);
        assert_eq!(r.required_text("name"), None, "no required after invalidType");
        assert_eq!(r.text("email").as_deref(), Some("a@b.co"));
        assert_eq!(r.bool("active"), None);
        assert_eq!(r.one_of("lang", &[("pt-BR", 1), ("en-US", 2)]), None);
        assert_eq!(r.int("n"), None);
        assert_eq!(r.required_text("missing"), None);
        r.finish();
        let got: Vec<_> = issues.into_vec().into_iter().map(|i| (i.field, i.code)).collect();
        assert_eq!(
            listed(&got),
            "name InvalidType, active InvalidType, lang InvalidValue, n InvalidType, missing Required, \
             nmae UnknownField, zz UnknownField",
        );
    }

    #[test]
    fn strict_non_object_input_is_one_issue() {
        let doc = Doc::parse(r#""x""#).unwrap();
        let mut issues = Issues::new();
        let r = Reader::strict(doc.root(), "NewCustomerInput", &mut issues);
        r.finish();
        let v = issues.into_vec();
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].field.as_str(), v[0].code), ("", IssueCode::InvalidType));
        assert_eq!(v[0].message, "NewCustomerInput must be an object, got string");
    }

    #[test]
    fn nested_readers_name_fields_by_path() {
        let doc = Doc::parse(r#"{"retry": {"maxRetries": "x", "bogus": 1}, "list": [{"a": true}]}"#).unwrap();
        let mut issues = Issues::new();
        let mut r = Reader::strict(doc.root(), "Options", &mut issues);
        if let Some(mut c) = r.object("retry") {
            assert_eq!(c.int("maxRetries"), None);
            c.finish();
        }
        for (i, item) in r.objects("list").into_iter().enumerate() {
            let prefix = index("list", i);
            let mut c = r.child(item, prefix);
            assert_eq!(c.text("a"), None);
            c.finish();
        }
        r.finish();
        let fields: Vec<_> = issues.into_vec().into_iter().map(|i| i.field).collect();
        assert_eq!(fields, ["retry.maxRetries", "retry.bogus", "list[0].a"]);
    }
}
