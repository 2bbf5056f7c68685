//! The central map: offline basemap tiles, optional OSM tiles, and one walkers
//! `Plugin` per overlay (country labels, oblasts, routes, places).

pub mod areas;
pub mod fills;
pub mod flows;
pub mod mesh_cache;
pub mod online;
pub mod overlay;
pub mod patterns;
pub mod places;
pub mod routes;
pub mod state;
pub mod tiles;
pub mod timeline;

use std::cell::RefCell;
use std::sync::Arc;

use egui::{Align2, Color32, FontId, Pos2, Rect, Stroke, Ui, pos2, vec2};
use walkers::{Map, MapMemory, lon_lat};

use crate::analysis::choropleth::{self, ChoroplethSeries, NO_DATA_LABEL, YearView};
use crate::analysis::route_facts::RouteFacts;
use crate::app::panels::charts::ChartCommand;
use crate::app::style_egui::color;
use crate::app::{AppState, Command, Selection};
use crate::basemap::mercator::{lonlat_to_world, world_to_lonlat};
use crate::basemap::{Basemap, BasemapStyle};
use crate::model::{PlaceRole, country_name};
use crate::style::{CHOROPLETH_RAMP, NO_DATA, NO_DATA_FILL_ALPHA, origin_color};

use online::{OSM_ATTRIBUTION, OnlineEndpoint, OnlineStatus, OnlineTiles};
use overlay::{Hit, HitTarget, Overlay, best_hit};
pub use state::{ChoroplethKey, Layer, MapCommand, MapUiState};
use tiles::{MAX_ZOOM, OfflineTiles};

/// Zoom limits: all of Central Asia … city level.
pub const MIN_ZOOM: f64 = 2.0;

