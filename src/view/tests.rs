use super::*;

fn full_view() -> View {
    View {
        dataset: Some(DatasetRef {
            label: "data/kazakhstan.json".into(),
            sha256: "ab".repeat(32),
        }),
        central_tab: Tab::Charts,
        map: MapSection {
            center: Some([59.6, 42.46]),
            zoom: Some(6.25),
            bbox: Some([50.0, 40.0, 70.0, 50.0]),
            layers: Layers {
                routes: false,
                flows: false,
                places: true,
                oblasts: true,
                legend: false,
                online_tiles: false,
            },
            oblast_series: Some("kz-oblast-heroin".into()),
        },
        year: Some(2005),
        selection: Some(ViewSelection::Leg("nukus".into(), "beineu".into())),
        hidden_routes: HiddenRoutes {
            origins: vec!["TJ".into()],
            modes: vec![Mode::Rail],
            statuses: vec![RouteStatus::Likely],
        },
        chart: ChartSection {
            id: ChartKey(ChartId::OblastSlope),
            drug: DrugKey(ChartDrug::Opium),
            oblasts: Some(vec!["KZ.SK".into(), "KZ.AA".into()]),
            log_scale: true,
            index_base_year: Some(2004),
            value_labels: true,
            show_printed: false,
            year: Some(2006),
            from_year: Some(2003),
            imported_series: Vec::new(),
        },
        image: Some(ImageSection {
            figure: Figure::Map,
            width_px: 1500,
            height_px: 1000,
            scale: 1.25,
            embed_font: false,
            title: Some("West Kazakhstan".into()),
        }),
        ..View::default()
    }
}

#[test]
fn a_view_reads_back_equal_and_writes_the_same_text() {
    let view = full_view();
    let text = view.to_json();
    let back = View::parse("v.json", &text).unwrap();
    assert_eq!(back, view);
    assert_eq!(back.to_json(), text);
    // The format is readable by people: chart ids and drugs as the CLI spells them.
    assert!(text.contains("\"id\": \"oblast-slope\""), "{text}");
    assert!(text.contains("\"drug\": \"opium\""), "{text}");
    assert!(text.contains("\"leg\": ["), "{text}");
    assert!(text.contains("\"imported_files\": []"), "{text}");
}

#[test]
fn the_smallest_view_is_the_default_view() {
    let v = View::parse(
        "min.json",
        r#"{"format": "route-explorer-view", "version": 1}"#,
    )
    .unwrap();
    assert_eq!(v, View::default());
    assert!(v.map.layers.routes && !v.map.layers.online_tiles);
    assert_eq!(v.chart.id.0, ChartId::NationalSeizures);
    assert!(v.chart.show_printed);
}

#[test]
fn an_unknown_version_is_refused_by_number() {
    let e = View::parse(
        "new.json",
        r#"{"format": "route-explorer-view", "version": 2, "brand_new": true}"#,
    )
    .unwrap_err();
    assert!(matches!(e, ViewError::UnsupportedVersion { .. }));
    let msg = e.to_string();
    assert!(
        msg.starts_with("new.json: view version 2 is not supported"),
        "{msg}"
    );
    assert!(msg.contains("reads version 1"), "{msg}");
    let e = View::parse("nov.json", r#"{"format": "route-explorer-view"}"#).unwrap_err();
    assert!(e.to_string().contains("version (missing)"), "{e}");
}

#[test]
fn other_json_is_not_a_view() {
    let e = View::parse("routes.geojson", r#"{"type": "FeatureCollection"}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "routes.geojson: not a view: no \"format\": \"route-explorer-view\" field at the top level"
    );
    let e = View::parse("x.json", r#"{"format": "geojson", "version": 1}"#).unwrap_err();
    assert!(e.to_string().contains("\"format\" is \"geojson\""), "{e}");
    let e = View::parse("x.json", "[1, 2]").unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.json: not a view: the file holds a JSON array, not an object"
    );
}

#[test]
fn damaged_json_names_the_file_line_and_column() {
    let text =
        "{\n  \"format\": \"route-explorer-view\",\n  \"version\": 1,\n  \"year\": 20 05\n}\n";
    let e = View::parse("broken.json", text).unwrap_err();
    match &e {
        ViewError::Syntax { line, column, .. } => assert_eq!((*line, *column), (4, 14)),
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string()
            .starts_with("broken.json: line 4, column 14: "),
        "{e}"
    );
    // A file cut short.
    let e = View::parse("cut.json", "{\"format\": \"route-explorer-view\", \"vers").unwrap_err();
    assert!(e.to_string().contains("EOF"), "{e}");
}

#[test]
fn wrong_fields_are_reported_where_they_are() {
    let text = "{\n  \"format\": \"route-explorer-view\",\n  \"version\": 1,\n  \"map\": {\"layers\": {\"routs\": false}}\n}";
    let e = View::parse("typo.json", text).unwrap_err().to_string();
    assert!(e.starts_with("typo.json: line 4,"), "{e}");
    assert!(e.contains("unknown field `routs`"), "{e}");

    let text =
        "{\"format\": \"route-explorer-view\", \"version\": 1,\n \"chart\": {\"id\": \"pie\"}}";
    let e = View::parse("chart.json", text).unwrap_err().to_string();
    assert!(e.starts_with("chart.json: line 2,"), "{e}");
    assert!(
        e.contains("unknown chart 'pie'; valid charts: national-seizures"),
        "{e}"
    );

    let text = "{\"format\": \"route-explorer-view\", \"version\": 1, \"year\": \"2005\"}";
    let e = View::parse("y.json", text).unwrap_err().to_string();
    assert!(e.contains("invalid type: string \"2005\""), "{e}");
}

#[test]
fn reading_a_missing_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.json");
    let e = View::read(&path).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{}: cannot read the view", path.display())),
        "{e}"
    );
}

