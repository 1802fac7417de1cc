//! In-app history: which pages the reader went through inside the app, so that 关闭窗口 can tell
//! whether going back stays inside the site.

/// The stack of in-app page paths, most recent last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NavStack {
    paths: Vec<String>,
}

impl NavStack {
    /// Records that the app now shows `path`. Returning to the page before the current one counts
    /// as going back (the current page is dropped); the same path again changes nothing.
    pub fn visit(&mut self, path: &str) {
        let len = self.paths.len();
        if len > 0 && self.paths[len - 1] == path {
            return;
        }
        if len > 1 && self.paths[len - 2] == path {
            self.paths.pop();
            return;
        }
        self.paths.push(path.to_string());
    }

    /// Whether going back in history stays inside the app.
    pub fn can_go_back(&self) -> bool {
        self.paths.len() > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deep_link_has_no_in_app_history() {
        let mut nav = NavStack::default();
        nav.visit("/notice/a");
        assert!(!nav.can_go_back());
        nav.visit("/notice/a");
        assert!(!nav.can_go_back());
    }

    #[test]
    fn forward_then_back() {
        let mut nav = NavStack::default();
        nav.visit("/");
        nav.visit("/list/gzdt/1");
        nav.visit("/notice/a");
        assert!(nav.can_go_back());
        nav.visit("/list/gzdt/1");
        assert!(nav.can_go_back());
        nav.visit("/");
        assert!(!nav.can_go_back());
    }
}
