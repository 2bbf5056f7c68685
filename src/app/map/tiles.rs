//! Offline basemap as a walkers tile source: tiles are rasterised from the
//! embedded Natural Earth vectors on worker threads and cached as textures.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

use egui::{ColorImage, Context, Rect, TextureHandle, TextureOptions, pos2};
use walkers::sources::Attribution;
use walkers::{Tile, TileId, TilePiece, Tiles};

use crate::basemap::{Basemap, BasemapStyle, TILE_SIZE, render_tile_with_style};

/// Deepest zoom we render; the map is capped here (city level).
pub const MAX_ZOOM: u8 = 13;
/// Textures kept; at 256² RGBA that is 64 MiB at most.
const CACHE_CAPACITY: usize = 256;
/// Queued requests kept; older ones (tiles scrolled past) are dropped.
const QUEUE_CAPACITY: usize = 96;

/// A render job: which tile, with which style generation.
type Job = (TileId, u64, Arc<BasemapStyle>);
type Done = (TileId, u64, Vec<u8>);

/// Most recent requests first: the tiles the user looks at now render first.
struct Queue {
    jobs: Mutex<Vec<Job>>,
    ready: Condvar,
}

struct Cached {
    texture: TextureHandle,
    generation: u64,
    last_used: u64,
}

pub struct OfflineTiles {
    ctx: Context,
    queue: Arc<Queue>,
    done: Receiver<Done>,
    cache: HashMap<TileId, Cached>,
    pending: HashMap<TileId, u64>,
    style: Arc<BasemapStyle>,
    generation: u64,
    frame: u64,
}