#[test]
fn map_options_follow_the_view() {
    let data = crate::model::load::load_embedded().unwrap();
    let basemap = crate::basemap::Basemap::embedded().unwrap();
    let mut view = full_view();
    view.selection = Some(ViewSelection::Route(data.routes[0].id.clone()));
    let o = render::map_image_options(&view, &data, &basemap);
    assert_eq!((o.width_px, o.height_px, o.scale), (1500, 1000, Some(1.25)));
    let e = o.extent.unwrap();
    assert_eq!([e.west, e.south, e.east, e.north], [50.0, 40.0, 70.0, 50.0]);
    assert!(!o.show_routes && !o.show_flows && !o.show_legend && o.show_places);
    assert_eq!(o.year, Some(2005));
    assert_eq!(o.oblast_series.as_deref(), Some("kz-oblast-heroin"));
    assert_eq!(o.outlined_oblasts, vec!["KZ.SK", "KZ.AA"]);
    assert_eq!(o.title.as_deref(), Some("West Kazakhstan"));
    // The filter hides rail, likely and Tajik routes: the list has every other one.
    let routes = o.routes.unwrap();
    let expected: Vec<&str> = data
        .routes
        .iter()
        .filter(|r| {
            r.origin_country != "TJ" && r.mode != Mode::Rail && r.status != RouteStatus::Likely
        })
        .map(|r| r.id.as_str())
        .collect();
    assert!(!expected.is_empty() && expected.len() < data.routes.len());
    assert_eq!(routes, expected);
    // The oblast layer off: no year, series or outlines.
    view.map.layers.oblasts = false;
    let o = render::map_image_options(&view, &data, &basemap);
    assert!(!o.show_oblasts && o.year.is_none() && o.outlined_oblasts.is_empty());
    // A chart image section does not size a map.
    view.image = None;
    let o = render::map_image_options(&view, &data, &basemap);
    assert_eq!((o.width_px, o.height_px), (3000, 2000));
}

#[test]
fn a_selected_place_highlights_the_routes_through_it() {
    let data = crate::model::load::load_embedded().unwrap();
    let basemap = crate::basemap::Basemap::embedded().unwrap();
    let place = &data.routes[0].waypoints[1].place;
    let view = View {
        selection: Some(ViewSelection::Place(place.clone())),
        ..View::default()
    };
    let o = render::map_image_options(&view, &data, &basemap);
    assert!(o.highlighted_routes.contains(&data.routes[0].id), "{o:?}");
    for id in &o.highlighted_routes {
        let r = data.route(id).unwrap();
        assert!(r.waypoints.iter().any(|w| &w.place == place), "{id}");
    }
}

#[test]
fn chart_options_come_from_the_chart_section() {
    let data = crate::model::load::load_embedded().unwrap();
    let view = full_view();
    let (id, o) = view.chart(&data);
    assert_eq!(id, ChartId::OblastSlope);
    assert_eq!(o.drug, ChartDrug::Opium);
    assert_eq!(o.oblasts, vec!["KZ.SK", "KZ.AA"]);
    assert!(o.log_scale && o.value_labels && !o.show_printed);
    assert_eq!(
        (o.index_base_year, o.year, o.from_year),
        (Some(2004), Some(2006), Some(2003))
    );
    // A map image section does not size a chart.
    let image = view.image_for(Figure::Chart);
    assert_eq!((image.width_px, image.height_px), (1600, 900));
    // No oblast list: every oblast with a figure for the drug, as the command
    // line's default; an empty list stays empty.
    let mut hand_written = View::parse(
        "v.json",
        r#"{"format": "route-explorer-view", "version": 1, "chart": {"id": "oblast-comparison"}}"#,
    )
    .unwrap();
    let (_, o) = hand_written.chart(&data);
    assert_eq!(
        o.oblasts,
        crate::charts::oblasts_with_figures(&data, ChartDrug::Heroin)
    );
    assert!(!o.oblasts.is_empty());
    hand_written.chart.oblasts = Some(Vec::new());
    assert!(hand_written.chart(&data).1.oblasts.is_empty());
}

#[test]
fn the_example_in_the_docs_is_a_valid_view() {
    let doc = include_str!("../../docs/VIEWS.md");
    let start = doc.find("```json\n").expect("the docs have an example") + 8;
    let end = start + doc[start..].find("```").unwrap();
    let view = View::parse("docs/VIEWS.md", &doc[start..end]).unwrap();
    assert_eq!(view.selection, Some(ViewSelection::Place("nukus".into())));
    assert_eq!(view.image.map(|i| i.figure), Some(Figure::Map));
}
