//! The timeline under the map: a year slider with step and play buttons over
//! the years of the oblast layer's series. It only emits commands
//! (`SetYear`, `MapCommand::Play`); while playing it asks for a repaint at the
//! next step, and an idle window paints nothing.

use std::time::Duration;

use egui::{Color32, Key, Rect, RichText, Stroke, Ui, pos2, vec2};

use super::{MapCommand, MapView, active_series};
use crate::app::{AppState, Command};

/// Seconds each year stays on screen while playing.
pub const PLAY_STEP_SECONDS: f64 = 1.0;

/// Runtime state of play/pause (not persisted: a restart never starts playing).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Playback {
    pub playing: bool,
    /// `egui` time of the last step, set on the first frame after play starts.
    pub last_step_at: Option<f64>,
}

/// Accessible names of the step buttons (they show "‹" and "›").
pub const PREVIOUS_LABEL: &str = "Previous year";
pub const NEXT_LABEL: &str = "Next year";
pub const PLAY_LABEL: &str = "Play";
pub const PAUSE_LABEL: &str = "Pause";
/// The slider's name (its label and what screen readers say).
pub const SLIDER_LABEL: &str = "Year";

// The UI font has no arrow glyphs, so keys are named in words.
const KEYS_HINT: &str = "With the slider focused: Left / Right arrow one year, Home / End first / \
                         last year, Space play / pause";

pub fn show(ui: &mut Ui, state: &AppState, view: &mut MapView, commands: &mut Vec<Command>) {
    let Some(series) = active_series(state) else {
        ui.horizontal(|ui| {
            ui.weak(if state.ui.map.show_oblasts {
                "Timeline: no figure has amounts for two or more oblasts"
            } else {
                "Timeline: switch on Layers › Oblast figures to step through the years"
            });
        });
        if view.playing() {
            commands.push(Command::Map(MapCommand::Play(false)));
        }
        return;
    };
    let (first, last) = (series.first_year(), series.last_year());
    let year = series.resolve_year(state.ui.year);
    let playing = view.playing();
    let multi_year = first < last;
    let mut stop = false;
    let mut go_to: Option<i32> = None;

    ui.horizontal(|ui| {
        let prev = step_button(ui, year > first, "‹", PREVIOUS_LABEL);
        if prev.clicked() {
            go_to = Some(year - 1);
            stop = true;
        }
        let (label, hint) = if playing {
            (PAUSE_LABEL, "Stop stepping through the years")
        } else {
            (
                PLAY_LABEL,
                "Step through the years, one a second (from the first year when at the last)",
            )
        };
        let play = ui
            .add_enabled(multi_year, egui::Button::new(label))
            .on_hover_text(hint);
        let mut toggle = play.clicked();
        let next = step_button(ui, year < last, "›", NEXT_LABEL);
        if next.clicked() {
            go_to = Some(year + 1);
            stop = true;
        }

        let mut slider_focused = false;
        if multi_year {
            let mut value = year;
            // Room for "Year", the year and "16 of 16 oblasts and cities reported".
            let width = (ui.available_width() - 300.0).clamp(120.0, 520.0);
            ui.spacing_mut().slider_width = width;
            let slider = ui
                .add(
                    egui::Slider::new(&mut value, first..=last)
                        .step_by(1.0)
                        .show_value(false)
                        .text(SLIDER_LABEL),
                )
                .on_hover_text(format!(
                    "Year on the oblast layer ({first}–{last}); dark ticks: years with values. \
                     {KEYS_HINT}"
                ));
            // The response covers the slider and its label; the rail is the first `width` points.
            let h = ui.spacing().interact_size.y;
            let rail = Rect::from_min_size(
                pos2(slider.rect.left(), slider.rect.center().y - h / 2.0),
                vec2(width, h),
            );
            paint_ticks(ui, rail, &series.years, first, last);
            if slider.changed() && value != year {
                go_to = Some(value);
                stop = true;
            }
            // A slider clicked or dragged takes the keyboard, as desktop sliders do
            // (egui gives it focus only by Tab), so the arrow keys then step years.
            if slider.clicked() || slider.drag_started() {
                slider.request_focus();
            }
            slider_focused = slider.has_focus();
        } else {
            ui.weak("the only year with values:");
        }
        if slider_focused {
            let (home, end, space) = ui.input(|i| {
                (
                    i.key_pressed(Key::Home),
                    i.key_pressed(Key::End),
                    i.key_pressed(Key::Space),
                )
            });
            if home {
                go_to = Some(first);
                stop = true;
            }
            if end {
                go_to = Some(last);
                stop = true;
            }
            toggle |= space && multi_year;
        }
        if toggle {
            if playing {
                stop = true;
            } else {
                if year >= last {
                    go_to = Some(first);
                }
                commands.push(Command::Map(MapCommand::Play(true)));
            }
        }

        // What the map shows: the year, or a year previewed from a chart.
        let shown = state.preview_year.unwrap_or(year);
        ui.label(RichText::new(shown.to_string()).strong().size(15.0));
        let reported = super::year_view(state, &series, shown).reported_text();
        if state.preview_year.is_some_and(|p| p != year) {
            ui.label(format!("(year hovered in a chart) · {reported}"));
        } else {
            ui.label(reported);
        }
    });

    if stop && playing {
        commands.push(Command::Map(MapCommand::Play(false)));
    }
    if let Some(y) = go_to {
        commands.push(Command::SetYear(Some(y.clamp(first, last))));
    } else if playing && !stop {
        advance(ui, view, year, first, last, commands);
    }
}

