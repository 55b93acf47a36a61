//! The fuzz crate's helper, built with the stable tools (`cargo build --release --bins`).
//!
//!   fuzz_tool list                      every logical target: `<name> <binary> <call or ->`
//!   fuzz_tool seeds <target> <dir>      writes the target's seeds into dir (missing ones)
//!   fuzz_tool dict                      prints the libFuzzer dictionary
//!   fuzz_tool replay <target> <path>... runs the target's body on files (or every file of
//!                                       directories), natively, without libFuzzer
//!   fuzz_tool selftest                  the checks' own tests, then every target on its seeds
//!
//! `fuzz/run.sh` asks `list` what to run.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tomticket_wasm_fuzz::{checks, dict, seeds, target, targets, Target};

fn usage() -> ExitCode {
    eprintln!("usage: fuzz_tool list | seeds <target> <dir> | dict | replay <target> <path>... | selftest");
    ExitCode::from(2)
}

fn files(paths: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        let p = Path::new(p);
        if p.is_dir() {
            let mut entries: Vec<PathBuf> =
                std::fs::read_dir(p).into_iter().flatten().flatten().map(|e| e.path()).filter(|f| f.is_file()).collect();
            entries.sort();
            out.extend(entries);
        } else {
            out.push(p.to_path_buf());
        }
    }
    out
}

/// Runs `t` on each input; the number that panicked.
fn replay(t: &Target, inputs: &[(String, Vec<u8>)]) -> usize {
    let mut failed = 0;
    for (name, data) in inputs {
        if std::panic::catch_unwind(|| t.run(data)).is_err() {
            eprintln!("{}: {name} panicked", t.name);
            failed += 1;
        }
    }
    failed
}

fn known(name: &str) -> Option<Target> {
    let t = target(name);
    if t.is_none() {
        let names: Vec<String> = targets().into_iter().map(|t| t.name).collect();
        eprintln!("no target {name}; the targets: {}", names.join(" "));
    }
    t
}

fn main() -> ExitCode {
    // one line per panic: the message and where
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["list"] => {
            for t in targets() {
                println!("{} {} {}", t.name, t.binary, t.call.map_or("-", |c| c.name));
            }
        }
        ["dict"] => print!("{}", dict::libfuzzer_dict()),
        ["seeds", name, dir] => {
            let Some(t) = known(name) else { return ExitCode::from(2) };
            let _ = std::fs::create_dir_all(dir);
            seeds::write_corpus(&t.name, Path::new(dir));
        }
        ["replay", name, paths @ ..] if !paths.is_empty() => {
            let Some(t) = known(name) else { return ExitCode::from(2) };
            let paths: Vec<String> = paths.iter().map(|s| s.to_string()).collect();
            let inputs: Vec<(String, Vec<u8>)> = files(&paths)
                .into_iter()
                .filter_map(|f| std::fs::read(&f).ok().map(|d| (f.display().to_string(), d)))
                .collect();
            let failed = replay(&t, &inputs);
            println!("{}: {} inputs, {failed} panicked", t.name, inputs.len());
            if failed > 0 {
                return ExitCode::FAILURE;
            }
        }
        ["selftest"] => {
            checks::selftest();
            let mut failed = 0;
            for t in targets() {
                let inputs: Vec<(String, Vec<u8>)> =
                    seeds::seeds(&t.name).into_iter().enumerate().map(|(i, d)| (format!("seed-{i:02}"), d)).collect();
                if inputs.is_empty() {
                    eprintln!("{}: no seeds", t.name);
                    failed += 1;
                }
                let n = replay(&t, &inputs);
                println!("{:<26} {:>3} seeds, {n} panicked", t.name, inputs.len());
                failed += n;
            }
            if failed > 0 {
                return ExitCode::FAILURE;
            }
        }
        _ => return usage(),
    }
    ExitCode::SUCCESS
}
