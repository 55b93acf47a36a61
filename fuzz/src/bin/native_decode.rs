//! The pure-Rust share of `decodeTicket`: the same decode, natively, without the wasm boundary
//! (no UTF-16 → UTF-8 copy of the body, no conversion of the result to JS objects), through the
//! registry (`find("getTicket").decode`), on the sample ticket with 200 history entries.
//!
//!   cargo run --profile native --manifest-path fuzz/Cargo.toml --target-dir target/fuzz --bin native_decode
use std::time::Instant;

use tomticket_wasm::core::{find, Doc, Response};
use tomticket_wasm_fuzz::seeds::sample_ticket::sample_ticket_json;

fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> f64 {
    for _ in 0..n / 10 {
        std::hint::black_box(f());
    }
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t0 = Instant::now();
        for _ in 0..n {
            std::hint::black_box(f());
        }
        best = best.min(t0.elapsed().as_secs_f64() * 1000.0);
    }
    best
}

fn main() {
    let call = find("getTicket").expect("getTicket is registered");
    let n = 1000;
    for live in [false, true] {
        let body = sample_ticket_json(200, live);
        let response = Response { status: 200, body: &body, retry_after: None };
        let out = call.decode(&response).expect("the sample ticket decodes");
        let decode = best_of(n, || call.decode(&response).map(|s| s.len()));
        let tape = best_of(n, || Doc::parse(&body).map(|_| ()));
        let value = best_of(n, || serde_json::from_str::<serde_json::Value>(&body).map(|_| ()));
        println!(
            "{} shape, {} bytes → {} bytes of output JSON: {} ×{n} = {decode:.1} ms (Doc::parse alone ≈ {tape:.1} ms; \
             serde_json::from_str to Value ≈ {value:.1} ms)",
            if live { "live" } else { "documented" },
            body.len(),
            out.len(),
            call.decode_export,
        );
    }
}
