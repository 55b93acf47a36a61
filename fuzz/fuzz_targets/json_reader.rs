#![no_main]
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("json_reader"), |data: &[u8]| tomticket_wasm_fuzz::targets::json_reader(data));
