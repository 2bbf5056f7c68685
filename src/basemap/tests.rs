use super::mercator::{lonlat_to_tile_pixel, tile_for_lonlat};
use super::*;
use std::sync::OnceLock;

fn map() -> &'static Basemap {
    static MAP: OnceLock<Basemap> = OnceLock::new();
    MAP.get_or_init(|| match Basemap::embedded() {
        Ok(m) => m,
        Err(e) => panic!("embedded basemap failed to load: {e}"),
    })
}

fn px(img: &[u8], size: u32, x: u32, y: u32) -> Rgba {
    let i = ((y * size + x) * 4) as usize;
    [img[i], img[i + 1], img[i + 2], img[i + 3]]
}

fn close(a: Rgba, b: Rgba, tol: i32) -> bool {
    (0..4).all(|i| (a[i] as i32 - b[i] as i32).abs() <= tol)
}

/// Share of pixels within `tol` of colour `c`.
fn share(img: &[u8], c: Rgba, tol: i32) -> f64 {
    let n = img.len() / 4;
    let hits = img
        .chunks_exact(4)
        .filter(|p| close([p[0], p[1], p[2], p[3]], c, tol))
        .count();
    hits as f64 / n as f64
}

/// Colour at lon/lat on a tile of zoom z.
fn colour_at(lon: f64, lat: f64, z: u8) -> Rgba {
    let (tx, ty) = tile_for_lonlat(lon, lat, z);
    let img = render_tile(map(), z, tx, ty, 256);
    let (x, y) = lonlat_to_tile_pixel(lon, lat, z, tx, ty, 256);
    px(&img, 256, x as u32, y as u32)
}

#[test]
fn loads_all_sixteen_kazakh_units() {
    let m = map();
    assert_eq!(m.oblasts().len(), 16);
    let mut codes: Vec<&str> = m.oblasts().iter().map(|o| o.hasc.as_str()).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "KZ.AA", "KZ.AC", "KZ.AM", "KZ.AR", "KZ.AS", "KZ.AT", "KZ.EK", "KZ.MG", "KZ.NK",
            "KZ.PA", "KZ.QG", "KZ.QO", "KZ.QS", "KZ.SK", "KZ.WK", "KZ.ZM"
        ]
    );
    assert_eq!(
        m.oblasts()
            .iter()
            .filter(|o| o.kind == OblastKind::City)
            .count(),
        2
    );
    for o in m.oblasts() {
        assert!(!o.name.is_empty() && !o.geometry.0.is_empty(), "{}", o.hasc);
        // the label anchor lies inside its own unit
        let l = o.label;
        assert_eq!(
            m.oblast_at(l.x(), l.y()).map(|u| u.hasc.as_str()),
            Some(o.hasc.as_str()),
            "label of {}",
            o.hasc
        );
    }
}

#[test]
fn oblast_at_known_cities() {
    let m = map();
    let cases = [
        (69.60, 42.32, "KZ.SK", "South Kazakhstan Region"), // Shymkent (pre-2018: South Kazakhstan)
        (76.92, 43.25, "KZ.AC", "Almaty City"),
        (78.37, 45.02, "KZ.AA", "Almaty Region"), // Taldykorgan
        (71.45, 51.17, "KZ.AS", "Astana City"),
        (76.95, 52.29, "KZ.PA", "Pavlodar Region"), // Pavlodar
        (82.61, 49.95, "KZ.EK", "East Kazakhstan Region"), // Ust-Kamenogorsk
        (80.23, 50.41, "KZ.EK", "East Kazakhstan Region"), // Semey (today Abai Region)
        (65.51, 44.85, "KZ.QO", "Kyzylorda Region"),
        (63.31, 45.62, "KZ.QO", "Kyzylorda Region"), // Baikonur town: lease counted in Kyzylorda
        (51.92, 47.11, "KZ.AR", "Atyrau Region"),
        (51.15, 43.65, "KZ.MG", "Mangystau Region"), // Aktau
        (71.37, 42.90, "KZ.ZM", "Zhambyl Region"),   // Taraz
        (73.10, 49.80, "KZ.QG", "Karaganda Region"),
        (63.62, 53.21, "KZ.QS", "Kostanay Region"),
        (69.15, 54.87, "KZ.NK", "North Kazakhstan Region"), // Petropavl
        (57.21, 50.28, "KZ.AT", "Aktobe Region"),
        (51.37, 51.23, "KZ.WK", "West Kazakhstan Region"), // Oral
        (69.39, 53.28, "KZ.AM", "Akmola Region"),          // Kokshetau
    ];
    for (lon, lat, hasc, name) in cases {
        let o = m.oblast_at(lon, lat);
        assert_eq!(
            o.map(|o| o.hasc.as_str()),
            Some(hasc),
            "{name} at {lon},{lat}"
        );
        assert_eq!(o.map(|o| o.name.as_str()), Some(name));
    }
    assert!(
        m.oblast_at(69.28, 41.31).is_none(),
        "Tashkent is not in Kazakhstan"
    );
    assert!(m.oblast_at(50.5, 42.0).is_none(), "middle of the Caspian");
    assert!(m.oblast("KZ.SK").is_some());
}

