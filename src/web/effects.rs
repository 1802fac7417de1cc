//! Effects and reactive views with one shared type: every `Effect::new` (and every `move || view`)
//! with its own closure type gets its own copy of the reactive machinery in the wasm (about 2 KB
//! for an effect, 2-6 KB for a view); a boxed closure makes them all one.

use leptos::prelude::{AnyView, Effect, IntoView};

/// `Effect::new(f)` through a boxed closure: `f` gets `None` on its first run, `Some(())` after.
/// The app's one `Effect::new` (clippy.toml refuses it everywhere else).
#[allow(clippy::disallowed_methods)]
pub fn effect(f: impl FnMut(Option<()>) + 'static) {
    let f: Box<dyn FnMut(Option<()>)> = Box::new(f);
    Effect::new(f);
}

/// A view that re-renders when the signals `f` reads change, through a boxed closure (one copy of
/// the view machinery for every such view of the app).
pub fn dynamic_view(f: impl FnMut() -> AnyView + Send + 'static) -> impl IntoView {
    let f: Box<dyn FnMut() -> AnyView + Send> = Box::new(f);
    f
}
