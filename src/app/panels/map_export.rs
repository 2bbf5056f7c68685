//! "Export map…": a small dialog that saves the map as on screen (its extent,
//! layers, oblast figure and year, route filter, selection) as a print-quality
//! PNG or SVG. The dialog only pushes commands; the image is rendered and
//! written atomically where commands are applied ([`apply`]).

use std::path::{Path, PathBuf};

use egui::Align2;

use crate::app::map::MapView;
use crate::app::{App, AppState, Command};
use crate::charts::render::ImageFormat;
use crate::map_image::{Extent, MapData, MapImageOptions};
use crate::view::render::map_scale_for;
use crate::view::{Figure, ImageSection, View};

/// What the dialog writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapExportFormat {
    /// 3000 × 2000 px, text and lines at twice the screen size.
    #[default]
    PngPrint,
    /// 1500 × 1000 px, as on screen.
    PngScreen,
    Svg,
}

impl MapExportFormat {
    pub const ALL: [MapExportFormat; 3] = [
        MapExportFormat::PngPrint,
        MapExportFormat::PngScreen,
        MapExportFormat::Svg,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MapExportFormat::PngPrint => "PNG, 3000 × 2000 px (print)",
            MapExportFormat::PngScreen => "PNG, 1500 × 1000 px",
            MapExportFormat::Svg => "SVG (vector)",
        }
    }

    fn image(self) -> (ImageFormat, u32, u32) {
        match self {
            MapExportFormat::PngPrint => (ImageFormat::Png, 3000, 2000),
            MapExportFormat::PngScreen => (ImageFormat::Png, 1500, 1000),
            MapExportFormat::Svg => (ImageFormat::Svg, 3000, 2000),
        }
    }
}

/// The open dialog (not persisted).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapExportDialog {
    pub format: MapExportFormat,
    pub path: String,
    /// The file exists: ask before replacing it.
    pub confirm_overwrite: bool,
    /// The last save: "Saved …" or what went wrong.
    pub outcome: Option<Result<String, String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MapExportCommand {
    /// Open the dialog with a file name in the usual export folder.
    Open,
    SetPath(String),
    SetFormat(MapExportFormat),
    /// Render and write (asks first if the file exists).
    Save,
    /// Render and write over the existing file.
    Replace,
    Close,
}

/// The dialog, when open.
pub fn show(ctx: &egui::Context, state: &AppState, commands: &mut Vec<Command>) {
    let Some(dialog) = &state.ui.map_export else {
        return;
    };
    let mut push = |c| commands.push(Command::MapExport(c));
    egui::Window::new("Export map")
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label("The map as on screen: its area, layers, oblast figure and year.");
            ui.horizontal(|ui| {
                ui.label("Format:");
                for f in MapExportFormat::ALL {
                    if ui.selectable_label(dialog.format == f, f.label()).clicked() {
                        push(MapExportCommand::SetFormat(f));
                    }
                }
            });
            if let Some(path) = super::path_field(ui, "File:", &dialog.path) {
                push(MapExportCommand::SetPath(path));
            }
            super::show_outcome(ui, &dialog.outcome);
            ui.horizontal(|ui| {
                if dialog.confirm_overwrite {
                    ui.label(format!("{} exists. Replace it?", dialog.path));
                    if ui.button("Replace").clicked() {
                        push(MapExportCommand::Replace);
                    }
                } else if ui.button("Save").clicked() {
                    push(MapExportCommand::Save);
                }
                if ui.button("Close").clicked() {
                    push(MapExportCommand::Close);
                }
            });
        });
}

