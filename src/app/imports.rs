//! Imported layers in the window: the state the File menu and the Imported
//! tab read, and the commands that change it. Files are read on a worker
//! thread started here (from `App::apply`), never from drawing code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::import::persist::{PersistedImport, restore_message};
use crate::import::worker::{Job, Outcome, Purpose};
use crate::import::{ImportedLayer, Limits, merge};

/// Everything the UI can ask of the importer.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportCommand {
    /// File > Import data…: the system dialog where there is one, else the
    /// in-app browser.
    OpenDialog,
    /// The in-app file browser, in a folder (None: the last or home folder).
    OpenBrowser(Option<PathBuf>),
    /// Read these files (menu, drag-and-drop, `--import`).
    Files(Vec<PathBuf>),
    /// Stop the import that is running.
    Cancel,
    /// Read a layer's file again (None: every layer).
    Reload(Option<usize>),
    /// Drop a layer (and forget it at the next start).
    Remove(usize),
    /// Forget a remembered file that could not be restored.
    ForgetMissing(usize),
    Browse(BrowseCommand),
    DismissMessages,
}

/// The in-app file browser's commands.
#[derive(Debug, Clone, PartialEq)]
pub enum BrowseCommand {
    /// List a folder.
    Open(PathBuf),
    Up,
    /// The path field was edited.
    SetPath(String),
    /// Tick or untick a file.
    Toggle(PathBuf),
    /// Import the ticked files (or the file in the path field).
    Import,
    Close,
}

/// One entry of a listed folder.
#[derive(Debug, Clone, PartialEq)]
pub struct BrowserEntry {
    pub name: String,
    pub path: PathBuf,
    pub is_dir: bool,
    pub size_bytes: u64,
}

/// The in-app file browser (used where no system dialog is available).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileBrowser {
    pub dir: PathBuf,
    pub entries: Vec<BrowserEntry>,
    pub path_text: String,
    pub selected: BTreeSet<PathBuf>,
    pub error: Option<String>,
}

/// File extensions the browser lists (the format is still read from the content).
pub const LISTED_EXTENSIONS: [&str; 7] = ["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"];

impl FileBrowser {
    pub fn open(dir: &Path) -> FileBrowser {
        let mut b = FileBrowser {
            dir: dir.to_path_buf(),
            path_text: dir.display().to_string(),
            ..Default::default()
        };
        b.list();
        b
    }

    fn list(&mut self) {
        self.entries.clear();
        self.error = None;
        match std::fs::read_dir(&self.dir) {
            Ok(read) => {
                for e in read.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let path = e.path();
                    let meta = std::fs::metadata(&path).ok();
                    let is_dir = meta.as_ref().is_some_and(|m| m.is_dir());
                    let listed = is_dir
                        || path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                            LISTED_EXTENSIONS.contains(&x.to_lowercase().as_str())
                        });
                    if listed {
                        self.entries.push(BrowserEntry {
                            name,
                            path,
                            is_dir,
                            size_bytes: meta.map(|m| m.len()).unwrap_or(0),
                        });
                    }
                }
                self.entries.sort_by(|a, b| {
                    b.is_dir
                        .cmp(&a.is_dir)
                        .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                });
            }
            Err(e) => {
                self.error = Some(format!(
                    "{}: cannot list the folder: {e}",
                    self.dir.display()
                ))
            }
        }
    }
}

/// A user-visible message about imports (shown in the Imported tab and,
/// briefly, under the menu bar).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportMessage {
    pub text: String,
    pub is_error: bool,
}

/// The system file dialog, open on its own thread.
pub struct NativeDialog {
    started: Instant,
    rx: std::sync::mpsc::Receiver<Option<Vec<PathBuf>>>,
}

/// A dialog that "answers" faster than a person could click was never shown
/// (no portal, no zenity): fall back to the in-app browser.
const DIALOG_NOT_SHOWN: Duration = Duration::from_millis(400);

/// What the system file dialog did.
#[derive(Debug, Clone, PartialEq)]
pub enum DialogPoll {
    /// Still open, cancelled, or never opened.
    Nothing,
    Picked(Vec<PathBuf>),
    /// It was not shown (no portal, no zenity): use the in-app browser.
    NotShown,
}

