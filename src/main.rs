fn main() {
    bulletin::app::install_panic_hook();
    leptos::mount::mount_to_body(bulletin::app::App);
}