#[test]
fn country_at_and_labels() {
    let m = map();
    let iso = |lon, lat| m.country_at(lon, lat).map(|c| c.iso_a3.as_str());
    assert_eq!(iso(71.45, 51.17), Some("KAZ"));
    assert_eq!(iso(63.31, 45.62), Some("KAZ")); // Baikonur
    assert_eq!(iso(69.28, 41.31), Some("UZB")); // Tashkent
    assert_eq!(iso(74.59, 42.87), Some("KGZ")); // Bishkek
    assert_eq!(iso(68.78, 38.56), Some("TJK")); // Dushanbe
    assert_eq!(iso(58.38, 37.95), Some("TKM")); // Ashgabat
    assert_eq!(iso(69.17, 34.53), Some("AFG")); // Kabul
    assert_eq!(iso(37.62, 55.75), Some("RUS")); // Moscow
    assert_eq!(iso(87.6, 43.8), Some("CHN")); // Urumqi
    assert_eq!(iso(50.5, 42.0), None); // Caspian
    for code in [
        "KAZ", "UZB", "KGZ", "TJK", "TKM", "AFG", "RUS", "CHN", "IRN", "PAK", "MNG",
    ] {
        let c = m.country(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(
            iso(c.label.x(), c.label.y()),
            Some(code),
            "label of {code} must be inside it"
        );
    }
    let kz = m
        .country("KAZ")
        .map(|c| (c.name.as_str(), c.iso_a2.as_str(), c.iso_n3.as_str()));
    assert_eq!(kz, Some(("Kazakhstan", "KZ", "398")));
}

#[test]
fn lakes_present() {
    let m = map();
    for (name, lon, lat) in [
        ("Lake Balkhash", 74.5, 46.45),
        ("Lake Balkhash", 77.5, 46.55),
        ("Issyk-Kul", 77.3, 42.45),
        ("Lake Zaysan", 84.0, 48.0),
        ("Alaköl", 81.75, 46.1),
        ("Aral Sea", 59.5, 45.5),
    ] {
        assert_eq!(
            m.lake_at(lon, lat).map(|l| l.name.as_str()),
            Some(name),
            "{lon},{lat}"
        );
    }
}

#[test]
fn steppe_tile_is_mostly_land() {
    let style = BasemapStyle::default();
    // z7 tile over the Kazakh steppe near Karaganda / Astana
    let (tx, ty) = tile_for_lonlat(72.0, 50.5, 7);
    let img = render_tile(map(), 7, tx, ty, 256);
    assert_eq!(img.len(), 256 * 256 * 4);
    let land = share(&img, style.kazakhstan_land, 6) + share(&img, style.land, 6);
    assert!(land > 0.8, "land share {land}");
}

#[test]
fn caspian_is_water() {
    let style = BasemapStyle::default();
    // z8 tile 49.2..50.6 E, 41.0..42.0 N: open Caspian between Dagestan and Mangystau
    let (tx, ty) = tile_for_lonlat(50.2, 41.6, 8);
    let img = render_tile(map(), 8, tx, ty, 256);
    assert!(
        share(&img, style.water, 2) > 0.98,
        "{}",
        share(&img, style.water, 2)
    );
    assert!(close(colour_at(51.0, 41.5, 6), style.water, 2));
}

#[test]
fn balkhash_and_aral_are_water_on_tiles() {
    let style = BasemapStyle::default();
    for z in [6u8, 8, 10] {
        assert!(
            close(colour_at(74.5, 46.45, z), style.lake, 4),
            "Balkhash west z{z}"
        );
        assert!(
            close(colour_at(77.5, 46.55, z), style.lake, 4),
            "Balkhash east z{z}"
        );
    }
    assert!(
        close(colour_at(59.5, 45.5, 7), style.lake, 4),
        "Aral (2000s extent)"
    );
    assert!(close(colour_at(77.3, 42.45, 8), style.lake, 4), "Issyk-Kul");
    // and land next to Balkhash (Balkhash town is on the northern shore)
    let c = colour_at(74.8, 47.2, 8);
    assert!(
        close(c, style.kazakhstan_land, 6),
        "north of Balkhash: {c:?}"
    );
}

#[test]
fn zoom_3_and_11_render_and_are_not_blank() {
    let style = BasemapStyle::default();
    for (z, lon, lat) in [
        (3u8, 70.0, 45.0),
        (11, 76.92, 43.25),
        (11, 69.6, 42.32),
        (12, 71.45, 51.17),
        (0, 0.0, 0.0),
    ] {
        let (tx, ty) = tile_for_lonlat(lon, lat, z);
        let img = render_tile(map(), z, tx, ty, 256);
        assert_eq!(img.len(), 256 * 256 * 4);
        assert!(img.chunks_exact(4).all(|p| p[3] == 255), "opaque z{z}");
        let water = share(&img, style.water, 0);
        assert!(
            water < 0.95,
            "z{z} tile at {lon},{lat} is blank water ({water})"
        );
        let distinct: std::collections::HashSet<[u8; 4]> = img
            .chunks_exact(4)
            .map(|p| [p[0], p[1], p[2], p[3]])
            .collect();
        if z <= 5 {
            assert!(distinct.len() > 3, "z{z}: only {} colours", distinct.len());
        }
    }
}

#[test]
fn borders_are_drawn() {
    let style = BasemapStyle::default();
    // z6 tile around Almaty contains the KZ-KG and KZ-CN borders
    let (tx, ty) = tile_for_lonlat(77.0, 43.5, 6);
    let img = render_tile(map(), 6, tx, ty, 256);
    assert!(share(&img, style.country_border, 30) > 0.003);
    // z6 tile over central Kazakhstan has dashed oblast borders, no country border
    let (tx, ty) = tile_for_lonlat(70.0, 48.5, 6);
    let img = render_tile(map(), 6, tx, ty, 256);
    let background = share(&img, style.kazakhstan_land, 3);
    assert!(
        background > 0.9 && background < 0.995,
        "oblast borders: {background}"
    );
    assert!(share(&img, style.country_border, 30) == 0.0);
}

#[test]
fn out_of_range_and_empty() {
    let style = BasemapStyle::default();
    let img = render_tile(map(), 2, 9, 0, 64);
    assert_eq!(img.len(), 64 * 64 * 4);
    assert!(share(&img, style.water, 0) == 1.0);
    assert!(render_tile(map(), 3, 0, 0, 0).is_empty());
    // middle of the Pacific: all water
    let (tx, ty) = tile_for_lonlat(-150.0, 0.0, 5);
    assert!(share(&render_tile(map(), 5, tx, ty, 256), style.water, 0) == 1.0);
}

#[test]
fn basemap_is_send_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Basemap>();
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let r = Basemap::from_json("{", "{}", "{}", "{}", "{}");
    assert!(matches!(
        r,
        Err(BasemapError::Json {
            file: "countries.json",
            ..
        })
    ));
}

