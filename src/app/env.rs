//! Everything the window reads or writes outside its own memory: the
//! settings folder, the folder exports are proposed in, the online tile
//! endpoint and its disk cache, and the embedded assets.
//!
//! `main` builds it from the process (HOME, the XDG folders, the variables
//! below, `--offline`); tests build it on a temporary folder with a stub
//! endpoint (`Environment::isolated`), so no test touches the real home
//! folder or the network, and a test can feed the app corrupt assets.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::basemap::Basemap;
use crate::model::load::{EMBEDDED_JSON, EMBEDDED_LABEL};

use super::map::online::{self, OnlineEndpoint};

/// Tile URL template (`{z}`, `{x}`, `{y}`) used instead of OpenStreetMap's.
pub const ENV_TILE_URL: &str = "ROUTE_EXPLORER_TILE_URL";
/// Size limit of the online tile cache in MiB (default `DEFAULT_TILE_CACHE_MB`).
pub const ENV_TILE_CACHE_MB: &str = "ROUTE_EXPLORER_TILE_CACHE_MB";
pub const DEFAULT_TILE_CACHE_MB: u64 = 200;
/// Where `Environment::inert` points online tiles: the discard port on
/// loopback, closed on ordinary machines (and never the internet).
pub const INERT_TILE_URL: &str = "http://127.0.0.1:9/{z}/{x}/{y}.png";

/// Loads the basemap; replaceable so a test can feed it corrupt bytes.
pub type BasemapLoader = Arc<dyn Fn() -> Result<Basemap, String> + Send + Sync>;

/// The data compiled into the binary, or stand-ins for them.
#[derive(Clone)]
pub struct Assets {
    /// How the dataset is named in messages and exported images.
    pub dataset_label: String,
    pub dataset_json: Arc<[u8]>,
    pub basemap: BasemapLoader,
}

impl Assets {
    pub fn embedded() -> Self {
        Assets {
            dataset_label: EMBEDDED_LABEL.to_owned(),
            dataset_json: Arc::from(EMBEDDED_JSON.as_bytes()),
            basemap: Arc::new(|| Basemap::embedded().map_err(|e| e.to_string())),
        }
    }
}

impl std::fmt::Debug for Assets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assets")
            .field("dataset_label", &self.dataset_label)
            .field(
                "dataset_json",
                &format!("{} bytes", self.dataset_json.len()),
            )
            .finish_non_exhaustive()
    }
}

/// Things an environment's folders or endpoint depend on (a test's
/// temporary folder, a stub server), dropped when the last app using the
/// environment goes.
#[derive(Clone, Default)]
pub struct KeepAlive(pub Vec<Arc<dyn std::any::Any + Send + Sync>>);

impl std::fmt::Debug for KeepAlive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeepAlive({} item(s))", self.0.len())
    }
}

#[derive(Clone, Debug)]
pub struct Environment {
    /// Where eframe keeps the settings file; `None`: eframe's own choice
    /// (`$XDG_DATA_HOME/route-explorer` or `~/.local/share/route-explorer`).
    pub settings_dir: Option<PathBuf>,
    /// The folder the export dialog proposes.
    pub export_dir: PathBuf,
    /// Where online tiles come from and where they are cached.
    pub online: OnlineEndpoint,
    /// `Some(why)`: online tiles may not be switched on in this run.
    pub offline_reason: Option<String>,
    /// The home folder (where the import file browser starts); `None`: the
    /// current folder.
    pub home_dir: Option<PathBuf>,
    /// Whether File > Import data… may open the system file dialog (never
    /// in tests: it would talk to the desktop).
    pub native_dialogs: bool,
    pub assets: Assets,
    pub keep_alive: KeepAlive,
    /// Work out route facts on a worker thread so the first frame does not
    /// wait for them (the window); off: before `App::with_env` returns
    /// (tests, so what they see does not depend on timing).
    pub background_route_facts: bool,
}

