//! The 适老化 tools in the app: 特大鼠标, 十字线, 大字幕, 指读 and 连读. Their state is one context
//! ([`Aids`], provided by the shell of every page); the listeners for the pointer, the focus and
//! the shortcuts are installed once. The logic is `contract::aids`; the browser calls are
//! `web::platform::aids`.

use leptos::prelude::*;

use crate::contract::aids::{self as logic, Action, CAPTION, CROSSHAIR, CURSOR, POINT_READ};
use crate::contract::labels::Labels;
use crate::contract::prefs::Switch;
use crate::web::platform::{aids as platform, browser};
use crate::web::state::AppState;

/// The longest caption, in characters (about two lines of the bar on a desktop).
const CAPTION_MAX: usize = 80;

/// How long the pointer rests on something before 指读 reads it, in milliseconds.
const POINT_DELAY: i32 = 300;

/// Applies a setting to `<html>` and remembers it; `None` goes back to the default.
pub fn remember(attribute: &str, storage_key: &str, value: Option<&str>) {
    match value {
        Some(value) => {
            browser::set_root_attribute(attribute, value);
            browser::storage_set(storage_key, value);
        }
        None => {
            browser::remove_root_attribute(attribute);
            browser::storage_remove(storage_key);
        }
    }
}

/// Turns an on/off setting over: applied, remembered and announced (`名称已开启`).
pub fn toggle_switch(
    state: AppState,
    labels: &'static Labels,
    switch: Switch,
    signal: RwSignal<bool>,
    name: &'static str,
) {
    let on = !signal.get_untracked();
    signal.set(on);
    remember(
        switch.attribute,
        switch.storage_key,
        Some(Switch::value(on)),
    );
    let said = if on {
        labels.switched_on
    } else {
        labels.switched_off
    };
    state.announce(&format!(
        "{name}{}{said}",
        if said.is_ascii() { " " } else { "" }
    ));
}

/// Where reading aloud (连读) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Not reading.
    Idle,
    /// Reading aloud.
    Reading,
    /// Paused.
    Paused,
}

/// What is being read aloud.
#[derive(Debug, Default)]
struct Queue {
    blocks: Vec<String>,
    block: usize,
    sentence: usize,
    voice: usize,
    /// Counts every start, stop and change: a finished utterance of an older one is ignored.
    generation: u64,
    /// Counts what the pointer rested on, for 指读's delay.
    pointed: u64,
}

/// The tools' state, shared by the toolbar, the overlays and the listeners.
#[derive(Clone, Copy)]
pub struct Aids {
    /// 特大鼠标 on.
    pub cursor: RwSignal<bool>,
    /// 十字线 on.
    pub crosshair: RwSignal<bool>,
    /// 大字幕 on.
    pub caption: RwSignal<bool>,
    /// 指读 on.
    pub point_read: RwSignal<bool>,
    /// Where 连读 stands.
    pub reading: RwSignal<Reading>,
    /// The speech rate.
    /// In percent of the voice's normal rate.
    pub rate: RwSignal<u16>,
    /// The caption's text.
    pub caption_text: RwSignal<String>,
    /// Whether the system was found to have no voice for the page's language.
    pub no_voice: RwSignal<bool>,
    state: AppState,
    labels: &'static Labels,
    lang: StoredValue<String>,
    queue: StoredValue<Queue>,
}

fn switch_on(switch: Switch) -> bool {
    Switch::parse(browser::root_attribute(switch.attribute).as_deref()).unwrap_or(false)
}

