//! Field rules shared by every input: lengths in Unicode characters, e-mail syntax, characters
//! that could break a header, a path segment or a bracket key.
use super::issue::{IssueCode, Issues};

/// Length as TomTicket counts it: Unicode scalar values (code points), not bytes, not UTF-16 units.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Adds `tooLong` when `value` has more than `max` characters.
pub(super) fn max_chars(issues: &mut Issues, field: &str, value: &str, max: u32) {
    let n = char_len(value);
    if n > max as usize {
        let actual = u32::try_from(n).unwrap_or(u32::MAX);
        issues.push_limit(
            field,
            IssueCode::TooLong,
            format!("{field} must be at most {max} characters (got {actual})"),
            max,
            actual,
        );
    }
}

/// Adds `required` when the value is absent or blank. Returns the value when present.
pub(super) fn required<'a>(issues: &mut Issues, field: &str, value: Option<&'a str>) -> Option<&'a str> {
    match value {
        Some(v) if !v.trim().is_empty() => Some(v),
        _ => {
            issues.push(field, IssueCode::Required, format!("{field} is required"));
            None
        }
    }
}

/// Adds `invalidCharacters` for control characters (CR, LF, NUL, tab, ...): they can split an
/// HTTP header or a multipart part, and no TomTicket field accepts them on one line.
pub(super) fn single_line(issues: &mut Issues, field: &str, value: &str) {
    if value.chars().any(char::is_control) {
        issues.push(
            field,
            IssueCode::InvalidCharacters,
            format!("{field} must not contain line breaks or control characters"),
        );
    }
}

/// Adds `invalidEmail` unless `value` is an e-mail address (`local@domain`, RFC 5321/5322 syntax,
/// checked by the `email_address` crate) whose domain has at least one dot.
pub(super) fn email(issues: &mut Issues, field: &str, value: &str) {
    if !is_email(value) {
        issues.push(field, IssueCode::InvalidEmail, format!("{field} must be a valid e-mail address"));
    }
}

pub(super) fn is_email(value: &str) -> bool {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) || value.contains('<') {
        return false;
    }
    if !email_address::EmailAddress::is_valid(value) {
        return false;
    }
    match value.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.starts_with('[')
        }
        None => false,
    }
}

/// A custom-field id becomes a bracket key (`custom_field[ID]`, `campos[ID]`): it must be
/// non-empty and free of `[`, `]`, control characters and whitespace. Rejected, not encoded:
/// TomTicket ids are 32-character hex strings, so anything else is a mistake.
pub(super) fn bracket_key(issues: &mut Issues, field: &str, key: &str) {
    if key.is_empty() {
        issues.push(field, IssueCode::InvalidValue, format!("{field}: a custom field id must not be empty"));
    } else if key.chars().any(|c| c == '[' || c == ']' || c.is_control() || c.is_whitespace()) {
        issues.push(
            field,
            IssueCode::InvalidCharacters,
            format!("{field}: a custom field id must not contain brackets, spaces or control characters"),
        );
    }
}

/// An identifier that becomes a URL path segment. `/ ? # %` and non-ASCII are percent-encoded
/// (see [`crate::core::http::encode_path_segment`]); control characters are rejected.
/// `.` and `..` are rejected: URL parsers treat them as directory steps even when encoded.
pub(super) fn path_value(issues: &mut Issues, field: &str, value: &str) {
    single_line(issues, field, value);
    if value == "." || value == ".." {
        issues.push(field, IssueCode::InvalidValue, format!("{field} must not be \".\" or \"..\""));
    }
}

/// The API token: printable ASCII with no whitespace (it goes in a header or a path).
/// Returns a message without the token when it is unusable.
pub(super) fn check_token(token: &str) -> Result<(), &'static str> {
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("token must not contain spaces, line breaks or control characters (check for a pasted newline)");
    }
    if !token.is_ascii() {
        return Err("token must be ASCII");
    }
    if token == "." || token == ".." {
        // Legacy URLs carry the token as a path segment, where a URL parser resolves these.
        return Err("token must not be a single or double dot (a URL would read it as a directory step)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_code_points() {
        // "é" is 2 UTF-8 bytes; "😀" is 4 bytes and 2 UTF-16 units: each is one character.
        assert_eq!(char_len("é😀a"), 3);
        let mut i = Issues::new();
        max_chars(&mut i, "name", &"😀".repeat(250), 250);
        assert!(i.is_empty());
        max_chars(&mut i, "name", &"😀".repeat(251), 250);
        let v = i.into_vec();
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].code, v[0].limit, v[0].actual), (IssueCode::TooLong, Some(250), Some(251)));
        assert_eq!(v[0].field, "name");
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@sub.example.com.br", "x_y@dominio.com"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["", "a", "a@", "@b.com", "a@b", "a b@c.com", "a@b.com\n", "A <a@b.com>", "a@@b.com", "a@.com", "a@b.com."] {
            assert!(!is_email(bad), "{bad:?}");
        }
    }

    #[test]
    fn bracket_keys_and_control_chars() {
        let mut i = Issues::new();
        bracket_key(&mut i, "customFields.a]b", "a]b");
        bracket_key(&mut i, "customFields.", "");
        bracket_key(&mut i, "customFields.ok", "0123abcd");
        single_line(&mut i, "name", "a\r\nb");
        let codes: Vec<_> = i.into_vec().into_iter().map(|x| x.code).collect();
        assert_eq!(codes, vec![IssueCode::InvalidCharacters, IssueCode::InvalidValue, IssueCode::InvalidCharacters]);
    }

    #[test]
    fn tokens() {
        assert!(check_token("abc123DEF").is_ok());
        assert!(check_token("abc\n").is_err());
        assert!(check_token("a b").is_err());
        assert!(check_token("ação").is_err());
        assert!(check_token("..").is_err() && check_token(".").is_err() && check_token("...").is_ok());
    }
}
