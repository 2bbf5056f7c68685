//! A view inside an exported image: a PNG text chunk (tEXt, or iTXt when the
//! text is not ASCII) with the keyword [`PNG_KEYWORD`], or an element in the
//! SVG's `<metadata>`; and reading it back (`route-explorer view-of`).

use crate::charts::provenance::xml_escape;

/// Keyword of the PNG text chunk that holds the view JSON.
pub const PNG_KEYWORD: &str = "route-explorer view";
/// Namespace of the SVG metadata element `<view>` that holds the view JSON.
pub const SVG_NAMESPACE: &str = "urn:route-explorer:view";

/// The `<view>` element for an SVG's `<metadata>`.
pub fn svg_element(view_json: &str) -> String {
    format!(
        "<view xmlns=\"{SVG_NAMESPACE}\">{}</view>",
        xml_escape(view_json)
    )
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];

/// The view JSON embedded in a PNG or SVG image; `file` names it in errors.
pub fn view_of_image(file: &str, bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&PNG_SIGNATURE) {
        return view_of_png(file, bytes);
    }
    let text = std::str::from_utf8(bytes).ok();
    let looks_like_xml = text
        .map(|t| {
            t.trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('<')
        })
        .unwrap_or(false);
    match text {
        Some(t) if looks_like_xml => view_of_svg(file, t),
        _ => Err(format!("{file}: not a PNG or SVG image")),
    }
}

fn view_of_png(file: &str, bytes: &[u8]) -> Result<String, String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder
        .read_info()
        .map_err(|e| format!("{file}: damaged PNG: {e}"))?;
    let info = reader.info();
    if let Some(t) = info
        .uncompressed_latin1_text
        .iter()
        .find(|t| t.keyword == PNG_KEYWORD)
    {
        return Ok(t.text.clone());
    }
    if let Some(t) = info.utf8_text.iter().find(|t| t.keyword == PNG_KEYWORD) {
        return t
            .get_text()
            .map_err(|e| format!("{file}: the embedded view cannot be read: {e}"));
    }
    if let Some(t) = info
        .compressed_latin1_text
        .iter()
        .find(|t| t.keyword == PNG_KEYWORD)
    {
        return t
            .get_text()
            .map_err(|e| format!("{file}: the embedded view cannot be read: {e}"));
    }
    Err(format!(
        "{file}: this PNG has no embedded view (no \"{PNG_KEYWORD}\" text chunk); only images exported by route-explorer carry one"
    ))
}

fn view_of_svg(file: &str, text: &str) -> Result<String, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("{file}: not a readable SVG: {e}"))?;
    if doc.root_element().tag_name().name() != "svg" {
        return Err(format!("{file}: not a PNG or SVG image"));
    }
    let found = doc
        .descendants()
        .find(|n| n.tag_name().namespace() == Some(SVG_NAMESPACE) && n.tag_name().name() == "view");
    match found {
        Some(n) => Ok(n
            .children()
            .filter_map(|c| c.text())
            .collect::<Vec<_>>()
            .concat()),
        None => Err(format!(
            "{file}: this SVG has no embedded view (no <view xmlns=\"{SVG_NAMESPACE}\"> in its metadata); only images exported by route-explorer carry one"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_view_reads_back_exactly_with_markup_characters() {
        let json = "{\n  \"title\": \"a < b & \\\"c\\\" – ok\"\n}\n";
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><metadata>{}</metadata></svg>",
            svg_element(json)
        );
        assert_eq!(view_of_image("x.svg", svg.as_bytes()).unwrap(), json);
    }

    #[test]
    fn png_view_reads_back_from_text_and_itxt_chunks() {
        let pixmap = tiny_skia::Pixmap::new(2, 2).unwrap();
        for json in ["{\"a\": 1}\n", "{\"a\": \"Almaty – Astana\"}\n"] {
            let png =
                crate::export::raster::encode_png(&pixmap, &[(PNG_KEYWORD, json.into())]).unwrap();
            assert_eq!(view_of_image("x.png", &png).unwrap(), json);
        }
    }

    #[test]
    fn images_without_a_view_and_other_files_are_errors_naming_the_file() {
        let pixmap = tiny_skia::Pixmap::new(2, 2).unwrap();
        let png = crate::export::raster::encode_png(&pixmap, &[("Title", "t".into())]).unwrap();
        let e = view_of_image("plain.png", &png).unwrap_err();
        assert!(
            e.starts_with("plain.png: this PNG has no embedded view"),
            "{e}"
        );
        let e = view_of_image("a.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap_err();
        assert!(e.contains("a.svg: this SVG has no embedded view"), "{e}");
        let e = view_of_image("a.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]).unwrap_err();
        assert_eq!(e, "a.jpg: not a PNG or SVG image");
        let e = view_of_image("a.html", b"<html></html>").unwrap_err();
        assert_eq!(e, "a.html: not a PNG or SVG image");
        let mut broken = png.clone();
        broken.truncate(20);
        let e = view_of_image("cut.png", &broken).unwrap_err();
        assert!(e.starts_with("cut.png: damaged PNG"), "{e}");
    }
}
