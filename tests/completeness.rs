//! Every registered call (`core::CALLS`) has everything a call needs outside the core, and
//! nothing is exported that is not registered. Reads the other suites' sources as text, so it
//! runs natively in milliseconds and names what is missing.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use tomticket_wasm::core::{CallInfo, CALLS, OTHER_EXPORTS};

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `decodeCustomerDetails` → `decode_customer_details`.
fn snake(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            s.push('_');
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

/// The literal segments of a path before its first `{…}`: what the fake's router matches.
fn route_literal(call: &CallInfo) -> String {
    let lit: Vec<&str> = call.path.split('/').take_while(|s| !s.starts_with('{')).collect();
    let joined = lit.join("/");
    if call.path.starts_with("v2.0/") {
        format!("\"/{joined}\"")
    } else {
        format!("\"{joined}\"")
    }
}

#[test]
fn every_registered_call_is_served_tested_fuzzed_and_packaged() {
    let fake = read("tests/fake/tomticket-fake.mjs");
    let table = read("tests/bad-input/table.json");
    let smoke = read("tests/packaging/smoke.js");
    let fuzz_lib = read("fuzz/src/lib.rs");
    assert!(
        fuzz_lib.contains("CALLS") && ["decode", "encode"].iter().all(|b| std::path::Path::new(&format!("fuzz/fuzz_targets/{b}.rs")).exists()),
        "the fuzz targets must be derived from core::CALLS (fuzz/src/lib.rs) and run by fuzz_targets/decode.rs and encode.rs"
    );
    // What fuzz/src/lib.rs derives: decode_/encode_ + the snake_case export names.
    let fuzz_targets: Vec<String> = CALLS.iter().flat_map(|c| [snake(c.encode_export), snake(c.decode_export)]).collect();
    let mut missing = Vec::new();
    for c in CALLS {
        let route = route_literal(c);
        if !fake.contains(&route) {
            missing.push(format!("{}: no route {route} in tests/fake/tomticket-fake.mjs", c.name));
        }
        for export in [c.validate_export, c.decode_export] {
            if !table.contains(&format!("\"call\": \"{export}\"")) {
                missing.push(format!("{}: no row calls {export} in tests/bad-input/table.json", c.name));
            }
        }
        // The fuzz targets follow from the registry (fuzz/src/lib.rs: `targets()` maps every call
        // to `decode_…` and `encode_…`, run by the generic `decode`/`encode` binaries).
        for export in [c.encode_export, c.decode_export] {
            let target = snake(export);
            if !fuzz_targets.contains(&target) {
                missing.push(format!("{}: no fuzz target {target} (fuzz_tool list)", c.name));
            }
        }
        if !smoke.contains(&format!(".{}(", c.name)) {
            missing.push(format!("{}: the packaging contract (tests/packaging/smoke.js) never calls it", c.name));
        }
    }
    assert!(missing.is_empty(), "{} gaps:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn every_export_is_registered() {
    // The golden declarations are the package's own (scripts/check-types.mjs compares them with
    // every build), so their export list is the package's.
    let dts = read("tests/golden/tomticket_wasm.d.ts");
    let mut allowed: BTreeSet<&str> = OTHER_EXPORTS.iter().copied().collect();
    for c in CALLS {
        allowed.extend([c.validate_export, c.encode_export, c.decode_export]);
    }
    let mut found = BTreeSet::new();
    for line in dts.lines() {
        let name = ["export function ", "export class "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .map(|rest| rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or(""));
        if let Some(n) = name {
            found.insert(n.to_owned());
        }
    }
    let unregistered: Vec<&String> = found.iter().filter(|n| !allowed.contains(n.as_str())).collect();
    assert!(unregistered.is_empty(), "exported but not registered (add a row to core::calls or to OTHER_EXPORTS): {unregistered:?}");
    let absent: Vec<&&str> = allowed.iter().filter(|n| !found.contains(**n)).collect();
    assert!(absent.is_empty(), "registered but not exported: {absent:?}");
    // Client methods: one per call, declared in the merged interface.
    // A paged call's method returns the page iterator, and its filter is optional.
    for c in CALLS {
        let decl = if c.paginated {
            format!("  {}(input?: {}, options?: ListOptions): PageIterator<{}[\"items\"][number]>;", c.name, c.input, c.output)
        } else {
            format!("  {}(input: {}, options?: CallOptions): Promise<{}>;", c.name, c.input, c.output)
        };
        assert!(dts.contains(&decl), "{}: {decl}", c.name);
    }
}

/// The table of calls in the README and in the npm README, rendered from the registry.
fn calls_table() -> String {
    let mut t = String::from("| call | client method | pure functions | retried after | |\n|---|---|---|---|---|\n");
    for c in CALLS {
        let family = if c.path.starts_with("v2.0/") { "v2" } else { "legacy" };
        let path: Vec<&str> = c.path.trim_start_matches("v2.0/").split('/').take_while(|s| !s.starts_with('{')).collect();
        let retried = match c.retry {
            tomticket_wasm::core::Retry::Safe => "429, 5xx, network",
            tomticket_wasm::core::Retry::OnlyAfter429 => "429 only",
        };
        t.push_str(&format!(
            "| {family} `{} {}` | `{}` | `{}`, `{}`, `{}` | {retried} | {} |\n",
            c.method.as_str(),
            path.join("/"),
            c.name,
            c.validate_export,
            c.encode_export,
            c.decode_export,
            c.summary.trim()
        ));
    }
    t.push_str("| PipeRun Atendimentos webhook | — | `parsePipeRunCustomer`, `mapPipeRunCustomer` | — | PipeRun's customer → TomTicket inputs |\n");
    t
}

#[test]
fn readme_tables_of_calls_are_generated_from_the_registry() {
    const BEGIN: &str = "<!-- calls: generated from core::CALLS by tests/completeness.rs (UPDATE_README=1 cargo test) -->\n";
    const END: &str = "<!-- /calls -->";
    let table = calls_table();
    for path in ["README.md", "pkg-template/README.md"] {
        let text = read(path);
        let (Some(a), Some(b)) = (text.find(BEGIN), text.find(END)) else { panic!("{path}: no {BEGIN:?} … {END:?} markers") };
        let current = &text[a + BEGIN.len()..b];
        if current != table {
            if std::env::var_os("UPDATE_README").is_some() {
                let updated = format!("{}{BEGIN}{table}{}", &text[..a], &text[b..]);
                std::fs::write(path, updated).unwrap_or_else(|e| panic!("{path}: {e}"));
            } else {
                panic!("{path}: the table of calls is out of date: run UPDATE_README=1 cargo test --test completeness");
            }
        }
    }
}

#[test]
fn the_browser_refusal_points_to_a_section_that_exists() {
    let e = tomticket_wasm::core::parse_client_options(r#"{"token":"t"}"#, true).expect_err("a token in a page is refused");
    assert!(e.message.contains("the README, \"Browser\""), "{}", e.message);
    assert!(read("pkg-template/README.md").lines().any(|l| l == "## Browser"), "the npm README has no \"## Browser\" section");
}

/// `target/registry.json`: the registry for the JS suites (tests/bad-input/table.test.mjs maps
/// each `validate…` export to its client method with it). Written by the native tier of
/// `make test`, which runs before them.
#[test]
fn writes_the_registry_for_the_js_suites() {
    let calls: Vec<String> = CALLS
        .iter()
        .map(|c| {
            format!(
                r#"{{"name":"{}","method":"{}","path":"{}","validate":"{}","encode":"{}","decode":"{}","input":"{}","output":"{}"}}"#,
                c.name,
                c.method.as_str(),
                c.path,
                c.validate_export,
                c.encode_export,
                c.decode_export,
                c.input,
                c.output
            )
        })
        .collect();
    let text = format!("{{\"calls\":[\n{}\n]}}\n", calls.join(",\n"));
    std::fs::create_dir_all("target").expect("target/");
    std::fs::write("target/registry.json", text).expect("target/registry.json");
}
