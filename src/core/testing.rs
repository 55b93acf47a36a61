//! Test support shared by the core's unit tests.
use std::marker::PhantomData;

use serde::Serialize;
use serde_json::Value;

use super::calls::{decode_as, read_value, request_of, CallInfo, Codec};
use super::error::Error;
use super::envelope::Response;
use super::http::{EncodedRequest, Request};
use super::issue::{Issue, IssueCode};
use super::write::to_json;

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

/// The output as `JSON.parse` would read it.
pub(crate) fn to_value<T: Serialize>(t: &T) -> Value {
    serde_json::from_str(&to_json(t).unwrap()).unwrap()
}

/// Issues as `field Code` items joined by `, `: a long list compares as one line of text.
pub(crate) fn listed<F: AsRef<str>>(issues: &[(F, IssueCode)]) -> String {
    issues.iter().map(|(f, c)| format!("{} {c:?}", f.as_ref())).collect::<Vec<_>>().join(", ")
}

/// One call as the tests drive it, through its codec `C`: input JSON → input, issues or encoded
/// request; input → request; response → output (errors name the call, as the client's do).
pub(crate) struct TestCall<C> {
    info: &'static CallInfo,
    codec: PhantomData<fn() -> C>,
}

impl<C: Codec> TestCall<C> {
    pub(crate) const fn new(info: &'static CallInfo) -> Self {
        TestCall { info, codec: PhantomData }
    }
    /// The input as the codec reads it strictly; its issues when it is refused.
    pub(crate) fn parse(&self, v: &Value) -> Result<C::Input, Vec<Issue>> {
        read_value::<C>(self.info.input, v)
    }
    pub(crate) fn validate(&self, v: &Value) -> Vec<Issue> {
        self.info.validate(&v.to_string())
    }
    pub(crate) fn encode(&self, v: &Value) -> Result<EncodedRequest, Error> {
        self.info.encode(&v.to_string())
    }
    pub(crate) fn decode<'a>(&self, r: Response<'a>) -> Result<C::Output<'a>, Error> {
        decode_as::<C>(self.info, r)
    }
    pub(crate) fn request(&self, input: &C::Input) -> Request {
        request_of::<C>(self.info, input)
    }
}
