//! Writing the output: a build changes only the files whose bytes change.
//!
//! Every file the build makes is compared with the file of the same path in the site folder. When
//! the bytes are the same, the live file is kept as it is (same bytes, same modification time), so
//! `rsync`, `rclone` and object-storage syncs upload only what changed. The other files are
//! written into a staging folder inside the site folder (so on the same file system); only when all
//! of them are written are they renamed into place (each rename replaces one file at once), and
//! then the files of the managed entries that this build did not make are deleted. On any error
//! before that step the site folder stays as it was; files of the site folder that the tool does
//! not generate (the built app) are never touched. Whatever was there before, the result is the
//! tree a build into an empty folder gives.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::contract::urls::site_files;

/// The entries of the site folder that the tool owns and replaces as a whole.
pub const MANAGED: &[&str] = site_files::ENTRIES;

/// What a build did to the site folder's files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files written (new or with other bytes).
    pub written: usize,
    /// Files kept as they were (same bytes).
    pub kept: usize,
    /// Files deleted (no longer made).
    pub deleted: usize,
}

/// A staging folder for one build.
#[derive(Debug)]
pub struct Staging {
    site_dir: PathBuf,
    dir: PathBuf,
    published: bool,
    /// Every file made (relative path), written or kept.
    made: Mutex<HashSet<String>>,
    /// Files kept because the live file has the same bytes.
    kept: AtomicUsize,
}

/// Whether `rel` is a plain relative path (no `..`, no root): output never leaves the staging
/// folder.
fn is_inside(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_))) && rel.components().next().is_some()
}

/// Whether the file at `path` holds exactly `bytes` (a different size is known without reading).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|live| live == bytes)
        }
        _ => false,
    }
}

/// Writes `bytes` at `path`, creating its folder when it is missing.
fn write_creating(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::write(path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, bytes)
        }
        other => other,
    }
}

impl Staging {
    /// Creates the site folder if needed and an empty staging folder inside it.
    pub fn new(site_dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(site_dir)?;
        let dir = site_dir.join(format!(".bulletin-staging-{}", std::process::id()));
        if dir.symlink_metadata().is_ok() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir(&dir)?;
        Ok(Staging {
            site_dir: site_dir.to_path_buf(),
            dir,
            published: false,
            made: Mutex::new(HashSet::new()),
            kept: AtomicUsize::new(0),
        })
    }

    fn checked(rel: &str) -> io::Result<&Path> {
        let path = Path::new(rel);
        if !is_inside(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to write outside the output folder: {}",
                    path.display()
                ),
            ));
        }
        Ok(path)
    }

    /// The staging path of a relative output path.
    pub fn path(&self, rel: &str) -> io::Result<PathBuf> {
        Ok(self.dir.join(Self::checked(rel)?))
    }

    /// Creates a folder (and its parents) in the staging folder.
    pub fn create_dir(&self, rel: &str) -> io::Result<()> {
        fs::create_dir_all(self.path(rel)?)
    }

    /// Records `rel` as made; whether the live file already holds `bytes` (then nothing is
    /// written).
    fn make(&self, rel: &str, bytes: &[u8]) -> io::Result<bool> {
        let path = Self::checked(rel)?;
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
        let same = holds(&self.site_dir.join(path), bytes);
        if same {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        Ok(same)
    }

    /// Keeps the live file at `rel` when it holds `marker` (a fingerprint of everything it is
    /// made from): then it counts as made, with the same bytes, and need not be made again.
    pub fn keep_marked(&self, rel: &str, marker: &[u8]) -> io::Result<bool> {
        let path = Self::checked(rel)?;
        let Ok(live) = fs::read(self.site_dir.join(path)) else {
            return Ok(false);
        };
        if marker.is_empty() || !live.windows(marker.len()).any(|w| w == marker) {
            return Ok(false);
        }
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
        self.kept.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// Writes a file (its folder is created when missing), unless the live file holds the same
    /// bytes.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if self.make(rel, bytes)? {
            return Ok(());
        }
        write_creating(&self.path(rel)?, bytes)
    }

    /// Copies a file, unless the live file holds the same bytes.
    pub fn copy(&self, source: &Path, rel: &str) -> io::Result<()> {
        let bytes = fs::read(source)?;
        self.write(rel, &bytes)
    }

    /// Swaps the staged entries in for the live ones (see [`Staging::publish_entries`]).
    pub fn publish(self, workers: usize) -> io::Result<Changes> {
        self.publish_entries(workers, MANAGED)
    }

    /// Moves the staged files into place and deletes the files of the `managed` entries that
    /// this build did not make. An entry missing from the site folder is moved in whole.
    pub fn publish_entries(mut self, workers: usize, managed: &[&str]) -> io::Result<Changes> {
        let made = std::mem::take(&mut *self.made.lock().unwrap_or_else(|e| e.into_inner()));
        let mut changes = Changes {
            kept: self.kept.load(Ordering::Relaxed),
            ..Changes::default()
        };
        for entry in managed {
            let live = self.site_dir.join(entry);
            let staged = self.dir.join(entry);
            let staged_exists = staged.symlink_metadata().is_ok();
            if live.symlink_metadata().is_err() {
                if staged_exists {
                    changes.written += count_files(&staged)?;
                    fs::rename(&staged, &live)?;
                }
                continue;
            }
            if staged_exists {
                changes.written += move_into(&staged, &live)?;
            }
            changes.deleted += delete_unmade(&self.site_dir, &self.dir, entry, &made, workers)?;
        }
        self.published = true;
        let _ = fs::remove_dir_all(&self.dir);
        Ok(changes)
    }
}

