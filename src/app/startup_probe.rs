//! Start-up measurement for `tools/bench-scale` (issue 12). With
//! `ROUTE_EXPLORER_FIRST_FRAME_EXIT=1` in the environment the window prints
//! `first-frame-shown-unix-ms <t>` once its first frame has been painted and
//! presented, and `data-frame-shown-unix-ms <t>` once the first frame with
//! the dataset drawn (not the waiting page) has been, then closes. Without it
//! this does nothing.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

const ENV: &str = "ROUTE_EXPLORER_FIRST_FRAME_EXIT";

static FRAMES: AtomicU32 = AtomicU32::new(0);
static DATA_SHOWN: AtomicBool = AtomicBool::new(false);

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os(ENV).is_some_and(|v| v == "1"))
}

fn now_unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// Call at the start of every frame with whether the app (not the waiting
/// page, see `starting`) was drawn in an earlier frame. eframe paints and
/// presents a frame before it starts the next, so the second call marks the
/// first frame shown (`first-frame-shown-unix-ms`), and the first call after
/// the app was drawn marks the data shown (`data-frame-shown-unix-ms`);
/// then the window closes.
pub fn frame_start(ctx: &egui::Context, app_drawn_before: bool) {
    if !enabled() {
        return;
    }
    if FRAMES.fetch_add(1, Ordering::Relaxed) == 1 {
        println!("first-frame-shown-unix-ms {}", now_unix_ms());
    }
    if app_drawn_before && !DATA_SHOWN.swap(true, Ordering::Relaxed) {
        println!("data-frame-shown-unix-ms {}", now_unix_ms());
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

/// Call at the end of every frame with whether the app was drawn in it:
/// asks for the frame that marks it shown.
pub fn frame_end(ctx: &egui::Context, app_drawn: bool) {
    if enabled() && (FRAMES.load(Ordering::Relaxed) == 1 || app_drawn) {
        ctx.request_repaint();
    }
}

/// With `ROUTE_EXPLORER_STARTUP_TRACE=1`, print `startup-mark <what> <unix-ms>`
/// to stderr, so `tools/bench-scale` can split the time to the first frame
/// into its steps. Without it this does nothing.
pub fn mark(what: &str) {
    static ON: OnceLock<bool> = OnceLock::new();
    if *ON
        .get_or_init(|| std::env::var_os("ROUTE_EXPLORER_STARTUP_TRACE").is_some_and(|v| v == "1"))
    {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        eprintln!("startup-mark {what} {now}");
    }
}
