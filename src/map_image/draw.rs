//! Routes, place symbols, comparison outlines, scale bar and north note, as SVG.

use std::fmt::Write;

use super::compose::Proj;
use super::svg::{self, num, paint};
use super::text::{line_height, text_width};
use crate::basemap::Basemap;
use crate::cartography::flows as flow_rules;
use crate::cartography::places::{self as place_rules, SymbolPart};
use crate::cartography::routes::{ARROW_MIN_LEG, arrow_head, bundle_shift, leg_slots};
use crate::cartography::{Box2, Pt};
use crate::charts::provenance::xml_escape;
use crate::model::{Dataset, Mode, PlaceRole, Route, RouteStatus};
use crate::style::{
    COMPARISON_OUTLINE, COMPARISON_OUTLINE_WIDTH, DIMMED, FLOW, FLOW_DASH, FLOW_WIDTH,
    FURNITURE_BORDER, FURNITURE_BOX, FURNITURE_INK, HIGHLIGHT, HIGHLIGHT_WIDTH,
    LIKELY_DOT_RADIUS_FACTOR, LIKELY_DOT_SPACING, RAIL_DASH, ROUTE_BUNDLE_SPACING,
    ROUTE_SELECTION_WIDTH, ROUTE_VARIANT_OPACITY, ROUTE_VARIANT_WIDTH_FACTOR, ROUTE_WIDTH, Rgba,
    SELECTION, origin_color,
};

/// Text of the scale bar and north note.
const FURNITURE_TEXT: f32 = 11.0;

/// Stroke attributes of a route leg (the window's rules, scaled).
pub(super) fn leg_stroke(
    route: &Route,
    leg_mode: Option<Mode>,
    color: Rgba,
    width: f32,
    s: f32,
) -> String {
    let rail = leg_mode == Some(Mode::Rail) || route.mode == Mode::Rail;
    if route.status == RouteStatus::Likely {
        // Dots: zero-length dashes with round caps, one per spacing.
        format!(
            "fill=\"none\" {} stroke-width=\"{}\" stroke-linecap=\"round\" stroke-dasharray=\"0 {}\"",
            paint("stroke", color),
            num(2.0 * width * LIKELY_DOT_RADIUS_FACTOR),
            num(LIKELY_DOT_SPACING * s)
        )
    } else if rail {
        format!(
            "fill=\"none\" {} stroke-width=\"{}\" stroke-dasharray=\"{} {}\"",
            paint("stroke", color),
            num(width),
            num(RAIL_DASH[0] * s),
            num(RAIL_DASH[1] * s)
        )
    } else {
        format!(
            "fill=\"none\" {} stroke-width=\"{}\"",
            paint("stroke", color),
            num(width)
        )
    }
}

pub(super) fn with_opacity(c: Rgba, opacity: f32) -> Rgba {
    c.with_alpha((f32::from(c.a) * opacity).round() as u8)
}

/// What the selection lights up: the selected route, or a leg, and the
/// routes through the selected place, leg or oblast.
pub(super) struct Emphasis<'a> {
    pub route: Option<&'a str>,
    pub leg: Option<(&'a str, &'a str)>,
    pub highlighted: &'a [String],
}

