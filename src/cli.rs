//! Command line: no subcommand opens the window; the rest run headless.
//! Exit codes: 0 success/valid, 1 invalid data, 2 usage or I/O error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::export::{self, Target};
use crate::model::Dataset;
use crate::model::load::{self, LoadError};

pub const EXIT_OK: u8 = 0;
pub const EXIT_INVALID: u8 = 1;
pub const EXIT_USAGE_OR_IO: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "route-explorer",
    version,
    about = "Route & Seizure Explorer: opiate trafficking routes and seizures in and around Kazakhstan"
)]
pub struct Cli {
    /// Dataset file to use instead of the embedded one.
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Open the window on a saved view (a view file, or a PNG/SVG exported by route-explorer).
    #[arg(long, value_name = "FILE")]
    pub view: Option<PathBuf>,
    /// Analyst's data file to add as an imported layer (repeatable): long CSV,
    /// UNODC annex or individual seizures, OWID grapher CSV, sub-national table.
    #[arg(long = "import", global = true, value_name = "FILE")]
    pub import: Vec<PathBuf>,
    /// Never use the network: online map tiles stay off even if switched on
    /// in the settings. (They are off unless switched on; the tile server
    /// can be changed with ROUTE_EXPLORER_TILE_URL.)
    #[arg(long, global = true)]
    pub offline: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a dataset file (default: the embedded dataset) and print counts or every problem.
    Validate {
        /// File to check; overrides --data.
        file: Option<PathBuf>,
    },
    /// Write routes, figures or charts to files.
    #[command(subcommand)]
    Export(ExportCommand),
    /// List the charts: id, then title, one per line.
    Charts,
    /// Read data files (see docs/IMPORT.md) and print what was read, used and
    /// skipped, and every problem; without --check, also write the values as
    /// long CSV. Exit 0: every row used; 1: rows skipped or problems; 2: unreadable.
    Import(ImportArgs),
    /// Print the folders and the tile server the window uses, and how to change them.
    Paths,
    /// Rank places (or legs) of the route network as CSV on stdout: distinct
    /// routes passing (a route's other-passage version counts with its first)
    /// and betweenness centrality along travel direction, normalised to 0-1.
    Chokepoints(ChokepointArgs),
    /// Print the saved view embedded in an exported PNG or SVG (exit 2 if it has none).
    ViewOf {
        /// The image (.png or .svg) exported by route-explorer.
        image: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to read (format recognised from the content).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Only check: print the summary and problems.
    #[arg(long)]
    pub check: bool,
    /// Where the values go as long CSV (default: stdout).
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "-")]
    pub output: String,
}

