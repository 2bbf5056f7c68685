//! Web Mercator (EPSG:3857) helpers for slippy-map tiles (same scheme as walkers / OSM).
//!
//! "World" coordinates are normalised: x and y in `0.0..=1.0`, x east from lon -180,
//! y south from lat +85.0511. A global pixel at zoom `z` is `world * 2^z * tile_size`.

/// Latitude limit of the square Web Mercator world.
pub const MAX_LAT: f64 = 85.051_128_779_806_59;

/// lon/lat (degrees) to normalised world coordinates. Latitude is clamped to ±[`MAX_LAT`].
pub fn lonlat_to_world(lon: f64, lat: f64) -> (f64, f64) {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = 0.5 - (lat.tan() + 1.0 / lat.cos()).ln() / (2.0 * std::f64::consts::PI);
    (x, y)
}

/// Normalised world coordinates to lon/lat (degrees).
pub fn world_to_lonlat(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y);
    let lat = n.sinh().atan().to_degrees();
    (lon, lat)
}

/// Number of tiles along one axis at `zoom`.
pub fn tiles_per_axis(zoom: u8) -> f64 {
    (zoom as f64).exp2()
}

/// lon/lat to global pixel coordinates at `zoom` for tiles of `tile_size` pixels.
pub fn lonlat_to_pixel(lon: f64, lat: f64, zoom: u8, tile_size: u32) -> (f64, f64) {
    let (x, y) = lonlat_to_world(lon, lat);
    let s = tiles_per_axis(zoom) * tile_size as f64;
    (x * s, y * s)
}

/// Global pixel coordinates at `zoom` to lon/lat.
pub fn pixel_to_lonlat(px: f64, py: f64, zoom: u8, tile_size: u32) -> (f64, f64) {
    let s = tiles_per_axis(zoom) * tile_size as f64;
    world_to_lonlat(px / s, py / s)
}

/// The tile (x, y) containing lon/lat at `zoom`.
pub fn tile_for_lonlat(lon: f64, lat: f64, zoom: u8) -> (u32, u32) {
    let (x, y) = lonlat_to_world(lon, lat);
    let n = tiles_per_axis(zoom);
    let max = n - 1.0;
    (
        (x * n).floor().clamp(0.0, max) as u32,
        (y * n).floor().clamp(0.0, max) as u32,
    )
}

/// Position of lon/lat inside tile (z, x, y), in pixels from the tile's top-left corner.
/// Values outside `0..tile_size` mean the point lies outside that tile.
pub fn lonlat_to_tile_pixel(
    lon: f64,
    lat: f64,
    zoom: u8,
    x: u32,
    y: u32,
    tile_size: u32,
) -> (f64, f64) {
    let (px, py) = lonlat_to_pixel(lon, lat, zoom, tile_size);
    (
        px - x as f64 * tile_size as f64,
        py - y as f64 * tile_size as f64,
    )
}

/// Geographic bounds of a tile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLatBounds {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

/// Geographic bounds of tile (z, x, y).
pub fn tile_bounds(zoom: u8, x: u32, y: u32) -> LonLatBounds {
    let n = tiles_per_axis(zoom);
    let (west, north) = world_to_lonlat(x as f64 / n, y as f64 / n);
    let (east, south) = world_to_lonlat((x as f64 + 1.0) / n, (y as f64 + 1.0) / n);
    LonLatBounds {
        west,
        south,
        east,
        north,
    }
}

/// Ground resolution in metres per pixel at `lat` and `zoom` (256-px tiles scale with size).
pub fn metres_per_pixel(lat: f64, zoom: u8, tile_size: u32) -> f64 {
    const EARTH_CIRCUMFERENCE_M: f64 = 40_075_016.686;
    EARTH_CIRCUMFERENCE_M * lat.to_radians().cos() / (tiles_per_axis(zoom) * tile_size as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_and_corners() {
        assert_eq!(lonlat_to_world(0.0, 0.0), (0.5, 0.5));
        let (x, y) = lonlat_to_world(-180.0, MAX_LAT);
        assert!(x.abs() < 1e-12 && y.abs() < 1e-9);
        let (x, y) = lonlat_to_world(180.0, -MAX_LAT);
        assert!((x - 1.0).abs() < 1e-12 && (y - 1.0).abs() < 1e-9);
    }

    #[test]
    fn round_trip() {
        for &(lon, lat) in &[
            (69.6, 42.3),
            (76.95, 43.25),
            (-122.4, 37.8),
            (151.2, -33.9),
            (0.0, 80.0),
        ] {
            for z in [0u8, 3, 9, 12, 18] {
                let (px, py) = lonlat_to_pixel(lon, lat, z, 256);
                let (lo, la) = pixel_to_lonlat(px, py, z, 256);
                assert!(
                    (lo - lon).abs() < 1e-9 && (la - lat).abs() < 1e-9,
                    "{lon},{lat} z{z}"
                );
            }
        }
    }

    #[test]
    fn known_tiles() {
        // Almaty (76.95 E, 43.25 N) at z10 is tile 730/375; Astana at z5 is 22/10.
        assert_eq!(tile_for_lonlat(76.95, 43.25, 10), (730, 375));
        assert_eq!(tile_for_lonlat(71.43, 51.13, 5), (22, 10));
        assert_eq!(tile_for_lonlat(0.0, 0.0, 1), (1, 1));
        let b = tile_bounds(1, 0, 0);
        assert!((b.west + 180.0).abs() < 1e-9 && b.east.abs() < 1e-9);
        assert!(b.south.abs() < 1e-9 && (b.north - MAX_LAT).abs() < 1e-9);
        // a point maps inside its own tile
        let (tx, ty) = tile_for_lonlat(69.6, 42.3, 9);
        let (px, py) = lonlat_to_tile_pixel(69.6, 42.3, 9, tx, ty, 256);
        assert!((0.0..256.0).contains(&px) && (0.0..256.0).contains(&py));
        let b = tile_bounds(9, tx, ty);
        assert!(b.west <= 69.6 && 69.6 < b.east && b.south < 42.3 && 42.3 <= b.north);
    }

    #[test]
    fn resolution() {
        let m = metres_per_pixel(0.0, 0, 256);
        assert!((m - 156_543.03).abs() < 0.1);
        assert!((metres_per_pixel(60.0, 1, 256) - m / 4.0).abs() < 0.1);
    }
}