/// A lon/lat box the view should show on the next frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl FitBox {
    pub fn around(points: impl Iterator<Item = (f64, f64)>) -> Option<FitBox> {
        let mut b: Option<FitBox> = None;
        for (lon, lat) in points {
            let e = b.get_or_insert(FitBox {
                west: lon,
                south: lat,
                east: lon,
                north: lat,
            });
            e.west = e.west.min(lon);
            e.east = e.east.max(lon);
            e.south = e.south.min(lat);
            e.north = e.north.max(lat);
        }
        b
    }

    /// Centre and zoom that show the box in a view of `size` points, with a margin.
    pub fn view(&self, size: egui::Vec2) -> ((f64, f64), f64) {
        let (x0, y0) = lonlat_to_world(self.west, self.north);
        let (x1, y1) = lonlat_to_world(self.east, self.south);
        let (w, h) = ((x1 - x0).max(1e-6), (y1 - y0).max(1e-6));
        let margin = 0.85;
        let zx = (size.x as f64 * margin / (256.0 * w)).log2();
        let zy = (size.y as f64 * margin / (256.0 * h)).log2();
        let zoom = zx.min(zy).clamp(MIN_ZOOM, MAX_ZOOM as f64 - 1.0);
        let center = world_to_lonlat((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        (center, zoom)
    }
}

/// Runtime state of the map view (textures, threads, widget memory): not persisted.
pub struct MapView {
    pub memory: MapMemory,
    basemap: Arc<Basemap>,
    offline: Option<OfflineTiles>,
    online: Option<OnlineTiles>,
    online_error: Option<String>,
    pending_fit: Option<FitBox>,
    pub search: String,
    /// Where online tiles come from when switched on.
    pub online_endpoint: OnlineEndpoint,
    /// Last drawn map rectangle (for fits requested between frames).
    last_rect: Option<Rect>,
    /// The oblasts triangulated once, recoloured every frame (the choropleth).
    fills: fills::OblastFills,
    /// Whether the timeline is playing, and when it last stepped.
    pub(crate) playback: timeline::Playback,
}

impl MapView {
    pub fn new(basemap: Arc<Basemap>, ui_state: &MapUiState) -> Self {
        let mut memory = MapMemory::default();
        let (lon, lat) = ui_state.center_lon_lat;
        memory.center_at(lon_lat(lon, lat));
        let _ = memory.set_zoom(ui_state.zoom.clamp(MIN_ZOOM, MAX_ZOOM as f64));
        let fills = fills::OblastFills::new(&basemap);
        MapView {
            memory,
            fills,
            playback: timeline::Playback::default(),
            basemap,
            offline: None,
            online: None,
            online_error: None,
            pending_fit: None,
            search: String::new(),
            online_endpoint: OnlineEndpoint::default(),
            last_rect: None,
        }
    }

    pub fn basemap(&self) -> &Basemap {
        &self.basemap
    }

    pub fn offline_tiles(&self) -> Option<&OfflineTiles> {
        self.offline.as_ref()
    }

    /// Whether the timeline is playing.
    pub fn playing(&self) -> bool {
        self.playback.playing
    }

    pub fn set_playing(&mut self, on: bool) {
        self.playback = timeline::Playback {
            playing: on,
            last_step_at: None,
        };
    }

    /// Where a lon/lat point was on screen in the last frame drawn.
    pub fn screen_of(&self, lon: f64, lat: f64) -> Option<Pos2> {
        let rect = self.last_rect?;
        let ((clon, clat), zoom) = self.view();
        let scale = 256.0 * 2f64.powf(zoom);
        let (cx, cy) = lonlat_to_world(clon, clat);
        let (x, y) = lonlat_to_world(lon, lat);
        Some(pos2(
            rect.center().x + ((x - cx) * scale) as f32,
            rect.center().y + ((y - cy) * scale) as f32,
        ))
    }

    /// Centre (lon, lat) and zoom now on screen.
    pub fn view(&self) -> ((f64, f64), f64) {
        let c = self.memory.detached().unwrap_or(lon_lat(66.0, 45.5));
        ((c.x(), c.y()), self.memory.zoom())
    }

    /// Where the map was drawn last frame (screen points).
    pub fn last_rect(&self) -> Option<Rect> {
        self.last_rect
    }

    pub fn request_fit(&mut self, fit: FitBox) {
        self.pending_fit = Some(fit);
    }

    pub fn zoom_by(&mut self, delta: f64) {
        let z = (self.memory.zoom() + delta).clamp(MIN_ZOOM, MAX_ZOOM as f64);
        let _ = self.memory.set_zoom(z);
    }

    /// Move the view by screen points (positive: east, south).
    pub fn pan_by_points(&mut self, dx: f64, dy: f64) {
        let ((lon, lat), zoom) = self.view();
        let world_px = 256.0 * 2f64.powf(zoom);
        let (x, y) = lonlat_to_world(lon, lat);
        let x = (x + dx / world_px).clamp(0.0, 1.0);
        let y = (y + dy / world_px).clamp(0.0, 1.0);
        let (lon, lat) = world_to_lonlat(x, y);
        self.memory.center_at(lon_lat(lon, lat));
    }

    pub fn center_on(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.memory.center_at(lon_lat(lon, lat));
        let _ = self.memory.set_zoom(zoom.clamp(MIN_ZOOM, MAX_ZOOM as f64));
    }

    pub fn online_status(&self) -> Option<OnlineStatus> {
        if let Some(e) = &self.online_error {
            return Some(OnlineStatus::Unavailable(e.clone()));
        }
        self.online.as_ref().map(OnlineTiles::status)
    }

    /// Why online tiles are not kept on disk in this run, if they are not.
    pub fn online_cache_problem(&self) -> Option<&str> {
        self.online
            .as_ref()
            .and_then(|o| o.cache_problem.as_deref())
    }

    fn ensure_tiles(&mut self, ctx: &egui::Context, online_wanted: bool) {
        if self.offline.is_none() {
            self.offline = Some(OfflineTiles::new(
                ctx.clone(),
                Arc::clone(&self.basemap),
                BasemapStyle::default(),
                2,
            ));
        }
        if online_wanted && self.online.is_none() && self.online_error.is_none() {
            match OnlineTiles::new(ctx.clone(), &self.online_endpoint) {
                Ok(t) => self.online = Some(t),
                Err(e) => self.online_error = Some(e),
            }
        }
    }
}

/// The series the oblast layer shows (the chosen one, or the first that
/// qualifies), or `None` when the layer is off or nothing qualifies.
pub fn active_series(state: &AppState) -> Option<ChoroplethSeries> {
    if !state.ui.map.show_oblasts {
        return None;
    }
    let wanted = state.ui.map.choropleth.as_ref().map(|k| k.series.as_str());
    let key = (figures_identity(state), wanted.map(str::to_owned));
    SERIES_CACHE.with_borrow_mut(|cache| {
        if let Some((k, series)) = cache.as_ref()
            && *k == key
        {
            return series.clone();
        }
        let series = choropleth::choose_series(&state.dataset, wanted);
        *cache = Some((key, series.clone()));
        series
    })
}

/// Which figures a cached choropleth was computed from: the buffers and
/// lengths of the figure and region lists and a checksum of every figure's
/// year, value and the lengths of its series and region keys. A new dataset can reuse a freed buffer,
/// so the address alone is not enough; the checksum costs about 20 µs at
/// 10,000 figures against ~60 ms for the choice it saves.
type FiguresIdentity = (usize, usize, usize, u64);

fn figures_identity(state: &AppState) -> FiguresIdentity {
    let d = &state.dataset;
    let mut sum: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &d.figures {
        for word in [
            f.value.to_bits(),
            f.year.map_or(u64::MAX, |y| y as u64),
            f.series.len() as u64 ^ ((f.region.len() as u64) << 16),
        ] {
            sum = (sum ^ word).wrapping_mul(0x100_0000_01b3).rotate_left(5);
        }
    }
    (
        d.figures.as_ptr() as usize,
        d.figures.len(),
        d.regions.len(),
        sum,
    )
}

type SeriesKey = (FiguresIdentity, Option<String>);
type YearKey = (FiguresIdentity, String, i32);

thread_local! {
    /// The map, the timeline and the legend each ask for the choropleth every
    /// frame; choosing the series scans every figure and classifies all its
    /// values (about 60 ms a frame at 100× the data, issue 12), so the last
    /// answer is kept until its inputs change.
    static SERIES_CACHE: RefCell<Option<(SeriesKey, Option<ChoroplethSeries>)>> =
        const { RefCell::new(None) };
    static YEAR_CACHE: RefCell<Option<(YearKey, YearView)>> = const { RefCell::new(None) };
}

/// The timeline year of the oblast layer: the chosen year brought into the
/// series' range, or its latest year (what the slider shows; `None` when the
/// oblast layer is off). Charts can draw their year line here.
pub fn timeline_year(state: &AppState) -> Option<i32> {
    active_series(state).map(|s| s.resolve_year(state.ui.year))
}

/// The choropleth in force: the series and the year on the map.
pub struct Choropleth {
    pub series: ChoroplethSeries,
    /// The year shown: a year hovered in a chart, else the timeline year.
    pub year: YearView,
}

impl Choropleth {
    /// Fill of a unit on screen (premultiplied for egui).
    pub fn fill(&self, hasc: &str) -> Option<Color32> {
        self.year.fill_of(hasc).map(color)
    }

    /// Value labels of the units with a value: (HASC, "151.1 kg").
    pub fn labels(&self) -> Vec<(String, String)> {
        self.year
            .units
            .iter()
            .filter(|u| u.value.is_some())
            .map(|u| {
                let mut text = self.year.value_text(&u.region, self.series.unit);
                if u.caveat.is_some() {
                    text.push('*');
                }
                (u.region.clone(), text)
            })
            .collect()
    }
}

/// The oblast layer as the map draws it now.
pub fn active_choropleth(state: &AppState) -> Option<Choropleth> {
    let series = active_series(state)?;
    let year = state
        .preview_year
        .unwrap_or_else(|| series.resolve_year(state.ui.year));
    let year = year_view(state, &series, year);
    Some(Choropleth { series, year })
}

/// The series' view of `year`, cached between frames (the map, legend and
/// timeline ask every frame; at 100× the data building it took milliseconds).
pub fn year_view(state: &AppState, series: &ChoroplethSeries, year: i32) -> YearView {
    let key = (figures_identity(state), series.series.clone(), year);
    YEAR_CACHE.with_borrow_mut(|cache| {
        if let Some((k, view)) = cache.as_ref()
            && *k == key
        {
            return view.clone();
        }
        let view = YearView::new(&state.dataset, series, year);
        *cache = Some((key, view.clone()));
        view
    })
}

/// Toolbar above the map: fit, zoom, layers, search.
fn toolbar(ui: &mut Ui, state: &AppState, view: &mut MapView, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui
            .button("Fit all")
            .on_hover_text("Show every route and place")
            .clicked()
        {
            commands.push(Command::Map(MapCommand::FitAll));
        }
        if ui.button(" − ").on_hover_text("Zoom out (or -)").clicked() {
            commands.push(Command::Map(MapCommand::ZoomBy(-1.0)));
        }
        if ui.button(" + ").on_hover_text("Zoom in (or +)").clicked() {
            commands.push(Command::Map(MapCommand::ZoomBy(1.0)));
        }
        ui.menu_button("Layers", |ui| {
            for layer in Layer::ALL {
                let mut on = state.ui.map.shows(layer);
                if ui.checkbox(&mut on, layer.label()).changed() {
                    commands.push(Command::Map(MapCommand::ShowLayer(layer, on)));
                }
            }
            ui.separator();
            ui.label("Oblast layer shows:");
            let options = choropleth::series_options(&state.dataset);
            let current = active_series(state).map(|s| s.series);
            if options.is_empty() {
                ui.weak("no figure with amounts for two or more oblasts");
            }
            for o in options {
                let chosen = current.as_deref() == Some(o.series.as_str());
                let hint = format!(
                    "{} of the oblasts and cities have a value in some year; \
                     the timeline under the map picks the year",
                    o.units_reporting
                );
                if ui.radio(chosen, o.label()).on_hover_text(hint).clicked() {
                    commands.push(Command::Map(MapCommand::SetChoropleth(Some(
                        ChoroplethKey {
                            series: o.series.clone(),
                        },
                    ))));
                    // Keep the shared year inside the new series' years, so the
                    // charts' year line and the map agree.
                    let year = o.resolve_year(state.ui.year);
                    if state.ui.year != Some(year) {
                        commands.push(Command::SetYear(Some(year)));
                    }
                }
            }
            ui.weak("Only amounts per oblast (seizures, cultivation) reported for two or more oblasts are offered.");
        });
        if ui
            .button("Export map…")
            .on_hover_text("Save the map as PNG or SVG")
            .clicked()
        {
            use crate::app::panels::map_export::MapExportCommand;
            commands.push(Command::MapExport(MapExportCommand::Open));
        }
        let label = ui.label("Find place:");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut view.search)
                    .hint_text("name or any spelling")
                    .desired_width(160.0),
            )
            .labelled_by(label.id);
        let query = view.search.trim().to_lowercase();
        if !query.is_empty() {
            let matches: Vec<_> = state
                .dataset
                .places
                .iter()
                .filter(|p| {
                    p.name.to_lowercase().contains(&query)
                        || p.aliases.iter().any(|a| a.to_lowercase().contains(&query))
                })
                .take(8)
                .collect();
            if matches.is_empty() {
                ui.weak("no place matches");
            }
            let enter = search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            for (i, p) in matches.iter().enumerate() {
                let alias = p.aliases.iter().find(|a| {
                    a.to_lowercase().contains(&query) && !p.name.to_lowercase().contains(&query)
                });
                let text = match alias {
                    Some(a) => format!("{} ({a})", p.name),
                    None => p.name.clone(),
                };
                if ui.button(text).clicked() || (enter && i == 0) {
                    commands.push(Command::Map(MapCommand::CenterOn(p.id.clone())));
                    commands.push(Command::Select(Some(Selection::Place(p.id.clone()))));
                }
            }
        }
    });
}

