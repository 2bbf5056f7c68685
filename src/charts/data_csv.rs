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
/// per annotation.
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
