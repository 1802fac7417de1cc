//! Every piece of UI text, in one place. Simplified Chinese by default; a site whose `lang` starts
//! with `en` gets the English set.

use crate::contract::lifecycle::{InterpretationKind, Validity};

/// The UI strings of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    /// The `lang` attribute these labels are written in.
    pub lang: &'static str,
    /// Home link and breadcrumb root.
    pub home: &'static str,
    /// Breadcrumb leaf on a notice page.
    pub body_crumb: &'static str,
    /// Label before the breadcrumb trail.
    pub you_are_here: &'static str,
    /// Skip link text.
    pub skip_to_content: &'static str,
    /// Main navigation name.
    pub main_nav: &'static str,
    /// Home section: latest notices of every channel.
    pub latest: &'static str,
    /// "More" link to a channel list.
    pub more: &'static str,
    /// Publication time label.
    pub published: &'static str,
    /// Source label.
    pub source: &'static str,
    /// Font size label.
    pub font_size: &'static str,
    /// Font size choices: large, medium, small.
    pub font_large: &'static str,
    /// Medium.
    pub font_medium: &'static str,
    /// Small.
    pub font_small: &'static str,
    /// Accessible names of the font size buttons.
    pub font_large_name: &'static str,
    /// Medium, spelled out.
    pub font_medium_name: &'static str,
    /// Small, spelled out.
    pub font_small_name: &'static str,
    /// Disclosure metadata table caption.
    pub disclosure: &'static str,
    /// 索引号.
    pub index_number: &'static str,
    /// 主题分类.
    pub topic: &'static str,
    /// 发布机构.
    pub publisher: &'static str,
    /// 成文日期.
    pub written: &'static str,
    /// 文号.
    pub doc_number: &'static str,
    /// 发布日期 in the metadata table.
    pub published_date: &'static str,
    /// Attachments heading.
    pub attachments: &'static str,
    /// Previous notice.
    pub prev: &'static str,
    /// Next notice.
    pub next: &'static str,
    /// Shown when there is no previous or next notice.
    pub none: &'static str,
    /// Back to top.
    pub back_to_top: &'static str,
    /// Close window.
    pub close_window: &'static str,
    /// Print page.
    pub print_page: &'static str,
    /// Announced when the window could not be closed and the app went back.
    pub close_went_back: &'static str,
    /// Announced when the window could not be closed and the app went to the channel list.
    pub close_went_to_list: &'static str,
    /// Page loading placeholder text (for screen readers).
    pub loading: &'static str,
    /// Not found title.
    pub not_found: &'static str,
    /// Not found explanation.
    pub not_found_hint: &'static str,
    /// Malformed content title.
    pub malformed: &'static str,
    /// Label before the file name in a malformed-content message.
    pub malformed_file: &'static str,
    /// Summary of the collapsed technical detail.
    pub technical_detail: &'static str,
    /// Network or server failure title.
    pub unavailable: &'static str,
    /// Network or server failure explanation.
    pub unavailable_hint: &'static str,
    /// Timeout explanation.
    pub timeout_hint: &'static str,
    /// Retry button.
    pub retry: &'static str,
    /// Reload button on the panic page.
    pub reload: &'static str,
    /// Panic page message.
    pub crashed: &'static str,
    /// Link back to a channel list from an error page.
    pub back_to_list: &'static str,
    /// Pager name.
    pub pagination: &'static str,
    /// Previous page.
    pub prev_page: &'static str,
    /// Next page.
    pub next_page: &'static str,
    /// "Page N" accessible name prefix/suffix: `第{n}页`.
    pub page_n_prefix: &'static str,
    /// Suffix of the page name.
    pub page_n_suffix: &'static str,
    /// Summary line of a list: total notices.
    pub total_prefix: &'static str,
    /// Suffix of the total line.
    pub total_suffix: &'static str,
    /// A channel with no notices.
    pub empty_list: &'static str,
    /// Label of the printed URL.
    pub page_url: &'static str,
    /// Footer: organiser label.
    pub organizer: &'static str,
    /// Footer: ICP label (the number carries its own wording).
    pub site_code: &'static str,
    /// Footer: contact label.
    pub contact: &'static str,
    /// Attachment size label.
    pub size: &'static str,
    /// The all-channels list name.
    pub all_channels: &'static str,
    /// Keywords label.
    pub keywords: &'static str,
    /// Related notices heading.
    pub related: &'static str,
    /// Table region name prefix (a table scrolls in its own region).
    pub table: &'static str,
    /// Announced when a route finished loading: suffix after the page title.
    pub page_loaded: &'static str,

    // ---- Hardening ----
    /// A busy server that said when to come back (`Retry-After`); `{}` is the wait.
    pub busy_hint: &'static str,
    /// Unit after a number of seconds in [`Labels::busy_hint`].
    pub unit_seconds: &'static str,
    /// Unit after a number of minutes in [`Labels::busy_hint`].
    pub unit_minutes: &'static str,
    // --- Reading aids and sharing ---
    /// Name of the reading-aids toolbar.
    pub reading_aids: &'static str,
    /// The button that shows or hides the reading aids on a narrow screen.
    pub aids_toggle: &'static str,
    /// 字号 group name (without a colon).
    pub text_size: &'static str,
    /// Smaller text button name.
    pub text_smaller: &'static str,
    /// Larger text button name.
    pub text_larger: &'static str,
    /// 页面缩放 group name.
    pub zoom: &'static str,
    /// Zoom out button name.
    pub zoom_out: &'static str,
    /// Zoom in button name.
    pub zoom_in: &'static str,
    /// 适老模式 switch.
    pub elder_mode: &'static str,
    /// 高对比度 switch.
    pub high_contrast: &'static str,
    /// Resets every reading setting.
    pub reset_aids: &'static str,
    /// The group of the pointer and caption tools.
    pub pointer_tools: &'static str,
    /// 特大鼠标: the extra-large pointer.
    pub big_cursor: &'static str,
    /// 十字线: guides following the pointer and focus.
    pub crosshair: &'static str,
    /// 大字幕: the caption bar.
    pub big_caption: &'static str,
    /// The group of the speech tools (语音朗读).
    pub speech: &'static str,
    /// 指读: read what the pointer or focus is on.
    pub point_read: &'static str,
    /// 连读: read the page aloud from here.
    pub read_aloud: &'static str,
    /// Pause reading aloud.
    pub pause_reading: &'static str,
    /// Resume reading aloud.
    pub resume_reading: &'static str,
    /// Stop reading aloud.
    pub stop_reading: &'static str,
    /// The speech rate (语速).
    pub speech_rate: &'static str,
    /// One step slower.
    pub slower: &'static str,
    /// One step faster.
    pub faster: &'static str,
    /// Before a tool's keyboard shortcut in its tooltip.
    pub shortcut: &'static str,
    /// Said when the system has no voice for the page's language.
    pub no_voice: &'static str,
    /// Announced when reading aloud starts.
    pub reading_started: &'static str,
    /// Announced when reading aloud pauses.
    pub reading_paused: &'static str,
    /// Announced when reading aloud stops.
    pub reading_stopped: &'static str,
    /// Announced when the page has been read to its end.
    pub reading_done: &'static str,
    /// Announced after the reset.
    pub aids_were_reset: &'static str,
    /// Announced after a switch was turned on: suffix after its name.
    pub switched_on: &'static str,
    /// Announced after a switch was turned off: suffix after its name.
    pub switched_off: &'static str,
    /// Name of the sharing group on a notice.
    pub share: &'static str,
    /// 复制链接 button.
    pub copy_link: &'static str,
    /// Confirmation after the link was copied.
    pub link_copied: &'static str,
    /// Shown when the browser refused every way to copy.
    pub copy_failed: &'static str,
    /// 扫一扫 button.
    pub scan_qr: &'static str,
    /// Accessible name of the QR code image.
    pub qr_name: &'static str,
    /// Caption of the QR code.
    pub qr_hint: &'static str,

    // ---- Site search ----
    /// Site search: the header form's name and the search page's title.
    pub search: &'static str,
    /// Announced when the type-ahead finds nothing.
    pub search_no_suggestions: &'static str,
    /// Announced when the type-ahead cannot reach the search engine (not "no suggestions").
    pub search_suggestions_unavailable: &'static str,
    /// The search page's form name.
    pub search_form: &'static str,
    /// The search field's label.
    pub search_input: &'static str,
    /// The search field's placeholder.
    pub search_placeholder: &'static str,
    /// The search button.
    pub search_button: &'static str,
    /// The type-ahead list's name.
    pub search_suggestions: &'static str,
    /// The type-ahead entry that opens the results page.
    pub search_all_results: &'static str,
    /// Announced when suggestions appear: before the count.
    pub search_suggestions_count: &'static str,
    /// After the count of suggestions.
    pub search_suggestions_suffix: &'static str,
    /// The filters' group name.
    pub search_filters: &'static str,
    /// On a phone: the button that shows or hides the filters and the sort.
    pub search_filters_toggle: &'static str,
    /// Channel filter label.
    pub search_channel: &'static str,
    /// Channel filter: every channel.
    pub search_any_channel: &'static str,
    /// Date filter: from.
    pub search_from: &'static str,
    /// Date filter: to.
    pub search_to: &'static str,
    /// Sort label.
    pub search_sort: &'static str,
    /// Sort by relevance.
    pub search_by_relevance: &'static str,
    /// Sort by date.
    pub search_by_date: &'static str,
    /// Applies the filters.
    pub search_apply: &'static str,
    /// Removes the filters.
    pub search_clear_filters: &'static str,
    /// Result count: before the number.
    pub search_found_prefix: &'static str,
    /// Result count: after the number.
    pub search_found_suffix: &'static str,
    /// After a count that is only a lower bound (more results than counted so far).
    pub count_more: &'static str,
    /// Before the query in the result count line.
    pub search_for: &'static str,
    /// Shown when no notice holds the query as written.
    pub search_loose: &'static str,
    /// The results list's name.
    pub search_results: &'static str,
    /// No results title.
    pub search_none: &'static str,
    /// No results: before the query.
    pub search_none_for: &'static str,
    /// No results: suggestions heading.
    pub search_tips: &'static str,
    /// Suggestion: check the words.
    pub search_tip_spelling: &'static str,
    /// Suggestion: fewer or shorter words.
    pub search_tip_shorter: &'static str,
    /// Suggestion: remove the filters.
    pub search_tip_filters: &'static str,
    /// Suggestion: browse the channels.
    pub search_tip_browse: &'static str,
    /// The search page without a query.
    pub search_empty: &'static str,
    /// Loading text while searching.
    pub search_searching: &'static str,

    // ---- Prerendered pages and offline reading ----
    /// The note shown while the browser is offline (pages then come from the service worker's
    /// cache: the notices the reader opened before).
    pub offline_note: &'static str,
    // ---- Government-site furniture and the policy library ----
    /// 承办单位.
    pub undertaker: &'static str,
    /// 我为政府网站找错: the national error-report link.
    pub report_error: &'static str,
    /// The 党政机关网站标识 image's text alternative.
    pub badge_alt: &'static str,
    /// The footer's links to the standalone pages (its navigation name).
    pub site_info: &'static str,
    /// The 网站地图 page's title and footer link.
    pub sitemap: &'static str,
    /// 网站地图: the heading of the standalone pages.
    pub sitemap_pages: &'static str,
    /// The policy library's title and links.
    pub library: &'static str,
    /// The policy library's one-line introduction.
    pub library_intro: &'static str,
    /// Facet: 发文机关.
    pub facet_publisher: &'static str,
    /// Facet: the 文号's year.
    pub facet_year: &'static str,
    /// Facet: the 文号's issuing code.
    pub facet_code: &'static str,
    /// Facet: 主题分类.
    pub facet_topic: &'static str,
    /// A facet without a filter.
    pub facet_any: &'static str,
    /// The library's filter group.
    pub library_filters: &'static str,
    /// Library sort: 发布日期.
    pub library_by_published: &'static str,
    /// Library sort: 成文日期.
    pub library_by_written: &'static str,
    /// After the count of documents found.
    pub library_total_suffix: &'static str,
    /// No document passes the filters.
    pub library_none: &'static str,
    /// Removes every library filter.
    pub library_clear: &'static str,
}

