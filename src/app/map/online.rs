//! Opt-in online tiles (OpenStreetMap by default), as a good citizen of the
//! OSM tile usage policy (<https://operations.osmfoundation.org/policies/tiles/>):
//! a User-Agent naming this program and its version, at most two downloads
//! at a time, HTTP caching headers honoured by a disk cache (walkers'
//! `HttpTiles` with `http-cache`), attribution always drawn.
//!
//! The cache lives in the user's cache folder (`$XDG_CACHE_HOME` or
//! `~/.cache`, never a shared temporary folder), in a folder only the user
//! can enter (0700, files 0600), and is kept under a size limit: the oldest
//! files go first. Nothing here runs, and no socket is opened, until the
//! user switches online tiles on.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use egui::{Color32, Rect, Stroke, vec2};
use walkers::sources::{Attribution, TileSource};
use walkers::{HeaderValue, HttpOptions, HttpTiles, MaxParallelDownloads, TileId};

pub const OSM_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
pub const OSM_HOST: &str = "tile.openstreetmap.org:443";
pub const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors";
/// Default size limit of the tile cache.
pub const DEFAULT_CACHE_LIMIT_BYTES: u64 = 200 * 1024 * 1024;
/// How often the cache is made private and checked against its limit while
/// online tiles are on (new files get the user's default mode until then,
/// inside a folder only the user can enter).
const CACHE_TEND_EVERY: Duration = Duration::from_secs(5);
/// The OSM policy asks for few parallel connections.
const MAX_DOWNLOADS: usize = 2;

/// Where online tiles come from and where they are kept.
#[derive(Debug, Clone, PartialEq)]
pub struct OnlineEndpoint {
    /// URL with `{z}`, `{x}`, `{y}` placeholders.
    pub url_template: String,
    /// `host:port` probed to tell the user whether tiles can be had.
    pub check_host: String,
    /// Disk cache folder; empty when there is no user cache folder (then
    /// tiles are kept in memory only, never in a shared temporary folder).
    pub cache_dir: PathBuf,
    /// The disk cache is kept under this size (oldest files deleted first).
    pub cache_limit_bytes: u64,
}

impl OnlineEndpoint {
    /// `url`: a template instead of OpenStreetMap's; `cache_home`: the
    /// user's cache folder (`$XDG_CACHE_HOME` or `~/.cache`).
    pub fn new(url: Option<&str>, cache_home: Option<&Path>) -> Self {
        let url_template = url.map(str::trim).unwrap_or(OSM_URL).to_owned();
        OnlineEndpoint {
            check_host: host_of(&url_template),
            url_template,
            cache_dir: cache_home
                .map(|c| c.join(crate::app::APP_ID).join("tiles"))
                .unwrap_or_default(),
            cache_limit_bytes: DEFAULT_CACHE_LIMIT_BYTES,
        }
    }
}

impl Default for OnlineEndpoint {
    /// From the process environment (see `app::env::Environment::from_process`).
    fn default() -> Self {
        crate::app::env::Environment::from_process(false).online
    }
}

/// `host:port` of a URL (port from the scheme when not given).
pub fn host_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let has_port = match authority.rfind(']') {
        Some(close) => authority[close..].contains(':'),
        None => authority.contains(':'),
    };
    if has_port {
        authority.to_owned()
    } else {
        let port = if scheme.eq_ignore_ascii_case("http") {
            80
        } else {
            443
        };
        format!("{authority}:{port}")
    }
}

/// The User-Agent sent with every tile request: program, version and, when
/// the package names one, the project's URL (the OSM policy asks for a way
/// to contact the developers).
pub fn user_agent() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let contact = if repository.is_empty() {
        "Route & Seizure Explorer desktop map".to_owned()
    } else {
        format!("Route & Seizure Explorer; +{repository}")
    };
    format!(
        "{}/{} ({contact})",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION")
    )
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

/// Where downloaded tiles are kept between runs (from the process environment).
pub fn cache_dir() -> PathBuf {
    OnlineEndpoint::default().cache_dir
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
    /// Why tiles are not kept on disk in this run, if they are not.
    pub cache_problem: Option<String>,
    /// Dropping it stops the cache keeper thread.
    _stop_keeper: Option<Sender<()>>,
}

