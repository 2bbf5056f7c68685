//! Routes and places as an RFC 7946 FeatureCollection.

use serde_json::{Value, json};

use crate::model::Dataset;

pub fn routes_geojson(data: &Dataset) -> Value {
    let mut features = Vec::new();
    for r in &data.routes {
        let places: Vec<_> = r
            .waypoints
            .iter()
            .filter_map(|w| data.place(&w.place))
            .collect();
        // RFC 7946: positions are [longitude, latitude].
        let coordinates: Vec<Value> = places.iter().map(|p| json!([p.lon, p.lat])).collect();
        let names: Vec<&str> = places.iter().map(|p| p.name.as_str()).collect();
        features.push(json!({
            "type": "Feature",
            "id": r.id,
            "geometry": { "type": "LineString", "coordinates": coordinates },
            "properties": {
                "id": r.id,
                "name": r.name,
                "origin_country": r.origin_country,
                "mode": r.mode,
                "status": r.status,
                "waypoints": names,
                "variant_of": r.variant_of,
                "sources": r.sources,
            }
        }));
    }
    for p in &data.places {
        features.push(json!({
            "type": "Feature",
            "id": p.id,
            "geometry": { "type": "Point", "coordinates": [p.lon, p.lat] },
            "properties": {
                "id": p.id,
                "name": p.name,
                "country": p.country,
                "roles": p.roles,
                "aliases": p.aliases,
            }
        }));
    }
    json!({ "type": "FeatureCollection", "features": features })
}
