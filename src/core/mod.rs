//! The pure core: models, rules, codecs and policies as plain functions of data. No
//! wasm-bindgen calls, no JS types, no I/O. (Types derive `tsify::Tsify`, which only attaches
//! TypeScript declarations; see docs/architecture.md. tsify declares a field with
//! `#[serde(skip_serializing_if = "Option::is_none")]` optional (`?:`) by itself: such a field
//! needs no `#[tsify(optional)]`.)
//!
//! Modules are private; what the binding layer, the tests and the fuzz targets use is
//! re-exported here, so this list is the core's whole surface.
mod attachment;
mod calls;
mod config;
mod customer;
mod dates;
mod directory;
mod envelope;
mod error;
mod fields;
mod http;
mod issue;
mod json;
mod legacy;
mod page;
pub mod piperun;
mod policy;
mod read;
mod rules;
mod secret;
mod ticket;
#[cfg(test)]
mod testing;
mod webhook;
mod write;

pub use calls::*;
pub use config::{parse_client_options, ClientConfig, ClientOptions, RetryOptions, BROWSER_OPT_IN};
pub use customer::{CreateCustomerResult, Customer, CustomerCustomField, CustomerLookup, CustomerPermissions, NewCustomer, Organization, Quota};
pub use directory::{
    summarize_departments, BlacklistQuery, BlacklistResult, Category, Chat, ChatCustomer, ChatFilter, CustomField, CustomFieldList,
    CustomerSummary, CustomerUpdateV2, Department, DepartmentFieldsQuery, DepartmentList, DepartmentOperatorsQuery, DepartmentQuery,
    DepartmentSummary, FieldUse, Named, NoFilter, Operator, OperatorList, OperatorUse,
};
pub use envelope::{retry_after_ms, Response};
pub use error::{Error, ErrorKind};
pub use fields::{CustomerIdentifierType, Language};
pub use http::{Auth, AuthPlacement, BaseUrl, EncodedRequest, Family, FilePart, FormField, Method, Request};
pub use issue::{Issue, IssueCode, Issues};
pub use json::{Doc, JsonError, Kind, Val};
pub use legacy::{LegacyCustomerUpdate, UpdateCustomerResult};
pub use policy::{Permit, RateLimiter, RetryPolicy};
pub use rules::char_len;
pub use page::{page_request, parse_list_options, ListOptions, Page, MAX_PAGE, PAGE_SIZE};
pub use ticket::{has_no_operator, no_operator_error, plan_safe_operator_reply, SafeReplyPlan, CreateTicketResult, NewTicket, Priority, Ticket, TicketDetailQuery, TicketFilter, TicketQuery, WriteResult};
pub use secret::{redact, Token, REDACTED};
pub use webhook::{subject_request, verify_webhook, WebhookAction, WebhookEvent, WebhookEventType, WebhookFailure};
pub use write::{to_json, RawJson};
