#![no_main]
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("decode_update_customer"), |data: &[u8]| tomticket_wasm_fuzz::targets::decode_update_customer(data));