/// Draw the map tab.
pub fn show(
    ui: &mut Ui,
    state: &AppState,
    view: &mut MapView,
    facts: &[RouteFacts],
    commands: &mut Vec<Command>,
) {
    toolbar(ui, state, view, commands);
    let online_on = state.ui.map.online_tiles;
    view.ensure_tiles(ui.ctx(), online_on);
    let choropleth = active_choropleth(state);
    let basemap = Arc::clone(&view.basemap);

    // Fits are resolved here, where the map's size is known.
    let rect_guess = ui.available_rect_before_wrap();
    if let Some(fit) = view.pending_fit.take() {
        let ((lon, lat), zoom) = fit.view(rect_guess.size());
        view.center_on(lon, lat, zoom);
    }
    if ui.rect_contains_pointer(rect_guess) && !ui.ctx().egui_wants_keyboard_input() {
        let (plus, minus) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals),
                i.key_pressed(egui::Key::Minus),
            )
        });
        if plus {
            view.zoom_by(1.0);
        }
        // Arrow keys pan by a fifth of the view.
        let (dx, dy) = ui.input(|i| {
            let k = |key| if i.key_pressed(key) { 1.0 } else { 0.0 };
            (
                k(egui::Key::ArrowRight) - k(egui::Key::ArrowLeft),
                k(egui::Key::ArrowDown) - k(egui::Key::ArrowUp),
            )
        });
        if dx != 0.0 || dy != 0.0 {
            view.pan_by_points(
                dx * rect_guess.width() as f64 / 5.0,
                dy * rect_guess.height() as f64 / 5.0,
            );
        }
        if minus {
            view.zoom_by(-1.0);
        }
    }

    let hits: RefCell<Vec<Hit>> = RefCell::new(Vec::new());
    // Loaded every frame the map shows (egui keeps them while asked for).
    let patterns = patterns::Patterns::load(ui.ctx());
    let overlay = Overlay {
        patterns: Some(&patterns),
        state,
        basemap: &basemap,
        facts,
        hits: &hits,
        pointer: ui
            .ctx()
            .pointer_hover_pos()
            .filter(|p| rect_guess.contains(*p)),
    };
    let labels = choropleth
        .as_ref()
        .map(Choropleth::labels)
        .unwrap_or_default();
    let MapView {
        memory,
        offline,
        online,
        fills,
        ..
    } = view;
    let Some(offline) = offline.as_mut() else {
        ui.label("The basemap could not be started.");
        return;
    };
    offline.begin_frame();
    let rendering = offline.pending_tiles();

    let mut map = Map::new(Some(offline), memory, lon_lat(66.0, 45.5))
        .double_click_to_zoom(true)
        .zoom_with_ctrl(false);
    if let Some(c) = &choropleth {
        // Under every other overlay, over the tiles (and the online tiles).
        map = map.with_plugin(areas::OblastFillsPlugin {
            fills,
            choropleth: c,
        });
    }
    map = map.with_plugin(areas::CountryLabelsPlugin { overlay: &overlay });
    let online_active = online_on && online.is_some();
    if let (true, Some(o)) = (online_on, online.as_mut()) {
        map = map.with_layer(&mut o.tiles, 1.0);
    }
    if choropleth.is_some() {
        map = map.with_plugin(areas::OblastsPlugin {
            overlay: &overlay,
            labels: &labels,
        });
    }
    if state.ui.map.show_flows {
        map = map.with_plugin(flows::FlowsPlugin { overlay: &overlay });
    }
    if state.ui.map.show_routes {
        map = map.with_plugin(routes::RoutesPlugin { overlay: &overlay });
    }
    if state.ui.map.show_places {
        map = map.with_plugin(places::PlacesPlugin { overlay: &overlay });
    }
    let response = map
        .show(ui, |ui, _response, projector, _memory| {
            let rect = ui.max_rect();
            if state.ui.map.show_legend {
                legend(ui, state, choropleth.as_ref(), rect);
            }
            scale_bar(ui, projector, rect);
            attribution(ui, rect, online_active);
            if rendering > 0 {
                // Progress for the only slow thing here: tiles being rasterised.
                let text = format!("Drawing {rendering} map tile(s)…");
                let pos = rect.right_top() + vec2(-8.0, 8.0);
                let painter = ui.painter();
                let galley = painter.layout_no_wrap(
                    text,
                    FontId::proportional(11.0),
                    Color32::from_gray(40),
                );
                let r = Align2::RIGHT_TOP
                    .anchor_size(pos, galley.size())
                    .expand(3.0);
                painter.rect_filled(r, 2.0, Color32::from_white_alpha(210));
                painter.galley(r.min + vec2(3.0, 3.0), galley, Color32::from_gray(40));
            }
        })
        .response;
    view.last_rect = Some(response.rect);
    if view.memory.zoom() > MAX_ZOOM as f64 || view.memory.zoom() < MIN_ZOOM {
        let z = view.memory.zoom().clamp(MIN_ZOOM, MAX_ZOOM as f64);
        let _ = view.memory.set_zoom(z);
    }
    if let Some(status) = view.online_status().filter(|_| online_on) {
        online_notice(ui, response.rect, &status);
    }
    if online_on {
        let host = online::host_of(&view.online_endpoint.url_template);
        let status = view.online_status();
        online::badge(
            ui,
            response.rect,
            &host,
            status.as_ref(),
            view.online_cache_problem(),
        );
    }

    let hits = hits.into_inner();
    let hit = best_hit(&hits).cloned();
    if let Some(hit) = &hit {
        let text = tooltip_text(state, facts, choropleth.as_ref(), &basemap, &hit.target);
        response.clone().on_hover_text_at_pointer(text);
    }
    if response.clicked() {
        match hit.map(|h| h.target) {
            Some(HitTarget::Route(id)) => {
                commands.push(Command::Select(Some(Selection::Route(id))))
            }
            Some(HitTarget::Place(id)) => {
                commands.push(Command::Select(Some(Selection::Place(id))))
            }
            Some(HitTarget::Oblast(hasc)) => {
                commands.push(Command::Chart(ChartCommand::ToggleOblast(hasc.clone())));
                commands.push(Command::Select(Some(Selection::Oblast(hasc))));
            }
            Some(HitTarget::Flow(_)) | None => {}
        }
    }
}

