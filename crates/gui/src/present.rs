//! Presentation that costs what changed: the Screen device's dirty rectangle becomes a
//! rectangle of window pixels, only those are scaled into the back buffer, and only they
//! are handed to the window system as damage. Everything is redrawn after a resize, a
//! zoom or layout change, an expose, or when the back buffer's contents are unknown.
//!
//! A window system may hand out a back buffer that holds an older frame than the last
//! one presented (double or triple buffering): its *age* says how many presents ago it
//! was shown, and the presenter redraws the union of the changes since then.

use varvara::{Area, Rect};

use crate::view::Layout;

/// Black, for the bars around the picture.
const BORDER: u32 = 0;

/// How many past damages are kept: enough for triple buffering. An older back buffer
/// is redrawn in full.
const HISTORY: usize = 3;

/// A non-empty rectangle of window pixels.
pub type Region = Area<u32>;

/// All of a window, `None` if it has no pixels (minimised).
pub fn whole_window(window: (u32, u32)) -> Option<Region> {
    (window.0 > 0 && window.1 > 0).then_some(Region {
        x0: 0,
        y0: 0,
        x1: window.0,
        y1: window.1,
    })
}

/// The window pixels that show the screen pixels `rect`, cut to the window; `None` if
/// none of them is visible.
pub fn screen_in_window(rect: Rect, layout: &Layout, window: (u32, u32)) -> Option<Region> {
    let scale = i64::from(layout.scale.max(1));
    let span = |offset: i32, start: u16, length: u16, limit: u32| {
        let from = i64::from(offset) + i64::from(start) * scale;
        let to = from + i64::from(length) * scale;
        let cut = |v: i64| v.clamp(0, i64::from(limit)) as u32;
        (cut(from), cut(to))
    };
    let (x0, x1) = span(layout.x, rect.x, rect.width, window.0);
    let (y0, y1) = span(layout.y, rect.y, rect.height, window.1);
    (x0 < x1 && y0 < y1).then_some(Region { x0, y0, x1, y1 })
}

/// What changed since the last present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The window needs all of it (an expose, a new size).
    Everything,
    /// These screen pixels.
    Screen(Rect),
}

impl Change {
    /// Both changes at once.
    pub fn and(self, other: Change) -> Change {
        match (self, other) {
            (Change::Screen(a), Change::Screen(b)) => Change::Screen(a.union(b)),
            _ => Change::Everything,
        }
    }

    /// `other` added to a change that may not exist yet.
    pub fn add(pending: Option<Change>, other: Change) -> Change {
        pending.map_or(other, |p| p.and(other))
    }
}

/// Everything the window's picture depends on besides the screen's pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    pub window: (u32, u32),
    pub screen: (u16, u16),
    pub layout: Layout,
}

/// What one present does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Drawn into the back buffer: the change, and whatever the buffer missed.
    pub redraw: Region,
    /// Reported to the window system: what differs from the frame shown before.
    pub damage: Region,
}

/// Remembers what the last presents changed.
#[derive(Debug, Default)]
pub struct Presenter {
    frame: Option<Frame>,
    /// The damage of the latest presents, newest first.
    history: [Option<Region>; HISTORY],
}

impl Presenter {
    /// Plans a present into a back buffer of `age` (as softbuffer says: 0 for unknown
    /// contents, n for the frame presented n presents ago). `None` when nothing visible
    /// changed. The plan is taken as presented.
    pub fn plan(&mut self, frame: Frame, change: Change, age: u8) -> Option<Plan> {
        let whole = whole_window(frame.window)?;
        let change = if self.frame == Some(frame) {
            change
        } else {
            Change::Everything
        };
        let damage = match change {
            Change::Everything => whole,
            Change::Screen(rect) => screen_in_window(rect, &frame.layout, frame.window)?,
        };
        let missed = usize::from(age).checked_sub(1).filter(|&n| n <= HISTORY);
        let redraw = missed
            .and_then(|n| {
                self.history[..n]
                    .iter()
                    .try_fold(damage, |all, past| past.map(|p| all.union(p)))
            })
            .unwrap_or(whole);
        self.history.rotate_right(1);
        self.history[0] = Some(damage);
        self.frame = Some(frame);
        Some(Plan { redraw, damage })
    }

    /// Forgets everything: the next present redraws the whole window.
    pub fn reset(&mut self) {
        *self = Presenter::default();
    }
}

