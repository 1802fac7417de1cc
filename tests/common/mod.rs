//! Helpers shared by the native test files: each includes this module with `mod common;` and uses
//! the part it needs.
#![allow(dead_code)]

pub mod search_site;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use bulletin::contract::read::{parse_file, ContractFile};
use bulletin::tool::content::Options;

/// The repository's root folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The content tool's options for a test: two workers, no progress bar.
pub fn options() -> Options {
    Options {
        workers: 2,
        progress: false,
        ..Options::default()
    }
}

/// A fresh, empty folder for one test: `bulletin-<test file>-test-<pid>-<name>` in the system's
/// temp folder.
pub fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "bulletin-{}-test-{}-{name}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A file of the data contract read with the app's own types; panics naming the file when it
/// cannot be read or does not parse.
pub fn load<T: ContractFile>(path: &Path) -> T {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_file::<T>(&path.display().to_string(), &text)
        .unwrap_or_else(|e| panic!("the file does not parse: {e}"))
}

/// A TOML basic string holding `s` exactly.
pub fn toml(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Runs the `bulletin` binary with `args`: its exit code, stdout and stderr.
pub fn cli(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
