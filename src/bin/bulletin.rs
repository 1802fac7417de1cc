//! `bulletin`: builds the data files of a Bulletin site from a folder of Markdown notices.
//! See `bulletin --help` and `bulletin::tool::cli`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(bulletin::tool::cli::run(
        std::env::args_os().skip(1).collect(),
    ));
}
