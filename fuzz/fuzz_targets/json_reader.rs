#![no_main]
//! See `tomticket_wasm_fuzz::targets::json_reader`.
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("json_reader"), |data: &[u8]| tomticket_wasm_fuzz::run(data));