#[derive(Debug, Args)]
pub struct ChokepointArgs {
    /// Rank legs between consecutive waypoints instead of places.
    #[arg(long)]
    pub legs: bool,
    /// What ranks first: routes (then betweenness) or betweenness (then routes).
    #[arg(long, value_name = "routes|betweenness", default_value = "routes")]
    pub by: String,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Routes and places as GeoJSON (RFC 7946).
    Routes(OutputArg),
    /// Every figure as CSV, one row per value.
    Figures(OutputArg),
    /// A chart as PNG or SVG (format from the file extension), with provenance.
    Chart(ChartArgs),
    /// The map as PNG or SVG at print resolution (format from the file extension), with provenance.
    Map(MapArgs),
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Output file (.png or .svg), or `-` for stdout (then --format is required).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: String,
    /// png or svg; overrides the file extension.
    #[arg(long, value_name = "png|svg")]
    pub format: Option<String>,
    /// Render this saved view (a view file, or an image exported by route-explorer):
    /// its area, layers, year, selection, route filter and image size. The flags
    /// below override it.
    #[arg(long, value_name = "FILE")]
    pub view: Option<PathBuf>,
    /// Year of the oblast layer. Default: the latest year its figure has.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// Figure series the oblast layer shows. Default: the first one the window offers.
    #[arg(long, value_name = "SERIES")]
    pub series: Option<String>,
    /// Image width in pixels. Default: the view's, else 3000.
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    /// Image height in pixels. Default: the view's, else 2000.
    #[arg(long, value_name = "PX")]
    pub height: Option<u32>,
    /// Size of text, symbols and lines relative to the screen (2 = as on a 2x display).
    /// Default: the view's (unless --width/--height are given), else from the image size (2 at 3000x2000).
    #[arg(long, value_name = "FACTOR")]
    pub scale: Option<f32>,
    /// Area to show: WEST,SOUTH,EAST,NORTH in degrees. Default: every place, as "Fit all".
    #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
    pub extent: Option<String>,
    /// Title over the map. Default: the dataset's title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Leave out the oblast layer.
    #[arg(long)]
    pub no_oblasts: bool,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
    /// Leave out the other flows (the schematic curves).
    #[arg(long)]
    pub no_flows: bool,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Chart id (see `route-explorer charts`). Optional with --view.
    pub id: Option<String>,
    /// Render this saved view (a view file, or an image exported by route-explorer):
    /// its chart, options, oblasts and image size. The id and flags given override it.
    #[arg(long, value_name = "FILE")]
    pub view: Option<PathBuf>,
    /// Output file (.png or .svg), or `-` for stdout (then --format is required).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: String,
    /// png or svg; overrides the file extension.
    #[arg(long, value_name = "png|svg")]
    pub format: Option<String>,
    /// Image width in pixels. Default: the view's, else 1600.
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    /// Image height in pixels. Default: the view's, else 900.
    #[arg(long, value_name = "PX")]
    pub height: Option<u32>,
    /// Oblasts for the oblast views: region keys (KZ.SK) or names/aliases, comma-separated.
    /// Default: the view's, else every oblast with a figure for the drug (with more than 10
    /// with amounts: the 10 largest in the year, as the window opens on; the chart says so).
    #[arg(long, value_name = "A,B,...")]
    pub oblasts: Option<String>,
    /// Drug for the oblast views: heroin, opium or opiates (both). Default: the view's, else heroin.
    #[arg(long, value_name = "heroin|opium|opiates")]
    pub drug: Option<String>,
    /// Logarithmic value axis.
    #[arg(long)]
    pub log: bool,
    /// Index every series to this year (= 100).
    #[arg(long, value_name = "YEAR")]
    pub index_base: Option<i32>,
    /// Print each value next to its point or bar.
    #[arg(long)]
    pub value_labels: bool,
    /// Leave out the reading as printed in the source (national-seizures, oblast views).
    #[arg(long)]
    pub hide_printed: bool,
    /// oblast-ranking, oblast-slope: the year shown (default: the latest with oblast amounts).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// oblast-ranking, oblast-slope: the year compared with (default: from the data).
    #[arg(long, value_name = "YEAR")]
    pub from_year: Option<i32>,
    /// SVG: embed the font, so browsers draw exactly the PNG's letters (about 480 KB more).
    #[arg(long)]
    pub embed_font: bool,
}

#[derive(Debug, Args)]
pub struct OutputArg {
    /// Output file, or `-` for stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: String,
}

/// Load `--data FILE` or the embedded dataset.
pub fn load_dataset(data: Option<&Path>) -> Result<Dataset, LoadError> {
    match data {
        Some(path) => load::load_file(path),
        None => load::load_embedded(),
    }
}

/// `load_dataset`, with the label and the hash of the bytes read (once).
pub fn load_dataset_hashed(data: Option<&Path>) -> Result<load::Loaded, LoadError> {
    match data {
        Some(path) => load::load_file_hashed(path),
        None => load::load_embedded_hashed(),
    }
}

fn exit_code_for(err: &LoadError) -> u8 {
    match err {
        LoadError::Io { .. } => EXIT_USAGE_OR_IO,
        _ => EXIT_INVALID,
    }
}

fn report(err: &LoadError) -> ExitCode {
    for line in err.lines() {
        eprintln!("{line}");
    }
    if let LoadError::Invalid { file, problems } = err {
        eprintln!("{file}: {} problem(s) found", problems.len());
    }
    ExitCode::from(exit_code_for(err))
}

