//! The browser side of the 适老化 tools: the browser's own speech synthesis (`speechSynthesis`,
//! no remote service), the text of what the pointer or focus is on, the blocks of the page read
//! aloud and the sentence highlighted in them, the crosshair's guides and the shortcuts' keys.
//! Every call does nothing (or answers "none") where there is no `window`.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The elements whose text a reader points at: 指读 and 大字幕 read the nearest of them.
const READABLE: &str = "a[href], button, summary, label, select, textarea, input, img[alt], \
     h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption, figcaption, blockquote";

/// The blocks read aloud (连读), in the main area, in document order.
const BLOCKS: &str = "main h1, main h2, main h3, main h4, main h5, main h6, main p, main li, \
     main dt, main dd, main th, main td, main caption, main figcaption";

/// The class of the block being read aloud (style/main.css) and the name of the highlight of its
/// sentence (`::highlight(bulletin-reading)`).
const READING_CLASS: &str = "reading-now";
const HIGHLIGHT: &str = "bulletin-reading";

fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

fn synthesis() -> Option<web_sys::SpeechSynthesis> {
    let w = window()?;
    let has = js_sys::Reflect::has(&w, &JsValue::from_str("speechSynthesis")).unwrap_or(false);
    if !has {
        return None;
    }
    w.speech_synthesis().ok()
}

/// The system's voices as `(lang, is_default)` (empty without speech synthesis).
pub fn voices() -> Vec<(String, bool)> {
    synthesis().map_or_else(Vec::new, |s| {
        s.get_voices()
            .iter()
            // Unchecked: a voice is whatever the page's speechSynthesis lists (a recording in
            // the tests lists plain objects).
            .map(|v| v.unchecked_into::<web_sys::SpeechSynthesisVoice>())
            .map(|v| (v.lang(), v.default()))
            .collect()
    })
}

/// Calls `f` once the browser has (re)loaded its voices (`voiceschanged`), or after `ms`.
pub fn when_voices_ready(ms: i32, f: impl FnOnce() + 'static) {
    let Some(s) = synthesis() else {
        f();
        return;
    };
    if !voices().is_empty() {
        f();
        return;
    }
    let f = std::rc::Rc::new(RefCell::new(Some(f)));
    let g = f.clone();
    let once = Closure::<dyn Fn()>::new(move || {
        if let Some(f) = g.borrow_mut().take() {
            f();
        }
    });
    let _ = s.add_event_listener_with_callback("voiceschanged", once.as_ref().unchecked_ref());
    once.forget();
    crate::web::platform::browser::set_timeout(ms, move || {
        if let Some(f) = f.borrow_mut().take() {
            f();
        }
    });
}

/// Speaks `text` in `lang` with the system's voice number `voice` at `rate` percent of its normal
/// rate; `done` runs when the utterance ends or fails (also when it is cancelled). Returns false
/// without speech synthesis.
pub fn speak(
    text: &str,
    lang: &str,
    voice: usize,
    rate: u16,
    done: impl FnOnce() + 'static,
) -> bool {
    let Some(s) = synthesis() else {
        return false;
    };
    let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) else {
        return false;
    };
    utterance.set_lang(lang);
    utterance.set_rate(f32::from(rate) / 100.0);
    let v = s.get_voices().get(voice as u32);
    if !v.is_undefined() {
        utterance.set_voice(Some(v.unchecked_ref::<web_sys::SpeechSynthesisVoice>()));
    }
    let done = std::rc::Rc::new(RefCell::new(Some(done)));
    let end = Closure::<dyn Fn()>::new(move || {
        if let Some(done) = done.borrow_mut().take() {
            done();
        }
    });
    utterance.set_onend(Some(end.as_ref().unchecked_ref()));
    utterance.set_onerror(Some(end.as_ref().unchecked_ref()));
    end.forget();
    s.speak(&utterance);
    true
}

/// Stops speaking and forgets what was queued.
pub fn cancel() {
    if let Some(s) = synthesis() {
        s.cancel();
    }
}

/// Pauses speaking.
pub fn pause() {
    if let Some(s) = synthesis() {
        s.pause();
    }
}

/// Resumes speaking.
pub fn resume() {
    if let Some(s) = synthesis() {
        s.resume();
    }
}

/// The element a pointer or focus event is on, as the nearest readable element.
fn readable(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    let element = target?.dyn_into::<web_sys::Element>().ok()?;
    element.closest(READABLE).ok().flatten()
}

