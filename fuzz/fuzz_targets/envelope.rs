#![no_main]
//! See `tomticket_wasm_fuzz::targets::envelope`.
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("envelope"), |data: &[u8]| tomticket_wasm_fuzz::run(data));