/// Writes sample tiles as PPM for eyeballing: `cargo test --lib basemap::tests::dump -- --ignored`
/// (BASEMAP_DUMP_DIR, default /tmp).
#[test]
#[ignore]
fn dump_sample_tiles() {
    let dir = std::env::var("BASEMAP_DUMP_DIR").unwrap_or_else(|_| "/tmp".into());
    for (name, z, lon, lat) in [
        ("z3", 3u8, 70.0, 45.0),
        ("z4", 4, 70.0, 45.0),
        ("z5", 5, 71.4, 51.1),
        ("z6_almaty", 6, 77.0, 43.5),
        ("z6_center", 6, 70.0, 48.5),
        ("z8_caspian", 8, 50.2, 41.6),
        ("z8_balkhash", 8, 74.5, 46.45),
        ("z9", 9, 69.6, 42.32),
        ("z11", 11, 76.92, 43.25),
    ] {
        let (tx, ty) = tile_for_lonlat(lon, lat, z);
        let img = render_tile(map(), z, tx, ty, 256);
        let mut out = b"P6 256 256 255\n".to_vec();
        for p in img.chunks_exact(4) {
            out.extend_from_slice(&p[..3]);
        }
        let path = format!("{dir}/basemap_{name}.ppm");
        if let Err(e) = std::fs::write(&path, out) {
            panic!("{path}: {e}");
        }
    }
}

