//! A disclosure button: shows or hides one element of the page (`aria-expanded`,
//! `aria-controls`). The element itself follows the same signal (`hidden`, or a class that the
//! stylesheet shows).

use leptos::prelude::*;

/// A button that toggles `open`; `controls` is the id of the element it shows or hides.
#[component]
pub fn DisclosureButton(
    /// The button's classes.
    class: &'static str,
    /// The id of the element the button shows or hides.
    controls: &'static str,
    /// Whether that element is shown.
    open: RwSignal<bool>,
    /// The button's text.
    label: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            aria-expanded=move || open.get().to_string()
            aria-controls=controls
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {label}
        </button>
    }
}