/// Hard-links (or copies, across file systems) every file of the `entries` of `from` to the same
/// place under `to`, replacing what is there.
pub fn link_entries(from: &Path, to: &Path, entries: &[&str]) -> io::Result<()> {
    fn link(from: &Path, to: &Path) -> io::Result<()> {
        if fs::symlink_metadata(from)?.is_dir() {
            match fs::symlink_metadata(to) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    fs::remove_file(to)?;
                    fs::create_dir(to)?;
                }
                Err(_) => fs::create_dir(to)?,
            }
            for entry in fs::read_dir(from)? {
                let entry = entry?;
                link(&entry.path(), &to.join(entry.file_name()))?;
            }
            return Ok(());
        }
        match fs::symlink_metadata(to) {
            Ok(m) if m.is_dir() => fs::remove_dir_all(to)?,
            Ok(_) => fs::remove_file(to)?,
            Err(_) => {}
        }
        fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
    }
    for entry in entries {
        let source = from.join(entry);
        if source.symlink_metadata().is_ok() {
            link(&source, &to.join(entry))?;
        }
    }
    Ok(())
}

/// How many files there are under `path` (1 for a file).
fn count_files(path: &Path) -> io::Result<usize> {
    if !fs::symlink_metadata(path)?.is_dir() {
        return Ok(1);
    }
    let mut count = 0;
    for entry in fs::read_dir(path)? {
        count += count_files(&entry?.path())?;
    }
    Ok(count)
}

/// Renames every file under the staged `from` to the same place under the live `to` (replacing
/// what is there); returns how many.
fn move_into(from: &Path, to: &Path) -> io::Result<usize> {
    let meta = fs::symlink_metadata(from)?;
    if !meta.is_dir() {
        if fs::symlink_metadata(to).is_ok_and(|m| m.is_dir()) {
            fs::remove_dir_all(to)?;
        }
        fs::rename(from, to)?;
        return Ok(1);
    }
    match fs::symlink_metadata(to) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            fs::remove_file(to)?;
            fs::create_dir(to)?;
        }
        Err(_) => {
            // A folder the live tree lacks moves in whole.
            let count = count_files(from)?;
            fs::rename(from, to)?;
            return Ok(count);
        }
    }
    let mut count = 0;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        count += move_into(&entry.path(), &to.join(entry.file_name()))?;
    }
    Ok(count)
}