/// `paths`: where settings, the tile cache and exports go, and the tile server.
fn print_paths(offline: bool) {
    use crate::app::env::{ENV_TILE_CACHE_MB, ENV_TILE_URL, Environment};
    let env = Environment::from_process(offline);
    let settings = env
        .settings_dir
        .clone()
        .or_else(|| eframe::storage_dir(crate::app::APP_ID));
    let shown = |p: Option<&Path>| {
        p.map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none: HOME is not set)".to_owned())
    };
    println!("settings: {}", shown(settings.as_deref()));
    let cache = &env.online.cache_dir;
    println!(
        "tile cache: {} (limit {} MiB; {ENV_TILE_CACHE_MB} changes it)",
        shown((!cache.as_os_str().is_empty()).then_some(cache.as_path())),
        env.online.cache_limit_bytes / (1024 * 1024)
    );
    println!(
        "tile server: {} ({ENV_TILE_URL} changes it)",
        env.online.url_template
    );
    match &env.offline_reason {
        Some(why) => println!("online tiles: off ({why})"),
        None => println!("online tiles: off unless switched on in the map's Layers menu"),
    }
    println!("export folder: {}", env.export_dir.display());
    println!("user agent: {}", crate::app::map::online::user_agent());
}

/// Run a headless subcommand.
pub fn run(data: Option<&Path>, command: Command) -> ExitCode {
    run_with(data, &[], false, command)
}

/// Curated (or `--data`) dataset plus the `--import` layers; the label and
/// SHA-256 stay those of the curated bytes that were loaded.
fn load_with_imports(
    data: Option<&Path>,
    imports: &[PathBuf],
) -> Result<(load::Loaded, Vec<crate::import::ImportedLayer>), ExitCode> {
    let mut loaded = load_dataset_hashed(data).map_err(|e| report(&e))?;
    let layers = crate::import::command_line::layers_for_export(imports, &loaded.dataset)
        .map_err(ExitCode::from)?;
    if !layers.is_empty() {
        loaded.dataset = crate::import::merge::merged(&loaded.dataset, &layers);
    }
    Ok((loaded, layers))
}

/// `load_with_imports` for an image rendered from a view: without
/// `--import`, the files the view names are imported again; the view then
/// names the files (and their SHA-256) the image was made with.
fn load_for_view(
    data: Option<&Path>,
    imports: &[PathBuf],
    view: &mut crate::view::View,
) -> Result<(load::Loaded, Vec<crate::import::ImportedLayer>), ExitCode> {
    let from_view: Vec<PathBuf> = view
        .imported_files
        .iter()
        .map(|f| PathBuf::from(&f.path))
        .collect();
    let imports = if imports.is_empty() {
        &from_view[..]
    } else {
        imports
    };
    let (loaded, layers) = load_with_imports(data, imports)?;
    view.imported_files = crate::import::command_line::provenance_entries(&layers)
        .into_iter()
        .map(|(path, sha256)| crate::view::ImportedFile { path, sha256 })
        .collect();
    Ok((loaded, layers))
}

/// Run a headless subcommand with `--import` files, knowing whether
/// `--offline` was given.
pub fn run_with(
    data: Option<&Path>,
    imports: &[PathBuf],
    offline: bool,
    command: Command,
) -> ExitCode {
    match command {
        Command::Import(args) => import_command(data, &args),
        Command::Validate { file } => {
            let path = file.as_deref().or(data);
            match load_dataset(path) {
                Ok(d) => {
                    let label = path
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| load::EMBEDDED_LABEL.to_owned());
                    println!("{label}: valid");
                    println!("sources: {}", d.sources.len());
                    println!("regions: {}", d.regions.len());
                    println!("places: {}", d.places.len());
                    println!("routes: {}", d.routes.len());
                    println!("flows: {}", d.flows.len());
                    println!("figures: {}", d.figures.len());
                    ExitCode::from(EXIT_OK)
                }
                Err(e) => report(&e),
            }
        }
        Command::Charts => {
            for chart in crate::charts::ChartId::ALL {
                println!("{}\t{}", chart.id(), chart.title());
            }
            ExitCode::from(EXIT_OK)
        }
        Command::Paths => {
            print_paths(offline);
            ExitCode::from(EXIT_OK)
        }
        Command::Chokepoints(args) => chokepoints(data, &args),
        Command::ViewOf { image } => view_of(&image),
        Command::Export(ExportCommand::Chart(args)) => export_chart(data, imports, &args),
        Command::Export(ExportCommand::Map(args)) => export_map(data, imports, &args),
        Command::Export(what) => {
            let dataset = match load_with_imports(data, imports) {
                Ok((d, _)) => d.dataset,
                Err(code) => return code,
            };
            let (output, bytes) = match what {
                ExportCommand::Routes(o) => {
                    let value = export::geojson::routes_geojson(&dataset);
                    let mut text = match serde_json::to_string_pretty(&value) {
                        Ok(t) => t,
                        Err(e) => {
                            eprintln!("cannot encode GeoJSON: {e}");
                            return ExitCode::from(EXIT_USAGE_OR_IO);
                        }
                    };
                    text.push('\n');
                    (o.output, text.into_bytes())
                }
                ExportCommand::Figures(o) => {
                    (o.output, export::csv::figures_csv(&dataset).into_bytes())
                }
                ExportCommand::Chart(_) | ExportCommand::Map(_) => unreachable!("handled above"),
            };
            match export::write_target(&Target::parse(&output), &bytes) {
                Ok(()) => ExitCode::from(EXIT_OK),
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(EXIT_USAGE_OR_IO)
                }
            }
        }
    }
}

