//! The pure core: models, rules, codecs and policies as plain functions of data. No
//! wasm-bindgen calls, no JS types, no I/O. (Types derive `tsify::Tsify`, which only attaches
//! TypeScript declarations; see docs/architecture.md. tsify declares a field with
//! `#[serde(skip_serializing_if = "Option::is_none")]` optional (`?:`) by itself: such a field
//! needs no `#[tsify(optional)]`.)
//!
//! Modules are private; what the binding layer, the tests and the fuzz targets use is
//! re-exported here, so this list is the core's whole surface.

// The two model macros come before the modules so that every module (piperun's too) sees them.

/// Declares the model types (what the API takes and gives) with what they all share: `Serialize`
/// and `Tsify` (the TypeScript declaration), `Clone`, `Debug`, `PartialEq`, and camelCase names.
/// The bracket holds the attributes the block's items share beyond that (e.g. `#[derive(Eq)]`,
/// `#[tsify(missing_as_null)]`); each item keeps its own doc comments and attributes. Items are
/// structs or enums with braces, generic over a lifetime at most.
///
/// ```ignore
/// models! {
///     [#[derive(Eq)] #[tsify(missing_as_null)]]
///
///     /// A thing.
///     pub struct Thing<'a> { pub name: Option<Cow<'a, str>> }
/// }
/// ```
macro_rules! models {
    ($shared:tt $($(#[$m:meta])* $v:vis $kind:ident $name:ident $(<$lt:lifetime>)? { $($body:tt)* })*) => {
        $(models!(@one $shared $(#[$m])* $v $kind $name $(<$lt>)? { $($body)* });)*
    };
    (@one [$(#[$shared:meta])*] $(#[$m:meta])* $v:vis $kind:ident $name:ident $(<$lt:lifetime>)? { $($body:tt)* }) => {
        #[derive(serde::Serialize, tsify::Tsify, Clone, Debug, PartialEq)]
        #[serde(rename_all = "camelCase")]
        $(#[$shared])*
        $(#[$m])*
        $v $kind $name $(<$lt>)? { $($body)* }
    };
}

/// [`models!`] for structs whose `Option` fields are all optional members: each is declared
/// `name?: T` and left out of the JSON when `None` (`skip_serializing_if = "Option::is_none"`,
/// added here to every field whose type is written `Option<…>`). For the inputs, where absent
/// means "not given". Same bracket as [`models!`].
macro_rules! models_skip_none {
    ($shared:tt $($(#[$m:meta])* $v:vis struct $name:ident { $($fields:tt)* })*) => {
        $(models_skip_none!(@fields $shared [$(#[$m])* $v struct $name] [] $($fields)*);)*
    };
    (@fields $shared:tt $head:tt [$($done:tt)*] $(#[$fm:meta])* $fv:vis $f:ident : Option<$t:ty> $(, $($rest:tt)*)?) => {
        models_skip_none!(@fields $shared $head [
            $($done)* $(#[$fm])* #[serde(skip_serializing_if = "Option::is_none")] $fv $f: Option<$t>,
        ] $($($rest)*)?);
    };
    (@fields $shared:tt $head:tt [$($done:tt)*] $(#[$fm:meta])* $fv:vis $f:ident : $t:ty $(, $($rest:tt)*)?) => {
        models_skip_none!(@fields $shared $head [$($done)* $(#[$fm])* $fv $f: $t,] $($($rest)*)?);
    };
    (@fields $shared:tt [$($head:tt)*] [$($done:tt)*]) => {
        models!($shared $($head)* { $($done)* });
    };
}

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