/// Simplified Chinese, the default.
pub const ZH: Labels = Labels {
    lang: "zh-CN",
    home: "首页",
    body_crumb: "正文",
    you_are_here: "当前位置：",
    skip_to_content: "跳转到主要内容",
    main_nav: "栏目导航",
    latest: "最新信息",
    more: "更多",
    published: "发布时间：",
    source: "来源：",
    font_size: "字号：",
    font_large: "大",
    font_medium: "中",
    font_small: "小",
    font_large_name: "大号字",
    font_medium_name: "中号字",
    font_small_name: "小号字",
    disclosure: "信息公开",
    index_number: "索引号",
    topic: "主题分类",
    publisher: "发布机构",
    written: "成文日期",
    doc_number: "文号",
    published_date: "发布日期",
    attachments: "附件：",
    prev: "上一篇：",
    next: "下一篇：",
    none: "没有了",
    back_to_top: "返回顶部",
    close_window: "关闭窗口",
    print_page: "打印本页",
    close_went_back: "浏览器不允许关闭此窗口，已返回上一页。",
    close_went_to_list: "浏览器不允许关闭此窗口，已转到栏目列表。",
    loading: "正在加载…",
    not_found: "该信息不存在或已删除",
    not_found_hint: "您访问的页面不存在，可能已被删除或地址有误。",
    malformed: "内容格式有误",
    malformed_file: "出错的文件：",
    technical_detail: "技术详情",
    unavailable: "暂时无法获取内容",
    unavailable_hint: "网络连接或服务器出现问题，请稍后重试。",
    timeout_hint: "服务器长时间没有响应，请稍后重试。",
    retry: "重试",
    reload: "重新加载",
    crashed: "页面出现错误，请重新加载。",
    back_to_list: "返回栏目列表",
    pagination: "分页",
    prev_page: "上一页",
    next_page: "下一页",
    page_n_prefix: "第",
    page_n_suffix: "页",
    total_prefix: "共",
    total_suffix: "条",
    empty_list: "本栏目暂无信息。",
    page_url: "本页网址：",
    organizer: "主办单位：",
    site_code: "网站标识码：",
    contact: "联系方式：",
    size: "大小",
    all_channels: "全部信息",
    keywords: "关键词：",
    related: "相关信息",
    table: "表格",
    page_loaded: "页面已加载",

    // ---- Hardening ----
    busy_hint: "服务器暂时繁忙，请约{}后重试。",
    unit_seconds: "秒",
    unit_minutes: "分钟",
    // --- Reading aids and sharing ---
    reading_aids: "阅读辅助",
    aids_toggle: "阅读辅助（字号、适老模式）",
    text_size: "字号",
    text_smaller: "减小字号",
    text_larger: "增大字号",
    zoom: "页面缩放",
    zoom_out: "缩小页面",
    zoom_in: "放大页面",
    elder_mode: "适老模式",
    high_contrast: "高对比度",
    reset_aids: "恢复默认",
    pointer_tools: "指针与字幕",
    big_cursor: "特大鼠标",
    crosshair: "十字线",
    big_caption: "大字幕",
    speech: "语音朗读",
    point_read: "指读",
    read_aloud: "连读",
    pause_reading: "暂停",
    resume_reading: "继续",
    stop_reading: "停止",
    speech_rate: "语速",
    slower: "减慢语速",
    faster: "加快语速",
    shortcut: "快捷键",
    no_voice: "本机没有可用的中文语音，无法朗读。请在系统的语音设置中安装中文语音后再试。",
    reading_started: "开始朗读",
    reading_paused: "已暂停朗读",
    reading_stopped: "已停止朗读",
    reading_done: "朗读完毕",
    aids_were_reset: "已恢复默认阅读设置",
    switched_on: "已开启",
    switched_off: "已关闭",
    share: "分享",
    copy_link: "复制链接",
    link_copied: "链接已复制",
    copy_failed: "浏览器不允许自动复制，请手动复制下面的网址。",
    scan_qr: "扫一扫",
    qr_name: "本文网址的二维码",
    qr_hint: "用手机扫描二维码，在手机上阅读本文",

    // ---- Site search ----
    search: "站内搜索",
    search_no_suggestions: "没有搜索建议，按回车键查看搜索结果",
    search_suggestions_unavailable: "暂时无法获取搜索建议，按回车键搜索",
    search_form: "搜索条件",
    search_input: "搜索关键词",
    search_placeholder: "输入关键词、文号",
    search_button: "搜索",
    search_suggestions: "搜索建议",
    search_all_results: "查看全部搜索结果",
    search_suggestions_count: "有",
    search_suggestions_suffix: "条搜索建议，按上下方向键选择",
    search_filters: "筛选",
    search_filters_toggle: "筛选和排序",
    search_channel: "栏目",
    search_any_channel: "全部栏目",
    search_from: "起始日期",
    search_to: "截止日期",
    search_sort: "排序",
    search_by_relevance: "按相关度",
    search_by_date: "按发布时间",
    search_apply: "筛选",
    search_clear_filters: "清除筛选条件",
    search_found_prefix: "共找到",
    search_found_suffix: "条相关结果",
    count_more: "余",
    search_for: "关键词：",
    search_loose: "没有找到与输入完全一致的内容，以下结果包含其中的部分词语。",
    search_results: "搜索结果",
    search_none: "没有找到相关结果",
    search_none_for: "未找到与以下关键词相关的信息：",
    search_tips: "建议您：",
    search_tip_spelling: "检查输入是否有错别字；",
    search_tip_shorter: "尝试更短或更常用的关键词，如“通信”“网络安全”；",
    search_tip_filters: "去掉栏目或日期筛选条件；",
    search_tip_browse: "浏览各栏目查找信息。",
    search_empty: "请输入要搜索的关键词。",
    search_searching: "正在搜索…",

    // ---- Prerendered pages and offline reading ----
    offline_note: "离线：当前没有网络连接，显示的是此前保存的内容。",

    // ---- Government-site furniture and the policy library ----
    undertaker: "承办单位：",
    report_error: "我为政府网站找错",
    badge_alt: "党政机关网站标识",
    site_info: "网站信息",
    sitemap: "网站地图",
    sitemap_pages: "网站信息",
    library: "政策文件库",
    library_intro: "按发文机关、年份、发文字号和主题分类查找政策文件。",
    facet_publisher: "发文机关",
    facet_year: "年份",
    facet_code: "发文字号",
    facet_topic: "主题分类",
    facet_any: "全部",
    library_filters: "筛选条件",
    library_by_published: "按发布日期",
    library_by_written: "按成文日期",
    library_total_suffix: "件文件",
    library_none: "没有符合条件的文件。",
    library_clear: "清除筛选条件",
};

