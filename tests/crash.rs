//! A panic anywhere in the app is caught by the panic hook and shown as a page-level message with
//! a reload button (headless Chromium, wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_panic_in_a_task_shows_the_crash_notice_with_a_reload_button() {
    bulletin::web::boot::install_panic_hook();
    // A task of its own panics, as an effect or an event handler of the app would.
    wasm_bindgen_futures::spawn_local(async {
        let items: Vec<u32> = Vec::new();
        let _ = items[std::hint::black_box(3)];
    });
    sleep(100).await;
    let document = web_sys::window().unwrap().document().unwrap();
    let notice = document
        .get_element_by_id("crash-notice")
        .expect("the crash notice is shown");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        notice
            .query_selector("p")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("页面出现错误，请重新加载。")
    );
    let button: web_sys::HtmlElement = notice
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().as_deref(), Some("重新加载"));
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
    assert_eq!(
        document.active_element().as_ref(),
        Some(button.unchecked_ref::<web_sys::Element>()),
        "focus moves to the reload button"
    );
}