/// `import FILE… [--check] [-o FILE]`.
fn import_command(data: Option<&Path>, args: &ImportArgs) -> ExitCode {
    let curated = match load_dataset(data) {
        Ok(d) => d,
        Err(e) => return report(&e),
    };
    let mut stderr = std::io::stderr();
    let (layers, code) = crate::import::command_line::import_all(
        &args.files,
        &curated,
        &crate::import::Limits::default(),
        &mut stderr,
    );
    if !args.check {
        let merged = crate::import::merge::merged(&curated, &layers);
        let only_imported = Dataset {
            figures: merged
                .figures
                .into_iter()
                .filter(|f| crate::import::merge::is_imported(&f.id))
                .collect(),
            ..merged
        };
        let csv = export::csv::figures_csv(&only_imported);
        if let Err(e) = export::write_target(&Target::parse(&args.output), csv.as_bytes()) {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE_OR_IO);
        }
    }
    ExitCode::from(code)
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("route-explorer: {message}");
    ExitCode::from(EXIT_USAGE_OR_IO)
}

/// `chokepoints [--legs] [--by …]`: the ranking as CSV on stdout.
fn chokepoints(data: Option<&Path>, args: &ChokepointArgs) -> ExitCode {
    use crate::analysis::graph::{RankBy, RouteNetwork};
    let Some(by) = RankBy::parse(&args.by) else {
        return usage_error(&format!(
            "unknown ranking '{}'; use routes or betweenness",
            args.by
        ));
    };
    let dataset = match load_dataset(data) {
        Ok(d) => d,
        Err(e) => return report(&e),
    };
    let network = RouteNetwork::build(&dataset, |_| true);
    let text = if args.legs {
        network.legs_csv(by)
    } else {
        network.places_csv(by)
    };
    match export::write_target(&Target::Stdout, text.as_bytes()) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_USAGE_OR_IO)
        }
    }
}

