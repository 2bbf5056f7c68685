//! Layout of a map image: projection, labels placed without overlap, legend,
//! scale bar, titles and sources. Everything but the basemap is written as
//! one SVG overlay, shared by the SVG and PNG outputs.

use std::fmt::Write;

use super::draw::{Emphasis, draw_flows, draw_routes, draw_symbol, outlines, scale_bar};
use super::labels::{
    country_labels, draw_label, oblast_name_labels, oblast_value_labels, route_count_labels,
};
use super::legend::{
    LEGEND_COL_W, LEGEND_PAD, LegendInput, columns, draw_legend, legend_rows, rows_height,
};
use super::oblast_layer::{OblastLayer, oblast_layer};
use super::svg::{self, num, paint};
use super::text::{line_height, text_width, wrap};
use super::{
    Extent, MapData, MapImageError, MapImageOptions, MapSelection, check_options, composite,
};
use crate::basemap::mercator::{lonlat_to_world, world_to_lonlat};
use crate::basemap::{Basemap, BasemapStyle, MapView, draw_view, render_view};
use crate::cartography::flows as flow_rules;
use crate::cartography::labels::{LABEL_GAP, LabelPlacer};
use crate::cartography::places as place_rules;
use crate::cartography::{ATTRIBUTION, Box2, Pt, areas as area_rules};
use crate::charts::provenance::{program, sha256_hex, xml_escape};
use crate::model::{Dataset, Flow, Place, Route};
use crate::style::{FURNITURE_INK, MAP_FRAME, MAP_INK, PAGE_BACKGROUND, SELECTION};

// Sizes in screen points; multiplied by the image scale.
const MARGIN: f32 = 18.0;
const TITLE_SIZE: f32 = 24.0;
const SUBTITLE_SIZE: f32 = 14.0;
const FOOTER_SIZE: f32 = 10.5;
const LEGEND_GAP: f32 = 12.0;
/// Zoom limits of a map image (continent … city block).
const MIN_ZOOM: f64 = 1.0;
const MAX_ZOOM: f64 = 17.0;
/// "Fit all" leaves this share of the map for the places (as in the window).
const FIT_MARGIN: f64 = 0.85;

/// What a drawn label is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Place,
    OblastValue,
    OblastName,
    Country,
    /// "N routes" on a leg crowded into one band (as the window labels it).
    RouteCount,
}

/// A label as drawn: its text and the box it covers (image pixels).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnLabel {
    pub kind: LabelKind,
    pub text: String,
    pub bbox: Box2,
    pub(super) size: f32,
    /// Where the text's line box starts (inside `bbox` for boxed labels).
    pub(super) text_at: Pt,
}

/// A composed map image: its layout, and everything but the basemap as SVG.
#[derive(Debug, Clone)]
pub struct MapFigure {
    pub width_px: u32,
    pub height_px: u32,
    pub scale: f32,
    /// Where the map is drawn (pixels, whole numbers).
    pub map_rect: Box2,
    /// The basemap view behind `map_rect`.
    pub view: MapView,
    /// Zoom as the window counts it (256-point tiles), fractional.
    pub zoom: f64,
    /// The lon/lat box the map shows.
    pub shown: Extent,
    pub style: BasemapStyle,
    pub oblast_layer: Option<OblastLayer>,
    /// Every label drawn on the map, none overlapping another.
    pub labels: Vec<DrawnLabel>,
    /// Furniture boxes on the map (scale bar and north note).
    pub furniture: Vec<Box2>,
    pub legend_rect: Option<Box2>,
    pub title: String,
    /// Ids of the routes drawn.
    pub routes_drawn: Vec<String>,
    /// (keyword, text) pairs: PNG text chunks and SVG metadata.
    pub provenance: Vec<(String, String)>,
    /// The saved view, embedded in the SVG's `<metadata>`.
    pub view_json: Option<String>,
    defs: String,
    overlay: String,
}

/// Maps lon/lat to image pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Proj {
    /// Pixels per normalised world unit.
    pub(super) ppw: f64,
    /// World coordinates of the map's top-left pixel.
    wx: f64,
    wy: f64,
    /// The map's top-left pixel in the image.
    ox: f32,
    oy: f32,
}