impl Aids {
    /// The tools as the boot script left them (remembered switches on `<html>`), for a site in
    /// `lang`; installs the listeners (once per app).
    pub fn new(state: AppState, labels: &'static Labels, lang: &str) -> Aids {
        let aids = Aids {
            cursor: RwSignal::new(switch_on(CURSOR)),
            crosshair: RwSignal::new(switch_on(CROSSHAIR)),
            caption: RwSignal::new(switch_on(CAPTION)),
            point_read: RwSignal::new(switch_on(POINT_READ)),
            reading: RwSignal::new(Reading::Idle),
            rate: RwSignal::new(logic::rate_from(
                browser::storage_get(logic::RATE_KEY).as_deref(),
            )),
            caption_text: RwSignal::new(String::new()),
            no_voice: RwSignal::new(false),
            state,
            labels,
            lang: StoredValue::new(lang.to_string()),
            queue: StoredValue::new(Queue::default()),
        };
        platform::on_pointed(move |p| aids.pointed(p));
        platform::on_key(move |code, alt, shift, ctrl, meta| {
            match logic::shortcut(code, alt, shift, ctrl, meta) {
                Some(action) => {
                    aids.run(action);
                    true
                }
                None => false,
            }
        });
        aids
    }

    /// Does what a toolbar button or a shortcut asks.
    pub fn run(self, action: Action) {
        let l = self.labels;
        let toggle = |switch, signal, name| toggle_switch(self.state, l, switch, signal, name);
        match action {
            Action::Cursor => toggle(CURSOR, self.cursor, l.big_cursor),
            Action::Crosshair => toggle(CROSSHAIR, self.crosshair, l.crosshair),
            Action::Caption => toggle(CAPTION, self.caption, l.big_caption),
            Action::PointRead => {
                toggle(POINT_READ, self.point_read, l.point_read);
                if self.point_read.get_untracked() {
                    self.with_voice(|_| {});
                } else if self.reading.get_untracked() == Reading::Idle {
                    platform::cancel();
                }
            }
            Action::ReadAloud => match self.reading.get_untracked() {
                Reading::Idle => self.start(),
                Reading::Reading => {
                    platform::pause();
                    self.reading.set(Reading::Paused);
                    self.state.announce(l.reading_paused);
                }
                Reading::Paused => {
                    platform::resume();
                    self.reading.set(Reading::Reading);
                    self.state.announce(l.reading_started);
                }
            },
            Action::Stop => {
                if self.reading.get_untracked() != Reading::Idle {
                    self.stop();
                    self.state.announce(l.reading_stopped);
                }
            }
            Action::Slower => self.set_rate(logic::slower(self.rate.get_untracked())),
            Action::Faster => self.set_rate(logic::faster(self.rate.get_untracked())),
        }
    }

    /// Every tool off and reading stopped (恢复默认).
    pub fn reset(self) {
        self.stop();
        for (switch, signal) in [
            (CURSOR, self.cursor),
            (CROSSHAIR, self.crosshair),
            (CAPTION, self.caption),
            (POINT_READ, self.point_read),
        ] {
            remember(switch.attribute, switch.storage_key, None);
            signal.set(false);
        }
        browser::storage_remove(logic::RATE_KEY);
        self.rate.set(100);
    }

    /// Stops reading aloud (also on navigation).
    pub fn stop(self) {
        self.queue.update_value(|q| q.generation += 1);
        platform::cancel();
        platform::clear_highlight();
        self.reading.set(Reading::Idle);
    }

    /// Runs `then` with the voice for the page's language, or says plainly that there is none.
    fn with_voice(self, then: impl FnOnce(usize) + 'static) {
        platform::when_voices_ready(1500, move || {
            let lang = self.lang.get_value();
            match logic::pick_voice(&platform::voices(), &lang) {
                Some(voice) => {
                    self.no_voice.set(false);
                    self.queue.update_value(|q| q.voice = voice);
                    then(voice);
                }
                None => {
                    self.no_voice.set(true);
                    self.state.announce(self.labels.no_voice);
                }
            }
        });
    }