/// Tooltip of whatever is under the pointer: names, roles, values with units and sources.
pub fn tooltip_text(
    state: &AppState,
    facts: &[RouteFacts],
    choropleth: Option<&Choropleth>,
    basemap: &Basemap,
    target: &HitTarget,
) -> String {
    let d = &state.dataset;
    match target {
        HitTarget::Route(id) => {
            let Some(r) = d.route(id) else {
                return id.clone();
            };
            let mut t = format!(
                "{}\nFrom {} · {} · {}",
                r.name,
                country_name(&r.origin_country),
                r.mode.label(),
                r.status.label()
            );
            if state.route_facts_pending {
                t.push_str(&format!(
                    "\nLength: {}",
                    crate::app::panels::details::WORKING_OUT
                ));
            } else if let Some(f) = facts.iter().find(|f| f.route_id == *id) {
                t.push_str(&format!(
                    "\nLength: {:.0} km (geodesic, along waypoints)",
                    f.length_km
                ));
            }
            if r.variant_of.is_some() {
                t.push_str("\nAnother passage's version of this route");
            }
            for s in &r.sources {
                t.push_str(&format!("\nSource: {}", d.citation(s)));
            }
            t
        }
        HitTarget::Place(id) => {
            let Some(p) = d.place(id) else {
                return id.clone();
            };
            let roles: Vec<&str> = p.roles.iter().map(|r| r.label()).collect();
            let mut t = format!(
                "{} ({})\n{}",
                p.name,
                country_name(&p.country),
                roles.join(", ")
            );
            if !p.aliases.is_empty() {
                t.push_str(&format!("\nAlso: {}", p.aliases.join(", ")));
            }
            for s in &p.sources {
                t.push_str(&format!("\nSource: {}", d.citation(s)));
            }
            t
        }
        HitTarget::Flow(id) => flows::tooltip_text(d, id),
        HitTarget::Oblast(hasc) => {
            let name = d
                .region(hasc)
                .map(|r| r.name.clone())
                .or_else(|| basemap.oblast(hasc).map(|o| o.name.clone()))
                .unwrap_or_else(|| hasc.clone());
            let mut t = name;
            let shown = choropleth.and_then(|c| {
                let unit = c.year.unit(hasc)?;
                Some((c, unit.figure.as_deref(), unit.caveat.as_deref()))
            });
            if let Some((c, figure, caveat)) = shown {
                let title = c.series.legend_title(c.year.year);
                match figure.and_then(|id| d.figures.iter().find(|f| f.id == id)) {
                    Some(f) => t.push_str(&format!(
                        "\n{title}: {}{}\nSource: {}",
                        c.year.value_text(hasc, c.series.unit),
                        caveat.map(|c| format!(" {c}")).unwrap_or_default(),
                        d.citation(&f.source)
                    )),
                    None => t.push_str(&format!("\n{title}: no data (not reported by the source)")),
                }
            }
            // Every other figure the sources give for this unit.
            for f in d.figures.iter().filter(|f| f.region == *hasc) {
                if shown.is_some_and(|(_, id, _)| id == Some(f.id.as_str())) {
                    continue;
                }
                let when = f.when_text();
                t.push_str(&format!(
                    "\n{} {} {}: {} {}",
                    f.drug.label(),
                    f.metric.replace('_', " "),
                    when,
                    f.value,
                    f.unit.symbol()
                ));
                if let Some(mark) = crate::import::merge::mark(d, f) {
                    t.push_str(&format!(" ({mark})"));
                }
            }
            t.push_str("\nClick to add to / remove from the oblast comparison chart");
            t
        }
    }
}

