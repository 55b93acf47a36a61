//! The pure core: models, rules, codecs and policies as plain functions of data. No
//! wasm-bindgen calls, no JS types, no I/O. (Types derive `tsify::Tsify`, which only attaches
//! TypeScript declarations; see docs/architecture.md.)
//!
//! Modules are private; what the binding layer, the tests and the fuzz targets use is
//! re-exported here, so this list is the core's whole surface.
mod calls;
mod config;
mod customer;
mod dates;
mod envelope;
mod error;
mod fields;
mod http;
mod issue;
mod json;
mod legacy;
pub mod piperun;
mod policy;
mod read;
mod rules;
mod secret;
mod ticket;
mod write;

pub use calls::*;
pub use config::{parse_client_options, ClientConfig, ClientOptions, RetryOptions, BROWSER_OPT_IN};
pub use customer::{CreateCustomerResult, Customer, CustomerCustomField, CustomerLookup, CustomerPermissions, NewCustomer, Organization, Quota};
pub use envelope::{retry_after_ms, Response};
pub use error::{Error, ErrorKind};
pub use fields::{CustomerIdentifierType, Language};
pub use http::{Auth, AuthPlacement, BaseUrl, EncodedRequest, Family, FormField, Method, Request};
pub use issue::{Issue, IssueCode, Issues};
pub use json::{Doc, JsonError, Kind, Val};
pub use legacy::{LegacyCustomerUpdate, UpdateCustomerResult};
pub use policy::{Permit, RateLimiter, RetryPolicy};
pub use rules::char_len;
pub use ticket::{Ticket, TicketQuery};
pub use secret::{redact, Token, REDACTED};
pub use write::{to_json, RawJson};
