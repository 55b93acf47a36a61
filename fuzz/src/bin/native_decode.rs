//! The pure-Rust share of `decodeTicket`: the same decode, natively, without the wasm boundary
//! (no UTF-16 → UTF-8 copy of the body, no conversion of the result to JS objects).
//!
//!   cargo run --profile native --manifest-path fuzz/Cargo.toml --target-dir target/fuzz --bin native_decode
use std::time::Instant;

use tomticket_wasm::core::envelope::RawResponse;
use tomticket_wasm::core::ticket;

fn main() {
    let n = 1000;
    for live in [false, true] {
        let body = ticket::sample_ticket_json(200, live);
        let run = |k: usize| {
            let mut sink = 0;
            for _ in 0..k {
                let t = ticket::decode_ticket(RawResponse { status: 200, body: &body, retry_after: None }).expect("decodes");
                sink += t.history.len();
            }
            sink
        };
        run(100);
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t0 = Instant::now();
            assert!(run(n) > 0);
            best = best.min(t0.elapsed().as_secs_f64() * 1000.0);
        }
        let parse_only = {
            let t0 = Instant::now();
            for _ in 0..n {
                let v: serde_json::Value = serde_json::from_str(&body).expect("json");
                std::hint::black_box(v);
            }
            t0.elapsed().as_secs_f64() * 1000.0
        };
        println!(
            "{} shape, {} bytes: decode_ticket ×{n} = {best:.1} ms (of which serde_json::from_str to Value ≈ {parse_only:.1} ms)",
            if live { "live" } else { "documented" },
            body.len()
        );
    }
}
