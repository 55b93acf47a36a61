#![no_main]
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("decode_create_customer"), |data: &[u8]| tomticket_wasm_fuzz::targets::decode_create_customer(data));
