//! Start-up measurement for `tools/bench-scale` (issue 12). With
//! `ROUTE_EXPLORER_FIRST_FRAME_EXIT=1` in the environment the window prints
//! `first-frame-shown-unix-ms <t>` once its first frame has been painted and
//! presented, then closes. Without it this does nothing.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

const ENV: &str = "ROUTE_EXPLORER_FIRST_FRAME_EXIT";

static FRAMES: AtomicU32 = AtomicU32::new(0);

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os(ENV).is_some_and(|v| v == "1"))
}

/// Call at the start of every frame. eframe paints and presents a frame
/// before it starts the next, so the second call marks the first frame shown.
pub fn frame_start(ctx: &egui::Context) {
    if !enabled() {
        return;
    }
    match FRAMES.fetch_add(1, Ordering::Relaxed) {
        0 => ctx.request_repaint(),
        1 => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            println!("first-frame-shown-unix-ms {now}");
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        _ => {}
    }
}
