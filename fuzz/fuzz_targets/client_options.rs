#![no_main]
//! See `tomticket_wasm_fuzz::targets::client_options`.
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("client_options"), |data: &[u8]| tomticket_wasm_fuzz::run(data));
