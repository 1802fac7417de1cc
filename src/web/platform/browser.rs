//! Thin wrappers around browser calls, used only from event handlers and effects so that the
//! components themselves stay renderable outside a browser. Each one is a no-op (or returns a
//! neutral value) where there is no `window`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The window; never one outside a browser (a native render of the components).
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

/// Whether a CSS media query matches (false where there is no `window`).
pub fn matches_media(query: &str) -> bool {
    window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Whether the reader asked for reduced motion: in the system settings, or with 适老模式.
pub fn prefers_reduced_motion() -> bool {
    matches_media("(prefers-reduced-motion: reduce)")
        || root_attribute(crate::contract::prefs::ELDER.attribute).as_deref() == Some("on")
}

/// Scrolls the window to the top: smoothly, or instantly under reduced motion.
pub fn scroll_to_top() {
    if let Some(w) = window() {
        let options = web_sys::ScrollToOptions::new();
        options.set_top(0.0);
        options.set_left(0.0);
        options.set_behavior(if prefers_reduced_motion() {
            web_sys::ScrollBehavior::Instant
        } else {
            web_sys::ScrollBehavior::Smooth
        });
        w.scroll_to_with_scroll_to_options(&options);
    }
}

/// Moves keyboard focus to the element with this id without scrolling to it.
pub fn focus_without_scroll(id: &str) {
    let element = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Asks the browser to close the window. Browsers refuse for a tab no script opened.
pub fn close_window() {
    if let Some(w) = window() {
        let _ = w.close();
    }
}

/// Whether the window has been closed.
pub fn window_closed() -> bool {
    window().is_none_or(|w| w.closed().unwrap_or(false))
}

/// Goes one step back in the session history.
pub fn history_back() {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.back();
    }
}

/// Runs `f` once after `ms` milliseconds.
pub fn set_timeout(ms: i32, f: impl FnOnce() + 'static) {
    if let Some(w) = window() {
        let callback = Closure::once_into_js(f);
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

/// Reads a value from `localStorage` (none when storage is blocked).
pub fn storage_get(key: &str) -> Option<String> {
    local_storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Writes a value to `localStorage`; silently does nothing when storage is blocked.
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, value);
    }
}

fn root_element() -> Option<web_sys::Element> {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
}

/// Sets an attribute on `<html>` (theme and text-size switches live there).
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = root_element() {
        let _ = root.set_attribute(name, value);
    }
}

/// Reads an attribute of `<html>`.
pub fn root_attribute(name: &str) -> Option<String> {
    root_element().and_then(|r| r.get_attribute(name))
}

/// The document's `<base href>` attribute, which Trunk fills with the public URL.
pub fn base_href() -> Option<String> {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("base[href]").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
}

/// The full URL of the current page.
pub fn location_href() -> Option<String> {
    window().and_then(|w| w.location().href().ok())
}

/// The page's origin, e.g. `https://www.example.gov.cn`.
pub fn location_origin() -> Option<String> {
    window().and_then(|w| w.location().origin().ok())
}

/// Writes a warning to the console.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

/// Scrolls the element with this id into view (instantly).
pub fn scroll_into_view(id: &str) {
    if let Some(element) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        element.scroll_into_view();
    }
}

/// After a panic: a fixed, page-level message with a reload button, built with plain DOM calls
/// (the reactive system may be broken by then). Text only, never HTML.
pub fn show_crash_notice(message: &str, reload: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("crash-notice").is_some() {
        return;
    }
    let build = || -> Result<(), JsValue> {
        let panel = document.create_element("div")?;
        panel.set_id("crash-notice");
        panel.set_attribute("role", "alert")?;
        let text = document.create_element("p")?;
        text.set_text_content(Some(message));
        let button = document.create_element("button")?;
        button.set_attribute("type", "button")?;
        button.set_text_content(Some(reload));
        let on_click = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
        panel.append_child(&text)?;
        panel.append_child(&button)?;
        if let Some(body) = document.body() {
            body.append_child(&panel)?;
        }
        // Keyboard and screen-reader users land on the way out.
        if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
            let _ = button.focus();
        }
        Ok(())
    };
    let _ = build();
}