/// A back buffer the window system lends for one present.
pub trait BackBuffer {
    type Error;
    fn age(&self) -> u8;
    /// `width × height` pixels, 0x00RRGGBB, row-major.
    fn pixels_mut(&mut self) -> &mut [u32];
    fn present(self, damage: Region) -> Result<(), Self::Error>;
}

/// Brings `buffer` up to date with `pixels` (the composited screen) and presents the
/// change. Returns what was done, `None` if nothing visible changed.
pub fn present<B: BackBuffer>(
    presenter: &mut Presenter,
    mut buffer: B,
    frame: Frame,
    change: Change,
    pixels: &[u32],
) -> Result<Option<Plan>, B::Error> {
    let Some(plan) = presenter.plan(frame, change, buffer.age()) else {
        return Ok(None);
    };
    scale(
        buffer.pixels_mut(),
        frame.window,
        pixels,
        frame.screen,
        &frame.layout,
        plan.redraw,
    );
    match buffer.present(plan.damage) {
        Ok(()) => Ok(Some(plan)),
        Err(err) => {
            presenter.reset();
            Err(err)
        }
    }
}

/// Scales the part of `src` (a `screen`-sized picture) that `region` of the window shows
/// into `dst` (a `window`-sized buffer), as `layout` places it, with black around it.
/// Each picture row is built once; the other `scale - 1` window rows copy it.
pub fn scale(
    dst: &mut [u32],
    window: (u32, u32),
    src: &[u32],
    screen: (u16, u16),
    layout: &Layout,
    region: Region,
) {
    let (dw, dh) = (window.0 as usize, window.1 as usize);
    let (sw, sh) = (usize::from(screen.0), usize::from(screen.1));
    if dst.len() < dw * dh {
        return;
    }
    let (x0, x1) = ((region.x0 as usize).min(dw), (region.x1 as usize).min(dw));
    let (y0, y1) = ((region.y0 as usize).min(dh), (region.y1 as usize).min(dh));
    let scale = i64::from(layout.scale.max(1));
    let (lx, ly) = (i64::from(layout.x), i64::from(layout.y));
    // The picture's columns within the region.
    let cut = |v: i64| v.clamp(x0 as i64, x1 as i64) as usize;
    let (px0, px1) = (cut(lx), cut(lx + sw as i64 * scale));
    let has_picture = px0 < px1 && sw > 0 && src.len() >= sw * sh;
    let mut built: Option<(i64, usize)> = None; // (source row, window row holding it)
    for y in y0..y1 {
        let start = y * dw;
        let sy = (y as i64 - ly).div_euclid(scale);
        if !has_picture || sy < 0 || sy >= sh as i64 {
            dst[start + x0..start + x1].fill(BORDER);
            continue;
        }
        if let Some((built_sy, built_y)) = built
            && built_sy == sy
        {
            dst.copy_within(built_y * dw + x0..built_y * dw + x1, start + x0);
            continue;
        }
        let row = &mut dst[start..start + dw];
        row[x0..px0].fill(BORDER);
        row[px1..x1].fill(BORDER);
        let source = &src[sy as usize * sw..][..sw];
        stretch(
            &mut row[px0..px1],
            source,
            (px0 as i64 - lx) as usize,
            scale as usize,
        );
        built = Some((sy, y));
    }
}

/// Fills `out` with `row` enlarged `scale` times, starting `from` window pixels into
/// the enlarged row.
fn stretch(out: &mut [u32], row: &[u32], from: usize, scale: usize) {
    if scale == 1 {
        out.copy_from_slice(&row[from..from + out.len()]);
        return;
    }
    let mut sx = from / scale;
    // The end of a pixel the region starts inside of.
    let head = ((scale - from % scale) % scale).min(out.len());
    let (first, rest) = out.split_at_mut(head);
    if !first.is_empty() {
        first.fill(row[sx]);
        sx += 1;
    }
    match scale {
        2 => stretch_by::<2>(rest, &row[sx.min(row.len())..]),
        3 => stretch_by::<3>(rest, &row[sx.min(row.len())..]),
        4 => stretch_by::<4>(rest, &row[sx.min(row.len())..]),
        _ => {
            let whole = rest.len() / scale;
            let mut cells = rest.chunks_exact_mut(scale);
            for (cell, &pixel) in (&mut cells).zip(&row[sx.min(row.len())..]) {
                cell.fill(pixel);
            }
            let tail = cells.into_remainder();
            if !tail.is_empty() {
                tail.fill(row[sx + whole]);
            }
        }
    }
}