/// The text a reader means when pointing at `element`: its accessible name where it has one
/// (`aria-label`, an image's `alt`, a field's label or placeholder), else its text.
fn text_of(element: &web_sys::Element) -> String {
    if let Some(label) = element
        .get_attribute("aria-label")
        .filter(|l| !l.trim().is_empty())
    {
        return label;
    }
    let tag = element.tag_name().to_ascii_lowercase();
    if tag == "img" {
        return element.get_attribute("alt").unwrap_or_default();
    }
    if matches!(tag.as_str(), "input" | "select" | "textarea") {
        let id = element.id();
        let label = (!id.is_empty())
            .then(|| {
                element
                    .owner_document()?
                    .query_selector(&format!("label[for=\"{id}\"]"))
                    .ok()
                    .flatten()
            })
            .flatten()
            .and_then(|l| l.text_content());
        return label
            .or_else(|| element.get_attribute("placeholder"))
            .or_else(|| element.get_attribute("title"))
            .unwrap_or_default();
    }
    element
        .dyn_ref::<web_sys::HtmlElement>()
        .map(web_sys::HtmlElement::inner_text)
        .or_else(|| element.text_content())
        .unwrap_or_default()
}

/// What the pointer or the focus is on.
pub struct Pointed {
    /// Where the guides cross (the pointer, or the middle of the focused element), in CSS pixels
    /// of the viewport.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Whether the readable element there is another than the last event's.
    pub changed: bool,
    element: Option<web_sys::Element>,
}

impl Pointed {
    /// The readable text there, read only when asked (it costs a layout): nothing is read on a
    /// pointer move while no tool wants it.
    pub fn text(&self) -> Option<String> {
        self.element.as_ref().map(text_of)
    }
}

thread_local! {
    static LAST_POINTED: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
    static BLOCKS_READ: RefCell<Vec<web_sys::Element>> = const { RefCell::new(Vec::new()) };
}

/// Calls `f` for every pointer move over the page and every focus change (one listener on the
/// document for each).
pub fn on_pointed(f: impl Fn(Pointed) + 'static) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let f = std::rc::Rc::new(f);
    for event in ["pointermove", "focusin"] {
        let f = f.clone();
        let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let element = readable(ev.target());
            let (x, y) = match ev.dyn_ref::<web_sys::MouseEvent>() {
                Some(m) => (f64::from(m.client_x()), f64::from(m.client_y())),
                None => {
                    let rect = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|e| e.get_bounding_client_rect());
                    rect.map_or((0.0, 0.0), |r| {
                        (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0)
                    })
                }
            };
            let changed = LAST_POINTED.with(|last| {
                let mut last = last.borrow_mut();
                let changed = *last != element;
                last.clone_from(&element);
                changed
            });
            f(Pointed {
                x,
                y,
                changed,
                element,
            });
        });
        crate::web::platform::browser::listen_passive(&document, event, handler);
    }
}

/// Calls `f` with each key press (`code`, Alt, Shift, Control, Meta); when it answers true the
/// browser's own action for the keys is prevented.
pub fn on_key(f: impl Fn(&str, bool, bool, bool, bool) -> bool + 'static) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let handler =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if f(
                &ev.code(),
                ev.alt_key(),
                ev.shift_key(),
                ev.ctrl_key(),
                ev.meta_key(),
            ) {
                ev.prevent_default();
            }
        });
    let _ = document.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
    handler.forget();
}

/// Moves the crosshair's guides (`#crosshair-h`, `#crosshair-v`) to cross at `(x, y)`.
pub fn move_guides(x: f64, y: f64) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    for (id, transform) in [
        // Whole pixels: integer formatting only.
        ("crosshair-h", format!("translateY({}px)", y.round() as i32)),
        ("crosshair-v", format!("translateX({}px)", x.round() as i32)),
    ] {
        if let Some(e) = document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = e.style().set_property("transform", &transform);
        }
    }
}