/// Writes 3x3-tile mosaics as PPM (see `dump_sample_tiles`).
#[test]
#[ignore]
fn dump_mosaics() {
    let dir = std::env::var("BASEMAP_DUMP_DIR").unwrap_or_else(|_| "/tmp".into());
    for (name, z, lon, lat) in [
        ("m4", 4u8, 68.0, 47.0),
        ("m6", 6, 76.0, 44.5),
        ("m8", 8, 61.0, 45.5),
        ("m11", 11, 76.92, 43.25),
        ("m12", 12, 63.31, 45.62),
        ("edge_n", 6, 70.0, 62.0),
        ("edge_e", 6, 104.0, 50.0),
    ] {
        let (cx, cy) = tile_for_lonlat(lon, lat, z);
        let w = 3 * 256;
        let mut rgb = vec![0u8; w * w * 3];
        for dy in 0..3u32 {
            for dx in 0..3u32 {
                let img = render_tile(map(), z, cx + dx - 1, cy + dy - 1, 256);
                for y in 0..256usize {
                    for x in 0..256usize {
                        let s = (y * 256 + x) * 4;
                        let d = ((dy as usize * 256 + y) * w + dx as usize * 256 + x) * 3;
                        rgb[d..d + 3].copy_from_slice(&img[s..s + 3]);
                    }
                }
            }
        }
        let mut out = format!("P6 {w} {w} 255\n").into_bytes();
        out.extend_from_slice(&rgb);
        let path = format!("{dir}/basemap_{name}.ppm");
        if let Err(e) = std::fs::write(&path, out) {
            panic!("{path}: {e}");
        }
    }
}

#[test]
fn choropleth_fill_colours_its_unit_and_nothing_else() {
    let map = Basemap::embedded().unwrap();
    let style = BasemapStyle {
        oblast_fills: vec![("KZ.SK".to_owned(), [200, 0, 0, 255])],
        ..BasemapStyle::default()
    };
    // Shymkent (South Kazakhstan) and Kyzylorda (next unit) at zoom 6.
    let pixel_at = |lon: f64, lat: f64| {
        let (x, y) = crate::basemap::mercator::tile_for_lonlat(lon, lat, 6);
        let rgba = render_tile_with_style(&map, &style, 6, x, y, 256);
        let (px, py) = crate::basemap::mercator::lonlat_to_tile_pixel(lon, lat, 6, x, y, 256);
        let i = (py as usize * 256 + px as usize) * 4;
        [rgba[i], rgba[i + 1], rgba[i + 2]]
    };
    assert_eq!(pixel_at(68.5, 43.0), [200, 0, 0], "inside South Kazakhstan");
    assert_ne!(
        pixel_at(65.5, 44.8),
        [200, 0, 0],
        "Kyzylorda stays land-coloured"
    );
}

#[test]
fn a_view_aligned_with_a_tile_renders_the_same_pixels_as_the_tile() {
    // Map images draw one view at any zoom; aligned with a tile it must be that tile.
    let style = BasemapStyle {
        oblast_fills: vec![("KZ.SK".into(), [200, 30, 30, 190])],
        ..BasemapStyle::default()
    };
    for (z, lon, lat) in [(3u8, 66.0, 45.0), (5, 69.6, 42.3), (7, 76.9, 43.2)] {
        let (tx, ty) = tile_for_lonlat(lon, lat, z);
        let tile = render_tile_with_style(map(), &style, z, tx, ty, 256);
        let n = f64::from(1u32 << z);
        let view = MapView {
            world_x: f64::from(tx) / n,
            world_y: f64::from(ty) / n,
            px_per_world: n * 256.0,
            width_px: 256,
            height_px: 256,
            zoom: z,
        };
        let pm = render_view(map(), &style, &view).expect("a pixmap");
        // Opaque, so premultiplied and straight RGBA are the same bytes.
        assert!(tile == pm.data(), "z{z}: view and tile differ");
    }
}
