#![no_main]
//! See `tomticket_wasm_fuzz::targets::map_piperun_customer`.
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("map_piperun_customer"), |data: &[u8]| tomticket_wasm_fuzz::run(data));