pub struct ImportsState {
    /// The layers, in import order.
    pub layers: Vec<ImportedLayer>,
    /// The import running now.
    pub job: Option<Job>,
    /// Files waiting for the running job to end.
    pub queued: Vec<(Purpose, Vec<PathBuf>)>,
    /// Remembered files that could not be restored, with the reason.
    pub missing: Vec<(PersistedImport, String)>,
    pub messages: Vec<ImportMessage>,
    pub browser: Option<FileBrowser>,
    pub dialog: Option<NativeDialog>,
    /// Wakes the window when the worker has news (set by the window).
    pub waker: Option<Arc<dyn Fn() + Send + Sync>>,
    pub limits: Limits,
    /// Whether a system file dialog may be tried (off in tests).
    pub native_dialogs: bool,
    /// Layers that just arrived; the app shows them (map, charts) once.
    pub just_imported: Vec<usize>,
    /// Where the in-app browser starts when no file was imported yet (the
    /// environment's home folder).
    pub home_dir: Option<PathBuf>,
    /// A view being opened (its file and content) once the files it names
    /// are imported (`views::finish_open`).
    pub pending_view: Option<(PathBuf, crate::view::View)>,
}

impl Default for ImportsState {
    fn default() -> Self {
        ImportsState {
            layers: Vec::new(),
            job: None,
            queued: Vec::new(),
            missing: Vec::new(),
            messages: Vec::new(),
            browser: None,
            dialog: None,
            waker: None,
            limits: Limits {
                max_values: Some(merge::MAX_WINDOW_VALUES),
                ..Limits::default()
            },
            // Set from the environment when the app starts.
            native_dialogs: false,
            just_imported: Vec::new(),
            home_dir: None,
            pending_view: None,
        }
    }
}

impl ImportsState {
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    fn wake(&self) -> Arc<dyn Fn() + Send + Sync> {
        self.waker.clone().unwrap_or_else(|| Arc::new(|| {}))
    }

    pub fn info(&mut self, text: String) {
        self.messages.push(ImportMessage {
            text,
            is_error: false,
        });
    }

    pub fn error(&mut self, text: String) {
        self.messages.push(ImportMessage {
            text,
            is_error: true,
        });
    }

    /// Start reading files now, or after the running job.
    pub fn start(
        &mut self,
        purpose: Purpose,
        paths: Vec<PathBuf>,
        curated: &crate::model::Dataset,
    ) {
        if paths.is_empty() {
            return;
        }
        if self.job.is_some() {
            self.queued.push((purpose, paths));
            return;
        }
        self.job = Some(Job::spawn(
            purpose,
            paths,
            curated.clone(),
            self.limits,
            self.wake(),
        ));
    }