/// A compact "‹" / "›" button named for screen readers and tests.
fn step_button(ui: &mut Ui, enabled: bool, glyph: &str, name: &'static str) -> egui::Response {
    let button = egui::Button::new(RichText::new(glyph).size(16.0)).min_size(vec2(26.0, 0.0));
    let response = ui
        .add_enabled(enabled, button)
        .on_hover_text(format!("{name} (Left / Right arrow on the focused slider)"));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    response
}

/// While playing: step when the year has been shown long enough, and ask for
/// a repaint exactly when the next step is due (no frames in between).
fn advance(
    ui: &Ui,
    view: &mut MapView,
    year: i32,
    first: i32,
    last: i32,
    commands: &mut Vec<Command>,
) {
    let now = ui.input(|i| i.time);
    let since = *view.playback.last_step_at.get_or_insert(now);
    let elapsed = now - since;
    if elapsed < PLAY_STEP_SECONDS {
        ui.ctx()
            .request_repaint_after(Duration::from_secs_f64(PLAY_STEP_SECONDS - elapsed));
        return;
    }
    let next = (year + 1).clamp(first, last);
    commands.push(Command::SetYear(Some(next)));
    view.playback.last_step_at = Some(now);
    // This frame still shows the old year (commands apply after drawing):
    // draw the new one now; that frame asks for the one after the next step.
    ui.ctx().request_repaint();
    if next >= last {
        // The last year stays on screen; play stops there.
        commands.push(Command::Map(MapCommand::Play(false)));
    }
}

/// Small ticks under the slider, one per year: dark where the series has values.
fn paint_ticks(ui: &Ui, rail: Rect, years: &[i32], first: i32, last: i32) {
    if last <= first {
        return;
    }
    // egui insets a handle's centre by rail height / 2.5 from each end.
    let inset = rail.height() / 2.5;
    let (x0, x1) = (rail.left() + inset, rail.right() - inset);
    let painter = ui.painter();
    for y in first..=last {
        let t = (y - first) as f32 / (last - first) as f32;
        let x = x0 + (x1 - x0) * t;
        let has = years.binary_search(&y).is_ok();
        let (color, len) = if has {
            (Color32::from_gray(60), 5.0)
        } else {
            (Color32::from_gray(170), 3.0)
        };
        let top = pos2(x, rail.bottom() + 1.0);
        painter.line_segment([top, top + vec2(0.0, len)], Stroke::new(1.5, color));
    }
}
