//! The search engine, run in a Web Worker that the app starts when the reader begins to search
//! (see `bulletin::web::search_client`): query parsing, the index's shards and documents, ranking and
//! snippets, none of it in the app's own wasm. Built by Trunk from index.html
//! (`data-type="worker"`); the build (`tool::shell::trunk`) gives its files hashed names.

fn main() {
    #[cfg(target_arch = "wasm32")]
    bulletin::web::worker::serve();
}
