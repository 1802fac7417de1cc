//! Component tests in headless Chromium (wasm-bindgen-test): each block type, inline links and
//! the meta line render to the right DOM nodes.
#![cfg(target_arch = "wasm32")]

use bulletin::contract::labels::ZH;
use bulletin::contract::model::{Block, Inline, Span};
use bulletin::contract::prefs::FontSize;
use bulletin::web::components::blocks::{BlockView, NoticeBody};
use bulletin::web::components::meta::MetaLine;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view into a fresh container and returns the container.
fn mount<F, N>(f: F) -> HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let document = web_sys::window().unwrap().document().unwrap();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), f);
    handle.forget();
    container
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn s(t: &str) -> Inline {
    Inline::Text(t.to_string())
}

fn span(t: &str, strong: bool, em: bool, href: Option<&str>) -> Inline {
    Inline::Span(Span {
        text: t.to_string(),
        strong,
        em,
        href: href.map(str::to_string),
    })
}

#[wasm_bindgen_test]
async fn paragraph_with_formatting_and_links() {
    let block = Block::Paragraph {
        content: vec![
            s("详见"),
            span(
                "工业和信息化部网站",
                false,
                false,
                Some("https://www.miit.gov.cn/"),
            ),
            s("，"),
            span("务必", true, false, None),
            span("注意", false, true, None),
            span("点此", false, false, Some("JaVaScRiPt:alert(1)")),
            span("附件", false, false, Some("data/files/a.pdf")),
            span("另一条", false, false, Some("notice/abc")),
        ],
    };
    let root = mount(move || view! { <BlockView block /> });
    leptos::task::tick().await;
    let p = one(&root, "p");
    assert_eq!(text(&p), "详见工业和信息化部网站，务必注意点此附件另一条");
    let links = all(&p, "a");
    assert_eq!(links.len(), 3, "the javascript: link must not be a link");
    assert_eq!(
        links[0].get_attribute("href").as_deref(),
        Some("https://www.miit.gov.cn/")
    );
    assert_eq!(links[0].get_attribute("rel").as_deref(), Some("external"));
    assert_eq!(text(&links[0]), "工业和信息化部网站");
    assert_eq!(links[1].get_attribute("rel").as_deref(), Some("external"));
    assert_eq!(
        links[2].get_attribute("rel"),
        None,
        "app routes go through the router"
    );
    assert_eq!(text(&one(&p, "strong")), "务必");
    assert_eq!(text(&one(&p, "em")), "注意");
    assert!(all(&p, "[href*='alert']").is_empty());
}

#[wasm_bindgen_test]
async fn headings_keep_their_levels() {
    let root = mount(|| {
        view! {
            <NoticeBody blocks=vec![
                Block::Heading { level: 2, content: vec![s("一、总体要求")] },
                Block::Heading { level: 3, content: vec![s("（一）")] },
                Block::Heading { level: 4, content: vec![s("1.")] },
            ] />
        }
    });
    leptos::task::tick().await;
    assert_eq!(text(&one(&root, ".notice-body > h2")), "一、总体要求");
    assert_eq!(text(&one(&root, ".notice-body > h3")), "（一）");
    assert_eq!(text(&one(&root, ".notice-body > h4")), "1.");
}

#[wasm_bindgen_test]
async fn quote_and_lists() {
    let root = mount(|| {
        view! {
            <NoticeBody blocks=vec![
                Block::Quote { content: vec![s("引文")] },
                Block::List { ordered: true, items: vec![vec![s("甲")], vec![s("乙")], vec![s("丙")]] },
                Block::List { ordered: false, items: vec![vec![span("丁", true, false, None)]] },
            ] />
        }
    });
    leptos::task::tick().await;
    assert_eq!(text(&one(&root, "blockquote > p")), "引文");
    let ordered: Vec<String> = all(&root, "ol > li").iter().map(text).collect();
    assert_eq!(ordered, ["甲", "乙", "丙"]);
    assert_eq!(text(&one(&root, "ul > li > strong")), "丁");
}

#[wasm_bindgen_test]
async fn images_with_alt_and_caption_and_unsafe_sources_withheld() {
    let root = mount(|| {
        view! {
            <NoticeBody blocks=vec![
                Block::Image {
                    src: "data/media/chart.svg".into(),
                    alt: "2021至2025年5G基站数量柱状图".into(),
                    caption: Some("图1 5G基站数量".into()),
                },
                Block::Image {
                    src: "javascript:alert(1)".into(),
                    alt: "不应加载的图片".into(),
                    caption: None,
                },
            ] />
        }
    });
    leptos::task::tick().await;
    let imgs = all(&root, "img");
    assert_eq!(imgs.len(), 1);
    assert_eq!(
        imgs[0].get_attribute("src").as_deref(),
        Some("data/media/chart.svg")
    );
    assert_eq!(
        imgs[0].get_attribute("alt").as_deref(),
        Some("2021至2025年5G基站数量柱状图")
    );
    assert_eq!(text(&one(&root, "figure > figcaption")), "图1 5G基站数量");
    assert_eq!(text(&one(&root, ".image-withheld p")), "不应加载的图片");
}

