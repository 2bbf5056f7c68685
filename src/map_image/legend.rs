//! The legend beside the map: what each line, symbol and colour means, only
//! for what the map shows.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::MapImageOptions;
use super::draw::{draw_symbol, with_opacity};
use super::oblast_layer::OblastLayer;
use super::svg::{self, num, paint};
use super::text::{line_height, wrap};
use crate::basemap::BasemapStyle;
use crate::cartography::flows as flow_rules;
use crate::cartography::places as place_rules;
use crate::cartography::{Box2, Pt};
use crate::model::{Dataset, Mode, Place, PlaceRole, Route, RouteStatus, country_name};
use crate::style::{
    CHOROPLETH_FILL_ALPHA, COMPARISON_OUTLINE, COMPARISON_OUTLINE_WIDTH, FLOW, FLOW_DASH,
    FLOW_WIDTH, FURNITURE_BORDER, FURNITURE_BOX, FURNITURE_INK, HIGHLIGHT, HIGHLIGHT_WIDTH,
    LEGEND_SAMPLE_DARK, LIKELY_DOT_RADIUS_FACTOR, LIKELY_DOT_SPACING, MAP_INK, NO_DATA,
    NO_DATA_FILL_ALPHA, RAIL_DASH, ROUTE_SELECTION_WIDTH, ROUTE_VARIANT_OPACITY,
    ROUTE_VARIANT_WIDTH_FACTOR, ROUTE_WIDTH, Rgba, SELECTION, origin_color,
};

const LEGEND_TEXT: f32 = 11.5;
const LEGEND_HEADING: f32 = 12.5;
const LEGEND_ROW: f32 = 17.0;
/// Width of one legend column, and the padding inside the legend box.
pub(super) const LEGEND_COL_W: f32 = 215.0;
pub(super) const LEGEND_PAD: f32 = 10.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Pattern {
    Solid,
    Dashed,
    Dotted,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Sample {
    Line {
        color: Rgba,
        width: f32,
        pattern: Pattern,
        /// A band under the line (selection or highlight): colour and width.
        band: Option<(Rgba, f32)>,
    },
    /// A flow link: a short curve with its arrowhead, dashed if likely.
    Flow {
        likely: bool,
    },
    Symbol(PlaceRole),
    /// A choropleth class as it looks on the map: `color` at `alpha` over Kazakh land.
    Swatch {
        color: Rgba,
        alpha: u8,
    },
    Outline,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Row {
    Heading(String),
    Item(Sample, String),
    Note(String),
}

fn row_height(row: &Row, s: f32) -> f32 {
    match row {
        Row::Heading(t) => {
            let lines = wrap(t, LEGEND_HEADING * s, (LEGEND_COL_W - 2.0 * LEGEND_PAD) * s).len();
            lines as f32 * line_height(LEGEND_HEADING * s) + 8.0 * s
        }
        Row::Item(..) => LEGEND_ROW * s,
        Row::Note(t) => {
            let lines = wrap(t, LEGEND_TEXT * s, (LEGEND_COL_W - 2.0 * LEGEND_PAD) * s).len();
            lines as f32 * line_height(LEGEND_TEXT * s) + 4.0 * s
        }
    }
}

pub(super) fn rows_height(rows: &[Row], s: f32) -> f32 {
    rows.iter().map(|r| row_height(r, s)).sum()
}

/// Split into two columns before the heading nearest the middle; returns the
/// index where the second column starts and the taller column's height.
/// Splitting at a heading is preferred; when that leaves a column taller than
/// `max_height`, any row may start the second column (but a heading never
/// ends the first).
pub(super) fn columns(rows: &[Row], s: f32, max_height: f32) -> (usize, f32) {
    let total = rows_height(rows, s);
    let best_split = |at_heading_only: bool| {
        let mut best = (rows.len(), total);
        let mut acc: f32 = 0.0;
        for (i, r) in rows.iter().enumerate() {
            let allowed = if at_heading_only {
                matches!(r, Row::Heading(_))
            } else {
                !matches!(rows[i.saturating_sub(1)], Row::Heading(_))
            };
            if i > 0 && allowed {
                let taller = acc.max(total - acc);
                if taller < best.1 {
                    best = (i, taller);
                }
            }
            acc += row_height(r, s);
        }
        best
    };
    let at_headings = best_split(true);
    if at_headings.1 <= max_height {
        at_headings
    } else {
        best_split(false)
    }
}

/// What the legend explains.
pub(super) struct LegendInput<'a> {
    pub routes: &'a [&'a Route],
    pub ds: &'a Dataset,
    pub places: &'a [&'a Place],
    /// Some flow is drawn.
    pub flows: bool,
    pub layer: Option<&'a OblastLayer>,
    pub options: &'a MapImageOptions,
    pub selected_route: Option<&'a str>,
}