/// Collects the page's blocks to read aloud (visible ones with text, from the page's `h1` on) and
/// returns their texts and the first block in view (the first whose bottom is below the top of the viewport; the first
/// block when the page is at its top).
pub fn collect_blocks() -> (Vec<String>, usize) {
    let Some(w) = window() else {
        return (Vec::new(), 0);
    };
    let Some(list) = w.document().and_then(|d| d.query_selector_all(BLOCKS).ok()) else {
        return (Vec::new(), 0);
    };
    let mut blocks: Vec<web_sys::Element> = Vec::new();
    for i in 0..list.length() {
        let Some(e) = list
            .get(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        // A block inside another (a paragraph in a list item) is read with it.
        if blocks.iter().any(|b| b.contains(Some(&e))) {
            continue;
        }
        let shown = e.get_client_rects().length() > 0;
        if shown && !text_of(&e).trim().is_empty() {
            blocks.push(e);
        }
    }
    // The page's own text starts at its heading (the breadcrumb before it is navigation).
    if let Some(h1) = blocks
        .iter()
        .position(|b| b.tag_name().eq_ignore_ascii_case("h1"))
    {
        blocks.drain(..h1);
    }
    let at_top = w.scroll_y().unwrap_or(0.0) < 1.0;
    let first = if at_top {
        0
    } else {
        blocks
            .iter()
            .position(|b| b.get_bounding_client_rect().bottom() > 0.0)
            .unwrap_or(0)
    };
    let texts = blocks.iter().map(block_text).collect();
    BLOCKS_READ.with(|b| *b.borrow_mut() = blocks);
    (texts, first)
}

/// A block's text as its text nodes hold it (what the highlight's offsets count in).
fn block_text(block: &web_sys::Element) -> String {
    text_nodes(block)
        .iter()
        .filter_map(web_sys::Node::node_value)
        .collect()
}

fn text_nodes(block: &web_sys::Element) -> Vec<web_sys::Node> {
    let mut out = Vec::new();
    let Some(document) = block.owner_document() else {
        return out;
    };
    // NodeFilter.SHOW_TEXT
    let Ok(walker) = document.create_tree_walker_with_what_to_show(block, 0x4) else {
        return out;
    };
    while let Ok(Some(node)) = walker.next_node() {
        out.push(node);
    }
    out
}

/// Marks block `index` of the last [`collect_blocks`] as being read, highlights its text from
/// UTF-16 offset `start` to `end` (where the browser has the CSS Custom Highlight API), and
/// brings the block into view when it is not.
pub fn highlight(index: usize, start: usize, end: usize) {
    clear_highlight();
    let Some(block) = BLOCKS_READ.with(|b| b.borrow().get(index).cloned()) else {
        return;
    };
    let _ = block.class_list().add_1(READING_CLASS);
    if let Some(w) = window() {
        let rect = block.get_bounding_client_rect();
        let height = w
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        if rect.top() < 0.0 || rect.bottom() > height {
            block.scroll_into_view_with_bool(true);
            w.scroll_by_with_x_and_y(0.0, -height / 4.0);
        }
        set_highlight(&w, &block, start, end);
    }
}

fn set_highlight(w: &web_sys::Window, block: &web_sys::Element, start: usize, end: usize) {
    let Some(document) = w.document() else {
        return;
    };
    let Ok(range) = document.create_range() else {
        return;
    };
    let mut at = 0usize;
    let mut started = false;
    for node in text_nodes(block) {
        let len = node.node_value().map_or(0, |v| v.encode_utf16().count());
        if !started && start <= at + len {
            let _ = range.set_start(&node, (start - at) as u32);
            started = true;
        }
        if started && end <= at + len {
            let _ = range.set_end(&node, (end - at) as u32);
            break;
        }
        at += len;
    }
    let css = js_sys::Reflect::get(w, &JsValue::from_str("CSS")).ok();
    let registry =
        css.and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("highlights")).ok());
    let constructor = js_sys::Reflect::get(w, &JsValue::from_str("Highlight")).ok();
    if let (Some(registry), Some(constructor)) = (registry, constructor) {
        let (Ok(constructor), false) = (
            constructor.dyn_into::<js_sys::Function>(),
            registry.is_undefined(),
        ) else {
            return;
        };
        let Ok(highlight) = js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&range))
        else {
            return;
        };
        if let Ok(set) = js_sys::Reflect::get(&registry, &JsValue::from_str("set"))
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = set.call2(&registry, &JsValue::from_str(HIGHLIGHT), &highlight);
        }
    }
}

/// Clears the mark and the highlight of the block being read.
pub fn clear_highlight() {
    BLOCKS_READ.with(|b| {
        for block in b.borrow().iter() {
            let _ = block.class_list().remove_1(READING_CLASS);
        }
    });
    let Some(w) = window() else {
        return;
    };
    let registry = js_sys::Reflect::get(&w, &JsValue::from_str("CSS"))
        .and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("highlights")));
    if let Ok(registry) = registry {
        if registry.is_undefined() {
            return;
        }
        if let Ok(delete) = js_sys::Reflect::get(&registry, &JsValue::from_str("delete"))
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = delete.call1(&registry, &JsValue::from_str(HIGHLIGHT));
        }
    }
}