impl OnlineTiles {
    /// Start online tiles: the only place a network connection can start.
    pub fn new(ctx: egui::Context, endpoint: &OnlineEndpoint) -> Result<Self, String> {
        let user_agent =
            HeaderValue::from_str(&user_agent()).map_err(|e| format!("bad User-Agent: {e}"))?;
        let (cache, cache_problem) = if endpoint.cache_dir.as_os_str().is_empty() {
            (
                None,
                Some("no user cache folder (HOME and XDG_CACHE_HOME unset)".to_owned()),
            )
        } else {
            match prepare_private_dir(&endpoint.cache_dir) {
                Ok(()) => (Some(endpoint.cache_dir.clone()), None),
                Err(e) => (None, Some(e)),
            }
        };
        if let Some(problem) = &cache_problem {
            eprintln!("route-explorer: online tiles kept in memory only: {problem}");
        }
        let stop_keeper = cache
            .clone()
            .map(|dir| spawn_cache_keeper(dir, endpoint.cache_limit_bytes));
        let options = HttpOptions {
            cache,
            user_agent: Some(user_agent),
            max_parallel_downloads:
                MaxParallelDownloads::value_manually_confirmed_with_provider_limits(MAX_DOWNLOADS),
            tls: Some(tls_config()?),
        };
        let source = TemplateSource(endpoint.url_template.clone());
        let tiles = HttpTiles::with_options(source, options, ctx.clone());
        let status = Arc::new(Mutex::new(OnlineStatus::Checking));
        spawn_check(endpoint.check_host.clone(), Arc::clone(&status), ctx);
        Ok(OnlineTiles {
            tiles,
            status,
            cache_problem,
            _stop_keeper: stop_keeper,
        })
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

/// Create `dir` (and missing parents) so that only the user can enter it,
/// or make an existing one so. A link or a file in its place is refused.
pub fn prepare_private_dir(dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(format!(
                "{shown}: is a link, not a folder; not used for the tile cache"
            ));
        }
        Ok(m) if !m.is_dir() => {
            return Err(format!(
                "{shown}: is not a folder; not used for the tile cache"
            ));
        }
        Ok(_) => {}
        Err(_) => {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder
                .create(dir)
                .map_err(|e| format!("{shown}: cannot create the tile cache folder: {e}"))?;
        }
    }
    set_mode(dir, 0o700).map_err(|e| format!("{shown}: cannot make the tile cache private: {e}"))
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// `set_mode` only when the mode differs (one system call saved per file).
fn ensure_mode(path: &Path, meta: &std::fs::Metadata, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o777 == mode {
            return;
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let _ = set_mode(path, mode);
}

/// What one pass over the cache found and did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CacheReport {
    /// Files kept and their total size.
    pub files: usize,
    pub bytes: u64,
    /// Files deleted to stay under the limit, and odd entries (links, special files) removed.
    pub evicted: usize,
    pub removed_odd: usize,
}

/// Keep the cache private and under `limit_bytes`: folders 0700, files
/// 0600, links and special files removed, then the oldest files deleted
/// until the total is at most 90% of the limit. Never follows links, never
/// fails on a damaged entry (it is skipped or removed).
pub fn tend_cache(dir: &Path, limit_bytes: u64) -> CacheReport {
    let mut files: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    let mut report = CacheReport::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let kind = meta.file_type();
            if kind.is_dir() {
                ensure_mode(&path, &meta, 0o700);
                stack.push(path);
            } else if kind.is_file() {
                ensure_mode(&path, &meta, 0o600);
                let time = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                files.push((time, meta.len(), path));
            } else if std::fs::remove_file(&path).is_ok() {
                // A link or a special file has no business here.
                report.removed_odd += 1;
            }
        }
    }
    let mut total: u64 = files.iter().map(|(_, len, _)| len).sum();
    if total > limit_bytes {
        let target = limit_bytes / 10 * 9;
        files.sort_by_key(|(time, _, _)| *time);
        let mut kept = Vec::new();
        for (time, len, path) in files {
            if total > target && std::fs::remove_file(&path).is_ok() {
                total -= len;
                report.evicted += 1;
            } else {
                kept.push((time, len, path));
            }
        }
        files = kept;
    }
    report.files = files.len();
    report.bytes = total;
    report
}

