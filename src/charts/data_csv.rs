//! The plotted values of a chart as CSV ("Export data").

use super::{ChartData, XAxis};
use crate::export::csv::field;

pub const HEADER: &str =
    "chart_id,series,x,value,plotted_value,range_low,range_high,unit,figure_ids,note";

fn num(v: Option<f64>) -> String {
    v.map(|v| format!("{v}")).unwrap_or_default()
}

fn x_text(chart: &ChartData, x: f64) -> String {
    match &chart.x_axis {
        XAxis::Years => format!("{}", x.round() as i64),
        XAxis::Categories(c) => c.get(x.round() as usize).cloned().unwrap_or_default(),
    }
}

/// One row per plotted point (gaps included, with an empty value), then one
/// per annotation, per stated change (value in percent, no amount) and per
/// "no data" year.
pub fn chart_csv(chart: &ChartData) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    let id = chart.id.id();
    for s in &chart.series {
        for p in &s.points {
            let note = if p.value.is_none() {
                "no figure".to_owned()
            } else {
                String::new()
            };
            let row = [
                id.to_owned(),
                s.name.clone(),
                x_text(chart, p.x),
                num(p.value),
                num(p.y),
                num(p.range.map(|r| r.0)),
                num(p.range.map(|r| r.1)),
                chart.y_label.clone(),
                p.figure_ids.join(" "),
                note,
            ];
            let row: Vec<String> = row.iter().map(|f| field(f)).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    for c in &chart.stated_changes {
        let series = chart
            .series
            .get(c.series)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let row = [
            id.to_owned(),
            series,
            x_text(chart, c.x),
            format!("{}", c.change_percent),
            String::new(),
            String::new(),
            String::new(),
            "%".to_owned(),
            c.figure_ids.join(" "),
            format!("stated change without an amount: {}", c.note),
        ];
        let row: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    for n in &chart.no_data {
        let panel = chart.panels.get(n.panel).cloned().unwrap_or_default();
        let row = [
            id.to_owned(),
            if panel.is_empty() {
                "no data".to_owned()
            } else {
                format!("no data: {panel}")
            },
            x_text(chart, n.x),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            n.tooltip.clone(),
        ];
        let row: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    for a in &chart.annotations {
        let row = [
            id.to_owned(),
            "annotation".to_owned(),
            x_text(chart, a.x),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            a.figure_ids.join(" "),
            a.text.clone(),
        ];
        let row: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