pub(super) fn legend_rows(input: &LegendInput<'_>) -> Vec<Row> {
    let LegendInput {
        routes,
        ds,
        places,
        flows,
        layer,
        options,
        selected_route,
    } = *input;
    let mut rows = Vec::new();
    let drawable: Vec<&&Route> = routes
        .iter()
        .filter(|r| {
            r.waypoints
                .iter()
                .filter(|w| ds.place(&w.place).is_some())
                .count()
                >= 2
        })
        .collect();
    if !drawable.is_empty() {
        rows.push(Row::Heading("Routes".into()));
        let origins: BTreeSet<&str> = drawable.iter().map(|r| r.origin_country.as_str()).collect();
        for origin in origins {
            let name = match country_name(origin) {
                n if n == origin => "from elsewhere".to_owned(),
                n => format!("from {n}"),
            };
            rows.push(Row::Item(
                Sample::Line {
                    color: origin_color(origin),
                    width: ROUTE_WIDTH,
                    pattern: Pattern::Solid,
                    band: None,
                },
                name,
            ));
        }
        let has_rail = drawable.iter().any(|r| {
            r.mode == Mode::Rail
                || r.waypoints
                    .iter()
                    .skip(1)
                    .any(|w| w.leg_mode == Some(Mode::Rail))
        });
        let mut line = |pattern, opacity: f32, width: f32, text: &str| {
            rows.push(Row::Item(
                Sample::Line {
                    color: with_opacity(LEGEND_SAMPLE_DARK, opacity),
                    width,
                    pattern,
                    band: None,
                },
                text.into(),
            ));
        };
        if has_rail {
            line(Pattern::Dashed, 1.0, ROUTE_WIDTH, "rail leg");
        }
        if drawable.iter().any(|r| r.variant_of.is_some()) {
            line(
                Pattern::Solid,
                ROUTE_VARIANT_OPACITY,
                ROUTE_WIDTH * ROUTE_VARIANT_WIDTH_FACTOR,
                "another passage's version",
            );
        }
        if drawable.iter().any(|r| r.status == RouteStatus::Likely) {
            line(Pattern::Dotted, 1.0, ROUTE_WIDTH, "likely (not confirmed)");
        }
        if selected_route.is_some_and(|id| drawable.iter().any(|r| r.id == id)) {
            rows.push(Row::Item(
                Sample::Line {
                    color: LEGEND_SAMPLE_DARK,
                    width: ROUTE_WIDTH,
                    pattern: Pattern::Solid,
                    band: Some((SELECTION, ROUTE_SELECTION_WIDTH)),
                },
                "selected route".into(),
            ));
        }
        if !options.highlighted_routes.is_empty() {
            rows.push(Row::Item(
                Sample::Line {
                    color: LEGEND_SAMPLE_DARK,
                    width: ROUTE_WIDTH,
                    pattern: Pattern::Solid,
                    band: Some((HIGHLIGHT, HIGHLIGHT_WIDTH)),
                },
                "route through the selection".into(),
            ));
        }
    }
    if flows {
        rows.push(Row::Item(
            Sample::Flow { likely: false },
            "other flow (schematic)".into(),
        ));
        rows.push(Row::Item(
            Sample::Flow { likely: true },
            "likely other flow".into(),
        ));
    }
    if !places.is_empty() {
        rows.push(Row::Heading("Places".into()));
        let roles: BTreeSet<PlaceRole> = places
            .iter()
            .map(|p| place_rules::primary_role(p))
            .collect();
        let extra = [
            (PlaceRole::Market, "market named by a source"),
            (PlaceRole::Reference, "place named for context"),
        ];
        for (role, text) in place_rules::LEGEND_ROLES.iter().chain(extra.iter()) {
            if roles.contains(role) {
                rows.push(Row::Item(Sample::Symbol(*role), (*text).into()));
            }
        }
    }
    if let Some(l) = layer {
        rows.push(Row::Heading(l.heading.clone()));
        for c in &l.classes {
            rows.push(Row::Item(
                Sample::Swatch {
                    color: c.color,
                    alpha: CHOROPLETH_FILL_ALPHA,
                },
                c.label.clone(),
            ));
        }
        rows.push(Row::Item(
            Sample::Swatch {
                color: NO_DATA,
                alpha: NO_DATA_FILL_ALPHA,
            },
            l.no_data_label.into(),
        ));
        rows.push(Row::Note(l.reported.clone()));
        for note in &l.notes {
            rows.push(Row::Note(note.clone()));
        }
    }
    if !options.outlined_oblasts.is_empty() && layer.is_some() {
        rows.push(Row::Item(
            Sample::Outline,
            "in the oblast comparison chart".into(),
        ));
    }
    rows
}