/// `export chart [ID] [--view FILE] -o FILE`: render headless and write atomically.
fn export_chart(data: Option<&Path>, imports: &[PathBuf], args: &ChartArgs) -> ExitCode {
    use crate::charts::{ChartDrug, ChartId};
    use crate::view::render::{chart_scale_for, render_chart};
    use crate::view::{ChartKey, DrugKey, Figure, Tab, View};

    let target = Target::parse(&args.output);
    let format = match image_format(args.format.as_deref(), &target) {
        Ok(f) => f,
        Err(msg) => return usage_error(&msg),
    };
    let mut view = match &args.view {
        Some(path) => match View::read_file_or_image(path) {
            Ok(v) => v,
            Err(msg) => return usage_error(&msg),
        },
        None => View {
            central_tab: Tab::Charts,
            ..View::default()
        },
    };
    match &args.id {
        Some(id) => match ChartId::parse(id) {
            Some(id) => view.chart.id = ChartKey(id),
            None => {
                let ids: Vec<&str> = ChartId::ALL.iter().map(|c| c.id()).collect();
                return usage_error(&format!(
                    "unknown chart '{id}'; valid charts: {}",
                    ids.join(", ")
                ));
            }
        },
        None if args.view.is_none() => {
            return usage_error("give a chart id (see `route-explorer charts`) or --view FILE");
        }
        None => {}
    }
    if let Some(drug) = &args.drug {
        match ChartDrug::parse(drug) {
            Some(d) => view.chart.drug = DrugKey(d),
            None => {
                return usage_error(&format!(
                    "unknown drug '{drug}'; use heroin, opium or opiates"
                ));
            }
        }
    }
    let (loaded, layers) = match load_for_view(data, imports, &mut view) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let (dataset, label, bytes) = (&loaded.dataset, &loaded.label, &loaded.bytes[..]);
    // Without a list: the view's, else every oblast with a figure for the drug
    // (the largest when there are many).
    if let Some(list) = &args.oblasts {
        let mut keys: Vec<String> = Vec::new();
        for name in list.split(',').filter(|n| !n.trim().is_empty()) {
            match crate::charts::resolve_oblast(dataset, name) {
                Ok(k) if !keys.contains(&k) => keys.push(k),
                Ok(_) => {}
                Err(msg) => return usage_error(&msg),
            }
        }
        view.chart.oblasts = Some(keys);
    } else if args.view.is_none()
        && let Some(largest) = crate::charts::largest_oblasts(
            dataset,
            view.chart.drug.0,
            args.year.or(view.chart.year),
        )
    {
        // Many oblasts: the largest, as the window opens on (the chart says so).
        view.chart.oblasts = Some(largest.keys);
    } else if args.view.is_none() {
        // Every oblast with a curated figure for the drug or an imported value.
        let mut keys = crate::charts::oblasts_with_figures(dataset, view.chart.drug.0);
        for (k, _) in crate::charts::oblast_choices(dataset) {
            let imported = dataset
                .figures
                .iter()
                .any(|f| f.region == k && crate::import::merge::is_imported(&f.series));
            if imported && !keys.contains(&k) {
                keys.push(k);
            }
        }
        view.chart.oblasts = Some(keys);
    }
    // Imported series: the view's; without a view, every kg series of the
    // imported files the chart can show.
    if args.view.is_none() {
        let level = match view.chart.id.0 {
            ChartId::NationalSeizures => Some(crate::import::merge::ChartLevel::National),
            ChartId::OblastComparison => Some(crate::import::merge::ChartLevel::Oblasts),
            _ => None,
        };
        view.chart.imported_series = level
            .map(|l| crate::import::merge::kg_series(&layers, dataset, l))
            .unwrap_or_default();
    }
    let c = &mut view.chart;
    c.log_scale |= args.log;
    c.value_labels |= args.value_labels;
    c.show_printed &= !args.hide_printed;
    c.index_base_year = args.index_base.or(c.index_base_year);
    c.year = args.year.or(c.year);
    c.from_year = args.from_year.or(c.from_year);
    let mut image = view.image_for(Figure::Chart);
    if args.width.is_some() || args.height.is_some() {
        image.width_px = args.width.unwrap_or(image.width_px);
        image.height_px = args.height.unwrap_or(image.height_px);
        image.scale = chart_scale_for(image.width_px, image.height_px);
    }
    image.embed_font |= args.embed_font;
    view.image = Some(image);
    if let Some(note) = view.dataset_note(label, bytes) {
        eprintln!("route-explorer: {note}");
    }
    let out = match render_chart(&view, dataset, label, bytes, format) {
        Ok((_, b)) => b,
        Err(msg) => return usage_error(&msg),
    };
    match export::write_target(&target, &out) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_USAGE_OR_IO)
        }
    }
}

/// `view-of IMAGE`: print the view an exported image carries.
fn view_of(image: &Path) -> ExitCode {
    let file = image.display().to_string();
    let bytes = match std::fs::read(image) {
        Ok(b) => b,
        Err(e) => return usage_error(&format!("{file}: cannot read the image: {e}")),
    };
    match crate::view::embed::view_of_image(&file, &bytes) {
        Ok(text) => match export::write_target(&Target::Stdout, text.as_bytes()) {
            Ok(()) => ExitCode::from(EXIT_OK),
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(EXIT_USAGE_OR_IO)
            }
        },
        Err(msg) => usage_error(&msg),
    }
}