/// The other flows as in the window: schematic curves between their named
/// ends, thinner than routes, "likely" ones dashed, an arrowhead near the
/// far end; dimmed while routes through a selection are lit. Returns the ids
/// of the flows drawn.
pub(super) fn draw_flows(
    o: &mut String,
    ds: &Dataset,
    basemap: &Basemap,
    proj: &Proj,
    map_rect: &Box2,
    s: f32,
    dimmed: bool,
) -> Vec<String> {
    let ink = if dimmed {
        with_opacity(FLOW, DIMMED)
    } else {
        FLOW
    };
    let width = FLOW_WIDTH * s;
    let mut drawn = Vec::new();
    o.push_str("<g id=\"flows\">\n");
    for flow in &ds.flows {
        let likely = flow.status == RouteStatus::Likely;
        let mut body = String::new();
        for (a, b) in flow_rules::links(ds, basemap, flow) {
            let points = flow_rules::curve(proj.px(a.0, a.1), proj.px(b.0, b.1));
            let d = clipped_polyline_d(&points, map_rect);
            if d.is_empty() {
                continue;
            }
            let dash = if likely {
                format!(
                    " stroke-dasharray=\"{} {}\"",
                    num(FLOW_DASH.0 * s),
                    num(FLOW_DASH.1 * s)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                body,
                "<path class=\"link\" d=\"{d}\" fill=\"none\" {} stroke-width=\"{}\" stroke-linejoin=\"round\"{dash}/>",
                paint("stroke", ink),
                num(width)
            );
            if let Some(head) = flow_rules::arrow_head(&points, width, s)
                .filter(|head| head.iter().all(|p| map_rect.contains(*p)))
            {
                let _ = writeln!(
                    body,
                    "<path class=\"arrow\" d=\"{}\" {}/>",
                    svg::path_d(&head, true),
                    paint("fill", ink)
                );
            }
        }
        if !body.is_empty() {
            let _ = writeln!(
                o,
                "<g class=\"flow\" data-flow=\"{}\">",
                xml_escape(&flow.id)
            );
            o.push_str(&body);
            o.push_str("</g>\n");
            drawn.push(flow.id.clone());
        }
    }
    o.push_str("</g>\n");
    drawn
}

/// Routes as in the window: origin colours, bundled legs, rail dashed,
/// likely dotted, variants thin and translucent, arrows mid-leg, the
/// selected route on a band, drawn last. Returns the ids drawn.
pub(super) fn draw_routes(
    o: &mut String,
    ds: &Dataset,
    routes: &[&Route],
    proj: &Proj,
    map_rect: &Box2,
    s: f32,
    emphasis: &Emphasis<'_>,
) -> Vec<String> {
    let slots = leg_slots(routes);
    let selected = emphasis.route;
    let lit = |id: &str| emphasis.highlighted.iter().any(|h| h == id);
    // Selected (or highlighted) routes last, so they are drawn on top.
    let mut ordered: Vec<&Route> = routes.to_vec();
    ordered.sort_by_key(|r| (Some(r.id.as_str()) == selected, lit(&r.id)));
    let mut drawn = Vec::new();
    o.push_str("<g id=\"routes\">\n");
    for route in ordered {
        let points: Vec<(Pt, Option<Mode>)> = route
            .waypoints
            .iter()
            .filter_map(|w| {
                ds.place(&w.place)
                    .map(|p| (proj.px(p.lon, p.lat), w.leg_mode))
            })
            .collect();
        if points.len() < 2 {
            continue;
        }
        let base = origin_color(&route.origin_country);
        let is_selected = Some(route.id.as_str()) == selected;
        let is_highlighted = lit(&route.id);
        let (mut color, width) = if route.variant_of.is_some() {
            (
                with_opacity(base, ROUTE_VARIANT_OPACITY),
                ROUTE_WIDTH * ROUTE_VARIANT_WIDTH_FACTOR * s,
            )
        } else {
            (base, ROUTE_WIDTH * s)
        };
        if !emphasis.highlighted.is_empty() && !is_highlighted && !is_selected {
            color = with_opacity(color, DIMMED);
        }
        let _ = writeln!(
            o,
            "<g class=\"route\" data-route=\"{}\">",
            xml_escape(&route.id)
        );
        for (i, leg) in points.windows(2).enumerate() {
            let (a, _) = leg[0];
            let (b, leg_mode) = leg[1];
            let (slot, forward) = slots
                .get(&(route.id.as_str(), i))
                .copied()
                .unwrap_or((0.0, true));
            let shift = bundle_shift(a, b, slot, forward, ROUTE_BUNDLE_SPACING * s);
            let (a, b) = (a + shift, b + shift);
            // Clipped to the map here (no clip path: it would make the
            // rasteriser draw the whole overlay into a layer first).
            let Some((t0, t1)) = map_rect.clip_segment(a, b) else {
                continue;
            };
            let along = |t: f32| a + (b - a).scale(t);
            let d = svg::path_d(&[along(t0), along(t1)], false);
            // Dashes keep the phase they have from the leg's true start.
            let phase = if t0 > 0.0 {
                format!(" stroke-dashoffset=\"{}\"", num(t0 * (b - a).length()))
            } else {
                String::new()
            };
            let on_selected_leg = emphasis.leg.is_some_and(|(x, y)| {
                let (p, q) = (
                    route.waypoints.get(i).map(|w| w.place.as_str()),
                    route.waypoints.get(i + 1).map(|w| w.place.as_str()),
                );
                (p == Some(x) && q == Some(y)) || (p == Some(y) && q == Some(x))
            });
            let band = if is_selected || (is_highlighted && on_selected_leg) {
                Some(("selection", SELECTION, ROUTE_SELECTION_WIDTH))
            } else if is_highlighted {
                Some(("highlight", HIGHLIGHT, HIGHLIGHT_WIDTH))
            } else {
                None
            };
            if let Some((class, band_color, band_width)) = band {
                let _ = writeln!(
                    o,
                    "<path class=\"{class}\" d=\"{d}\" fill=\"none\" {} stroke-width=\"{}\"/>",
                    paint("stroke", band_color),
                    num(band_width * s)
                );
            }
            let _ = writeln!(
                o,
                "<path class=\"leg\" d=\"{d}\" {}{phase}/>",
                leg_stroke(route, leg_mode, color, width, s)
            );
            if let Some(head) = arrow_head(a, b, width, ARROW_MIN_LEG * s, s)
                .filter(|head| head.iter().all(|p| map_rect.contains(*p)))
            {
                let _ = writeln!(
                    o,
                    "<path class=\"arrow\" d=\"{}\" {}/>",
                    svg::path_d(&head, true),
                    paint("fill", color)
                );
            }
        }
        o.push_str("</g>\n");
        drawn.push(route.id.clone());
    }
    o.push_str("</g>\n");
    drawn
}

pub(super) fn draw_symbol(o: &mut String, role: PlaceRole, at: Pt, r: f32, s: f32) {
    let stroke = |l: place_rules::Line| {
        format!(
            "{} stroke-width=\"{}\"",
            paint("stroke", l.color),
            num(l.width * s)
        )
    };
    for part in place_rules::symbol(role, at, r) {
        let _ = match part {
            SymbolPart::Polygon {
                points,
                fill,
                stroke: l,
            } => writeln!(
                o,
                "<path d=\"{}\" {} {}/>",
                svg::path_d(&points, true),
                paint("fill", fill),
                stroke(l)
            ),
            SymbolPart::Circle {
                center,
                radius,
                fill,
                stroke: l,
            } => writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {} {}/>",
                num(center.x),
                num(center.y),
                num(radius),
                fill.map_or("fill=\"none\"".to_owned(), |f| paint("fill", f)),
                l.map_or(String::new(), stroke)
            ),
            SymbolPart::Rect {
                rect,
                corner,
                fill,
                stroke: l,
            } => {
                svg::rect(
                    o,
                    &rect,
                    corner * s,
                    &format!("{} {}", paint("fill", fill), stroke(l)),
                );
                Ok(())
            }
            SymbolPart::Segment { a, b, stroke: l } => writeln!(
                o,
                "<path d=\"{}\" fill=\"none\" {}/>",
                svg::path_d(&[a, b], false),
                stroke(l)
            ),
        };
    }
}

