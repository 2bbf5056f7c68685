//! Opt-in OpenStreetMap tiles: disk-cached, with bundled TLS roots (no
//! dependence on the system's CA store), and a reachability check so the map
//! can say plainly when they are unavailable.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use walkers::sources::{Attribution, TileSource};
use walkers::{HttpOptions, HttpTiles, TileId};

pub const OSM_HOST: &str = "tile.openstreetmap.org:443";
pub const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors";

/// Where online tiles come from. OpenStreetMap by default; tests point it at
/// a closed loopback port to exercise the "unavailable" path.
#[derive(Debug, Clone, PartialEq)]
pub struct OnlineEndpoint {
    /// URL with `{z}`, `{x}`, `{y}` placeholders.
    pub url_template: String,
    /// `host:port` probed to tell the user whether tiles can be had.
    pub check_host: String,
    pub cache_dir: PathBuf,
}

impl Default for OnlineEndpoint {
    fn default() -> Self {
        OnlineEndpoint {
            url_template: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            check_host: OSM_HOST.into(),
            cache_dir: cache_dir(),
        }
    }
}

struct TemplateSource(String);

impl TileSource for TemplateSource {
    fn tile_url(&self, id: TileId) -> String {
        self.0
            .replace("{z}", &id.zoom.to_string())
            .replace("{x}", &id.x.to_string())
            .replace("{y}", &id.y.to_string())
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "OpenStreetMap contributors",
            url: "https://www.openstreetmap.org/copyright",
            logo_light: None,
            logo_dark: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum OnlineStatus {
    Checking,
    Available,
    Unavailable(String),
}

/// Where downloaded tiles are kept between runs.
pub fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("route-explorer").join("osm-tiles")
}

/// TLS settings with the Mozilla root store compiled in.
pub fn tls_config() -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
        .map_err(|e| format!("TLS setup failed: {e}"))
}

pub struct OnlineTiles {
    pub tiles: HttpTiles,
    pub status: Arc<Mutex<OnlineStatus>>,
}

impl OnlineTiles {
    pub fn new(ctx: egui::Context, endpoint: &OnlineEndpoint) -> Result<Self, String> {
        let options = HttpOptions {
            cache: Some(endpoint.cache_dir.clone()),
            tls: Some(tls_config()?),
            ..Default::default()
        };
        let source = TemplateSource(endpoint.url_template.clone());
        let tiles = HttpTiles::with_options(source, options, ctx.clone());
        let status = Arc::new(Mutex::new(OnlineStatus::Checking));
        spawn_check(endpoint.check_host.clone(), Arc::clone(&status), ctx);
        Ok(OnlineTiles { tiles, status })
    }

    pub fn status(&self) -> OnlineStatus {
        self.status
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|_| OnlineStatus::Unavailable("status lost".into()))
    }
}

/// Can a TCP connection to `host:port` be opened within a few seconds?
pub fn check_reachable(host: &str) -> OnlineStatus {
    let addrs = match host.to_socket_addrs() {
        Ok(a) => a.collect::<Vec<_>>(),
        Err(e) => return OnlineStatus::Unavailable(format!("cannot resolve {host}: {e}")),
    };
    let mut last = format!("no address for {host}");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, Duration::from_secs(4)) {
            Ok(_) => return OnlineStatus::Available,
            Err(e) => last = format!("cannot connect to {host}: {e}"),
        }
    }
    OnlineStatus::Unavailable(last)
}

fn spawn_check(host: String, status: Arc<Mutex<OnlineStatus>>, ctx: egui::Context) {
    let spawned = std::thread::Builder::new()
        .name("osm-check".into())
        .spawn(move || {
            let result = check_reachable(&host);
            if let Ok(mut s) = status.lock() {
                *s = result;
            }
            ctx.request_repaint();
        });
    if let Err(e) = spawned {
        eprintln!("route-explorer: cannot check the tile server: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_roots_give_a_tls_config_without_system_certificates() {
        assert!(tls_config().is_ok());
    }

    #[test]
    fn tile_urls_follow_the_template() {
        let s = TemplateSource("https://t.example/{z}/{x}/{y}.png".into());
        let id = TileId {
            x: 44,
            y: 23,
            zoom: 6,
        };
        assert_eq!(s.tile_url(id), "https://t.example/6/44/23.png");
    }

    #[test]
    fn unreachable_server_is_reported_as_unavailable() {
        // Port 9 (discard) on loopback is closed here: the connection is refused.
        match check_reachable("127.0.0.1:9") {
            OnlineStatus::Unavailable(reason) => {
                assert!(reason.contains("127.0.0.1:9"), "{reason}")
            }
            other => panic!("expected unavailable, got {other:?}"),
        }
    }
}
