//! The window's first frames: for a dataset file over
//! [`BACKGROUND_MIN_BYTES`] the app is built (dataset read and checked,
//! basemap decoded, analysis run) on a thread while the window already
//! shows which file is being read. At 100× the data that work takes a few
//! hundred milliseconds before anything could be drawn (issue 12); the
//! window now opens at once and says what it is waiting for.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Instant;

use super::App;

/// Dataset files at least this big are read while the window shows a
/// waiting page. The embedded dataset (about 0.2 MB) builds in ~40 ms,
/// less than painting a waiting page first would add; 10× the data (1.4 MB)
/// takes over 100 ms.
pub const BACKGROUND_MIN_BYTES: u64 = 1 << 20;

/// What the window shows: the app once it is built, and until then a
/// short "reading …" page.
pub struct Starting {
    phase: Phase,
    /// Frames the app itself has been drawn in (not the waiting page).
    app_frames: u64,
}

/// What is done on the app on the UI thread once it is built.
type AfterStart = Box<dyn FnOnce(&mut App, &egui::Context)>;

enum Phase {
    Building {
        rx: Receiver<App>,
        what: String,
        since: Instant,
        /// Run on the app once it arrives, on the UI thread (wakers,
        /// restored imports, a `--view` file).
        then: Option<AfterStart>,
    },
    Ready(Box<App>),
    /// The builder thread died; what to say.
    Failed(String),
}

impl Starting {
    /// Build the app with `build`, on a new thread if `in_background`
    /// (else here, before returning: a small dataset is ready sooner than a
    /// waiting page could be painted); `what` names what is being read (a
    /// file name) for the waiting page. If no thread can be started the app
    /// is built here too.
    pub fn new(
        ctx: &egui::Context,
        what: String,
        in_background: bool,
        build: impl FnOnce() -> App + Send + 'static,
        then: impl FnOnce(&mut App, &egui::Context) + 'static,
    ) -> Self {
        if !in_background {
            let mut app = build();
            then(&mut app, ctx);
            return Starting {
                phase: Phase::Ready(Box::new(app)),
                app_frames: 0,
            };
        }
        let (tx, rx) = mpsc::channel();
        let waker = ctx.clone();
        // Shared so that, if no thread can be started, it is run here.
        let build = std::sync::Arc::new(std::sync::Mutex::new(Some(build)));
        let spawned = std::thread::Builder::new().name("app-start".into()).spawn({
            let build = std::sync::Arc::clone(&build);
            move || {
                let build = build.lock().ok().and_then(|mut b| b.take());
                if let Some(build) = build {
                    let _ = tx.send(build());
                }
                waker.request_repaint();
            }
        });
        let phase = match spawned {
            Ok(_) => Phase::Building {
                rx,
                what,
                since: Instant::now(),
                then: Some(Box::new(then)),
            },
            Err(e) => {
                eprintln!("route-explorer: no thread to start the app on ({e}); starting it here");
                match build.lock().ok().and_then(|mut b| b.take()) {
                    Some(build) => {
                        let mut app = build();
                        then(&mut app, ctx);
                        Phase::Ready(Box::new(app))
                    }
                    None => Phase::Failed(format!("The app could not be started: {e}")),
                }
            }
        };
        Starting {
            phase,
            app_frames: 0,
        }
    }

    /// Whether a frame has drawn the app (rather than the waiting page).
    pub fn app_drawn(&self) -> bool {
        self.app_frames > 0
    }

    /// The app, once it is built.
    pub fn app(&self) -> Option<&App> {
        match &self.phase {
            Phase::Ready(app) => Some(app),
            _ => None,
        }
    }

    pub fn app_mut(&mut self) -> Option<&mut App> {
        match &mut self.phase {
            Phase::Ready(app) => Some(app),
            _ => None,
        }
    }

    /// Take in the app when it is built; then draw it, or the waiting page.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if let Phase::Building { rx, then, .. } = &mut self.phase {
            match rx.try_recv() {
                Ok(mut app) => {
                    if let Some(then) = then.take() {
                        then(&mut app, ui.ctx());
                    }
                    self.phase = Phase::Ready(Box::new(app));
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    let problem = "The app stopped while it was being started (a bug: \
                                   please report it with the command line used)."
                        .to_owned();
                    eprintln!("route-explorer: {problem}");
                    self.phase = Phase::Failed(problem);
                }
            }
        }
        match &mut self.phase {
            Phase::Ready(app) => {
                app.ui(ui);
                self.app_frames += 1;
            }
            Phase::Building { what, since, .. } => waiting_page(ui, what, *since),
            Phase::Failed(problem) => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.colored_label(ui.visuals().error_fg_color, problem.as_str());
                });
            }
        }
    }
}

fn waiting_page(ui: &mut egui::Ui, what: &str, since: Instant) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.4);
            spinner(ui);
            ui.add_space(8.0);
            ui.heading(format!("Reading {what}…"));
            let seconds = since.elapsed().as_secs_f32();
            if seconds >= 1.0 {
                ui.label(format!(
                    "{seconds:.0} s: checking the dataset, preparing the map"
                ));
            }
        });
    });
}

/// A turning arc, redrawn ten times a second (egui's own spinner asks for
/// every frame, which takes CPU from the thread building the app).
fn spinner(ui: &mut egui::Ui) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(28.0, 28.0), egui::Sense::hover());
    let turn = ui.input(|i| i.time) * 4.0;
    let points: Vec<egui::Pos2> = (0..=16)
        .map(|i| {
            let a = turn + f64::from(i) / 16.0 * std::f64::consts::PI * 1.5;
            rect.center() + egui::vec2(a.cos() as f32, a.sin() as f32) * 11.0
        })
        .collect();
    ui.painter().add(egui::Shape::line(
        points,
        egui::Stroke::new(3.0, ui.visuals().strong_text_color()),
    ));
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
}
