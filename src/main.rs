fn main() {
    bulletin::app::install_panic_hook();
    bulletin::app::start();
}
