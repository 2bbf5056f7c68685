//! Write the SYNTHETIC benchmark dataset (issue 12) as JSON:
//!
//!     cargo run --release --example synth_dataset -- 100 /tmp/synth-100.json
//!
//! The first argument is the scale (10 = ten times the curated dataset's
//! size); the file is the same for the same scale on every machine.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(scale), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: synth_dataset SCALE OUTPUT.json");
        return ExitCode::from(2);
    };
    let Ok(k) = scale.parse::<usize>() else {
        eprintln!("synth_dataset: scale '{scale}' is not a whole number");
        return ExitCode::from(2);
    };
    let data = synth::dataset(k);
    let problems = route_explorer::model::validate::validate(&data);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("synth_dataset: generated data is invalid: {p}");
        }
        return ExitCode::from(1);
    }
    let text = match serde_json::to_string_pretty(&data) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("synth_dataset: {e}");
            return ExitCode::from(1);
        }
    };
    if let Err(e) = std::fs::write(out, text) {
        eprintln!("synth_dataset: cannot write {out}: {e}");
        return ExitCode::from(2);
    }
    println!(
        "{out}: {} routes, {} places, {} regions, {} figures, {} flows",
        data.routes.len(),
        data.places.len(),
        data.regions.len(),
        data.figures.len(),
        data.flows.len()
    );
    ExitCode::SUCCESS
}
