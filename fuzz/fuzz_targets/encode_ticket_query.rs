#![no_main]
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("encode_ticket_query"), |data: &[u8]| tomticket_wasm_fuzz::targets::encode_ticket_query(data));
