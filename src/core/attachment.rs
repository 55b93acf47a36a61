//! Attachments of `createTicket` and the replies: the rules, checked before anything is sent.
//!
//! The caller gives `File`s, `Blob`s, or `{ data, name, type? }`; the binding layer keeps the
//! bytes and hands the core one descriptor per entry, in order:
//! `{ source: "file" | "blob" | "bytes", name: string | null, size: number, type: string | null }`,
//! or `{ source: "invalid", got: "<what it was>" }` for anything else. The core validates the
//! descriptors and says which file goes in which part (`attachment[i]`); the binding appends the
//! matching bytes.
//!
//! Limits (the live API's, as seen by a public client): at most [`MAX_FILES`] files and
//! [`MAX_TOTAL_BYTES`] bytes in total per request; a name is required (a bare `Blob` has none),
//! at most [`NAME_MAX_CHARS`] characters, one line, without `/` or `\`.
use super::http::{FilePart, Request};
use super::issue::IssueCode;
use super::json::Kind;
use super::read::{index, join, Reader};
use super::rules;

pub(super) const MAX_FILES: u32 = 25;
/// 25 MiB.
pub(super) const MAX_TOTAL_BYTES: u64 = 25 * 1024 * 1024;
pub(super) const NAME_MAX_CHARS: u32 = 255;

/// The validated attachments of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Attachments(Vec<FilePart>);

impl Attachments {
    /// Reads `attachments` (absent or `null` = none); every problem to the reader's issues.
    pub(super) fn read(r: &mut Reader<'_, '_, '_>) -> Attachments {
        let field = r.field("attachments");
        let Some(list) = r.raw("attachments") else { return Attachments::default() };
        if list.kind() != Kind::Array {
            r.wrong_type(&field, "a list of File, Blob or { data, name } objects", list);
            return Attachments::default();
        }
        let count = list.len();
        if count > MAX_FILES as usize {
            let msg = format!("{field} has {count} files; at most {MAX_FILES} files per request");
            r.issues().push_limit(&field, IssueCode::TooMany, msg, MAX_FILES, u32::try_from(count).unwrap_or(u32::MAX));
        }
        let mut parts = Vec::with_capacity(count.min(MAX_FILES as usize));
        let mut total: u64 = 0;
        for (i, item) in list.items().enumerate() {
            let at = index(&field, i);
            let mut c = r.child(item, at.clone());
            let source = c.text("source");
            if !c.is_object() || source.as_deref() == Some("invalid") || source.is_none() {
                let got = c.text("got").map_or_else(|| item.type_name().to_owned(), |g| g.into_owned());
                let msg = format!("{at} must be a File, a Blob with a name ({{ data: blob, name }}) or {{ data: Uint8Array, name }}, got {got}");
                c.issues().push(&at, IssueCode::InvalidType, msg);
                continue;
            }
            let size = c.int("size").and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
            total = total.saturating_add(size);
            let mime = c.text("type").filter(|t| !t.trim().is_empty()).map(|t| t.into_owned());
            let name_field = join(&at, "name");
            let name = c.text("name").filter(|n| !n.trim().is_empty());
            let Some(name) = name else {
                let msg = format!("{name_field} is required: a Blob has no file name; pass {{ data: blob, name: \"report.pdf\" }}");
                c.issues().push(&name_field, IssueCode::Required, msg);
                continue;
            };
            let issues = c.issues();
            rules::single_line(issues, &name_field, &name);
            rules::max_chars(issues, &name_field, &name, NAME_MAX_CHARS);
            if name.contains(['/', '\\']) {
                issues.push(&name_field, IssueCode::InvalidCharacters, format!("{name_field} must be a file name, without / or \\"));
            }
            parts.push(FilePart {
                field: format!("attachment[{}]", parts.len()),
                index: u32::try_from(i).unwrap_or(u32::MAX),
                file_name: name.into_owned(),
                size_bytes: size,
                mime_type: mime,
            });
        }
        if total > MAX_TOTAL_BYTES {
            let msg = format!("{field} total {total} bytes; at most {MAX_TOTAL_BYTES} bytes (25 MiB) per request");
            let kib = |b: u64| u32::try_from(b / 1024).unwrap_or(u32::MAX);
            // limit/actual in KiB: byte counts of 25 MiB and more do not all fit the issue's u32.
            r.issues().push_limit(&field, IssueCode::TooLarge, msg, kib(MAX_TOTAL_BYTES), kib(total));
        }
        Attachments(parts)
    }

    pub(super) fn encode(&self, request: &mut Request) {
        request.files.clone_from(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::issue::Issues;
    use crate::core::json::Doc;

    fn read(json: &str) -> (Attachments, Vec<(String, IssueCode)>) {
        let doc = Doc::parse(json).unwrap();
        let mut issues = Issues::new();
        let mut r = Reader::strict(doc.root(), "X", &mut issues);
        let a = Attachments::read(&mut r);
        r.finish();
        (a, issues.into_vec().into_iter().map(|i| (i.field, i.code)).collect())
    }
    fn file(name: &str, size: u64) -> String {
        format!(r#"{{"source":"file","name":"{name}","size":{size},"type":"application/pdf"}}"#)
    }

    #[test]
    fn files_become_numbered_parts() {
        let (a, issues) = read(&format!(r#"{{"attachments":[{},{}]}}"#, file("a.pdf", 10), file("b.pdf", 0)));
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(a.0.iter().map(|p| (p.field.as_str(), p.file_name.as_str(), p.size_bytes)).collect::<Vec<_>>(), vec![
            ("attachment[0]", "a.pdf", 10),
            ("attachment[1]", "b.pdf", 0)
        ]);
        assert_eq!(read(r#"{"attachments":null}"#).0, Attachments::default());
    }

    #[test]
    fn limits_are_checked_all_at_once() {
        let many: Vec<String> = (0..26).map(|i| file(&format!("f{i}.txt"), 1_048_576)).collect();
        let (_, issues) = read(&format!(r#"{{"attachments":[{}]}}"#, many.join(",")));
        assert_eq!(issues, vec![("attachments".into(), IssueCode::TooMany), ("attachments".into(), IssueCode::TooLarge)]);
        let (_, issues) = read(&format!(r#"{{"attachments":[{}]}}"#, file("big.bin", MAX_TOTAL_BYTES + 1)));
        assert_eq!(issues, vec![("attachments".into(), IssueCode::TooLarge)]);
        let (_, issues) = read(&format!(r#"{{"attachments":[{}]}}"#, file("ok.bin", MAX_TOTAL_BYTES)));
        assert!(issues.is_empty());
    }

    #[test]
    fn names_and_bad_entries() {
        let (_, issues) = read(
            r#"{"attachments":[{"source":"blob","name":null,"size":3},{"source":"invalid","got":"a number"},{"source":"bytes","name":"../x","size":1},{"source":"file","name":"a\nb","size":1},7]}"#,
        );
        assert_eq!(issues, vec![
            ("attachments[0].name".into(), IssueCode::Required),
            ("attachments[1]".into(), IssueCode::InvalidType),
            ("attachments[2].name".into(), IssueCode::InvalidCharacters),
            ("attachments[3].name".into(), IssueCode::InvalidCharacters),
            ("attachments[4]".into(), IssueCode::InvalidType),
        ]);
        let (_, issues) = read(r#"{"attachments":"a.pdf"}"#);
        assert_eq!(issues, vec![("attachments".into(), IssueCode::InvalidType)]);
    }
}
