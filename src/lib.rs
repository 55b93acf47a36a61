#![warn(unreachable_pub, unused, dead_code)]
// `core::Error` (kind, message, status, server message, issues, Retry-After, endpoint, cause)
// is returned by value on purpose: errors are the cold path, and a `Box` would add an
// allocation and an indirection to every `?` for no gain that matters here.
#![allow(clippy::result_large_err)]
//! tomticket-wasm: a typed, validated, token-safe client for the TomTicket helpdesk API.
//!
//! Two rooms (see docs/architecture.md):
//! - [`core`]: pure Rust. Models, validation rules, form/URL encoding, response decoding,
//!   retry and rate-limit policy, as plain functions of data. No JS types, no I/O.
//!   Unit-tested natively with `cargo test`.
//! - `js` (wasm32 only): the one thin binding layer. Converts JS values to core inputs and core
//!   outputs to JS values, calls the host's `fetch`, builds JS `Error` objects. No business rule.
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod js;

/// The allocator of the .wasm: talc instead of Rust's default dlmalloc — measured smaller and
/// faster on this package's workloads (see BENCHMARKS.md). Single-threaded builds only (no
/// `atomics`), which is every build of this package.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
