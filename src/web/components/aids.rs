//! The 适老化 tools in the reading-aids toolbar (特大鼠标, 十字线, 大字幕, 指读, 连读 with its
//! pause, stop and 语速) and what they draw over the page (the crosshair's guides, the caption
//! bar). Each button names its shortcut (`aria-keyshortcuts`, and in its tooltip).

use leptos::prelude::*;

use crate::contract::aids::{self as logic, Action};
use crate::web::aids::{use_aids, Reading};
use crate::web::state::use_site;

/// The tools' two groups, inside the toolbar's panel.
#[component]
pub fn AidsButtons() -> impl IntoView {
    let aids = use_aids();
    let labels = use_site().labels;
    let tip = move |action: Action| format!("{} {}", labels.shortcut, logic::keys(action));
    let toggle = move |text: &'static str, class: &'static str, on: RwSignal<bool>, action| {
        view! {
            <button
                type="button"
                class=format!("aid-button {class}")
                aria-pressed=move || on.get().to_string()
                aria-keyshortcuts=logic::keys(action)
                title=tip(action)
                on:click=move |_| aids.run(action)
            >
                {text}
            </button>
        }
    };
    let action_button = move |class: &'static str,
                              text: Signal<&'static str>,
                              disabled: Signal<bool>,
                              action: Action| {
        view! {
            <button
                type="button"
                class=format!("aid-button {class}")
                aria-disabled=move || disabled.get().then_some("true")
                aria-keyshortcuts=logic::keys(action)
                title=tip(action)
                on:click=move |_| {
                    if !disabled.get_untracked() {
                        aids.run(action);
                    }
                }
            >
                {move || text.get()}
            </button>
        }
    };
    let reading = aids.reading;
    let rate = aids.rate;
    view! {
        <div class="aid-group" role="group" aria-label=labels.pointer_tools>
            {toggle(labels.big_cursor, "aid-cursor", aids.cursor, Action::Cursor)}
            {toggle(labels.crosshair, "aid-crosshair", aids.crosshair, Action::Crosshair)}
            {toggle(labels.big_caption, "aid-caption", aids.caption, Action::Caption)}
        </div>
        <div class="aid-group" role="group" aria-label=labels.speech>
            {toggle(labels.point_read, "aid-point-read", aids.point_read, Action::PointRead)}
            {action_button(
                "aid-read-aloud",
                Signal::derive(move || match reading.get() {
                    Reading::Idle => labels.read_aloud,
                    Reading::Reading => labels.pause_reading,
                    Reading::Paused => labels.resume_reading,
                }),
                Signal::derive(|| false),
                Action::ReadAloud,
            )}
            {action_button(
                "aid-stop",
                Signal::derive(move || labels.stop_reading),
                Signal::derive(move || reading.get() == Reading::Idle),
                Action::Stop,
            )}
            <span class="aid-value">
                {labels.speech_rate} " " {move || logic::rate_text(rate.get())}
            </span>
            {action_button(
                "aid-slower",
                Signal::derive(move || labels.slower),
                Signal::derive(move || logic::slower(rate.get()).is_none()),
                Action::Slower,
            )}
            {action_button(
                "aid-faster",
                Signal::derive(move || labels.faster),
                Signal::derive(move || logic::faster(rate.get()).is_none()),
                Action::Faster,
            )}
        </div>
        {move || {
            aids.no_voice
                .get()
                .then(|| view! { <p class="aid-note" role="status">{labels.no_voice}</p> })
        }}
    }
}

/// The crosshair's guides and the caption bar, drawn while their tool is on. Both are for the
/// eye only (`aria-hidden`): a screen reader reads the page itself.
#[component]
pub fn AidsOverlay() -> impl IntoView {
    let aids = use_aids();
    view! {
        {move || {
            aids.crosshair
                .get()
                .then(|| {
                    view! {
                        <div class="crosshair" aria-hidden="true">
                            <div id="crosshair-h" class="crosshair-h"></div>
                            <div id="crosshair-v" class="crosshair-v"></div>
                        </div>
                    }
                })
        }}
        {move || {
            aids.caption
                .get()
                .then(|| {
                    view! {
                        <div class="caption-bar" aria-hidden="true">
                            <p class="caption-text">{move || aids.caption_text.get()}</p>
                        </div>
                    }
                })
        }}
    }
}
