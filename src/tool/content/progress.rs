//! A progress bar on stderr for long builds, and the worker pool that reports to it.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Builds with more notices than this show a progress bar (when stderr is a terminal).
pub const PROGRESS_THRESHOLD: usize = 300;

/// A counter that a progress bar shows, or that nobody shows.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
}

impl Progress {
    /// Counts one more item done.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// Whether a bar should be drawn for `total` items.
pub fn wanted(total: usize) -> bool {
    total > PROGRESS_THRESHOLD && std::io::stderr().is_terminal()
}

fn draw(label: &str, done: usize, total: usize) {
    let width = 30;
    let filled = (done.min(total) * width)
        .checked_div(total)
        .unwrap_or(width);
    let bar: String = "#".repeat(filled) + &" ".repeat(width - filled);
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r{label:>8} [{bar}] {done}/{total}");
    let _ = err.flush();
}

/// Runs `work` with a [`Progress`]; when `show` is set, a bar for `total` items is redrawn on
/// stderr ten times a second until `work` returns, then cleared.
pub fn with_bar<R>(label: &str, total: usize, show: bool, work: impl FnOnce(&Progress) -> R) -> R {
    let progress = Progress::default();
    if !show {
        return work(&progress);
    }
    let finished = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !finished.load(Ordering::Relaxed) {
                draw(label, progress.done.load(Ordering::Relaxed), total);
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let result = work(&progress);
        finished.store(true, Ordering::Relaxed);
        result
    });
    draw(label, total, total);
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r{}\r", " ".repeat(60));
    let _ = err.flush();
    result
}

/// How many worker threads to use: twice the available cores, 4 to 16. Reading and writing
/// many small files waits on the file system as much as it computes, so more threads than cores
/// keep the cores busy.
pub fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .saturating_mul(2)
        .clamp(4, 16)
}

/// Maps `f` over `items` on `workers` threads; results come back in the order of `items`.
pub fn par_map<T, R, F>(items: &[T], workers: usize, progress: &Progress, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(usize, &T) -> R + Sync,
{
    const CHUNK: usize = 16;
    let next = AtomicUsize::new(0);
    let parts: Mutex<Vec<(usize, Vec<R>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(|| loop {
                let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                if start >= items.len() {
                    break;
                }
                let end = (start + CHUNK).min(items.len());
                let out: Vec<R> = (start..end)
                    .map(|i| {
                        let r = f(i, &items[i]);
                        progress.tick();
                        r
                    })
                    .collect();
                parts
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((start, out));
            });
        }
    });
    let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
    parts.sort_by_key(|p| p.0);
    parts.into_iter().flat_map(|p| p.1).collect()
}

/// The time each phase of a build takes, printed on stderr when the environment variable
/// `BULLETIN_TIMINGS` is set (for profiling; `scripts/bench-build.sh` shows them).
pub struct Phases {
    last: Option<std::time::Instant>,
}

impl Phases {
    /// Starts timing the first phase (a no-op without `BULLETIN_TIMINGS`).
    pub fn start() -> Self {
        Phases {
            last: std::env::var_os("BULLETIN_TIMINGS").map(|_| std::time::Instant::now()),
        }
    }

    /// Ends the current phase, named `name`, and starts the next.
    pub fn end(&mut self, name: &str) {
        if let Some(last) = self.last {
            let now = std::time::Instant::now();
            // The resident set now and at its peak (Linux), in MB.
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let mb = |field: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(field))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                    .map_or(0, |kb| kb / 1024)
            };
            eprintln!(
                "timing {name}: {:.3} s, resident {} MB (peak {} MB)",
                (now - last).as_secs_f64(),
                mb("VmRSS:"),
                mb("VmHWM:")
            );
            self.last = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_map_keeps_order() {
        let items: Vec<usize> = (0..1000).collect();
        let progress = Progress::default();
        let out = par_map(&items, 3, &progress, |i, x| i * 1000 + x);
        assert_eq!(out, (0..1000).map(|i| i * 1001).collect::<Vec<_>>());
        assert_eq!(progress.done.load(Ordering::Relaxed), 1000);
    }
}
