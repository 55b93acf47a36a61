#![no_main]
//! The `decode` half of every call of the registry: the call is `FUZZ_CALL` (see fuzz/README.md).
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("decode"), |data: &[u8]| tomticket_wasm_fuzz::run(data));