#[wasm_bindgen_test]
async fn tables_have_caption_header_cells_and_a_scroll_region() {
    let root = mount(|| {
        view! {
            <BlockView block=Block::Table {
                caption: Some("表1 各市情况".into()),
                header: Some(vec![vec![s("设区市")], vec![s("数量")]]),
                rows: vec![
                    vec![vec![s("杭州市")], vec![s("7.2")]],
                    vec![vec![span("合计", true, false, None)], vec![s("30.4")]],
                ],
            } />
        }
    });
    leptos::task::tick().await;
    let region = one(&root, ".table-scroll");
    assert_eq!(region.get_attribute("role").as_deref(), Some("region"));
    assert_eq!(
        region.get_attribute("aria-label").as_deref(),
        Some("表1 各市情况")
    );
    assert_eq!(text(&one(&root, "table > caption")), "表1 各市情况");
    let heads: Vec<String> = all(&root, "thead th[scope=col]").iter().map(text).collect();
    assert_eq!(heads, ["设区市", "数量"]);
    let cells: Vec<String> = all(&root, "tbody td").iter().map(text).collect();
    assert_eq!(cells, ["杭州市", "7.2", "合计", "30.4"]);
    assert_eq!(text(&one(&root, "tbody td strong")), "合计");
}

#[wasm_bindgen_test]
async fn unknown_blocks_render_nothing_and_text_is_never_html() {
    let root = mount(|| {
        view! {
            <NoticeBody blocks=vec![
                Block::Unknown { kind: "video".into() },
                Block::Paragraph { content: vec![s("<script>alert(1)</script><img src=x onerror=alert(1)>")] },
            ] />
        }
    });
    leptos::task::tick().await;
    let body = one(&root, ".notice-body");
    assert_eq!(body.child_element_count(), 1, "only the paragraph");
    assert!(all(&root, "script, img").is_empty());
    assert_eq!(
        text(&one(&root, "p")),
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
    );
}

#[wasm_bindgen_test]
async fn meta_line_shows_time_in_its_own_offset_source_and_font_buttons() {
    let font = RwSignal::new(FontSize::Medium);
    let picked = RwSignal::new(None::<FontSize>);
    let root = mount(move || {
        view! {
            <MetaLine
                published="2026-02-12T17:29:00+08:00".to_string()
                source=Some("浙江省通信管理局".to_string())
                font
                on_font=Callback::new(move |size| picked.set(Some(size)))
                labels=&ZH
            />
        }
    });
    leptos::task::tick().await;
    let time = one(&root, ".meta-published time");
    assert_eq!(text(&time), "2026-02-12 17:29");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-02-12T17:29:00+08:00")
    );
    assert_eq!(
        text(&one(&root, ".meta-published")),
        "发布时间：2026-02-12 17:29"
    );
    assert_eq!(text(&one(&root, ".meta-source")), "来源：浙江省通信管理局");
    let buttons = all(&root, ".font-switch button");
    let labels: Vec<String> = buttons.iter().map(text).collect();
    assert_eq!(labels, ["大", "中", "小"]);
    let pressed = |b: &Element| b.get_attribute("aria-pressed").unwrap_or_default();
    assert_eq!(
        buttons.iter().map(pressed).collect::<Vec<_>>(),
        ["false", "true", "false"]
    );
    buttons[0].unchecked_ref::<HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(font.get_untracked(), FontSize::Large);
    assert_eq!(picked.get_untracked(), Some(FontSize::Large));
    assert_eq!(
        buttons.iter().map(pressed).collect::<Vec<_>>(),
        ["true", "false", "false"]
    );
}

#[wasm_bindgen_test]
async fn meta_line_in_another_offset_is_not_converted() {
    let font = RwSignal::new(FontSize::Medium);
    let root = mount(move || {
        view! {
            <MetaLine
                published="2026-02-12T04:29:00-05:00".to_string()
                source=None
                font
                labels=&ZH
            />
        }
    });
    leptos::task::tick().await;
    assert_eq!(text(&one(&root, "time")), "2026-02-12 04:29");
    assert!(root.query_selector(".meta-source").unwrap().is_none());
}
