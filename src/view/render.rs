//! A view rendered headless: the chart or map image it describes, with the
//! view itself embedded. The view written into the image is the view fully
//! resolved (image size and scale, dataset), and rendering depends on nothing
//! else, so rendering that embedded view again gives the same bytes.

use std::collections::BTreeSet;

use super::{DatasetRef, Figure, HiddenRoutes, ImageSection, View, ViewSelection};
use crate::analysis::corridor::{self, CorridorTarget};
use crate::analysis::graph::RouteNetwork;
use crate::analysis::route_facts::all_route_facts;
use crate::basemap::Basemap;
use crate::basemap::mercator::{lonlat_to_world, world_to_lonlat};
use crate::charts::provenance::{Provenance, sha256_hex};
use crate::charts::render::{self as chart_render, ImageFormat, RenderSize, SvgFont};
use crate::charts::{self, ChartId, ChartOptions};
use crate::map_image::{self, Extent, MapData, MapImageError, MapImageOptions, MapSelection};
use crate::model::{Dataset, Route};

/// Chart image size when neither the view nor the command line gives one.
pub const CHART_WIDTH_PX: u32 = 1600;
pub const CHART_HEIGHT_PX: u32 = 900;

/// The image section a figure is rendered with when the view has none for it.
pub fn default_image(figure: Figure) -> ImageSection {
    match figure {
        Figure::Chart => {
            let size = RenderSize::new(CHART_WIDTH_PX, CHART_HEIGHT_PX);
            ImageSection {
                figure,
                width_px: size.width,
                height_px: size.height,
                scale: size.scale,
                embed_font: false,
                title: None,
            }
        }
        Figure::Map => {
            let o = MapImageOptions::default();
            ImageSection {
                figure,
                width_px: o.width_px,
                height_px: o.height_px,
                scale: f64::from(o.effective_scale()),
                embed_font: false,
                title: None,
            }
        }
    }
}

/// The chart scale the command line uses for a size (text grows with the image).
pub fn chart_scale_for(width_px: u32, height_px: u32) -> f64 {
    RenderSize::new(width_px, height_px).scale
}

/// The map scale the command line uses for a size.
pub fn map_scale_for(width_px: u32, height_px: u32) -> f64 {
    let o = MapImageOptions {
        width_px,
        height_px,
        ..MapImageOptions::default()
    };
    f64::from(o.effective_scale())
}

pub fn dataset_ref(label: &str, bytes: &[u8]) -> DatasetRef {
    DatasetRef {
        label: label.to_owned(),
        sha256: sha256_hex(bytes),
    }
}

impl View {
    /// The view's image section if it describes `figure`, else the defaults.
    pub fn image_for(&self, figure: Figure) -> ImageSection {
        match &self.image {
            Some(i) if i.figure == figure => i.clone(),
            _ => default_image(figure),
        }
    }

    /// The chart and the options it is built with.
    pub fn chart(&self, dataset: &Dataset) -> (ChartId, ChartOptions) {
        (self.chart.id.0, self.chart.options(dataset))
    }

    /// A note when the view was made from other data than `label`/`bytes`
    /// (the image may then differ from the one the view came from).
    pub fn dataset_note(&self, label: &str, bytes: &[u8]) -> Option<String> {
        let d = self.dataset.as_ref()?;
        let sha = sha256_hex(bytes);
        (d.sha256 != sha).then(|| {
            format!(
                "note: the view was made from {} (SHA-256 {}), this is {} (SHA-256 {}); the figure may differ",
                d.label, d.sha256, label, sha
            )
        })
    }
}

/// Render the chart a view describes. Returns the view as embedded (image
/// and dataset filled in) and the image bytes.
pub fn render_chart(
    view: &View,
    dataset: &Dataset,
    dataset_label: &str,
    dataset_bytes: &[u8],
    format: ImageFormat,
) -> Result<(View, Vec<u8>), String> {
    let mut view = view.clone();
    let image = view.image_for(Figure::Chart);
    view.image = Some(image.clone());
    view.dataset = Some(dataset_ref(dataset_label, dataset_bytes));
    // The image records the oblasts it drew, not "the default".
    view.chart.oblasts = Some(view.chart.oblasts_in(dataset));
    let (id, options) = view.chart(dataset);
    let chart = charts::build_chart(dataset, id, &options);
    let imports = view
        .imported_files
        .iter()
        .map(|f| (f.path.clone(), f.sha256.clone()))
        .collect();
    let prov = Provenance::new(dataset, dataset_label, dataset_bytes, &chart)
        .with_imports(imports)
        .with_view(view.to_json());
    let size = RenderSize::with_scale(image.width_px, image.height_px, image.scale);
    let bytes = match format {
        ImageFormat::Svg => {
            let font = if image.embed_font {
                SvgFont::Embedded
            } else {
                SvgFont::Named
            };
            chart_render::render_svg_with(&chart, size, &prov, font).map(String::into_bytes)?
        }
        ImageFormat::Png => chart_render::render_png(&chart, size, &prov)?,
    };
    Ok((view, bytes))
}

