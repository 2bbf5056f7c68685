//! Imports run on a worker thread: the window polls for results, shows
//! progress, and can cancel. No egui here: the caller passes a `wake`
//! function (the window's repaint request) that the worker calls when it
//! has something to show.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{Control, ImportError, ImportedLayer, Limits, import_file};
use crate::model::Dataset;

/// Why files are being read: a new import, a reload, or a restore at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Import,
    Reload,
    Restore,
}

/// One file's outcome.
pub type Outcome = (PathBuf, Result<ImportedLayer, ImportError>);

pub struct Job {
    pub purpose: Purpose,
    pub paths: Vec<PathBuf>,
    control: Arc<Control>,
    /// Index of the file being read.
    current: Arc<AtomicUsize>,
    rx: Receiver<Outcome>,
    handle: Option<JoinHandle<()>>,
    finished: bool,
}

impl Job {
    /// Start reading `paths` one after the other.
    pub fn spawn(
        purpose: Purpose,
        paths: Vec<PathBuf>,
        curated: Dataset,
        limits: Limits,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> Job {
        let control = Arc::new(Control::default());
        let current = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = mpsc::channel();
        let (c, cur, list) = (control.clone(), current.clone(), paths.clone());
        let handle = std::thread::Builder::new()
            .name("import".to_owned())
            .spawn(move || {
                // Wake the window now and then so the progress bar moves.
                let ticking = Arc::new(std::sync::atomic::AtomicBool::new(true));
                let ticker = {
                    let (ticking, wake) = (ticking.clone(), wake.clone());
                    std::thread::spawn(move || {
                        while ticking.load(Ordering::Relaxed) {
                            std::thread::sleep(Duration::from_millis(100));
                            wake();
                        }
                    })
                };
                for (i, path) in list.into_iter().enumerate() {
                    cur.store(i, Ordering::Relaxed);
                    let result = if c.is_cancelled() {
                        Err(ImportError::Cancelled {
                            file: path.display().to_string(),
                        })
                    } else {
                        import_file(&path, &curated, &limits, &c)
                    };
                    if tx.send((path, result)).is_err() {
                        break;
                    }
                    wake();
                }
                ticking.store(false, Ordering::Relaxed);
                let _ = ticker.join();
                wake();
            });
        let (handle, finished) = match handle {
            Ok(h) => (Some(h), false),
            Err(_) => (None, true),
        };
        Job {
            purpose,
            paths,
            control,
            current,
            rx,
            handle,
            finished,
        }
    }

    pub fn cancel(&self) {
        self.control.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.control.is_cancelled()
    }

    /// Outcomes that arrived since the last poll.
    pub fn poll(&mut self) -> Vec<Outcome> {
        let mut out = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(o) => out.push(o),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    if let Some(h) = self.handle.take() {
                        let _ = h.join();
                    }
                    break;
                }
            }
        }
        out
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// (file index, file count, fraction of the current file, its name).
    pub fn progress(&self) -> (usize, usize, f32, String) {
        let i = self.current.load(Ordering::Relaxed);
        let name = self
            .paths
            .get(i)
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (i, self.paths.len(), self.control.fraction(), name)
    }

    /// Block until the worker is done (tests, command line).
    pub fn wait(&mut self) -> Vec<Outcome> {
        let mut out = Vec::new();
        while !self.finished {
            match self.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(o) => out.push(o),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    self.finished = true;
                    if let Some(h) = self.handle.take() {
                        let _ = h.join();
                    }
                }
            }
        }
        out
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        // A window closed mid-import: stop reading, do not wait.
        self.control.cancel();
    }
}
