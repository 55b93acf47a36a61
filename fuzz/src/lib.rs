//! Shared bodies of the `cargo fuzz` targets in `fuzz_targets/` (one line each): what every
//! target calls, the invariants checked besides "no panic", the structured inputs of the
//! encoders, and the seed corpus. See fuzz/README.md.
pub mod checks;
pub mod dict;
pub mod input;
pub mod seeds;
pub mod targets;

/// Every target, by name, with its body (the same names as `fuzz_targets/*.rs`).
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("decode_ticket", targets::decode_ticket),
    ("decode_customer_details", targets::decode_customer_details),
    ("decode_create_customer", targets::decode_create_customer),
    ("decode_update_customer", targets::decode_update_customer),
    ("envelope", targets::envelope),
    ("json_reader", targets::json_reader),
    ("parse_piperun_customer", targets::parse_piperun_customer),
    ("map_piperun_customer", targets::map_piperun_customer),
    ("dates_and_scalars", targets::dates_and_scalars),
    ("encode_new_customer", targets::encode_new_customer),
    ("encode_customer_lookup", targets::encode_customer_lookup),
    ("encode_customer_update", targets::encode_customer_update),
    ("encode_ticket_query", targets::encode_ticket_query),
    ("client_options", targets::client_options),
];

/// Called once per process by every target (libFuzzer's `LLVMFuzzerInitialize`): writes the
/// target's seeds into each corpus directory on the command line that does not hold them yet,
/// and the shared dictionary next to it (`<corpus>/../fuzz.dict`). Idempotent.
pub fn init(target: &str) {
    for arg in std::env::args().skip(1) {
        let dir = std::path::Path::new(&arg);
        if arg.starts_with('-') || !dir.is_dir() || dir.file_name().and_then(|n| n.to_str()) != Some(target) {
            continue;
        }
        seeds::write_corpus(target, dir);
        if let Some(parent) = dir.parent() {
            let _ = std::fs::write(parent.join("fuzz.dict"), dict::libfuzzer_dict());
        }
    }
}
