//! Writing the output atomically: everything is written into a staging folder inside the site
//! folder (so on the same file system), and only when all of it is written are the generated
//! entries swapped in by renaming. On any error the previous output stays as it was; files of the
//! site folder that the tool does not generate (the built app) are never touched.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::contract::urls::site_files;

/// The entries of the site folder that the tool owns and replaces as a whole.
pub const MANAGED: &[&str] = site_files::ENTRIES;

/// A staging folder for one build.
#[derive(Debug)]
pub struct Staging {
    site_dir: PathBuf,
    dir: PathBuf,
    published: bool,
}

/// Whether `rel` is a plain relative path (no `..`, no root): output never leaves the staging
/// folder.
fn is_inside(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_))) && rel.components().next().is_some()
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
        })
    }

    /// The staging path of a relative output path.
    pub fn path(&self, rel: &str) -> io::Result<PathBuf> {
        let rel = Path::new(rel);
        if !is_inside(rel) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to write outside the output folder: {}",
                    rel.display()
                ),
            ));
        }
        Ok(self.dir.join(rel))
    }

    /// Creates a folder (and its parents) in the staging folder.
    pub fn create_dir(&self, rel: &str) -> io::Result<()> {
        fs::create_dir_all(self.path(rel)?)
    }

    /// Writes a file whose folder exists.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.path(rel)?, bytes)
    }

    /// Copies a file into a folder that exists.
    pub fn copy(&self, source: &Path, rel: &str) -> io::Result<()> {
        fs::copy(source, self.path(rel)?).map(|_| ())
    }

    /// Swaps the staged entries in for the live ones, then deletes the old ones (on `workers`
    /// threads). On failure, every entry already moved is moved back.
    pub fn publish(self, workers: usize) -> io::Result<()> {
        self.publish_entries(workers, MANAGED)
    }

    /// [`Staging::publish`] for another list of managed entries (the prerendered pages add
    /// theirs to [`MANAGED`]).
    pub fn publish_entries(mut self, workers: usize, managed: &[&str]) -> io::Result<()> {
        let old = self
            .site_dir
            .join(format!(".bulletin-old-{}", std::process::id()));
        if old.symlink_metadata().is_ok() {
            fs::remove_dir_all(&old)?;
        }
        fs::create_dir(&old)?;
        let mut moved_out: Vec<&str> = Vec::new();
        let mut moved_in: Vec<&str> = Vec::new();
        let mut result = Ok(());
        for entry in managed {
            let live = self.site_dir.join(entry);
            if live.symlink_metadata().is_ok() {
                if let Err(e) = fs::rename(&live, old.join(entry)) {
                    result = Err(e);
                    break;
                }
                moved_out.push(entry);
            }
            let staged = self.dir.join(entry);
            if staged.symlink_metadata().is_ok() {
                if let Err(e) = fs::rename(&staged, &live) {
                    result = Err(e);
                    break;
                }
                moved_in.push(entry);
            }
        }
        if let Err(e) = result {
            for entry in moved_in.iter().rev() {
                let _ = fs::rename(self.site_dir.join(entry), self.dir.join(entry));
            }
            for entry in moved_out.iter().rev() {
                let _ = fs::rename(old.join(entry), self.site_dir.join(entry));
            }
            let _ = fs::remove_dir_all(&old);
            return Err(e);
        }
        self.published = true;
        let _ = fs::remove_dir_all(&self.dir);
        remove_tree(&old, workers)
    }
}

/// Deletes a folder tree, unlinking its files on `workers` threads: a large site's old output
/// has one file per notice, and removing them one by one is much of a rebuild's time.
pub fn remove_tree(dir: &Path, workers: usize) -> io::Result<()> {
    fn files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                files(&entry.path(), out)?;
            } else {
                out.push(entry.path());
            }
        }
        Ok(())
    }
    let mut all = Vec::new();
    files(dir, &mut all)?;
    let chunk = all.len().div_ceil(workers.max(1)).max(1);
    std::thread::scope(|scope| {
        for part in all.chunks(chunk) {
            scope.spawn(move || {
                for file in part {
                    let _ = fs::remove_file(file);
                }
            });
        }
    });
    fs::remove_dir_all(dir)
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
}
