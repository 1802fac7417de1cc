//! The footer actions 【返回顶部】【关闭窗口】【打印本页】: real buttons, never dead clicks.

use leptos::prelude::*;

use crate::contract::labels::Labels;

/// The three footer actions. Each handler is passed in, so the browser calls stay in the page.
#[component]
pub fn NoticeActions(
    /// 返回顶部.
    on_top: Callback<()>,
    /// 关闭窗口.
    on_close: Callback<()>,
    /// 打印本页.
    on_print: Callback<()>,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let button = move |class: &'static str, text: &'static str, cb: Callback<()>| {
        view! {
            <button type="button" class=class on:click=move |_| cb.run(())>
                <span aria-hidden="true">"【"</span>
                {text}
                <span aria-hidden="true">"】"</span>
            </button>
        }
    };
    view! {
        <div class="notice-actions">
            {button("action-top", labels.back_to_top, on_top)}
            {button("action-close", labels.close_window, on_close)}
            {button("action-print", labels.print_page, on_print)}
        </div>
    }
}