/// English, for sites configured with `"lang": "en"`.
pub const EN: Labels = Labels {
    lang: "en",
    home: "Home",
    body_crumb: "Notice",
    you_are_here: "You are here: ",
    skip_to_content: "Skip to main content",
    main_nav: "Channels",
    latest: "Latest",
    more: "More",
    published: "Published: ",
    source: "Source: ",
    font_size: "Text size: ",
    font_large: "L",
    font_medium: "M",
    font_small: "S",
    font_large_name: "Large text",
    font_medium_name: "Medium text",
    font_small_name: "Small text",
    disclosure: "Disclosure",
    index_number: "Index number",
    topic: "Topic",
    publisher: "Issued by",
    written: "Written",
    doc_number: "Document number",
    published_date: "Published",
    attachments: "Attachments: ",
    prev: "Previous: ",
    next: "Next: ",
    none: "None",
    back_to_top: "Back to top",
    close_window: "Close window",
    print_page: "Print",
    close_went_back: "The browser would not close this window, so it went back.",
    close_went_to_list: "The browser would not close this window, so it opened the channel list.",
    loading: "Loading…",
    not_found: "This notice does not exist or was removed",
    not_found_hint:
        "The page you asked for does not exist: it may have been removed, or the address is wrong.",
    malformed: "The content is malformed",
    malformed_file: "File: ",
    technical_detail: "Technical detail",
    unavailable: "The content cannot be loaded right now",
    unavailable_hint: "The network or the server has a problem. Please try again.",
    timeout_hint: "The server did not answer in time. Please try again.",
    retry: "Retry",
    reload: "Reload",
    crashed: "Something went wrong. Please reload the page.",
    back_to_list: "Back to the list",
    pagination: "Pages",
    prev_page: "Previous",
    next_page: "Next",
    page_n_prefix: "Page ",
    page_n_suffix: "",
    total_prefix: "",
    total_suffix: " notices",
    empty_list: "No notices yet.",
    page_url: "Address: ",
    organizer: "Run by: ",
    site_code: "Site code: ",
    contact: "Contact: ",
    size: "size",
    all_channels: "All notices",
    keywords: "Keywords: ",
    related: "Related",
    table: "Table",
    page_loaded: "page loaded",

    // ---- Hardening ----
    busy_hint: "The server is busy. Please try again in about {}.",
    unit_seconds: " seconds",
    unit_minutes: " minutes",
    // --- Reading aids and sharing ---
    reading_aids: "Reading aids",
    aids_toggle: "Reading aids (text size, senior mode)",
    text_size: "Text size",
    text_smaller: "Smaller text",
    text_larger: "Larger text",
    zoom: "Page zoom",
    zoom_out: "Zoom out",
    zoom_in: "Zoom in",
    elder_mode: "Senior mode",
    high_contrast: "High contrast",
    reset_aids: "Reset",
    pointer_tools: "Pointer and captions",
    big_cursor: "Large pointer",
    crosshair: "Crosshair",
    big_caption: "Large captions",
    speech: "Read aloud",
    point_read: "Read on point",
    read_aloud: "Read page",
    pause_reading: "Pause",
    resume_reading: "Resume",
    stop_reading: "Stop",
    speech_rate: "Speed",
    slower: "Slower",
    faster: "Faster",
    shortcut: "Shortcut",
    no_voice: "This device has no voice for this page's language, so it cannot read aloud. Install one in the system's speech settings and try again.",
    reading_started: "Reading aloud",
    reading_paused: "Reading paused",
    reading_stopped: "Reading stopped",
    reading_done: "Finished reading",
    aids_were_reset: "Reading settings reset",
    switched_on: "on",
    switched_off: "off",
    share: "Share",
    copy_link: "Copy link",
    link_copied: "Link copied",
    copy_failed: "The browser would not copy. Please copy the address below.",
    scan_qr: "QR code",
    qr_name: "QR code of this notice's address",
    qr_hint: "Scan with a phone to read this notice there",

    // ---- Site search ----
    search: "Site search",
    search_no_suggestions: "No suggestions, press Enter to search",
    search_suggestions_unavailable: "Suggestions are unavailable right now, press Enter to search",
    search_form: "Search options",
    search_input: "Search terms",
    search_placeholder: "Words or document number",
    search_button: "Search",
    search_suggestions: "Suggestions",
    search_all_results: "See all results",
    search_suggestions_count: "",
    search_suggestions_suffix: " suggestions, use the arrow keys to choose",
    search_filters: "Filters",
    search_filters_toggle: "Filters and sort",
    search_channel: "Channel",
    search_any_channel: "All channels",
    search_from: "From",
    search_to: "To",
    search_sort: "Sort by",
    search_by_relevance: "Relevance",
    search_by_date: "Date",
    search_apply: "Apply",
    search_clear_filters: "Clear filters",
    search_found_prefix: "Found ",
    search_found_suffix: " results",
    count_more: "+",
    search_for: "for: ",
    search_loose: "No notice contains these words exactly as typed; these contain parts of them.",
    search_results: "Search results",
    search_none: "No results",
    search_none_for: "Nothing matches: ",
    search_tips: "Suggestions:",
    search_tip_spelling: "Check the spelling;",
    search_tip_shorter: "Try fewer or shorter words;",
    search_tip_filters: "Remove the channel or date filters;",
    search_tip_browse: "Browse the channels.",
    search_empty: "Type the words to search for.",
    search_searching: "Searching…",

    // ---- Prerendered pages and offline reading ----
    offline_note: "Offline (离线): no network connection; showing what was saved before.",

    // ---- Government-site furniture and the policy library ----
    undertaker: "Operated by: ",
    report_error: "Report an error on this government site",
    badge_alt: "Party and government website mark",
    site_info: "Site information",
    sitemap: "Site map",
    sitemap_pages: "Site information",
    library: "Policy library",
    library_intro: "Find policy documents by issuing body, year, issuing code and subject.",
    facet_publisher: "Issuing body",
    facet_year: "Year",
    facet_code: "Issuing code",
    facet_topic: "Subject",
    facet_any: "All",
    library_filters: "Filters",
    library_by_published: "By publication date",
    library_by_written: "By date written",
    library_total_suffix: "documents",
    library_none: "No document matches these filters.",
    library_clear: "Clear the filters",
};

