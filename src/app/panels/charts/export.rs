//! "Export..." and "Export data": the in-window save dialog (drawn in egui,
//! no native dialog crate) and the bytes it writes, rendered by the same
//! headless renderer as the command line.

use std::path::{Path, PathBuf};

use egui::Align2;

use super::ChartCommand;
use crate::app::AppState;
use crate::charts::render::{self, ImageFormat};
use crate::charts::{ChartData, ChartId, data_csv};
use crate::view::{Figure, ImageSection};

/// What the save dialog writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Png1x,
    Png2x,
    Svg,
    /// The plotted values ("Export data").
    Csv,
}

impl ExportFormat {
    pub const IMAGES: [ExportFormat; 3] =
        [ExportFormat::Png1x, ExportFormat::Png2x, ExportFormat::Svg];

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Png1x => "PNG (1x, as on screen)",
            ExportFormat::Png2x => "PNG (2x)",
            ExportFormat::Svg => "SVG",
            ExportFormat::Csv => "CSV (plotted values)",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Png1x | ExportFormat::Png2x => "png",
            ExportFormat::Svg => "svg",
            ExportFormat::Csv => "csv",
        }
    }
}

/// The in-window save dialog (not persisted).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportDialog {
    pub chart: ChartId,
    pub format: ExportFormat,
    pub path: String,
    /// On-screen chart size in points (the 1x PNG size).
    pub size: [u32; 2],
    /// SVG: embed the font (the file then looks the same in any browser).
    pub embed_font: bool,
    /// The file exists: ask before replacing it.
    pub confirm_overwrite: bool,
    pub error: Option<String>,
}

pub(super) fn with_extension(path: &str, ext: &str) -> String {
    let p = Path::new(path);
    if p.file_name().is_none() {
        return path.to_owned();
    }
    p.with_extension(ext).display().to_string()
}

/// The bytes the dialog's format writes, rendered from the current state.
pub fn export_bytes(
    state: &AppState,
    chart: &ChartData,
    dialog: &ExportDialog,
) -> Result<Vec<u8>, String> {
    if dialog.format == ExportFormat::Csv {
        return Ok(data_csv::chart_csv(chart).into_bytes());
    }
    // The hash of the bytes that were loaded, never a second read of the file.
    let bytes = &state.dataset_bytes;
    let [w, h] = dialog.size;
    let (w, h) = (
        w.clamp(render::MIN_SIZE, render::MAX_SIZE / 2),
        h.clamp(render::MIN_SIZE, render::MAX_SIZE / 2),
    );
    let (format, width_px, height_px, scale) = match dialog.format {
        ExportFormat::Png1x => (ImageFormat::Png, w, h, 1.0),
        ExportFormat::Png2x => (ImageFormat::Png, 2 * w, 2 * h, 2.0),
        ExportFormat::Svg | ExportFormat::Csv => (ImageFormat::Svg, w, h, 1.0),
    };
    // The image is rendered from the window's view, which it then carries.
    let mut view = crate::app::panels::views::view_of_state(state, None);
    view.chart.id = crate::view::ChartKey(chart.id);
    view.image = Some(ImageSection {
        figure: Figure::Chart,
        width_px,
        height_px,
        scale,
        embed_font: format == ImageFormat::Svg && dialog.embed_font,
        title: None,
    });
    crate::view::render::render_chart(&view, &state.dataset, &state.dataset_label, bytes, format)
        .map(|(_, bytes)| bytes)
}

pub(super) fn export_dialog(
    ctx: &egui::Context,
    state: &AppState,
    chart: &ChartData,
    dialog: &ExportDialog,
    push: &mut impl FnMut(ChartCommand),
) {
    let title = if dialog.format == ExportFormat::Csv {
        "Export data"
    } else {
        "Export chart"
    };
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!("Chart: {}", chart.title));
            if dialog.format != ExportFormat::Csv {
                ui.horizontal(|ui| {
                    ui.label("Format:");
                    for f in ExportFormat::IMAGES {
                        if ui.selectable_label(dialog.format == f, f.label()).clicked() {
                            push(ChartCommand::SetExportFormat(f));
                        }
                    }
                });
                let [w, h] = dialog.size;
                let (w, h) = if dialog.format == ExportFormat::Png2x {
                    (2 * w, 2 * h)
                } else {
                    (w, h)
                };
                ui.weak(format!("{w} x {h} px"));
                if dialog.format == ExportFormat::Svg {
                    let mut embed = dialog.embed_font;
                    if ui
                        .checkbox(&mut embed, "Embed the font (+480 KB)")
                        .on_hover_text(
                            "Browsers then draw exactly the letters of the PNG; without it, \
                             viewers that lack Ubuntu use a similar sans-serif.",
                        )
                        .changed()
                    {
                        push(ChartCommand::SetEmbedFont(embed));
                    }
                }
            }
            ui.horizontal(|ui| {
                let label = ui.label("File:");
                let mut path = dialog.path.clone();
                let edit = egui::TextEdit::singleline(&mut path).desired_width(420.0);
                if ui.add(edit).labelled_by(label.id).changed() {
                    push(ChartCommand::SetExportPath(path));
                }
            });
            if let Some(err) = &dialog.error {
                ui.colored_label(ui.visuals().error_fg_color, err);
            }
            let path = PathBuf::from(&dialog.path);
            let mut save = false;
            ui.horizontal(|ui| {
                if dialog.confirm_overwrite {
                    ui.label(format!("{} exists. Replace it?", dialog.path));
                    if ui.button("Replace").clicked() {
                        save = true;
                    }
                } else if ui.button("Save").clicked() {
                    if dialog.path.trim().is_empty() {
                        push(ChartCommand::ExportFailed("choose a file name".to_owned()));
                    } else if path.is_file() {
                        push(ChartCommand::AskOverwrite);
                    } else {
                        save = true;
                    }
                }
                if ui.button("Cancel").clicked() {
                    push(ChartCommand::CancelExport);
                }
            });
            if save {
                match export_bytes(state, chart, dialog) {
                    Ok(bytes) => push(ChartCommand::Write { path, bytes }),
                    Err(e) => push(ChartCommand::ExportFailed(e)),
                }
            }
        });
}