/// Path data of a polyline clipped to `rect`: one subpath per visible run.
pub(super) fn clipped_polyline_d(points: &[Pt], rect: &Box2) -> String {
    let mut d = String::new();
    let mut pen: Option<Pt> = None;
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some((t0, t1)) = rect.clip_segment(a, b) else {
            pen = None;
            continue;
        };
        let (p, q) = (a + (b - a).scale(t0), a + (b - a).scale(t1));
        if pen != Some(p) {
            let _ = write!(d, "M{} {}", num(p.x), num(p.y));
        }
        let _ = write!(d, "L{} {}", num(q.x), num(q.y));
        pen = (t1 >= 1.0).then_some(q);
    }
    d
}

/// Oblasts chosen for the comparison chart, outlined as in the window.
pub(super) fn outlines(
    o: &mut String,
    hascs: &[String],
    basemap: &Basemap,
    proj: &Proj,
    map_rect: &Box2,
    s: f32,
) {
    if hascs.is_empty() {
        return;
    }
    o.push_str("<g id=\"comparison-outline\">\n");
    for hasc in hascs {
        let Some(unit) = basemap.oblast(hasc) else {
            continue;
        };
        for polygon in &unit.geometry.0 {
            let mut points: Vec<Pt> = Vec::new();
            for c in polygon.exterior().coords() {
                let p = proj.px(c.x, c.y);
                // Skip points closer than a pixel to the last one kept.
                if points.last().is_none_or(|q| (p - *q).length() > s) {
                    points.push(p);
                }
            }
            if let Some(first) = points.first().copied()
                && points.len() > 2
            {
                points.push(first);
                let d = clipped_polyline_d(&points, map_rect);
                if d.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    o,
                    "<path d=\"{d}\" fill=\"none\" {} stroke-width=\"{}\" stroke-linejoin=\"round\"/>",
                    paint("stroke", COMPARISON_OUTLINE),
                    num(COMPARISON_OUTLINE_WIDTH * s)
                );
            }
        }
    }
    o.push_str("</g>\n");
}

