//! Pagination, one mechanism for every paged call (`listTickets`, `listCustomers`,
//! `listOrganizations`, `listChats`): the page model, the decoding of a page's envelope, the
//! rule for "is there a next page", and the options of an iteration. The binding layer only
//! loops: fetch page `n`, hand out its items, ask [`Page::next_page`] for the next one.
//!
//! # When iteration stops (decided here, so that every call stops the same way)
//! - `next_page` is `null` or absent and `pages` does not say there are more;
//! - `data` is empty (the live API answered 200 with `data: []` for a page past the end);
//! - a 404 that carries a TomTicket envelope (the API's "nothing found" past the end, and on a
//!   first page that matches nothing): an empty page, `nextPage: null`. A 404 without an
//!   envelope (an HTML page: the route is not there) stays a `notFound` error;
//! - a `next_page` that does not move forward (≤ the current page): taken as the end, never as a
//!   loop.
use serde::Serialize;
use tsify::Tsify;

use super::envelope::{self, Response};
use super::error::{Error, ErrorKind};
use super::http::{Family, Request};
use super::issue::{IssueCode, Issues};
use super::json::{Doc, Val};
use super::read::{lenient_int, Reader};

/// TomTicket's page size (documented: 50 items a page).
pub const PAGE_SIZE: u32 = 50;
/// The last page a caller may ask for: far beyond any account, small enough for a `u32`.
pub const MAX_PAGE: u32 = 1_000_000;

/// One page of a paged call.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// This page's number (1-based), as the server said or as requested.
    pub page: Option<u32>,
    /// How many pages there are, when the server said.
    pub pages: Option<u32>,
    /// The next page's number; `null` on the last page.
    pub next_page: Option<u32>,
    /// How many items match in all pages, when the server said (`size`).
    pub total: Option<u32>,
}

fn small(v: Option<Val<'_, '_>>) -> Option<u32> {
    v.and_then(lenient_int).and_then(|n| u32::try_from(n).ok()).filter(|n| *n >= 1)
}

/// Decodes a page: the v2 envelope, then each object of `data` through `item` (entries that
/// are not objects are skipped; an item `item` cannot read is skipped too), then the page fields.
/// Only the item mapping is generic: the envelope and page reading are one function for all.
pub(super) fn decode_page<'a, T>(resp: &Response<'a>, item: impl FnMut(Val<'_, 'a>) -> Option<T>) -> Result<Page<T>, Error> {
    let mut items = Vec::new();
    let doc;
    let meta = match envelope::decode(Family::V2, resp) {
        Ok(d) => {
            doc = d;
            let (list, meta) = page_of(&doc, resp.status)?;
            items = list.into_iter().filter_map(item).collect();
            meta
        }
        Err(e) if envelope::is_nothing_found(&e) => Meta { total: Some(0), ..Meta::default() },
        Err(e) => return Err(e),
    };
    let mut page = Page { items, page: meta.page, pages: meta.pages, next_page: meta.next, total: meta.total };
    page.next_page = page.next_after(page.page);
    Ok(page)
}

#[derive(Default)]
struct Meta {
    page: Option<u32>,
    pages: Option<u32>,
    next: Option<u32>,
    total: Option<u32>,
}

fn page_of<'d, 'a>(doc: &'d Doc<'a>, status: u16) -> Result<(Vec<Val<'d, 'a>>, Meta), Error> {
    let top = doc.root();
    let data = top.get("data").filter(|d| !d.is_null());
    // PHP's object-shaped list, or an empty object for "no items", is a list too.
    let list: Vec<Val<'d, 'a>> = match data {
        None => Vec::new(),
        Some(d) => match super::read::object_items(d) {
            Some(items) => items,
            None => {
                return Err(Error::new(ErrorKind::Decode, "expected `data` to be a list of items")
                    .with_status(status)
                    .with_server_message(envelope::server_message(top, Family::V2)))
            }
        },
    };
    let pages = small(top.get("pages"));
    let previous = small(top.get("previous_page"));
    let next = small(top.get("next_page"));
    let page = small(top.get("page").or_else(|| top.get("current_page")))
        .or_else(|| previous.and_then(|p| p.checked_add(1)))
        .or_else(|| next.map(|n| n - 1).filter(|n| *n >= 1))
        .or_else(|| (pages == Some(1)).then_some(1));
    let total = top.get("size").and_then(lenient_int).and_then(|n| u32::try_from(n).ok());
    Ok((list, Meta { page, pages, next, total }))
}

