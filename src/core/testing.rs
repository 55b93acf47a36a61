//! Test support shared by the core's unit tests.
use serde_json::Value;

use super::calls::CallInfo;
use super::envelope::Response;
use super::http::Request;
use super::issue::{Issue, IssueCode};

/// A response with this status and body and no `Retry-After`.
pub(crate) fn response(status: u16, body: &str) -> Response<'_> {
    Response { status, body, retry_after: None }
}

/// `len` pseudo-random bytes from a xorshift32 generator (shifts 13, 17, 5) that `seed` carries
/// from call to call.
pub(crate) fn xorshift_bytes(seed: &mut u32, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 17;
            *seed ^= *seed << 5;
            (*seed & 0xff) as u8
        })
        .collect()
}

/// The request `info` prepares from `input`; panics with the error when it is refused.
pub(crate) fn req(info: &CallInfo, input: Value) -> Request {
    info.prepare(&input.to_string()).unwrap_or_else(|e| panic!("{e:?}"))
}

/// `info`'s validation issues for `input`, as (field, code).
pub(crate) fn issues(info: &CallInfo, input: Value) -> Vec<(String, IssueCode)> {
    info.validate(&input.to_string()).into_iter().map(|i| (i.field, i.code)).collect()
}

/// Issues as (field, code).
pub(crate) fn codes(issues: &[Issue]) -> Vec<(&str, IssueCode)> {
    issues.iter().map(|i| (i.field.as_str(), i.code)).collect()
}

/// Query or form pairs as `&str`s.
pub(crate) fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}