// ---- Scale bar and north note -----------------------------------------------------------------

/// The scale bar (true at the map's centre latitude) and the north-up note in
/// a box at the map's bottom left. Returns the box.
pub(super) fn scale_bar(o: &mut String, proj: &Proj, map_rect: &Box2, s: f32) -> Box2 {
    const EARTH_CIRCUMFERENCE_M: f64 = 40_075_016.686;
    let (_, lat) = proj.lonlat(map_rect.center());
    let metres_per_px = EARTH_CIRCUMFERENCE_M * lat.to_radians().cos() / proj.ppw;
    let max_m = f64::from(150.0 * s) * metres_per_px;
    let magnitude = 10f64.powf(max_m.log10().floor());
    let nice = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|m| *m <= max_m)
        .unwrap_or(magnitude);
    let bar_px = (nice / metres_per_px) as f32;
    let bar_text = if nice >= 1000.0 {
        format!("{:.0} km", nice / 1000.0)
    } else {
        format!("{nice:.0} m")
    };
    let hemisphere = if lat >= 0.0 { "N" } else { "S" };
    let note = format!(
        "North up · Web Mercator · scale true at {:.0}° {hemisphere}",
        lat.abs()
    );
    let size = FURNITURE_TEXT * s;
    let lh = line_height(size);
    let pad = 6.0 * s;
    let arrow_w = 12.0 * s;
    let row1_w = bar_px + 6.0 * s + text_width(&bar_text, size);
    let row2_w = arrow_w + 6.0 * s + text_width(&note, size);
    let bw = row1_w.max(row2_w) + 2.0 * pad;
    let bh = 2.0 * lh + 6.0 * s + 2.0 * pad;
    let b = Box2::from_min_size(
        Pt::new(map_rect.min.x + 8.0 * s, map_rect.max.y - 8.0 * s - bh),
        bw,
        bh,
    );
    o.push_str("<g id=\"scale-bar\">\n");
    svg::rect(
        o,
        &b,
        2.0 * s,
        &format!(
            "{} {} stroke-width=\"{}\"",
            paint("fill", FURNITURE_BOX),
            paint("stroke", FURNITURE_BORDER),
            num(s)
        ),
    );
    let x = b.min.x + pad;
    let y_bar = b.min.y + pad + lh * 0.75;
    let ink = format!(
        "fill=\"none\" {} stroke-width=\"{}\"",
        paint("stroke", FURNITURE_INK),
        num(2.0 * s)
    );
    let _ = writeln!(
        o,
        "<path d=\"{}\" {ink}/>",
        svg::path_d(
            &[
                Pt::new(x, y_bar - 6.0 * s),
                Pt::new(x, y_bar),
                Pt::new(x + bar_px, y_bar),
                Pt::new(x + bar_px, y_bar - 6.0 * s),
            ],
            false
        )
    );
    svg::text(
        o,
        Pt::new(x + bar_px + 6.0 * s, b.min.y + pad),
        size,
        FURNITURE_INK,
        &bar_text,
        "",
    );
    // North arrow: a filled half and an open half, pointing up.
    let row2_top = b.min.y + pad + lh + 6.0 * s;
    let ax = x + arrow_w / 2.0;
    let tip = Pt::new(ax, row2_top);
    let base_y = row2_top + lh;
    let _ = writeln!(
        o,
        "<path d=\"{}\" {} {} stroke-width=\"{}\" stroke-linejoin=\"round\"/>",
        svg::path_d(
            &[
                tip,
                Pt::new(ax + arrow_w / 2.0, base_y),
                Pt::new(ax, base_y - lh * 0.3),
                Pt::new(ax - arrow_w / 2.0, base_y),
            ],
            true
        ),
        paint("fill", FURNITURE_INK),
        paint("stroke", FURNITURE_INK),
        num(0.8 * s)
    );
    svg::text(
        o,
        Pt::new(x + arrow_w + 6.0 * s, row2_top),
        size,
        FURNITURE_INK,
        &note,
        "",
    );
    o.push_str("</g>\n");
    b
}
