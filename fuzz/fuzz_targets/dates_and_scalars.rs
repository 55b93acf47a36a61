#![no_main]
libfuzzer_sys::fuzz_target!(init: tomticket_wasm_fuzz::init("dates_and_scalars"), |data: &[u8]| tomticket_wasm_fuzz::targets::dates_and_scalars(data));