impl Proj {
    pub(super) fn px(&self, lon: f64, lat: f64) -> Pt {
        let (x, y) = lonlat_to_world(lon, lat);
        Pt::new(
            self.ox + ((x - self.wx) * self.ppw) as f32,
            self.oy + ((y - self.wy) * self.ppw) as f32,
        )
    }

    pub(super) fn lonlat(&self, p: Pt) -> (f64, f64) {
        world_to_lonlat(
            self.wx + f64::from(p.x - self.ox) / self.ppw,
            self.wy + f64::from(p.y - self.oy) / self.ppw,
        )
    }
}

/// Lay the figure out and write its overlay.
pub fn compose(data: &MapData<'_>, options: &MapImageOptions) -> Result<MapFigure, MapImageError> {
    check_options(options)?;
    let s = options.effective_scale();
    let (w, h) = (options.width_px as f32, options.height_px as f32);
    let ds = data.dataset;

    let layer = if options.show_oblasts {
        oblast_layer(ds, options.oblast_series.as_deref(), options.year)?
    } else {
        None
    };
    let routes: Vec<&Route> = if options.show_routes {
        ds.routes
            .iter()
            .filter(|r| {
                options
                    .routes
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&r.id))
            })
            .collect()
    } else {
        Vec::new()
    };
    let selected_route = match &options.selection {
        Some(MapSelection::Route(id)) => Some(id.as_str()),
        _ => None,
    };
    let selected_place = match &options.selection {
        Some(MapSelection::Place(id)) => Some(id.as_str()),
        _ => None,
    };
    let emphasis = Emphasis {
        route: selected_route,
        leg: match &options.selection {
            Some(MapSelection::Leg(a, b)) => Some((a.as_str(), b.as_str())),
            _ => None,
        },
        highlighted: &options.highlighted_routes,
    };
    // Flows with at least one end to draw at.
    let flows: Vec<&Flow> = if options.show_flows {
        ds.flows
            .iter()
            .filter(|f| !flow_rules::links(ds, data.basemap, f).is_empty())
            .collect()
    } else {
        Vec::new()
    };

    // ---- Texts around the map -------------------------------------------------------------
    let title = options.title.clone().unwrap_or_else(|| {
        let t = ds.title.as_str();
        t.split(" (").next().unwrap_or(t).trim().to_owned()
    });
    let subtitle = match &layer {
        Some(l) => format!("Oblast layer: {} · {}", l.heading, l.reported),
        None => "Trafficking routes and places".to_owned(),
    };
    let source_ids = sources_of(ds, &routes, &flows, options.show_places, layer.as_ref());
    let citations: Vec<String> = source_ids.iter().map(|id| ds.citation(id)).collect();
    let sha = sha256_hex(data.dataset_bytes);
    let source_text = format!("Sources: {}.", citations.join("; "));
    let data_text = format!(
        "Data: {}, SHA-256 {}… · Made with {}",
        data.dataset_label,
        &sha[..16.min(sha.len())],
        program()
    );
    // Lines a fifth short of the page width: a viewer that substitutes a
    // wider font and ignores `textLength` (librsvg) still keeps them on the page.
    let text_w = (w - 2.0 * MARGIN * s) * 0.8;
    let mut footer_lines = wrap(&source_text, FOOTER_SIZE * s, text_w);
    footer_lines.extend(wrap(&data_text, FOOTER_SIZE * s, text_w));
    footer_lines.push(ATTRIBUTION.to_owned());
    let footer_line_h = line_height(FOOTER_SIZE * s) * 1.1;
    let footer_h = footer_lines.len() as f32 * footer_line_h;

    let title_lines = wrap(&title, TITLE_SIZE * s, text_w);
    let title_h = title_lines.len() as f32 * line_height(TITLE_SIZE * s);
    let subtitle_h = line_height(SUBTITLE_SIZE * s);
    let top = MARGIN * s + title_h + 4.0 * s + subtitle_h + 10.0 * s;
    let bottom = h - MARGIN * s - footer_h - 8.0 * s;

    // ---- Places and what the legend explains -----------------------------------------------
    let mut places: Vec<&Place> = if options.show_places {
        ds.places.iter().collect()
    } else {
        Vec::new()
    };
    // Important places claim label space first (the selected one before all).
    places.sort_by_key(|p| {
        (
            Some(p.id.as_str()) != selected_place,
            std::cmp::Reverse(place_rules::importance(p)),
        )
    });

    // The legend's width is needed before the map can be placed; its rows
    // depend on the zoom only through the symbol size, so a first pass at the
    // screen's symbol size decides the columns.
    let legend_rows = if options.show_legend {
        legend_rows(&LegendInput {
            routes: &routes,
            ds,
            places: &places,
            flows: !flows.is_empty(),
            layer: layer.as_ref(),
            options,
            selected_route,
        })
    } else {
        Vec::new()
    };
    let legend_avail_h = bottom - top;
    let pad = 2.0 * LEGEND_PAD * s;
    // Where the legend's second column starts (`len`: one column is enough).
    let (legend_cols, legend_split) = if legend_rows.is_empty() {
        (0, 0)
    } else if rows_height(&legend_rows, s) + pad <= legend_avail_h {
        (1, legend_rows.len())
    } else {
        let (split, taller) = columns(&legend_rows, s, legend_avail_h - pad);
        if taller + pad <= legend_avail_h {
            (2, split)
        } else {
            return Err(MapImageError::Size(format!(
                "{}×{} px at scale {s} is too small for the legend; use a larger --height, a smaller --scale, or --no-legend",
                options.width_px, options.height_px
            )));
        }
    };
    let legend_w = legend_cols as f32 * LEGEND_COL_W * s;
    let right = if legend_cols > 0 {
        w - MARGIN * s - legend_w - LEGEND_GAP * s
    } else {
        w - MARGIN * s
    };
    let map_rect = Box2 {
        min: Pt::new((MARGIN * s).round(), top.round()),
        max: Pt::new(right.round(), bottom.round()),
    };
    if map_rect.width() < 150.0 * s || map_rect.height() < 120.0 * s {
        return Err(MapImageError::Size(format!(
            "{}×{} px at scale {s} is too small: no room for the map beside the title, legend and \
             sources; use a larger size or a smaller --scale",
            options.width_px, options.height_px
        )));
    }

    // ---- Projection ------------------------------------------------------------------------
    let (extent, margin) = match options.extent {
        Some(e) => (e, 1.0),
        None => {
            let fit = Extent::around(ds.places.iter().map(|p| (p.lon, p.lat)));
            let r = data.basemap.region();
            let whole = Extent {
                west: r.lon_min,
                south: r.lat_min,
                east: r.lon_max,
                north: r.lat_max,
            };
            (fit.unwrap_or(whole), FIT_MARGIN)
        }
    };
    let (x0, y0) = lonlat_to_world(extent.west, extent.north);
    let (x1, y1) = lonlat_to_world(extent.east, extent.south);
    let (ww, wh) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
    let (mw, mh) = (f64::from(map_rect.width()), f64::from(map_rect.height()));
    let tile_px = 256.0 * f64::from(s);
    let zoom = ((mw * margin / ww).min(mh * margin / wh) / tile_px)
        .log2()
        .clamp(MIN_ZOOM, MAX_ZOOM);
    let ppw = tile_px * zoom.exp2();
    let proj = Proj {
        ppw,
        wx: (x0 + x1) / 2.0 - mw / 2.0 / ppw,
        wy: (y0 + y1) / 2.0 - mh / 2.0 / ppw,
        ox: map_rect.min.x,
        oy: map_rect.min.y,
    };
    let (sw_lon, sw_lat) = proj.lonlat(Pt::new(map_rect.min.x, map_rect.max.y));
    let (ne_lon, ne_lat) = proj.lonlat(Pt::new(map_rect.max.x, map_rect.min.y));
    let shown = Extent {
        west: sw_lon,
        south: sw_lat,
        east: ne_lon,
        north: ne_lat,
    };
    let view = MapView {
        world_x: proj.wx,
        world_y: proj.wy,
        px_per_world: ppw,
        width_px: map_rect.width() as u32,
        height_px: map_rect.height() as u32,
        zoom: zoom.round().clamp(0.0, 30.0) as u8,
    };
    let mut style = BasemapStyle {
        line_scale: s,
        ..BasemapStyle::default()
    };
    if let Some(l) = &layer {
        style.oblast_fills = l
            .units
            .iter()
            .map(|u| (u.hasc.clone(), [u.fill.r, u.fill.g, u.fill.b, u.fill.a]))
            .collect();
    }

    // ---- Map furniture: scale bar and north note -------------------------------------------
    let mut furniture_svg = String::new();
    let furniture_box = scale_bar(&mut furniture_svg, &proj, &map_rect, s);
    // ---- Labels ----------------------------------------------------------------------------
    let symbol_r = place_rules::symbol_radius(zoom) * s;
    // Places whose whole symbol is on the map (a symbol cut by the frame is left out).
    let on_map: Vec<(&Place, Pt)> = places
        .iter()
        .map(|p| (*p, proj.px(p.lon, p.lat)))
        .filter(|(p, at)| {
            let parts = place_rules::symbol(place_rules::primary_role(p), *at, symbol_r);
            place_rules::symbol_bounds(&parts).is_some_and(|b| map_rect.contains_box(&b))
        })
        .collect();
    let mut placer = LabelPlacer::new(LABEL_GAP * s, Some(map_rect.expand(-2.0 * s)));
    placer.reserve(furniture_box);
    for (p, at) in &on_map {
        let parts = place_rules::symbol(place_rules::primary_role(p), *at, symbol_r);
        if let Some(b) = place_rules::symbol_bounds(&parts) {
            placer.reserve(b);
        }
    }
    let mut labels: Vec<DrawnLabel> = Vec::new();
    let place_size = place_rules::label_size(zoom) * s;
    let place_label =
        |placer: &mut LabelPlacer, labels: &mut Vec<DrawnLabel>, p: &Place, at: Pt| {
            let (tw, th) = (text_width(&p.name, place_size), line_height(place_size));
            let candidates = place_rules::label_candidates(at, symbol_r, tw, th, s);
            if let Some(b) = placer.place(&candidates, false) {
                labels.push(DrawnLabel {
                    kind: LabelKind::Place,
                    text: p.name.clone(),
                    bbox: b,
                    size: place_size,
                    text_at: b.min,
                });
            }
        };
    // The selected place's label comes before everything else.
    if let Some((p, at)) = on_map
        .iter()
        .find(|(p, _)| Some(p.id.as_str()) == selected_place)
    {
        place_label(&mut placer, &mut labels, p, *at);
    }
    if let Some(l) = &layer {
        oblast_value_labels(&mut placer, &mut labels, l, data.basemap, &proj, s);
    }
    route_count_labels(&mut placer, &mut labels, ds, &routes, &proj, s);
    for (p, at) in &on_map {
        if Some(p.id.as_str()) != selected_place {
            place_label(&mut placer, &mut labels, p, *at);
        }
    }
    if let Some(size) = area_rules::country_label_size(zoom) {
        country_labels(
            &mut placer,
            &mut labels,
            data.basemap,
            &proj,
            &map_rect,
            size * s,
        );
    }
    oblast_name_labels(
        &mut placer,
        &mut labels,
        ds,
        data.basemap,
        &proj,
        &map_rect,
        s,
    );

    // ---- The overlay ------------------------------------------------------------------------
    let mut defs = String::new();
    let _ = writeln!(
        defs,
        "<defs><clipPath id=\"map-clip\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>",
        num(map_rect.min.x),
        num(map_rect.min.y),
        num(map_rect.width()),
        num(map_rect.height())
    );
    let mut o = String::new();
    // Nothing here needs clipping: lines are clipped as they are written,
    // labels placed inside the map, and symbols drawn only when inside.
    o.push_str("<g id=\"map-overlay\">\n");
    o.push_str("<g id=\"area-labels\">\n");
    for l in labels
        .iter()
        .filter(|l| matches!(l.kind, LabelKind::Country | LabelKind::OblastName))
    {
        draw_label(&mut o, l, s);
    }
    o.push_str("</g>\n");
    outlines(
        &mut o,
        &options.outlined_oblasts,
        data.basemap,
        &proj,
        &map_rect,
        s,
    );
    // Flows under the routes, as in the window.
    draw_flows(
        &mut o,
        ds,
        data.basemap,
        &proj,
        &map_rect,
        s,
        !options.highlighted_routes.is_empty(),
    );
    let routes_drawn = draw_routes(&mut o, ds, &routes, &proj, &map_rect, s, &emphasis);
    o.push_str("<g id=\"route-counts\">\n");
    for l in labels.iter().filter(|l| l.kind == LabelKind::RouteCount) {
        draw_label(&mut o, l, s);
    }
    o.push_str("</g>\n");
    // Values are the data: over the routes (on screen they sit under them,
    // but a printed map has no tooltip to fall back on).
    o.push_str("<g id=\"oblast-values\">\n");
    for l in labels.iter().filter(|l| l.kind == LabelKind::OblastValue) {
        draw_label(&mut o, l, s);
    }
    o.push_str("</g>\n");
    o.push_str("<g id=\"places\">\n");
    for (p, at) in &on_map {
        if Some(p.id.as_str()) == selected_place {
            let _ = writeln!(
                o,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" {} stroke-width=\"{}\"/>",
                num(at.x),
                num(at.y),
                num(symbol_r * 2.6),
                paint("stroke", SELECTION),
                num(3.0 * s)
            );
        }
        draw_symbol(&mut o, place_rules::primary_role(p), *at, symbol_r, s);
    }
    o.push_str("</g>\n<g id=\"place-labels\">\n");
    for l in labels.iter().filter(|l| l.kind == LabelKind::Place) {
        draw_label(&mut o, l, s);
    }
    o.push_str("</g>\n");
    o.push_str(&furniture_svg);
    o.push_str("</g>\n");
    svg::rect(
        &mut o,
        &map_rect,
        0.0,
        &format!(
            "fill=\"none\" {} stroke-width=\"{}\"",
            paint("stroke", MAP_FRAME),
            num(s)
        ),
    );

    let legend_rect = if legend_cols > 0 {
        let at = Pt::new(right + LEGEND_GAP * s, map_rect.min.y);
        Some(draw_legend(
            &mut o,
            &legend_rows,
            legend_split,
            at,
            symbol_r,
            &style,
            s,
        ))
    } else {
        None
    };

    // Title, subtitle, sources.
    o.push_str("<g id=\"titles\">\n");
    let mut y = MARGIN * s;
    for line in &title_lines {
        svg::text(
            &mut o,
            Pt::new(MARGIN * s, y),
            TITLE_SIZE * s,
            FURNITURE_INK,
            line,
            "",
        );
        y += line_height(TITLE_SIZE * s);
    }
    svg::text(
        &mut o,
        Pt::new(MARGIN * s, y + 4.0 * s),
        SUBTITLE_SIZE * s,
        MAP_INK,
        &subtitle,
        "",
    );
    o.push_str("</g>\n<g id=\"sources\">\n");
    let mut y = h - MARGIN * s - footer_h;
    for line in &footer_lines {
        svg::text(
            &mut o,
            Pt::new(MARGIN * s, y),
            FOOTER_SIZE * s,
            MAP_INK,
            line,
            "",
        );
        y += footer_line_h;
    }
    o.push_str("</g>\n");

    let mut provenance: Vec<(String, String)> = vec![
        ("Title".into(), title.clone()),
        ("Software".into(), program()),
        ("Dataset".into(), data.dataset_label.to_owned()),
        ("Dataset SHA-256".into(), sha),
        ("Sources".into(), citations.join("; ")),
        (
            "Oblast layer".into(),
            match &layer {
                Some(l) => format!("{} {} ({})", l.series, l.year, l.heading),
                None => "none".into(),
            },
        ),
        (
            "Extent".into(),
            format!(
                "{:.4},{:.4},{:.4},{:.4} (west,south,east,north; degrees)",
                shown.west, shown.south, shown.east, shown.north
            ),
        ),
        (
            "Image".into(),
            format!(
                "{}x{} px, scale {s}, Web Mercator, north up",
                options.width_px, options.height_px
            ),
        ),
        ("Attribution".into(), ATTRIBUTION.to_owned()),
    ];
    provenance.extend(options.imported_files.iter().map(|(file, sha)| {
        (
            "Imported file".to_owned(),
            format!("imported · {file} (SHA-256 {sha})"),
        )
    }));
    provenance.retain(|(_, v)| !v.is_empty());

    Ok(MapFigure {
        width_px: options.width_px,
        height_px: options.height_px,
        scale: s,
        map_rect,
        view,
        zoom,
        shown,
        style,
        oblast_layer: layer,
        labels,
        furniture: vec![furniture_box],
        legend_rect,
        title,
        routes_drawn,
        provenance,
        view_json: options.view_json.clone(),
        defs,
        overlay: o,
    })
}