/// Draw the legend with its top-left corner at `at`; the second column starts
/// at row `split` (`rows.len()`: one column).
pub(super) fn draw_legend(
    o: &mut String,
    rows: &[Row],
    split: usize,
    at: Pt,
    symbol_r: f32,
    style: &BasemapStyle,
    s: f32,
) -> Box2 {
    let (first, second) = rows.split_at(split.min(rows.len()));
    let cols = if second.is_empty() { 1 } else { 2 };
    let height = rows_height(first, s).max(rows_height(second, s)) + 2.0 * LEGEND_PAD * s;
    let b = Box2::from_min_size(at, cols as f32 * LEGEND_COL_W * s, height);
    o.push_str("<g id=\"legend\">\n");
    svg::rect(
        o,
        &b,
        4.0 * s,
        &format!(
            "{} {} stroke-width=\"{}\"",
            paint("fill", FURNITURE_BOX),
            paint("stroke", FURNITURE_BORDER),
            num(s)
        ),
    );
    for (col, part) in [first, second].iter().enumerate() {
        let x = b.min.x + col as f32 * LEGEND_COL_W * s + LEGEND_PAD * s;
        let mut y = b.min.y + LEGEND_PAD * s;
        let text_w = (LEGEND_COL_W - 2.0 * LEGEND_PAD) * s;
        for row in part.iter() {
            let rh = row_height(row, s);
            match row {
                Row::Heading(t) => {
                    let size = LEGEND_HEADING * s;
                    let mut ty = y + 4.0 * s;
                    for line in wrap(t, size, text_w) {
                        svg::text(o, Pt::new(x, ty), size, FURNITURE_INK, &line, "");
                        ty += line_height(size);
                    }
                }
                Row::Note(t) => {
                    let size = LEGEND_TEXT * s;
                    let mut ty = y + 2.0 * s;
                    for line in wrap(t, size, text_w) {
                        svg::text(o, Pt::new(x, ty), size, MAP_INK, &line, "");
                        ty += line_height(size);
                    }
                }
                Row::Item(sample, t) => {
                    let cy = y + rh / 2.0;
                    draw_sample(o, sample, Pt::new(x + 12.0 * s, cy), symbol_r, style, s);
                    let size = LEGEND_TEXT * s;
                    svg::text(
                        o,
                        Pt::new(x + 30.0 * s, cy - line_height(size) / 2.0),
                        size,
                        FURNITURE_INK,
                        t,
                        "",
                    );
                }
            }
            y += rh;
        }
    }
    o.push_str("</g>\n");
    b
}