/// A paged call's codec: `paged_codec!(/// doc  pub(super) ListChats: ChatFilter => Chat via chat);`
/// — the envelope and paging are [`decode_page`]'s, the item mapping is the call's.
macro_rules! paged_codec {
    ($(#[$m:meta])* $vis:vis $name:ident: $input:ty => $item:ident via $f:path) => {
        codec!($(#[$m])* $vis $name: $input => Page<$item<'a>>, |resp| decode_page(resp, $f));
    };
}
pub(super) use paged_codec;

impl<T> Page<T> {
    /// The page to fetch after this one, which was requested as `requested`; `None` = the end.
    pub fn next_after(&self, requested: Option<u32>) -> Option<u32> {
        if self.items.is_empty() {
            return None;
        }
        let current = self.page.or(requested);
        let next = match (self.next_page, current, self.pages) {
            (Some(n), _, _) => Some(n),
            (None, Some(c), Some(p)) if c < p => c.checked_add(1),
            _ => None,
        };
        match (next, current) {
            (Some(n), Some(c)) if n <= c => None,
            (n, _) => n.filter(|n| *n <= MAX_PAGE),
        }
    }
}

/// How a paged call iterates: `{ startPage?, maxPages?, signal? }` (the signal is the binding's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListOptions {
    /// The first page to fetch (default 1).
    pub start_page: u32,
    /// At most this many pages (default: all).
    pub max_pages: Option<u32>,
}

/// Reads `{ startPage?, maxPages? }` (JSON text, `signal` already removed by the binding); every
/// problem as a `validation` error.
pub fn parse_list_options(json: &str) -> Result<ListOptions, Error> {
    let mut issues = Issues::new();
    let doc = Doc::parse(json).map_err(|_| Error::new(ErrorKind::Validation, "the list options are not JSON data"))?;
    let mut r = Reader::strict(doc.root(), "ListOptions", &mut issues).at("options");
    let page_number = |r: &mut Reader<'_, '_, '_>, key: &'static str| -> Option<u32> {
        let n = r.int(key)?;
        match u32::try_from(n) {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => Some(n),
            _ => {
                let field = r.field(key);
                r.issues().push(&field, IssueCode::InvalidValue, format!("{field} must be a whole number from 1 to {MAX_PAGE}"));
                None
            }
        }
    };
    let start_page = page_number(&mut r, "startPage").unwrap_or(1);
    let max_pages = page_number(&mut r, "maxPages");
    r.member("signal");
    r.finish();
    issues.finish(ListOptions { start_page, max_pages }).map_err(Error::validation)
}

/// The request of page `n` of a paged call (`page=n` added to its query). `n` as the caller gave
/// it (a JS number): a whole number from 1 to [`MAX_PAGE`], else a validation error on `page`.
pub fn page_request(req: &Request, n: f64) -> Result<Request, Error> {
    if !(n.fract() == 0.0 && (1.0..=f64::from(MAX_PAGE)).contains(&n)) {
        let mut issues = Issues::new();
        issues.push("page", IssueCode::InvalidValue, format!("page must be a whole number from 1 to {MAX_PAGE}"));
        return Err(Error::validation(issues.into_vec()));
    }
    let mut r = req.clone();
    r.query.retain(|(k, _)| k != "page");
    r.query.push(("page".to_owned(), (n as u32).to_string()));
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;
    use crate::core::testing::{codes, listed};

    fn ids<'a>(v: Val<'_, 'a>) -> Option<Cow<'a, str>> {
        v.get("id").and_then(|i| crate::core::read::text_of(i, crate::core::read::Mode::Lenient))
    }
    fn page(status: u16, body: &str) -> Result<Page<Cow<'_, str>>, Error> {
        decode_page(&Response { status, body, retry_after: None }, ids)
    }

    #[test]
    fn pages_follow_next_page_and_stop_at_the_end() {
        let p = page(200, r#"{"error":false,"success":true,"size":120,"pages":3,"next_page":2,"previous_page":null,"data":[{"id":"a"},{"id":"b"},7]}"#).unwrap();
        assert_eq!(p.items, vec!["a", "b"]);
        assert_eq!((p.page, p.pages, p.next_page, p.total), (Some(1), Some(3), Some(2), Some(120)));
        let last = page(200, r#"{"error":false,"size":120,"pages":3,"next_page":null,"previous_page":2,"data":[{"id":"z"}]}"#).unwrap();
        assert_eq!((last.page, last.next_page), (Some(3), None));
        // No next_page key, but `pages` says there is more.
        let p = page(200, r#"{"error":false,"pages":3,"previous_page":1,"data":[{"id":"z"}]}"#).unwrap();
        assert_eq!((p.page, p.next_page), (Some(2), Some(3)));
        // Empty data past the end: the end, whatever next_page says.
        let p = page(200, r#"{"error":false,"next_page":9,"data":[]}"#).unwrap();
        assert_eq!(p.next_page, None);
        // A next_page that does not move forward is the end, not a loop.
        let p = page(200, r#"{"error":false,"previous_page":3,"next_page":4,"data":[{"id":"a"}]}"#).unwrap();
        assert_eq!((p.page, p.next_page), (Some(4), None));
        let p = page(200, r#"{"error":false,"page":4,"next_page":2,"data":[{"id":"a"}]}"#).unwrap();
        assert_eq!(p.next_page, None);
    }

    #[test]
    fn a_404_with_an_envelope_is_an_empty_last_page() {
        let p = page(404, r#"{"error":true,"message":"Nenhum registro encontrado","success":false}"#).unwrap();
        assert!(p.items.is_empty());
        assert_eq!(p.next_page, None);
        let e = page(404, "<html><body>Not Found</body></html>").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
        let e = page(429, "<html><head><title>429 Too Many Requests</title></head></html>").unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimited);
        let e = page(200, r#"{"error":true,"message":"Falhou","success":false}"#).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Api);
        let e = page(200, r#"{"error":false,"data":"x"}"#).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode);
    }

    #[test]
    fn odd_page_fields_never_panic() {
        for body in [
            r#"{"error":false,"next_page":-1,"pages":"x","data":[{"id":1}]}"#,
            r#"{"error":false,"next_page":4294967296,"previous_page":4294967295,"data":[{"id":1}]}"#,
            r#"{"error":false,"next_page":1e300,"page":0,"data":{"0":{"id":"a"},"1":{"id":"b"}}}"#,
        ] {
            let p = page(200, body).unwrap();
            assert!(p.next_page.map_or(true, |n| n <= MAX_PAGE), "{body}");
        }
    }

    #[test]
    fn list_options() {
        assert_eq!(parse_list_options("{}").unwrap(), ListOptions { start_page: 1, max_pages: None });
        assert_eq!(parse_list_options(r#"{"startPage":3,"maxPages":2}"#).unwrap(), ListOptions { start_page: 3, max_pages: Some(2) });
        let e = parse_list_options(r#"{"startPage":0,"maxPages":1.5,"pageSize":9}"#).unwrap_err();
        assert_eq!(listed(&codes(&e.issues)), "options.startPage InvalidValue, options.maxPages InvalidValue, options.pageSize UnknownField");
    }
}