impl MapFigure {
    /// Where lon/lat falls on the image (pixels; outside `map_rect` when off the map).
    pub fn image_point(&self, lon: f64, lat: f64) -> Pt {
        let (x, y) = lonlat_to_world(lon, lat);
        let ppw = self.view.px_per_world;
        Pt::new(
            self.map_rect.min.x + ((x - self.view.world_x) * ppw) as f32,
            self.map_rect.min.y + ((y - self.view.world_y) * ppw) as f32,
        )
    }

    /// The whole SVG document (vector basemap, overlay, provenance).
    pub fn svg_document(&self, basemap: &Basemap) -> String {
        let mut out = svg::open(self.width_px, self.height_px);
        out.push_str(
            "<metadata id=\"provenance\"><provenance xmlns=\"urn:route-explorer:provenance\">",
        );
        for (key, text) in &self.provenance {
            let _ = write!(
                out,
                "<entry key=\"{}\">{}</entry>",
                xml_escape(key),
                xml_escape(text)
            );
        }
        out.push_str("</provenance>");
        if let Some(v) = &self.view_json {
            out.push_str(&crate::view::embed::svg_element(v));
        }
        out.push_str("</metadata>\n");
        let _ = writeln!(out, "<title>{}</title>", xml_escape(&self.title));
        out.push_str(&self.defs);
        svg::rect(
            &mut out,
            &Box2::from_min_size(
                Pt::new(0.0, 0.0),
                self.width_px as f32,
                self.height_px as f32,
            ),
            0.0,
            &paint("fill", PAGE_BACKGROUND),
        );
        let mut canvas = svg::SvgCanvas::new("basemap-");
        draw_view(basemap, &self.style, &self.view, &mut canvas);
        let _ = writeln!(
            out,
            "<g id=\"basemap\" clip-path=\"url(#map-clip)\"><g transform=\"translate({} {})\">",
            num(self.map_rect.min.x),
            num(self.map_rect.min.y)
        );
        out.push_str(&canvas.out);
        out.push_str("</g></g>\n");
        out.push_str(&self.overlay);
        out.push_str("</svg>\n");
        out
    }