impl Environment {
    /// The real environment of this process. `offline`: `--offline` was given.
    pub fn from_process(offline: bool) -> Self {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let home = var("HOME").map(PathBuf::from);
        let cache_home = var("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| home.as_ref().map(|h| h.join(".cache")));
        let url = std::env::var(ENV_TILE_URL)
            .ok()
            .filter(|u| !u.trim().is_empty());
        let limit_mb = std::env::var(ENV_TILE_CACHE_MB)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(DEFAULT_TILE_CACHE_MB);
        let mut online = OnlineEndpoint::new(url.as_deref(), cache_home.as_deref());
        online.cache_limit_bytes = limit_mb.saturating_mul(1024 * 1024);
        Environment {
            settings_dir: None,
            export_dir: default_export_dir(home.as_deref()),
            online,
            offline_reason: offline.then(|| "started with --offline".to_owned()),
            home_dir: home.clone().filter(|h| h.is_dir()),
            native_dialogs: std::env::var_os("ROUTE_EXPLORER_NO_NATIVE_DIALOG").is_none(),
            assets: Assets::embedded(),
            keep_alive: KeepAlive::default(),
            background_route_facts: true,
        }
    }

    /// Everything under `root` (a temporary folder): settings, cache and
    /// exports; online tiles from `tile_url` (a stub server on loopback).
    /// Nothing here reads the process environment.
    pub fn isolated(root: &Path, tile_url: &str) -> Self {
        let export_dir = root.join("home");
        let cache_home = root.join("cache");
        for dir in [&export_dir, &cache_home, &root.join("data")] {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("route-explorer: cannot create {}: {e}", dir.display());
            }
        }
        Environment {
            settings_dir: Some(root.join("data").join(super::APP_ID)),
            export_dir,
            online: OnlineEndpoint::new(Some(tile_url), Some(&cache_home)),
            offline_reason: None,
            home_dir: Some(root.join("home")),
            native_dialogs: false,
            assets: Assets::embedded(),
            keep_alive: KeepAlive::default(),
            background_route_facts: false,
        }
    }

    /// An environment that reaches nothing: no settings folder, exports
    /// proposed in the current folder, online tiles from a closed loopback
    /// port and kept in memory only. What `App::new` uses.
    pub fn inert() -> Self {
        let mut online = OnlineEndpoint::new(Some(INERT_TILE_URL), None);
        online.cache_limit_bytes = 0;
        Environment {
            settings_dir: None,
            export_dir: PathBuf::from("."),
            online,
            offline_reason: None,
            home_dir: None,
            native_dialogs: false,
            assets: Assets::embedded(),
            keep_alive: KeepAlive::default(),
            background_route_facts: false,
        }
    }

    /// Online tiles may be switched on.
    pub fn online_allowed(&self) -> bool {
        self.offline_reason.is_none()
    }

    /// The host online tiles would come from, for messages.
    pub fn online_host(&self) -> String {
        online::host_of(&self.online.url_template)
    }
}

/// ~/Pictures if it exists, else the home folder, else the current folder.
pub fn default_export_dir(home: Option<&Path>) -> PathBuf {
    if let Some(home) = home {
        let pictures = home.join("Pictures");
        if pictures.is_dir() {
            return pictures;
        }
        if home.is_dir() {
            return home.to_path_buf();
        }
    }
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isolated_environment_stays_under_its_root_and_on_the_given_endpoint() {
        let root = tempfile::tempdir().unwrap();
        let env = Environment::isolated(root.path(), "http://127.0.0.1:1/{z}/{x}/{y}.png");
        assert!(env.export_dir.starts_with(root.path()));
        assert!(env.settings_dir.as_ref().unwrap().starts_with(root.path()));
        assert!(env.online.cache_dir.starts_with(root.path()));
        assert_eq!(env.online.check_host, "127.0.0.1:1");
        assert!(env.export_dir.is_dir());
    }

    #[test]
    fn offline_flag_forbids_online_tiles() {
        assert!(!Environment::from_process(true).online_allowed());
        assert!(Environment::from_process(false).online_allowed());
    }

    #[test]
    fn export_folder_prefers_pictures_then_home() {
        let home = tempfile::tempdir().unwrap();
        assert_eq!(default_export_dir(Some(home.path())), home.path());
        std::fs::create_dir(home.path().join("Pictures")).unwrap();
        assert_eq!(
            default_export_dir(Some(home.path())),
            home.path().join("Pictures")
        );
    }
}