/// Draws one legend symbol centred at a point.
type LegendSymbol = Box<dyn Fn(&egui::Painter, Pos2)>;

fn legend(ui: &Ui, state: &AppState, choropleth: Option<&Choropleth>, map_rect: Rect) {
    let painter = ui.painter();
    let font = FontId::proportional(11.5);
    let ink = color(crate::style::FURNITURE_INK);
    let mut rows: Vec<(&str, LegendSymbol)> = Vec::new();
    if state.ui.map.show_routes {
        for origin in state.origins() {
            let c = color(origin_color(&origin));
            let name: &'static str = match origin.as_str() {
                "KG" => "from Kyrgyzstan",
                "TJ" => "from Tajikistan",
                "UZ" => "from Uzbekistan",
                "TM" => "from Turkmenistan",
                _ => "from elsewhere",
            };
            rows.push((
                name,
                Box::new(move |p, at| {
                    p.line_segment(
                        [at + vec2(-9.0, 0.0), at + vec2(9.0, 0.0)],
                        Stroke::new(3.0, c),
                    );
                }),
            ));
        }
        rows.push((
            "rail leg",
            Box::new(|p, at| {
                p.extend(egui::Shape::dashed_line(
                    &[at + vec2(-9.0, 0.0), at + vec2(9.0, 0.0)],
                    Stroke::new(2.5, color(crate::style::LEGEND_SAMPLE_DARK)),
                    5.0,
                    3.0,
                ));
            }),
        ));
        rows.push((
            "other passage's version",
            Box::new(|p, at| {
                p.line_segment(
                    [at + vec2(-9.0, 0.0), at + vec2(9.0, 0.0)],
                    Stroke::new(1.5, color(crate::style::LEGEND_SAMPLE_LIGHT)),
                );
            }),
        ));
        rows.push((
            "likely (not confirmed)",
            Box::new(|p, at| {
                p.extend(egui::Shape::dotted_line(
                    &[at + vec2(-9.0, 0.0), at + vec2(9.0, 0.0)],
                    color(crate::style::LEGEND_SAMPLE_DARK),
                    5.0,
                    1.5,
                ));
            }),
        ));
    }
    if state.ui.map.show_flows {
        rows.extend(flows::legend_rows());
    }
    if state.ui.map.show_places {
        for (role, label) in [
            (PlaceRole::EntryPoint, "entry point"),
            (PlaceRole::ExitPoint, "exit point"),
            (PlaceRole::RailBorderPoint, "rail border point"),
            (PlaceRole::Hub, "hub"),
            (PlaceRole::ConvergencePoint, "convergence point"),
            (PlaceRole::Seaport, "seaport"),
            (PlaceRole::Origin, "route origin"),
            (PlaceRole::Waypoint, "waypoint"),
        ] {
            rows.push((
                label,
                Box::new(move |p, at| places::draw_symbol(p, at, role, 4.0)),
            ));
        }
    }
    if !state.ui.charts.oblasts.is_empty() && choropleth.is_some() {
        rows.push((
            "in the oblast comparison chart",
            Box::new(|p, at| {
                let r = Rect::from_center_size(at, vec2(14.0, 10.0));
                p.rect_stroke(
                    r,
                    1.0,
                    Stroke::new(
                        crate::style::COMPARISON_OUTLINE_WIDTH,
                        color(crate::style::COMPARISON_OUTLINE),
                    ),
                    egui::StrokeKind::Inside,
                );
            }),
        ));
    }
    let row_h = 15.0;
    let col_w = 175.0;
    // Title, year count, class rows, "no data", and the note on fixed classes.
    let choropleth_rows = choropleth.map_or(0, |c| {
        CHOROPLETH_RAMP.len()
            + 3
            + usize::from(c.series.classes_note().is_some())
            + usize::from(c.year.has_caveats())
    });
    let choropleth_h = if choropleth.is_some() {
        8.0 + choropleth_rows as f32 * row_h
    } else {
        0.0
    };
    // Two columns when one would cover too much of the map.
    let cols = if rows.len() as f32 * row_h + choropleth_h > map_rect.height() * 0.35 {
        2
    } else {
        1
    };
    let per_col = rows.len().div_ceil(cols);
    let height = per_col as f32 * row_h + 10.0 + choropleth_h;
    let width = (col_w * cols as f32).max(if choropleth.is_some() { 230.0 } else { 0.0 });
    let box_rect = Rect::from_min_size(
        pos2(map_rect.left() + 8.0, map_rect.bottom() - height - 30.0),
        vec2(width, height),
    );
    if rows.is_empty() && choropleth.is_none() {
        return;
    }
    painter.rect(
        box_rect,
        4.0,
        color(crate::style::FURNITURE_BOX),
        Stroke::new(1.0, color(crate::style::FURNITURE_BORDER)),
        egui::StrokeKind::Inside,
    );
    let top = box_rect.top() + 5.0 + row_h / 2.0;
    for (i, (label, draw)) in rows.iter().enumerate() {
        let x = box_rect.left() + (i / per_col.max(1)) as f32 * col_w;
        let y = top + (i % per_col.max(1)) as f32 * row_h;
        draw(painter, pos2(x + 16.0, y));
        painter.text(
            pos2(x + 32.0, y),
            Align2::LEFT_CENTER,
            *label,
            font.clone(),
            ink,
        );
    }
    let mut y = top + per_col as f32 * row_h;
    if let Some(c) = choropleth {
        let left = box_rect.left() + 8.0;
        y += 4.0;
        painter.text(
            pos2(left, y),
            Align2::LEFT_CENTER,
            c.series.legend_title(c.year.year),
            FontId::proportional(12.0),
            ink,
        );
        y += row_h;
        painter.text(
            pos2(left, y),
            Align2::LEFT_CENTER,
            c.year.reported_text(),
            font.clone(),
            Color32::from_gray(70),
        );
        y += row_h + 2.0;
        for (i, label) in c.series.classes.labels(c.series.unit).iter().enumerate() {
            let swatch = Rect::from_center_size(pos2(box_rect.left() + 16.0, y), vec2(14.0, 10.0));
            painter.rect_filled(swatch, 1.0, color(CHOROPLETH_RAMP[i]));
            painter.text(
                pos2(box_rect.left() + 32.0, y),
                Align2::LEFT_CENTER,
                label,
                font.clone(),
                ink,
            );
            y += row_h;
        }
        let swatch = Rect::from_center_size(pos2(box_rect.left() + 16.0, y), vec2(14.0, 10.0));
        painter.rect(
            swatch,
            1.0,
            color(NO_DATA.with_alpha(NO_DATA_FILL_ALPHA)),
            Stroke::new(1.0, Color32::GRAY),
            egui::StrokeKind::Inside,
        );
        painter.text(
            pos2(box_rect.left() + 32.0, y),
            Align2::LEFT_CENTER,
            NO_DATA_LABEL,
            font.clone(),
            ink,
        );
        let notes = [
            c.series.classes_note(),
            c.year
                .has_caveats()
                .then(|| "* part of the year only, or year not stated".to_owned()),
        ];
        for note in notes.into_iter().flatten() {
            y += row_h;
            painter.text(
                pos2(left, y),
                Align2::LEFT_CENTER,
                note,
                FontId::proportional(10.5),
                Color32::from_gray(90),
            );
        }
    }
}