/// Deletes the files under the live `entry` whose paths are not in `made`, and the folders left
/// empty that the build did not make (in `staged`); returns how many files.
fn delete_unmade(
    site_dir: &Path,
    staged: &Path,
    entry: &str,
    made: &HashSet<String>,
    workers: usize,
) -> io::Result<usize> {
    /// Collects the unmade files under `dir` (`rel` its path); whether every file under it is
    /// unmade (then the folder goes whole).
    fn walk(
        dir: &Path,
        rel: &str,
        made: &HashSet<String>,
        files: &mut Vec<PathBuf>,
        dirs: &mut Vec<PathBuf>,
    ) -> io::Result<()> {
        for item in fs::read_dir(dir)? {
            let item = item?;
            let name = item.file_name();
            let child = format!("{rel}/{}", name.to_string_lossy());
            if item.file_type()?.is_dir() {
                walk(&item.path(), &child, made, files, dirs)?;
                dirs.push(item.path());
            } else if !made.contains(&child) {
                files.push(item.path());
            }
        }
        Ok(())
    }
    let live = site_dir.join(entry);
    if !fs::symlink_metadata(&live)?.is_dir() {
        if made.contains(entry) {
            return Ok(0);
        }
        fs::remove_file(&live)?;
        return Ok(1);
    }
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    walk(&live, entry, made, &mut files, &mut dirs)?;
    let count = files.len();
    let chunk = files.len().div_ceil(workers.max(1)).max(1);
    let failed = Mutex::new(None);
    std::thread::scope(|scope| {
        for part in files.chunks(chunk) {
            let failed = &failed;
            scope.spawn(move || {
                for file in part {
                    if let Err(e) = fs::remove_file(file) {
                        *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                    }
                }
            });
        }
    });
    if let Some(e) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    // Deepest first (children were pushed before their parents): a folder left empty goes.
    dirs.push(live);
    for dir in dirs {
        let made_dir = dir
            .strip_prefix(site_dir)
            .is_ok_and(|rel| staged.join(rel).is_dir());
        if !made_dir && fs::read_dir(&dir)?.next().is_none() {
            fs::remove_dir(&dir)?;
        }
    }
    Ok(count)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside() {
        assert!(is_inside(Path::new("data/notices/a.json")));
        assert!(!is_inside(Path::new("../a")));
        assert!(!is_inside(Path::new("/etc/a")));
        assert!(!is_inside(Path::new("data/../../a")));
        assert!(!is_inside(Path::new("")));
    }

    #[test]
    fn swaps_managed_entries_and_keeps_the_rest() {
        let site =
            std::env::temp_dir().join(format!("bulletin-output-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&site);
        fs::create_dir_all(site.join("data/old")).unwrap();
        fs::write(site.join("index.html"), "app").unwrap();
        fs::write(site.join("sitemap.xml"), "old").unwrap();
        let staging = Staging::new(&site).unwrap();
        staging.create_dir("data/notices").unwrap();
        staging.write("data/notices/a.json", b"{}").unwrap();
        staging.write("feed.xml", b"feed").unwrap();
        assert!(staging.write("../escape.txt", b"x").is_err());
        staging.publish(2).unwrap();
        let mut names: Vec<_> = fs::read_dir(&site)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["data", "feed.xml", "index.html"]);
        assert!(site.join("data/notices/a.json").exists());
        assert!(!site.join("data/old").exists());
        fs::remove_dir_all(&site).unwrap();
    }

    #[test]
    fn keeps_files_with_the_same_bytes_and_writes_or_deletes_the_rest() {
        let site =
            std::env::temp_dir().join(format!("bulletin-output-keep-{}", std::process::id()));
        let _ = fs::remove_dir_all(&site);
        let first = Staging::new(&site).unwrap();
        for (rel, bytes) in [
            ("data/notices/a.json", "a"),
            ("data/notices/b.json", "b"),
            ("data/notices/c.json", "c"),
            ("feed.xml", "feed"),
        ] {
            first.write(rel, bytes.as_bytes()).unwrap();
        }
        let changes = first.publish(2).unwrap();
        assert_eq!((changes.written, changes.kept, changes.deleted), (4, 0, 0));
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for rel in ["data/notices/a.json", "data/notices/b.json", "feed.xml"] {
            let file = fs::File::options()
                .write(true)
                .open(site.join(rel))
                .unwrap();
            file.set_modified(old).unwrap();
        }
        let mtime = |rel: &str| fs::metadata(site.join(rel)).unwrap().modified().unwrap();

        let second = Staging::new(&site).unwrap();
        second.write("data/notices/a.json", b"a").unwrap();
        second.write("data/notices/b.json", b"B").unwrap();
        second.write("data/notices/d/e.json", b"e").unwrap();
        second.write("feed.xml", b"feed").unwrap();
        let changes = second.publish(2).unwrap();
        assert_eq!((changes.written, changes.kept, changes.deleted), (2, 2, 1));
        assert_eq!(mtime("data/notices/a.json"), old, "same bytes, not touched");
        assert_eq!(mtime("feed.xml"), old);
        assert_ne!(mtime("data/notices/b.json"), old);
        assert_eq!(fs::read(site.join("data/notices/b.json")).unwrap(), b"B");
        assert_eq!(fs::read(site.join("data/notices/d/e.json")).unwrap(), b"e");
        assert!(!site.join("data/notices/c.json").exists());
        let leftovers: Vec<_> = fs::read_dir(&site)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(
            leftovers.iter().all(|n| !n.starts_with('.')),
            "{leftovers:?}"
        );
        fs::remove_dir_all(&site).unwrap();
    }
}
