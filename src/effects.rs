//! Effects with one shared type: every `Effect::new` with its own closure type gets its own
//! copy of the effect machinery in the wasm (about 2 KB each); a boxed closure makes them all
//! one.

use leptos::prelude::Effect;

/// `Effect::new(f)` through a boxed closure: `f` gets `None` on its first run, `Some(())` after.
pub fn effect(f: impl FnMut(Option<()>) + 'static) {
    let f: Box<dyn FnMut(Option<()>)> = Box::new(f);
    Effect::new(f);
}
