//! The pure core: models, rules, codecs and policies as plain functions of data.
//! No wasm-bindgen calls, no JS types, no I/O. (Types derive `tsify::Tsify`, which only attaches
//! TypeScript declarations; see docs/architecture.md.)
pub mod config;
pub mod dates;
pub mod envelope;
pub mod error;
pub mod http;
pub mod input;
pub mod json;
pub mod issue;
pub mod lenient;
pub mod policy;
pub mod rules;

pub use error::{Error, ErrorKind};
pub use issue::{Issue, IssueCode, Issues};

// Endpoint and domain modules.
pub mod customer;
pub mod legacy_update;
pub mod piperun;
pub mod ticket;
