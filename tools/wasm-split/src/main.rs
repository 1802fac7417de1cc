//! `bulletin-wasm-split IN.wasm OUT_DIR`: splits a wasm linked with `--emit-relocs` at its
//! `#[lazy]` split points (crate `wasm_split_cli_support`, the library behind `cargo leptos
//! --split`), before wasm-bindgen. Writes `OUT_DIR/main.wasm` (for wasm-bindgen), one `.wasm` per
//! split and shared chunk, and the chunk loader `OUT_DIR/__wasm_split.js`; prints as JSON the
//! files every split point loads (its `prefetch_map`).
//!
//! Used by `bench/split-probe.sh` (docs/speed.md, "Code splitting"), not by the app's build.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn run(input: &Path, out_dir: &Path) -> Result<String, String> {
    let wasm = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let main_out: PathBuf = out_dir.join("main.wasm");
    let mut opts = wasm_split_cli_support::Options::new(&wasm);
    opts.output_dir = out_dir;
    opts.main_out_path = &main_out;
    let split = wasm_split_cli_support::transform(opts).map_err(|e| format!("{e:?}"))?;
    let mut entries: Vec<_> = split.prefetch_map.into_iter().collect();
    entries.sort();
    let json: Vec<String> = entries
        .iter()
        .map(|(split, files)| {
            let files: Vec<String> = files.iter().map(|f| format!("\"{f}\"")).collect();
            format!("\"{split}\": [{}]", files.join(", "))
        })
        .collect();
    Ok(format!("{{{}}}", json.join(", ")))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir] = args.as_slice() else {
        eprintln!("usage: bulletin-wasm-split IN.wasm OUT_DIR");
        return ExitCode::from(2);
    };
    match run(Path::new(input), Path::new(out_dir)) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bulletin-wasm-split: {e}");
            ExitCode::FAILURE
        }
    }
}