/// The labels for a site language tag.
pub fn for_lang(lang: &str) -> &'static Labels {
    if lang.to_ascii_lowercase().starts_with("en") {
        &EN
    } else {
        &ZH
    }
}

/// The labels of a notice's life after publication (有效性, 截止时间, 更正, 解读) and of a preview
/// build, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifeLabels {
    /// The 有效性 row of the 信息公开 table, and the facet name.
    pub validity: &'static str,
    /// The names of the states: 现行有效, 已修改, 已废止, 已失效 (in [`Validity::ALL`] order).
    pub validity_names: [&'static str; 4],
    /// Before the badge by the title, read by screen readers only.
    pub validity_prefix: &'static str,
    /// 施行日期 in the 信息公开 table.
    pub valid_from: &'static str,
    /// 有效期至 in the 信息公开 table.
    pub valid_until: &'static str,
    /// Before the deadline near the title.
    pub deadline: &'static str,
    /// The mark of a deadline that has passed.
    pub deadline_passed: &'static str,
    /// Before the 更新时间 in the meta line.
    pub updated: &'static str,
    /// The heading of the correction note.
    pub correction: &'static str,
    /// The heading of the links to other documents (替代, 修改, 原文件).
    pub links: &'static str,
    /// Before the notice that replaces this one.
    pub replaced_by: &'static str,
    /// Before the notice that amends this one.
    pub amended_by: &'static str,
    /// Before the notices this one replaces.
    pub replaces: &'static str,
    /// Before the notices this one amends.
    pub amends: &'static str,
    /// Before the policy an interpretation interprets.
    pub original: &'static str,
    /// The heading of a policy's interpretations.
    pub interpretations: &'static str,
    /// The names of the interpretation kinds (in [`InterpretationKind::ALL`] order).
    pub kind_names: [&'static str; 3],
    /// The banner on every page of a preview build.
    pub preview_banner: &'static str,
    /// The banner's landmark name.
    pub preview_name: &'static str,
}

impl LifeLabels {
    /// The name of a validity state.
    pub fn validity_name(&self, v: Validity) -> &'static str {
        self.validity_names[Validity::ALL.iter().position(|x| *x == v).unwrap_or(0)]
    }

    /// The name of an interpretation kind.
    pub fn kind_name(&self, k: InterpretationKind) -> &'static str {
        self.kind_names[InterpretationKind::ALL
            .iter()
            .position(|x| *x == k)
            .unwrap_or(0)]
    }
}