/// Sets the document title.
pub fn set_title(title: &str) {
    if let Some(document) = window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

fn meta_element(document: &web_sys::Document, name: &str) -> Option<web_sys::Element> {
    let selector = format!("meta[name=\"{name}\"]");
    document.query_selector(&selector).ok().flatten()
}

/// Sets `<meta name=… content=…>` in the head, creating it when missing.
pub fn set_meta(name: &str, content: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let element = match meta_element(&document, name) {
        Some(element) => element,
        None => {
            let Ok(element) = document.create_element("meta") else {
                return;
            };
            let _ = element.set_attribute("name", name);
            if let Some(head) = document.head() {
                let _ = head.append_child(&element);
            }
            element
        }
    };
    let _ = element.set_attribute("content", content);
}

/// Removes `<meta name=…>` from the head.
pub fn remove_meta(name: &str) {
    if let Some(element) = window()
        .and_then(|w| w.document())
        .and_then(|d| meta_element(&d, name))
    {
        element.remove();
    }
}

/// Removes a value from `localStorage`; silently does nothing when storage is blocked.
pub fn storage_remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// Removes an attribute from `<html>`.
pub fn remove_root_attribute(name: &str) {
    if let Some(root) = root_element() {
        let _ = root.remove_attribute(name);
    }
}

/// The clock of a native render (Unix seconds): the build's, set by the prerenderer.
static RENDER_CLOCK: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Sets the clock pages read when rendered natively (the build's `--now`).
pub fn set_render_clock(seconds: i64) {
    RENDER_CLOCK.store(seconds, std::sync::atomic::Ordering::Relaxed);
}

/// Now, in Unix seconds: the reader's clock in the browser, the build's when prerendered.
pub fn now_seconds() -> i64 {
    if cfg!(target_arch = "wasm32") {
        (js_sys::Date::now() / 1000.0) as i64
    } else {
        RENDER_CLOCK.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Milliseconds since the epoch (0 outside a browser).
pub fn now_ms() -> f64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now()
    } else {
        0.0
    }
}

/// The path of the current page (`/notices/notice/abc`).
pub fn location_pathname() -> Option<String> {
    window().and_then(|w| w.location().pathname().ok())
}

/// Moves keyboard focus to the page's `<h1>` inside `<main>` (made focusable by script only),
/// so that a screen reader starts reading the new page at its heading.
pub fn focus_page_heading() {
    let heading = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(heading) = heading {
        if !heading.has_attribute("tabindex") {
            let _ = heading.set_attribute("tabindex", "-1");
        }
        let _ = heading.focus();
    }
}

/// Sets `<link rel=… href=…>` in the head (e.g. `canonical`), creating it when missing.
pub fn set_head_link(rel: &str, href: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("link[rel=\"{rel}\"]");
    let element = match document.query_selector(&selector).ok().flatten() {
        Some(element) => element,
        None => {
            let Ok(element) = document.create_element("link") else {
                return;
            };
            let _ = element.set_attribute("rel", rel);
            if let Some(head) = document.head() {
                let _ = head.append_child(&element);
            }
            element
        }
    };
    let _ = element.set_attribute("href", href);
}

/// Removes `<link rel=…>` from the head.
pub fn remove_head_link(rel: &str) {
    let selector = format!("link[rel=\"{rel}\"]");
    if let Some(element) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
    {
        element.remove();
    }
}

/// Sets `<meta property=… content=…>` (Open Graph) in the head, creating it when missing.
pub fn set_meta_property(property: &str, content: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("meta[property=\"{property}\"]");
    let element = match document.query_selector(&selector).ok().flatten() {
        Some(element) => element,
        None => {
            let Ok(element) = document.create_element("meta") else {
                return;
            };
            let _ = element.set_attribute("property", property);
            if let Some(head) = document.head() {
                let _ = head.append_child(&element);
            }
            element
        }
    };
    let _ = element.set_attribute("content", content);
}

/// Removes `<meta property=…>` from the head.
pub fn remove_meta_property(property: &str) {
    let selector = format!("meta[property=\"{property}\"]");
    if let Some(element) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
    {
        element.remove();
    }
}

/// Copies `text` to the clipboard: with the Clipboard API where the browser has it and allows
/// it, else with a hidden text field and `execCommand("copy")`. Resolves to whether either worked.
pub async fn copy_text(text: &str) -> bool {
    if let Some(navigator) = window().map(|w| w.navigator()) {
        let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .ok()
            .filter(|c| !c.is_undefined() && !c.is_null());
        if let Some(clipboard) = clipboard {
            let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
            let promise = clipboard.write_text(text);
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                return true;
            }
        }
    }
    copy_with_exec_command(text)
}

/// The old way to copy: select the text in a hidden, read-only field and ask for `copy`. Focus
/// goes back where it was.
fn copy_with_exec_command(text: &str) -> bool {
    let Some(document) = window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(body) = document.body() else {
        return false;
    };
    let previous = document
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(field) = document
        .create_element("textarea")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return false;
    };
    field.set_value(text);
    let _ = field.set_attribute("readonly", "");
    let _ = field.set_attribute("aria-hidden", "true");
    let _ = field.set_attribute("class", "visually-hidden");
    if body.append_child(&field).is_err() {
        return false;
    }
    field.select();
    let copied = document
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    field.remove();
    if let Some(previous) = previous {
        let _ = previous.focus();
    }
    copied
}