/// Tend the cache now and every few seconds until the returned sender is dropped.
fn spawn_cache_keeper(dir: PathBuf, limit_bytes: u64) -> Sender<()> {
    let (stop, stopped) = channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("tile-cache-keeper".into())
        .spawn(move || {
            loop {
                tend_cache(&dir, limit_bytes);
                match stopped.recv_timeout(CACHE_TEND_EVERY) {
                    Err(RecvTimeoutError::Timeout) => continue,
                    _ => return,
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!("route-explorer: cannot start the tile cache keeper: {e}");
    }
    stop
}

/// The badge that says, whenever online tiles are on, where they come from.
pub fn badge(
    ui: &mut egui::Ui,
    map_rect: Rect,
    host: &str,
    status: Option<&OnlineStatus>,
    cache_problem: Option<&str>,
) {
    let state = match status {
        Some(OnlineStatus::Available) => "connected",
        Some(OnlineStatus::Checking) => "connecting",
        Some(OnlineStatus::Unavailable(_)) => "unavailable",
        None => "starting",
    };
    let mut text = format!("Online tiles ON: {host} ({state})");
    if cache_problem.is_some() {
        text.push_str(" · not cached on disk");
    }
    let font = egui::FontId::proportional(11.0);
    let galley = ui
        .painter()
        .layout_no_wrap(text.clone(), font, Color32::from_gray(20));
    // Just above the attribution line, which then names OpenStreetMap.
    let rect = egui::Align2::RIGHT_BOTTOM
        .anchor_size(map_rect.right_bottom() - vec2(8.0, 30.0), galley.size())
        .expand(4.0);
    ui.painter().rect(
        rect,
        3.0,
        Color32::from_rgb(255, 236, 179),
        Stroke::new(1.0, Color32::from_rgb(180, 120, 0)),
        egui::StrokeKind::Inside,
    );
    // A real label, so screen readers (and tests) can find it.
    let label = ui.put(
        rect.shrink(4.0),
        egui::Label::new(
            egui::RichText::new(text)
                .size(11.0)
                .color(Color32::from_gray(20)),
        )
        .extend(),
    );
    if let Some(why) = cache_problem {
        label.on_hover_text(format!("Tiles are kept in memory only: {why}"));
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

    #[test]
    fn the_probed_host_follows_the_configured_url() {
        assert_eq!(host_of(OSM_URL), OSM_HOST);
        assert_eq!(
            host_of("http://127.0.0.1:8080/{z}/{x}/{y}.png"),
            "127.0.0.1:8080"
        );
        assert_eq!(host_of("http://tiles.local/{z}/{x}/{y}"), "tiles.local:80");
        assert_eq!(host_of("https://[::1]/t/{z}/{x}/{y}"), "[::1]:443");
        assert_eq!(host_of("https://u:p@h.example:9/x"), "h.example:9");
    }

    #[test]
    fn user_agent_names_the_program_and_its_version() {
        let ua = user_agent();
        assert!(
            ua.starts_with(&format!("route-explorer/{} (", env!("CARGO_PKG_VERSION"))),
            "{ua}"
        );
        assert!(HeaderValue::from_str(&ua).is_ok());
    }

    #[test]
    fn the_cache_is_in_the_users_cache_folder_or_nowhere() {
        let home = Path::new("/home/someone/.cache");
        let e = OnlineEndpoint::new(None, Some(home));
        assert_eq!(e.cache_dir, home.join("route-explorer").join("tiles"));
        assert_eq!(e.url_template, OSM_URL);
        let none = OnlineEndpoint::new(None, None);
        assert!(none.cache_dir.as_os_str().is_empty());
        assert!(!none.cache_dir.starts_with(std::env::temp_dir()));
    }

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn cache_folder_is_created_private_and_made_private_if_it_was_not() {
        let root = tempfile::tempdir().unwrap();
        let dir = root
            .path()
            .join("cache")
            .join("route-explorer")
            .join("tiles");
        prepare_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        set_mode(&dir, 0o755).unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub").join("f"), b"x").unwrap();
        set_mode(&dir.join("sub").join("f"), 0o644).unwrap();
        prepare_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        tend_cache(&dir, u64::MAX);
        assert_eq!(mode(&dir.join("sub")), 0o700);
        assert_eq!(mode(&dir.join("sub").join("f")), 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_or_file_in_place_of_the_cache_folder_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let elsewhere = root.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let link = root.path().join("tiles");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let err = prepare_private_dir(&link).unwrap_err();
        assert!(err.contains("is a link"), "{err}");
        let file = root.path().join("file");
        std::fs::write(&file, b"").unwrap();
        let err = prepare_private_dir(&file).unwrap_err();
        assert!(err.contains("is not a folder"), "{err}");
    }

    #[test]
    fn the_oldest_files_go_first_when_the_cache_is_over_its_limit() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        let t0 = SystemTime::now() - Duration::from_secs(3600);
        for i in 0..10u64 {
            let p = dir.join(format!("f{i}"));
            std::fs::write(&p, vec![0u8; 1000]).unwrap();
            let f = std::fs::File::options().write(true).open(&p).unwrap();
            f.set_modified(t0 + Duration::from_secs(i * 60)).unwrap();
        }
        let report = tend_cache(dir, 5000);
        // 90% of 5000 bytes: 4 files of 1000 bytes stay, the 6 oldest go.
        assert_eq!((report.files, report.bytes, report.evicted), (4, 4000, 6));
        for i in 0..6 {
            assert!(
                !dir.join(format!("f{i}")).exists(),
                "f{i} should be evicted"
            );
        }
        for i in 6..10 {
            assert!(dir.join(format!("f{i}")).exists(), "f{i} should stay");
        }
        // Under the limit nothing goes.
        assert_eq!(tend_cache(dir, 5000).evicted, 0);
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_the_cache_are_removed_not_followed() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside.txt");
        std::fs::write(&outside, vec![1u8; 5000]).unwrap();
        let cache = root.path().join("cache");
        std::fs::create_dir(&cache).unwrap();
        std::os::unix::fs::symlink(&outside, cache.join("link")).unwrap();
        let report = tend_cache(&cache, 10);
        assert_eq!(report.removed_odd, 1);
        assert!(outside.exists(), "the link's target is left alone");
        assert!(!cache.join("link").exists());
    }
}