fn draw_sample(
    o: &mut String,
    sample: &Sample,
    c: Pt,
    symbol_r: f32,
    style: &BasemapStyle,
    s: f32,
) {
    match sample {
        Sample::Line {
            color,
            width,
            pattern,
            band,
        } => {
            let (a, b) = (Pt::new(c.x - 11.0 * s, c.y), Pt::new(c.x + 11.0 * s, c.y));
            let d = svg::path_d(&[a, b], false);
            if let Some((band_color, band_width)) = band {
                let _ = writeln!(
                    o,
                    "<path d=\"{d}\" fill=\"none\" {} stroke-width=\"{}\"/>",
                    paint("stroke", *band_color),
                    num(band_width * s)
                );
            }
            let w = width * s;
            let extra = match pattern {
                Pattern::Solid => String::new(),
                Pattern::Dashed => format!(
                    " stroke-dasharray=\"{} {}\"",
                    num(RAIL_DASH[0] * s),
                    num(RAIL_DASH[1] * s)
                ),
                Pattern::Dotted => format!(
                    " stroke-linecap=\"round\" stroke-dasharray=\"0 {}\"",
                    num(LIKELY_DOT_SPACING * s)
                ),
            };
            let sw = if *pattern == Pattern::Dotted {
                2.0 * w * LIKELY_DOT_RADIUS_FACTOR
            } else {
                w
            };
            let _ = writeln!(
                o,
                "<path d=\"{d}\" fill=\"none\" {} stroke-width=\"{}\"{extra}/>",
                paint("stroke", *color),
                num(sw)
            );
        }
        Sample::Flow { likely } => {
            let points = flow_rules::curve(
                Pt::new(c.x - 10.0 * s, c.y + 3.0 * s),
                Pt::new(c.x + 10.0 * s, c.y + 3.0 * s),
            );
            let width = FLOW_WIDTH * s;
            let dash = if *likely {
                format!(
                    " stroke-dasharray=\"{} {}\"",
                    num(FLOW_DASH.0 * s),
                    num(FLOW_DASH.1 * s)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "<path d=\"{}\" fill=\"none\" {} stroke-width=\"{}\"{dash}/>",
                svg::path_d(&points, false),
                paint("stroke", FLOW),
                num(width)
            );
            if let Some(head) = flow_rules::arrow_head(&points, width, s) {
                let _ = writeln!(
                    o,
                    "<path d=\"{}\" {}/>",
                    svg::path_d(&head, true),
                    paint("fill", FLOW)
                );
            }
        }
        Sample::Symbol(role) => draw_symbol(o, *role, c, symbol_r, s),
        Sample::Swatch { color, alpha } => {
            let b = Box2::from_center_size(c, 18.0 * s, 11.0 * s);
            let land = svg::from_basemap(style.kazakhstan_land);
            svg::rect(o, &b, s, &paint("fill", land));
            svg::rect(
                o,
                &b,
                s,
                &format!(
                    "{} {} stroke-width=\"{}\"",
                    paint("fill", color.with_alpha(*alpha)),
                    paint("stroke", FURNITURE_BORDER),
                    num(0.8 * s)
                ),
            );
        }
        Sample::Outline => {
            let b = Box2::from_center_size(c, 16.0 * s, 11.0 * s);
            svg::rect(
                o,
                &b.expand(-COMPARISON_OUTLINE_WIDTH * s / 2.0),
                s,
                &format!(
                    "fill=\"none\" {} stroke-width=\"{}\"",
                    paint("stroke", COMPARISON_OUTLINE),
                    num(COMPARISON_OUTLINE_WIDTH * s)
                ),
            );
        }
    }
}
