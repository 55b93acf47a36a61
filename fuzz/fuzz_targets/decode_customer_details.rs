#![no_main]
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("decode_customer_details"), |data: &[u8]| tomticket_wasm_fuzz::targets::decode_customer_details(data));
