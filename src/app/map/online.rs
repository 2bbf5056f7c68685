//! Opt-in OpenStreetMap tiles: disk-cached, with bundled TLS roots (no
//! dependence on the system's CA store), and a reachability check so the map
//! can say plainly when they are unavailable.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use walkers::sources::OpenStreetMap;
use walkers::{HttpOptions, HttpTiles};

pub const OSM_HOST: &str = "tile.openstreetmap.org:443";
pub const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors";

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
    pub fn new(ctx: egui::Context) -> Result<Self, String> {
        let options = HttpOptions {
            cache: Some(cache_dir()),
            tls: Some(tls_config()?),
            ..Default::default()
        };
        let tiles = HttpTiles::with_options(OpenStreetMap, options, ctx.clone());
        let status = Arc::new(Mutex::new(OnlineStatus::Checking));
        spawn_check(OSM_HOST.to_owned(), Arc::clone(&status), ctx);
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
        let config = tls_config().unwrap();
        assert!(!config.alpn_protocols.contains(&b"bogus".to_vec()));
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