/// Simplified Chinese.
pub const LIFE_ZH: LifeLabels = LifeLabels {
    validity: "有效性",
    validity_names: ["现行有效", "已修改", "已废止", "已失效"],
    validity_prefix: "有效性：",
    valid_from: "施行日期",
    valid_until: "有效期至",
    deadline: "截止时间：",
    deadline_passed: "已截止",
    updated: "更新时间：",
    correction: "更正说明",
    links: "文件关系",
    replaced_by: "已被替代，现行文件：",
    amended_by: "已被修改，修改文件：",
    replaces: "本文件替代了：",
    amends: "本文件修改了：",
    original: "原文件：",
    interpretations: "政策解读",
    kind_names: ["文字解读", "图解", "视频解读"],
    preview_banner: "预览：本页含未发布的草稿，仅供审核，不得公开发布。",
    preview_name: "预览",
};

/// English.
pub const LIFE_EN: LifeLabels = LifeLabels {
    validity: "Validity",
    validity_names: ["In force", "Amended", "Abolished", "Expired"],
    validity_prefix: "Validity: ",
    valid_from: "In force from",
    valid_until: "Valid until",
    deadline: "Deadline: ",
    deadline_passed: "Closed",
    updated: "Updated: ",
    correction: "Correction",
    links: "Related documents",
    replaced_by: "Replaced by: ",
    amended_by: "Amended by: ",
    replaces: "Replaces: ",
    amends: "Amends: ",
    original: "Original document: ",
    interpretations: "Interpretations",
    kind_names: ["Explanation", "Graphic", "Video"],
    preview_banner:
        "Preview: this page includes unpublished drafts, for review only; do not publish.",
    preview_name: "Preview",
};

impl Labels {
    /// The labels of a notice's life in this language.
    pub fn life(&self) -> &'static LifeLabels {
        if self.lang.starts_with("en") {
            &LIFE_EN
        } else {
            &LIFE_ZH
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(for_lang("zh-CN").back_to_top, "返回顶部");
        assert_eq!(for_lang("").print_page, "打印本页");
        assert_eq!(for_lang("EN-gb").close_window, "Close window");
    }
}
