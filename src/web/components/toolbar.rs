//! The reading-aids toolbar on every page: 字号, 页面缩放, 适老模式, 高对比度, 恢复默认 and the
//! 适老化 tools (特大鼠标, 十字线, 大字幕, 指读, 连读: [`super::aids`]). Each
//! setting is an attribute on `<html>` (styled in `style/main.css`) remembered in
//! `localStorage`, which `public/prefs.js` applies again before the first paint of the next visit.

use leptos::prelude::*;

use crate::contract::labels::Labels;
use crate::contract::prefs::{FontSize, Switch, Zoom, CONTRAST, ELDER, SWITCHES};
use crate::web::aids::{remember, toggle_switch, use_aids};
use crate::web::components::aids::AidsButtons;
use crate::web::components::disclosure::DisclosureButton;
use crate::web::platform::browser;
use crate::web::state::{use_app, use_site};

/// Whether 高对比度 is in force: the reader's choice, else the system's `prefers-contrast`.
fn contrast_in_force() -> bool {
    Switch::parse(browser::root_attribute(CONTRAST.attribute).as_deref())
        .unwrap_or_else(|| browser::matches_media("(prefers-contrast: more)"))
}

/// The name of a text size as the toolbar shows it.
fn size_name(size: FontSize, labels: &Labels) -> &'static str {
    match size {
        FontSize::Small => labels.font_small,
        FontSize::Medium => labels.font_medium,
        FontSize::Large => labels.font_large,
    }
}

/// The toolbar. Buttons say what they do; the two modes are toggle buttons (`aria-pressed`);
/// every change is announced in the live region.
#[component]
pub fn ReadingToolbar() -> impl IntoView {
    let state = use_app();
    let labels = use_site().labels;
    let font = state.font;
    let zoom = RwSignal::new(Zoom::from_attribute(
        browser::root_attribute(Zoom::ATTRIBUTE).as_deref(),
    ));
    let elder = RwSignal::new(
        Switch::parse(browser::root_attribute(ELDER.attribute).as_deref()).unwrap_or(false),
    );
    let contrast = RwSignal::new(contrast_in_force());
    let aids = use_aids();

    let set_font = move |size: Option<FontSize>| {
        if let Some(size) = size {
            font.set(size);
            remember(
                FontSize::ATTRIBUTE,
                FontSize::STORAGE_KEY,
                Some(size.as_str()),
            );
            state.announce(&format!("{}{}", labels.font_size, size_name(size, labels)));
        }
    };
    let set_zoom = move |step: Option<Zoom>| {
        if let Some(step) = step {
            zoom.set(step);
            remember(Zoom::ATTRIBUTE, Zoom::STORAGE_KEY, Some(step.as_str()));
            state.announce(&format!("{} {}%", labels.zoom, step.percent()));
        }
    };
    let toggle = move |switch: Switch, signal: RwSignal<bool>, name: &'static str| {
        toggle_switch(state, labels, switch, signal, name);
    };
    let reset = move |_| {
        remember(FontSize::ATTRIBUTE, FontSize::STORAGE_KEY, None);
        remember(Zoom::ATTRIBUTE, Zoom::STORAGE_KEY, None);
        for switch in SWITCHES {
            remember(switch.attribute, switch.storage_key, None);
        }
        font.set(FontSize::default());
        zoom.set(Zoom::default());
        elder.set(false);
        contrast.set(contrast_in_force());
        aids.reset();
        state.announce(labels.aids_were_reset);
    };
    // A step button: `aria-disabled` at the end of the scale (it keeps the focus, unlike
    // `disabled`), and a click there does nothing.
    let step_button = move |text: &'static str,
                            class: &'static str,
                            at_end: Signal<bool>,
                            on_click: Callback<()>| {
        view! {
            <button
                type="button"
                class=format!("aid-button {class}")
                aria-disabled=move || at_end.get().then_some("true")
                on:click=move |_| on_click.run(())
            >
                {text}
            </button>
        }
    };

    // On a phone the groups take three rows above the site's name; there they fold behind one
    // disclosure button (style/main.css shows it only on narrow screens, where a closed panel is
    // `display: none`). On wider screens the button is hidden and the panel always shown.
    let open = RwSignal::new(false);

    view! {
        <section class="reading-aids" aria-label=labels.reading_aids>
            <div class="reading-aids-inner">
                <DisclosureButton
                    class="aid-button aids-toggle"
                    controls="reading-aids-panel"
                    open=open
                    label=labels.aids_toggle
                />
                <div id="reading-aids-panel" class="aids-panel" class:open=move || open.get()>
                    <div class="aid-group" role="group" aria-label=labels.text_size>
                        <span class="aid-value">
                            {labels.font_size}
                            {move || size_name(font.get(), labels)}
                        </span>
                        {step_button(
                            labels.text_smaller,
                            "aid-text-smaller",
                            Signal::derive(move || font.get().smaller().is_none()),
                            Callback::new(move |()| set_font(font.get_untracked().smaller())),
                        )}
                        {step_button(
                            labels.text_larger,
                            "aid-text-larger",
                            Signal::derive(move || font.get().larger().is_none()),
                            Callback::new(move |()| set_font(font.get_untracked().larger())),
                        )}
                    </div>
                    <div class="aid-group" role="group" aria-label=labels.zoom>
                        <span class="aid-value">
                            {labels.zoom} " " {move || format!("{}%", zoom.get().percent())}
                        </span>
                        {step_button(
                            labels.zoom_out,
                            "aid-zoom-out",
                            Signal::derive(move || zoom.get().smaller().is_none()),
                            Callback::new(move |()| set_zoom(zoom.get_untracked().smaller())),
                        )}
                        {step_button(
                            labels.zoom_in,
                            "aid-zoom-in",
                            Signal::derive(move || zoom.get().larger().is_none()),
                            Callback::new(move |()| set_zoom(zoom.get_untracked().larger())),
                        )}
                    </div>
                    <div class="aid-group">
                        <button
                            type="button"
                            class="aid-button aid-elder"
                            aria-pressed=move || elder.get().to_string()
                            on:click=move |_| toggle(ELDER, elder, labels.elder_mode)
                        >
                            {labels.elder_mode}
                        </button>
                        <button
                            type="button"
                            class="aid-button aid-contrast"
                            aria-pressed=move || contrast.get().to_string()
                            on:click=move |_| toggle(CONTRAST, contrast, labels.high_contrast)
                        >
                            {labels.high_contrast}
                        </button>
                        <button type="button" class="aid-button aid-reset" on:click=reset>
                            {labels.reset_aids}
                        </button>
                    </div>
                    <AidsButtons />
                </div>
            </div>
        </section>
    }
}
