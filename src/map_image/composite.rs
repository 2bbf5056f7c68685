//! Laying the map image's layers on the page: the basemap (rasterised by
//! tiny-skia, as the window's tiles are) and the overlay (rasterised by the
//! shared `export::raster`, which also encodes the PNG).

/// Copy an opaque `src` into `dst` with its top-left corner at (x, y), row
/// by row (clipped to `dst`).
pub fn copy_opaque(dst: &mut tiny_skia::Pixmap, src: &tiny_skia::Pixmap, x: u32, y: u32) {
    let (dw, dh) = (dst.width() as usize, dst.height() as usize);
    let (sw, sh) = (src.width() as usize, src.height() as usize);
    let (x, y) = (x as usize, y as usize);
    if x >= dw || y >= dh {
        return;
    }
    let w = sw.min(dw - x);
    let d = dst.data_mut();
    for row in 0..sh.min(dh - y) {
        let from = &src.data()[row * sw * 4..(row * sw + w) * 4];
        let at = ((y + row) * dw + x) * 4;
        d[at..at + w * 4].copy_from_slice(from);
    }
}

/// Lay `src` over `dst` (same size, premultiplied): the "source over" rule,
/// skipping the transparent pixels most of an overlay is made of.
pub fn source_over(dst: &mut tiny_skia::Pixmap, src: &tiny_skia::Pixmap) {
    if (dst.width(), dst.height()) != (src.width(), src.height()) {
        return;
    }
    for (d, s) in dst
        .data_mut()
        .chunks_exact_mut(4)
        .zip(src.data().chunks_exact(4))
    {
        let a = u32::from(s[3]);
        if a == 0 {
            continue;
        }
        if a == 255 {
            d.copy_from_slice(s);
            continue;
        }
        let keep = 255 - a;
        for i in 0..4 {
            // s is premultiplied: s + d·(1 − a), rounded.
            d[i] = (u32::from(s[i]) + (u32::from(d[i]) * keep + 127) / 255).min(255) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(w: u32, h: u32, c: [u8; 4]) -> tiny_skia::Pixmap {
        let mut p = tiny_skia::Pixmap::new(w, h).unwrap();
        for px in p.data_mut().chunks_exact_mut(4) {
            px.copy_from_slice(&c);
        }
        p
    }

    #[test]
    fn overlay_pixels_blend_and_transparent_ones_leave_the_page() {
        let mut page = filled(2, 1, [255, 255, 255, 255]);
        let mut over = filled(2, 1, [0, 0, 0, 0]);
        // Half-transparent red, premultiplied.
        over.data_mut()[..4].copy_from_slice(&[128, 0, 0, 128]);
        source_over(&mut page, &over);
        assert_eq!(&page.data()[..4], &[255, 127, 127, 255]);
        assert_eq!(&page.data()[4..], &[255, 255, 255, 255]);
    }

    #[test]
    fn copy_places_the_map_at_its_offset_and_clips_it() {
        let mut page = filled(4, 3, [255, 255, 255, 255]);
        let map = filled(3, 3, [1, 2, 3, 255]);
        copy_opaque(&mut page, &map, 2, 1);
        let at = |x: usize, y: usize| page.data()[(y * 4 + x) * 4];
        assert_eq!([at(1, 1), at(2, 1), at(3, 2), at(2, 0)], [255, 1, 1, 255]);
    }
}
