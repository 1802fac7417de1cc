fn main() {
    bulletin::web::boot::install_panic_hook();
    bulletin::web::boot::start();
}