    /// The folder the browser opens in: the last one, else home, else here.
    pub fn browser_start_dir(&self) -> PathBuf {
        if let Some(b) = &self.browser {
            return b.dir.clone();
        }
        if let Some(l) = self.layers.last()
            && let Some(dir) = l.path.parent()
            && dir.is_dir()
        {
            return dir.to_path_buf();
        }
        self.home_dir
            .clone()
            .filter(|h| h.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Open the system dialog on its own thread (never blocks the window).
    pub fn open_native_dialog(&mut self, start: PathBuf) -> bool {
        #[cfg(feature = "native-dialog")]
        {
            let (tx, rx) = std::sync::mpsc::channel();
            let wake = self.wake();
            let spawned = std::thread::Builder::new()
                .name("file-dialog".to_owned())
                .spawn(move || {
                    let picked = rfd::FileDialog::new()
                        .set_title("Import data")
                        .set_directory(start)
                        .add_filter("Tables", &LISTED_EXTENSIONS)
                        .add_filter("All files", &["*"])
                        .pick_files();
                    let _ = tx.send(picked);
                    wake();
                });
            if spawned.is_ok() {
                self.dialog = Some(NativeDialog {
                    started: Instant::now(),
                    rx,
                });
                return true;
            }
            false
        }
        #[cfg(not(feature = "native-dialog"))]
        {
            let _ = start;
            false
        }
    }

    /// What the system dialog did since the last frame.
    pub fn poll_native_dialog(&mut self) -> DialogPoll {
        let Some(d) = &self.dialog else {
            return DialogPoll::Nothing;
        };
        match d.rx.try_recv() {
            Ok(picked) => {
                let quick = d.started.elapsed() < DIALOG_NOT_SHOWN;
                self.dialog = None;
                match picked {
                    Some(p) => DialogPoll::Picked(p),
                    None if quick => DialogPoll::NotShown,
                    None => DialogPoll::Nothing,
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => DialogPoll::Nothing,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.dialog = None;
                DialogPoll::NotShown
            }
        }
    }

    /// Total imported values (the window shows at most `MAX_WINDOW_VALUES`).
    pub fn value_count(&self) -> usize {
        self.layers.iter().map(|l| l.values.len()).sum()
    }

    /// Take in one finished file. Returns whether the layers changed.
    pub fn accept(
        &mut self,
        purpose: Purpose,
        outcome: Outcome,
        remembered: &[PersistedImport],
    ) -> bool {
        let (path, result) = outcome;
        if purpose == Purpose::Restore
            && let Some(prev) = remembered.iter().find(|p| p.path == path)
            && let Some(msg) = restore_message(prev, &result)
        {
            match &result {
                Ok(_) => self.info(msg),
                Err(_) => {
                    self.missing.push((prev.clone(), msg.clone()));
                    self.error(msg);
                }
            }
        }
        let layer = match result {
            Ok(l) => l,
            Err(e) => {
                if purpose != Purpose::Restore {
                    self.error(e.to_string());
                }
                return false;
            }
        };
        let existing = self.layers.iter().position(|l| l.path == layer.path);
        let others: usize = self
            .layers
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != existing)
            .map(|(_, l)| l.values.len())
            .sum();
        if others + layer.values.len() > merge::MAX_WINDOW_VALUES {
            self.error(format!(
                "{}: {} values, and {} imported already: more than the window shows at once \
                 ({}); aggregate the file first, or use it with the command line \
                 (route-explorer import / export … --import)",
                layer.path.display(),
                layer.values.len(),
                others,
                merge::MAX_WINDOW_VALUES
            ));
            return false;
        }
        self.missing.retain(|(p, _)| p.path != layer.path);
        let r = &layer.report;
        let summary = format!(
            "{} {}: {} as {}: {} value(s) in {} series; {} of {} rows used, {} skipped, {} problem(s)",
            match purpose {
                Purpose::Import => "Imported",
                Purpose::Reload => "Reloaded",
                Purpose::Restore => "Restored",
            },
            layer.name,
            layer.format.short(),
            layer.mark(),
            layer.values.len(),
            layer.series.len(),
            r.rows_used,
            r.rows_read,
            r.rows_skipped(),
            r.problems.len() + r.problems_not_listed
        );
        if purpose != Purpose::Restore {
            self.info(summary);
        }
        match existing {
            Some(i) => {
                self.layers[i] = layer;
                if purpose == Purpose::Import {
                    self.just_imported.push(i);
                }
            }
            None => {
                self.layers.push(layer);
                if purpose == Purpose::Import {
                    self.just_imported.push(self.layers.len() - 1);
                }
            }
        }
        true
    }

    /// The files to remember for the next start.
    pub fn persisted(&self) -> Vec<PersistedImport> {
        let mut out: Vec<PersistedImport> = self.layers.iter().map(PersistedImport::of).collect();
        for (p, _) in &self.missing {
            if !out.iter().any(|o| o.path == p.path) {
                out.push(p.clone());
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Applying import commands (the one place imports change state)
// ---------------------------------------------------------------------------

impl crate::app::App {
    /// Let the worker wake the window when it has news.
    pub fn set_waker(&mut self, ctx: &egui::Context) {
        let ctx = ctx.clone();
        let waker: Arc<dyn Fn() + Send + Sync> = Arc::new(move || ctx.request_repaint());
        if let Some(worker) = &self.facts_worker {
            worker.set_waker(Arc::clone(&waker));
        }
        self.state.imports.waker = Some(waker);
    }

    /// Read the files remembered from the last session again.
    pub fn restore_imports(&mut self) {
        let paths: Vec<PathBuf> = self
            .state
            .ui
            .imports
            .iter()
            .map(|p| p.path.clone())
            .collect();
        let curated = self.state.curated.clone();
        self.state.imports.start(Purpose::Restore, paths, &curated);
    }

    pub fn apply_import(&mut self, command: ImportCommand) {
        let curated = self.state.curated.clone();
        let imports = &mut self.state.imports;
        match command {
            ImportCommand::OpenDialog => {
                let start = imports.browser_start_dir();
                if !(imports.native_dialogs && imports.open_native_dialog(start.clone())) {
                    imports.browser = Some(FileBrowser::open(&start));
                }
            }
            ImportCommand::OpenBrowser(dir) => {
                let start = dir.unwrap_or_else(|| imports.browser_start_dir());
                imports.browser = Some(FileBrowser::open(&start));
            }
            ImportCommand::Files(paths) => imports.start(Purpose::Import, paths, &curated),
            ImportCommand::Cancel => {
                imports.queued.clear();
                if let Some(job) = &imports.job {
                    job.cancel();
                }
            }
            ImportCommand::Reload(which) => {
                let paths: Vec<PathBuf> = match which {
                    Some(i) => imports
                        .layers
                        .get(i)
                        .map(|l| l.path.clone())
                        .into_iter()
                        .collect(),
                    None => imports.layers.iter().map(|l| l.path.clone()).collect(),
                };
                imports.start(Purpose::Reload, paths, &curated);
            }
            ImportCommand::Remove(i) => {
                if i < imports.layers.len() {
                    let layer = imports.layers.remove(i);
                    imports.info(format!("Removed {} ({})", layer.name, layer.mark()));
                    self.layers_changed();
                }
            }
            ImportCommand::ForgetMissing(i) => {
                if i < imports.missing.len() {
                    imports.missing.remove(i);
                    self.state.ui.imports = self.state.imports.persisted();
                }
            }
            ImportCommand::Browse(b) => self.apply_browse(b),
            ImportCommand::DismissMessages => imports.messages.clear(),
        }
    }

    fn apply_browse(&mut self, command: BrowseCommand) {
        let curated = self.state.curated.clone();
        let imports = &mut self.state.imports;
        let Some(browser) = imports.browser.as_mut() else {
            return;
        };
        match command {
            BrowseCommand::Open(dir) => *browser = FileBrowser::open(&dir),
            BrowseCommand::Up => {
                if let Some(parent) = browser.dir.parent().map(Path::to_path_buf) {
                    *browser = FileBrowser::open(&parent);
                }
            }
            BrowseCommand::SetPath(text) => {
                let p = PathBuf::from(&text);
                if p.is_dir() && text.ends_with(std::path::MAIN_SEPARATOR) {
                    *browser = FileBrowser::open(&p);
                } else {
                    browser.path_text = text;
                }
            }
            BrowseCommand::Toggle(path) => {
                if !browser.selected.remove(&path) {
                    browser.selected.insert(path);
                }
            }
            BrowseCommand::Import => {
                let mut paths: Vec<PathBuf> = browser.selected.iter().cloned().collect();
                if paths.is_empty() {
                    let typed = PathBuf::from(browser.path_text.trim());
                    if typed.is_dir() {
                        *browser = FileBrowser::open(&typed);
                        return;
                    }
                    if typed.as_os_str().is_empty() {
                        browser.error = Some("choose a file first".to_owned());
                        return;
                    }
                    paths.push(typed);
                }
                imports.browser = None;
                imports.start(Purpose::Import, paths, &curated);
            }
            BrowseCommand::Close => imports.browser = None,
        }
    }

    /// Take in what the worker (and the system dialog) finished. Called at
    /// the start of each frame; cheap when nothing is running.
    pub fn poll_imports(&mut self) {
        match self.state.imports.poll_native_dialog() {
            DialogPoll::Picked(paths) => {
                self.apply(crate::app::Command::Import(ImportCommand::Files(paths)))
            }
            DialogPoll::Nothing => {}
            DialogPoll::NotShown => {
                self.state.imports.info(
                    "No system file dialog is available here: choose the file below.".to_owned(),
                );
                self.apply(crate::app::Command::Import(ImportCommand::OpenBrowser(
                    None,
                )));
            }
        }
        let Some(job) = self.state.imports.job.as_mut() else {
            return;
        };
        let purpose = job.purpose;
        let outcomes = job.poll();
        let finished = job.is_finished();
        let remembered = self.state.ui.imports.clone();
        let mut changed = false;
        for outcome in outcomes {
            changed |= self.state.imports.accept(purpose, outcome, &remembered);
        }
        if finished {
            self.state.imports.job = None;
            if !self.state.imports.queued.is_empty() {
                let (purpose, paths) = self.state.imports.queued.remove(0);
                let curated = self.state.curated.clone();
                self.state.imports.start(purpose, paths, &curated);
            }
        }
        if changed {
            self.layers_changed();
        }
        // Every import has ended: open the view that waited for its files.
        if finished
            && self.state.imports.job.is_none()
            && let Some((path, view)) = self.state.imports.pending_view.take()
        {
            crate::app::panels::views::finish_open(self, path, &view);
        }
    }

    /// Rebuild what the views read from the curated dataset and the layers.
    pub fn layers_changed(&mut self) {
        self.state.dataset = merge::merged(&self.state.curated, &self.state.imports.layers);
        if self.state.imports.job.is_none()
            || self
                .state
                .imports
                .job
                .as_ref()
                .is_some_and(|j| j.purpose != Purpose::Restore)
        {
            self.state.ui.imports = self.state.imports.persisted();
        } else {
            // While restoring, keep remembering every file, read or not yet.
            let mut all = self.state.imports.persisted();
            for p in &self.state.ui.imports {
                if !all.iter().any(|a| a.path == p.path) {
                    all.push(p.clone());
                }
            }
            self.state.ui.imports = all;
        }
        for i in std::mem::take(&mut self.state.imports.just_imported) {
            self.show_layer(i);
        }
        self.state.sanitize();
    }

    /// Point the map (and the comparison chart) at a layer just imported,
    /// so the user sees where its values went.
    fn show_layer(&mut self, index: usize) {
        use crate::analysis::choropleth;
        let keys = merge::layer_keys(&self.state.imports.layers);
        let Some(key) = keys.get(index) else { return };
        let prefix = merge::namespaced(key, "");
        let first = choropleth::series_options(&self.state.dataset)
            .into_iter()
            .find(|o| o.series.starts_with(&prefix));
        if let Some(o) = first {
            // The layer's series on the map, at its latest year.
            self.state.ui.year = Some(o.last_year());
            self.state.ui.map.choropleth =
                Some(crate::app::map::ChoroplethKey { series: o.series });
        }
        // Its series are drawn in the charts that can show them.
        for chart in [
            crate::charts::ChartId::NationalSeizures,
            crate::charts::ChartId::OblastComparison,
        ] {
            for (id, _) in chart_candidates(&self.state, chart) {
                if id.starts_with(&prefix) {
                    self.state.ui.charts.imported_series.insert(id);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Imported series in the charts
// ---------------------------------------------------------------------------

/// Imported series a chart can draw: (merged id, legend text). The national
/// chart takes Kazakhstan totals, the oblast chart oblast values; both in kg
/// (one value axis).
pub fn chart_candidates(
    state: &crate::app::AppState,
    chart: crate::charts::ChartId,
) -> Vec<(String, String)> {
    use crate::charts::ChartId;
    let level = match chart {
        ChartId::NationalSeizures => merge::ChartLevel::National,
        ChartId::OblastComparison => merge::ChartLevel::Oblasts,
        _ => return vec![],
    };
    merge::kg_series(&state.imports.layers, &state.dataset, level)
}

/// The chart options of the charts tab, with the chosen imported series.
pub fn chart_options(state: &crate::app::AppState) -> crate::charts::ChartOptions {
    let cs = &state.ui.charts;
    let mut options = cs.options();
    options.imported_series = chart_candidates(state, cs.chart)
        .into_iter()
        .filter(|(id, _)| cs.imported_series.contains(id))
        .collect();
    options
}

/// "Imported series" menu next to the chart options (only when there are some).
pub fn imported_series_menu(
    ui: &mut egui::Ui,
    state: &crate::app::AppState,
    push: &mut dyn FnMut(crate::app::panels::charts::ChartCommand),
) {
    use crate::app::panels::charts::ChartCommand;
    let cs = &state.ui.charts;
    let candidates = chart_candidates(state, cs.chart);
    if candidates.is_empty() {
        return;
    }
    let chosen = candidates
        .iter()
        .filter(|(id, _)| cs.imported_series.contains(id))
        .count();
    ui.separator();
    ui.menu_button(
        format!("Imported series ({chosen} of {})", candidates.len()),
        |ui| {
            for (id, label) in &candidates {
                let mut on = cs.imported_series.contains(id);
                if ui.checkbox(&mut on, label).changed() {
                    push(ChartCommand::ToggleImportedSeries(id.clone()));
                }
            }
        },
    );
}
