//! Import speed and memory, side by side with pandas, and the window's frame
//! time while an import runs. Run: `cargo bench --bench import`
//! (needs python3 with pandas and openpyxl: `pip install pandas openpyxl`).
//!
//! 1. Writes a 1,000,000-row long CSV (the `export figures` header) and,
//!    with openpyxl, a 200,000-row individual-seizures xlsx (four sheets,
//!    one per year). All values are made up.
//! 2. Times `import_file` in this process (best of 3).
//! 3. Runs `route-explorer import --check FILE` and pandas (read + the same
//!    group-by) as child processes: wall time and peak RSS of each
//!    (benches/import_pandas.py).
//! 4. Drives the window headless while the 1 M-row import runs on its worker
//!    thread and reports the CPU time of each frame.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, vec2};
use route_explorer::app::{App, Command as AppCommand, ImportCommand, UiState};
use route_explorer::export::csv::FIGURES_HEADER;
use route_explorer::import::{Control, Limits, import_file};
use route_explorer::model::load::load_embedded;

const LONG_ROWS: usize = 1_000_000;
const IDS_ROWS: usize = 200_000;

fn long_csv(path: &Path) {
    if path.exists() {
        return;
    }
    let regions = [
        "KZ.AM", "KZ.AT", "KZ.AA", "KZ.AC", "KZ.AS", "KZ.AR", "KZ.EK", "KZ.QG", "KZ.QS", "KZ.QO",
        "KZ.MG", "KZ.NK", "KZ.PA", "KZ.SK", "KZ.WK", "KZ.ZM",
    ];
    let drugs = ["heroin", "opium", "opiates"];
    let mut out = String::with_capacity(LONG_ROWS * 120);
    out.push_str(FIGURES_HEADER);
    out.push('\n');
    let mut n = 0;
    'outer: for s in 0.. {
        for r in regions {
            for year in 1901..=2100 {
                let drug = drugs[s % drugs.len()];
                let value = ((n * 7919) % 100_000) as f64 / 10.0;
                out.push_str(&format!(
                    "bench-{n},bench-series-{s},seizures,{r},{r},{drug},{year},reference,,,,,\
                     {value},kg,exact,stated,adopted,,bench-source,Made-up benchmark data,\
                     nobody,2026,,\"“Made-up benchmark data”, nobody, 2026\",\n"
                ));
                n += 1;
                if n == LONG_ROWS {
                    break 'outer;
                }
            }
        }
    }
    std::fs::write(path, out).expect("write the benchmark CSV");
}

fn ids_xlsx(path: &Path) -> bool {
    if path.exists() {
        return true;
    }
    let ok = Command::new("python3")
        .args([
            "benches/import_pandas.py",
            "generate-xlsx",
            &path.display().to_string(),
            &IDS_ROWS.to_string(),
        ])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("could not write the xlsx (pip install openpyxl pandas)");
    }
    ok
}

fn time_in_process(path: &Path) {
    let ds = load_embedded().expect("embedded dataset");
    let mut best = Duration::MAX;
    let mut summary = String::new();
    for _ in 0..3 {
        let start = Instant::now();
        match import_file(path, &ds, &Limits::default(), &Control::default()) {
            Ok(layer) => {
                summary = format!(
                    "{} rows read, {} used, {} values",
                    layer.report.rows_read,
                    layer.report.rows_used,
                    layer.values.len()
                );
            }
            Err(e) => summary = e.to_string(),
        }
        best = best.min(start.elapsed());
    }
    println!(
        "in process: {} — best of 3: {:.3} s ({summary})",
        path.file_name().unwrap_or_default().to_string_lossy(),
        best.as_secs_f64()
    );
}

fn frames_while_importing(path: &Path) {
    let ds = load_embedded().expect("embedded dataset");
    let mut app = App::new(ds, "embedded".into(), vec![], UiState::default());
    app.state.imports.native_dialogs = false;
    let ctx = egui::Context::default();
    let mut t = 0.0;
    let mut frame = |app: &mut App| -> Duration {
        t += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            time: Some(t),
            predicted_dt: 1.0 / 60.0,
            ..Default::default()
        };
        let start = Instant::now();
        let out = ctx.run_ui(input, |ui| app.ui(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
        start.elapsed()
    };
    for _ in 0..100 {
        frame(&mut app);
        std::thread::sleep(Duration::from_millis(5));
    }
    app.apply(AppCommand::Import(ImportCommand::Files(vec![
        path.to_path_buf(),
    ])));
    let started = Instant::now();
    let mut during = Vec::new();
    while app.state.imports.job.is_some() {
        during.push(frame(&mut app));
        std::thread::sleep(Duration::from_millis(16));
    }
    let import_time = started.elapsed();
    during.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(during[((during.len() - 1) as f64 * q) as usize]);
    println!(
        "window while importing {} ({:.2} s on the worker): {} frames, median {:.2} ms, \
         p95 {:.2} ms, max {:.2} ms CPU per frame",
        path.file_name().unwrap_or_default().to_string_lossy(),
        import_time.as_secs_f64(),
        during.len(),
        p(0.5),
        p(0.95),
        ms(*during.last().unwrap_or(&Duration::ZERO)),
    );
    // The frame that takes the layer in rebuilds the merged dataset.
    let last = frame(&mut app);
    println!(
        "frame that takes in the finished layer ({} values): {:.2} ms",
        app.state.imports.value_count(),
        ms(last)
    );
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("import-bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let csv = dir.join("long-1000000.csv");
    let xlsx = dir.join("ids-200000.xlsx");
    long_csv(&csv);
    // `cargo bench --bench import -- frames`: only the window's frames
    // while the 1 M-row file is imported (a minute, not a quarter hour).
    if std::env::args().any(|a| a == "frames") {
        frames_while_importing(&csv);
        return;
    }
    let have_xlsx = ids_xlsx(&xlsx);
    time_in_process(&csv);
    if have_xlsx {
        time_in_process(&xlsx);
    }
    frames_while_importing(&dir.join("long-1000000.csv"));
    if have_xlsx {
        let status = Command::new("python3")
            .args([
                "benches/import_pandas.py",
                "compare",
                env!("CARGO_BIN_EXE_route-explorer"),
                &csv.display().to_string(),
                &xlsx.display().to_string(),
                "3",
            ])
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("the pandas comparison did not run (pip install pandas openpyxl)");
        }
    }
}