    /// 连读: from the title, or from the first block in view when the page is scrolled.
    fn start(self) {
        self.with_voice(move |_| {
            let (blocks, first) = platform::collect_blocks();
            if blocks.is_empty() {
                return;
            }
            self.queue.update_value(|q| {
                q.blocks = blocks;
                q.block = first;
                q.sentence = 0;
                q.generation += 1;
            });
            platform::cancel();
            self.reading.set(Reading::Reading);
            self.state.announce(self.labels.reading_started);
            self.speak_current();
        });
    }

    /// Speaks the current sentence, highlighted and in view; the next follows when it ends.
    fn speak_current(self) {
        let next = self.queue.with_value(|q| {
            let mut block = q.block;
            let mut sentence = q.sentence;
            while let Some(text) = q.blocks.get(block) {
                let parts = logic::sentences(text);
                if let Some(range) = parts.get(sentence) {
                    let start = logic::utf16_offset(text, range.start);
                    let end = logic::utf16_offset(text, range.end);
                    let said = text[range.clone()].to_string();
                    return Some((block, sentence, start, end, said, q.voice, q.generation));
                }
                block += 1;
                sentence = 0;
            }
            None
        });
        let Some((block, sentence, start, end, said, voice, generation)) = next else {
            self.stop();
            self.state.announce(self.labels.reading_done);
            return;
        };
        self.queue.update_value(|q| {
            q.block = block;
            q.sentence = sentence;
        });
        platform::highlight(block, start, end);
        if self.caption.get_untracked() {
            self.caption_text
                .set(logic::caption_text(&said, CAPTION_MAX));
        }
        let lang = self.lang.get_value();
        let rate = self.rate.get_untracked();
        platform::speak(&said, &lang, voice, rate, move || {
            let current = self.queue.with_value(|q| q.generation) == generation;
            if current && self.reading.get_untracked() != Reading::Idle {
                self.queue.update_value(|q| q.sentence += 1);
                self.speak_current();
            }
        });
    }

    /// A new speech rate: remembered, announced, and the sentence being read said again with it.
    fn set_rate(self, rate: Option<u16>) {
        let Some(rate) = rate else {
            return;
        };
        self.rate.set(rate);
        browser::storage_set(logic::RATE_KEY, &rate.to_string());
        self.state.announce(&format!(
            "{} {}",
            self.labels.speech_rate,
            logic::rate_text(rate)
        ));
        if self.reading.get_untracked() == Reading::Reading {
            self.queue.update_value(|q| q.generation += 1);
            platform::cancel();
            self.speak_current();
        }
    }

    /// The pointer moved or the focus changed: the guides follow, the caption shows what is
    /// there, and 指读 reads it once the pointer rests (not while 连读 reads).
    fn pointed(self, p: platform::Pointed) {
        if self.crosshair.get_untracked() {
            platform::move_guides(p.x, p.y);
        }
        let reading = self.reading.get_untracked() != Reading::Idle;
        let wanted = self.caption.get_untracked() || self.point_read.get_untracked();
        if !p.changed || reading || !wanted {
            return;
        }
        let Some(text) = p.text() else {
            return;
        };
        if self.caption.get_untracked() {
            self.caption_text
                .set(logic::caption_text(&text, CAPTION_MAX));
        }
        if self.point_read.get_untracked() {
            let ticket = self.queue.with_value(|q| q.pointed + 1);
            self.queue.update_value(|q| q.pointed = ticket);
            browser::set_timeout(POINT_DELAY, move || {
                let latest = self.queue.with_value(|q| q.pointed) == ticket;
                let idle = self.reading.get_untracked() == Reading::Idle;
                if latest
                    && idle
                    && self.point_read.get_untracked()
                    && !self.no_voice.get_untracked()
                {
                    let voice = self.queue.with_value(|q| q.voice);
                    platform::cancel();
                    let lang = self.lang.get_value();
                    let said = logic::caption_text(&text, 400);
                    platform::speak(&said, &lang, voice, self.rate.get_untracked(), || {});
                }
            });
        }
    }
}

/// The tools' state provided by the shell.
pub fn use_aids() -> Aids {
    expect_context::<Aids>()
}
