//! Axis ranges and ticks from what a chart plots.

use super::format::fmt_round;
use super::{ChartData, SeriesKind, XAxis};

pub(crate) fn nice_step(span: f64, target: f64) -> f64 {
    let raw = (span / target).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

pub(crate) fn decimals_for(step: f64) -> i32 {
    if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as i32
            + if (step * 10f64.powf(-step.log10().floor())).fract() > 0.01 {
                1
            } else {
                0
            }
    }
}

/// Ranges and ticks; `only_years` limits year ticks to those years.
pub(crate) fn layout_axes(chart: &mut ChartData, only_years: Option<&[i32]>) {
    // x
    let xs: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.x))
        .chain(chart.stated_changes.iter().map(|c| c.x))
        .chain(chart.no_data.iter().map(|n| n.x))
        .collect();
    match &chart.x_axis {
        XAxis::Categories(cats) => {
            chart.x_range = (-0.6, cats.len().max(1) as f64 - 0.4);
            chart.x_ticks = cats
                .iter()
                .enumerate()
                .map(|(i, c)| (i as f64, c.clone()))
                .collect();
        }
        XAxis::Years => {
            let (lo, hi) = match (
                xs.iter().cloned().reduce(f64::min),
                xs.iter().cloned().reduce(f64::max),
            ) {
                (Some(a), Some(b)) => (a, b),
                _ => (2005.0, 2007.0),
            };
            let pad = if chart.series.iter().any(|s| s.kind != SeriesKind::Line) {
                0.6
            } else {
                0.4
            };
            let (lo, hi) = if hi - lo < 2.0 {
                (lo - 1.0, hi + 1.0)
            } else {
                (lo, hi)
            };
            chart.x_range = (lo - pad, hi + pad);
            let step = if hi - lo > 12.0 { 2 } else { 1 };
            chart.x_ticks = match only_years {
                Some(years) => years
                    .iter()
                    .map(|y| (f64::from(*y), y.to_string()))
                    .collect(),
                None => (lo.ceil() as i32..=hi.floor() as i32)
                    .filter(|y| (y - lo.ceil() as i32) % step == 0)
                    .map(|y| (y as f64, y.to_string()))
                    .collect(),
            };
        }
    }
    // y: every plotted value (points, ranges, annotations with y).
    let mut ys: Vec<f64> = Vec::new();
    for s in &chart.series {
        for p in &s.points {
            ys.extend(p.y);
            if let Some((a, b)) = p.range {
                ys.push(a);
                ys.push(b);
            }
        }
    }
    ys.extend(chart.annotations.iter().filter_map(|a| a.y));
    ys.retain(|v| v.is_finite());
    if chart.log_scale {
        let pos: Vec<f64> = ys.iter().cloned().filter(|v| *v > 0.0).collect();
        let (mn, mx) = match (
            pos.iter().cloned().reduce(f64::min),
            pos.iter().cloned().reduce(f64::max),
        ) {
            (Some(a), Some(b)) => (a, b),
            _ => (1.0, 10.0),
        };
        let lo = mn.log10().floor();
        let mut hi = (mx * 1.6).log10().ceil();
        if hi <= lo {
            hi = lo + 1.0;
        }
        chart.y_range = (lo, hi);
        let decades = (hi - lo) as i32;
        let mults: &[f64] = if decades <= 3 {
            &[1.0, 2.0, 5.0]
        } else {
            &[1.0]
        };
        let mut ticks = Vec::new();
        for k in lo as i32..=hi as i32 {
            for m in mults {
                let v = m * 10f64.powi(k);
                let p = v.log10();
                if p <= hi + 1e-9 {
                    let digits = (-k).max(0);
                    ticks.push((p, fmt_round(v, digits)));
                }
            }
        }
        chart.y_ticks = ticks;
    } else {
        let mx = ys.iter().cloned().fold(0.0, f64::max);
        let mn = ys.iter().cloned().fold(0.0, f64::min);
        let mx = if mx <= 0.0 { 1.0 } else { mx };
        let step = nice_step((mx - mn) * 1.15, 5.0);
        let lo = (mn / step).floor() * step;
        let hi = ((mx * 1.15) / step).ceil() * step;
        chart.y_range = (lo, hi);
        let digits = decimals_for(step);
        let n = ((hi - lo) / step).round() as i64;
        chart.y_ticks = (0..=n)
            .map(|i| {
                let v = lo + i as f64 * step;
                (v, fmt_round(v, digits))
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(1500.0, 5.0), 500.0);
        assert_eq!(nice_step(0.6, 5.0), 0.2);
        assert_eq!(decimals_for(0.2), 1);
        assert_eq!(decimals_for(0.25), 2);
        assert_eq!(decimals_for(500.0), 0);
    }
}