fn scale_bar(ui: &Ui, projector: &walkers::Projector, map_rect: Rect) {
    let center = projector.unproject(map_rect.center().to_vec2());
    let px_per_m = projector.scale_pixel_per_meter(center) as f64;
    if !(px_per_m.is_finite() && px_per_m > 0.0) {
        return;
    }
    let max_m = 120.0 / px_per_m;
    let magnitude = 10f64.powf(max_m.log10().floor());
    let nice = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|m| *m <= max_m)
        .unwrap_or(magnitude);
    let len_px = (nice * px_per_m) as f32;
    let painter = ui.painter();
    let left = pos2(map_rect.left() + 12.0, map_rect.bottom() - 14.0);
    let right = left + vec2(len_px, 0.0);
    let stroke = Stroke::new(2.0, Color32::from_gray(30));
    painter.rect_filled(
        Rect::from_min_max(left - vec2(4.0, 14.0), right + vec2(40.0, 6.0)),
        2.0,
        Color32::from_white_alpha(200),
    );
    painter.line_segment([left, right], stroke);
    painter.line_segment([left, left - vec2(0.0, 6.0)], stroke);
    painter.line_segment([right, right - vec2(0.0, 6.0)], stroke);
    let text = if nice >= 1000.0 {
        format!("{:.0} km", nice / 1000.0)
    } else {
        format!("{nice:.0} m")
    };
    painter.text(
        right + vec2(4.0, 0.0),
        Align2::LEFT_BOTTOM,
        text,
        FontId::proportional(11.0),
        Color32::from_gray(30),
    );
}

