//! Random traffic on every Screen port, on screens of random size, against the model of
//! `model.rs`: the device never panics, its layers stay exactly `width × height`, sizes,
//! registers and layers always agree with the model, and a pixel or fill whose x or y is
//! off the screen changes nothing at all (Varvara 79K, varvara.md §3.4 and §3.7).

mod model;

use proptest::prelude::*;
use uxn_core::Uxn;

use super::{Layer, Screen};
use model::Model;

/// Screens up to this many cells are compared with the model after every step; larger
/// ones once at the end (comparing 2048 × 2048 cells at every step would take minutes).
const COMPARE_EVERY_STEP: usize = 1 << 14;

/// A position relative to the screen's far edge (so that `width - 1`, `width` and
/// `width + 1` come up often), or any 16-bit value.
#[derive(Clone, Copy, Debug)]
enum Position {
    FromEdge(i16),
    Absolute(u16),
}

#[derive(Clone, Copy, Debug)]
enum Step {
    /// Any byte to any Screen port (offset from `20`).
    Raw(u8, u8),
    /// x or y (`vertical`) written with both bytes, as `DEO2` does.
    Position {
        vertical: bool,
        at: Position,
    },
    Addr(u16),
    Resize {
        vertical: bool,
        size: u16,
    },
    Auto(u8),
    Pixel(u8),
    Sprite(u8),
}

fn side() -> impl Strategy<Value = u16> {
    prop_oneof![1 => Just(8u16), 1 => Just(2048), 3 => 0u16..48, 1 => any::<u16>()]
}

fn position() -> impl Strategy<Value = Position> {
    prop_oneof![
        (-3i16..3).prop_map(Position::FromEdge),
        (0u16..64).prop_map(Position::Absolute),
        (0xfff0u16..=0xffff).prop_map(Position::Absolute),
        (0x7ff0u16..=0x8010).prop_map(Position::Absolute),
        any::<u16>().prop_map(Position::Absolute),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0u8..16, any::<u8>()).prop_map(|(p, v)| Step::Raw(p, v)),
        4 => (any::<bool>(), position()).prop_map(|(vertical, at)| Step::Position { vertical, at }),
        1 => prop_oneof![0xffe0u16..=0xffff, any::<u16>()].prop_map(Step::Addr),
        1 => (any::<bool>(), prop_oneof![0u16..64, any::<u16>()])
            .prop_map(|(vertical, size)| Step::Resize { vertical, size }),
        2 => any::<u8>().prop_map(Step::Auto),
        4 => any::<u8>().prop_map(Step::Pixel),
        3 => any::<u8>().prop_map(Step::Sprite),
    ]
}

/// The port writes of one step, as (offset from `20`, byte).
fn writes(step: Step, model: &Model) -> Vec<(u8, u8)> {
    let short = |hi: u8, v: u16| vec![(hi, (v >> 8) as u8), (hi + 1, v as u8)];
    match step {
        Step::Raw(p, v) => vec![(p, v)],
        Step::Position { vertical, at } => {
            let (port, edge) = if vertical {
                (0x0a, model.height)
            } else {
                (0x08, model.width)
            };
            let value = match at {
                Position::FromEdge(d) => edge.wrapping_add_signed(d),
                Position::Absolute(v) => v,
            };
            short(port, value)
        }
        Step::Addr(a) => short(0x0c, a),
        Step::Resize { vertical, size } => short(if vertical { 0x04 } else { 0x02 }, size),
        Step::Auto(v) => vec![(0x06, v)],
        Step::Pixel(v) => vec![(0x0e, v)],
        Step::Sprite(v) => vec![(0x0f, v)],
    }
}

/// Every cell of both layers against the model.
fn assert_layers_match(screen: &Screen, model: &Model) -> Result<(), TestCaseError> {
    let (w, h) = (model.width as usize, model.height as usize);
    prop_assert_eq!(screen.size(), (model.width, model.height));
    prop_assert_eq!(screen.layers.cell_count(), w * h);
    prop_assert_eq!(screen.frame.len(), w * h);
    for (layer, want) in [Layer::Background, Layer::Foreground]
        .iter()
        .zip(&model.layers)
    {
        let got = screen.layers.indices(*layer);
        if got == *want {
            continue;
        }
        if let Some(i) = (0..w * h).find(|&i| got[i] != want[i]) {
            let (x, y) = (i % w, i / w);
            prop_assert!(
                false,
                "{:?} at ({}, {}): {} instead of {}",
                layer,
                x,
                y,
                got[i],
                want[i]
            );
        }
    }
    Ok(())
}

fn run(size: (u16, u16), steps: &[Step], seed: u64) -> Result<(), TestCaseError> {
    let mut vm = Uxn::new();
    // Sprite data: random bytes all over RAM, the last few addresses included.
    let mut state = seed | 1;
    for byte in vm.ram.iter_mut() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
    let mut screen = Screen::new();
    let mut model = Model::new(512, 320);
    let resize = [
        Step::Resize {
            vertical: false,
            size: size.0,
        },
        Step::Resize {
            vertical: true,
            size: size.1,
        },
    ];
    for (i, &step) in resize.iter().chain(steps).enumerate() {
        for (offset, value) in writes(step, &model) {
            let port = 0x20 + offset;
            let off_screen = model.x >= model.width || model.y >= model.height;
            let checked = (offset == 0x0e && off_screen).then(|| screen.layers.clone());
            let registers = (screen.x, screen.y);
            vm.dev[port as usize] = value;
            screen.deo(&mut vm, port);
            model.write(offset, value, &vm.ram);
            if let Some(before) = checked {
                prop_assert!(
                    screen.layers == before,
                    "step {}: off-screen {:02x} drew",
                    i,
                    value
                );
                prop_assert_eq!(
                    (screen.x, screen.y),
                    registers,
                    "step {}: {:02x} moved",
                    i,
                    value
                );
            }
        }
        for offset in 0..16 {
            let port = 0x20 + offset;
            let read = screen.dei(&mut vm, port);
            prop_assert_eq!(read, model.read(offset), "step {}: port {:02x}", i, port);
        }
        prop_assert_eq!(screen.vector, model.vector);
        if model.width as usize * model.height as usize <= COMPARE_EVERY_STEP {
            assert_layers_match(&screen, &model)?;
        }
    }
    assert_layers_match(&screen, &model)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_traffic_on_every_port_matches_the_model(
        size in (side(), side()),
        steps in prop::collection::vec(step(), 1..40),
        seed in any::<u64>(),
    ) {
        run(size, &steps, seed)?;
    }
}

/// The smallest and largest screens, with positions at and just past every edge.
#[test]
fn pixels_and_fills_at_the_edges_of_the_extreme_sizes() {
    for size in [(8, 8), (8, 2048), (2048, 8), (2048, 2048)] {
        let mut steps = Vec::new();
        for d in -1..=1 {
            for command in [0x41, 0x83, 0x92, 0xa1, 0xf2] {
                for vertical in [false, true] {
                    let at = Position::FromEdge(d);
                    steps.push(Step::Position { vertical, at });
                }
                steps.push(Step::Auto(0x03));
                steps.push(Step::Pixel(command));
            }
        }
        run(size, &steps, 7).unwrap();
    }
}