impl OfflineTiles {
    pub fn new(ctx: Context, basemap: Arc<Basemap>, style: BasemapStyle, workers: usize) -> Self {
        let queue = Arc::new(Queue {
            jobs: Mutex::new(Vec::new()),
            ready: Condvar::new(),
        });
        let (tx, done) = channel();
        for i in 0..workers.max(1) {
            let queue = Arc::clone(&queue);
            let basemap = Arc::clone(&basemap);
            let tx: Sender<Done> = tx.clone();
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("basemap-tiles-{i}"))
                .spawn(move || worker(&queue, &basemap, &tx, &ctx));
            if let Err(e) = spawned {
                eprintln!("route-explorer: cannot start a tile worker: {e}");
            }
        }
        OfflineTiles {
            ctx,
            queue,
            done,
            cache: HashMap::new(),
            pending: HashMap::new(),
            style: Arc::new(style),
            generation: 0,
            frame: 0,
        }
    }

    /// Change the look (e.g. the choropleth fills). Old tiles stay on screen
    /// until their replacements are ready, so nothing flashes.
    pub fn set_style(&mut self, style: BasemapStyle) {
        if *self.style != style {
            self.style = Arc::new(style);
            self.generation += 1;
        }
    }

    pub fn style(&self) -> &BasemapStyle {
        &self.style
    }

    /// Number of tiles rendered and cached at the current style.
    pub fn ready_tiles(&self) -> usize {
        self.cache
            .values()
            .filter(|c| c.generation == self.generation)
            .count()
    }

    /// Tiles requested but not rendered yet.
    pub fn pending_tiles(&self) -> usize {
        self.pending.len()
    }

    /// Call once per frame before the map draws: uploads finished tiles.
    pub fn begin_frame(&mut self) {
        self.frame += 1;
        while let Ok((id, generation, rgba)) = self.done.try_recv() {
            if self.pending.get(&id) == Some(&generation) {
                self.pending.remove(&id);
            }
            let size = TILE_SIZE as usize;
            if rgba.len() != size * size * 4 {
                continue;
            }
            let image = ColorImage::from_rgba_unmultiplied([size, size], &rgba);
            let texture = self.ctx.load_texture(
                format!("basemap-{}-{}-{}", id.zoom, id.x, id.y),
                image,
                TextureOptions::LINEAR,
            );
            let keep_newer = self
                .cache
                .get(&id)
                .is_some_and(|c| c.generation > generation);
            if !keep_newer {
                self.cache.insert(
                    id,
                    Cached {
                        texture,
                        generation,
                        last_used: self.frame,
                    },
                );
            }
        }
        self.evict();
    }

    fn evict(&mut self) {
        if self.cache.len() <= CACHE_CAPACITY {
            return;
        }
        let mut ages: Vec<(u64, TileId)> = self
            .cache
            .iter()
            .map(|(id, c)| (c.last_used, *id))
            .collect();
        ages.sort_by_key(|(used, _)| *used);
        let excess = self.cache.len() - CACHE_CAPACITY;
        for (_, id) in ages.into_iter().take(excess) {
            self.cache.remove(&id);
        }
    }

    fn request(&mut self, id: TileId) {
        if self.pending.get(&id) == Some(&self.generation) {
            return;
        }
        self.pending.insert(id, self.generation);
        let Ok(mut jobs) = self.queue.jobs.lock() else {
            return;
        };
        jobs.push((id, self.generation, Arc::clone(&self.style)));
        if jobs.len() > QUEUE_CAPACITY {
            let excess = jobs.len() - QUEUE_CAPACITY;
            let dropped: Vec<Job> = jobs.drain(..excess).collect();
            for (old, generation, _) in dropped {
                if self.pending.get(&old) == Some(&generation) {
                    self.pending.remove(&old);
                }
            }
        }
        self.queue.ready.notify_one();
    }

    /// A cached ancestor, cropped to this tile's square, while it renders.
    fn ancestor_piece(&mut self, id: TileId) -> Option<TilePiece> {
        for dz in 1..=id.zoom {
            let parent = TileId {
                x: id.x >> dz,
                y: id.y >> dz,
                zoom: id.zoom - dz,
            };
            if let Some(c) = self.cache.get_mut(&parent) {
                c.last_used = self.frame;
                let n = (1u32 << dz) as f32;
                let (fx, fy) = ((id.x % (1 << dz)) as f32, (id.y % (1 << dz)) as f32);
                let uv =
                    Rect::from_min_max(pos2(fx / n, fy / n), pos2((fx + 1.0) / n, (fy + 1.0) / n));
                return Some(TilePiece::new(Tile::Raster(c.texture.clone()), uv));
            }
        }
        None
    }
}

impl Tiles for OfflineTiles {
    fn at(&mut self, id: TileId) -> Option<TilePiece> {
        if id.zoom > MAX_ZOOM {
            return self.ancestor_piece(id);
        }
        let frame = self.frame;
        let generation = self.generation;
        let fresh = match self.cache.get_mut(&id) {
            Some(c) => {
                c.last_used = frame;
                c.generation == generation
            }
            None => false,
        };
        if !fresh {
            self.request(id);
        }
        match self.cache.get(&id) {
            Some(c) => Some(TilePiece::new(
                Tile::Raster(c.texture.clone()),
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            )),
            None => self.ancestor_piece(id),
        }
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "Natural Earth · GeoNames",
            url: "https://www.naturalearthdata.com/",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        TILE_SIZE
    }
}

fn worker(queue: &Queue, basemap: &Basemap, tx: &Sender<Done>, ctx: &Context) {
    loop {
        let job = {
            let Ok(mut jobs) = queue.jobs.lock() else {
                return;
            };
            loop {
                if let Some(job) = jobs.pop() {
                    break job;
                }
                jobs = match queue.ready.wait(jobs) {
                    Ok(j) => j,
                    Err(_) => return,
                };
            }
        };
        let (id, generation, style) = job;
        let rgba = render_tile_with_style(basemap, &style, id.zoom, id.x, id.y, TILE_SIZE);
        if tx.send((id, generation, rgba)).is_err() {
            return; // the app has gone
        }
        ctx.request_repaint();
    }
}