/// Render the map a view describes. Returns the view as embedded and the bytes.
pub fn render_map(
    view: &View,
    data: &MapData<'_>,
    format: ImageFormat,
) -> Result<(View, Vec<u8>), MapImageError> {
    let mut view = view.clone();
    view.image = Some(view.image_for(Figure::Map));
    view.dataset = Some(dataset_ref(data.dataset_label, data.dataset_bytes));
    let mut options = map_image_options(&view, data.dataset, data.basemap);
    map_image::check_options(&options)?;
    options.view_json = Some(view.to_json());
    let bytes = map_image::render(data, &options, format)?;
    Ok((view, bytes))
}

/// The map image options a view stands for (without the embedded view).
pub fn map_image_options(view: &View, dataset: &Dataset, basemap: &Basemap) -> MapImageOptions {
    let image = view.image_for(Figure::Map);
    let layers = view.map.layers;
    let scale = image.scale as f32;
    let extent = match (view.map.bbox, view.map.center, view.map.zoom) {
        (Some([west, south, east, north]), _, _) => Some(Extent {
            west,
            south,
            east,
            north,
        }),
        // A centre and zoom alone: the area a screen of the image's size in
        // points would show.
        (None, Some([lon, lat]), Some(zoom)) => extent_on_screen(
            lon,
            lat,
            zoom,
            f64::from(image.width_px) / f64::from(scale.max(0.01)),
            f64::from(image.height_px) / f64::from(scale.max(0.01)),
        ),
        _ => None,
    };
    let routes = (!view.hidden_routes.is_empty()).then(|| {
        dataset
            .routes
            .iter()
            .filter(|r| shows(&view.hidden_routes, r))
            .map(|r| r.id.clone())
            .collect()
    });
    MapImageOptions {
        width_px: image.width_px,
        height_px: image.height_px,
        scale: Some(scale),
        extent,
        year: if layers.oblasts { view.year } else { None },
        oblast_series: if layers.oblasts {
            view.map.oblast_series.clone()
        } else {
            None
        },
        show_routes: layers.routes,
        show_places: layers.places,
        show_oblasts: layers.oblasts,
        show_legend: layers.legend,
        show_flows: layers.flows,
        routes,
        outlined_oblasts: if layers.oblasts {
            view.chart.oblasts.clone().unwrap_or_default()
        } else {
            Vec::new()
        },
        selection: view.selection.as_ref().map(|s| match s {
            ViewSelection::Route(id) => MapSelection::Route(id.clone()),
            ViewSelection::Place(id) => MapSelection::Place(id.clone()),
            ViewSelection::Leg(a, b) => MapSelection::Leg(a.clone(), b.clone()),
            ViewSelection::Oblast(h) => MapSelection::Oblast(h.clone()),
        }),
        highlighted_routes: highlighted_routes(view, dataset, basemap),
        title: image.title.clone(),
        view_json: None,
        imported_files: view
            .imported_files
            .iter()
            .map(|f| (f.path.clone(), f.sha256.clone()))
            .collect(),
    }
}

/// Whether the route filter of a view shows a route.
pub fn shows(hidden: &HiddenRoutes, route: &Route) -> bool {
    !hidden.origins.contains(&route.origin_country)
        && !hidden.modes.contains(&route.mode)
        && !hidden.statuses.contains(&route.status)
}

/// Route records through the selected place, leg or oblast (drawn on a halo
/// as in the window), in id order.
fn highlighted_routes(view: &View, dataset: &Dataset, basemap: &Basemap) -> Vec<String> {
    let target = match &view.selection {
        Some(ViewSelection::Place(id)) => CorridorTarget::Place(id.clone()),
        Some(ViewSelection::Leg(a, b)) => CorridorTarget::Leg(a.clone(), b.clone()),
        Some(ViewSelection::Oblast(h)) => CorridorTarget::Oblast(h.clone()),
        Some(ViewSelection::Route(_)) | None => return Vec::new(),
    };
    let network = RouteNetwork::build(dataset, |r| shows(&view.hidden_routes, r));
    let facts = all_route_facts(dataset, basemap);
    let summary = corridor::summary(dataset, &network, &facts, Some(basemap), &target);
    let records: BTreeSet<&str> = summary
        .routes
        .iter()
        .flat_map(|r| r.records.iter().map(String::as_str))
        .collect();
    records.into_iter().map(str::to_owned).collect()
}

/// The lon/lat box a map view of `width` × `height` points shows around its
/// centre at `zoom` (256-point tiles); `None` if it is not a valid box.
pub fn extent_on_screen(lon: f64, lat: f64, zoom: f64, width: f64, height: f64) -> Option<Extent> {
    let px_per_world = 256.0 * zoom.exp2();
    let (cx, cy) = lonlat_to_world(lon, lat);
    let (dx, dy) = (width / 2.0 / px_per_world, height / 2.0 / px_per_world);
    let (west, north) = world_to_lonlat((cx - dx).max(0.0), (cy - dy).max(0.0));
    let (east, south) = world_to_lonlat((cx + dx).min(1.0), (cy + dy).min(1.0));
    let e = Extent {
        west,
        south: south.max(-85.0),
        east,
        north: north.min(85.0),
    };
    e.check().ok().map(|()| e)
}