/// The image format from `--format`, else from the output file's extension.
fn image_format(
    format: Option<&str>,
    target: &Target,
) -> Result<crate::charts::render::ImageFormat, String> {
    use crate::charts::render::ImageFormat;
    match (format, target) {
        (Some(f), _) => {
            ImageFormat::parse(f).ok_or_else(|| format!("unknown format '{f}'; use png or svg"))
        }
        (None, Target::File(path)) => ImageFormat::from_path(path).ok_or_else(|| {
            format!(
                "{}: cannot tell the format from the extension; use .png or .svg (or --format)",
                path.display()
            )
        }),
        (None, Target::Stdout) => {
            Err("writing to stdout (-o -) needs --format png or --format svg".to_owned())
        }
    }
}

/// `export map [--view FILE] -o FILE`: render the map headless and write atomically.
fn export_map(data: Option<&Path>, imports: &[PathBuf], args: &MapArgs) -> ExitCode {
    use crate::basemap::Basemap;
    use crate::map_image::{self, Extent, MapData, MapImageOptions};
    use crate::view::render::{map_scale_for, render_map};
    use crate::view::{Figure, View};

    let target = Target::parse(&args.output);
    let format = match image_format(args.format.as_deref(), &target) {
        Ok(f) => f,
        Err(msg) => return usage_error(&msg),
    };
    if args.no_oblasts && (args.year.is_some() || args.series.is_some()) {
        return usage_error(
            "--year and --series choose what the oblast layer shows; drop --no-oblasts",
        );
    }
    let extent = match args.extent.as_deref().map(Extent::parse).transpose() {
        Ok(e) => e,
        Err(msg) => return usage_error(&msg),
    };
    let mut view = match &args.view {
        Some(path) => match View::read_file_or_image(path) {
            Ok(v) => v,
            Err(msg) => return usage_error(&msg),
        },
        None => View::default(),
    };
    if args.year.is_some() || args.series.is_some() {
        view.map.layers.oblasts = true;
    }
    view.year = args.year.or(view.year);
    if let Some(series) = &args.series {
        view.map.oblast_series = Some(series.clone());
    }
    let layers = &mut view.map.layers;
    layers.oblasts &= !args.no_oblasts;
    layers.legend &= !args.no_legend;
    layers.flows &= !args.no_flows;
    if let Some(e) = extent {
        view.map.bbox = Some([e.west, e.south, e.east, e.north]);
    }
    let mut image = view.image_for(Figure::Map);
    if args.width.is_some() || args.height.is_some() {
        image.width_px = args.width.unwrap_or(image.width_px);
        image.height_px = args.height.unwrap_or(image.height_px);
        image.scale = map_scale_for(image.width_px, image.height_px);
    }
    if let Some(scale) = args.scale {
        image.scale = f64::from(scale);
    }
    if let Some(title) = &args.title {
        image.title = Some(title.clone());
    }
    // Size problems are found before any loading.
    let size_check = MapImageOptions {
        width_px: image.width_px,
        height_px: image.height_px,
        scale: Some(image.scale as f32),
        ..MapImageOptions::default()
    };
    if let Err(e) = map_image::check_options(&size_check) {
        return usage_error(&e.to_string());
    }
    view.image = Some(image);
    // The bytes are read once: what is hashed is what was loaded.
    let (loaded, _layers) = match load_for_view(data, imports, &mut view) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let (dataset, label, bytes) = (&loaded.dataset, &loaded.label, &loaded.bytes[..]);
    let basemap = match Basemap::embedded() {
        Ok(b) => b,
        Err(e) => return usage_error(&format!("cannot load the embedded basemap: {e}")),
    };
    if let Some(note) = view.dataset_note(label, bytes) {
        eprintln!("route-explorer: {note}");
    }
    let input = MapData {
        dataset,
        dataset_label: label,
        dataset_bytes: bytes,
        basemap: &basemap,
    };
    let out = match render_map(&view, &input, format) {
        Ok((_, b)) => b,
        Err(e) => return usage_error(&e.to_string()),
    };
    match export::write_target(&target, &out) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_USAGE_OR_IO)
        }
    }
}
