//! Route facts (length, countries and oblasts crossed) worked out on a
//! worker thread started with the app, so the first frame does not wait
//! for them (about half a second at 100× the data). The app takes the
//! result in at the start of a frame (`App::poll_route_facts`), the one
//! place it is applied.

use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use crate::analysis::route_facts::{RouteFacts, all_route_facts_on};
use crate::basemap::Basemap;
use crate::model::Dataset;

type Waker = Arc<dyn Fn() + Send + Sync>;

/// The running worker.
pub struct FactsWorker {
    rx: Receiver<Vec<RouteFacts>>,
    /// Set by the window once it has a context; called when the facts are ready.
    waker: Arc<Mutex<Option<Waker>>>,
}

/// What a poll found.
pub enum FactsPoll {
    Running,
    Done(Vec<RouteFacts>),
    /// The worker ended without a result (it panicked).
    Failed,
}

impl FactsWorker {
    /// Start working out the facts of `dataset`'s routes; `Err` with the
    /// reason if no thread could be started.
    pub fn start(dataset: Dataset, basemap: Arc<Basemap>) -> std::io::Result<Self> {
        let (tx, rx) = std::sync::mpsc::channel();
        let waker: Arc<Mutex<Option<Waker>>> = Arc::new(Mutex::new(None));
        let wake = Arc::clone(&waker);
        std::thread::Builder::new()
            .name("route-facts".to_owned())
            .spawn(move || {
                // One thread, and a low priority: the first frames (and the
                // software renderer, where there is no GPU) come first.
                lower_this_threads_priority();
                let facts = all_route_facts_on(&dataset, &basemap, 1);
                // The app may be gone already; nothing to tell then.
                let _ = tx.send(facts);
                let waker = wake.lock().ok().and_then(|w| w.clone());
                if let Some(waker) = waker {
                    waker();
                }
            })?;
        Ok(FactsWorker { rx, waker })
    }

    /// Ask for a repaint through `waker` when the facts are ready.
    pub fn set_waker(&self, waker: Waker) {
        if let Ok(mut w) = self.waker.lock() {
            *w = Some(waker);
        }
    }

    pub fn poll(&self) -> FactsPoll {
        match self.rx.try_recv() {
            Ok(facts) => FactsPoll::Done(facts),
            Err(TryRecvError::Empty) => FactsPoll::Running,
            Err(TryRecvError::Disconnected) => FactsPoll::Failed,
        }
    }
}

/// Give way to the window's threads: nice 10 for the calling thread (on
/// Linux the nice value is per thread). Elsewhere, and if refused, nothing.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers and touches no memory of ours;
    // `who` = 0 is the calling thread.
    unsafe {
        let _ = libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