#[wasm_bindgen]
extern "C" {
    /// The Compression Streams API's `DecompressionStream` (not yet in web-sys's stable set).
    #[wasm_bindgen(js_name = DecompressionStream)]
    type JsDecompressionStream;

    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<JsDecompressionStream, JsValue>;
}

/// Inflates gzip data with the browser's own `DecompressionStream` (no inflater in the wasm).
pub async fn gunzip(mut bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let fail = |e: JsValue| format!("gzip: {e:?}");
    let stream = JsDecompressionStream::new("gzip").map_err(fail)?;
    let input = web_sys::Response::new_with_opt_u8_array(Some(&mut bytes)).map_err(fail)?;
    let body = input.body().ok_or("gzip: no body")?;
    let output = body.pipe_through(stream.unchecked_ref::<web_sys::ReadableWritablePair>());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&output)).map_err(fail)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(response.array_buffer().map_err(fail)?)
        .await
        .map_err(fail)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The text content of the element with this id.
pub fn element_text(id: &str) -> Option<String> {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.text_content())
}

/// The path of the current URL, e.g. `/notices/notice/abc`.
pub fn location_path() -> Option<String> {
    window().and_then(|w| w.location().pathname().ok())
}

/// Removes the head tags only a prerendered page carries (`[data-prerender]`: canonical URL,
/// Open Graph, robots), once the reader has moved on to another page inside the app.
pub fn remove_prerendered_head() {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(list) = document.query_selector_all("head [data-prerender]") {
        for i in 0..list.length() {
            if let Some(node) = list.item(i) {
                if let Some(parent) = node.parent_node() {
                    let _ = parent.remove_child(&node);
                }
            }
        }
    }
}

/// The element-child index path from `ancestor` down to `element`, if it lies inside.
fn element_path(ancestor: &web_sys::Node, element: &web_sys::Element) -> Option<Vec<u32>> {
    let mut path = Vec::new();
    let mut current = element.clone();
    loop {
        let parent = current.parent_element()?;
        let siblings = parent.children();
        let index = (0..siblings.length()).find(|&i| {
            siblings
                .item(i)
                .is_some_and(|s| s.is_same_node(Some(current.as_ref())))
        })?;
        path.push(index);
        if parent.is_same_node(Some(ancestor)) {
            path.reverse();
            return Some(path);
        }
        current = parent;
    }
}