    /// The overlay alone as an SVG document (what is drawn over the raster basemap).
    pub fn overlay_document(&self) -> String {
        let mut out = svg::open(self.width_px, self.height_px);
        out.push_str(&self.defs);
        out.push_str(&self.overlay);
        out.push_str("</svg>\n");
        out
    }

    /// Pixels: page, basemap rasterised by tiny-skia, overlay by resvg. The
    /// basemap and the overlay are drawn at the same time on two threads,
    /// then laid on the page.
    pub fn rasterise(&self, basemap: &Basemap) -> Result<tiny_skia::Pixmap, MapImageError> {
        let overlay_doc = self.overlay_document();
        let (map, overlay) = std::thread::scope(|scope| {
            let map = scope.spawn(|| render_view(basemap, &self.style, &self.view));
            let overlay = crate::export::raster::rasterise(&overlay_doc, 1.0);
            (map.join(), overlay)
        });
        let map = map
            .ok()
            .flatten()
            .ok_or_else(|| MapImageError::Render("cannot draw the basemap".into()))?;
        let overlay = overlay.map_err(MapImageError::Render)?;
        let mut pm = tiny_skia::Pixmap::new(self.width_px, self.height_px).ok_or_else(|| {
            MapImageError::Render(format!(
                "cannot allocate {}×{} pixels",
                self.width_px, self.height_px
            ))
        })?;
        let bg = PAGE_BACKGROUND;
        pm.fill(tiny_skia::Color::from_rgba8(bg.r, bg.g, bg.b, 255));
        composite::copy_opaque(
            &mut pm,
            &map,
            self.map_rect.min.x as u32,
            self.map_rect.min.y as u32,
        );
        composite::source_over(&mut pm, &overlay);
        Ok(pm)
    }
}

/// Source ids of what the map shows, in first-seen order: routes, places, oblast values.
fn sources_of(
    ds: &Dataset,
    routes: &[&Route],
    flows: &[&Flow],
    places: bool,
    layer: Option<&OblastLayer>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |id: &String| {
        if !out.contains(id) {
            out.push(id.clone());
        }
    };
    for r in routes {
        r.sources.iter().for_each(&mut add);
    }
    for f in flows {
        f.sources.iter().for_each(&mut add);
    }
    if places {
        for p in &ds.places {
            p.sources.iter().for_each(&mut add);
        }
    }
    if let Some(l) = layer {
        l.source_ids.iter().for_each(&mut add);
    }
    out
}