fn attribution(ui: &mut Ui, map_rect: Rect, online: bool) {
    let mut text = String::from(crate::cartography::ATTRIBUTION);
    if online {
        text.push_str(" · Tiles ");
        text.push_str(OSM_ATTRIBUTION);
    }
    let painter = ui.painter();
    let font = FontId::proportional(11.0);
    let galley = painter.layout_no_wrap(text, font, Color32::from_gray(40));
    let rect = Align2::RIGHT_BOTTOM
        .anchor_size(map_rect.right_bottom() - vec2(4.0, 4.0), galley.size())
        .expand(3.0);
    painter.rect_filled(rect, 2.0, Color32::from_white_alpha(210));
    // A label (not bare paint) so the attribution is part of the accessible UI.
    let text = galley.text().to_owned();
    ui.put(
        rect.shrink(3.0),
        egui::Label::new(
            egui::RichText::new(text)
                .size(11.0)
                .color(Color32::from_gray(40)),
        )
        .extend(),
    );
}

fn online_notice(ui: &mut Ui, map_rect: Rect, status: &OnlineStatus) {
    let (text, fill) = match status {
        OnlineStatus::Checking => (
            "Online tiles: connecting…".to_owned(),
            Color32::from_rgb(255, 250, 220),
        ),
        OnlineStatus::Available => return,
        OnlineStatus::Unavailable(why) => (
            format!("Online tiles unavailable ({why}); showing the offline basemap."),
            Color32::from_rgb(255, 228, 220),
        ),
    };
    // A real label (not just paint), so screen readers and tests can find it.
    let width = (map_rect.width() - 40.0).max(100.0);
    let area = Rect::from_min_size(
        map_rect.center_top() + vec2(-width / 2.0, 10.0),
        vec2(width, 60.0),
    );
    ui.scope_builder(egui::UiBuilder::new().max_rect(area), |ui| {
        egui::Frame::new()
            .fill(fill)
            .stroke(Stroke::new(1.0, Color32::from_gray(150)))
            .corner_radius(4.0)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.add(
                    egui::Label::new(egui::RichText::new(text).color(Color32::from_gray(20)))
                        .wrap(),
                );
            });
    });
}
