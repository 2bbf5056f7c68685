//! UI monkey test: thousands of random pointer, wheel and key events on both
//! tabs must never panic, and the state must stay coherent (selection names a
//! real record, the map stays within its zoom limits). Deterministic (xorshift),
//! so a failure reproduces.

use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use route_explorer::app::map::MIN_ZOOM;
use route_explorer::app::map::tiles::MAX_ZOOM;
use route_explorer::app::{App, Selection, UiState};
use route_explorer::model::load::load_embedded;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pos(&mut self, size: Vec2) -> Pos2 {
        pos2(
            self.below(size.x as u64) as f32,
            self.below(size.y as u64) as f32,
        )
    }
}

fn check_invariants(app: &App) {
    let s = &app.state;
    match &s.ui.selection {
        Some(Selection::Route(id)) => assert!(s.dataset.route(id).is_some(), "unknown route {id}"),
        Some(Selection::Place(id)) => assert!(s.dataset.place(id).is_some(), "unknown place {id}"),
        Some(Selection::Leg(a, b)) => assert!(s.network.leg(a, b).is_some(), "unknown leg {a}-{b}"),
        Some(Selection::Oblast(h)) => assert!(s.dataset.region(h).is_some(), "unknown oblast {h}"),
        None => {}
    }
    if let Some(m) = &app.map {
        let zoom = m.view().1;
        assert!((MIN_ZOOM..=MAX_ZOOM as f64).contains(&zoom), "zoom {zoom}");
    }
}

fn monkey(seed: u64, steps: usize, start_on_charts: bool) {
    let data = load_embedded().unwrap();
    let app = App::new(data, "embedded".into(), vec![], UiState::default());
    let size = vec2(1280.0, 800.0);
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.run_steps(2);
    if start_on_charts {
        h.get_by_label("Charts").click();
        h.run_steps(2);
    }
    let mut rng = Rng(seed);
    let keys = [
        Key::Plus,
        Key::Minus,
        Key::Enter,
        Key::Escape,
        Key::Tab,
        Key::ArrowDown,
        Key::A,
    ];
    for _ in 0..steps {
        let p = rng.pos(size);
        match rng.below(10) {
            0..=3 => {
                // A click somewhere.
                h.event(Event::PointerMoved(p));
                for pressed in [true, false] {
                    h.event(Event::PointerButton {
                        pos: p,
                        button: PointerButton::Primary,
                        pressed,
                        modifiers: Modifiers::NONE,
                    });
                }
            }
            4 | 5 => {
                // A drag.
                h.event(Event::PointerButton {
                    pos: p,
                    button: PointerButton::Primary,
                    pressed: true,
                    modifiers: Modifiers::NONE,
                });
                let q = p + vec2(rng.below(200) as f32 - 100.0, rng.below(200) as f32 - 100.0);
                h.event(Event::PointerMoved(q));
                h.event(Event::PointerButton {
                    pos: q,
                    button: PointerButton::Primary,
                    pressed: false,
                    modifiers: Modifiers::NONE,
                });
            }
            6 => {
                h.event(Event::PointerMoved(p));
                h.event(Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: vec2(0.0, rng.below(400) as f32 - 200.0),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Unknown,
                    modifiers: Modifiers::NONE,
                });
            }
            7 => {
                let key = keys[rng.below(keys.len() as u64) as usize];
                h.key_press(key);
            }
            8 => h.event(Event::Text("Alm".into())),
            _ => h.event(Event::PointerMoved(p)),
        }
        h.step();
        check_invariants(h.state());
    }
}

#[test]
fn random_input_on_the_map_tab_never_breaks_the_app() {
    monkey(0x5EED_0001, 1500, false);
}

#[test]
fn random_input_on_the_charts_tab_never_breaks_the_app() {
    monkey(0x5EED_0002, 1500, true);
}
