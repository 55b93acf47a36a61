//! Shared bodies of the `cargo fuzz` targets in `fuzz_targets/`, the invariants they check
//! besides "no panic", the structured inputs of the encoders, and the seed corpus. See
//! fuzz/README.md.
//!
//! The list of *logical* targets follows from the call registry (`core::CALLS`): every call
//! gets `decode_<…>` (the snake case of its `decode…` export) and `encode_<…>` (of its
//! `encode…` export). They all run in two libFuzzer binaries, `decode` and `encode`, told which
//! call by the environment variable `FUZZ_CALL` (a call name such as `getTicket`, or any of its
//! export names), read once at start-up. The other targets each have a binary of their own.
//! `fuzz_tool list` prints the list; `fuzz/run.sh` runs what it prints, so a new call is fuzzed
//! with no edit here.
pub mod checks;
pub mod dict;
pub mod input;
pub mod seeds;
pub mod targets;

use std::sync::OnceLock;

use tomticket_wasm::core::{find, CallInfo, CALLS};

/// The libFuzzer binaries that are not per call (each `fuzz_targets/<name>.rs`, logical target
/// of the same name), in the order they run.
pub const OTHER_TARGETS: &[&str] =
    &["envelope", "json_reader", "parse_piperun_customer", "map_piperun_customer", "client_options"];

/// The environment variable that picks the call of the `decode` and `encode` binaries.
pub const CALL_VAR: &str = "FUZZ_CALL";

/// One logical target: a corpus (`fuzz/corpus/<name>/`), a regressions directory, a seed set.
#[derive(Clone, Debug)]
pub struct Target {
    /// `decode_ticket`, `encode_customer_update`, `json_reader`, …
    pub name: String,
    /// The libFuzzer binary that runs it (`fuzz_targets/<binary>.rs`).
    pub binary: &'static str,
    /// The call, for the `decode` and `encode` binaries (given to them as `FUZZ_CALL`).
    pub call: Option<&'static CallInfo>,
}

impl Target {
    /// Runs the target's body on one input.
    pub fn run(&self, data: &[u8]) {
        match (self.binary, self.call) {
            ("decode", Some(call)) => targets::decode(call, data),
            ("encode", Some(call)) => targets::encode(call, data),
            ("envelope", _) => targets::envelope(data),
            ("json_reader", _) => targets::json_reader(data),
            ("parse_piperun_customer", _) => targets::parse_piperun_customer(data),
            ("map_piperun_customer", _) => targets::map_piperun_customer(data),
            ("client_options", _) => targets::client_options(data),
            (b, c) => panic!("no body for binary {b} (call {c:?})"),
        }
    }
}

/// `decodeCustomerDetails` → `decode_customer_details`.
pub fn snake(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if !s.is_empty() {
                s.push('_');
            }
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

fn decode_target(call: &'static CallInfo) -> Target {
    Target { name: snake(call.decode_export), binary: "decode", call: Some(call) }
}

fn encode_target(call: &'static CallInfo) -> Target {
    Target { name: snake(call.encode_export), binary: "encode", call: Some(call) }
}

fn other_target(name: &'static str) -> Target {
    Target { name: name.to_owned(), binary: name, call: None }
}

/// Every logical target, computed from [`CALLS`]: the decoders, the other targets, the
/// encoders.
pub fn targets() -> Vec<Target> {
    let mut out: Vec<Target> = CALLS.iter().map(decode_target).collect();
    out.extend(OTHER_TARGETS.iter().map(|n| other_target(n)));
    out.extend(CALLS.iter().map(encode_target));
    out
}

/// The logical target of that name.
pub fn target(name: &str) -> Option<Target> {
    targets().into_iter().find(|t| t.name == name)
}

static CURRENT: OnceLock<Target> = OnceLock::new();

/// The logical target of a libFuzzer binary: for `decode`/`encode`, the call named by
/// `FUZZ_CALL`. Exits with the list of calls when it is missing or unknown.
fn resolve(binary: &'static str) -> Target {
    if !matches!(binary, "decode" | "encode") {
        return other_target(OTHER_TARGETS.iter().find(|&&n| n == binary).copied().unwrap_or_else(|| {
            eprintln!("unknown fuzz binary {binary}");
            std::process::exit(2)
        }));
    }
    let wanted = std::env::var(CALL_VAR).unwrap_or_default();
    match find(wanted.trim()) {
        Some(call) if binary == "decode" => decode_target(call),
        Some(call) => encode_target(call),
        None => {
            let names: Vec<&str> = CALLS.iter().map(|c| c.name).collect();
            eprintln!(
                "the `{binary}` fuzz binary needs {CALL_VAR}=<call> (one of: {}); got {wanted:?}. \
                 `fuzz_tool list` prints every logical target; fuzz/run.sh sets it.",
                names.join(", ")
            );
            std::process::exit(2)
        }
    }
}

/// Called once per process by every libFuzzer binary (`LLVMFuzzerInitialize`): picks the
/// logical target, writes its seeds into each corpus directory on the command line named after
/// it (`fuzz/corpus/<logical name>/`; only missing seeds), and the shared dictionary next to it
/// (`<corpus>/../fuzz.dict`). Idempotent.
pub fn init(binary: &'static str) {
    let t = CURRENT.get_or_init(|| resolve(binary));
    for arg in std::env::args().skip(1) {
        let dir = std::path::Path::new(&arg);
        if arg.starts_with('-') || !dir.is_dir() || dir.file_name().and_then(|n| n.to_str()) != Some(t.name.as_str()) {
            continue;
        }
        // fuzz/regressions/<target>/ is committed and holds crashes only: no seeds there.
        if dir.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()) == Some("regressions") {
            continue;
        }
        seeds::write_corpus(&t.name, dir);
        if let Some(parent) = dir.parent() {
            let _ = std::fs::write(parent.join("fuzz.dict"), dict::libfuzzer_dict());
        }
    }
}

/// The body of the current libFuzzer binary (after [`init`]).
pub fn run(data: &[u8]) {
    match CURRENT.get() {
        Some(t) => t.run(data),
        None => panic!("tomticket_wasm_fuzz::init was not called"),
    }
}