/// Takes over a prerendered page in one task, so the browser never paints in between: the
/// nodes between the `<!--{start}-->` and `<!--{end}-->` comments in `<body>` are removed, `mount`
/// appends the app's own nodes (the same markup, built from the same data), and the scroll
/// position, the focused element (found again by its place in the tree) and the text typed into
/// it are restored.
/// Without such a region `mount` simply runs.
pub fn take_over(start: &str, end: &str, mount: impl FnOnce()) {
    let Some((w, document, body)) = window().and_then(|w| {
        let d = w.document()?;
        let b = d.body()?;
        Some((w, d, b))
    }) else {
        mount();
        return;
    };
    let nodes = body.child_nodes();
    let mut region: Vec<web_sys::Node> = Vec::new();
    let mut inside = false;
    for i in 0..nodes.length() {
        let Some(node) = nodes.item(i) else { continue };
        if node.node_type() == web_sys::Node::COMMENT_NODE {
            let value = node.node_value().unwrap_or_default();
            if value == start {
                inside = true;
                region.push(node);
                continue;
            }
            if value == end && inside {
                region.push(node);
                break;
            }
        }
        if inside {
            region.push(node);
        }
    }
    if region.is_empty() {
        mount();
        return;
    }
    let (x, y) = (w.scroll_x().unwrap_or(0.0), w.scroll_y().unwrap_or(0.0));
    // Where focus is: the index among the region's top-level elements, then the path below it.
    let top_elements: Vec<web_sys::Element> = region
        .iter()
        .filter_map(|n| n.clone().dyn_into::<web_sys::Element>().ok())
        .collect();
    let focus = document.active_element().and_then(|active| {
        top_elements.iter().enumerate().find_map(|(i, top)| {
            if top.is_same_node(Some(active.as_ref())) {
                Some((i, Vec::new()))
            } else if top.contains(Some(active.as_ref())) {
                element_path(top.as_ref(), &active).map(|p| (i, p))
            } else {
                None
            }
        })
    });
    // Text typed into the focused field (not the one it was served with) goes on in the app's.
    let typed = document.active_element().and_then(|field| {
        let get = |name: &str| js_sys::Reflect::get(&field, &JsValue::from_str(name)).ok();
        get("value").filter(|v| {
            v.as_string().is_some_and(|v| !v.is_empty()) && Some(v) != get("defaultValue").as_ref()
        })
    });
    for node in &region {
        let _ = body.remove_child(node);
    }
    let before = body.children().length();
    mount();
    if let Some((top, path)) = focus {
        let mut target = body.children().item(before + top as u32);
        for index in path {
            target = target.and_then(|t| t.children().item(index));
        }
        if let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            // As if typed there: the app's field gets the text and its `input` event.
            if let Some(value) = typed {
                let _ = js_sys::Reflect::set(&element, &JsValue::from_str("value"), &value);
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
                    let _ = element.dispatch_event(&event);
                }
            }
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = element.focus_with_options(&options);
        }
    }
    if (w.scroll_x().unwrap_or(0.0), w.scroll_y().unwrap_or(0.0)) != (x, y) {
        let options = web_sys::ScrollToOptions::new();
        options.set_left(x);
        options.set_top(y);
        options.set_behavior(web_sys::ScrollBehavior::Instant);
        w.scroll_to_with_scroll_to_options(&options);
    }
}

/// Presses, in order and once each, the buttons a reader pressed before the app started: the
/// page's boot script keeps them in the array `window[global]`, each as its place among the
/// page's `<button>`s (the app's page has the prerendered page's elements, in the same order, as
/// [`take_over`] relies on too). The array is taken away first, so no press is replayed twice.
pub fn replay_presses(global: &str) {
    let Some(w) = window() else { return };
    let key = JsValue::from_str(global);
    let presses = js_sys::Reflect::get(&w, &key).unwrap_or_default();
    let _ = js_sys::Reflect::delete_property(&w, &key);
    let (Ok(presses), Some(document)) = (presses.dyn_into::<js_sys::Array>(), w.document()) else {
        return;
    };
    // Every place is read against the page as it was pressed, before any replayed press adds or
    // removes buttons (a dialog opening, say).
    let buttons = document.get_elements_by_tag_name("button");
    let pressed: Vec<web_sys::HtmlElement> = presses
        .iter()
        .filter_map(|press| press.as_f64().and_then(|n| buttons.item(n as u32)))
        .filter_map(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    for button in pressed {
        button.click();
    }
}

/// Listens to `event` on `target` for the page's life, passively (the handler never prevents the
/// browser's own action, so scrolling never waits for it).
pub fn listen_passive(
    target: &web_sys::EventTarget,
    event: &str,
    handler: Closure<dyn Fn(web_sys::Event)>,
) {
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
        event,
        handler.as_ref().unchecked_ref(),
        &options,
    );
    handler.forget();
}

/// Calls `f` with the `href` of a link the reader is about to follow: pointed at, focused or
/// touched (one listener on the document for each, for every link present and future).
pub fn on_link_intent(f: impl Fn(String) + 'static) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let f = std::rc::Rc::new(f);
    for event in ["mouseover", "focusin", "touchstart"] {
        let f = f.clone();
        let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a[href]").ok().flatten());
            if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
                f(href);
            }
        });
        listen_passive(&document, event, handler);
    }
}

/// Whether the browser says it is online (`navigator.onLine`; always outside a browser).
pub fn is_online() -> bool {
    window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `f` with the new state each time the browser goes online or offline.
pub fn on_connectivity(f: impl Fn(bool) + 'static) {
    let Some(w) = window() else {
        return;
    };
    let f = std::rc::Rc::new(f);
    for (event, online) in [("online", true), ("offline", false)] {
        let f = f.clone();
        let handler = Closure::<dyn Fn()>::new(move || f(online));
        let _ = w.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        handler.forget();
    }
}