/// [`stretch`] for a scale known at compile time, which the compiler turns into
/// straight stores.
fn stretch_by<const N: usize>(out: &mut [u32], row: &[u32]) {
    let mut cells = out.chunks_exact_mut(N);
    for (cell, &pixel) in (&mut cells).zip(row) {
        cell.copy_from_slice(&[pixel; N]);
    }
    let whole = out.len() / N;
    let tail = &mut out[whole * N..];
    if !tail.is_empty() {
        tail.fill(row[whole]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::{Runner, STEP_BUDGET};

    const SRC: [u32; 6] = [1, 2, 3, 4, 5, 6]; // 3x2

    fn layout(scale: u32, x: i32, y: i32) -> Layout {
        Layout { scale, x, y }
    }

    /// The whole window drawn from `SRC`.
    fn run(dst: (usize, usize), layout: Layout) -> Vec<u32> {
        let mut out = vec![0xdead; dst.0 * dst.1];
        let window = (dst.0 as u32, dst.1 as u32);
        scale(
            &mut out,
            window,
            &SRC,
            (3, 2),
            &layout,
            whole_window(window).unwrap(),
        );
        out
    }

    #[test]
    fn one_to_one() {
        assert_eq!(run((3, 2), layout(1, 0, 0)), SRC);
    }

    #[test]
    fn doubled() {
        #[rustfmt::skip]
        let want = [
            1, 1, 2, 2, 3, 3,
            1, 1, 2, 2, 3, 3,
            4, 4, 5, 5, 6, 6,
            4, 4, 5, 5, 6, 6,
        ];
        assert_eq!(run((6, 4), layout(2, 0, 0)), want);
    }

    #[test]
    fn centred_with_black_bars() {
        #[rustfmt::skip]
        let want = [
            0, 0, 0, 0, 0,
            0, 1, 2, 3, 0,
            0, 4, 5, 6, 0,
            0, 0, 0, 0, 0,
        ];
        assert_eq!(run((5, 4), layout(1, 1, 1)), want);
    }

    #[test]
    fn cut_when_the_window_is_smaller() {
        // Offset -1 at scale 2: the first window column shows the second half of pixel 1.
        #[rustfmt::skip]
        let want = [
            1, 2, 2, 3,
            4, 5, 5, 6,
        ];
        assert_eq!(run((4, 2), layout(2, -1, -1)), want);
    }

    /// A reference scaler: every window pixel looked up on its own.
    fn reference(window: (u32, u32), src: &[u32], screen: (u16, u16), l: &Layout) -> Vec<u32> {
        let mut out = Vec::new();
        for y in 0..i64::from(window.1) {
            for x in 0..i64::from(window.0) {
                let s = i64::from(l.scale);
                let sx = (x - i64::from(l.x)).div_euclid(s);
                let sy = (y - i64::from(l.y)).div_euclid(s);
                let inside = (0..i64::from(screen.0)).contains(&sx)
                    && (0..i64::from(screen.1)).contains(&sy);
                out.push(if inside {
                    src[(sy * i64::from(screen.0) + sx) as usize]
                } else {
                    BORDER
                });
            }
        }
        out
    }

    #[test]
    fn any_region_at_any_scale_matches_pixel_by_pixel_lookup() {
        let screen = (7u16, 5u16);
        let src: Vec<u32> = (1..=35).collect();
        for s in 1..=6u32 {
            for (lx, ly) in [(0, 0), (3, 2), (-5, -4), (1, -1)] {
                let l = layout(s, lx, ly);
                let window = (7 * s + 4, 5 * s + 3);
                let want = reference(window, &src, screen, &l);
                for (x0, y0, x1, y1) in [(0, 0, window.0, window.1), (1, 2, 9, 7), (5, 1, 6, 2)] {
                    let r = Region { x0, y0, x1, y1 };
                    let mut got = vec![0xdead; (window.0 * window.1) as usize];
                    scale(&mut got, window, &src, screen, &l, r);
                    for y in 0..window.1 {
                        for x in 0..window.0 {
                            let i = (y * window.0 + x) as usize;
                            let inside = (x0..x1).contains(&x) && (y0..y1).contains(&y);
                            let expected = if inside { want[i] } else { 0xdead };
                            assert_eq!(
                                got[i], expected,
                                "scale {s} layout {l:?} region {r:?} at {x},{y}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn screen_rectangles_become_window_rectangles() {
        let rect = Rect {
            x: 10,
            y: 4,
            width: 3,
            height: 2,
        };
        assert_eq!(
            screen_in_window(rect, &layout(3, 5, 7), (1000, 1000)),
            Some(Region {
                x0: 35,
                y0: 19,
                x1: 44,
                y1: 25
            })
        );
        // Cut to the window, and nothing when it is outside.
        assert_eq!(
            screen_in_window(rect, &layout(3, -32, 0), (40, 20)),
            Some(Region {
                x0: 0,
                y0: 12,
                x1: 7,
                y1: 18
            })
        );
        assert_eq!(screen_in_window(rect, &layout(3, 0, 0), (30, 100)), None);
    }

    #[test]
    fn changes_combine() {
        let a = Rect {
            x: 10,
            y: 10,
            width: 5,
            height: 5,
        };
        let b = Rect {
            x: 2,
            y: 12,
            width: 3,
            height: 10,
        };
        let both = Rect {
            x: 2,
            y: 10,
            width: 13,
            height: 12,
        };
        assert_eq!(
            Change::Screen(a).and(Change::Screen(b)),
            Change::Screen(both)
        );
        assert_eq!(
            Change::Screen(a).and(Change::Everything),
            Change::Everything
        );
        assert_eq!(Change::add(None, Change::Screen(a)), Change::Screen(a));
    }

    fn frame() -> Frame {
        Frame {
            window: (100, 100),
            screen: (50, 50),
            layout: layout(2, 0, 0),
        }
    }

    fn small(x: u16) -> Change {
        Change::Screen(Rect {
            x,
            y: 0,
            width: 1,
            height: 1,
        })
    }

    fn region(x0: u32, x1: u32) -> Region {
        Region {
            x0,
            y0: 0,
            x1,
            y1: 2,
        }
    }

    #[test]
    fn the_first_present_and_a_new_layout_redraw_everything() {
        let mut p = Presenter::default();
        let all = whole_window((100, 100)).unwrap();
        let plan = p.plan(frame(), small(3), 1).unwrap();
        assert_eq!((plan.redraw, plan.damage), (all, all));
        let plan = p.plan(frame(), small(3), 1).unwrap();
        assert_eq!((plan.redraw, plan.damage), (region(6, 8), region(6, 8)));
        let moved = Frame {
            layout: layout(2, 1, 0),
            ..frame()
        };
        let plan = p.plan(moved, small(3), 1).unwrap();
        assert_eq!((plan.redraw, plan.damage), (all, all));
    }

    #[test]
    fn older_back_buffers_get_the_changes_they_missed() {
        let mut p = Presenter::default();
        let all = whole_window((100, 100)).unwrap();
        p.plan(frame(), Change::Everything, 0);
        p.plan(frame(), small(1), 2);
        p.plan(frame(), small(5), 2);
        // Two presents ago: this change and the previous one.
        let plan = p.plan(frame(), small(9), 2).unwrap();
        assert_eq!(plan.redraw, region(10, 20));
        assert_eq!(plan.damage, region(18, 20));
        // Three ago: the two before too.
        let plan = p.plan(frame(), small(0), 3).unwrap();
        assert_eq!(plan.redraw, region(0, 20));
        // Unknown contents, or older than remembered: everything.
        assert_eq!(p.plan(frame(), small(0), 0).unwrap().redraw, all);
        assert_eq!(p.plan(frame(), small(0), 5).unwrap().redraw, all);
        // Older than the first present: everything.
        let mut p = Presenter::default();
        p.plan(frame(), Change::Everything, 0);
        assert_eq!(p.plan(frame(), small(0), 3).unwrap().redraw, all);
    }

    #[test]
    fn nothing_visible_nothing_presented() {
        let mut p = Presenter::default();
        let cut = Frame {
            window: (10, 10),
            ..frame()
        };
        p.plan(cut, Change::Everything, 0);
        assert_eq!(p.plan(cut, small(40), 1), None);
        assert_eq!(
            p.plan(
                Frame {
                    window: (0, 0),
                    ..frame()
                },
                Change::Everything,
                0
            ),
            None
        );
    }

    /// A swap chain of `count` back buffers lent in turn, as a compositor does, and the
    /// window it shows: a present copies the damage into the window (as X11 does; a
    /// compositor would show the whole buffer, which the test checks too).
    struct Chain {
        window_size: (u32, u32),
        buffers: Vec<Vec<u32>>,
        /// The present number each buffer was last shown at, 0 for never.
        shown_at: Vec<u64>,
        presents: u64,
        /// Every n-th present gets a buffer of unknown contents (age 0).
        fresh_every: Option<u64>,
        window: Vec<u32>,
    }

    struct Lent<'a> {
        chain: &'a mut Chain,
        index: usize,
    }

    impl Chain {
        fn new(window_size: (u32, u32), count: usize, fresh_every: Option<u64>) -> Chain {
            let len = (window_size.0 * window_size.1) as usize;
            Chain {
                window_size,
                buffers: vec![vec![0xbad; len]; count],
                shown_at: vec![0; count],
                presents: 0,
                fresh_every,
                window: vec![0xbad; len],
            }
        }

        fn lend(&mut self) -> Lent<'_> {
            let index = (self.presents % self.buffers.len() as u64) as usize;
            if self.fresh_every.is_some_and(|n| self.presents % n == n - 1) {
                self.buffers[index].fill(0xbad);
                self.shown_at[index] = 0;
            }
            Lent { chain: self, index }
        }
    }

    impl BackBuffer for Lent<'_> {
        type Error = ();

        fn age(&self) -> u8 {
            match self.chain.shown_at[self.index] {
                0 => 0,
                at => (self.chain.presents + 1 - at) as u8,
            }
        }

        fn pixels_mut(&mut self) -> &mut [u32] {
            &mut self.chain.buffers[self.index]
        }

        fn present(self, damage: Region) -> Result<(), ()> {
            let chain = self.chain;
            let width = chain.window_size.0 as usize;
            for y in damage.y0 as usize..damage.y1 as usize {
                let row = y * width;
                let span = row + damage.x0 as usize..row + damage.x1 as usize;
                chain.window[span.clone()].copy_from_slice(&chain.buffers[self.index][span]);
            }
            chain.presents += 1;
            chain.shown_at[self.index] = chain.presents;
            Ok(())
        }
    }

    /// The bouncing logo of the benchmarks, run for 170 frames (it turns back at the right
    /// edge after 160) and presented through swap chains of one to three buffers: after
    /// every frame, what the window shows and the buffer presented equal a full redraw.
    #[test]
    fn damage_only_presents_equal_full_redraws_of_a_moving_sprite() {
        let tal = concat!(env!("CARGO_MANIFEST_DIR"), "/../../roms/bench/bounce.tal");
        let rom = uxn_asm::assemble_file(std::path::Path::new(tal))
            .expect("bounce.tal assembles")
            .rom;
        let cases = [
            ((512, 320), layout(1, 0, 0)),
            // Centred on black, as in fullscreen.
            ((600, 400), layout(1, 44, 40)),
            // Windows too small: the picture cut.
            ((700, 500), layout(3, -200, -100)),
            ((300, 200), layout(2, -10, -3)),
        ];
        let chains = [(1, None), (2, None), (3, None), (2, Some(7))];
        for (window, l) in cases {
            let whole = whole_window(window).unwrap();
            let mut runner = Runner::new(varvara::Backend::TailCall, STEP_BUDGET);
            runner
                .start(&rom, Vec::new(), false)
                .expect("bounce.tal runs");
            let mut chains = chains.map(|(buffers, fresh)| {
                (Chain::new(window, buffers, fresh), Presenter::default(), 0)
            });
            for n in 0..170 {
                runner.frame();
                let Some(rect) = runner.vm().take_dirty() else {
                    continue;
                };
                let screen = runner.vm().screen_size();
                let frame = Frame {
                    window,
                    screen,
                    layout: l,
                };
                let pixels = runner.vm().pixels();
                let mut full = vec![0; (window.0 * window.1) as usize];
                scale(&mut full, window, pixels, screen, &l, whole);
                for (chain, presenter, partial) in &mut chains {
                    // Nothing is presented while the logo is out of view.
                    let lent = chain.lend();
                    let plan = present(presenter, lent, frame, Change::Screen(rect), pixels);
                    if plan.unwrap().is_some_and(|plan| plan.redraw != whole) {
                        *partial += 1;
                    }
                    let count = chain.buffers.len();
                    let shown = &chain.buffers[((chain.presents - 1) % count as u64) as usize];
                    let case = format!("{window:?} {l:?}, {count} buffers, frame {n}");
                    assert!(chain.window == full, "window differs: {case}");
                    assert!(*shown == full, "presented buffer differs: {case}");
                }
            }
            for (_, _, partial) in chains {
                assert!(partial >= 20, "few partial redraws: {partial}");
            }
        }
    }
}
