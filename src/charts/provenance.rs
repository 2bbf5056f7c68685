//! Where an exported chart comes from: dataset hash, series ids, sources and
//! program version, written into PNG text chunks and SVG `<metadata>`.

use super::ChartData;
use crate::model::Dataset;
use crate::model::load::{EMBEDDED_JSON, EMBEDDED_LABEL};

/// Program name and version, as written into exported files.
pub fn program() -> String {
    format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
}

pub use crate::model::load::sha256_hex;

/// The bytes behind a dataset label: the embedded JSON, or the file it names.
pub fn dataset_bytes_for_label(label: &str) -> Option<Vec<u8>> {
    if label == EMBEDDED_LABEL {
        Some(EMBEDDED_JSON.as_bytes().to_vec())
    } else {
        std::fs::read(label).ok()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub title: String,
    pub chart_id: String,
    pub dataset_label: String,
    /// SHA-256 of the dataset file's bytes (empty if they could not be read).
    pub dataset_sha256: String,
    pub series_ids: Vec<String>,
    /// Full citations of the sources of the plotted values.
    pub sources: Vec<String>,
    pub program: String,
    /// The saved view this image was rendered from (JSON), embedded so the
    /// image can be reopened and re-rendered (`route-explorer view-of`).
    pub view: Option<String>,
    /// Imported files whose values the chart may show: (file, SHA-256).
    pub imports: Vec<(String, String)>,
}

impl Provenance {
    pub fn new(ds: &Dataset, dataset_label: &str, dataset_bytes: &[u8], chart: &ChartData) -> Self {
        Provenance {
            title: chart.title.clone(),
            chart_id: chart.id.id().to_owned(),
            dataset_label: dataset_label.to_owned(),
            dataset_sha256: sha256_hex(dataset_bytes),
            series_ids: chart.series_ids(),
            sources: chart.source_ids.iter().map(|s| ds.citation(s)).collect(),
            program: program(),
            view: None,
            imports: Vec::new(),
        }
    }

    /// Name each imported file (path, SHA-256) in the exported image.
    pub fn with_imports(mut self, imports: Vec<(String, String)>) -> Self {
        self.imports = imports;
        self
    }

    /// The same provenance, carrying `view_json`.
    pub fn with_view(mut self, view_json: String) -> Self {
        self.view = Some(view_json);
        self
    }

    /// PNG text chunks: the entries, then the view.
    pub fn png_chunks(&self) -> Vec<(&'static str, String)> {
        let mut out = self.entries();
        if let Some(v) = &self.view {
            out.push((crate::view::embed::PNG_KEYWORD, v.clone()));
        }
        out
    }

    /// (keyword, text) pairs, in a stable order.
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Title", self.title.clone()),
            ("Chart id", self.chart_id.clone()),
            ("Software", self.program.clone()),
            ("Dataset", self.dataset_label.clone()),
            ("Dataset SHA-256", self.dataset_sha256.clone()),
            ("Series ids", self.series_ids.join(", ")),
            ("Sources", self.sources.join("; ")),
        ]
        .into_iter()
        .chain(self.imports.iter().map(|(file, sha)| {
            (
                "Imported file",
                format!("imported · {file} (SHA-256 {sha})"),
            )
        }))
        .collect()
    }

    /// The `<metadata>` element for SVG.
    pub fn svg_metadata(&self) -> String {
        let mut out = String::from(
            "<metadata id=\"provenance\"><provenance xmlns=\"urn:route-explorer:provenance\">",
        );
        for (key, text) in self.entries() {
            out.push_str(&format!(
                "<entry key=\"{}\">{}</entry>",
                xml_escape(key),
                xml_escape(&text)
            ));
        }
        out.push_str("</provenance>");
        if let Some(v) = &self.view {
            out.push_str(&crate::view::embed::svg_element(v));
        }
        out.push_str("</metadata>");
        out
    }
}

/// Characters XML 1.0 allows in a document (controls other than tab and
/// line breaks are not; a NUL in a dataset's text would make the SVG unreadable).
pub fn xml_allowed(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| xml_allowed(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