/// Apply a dialog command: the one place a map image is rendered and written.
pub fn apply(app: &mut App, command: MapExportCommand) {
    let state = &mut app.state;
    match command {
        MapExportCommand::Open => {
            let format = MapExportFormat::default();
            let path = state.export_dir.join("map.png");
            state.ui.map_export = Some(MapExportDialog {
                format,
                path: path.display().to_string(),
                ..MapExportDialog::default()
            });
        }
        MapExportCommand::SetPath(p) => {
            if let Some(d) = &mut state.ui.map_export {
                d.path = p;
                d.confirm_overwrite = false;
            }
        }
        MapExportCommand::SetFormat(f) => {
            if let Some(d) = &mut state.ui.map_export {
                d.format = f;
                d.path = with_extension(&d.path, f.image().0.extension());
                d.confirm_overwrite = false;
            }
        }
        MapExportCommand::Close => state.ui.map_export = None,
        MapExportCommand::Save | MapExportCommand::Replace => {
            let Some(dialog) = state.ui.map_export.clone() else {
                return;
            };
            let path = PathBuf::from(dialog.path.trim());
            let outcome = if dialog.path.trim().is_empty() {
                Err("Choose a file name.".to_owned())
            } else if command == MapExportCommand::Save && path.is_file() {
                if let Some(d) = &mut state.ui.map_export {
                    d.confirm_overwrite = true;
                }
                return;
            } else {
                render(state, app.map.as_ref(), dialog.format)
                    .and_then(|bytes| crate::export::write_atomic(&path, &bytes))
                    .map(|()| format!("Saved {}", path.display()))
            };
            if let Some(d) = &mut state.ui.map_export {
                d.confirm_overwrite = false;
                d.outcome = Some(outcome);
            }
        }
    }
}

fn render(
    state: &AppState,
    view: Option<&MapView>,
    format: MapExportFormat,
) -> Result<Vec<u8>, String> {
    let view = view.ok_or("the basemap is not available")?;
    // The bytes that were loaded, never a second read of the file (which
    // may have changed or gone since).
    let bytes = &state.dataset_bytes;
    if bytes.is_empty() {
        return Err(format!(
            "{}: the bytes this dataset was loaded from are not known, so its SHA-256 cannot be recorded",
            state.dataset_label
        ));
    }
    let (image, width_px, height_px) = format.image();
    let data = MapData {
        dataset: &state.dataset,
        dataset_label: &state.dataset_label,
        dataset_bytes: bytes,
        basemap: view.basemap(),
    };
    // The image is rendered from the window's view, which it then carries.
    let saved = view_for(state, view, width_px, height_px);
    crate::view::render::render_map(&saved, &data, image)
        .map(|(_, bytes)| bytes)
        .map_err(|e| e.to_string())
}

/// The window's map as a view for an image of `width_px` × `height_px`:
/// what is on screen (its area, layers, oblast figure and year, route
/// filter, selection).
pub fn view_for(state: &AppState, view: &MapView, width_px: u32, height_px: u32) -> View {
    let mut saved = crate::app::panels::views::view_of_state(state, Some(view));
    saved.image = Some(ImageSection {
        figure: Figure::Map,
        width_px,
        height_px,
        scale: map_scale_for(width_px, height_px),
        embed_font: false,
        title: None,
    });
    saved
}

/// The window's map as image options: what is on screen, at `width_px` × `height_px`.
pub fn options_for(
    state: &AppState,
    view: &MapView,
    width_px: u32,
    height_px: u32,
) -> MapImageOptions {
    let saved = view_for(state, view, width_px, height_px);
    crate::view::render::map_image_options(&saved, &state.dataset, view.basemap())
}

/// The lon/lat box a map view of `width` × `height` points shows around its
/// centre at `zoom` (256-point tiles); `None` if it is not a valid box.
pub fn extent_on_screen(lon: f64, lat: f64, zoom: f64, width: f64, height: f64) -> Option<Extent> {
    crate::view::render::extent_on_screen(lon, lat, zoom, width, height)
}

fn with_extension(path: &str, ext: &str) -> String {
    let p = Path::new(path);
    if p.file_name().is_none() {
        return path.to_owned();
    }
    p.with_extension(ext).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_extent_is_centred_and_matches_the_view_size() {
        let e = extent_on_screen(66.0, 45.5, 4.0, 1000.0, 700.0).unwrap();
        assert!(((e.west + e.east) / 2.0 - 66.0).abs() < 1e-6);
        // 1000 points at zoom 4 (4096 points around the world) is 87.9° of longitude.
        assert!((e.east - e.west - 1000.0 / 4096.0 * 360.0).abs() < 1e-6);
        assert!(e.south < 45.5 && e.north > 45.5);
        assert!(extent_on_screen(66.0, 45.5, 4.0, 0.0, 700.0).is_none());
    }
}
