//! Puts the composited screen into the window with softbuffer: integer
//! nearest-neighbour scaling, black around the picture.

use std::num::NonZeroU32;
use std::rc::Rc;

use winit::window::Window;

use crate::view::Layout;

/// Black, for the bars around the picture.
const BORDER: u32 = 0;

/// Scales `src` (`src_size` = width, height) into `dst` (`dst_size`) as `layout` says.
/// Each picture row is built once and copied for the other `scale - 1` window rows.
pub fn blit(
    dst: &mut [u32],
    dst_size: (usize, usize),
    src: &[u32],
    src_size: (usize, usize),
    layout: &Layout,
) {
    let (dw, dh) = dst_size;
    let (sw, sh) = src_size;
    if dw == 0 || dh == 0 || dst.len() < dw * dh {
        return;
    }
    let dst = &mut dst[..dw * dh];
    let scale = i64::from(layout.scale.max(1));
    let (lx, ly) = (i64::from(layout.x), i64::from(layout.y));
    let clamp_x = |v: i64| v.clamp(0, dw as i64) as usize;
    let (x0, x1) = (clamp_x(lx), clamp_x(lx + sw as i64 * scale));
    let mut built: Option<(i64, usize)> = None; // (source row, window row holding it)
    for y in 0..dh {
        let row_start = y * dw;
        let sy = (y as i64 - ly).div_euclid(scale);
        if sy < 0 || sy >= sh as i64 || x0 >= x1 || src.len() < sw * sh {
            dst[row_start..row_start + dw].fill(BORDER);
            continue;
        }
        if let Some((prev_sy, prev_y)) = built
            && prev_sy == sy
        {
            dst.copy_within(prev_y * dw..prev_y * dw + dw, row_start);
            continue;
        }
        let row = &mut dst[row_start..row_start + dw];
        row[..x0].fill(BORDER);
        row[x1..].fill(BORDER);
        let source = &src[sy as usize * sw..][..sw];
        for (x, out) in (x0..x1).zip(&mut row[x0..x1]) {
            let sx = (x as i64 - lx).div_euclid(scale) as usize;
            *out = source[sx];
        }
        built = Some((sy, y));
    }
}

/// The window's pixel surface.
pub struct Renderer {
    // The context must outlive the surface; kept together.
    _context: softbuffer::Context<Rc<Window>>,
    surface: softbuffer::Surface<Rc<Window>, Rc<Window>>,
    size: (u32, u32),
}

impl Renderer {
    pub fn new(window: Rc<Window>) -> Result<Renderer, softbuffer::SoftBufferError> {
        let context = softbuffer::Context::new(window.clone())?;
        let surface = softbuffer::Surface::new(&context, window)?;
        Ok(Renderer {
            _context: context,
            surface,
            size: (0, 0),
        })
    }

    /// Draws `pixels` (a `screen`-sized picture) into a window of `window` size.
    pub fn draw(
        &mut self,
        window: (u32, u32),
        pixels: &[u32],
        screen: (u16, u16),
        layout: &Layout,
    ) -> Result<(), softbuffer::SoftBufferError> {
        let (Some(w), Some(h)) = (NonZeroU32::new(window.0), NonZeroU32::new(window.1)) else {
            return Ok(()); // minimised
        };
        if self.size != window {
            self.surface.resize(w, h)?;
            self.size = window;
        }
        let mut buffer = self.surface.buffer_mut()?;
        let dst_size = (window.0 as usize, window.1 as usize);
        blit(
            &mut buffer,
            dst_size,
            pixels,
            (usize::from(screen.0), usize::from(screen.1)),
            layout,
        );
        buffer.present()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: [u32; 6] = [1, 2, 3, 4, 5, 6]; // 3x2

    fn run(dst: (usize, usize), layout: Layout) -> Vec<u32> {
        let mut out = vec![0xdead; dst.0 * dst.1];
        blit(&mut out, dst, &SRC, (3, 2), &layout);
        out
    }

    #[test]
    fn one_to_one() {
        assert_eq!(
            run(
                (3, 2),
                Layout {
                    scale: 1,
                    x: 0,
                    y: 0
                }
            ),
            SRC
        );
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
        assert_eq!(
            run(
                (6, 4),
                Layout {
                    scale: 2,
                    x: 0,
                    y: 0
                }
            ),
            want
        );
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
        assert_eq!(
            run(
                (5, 4),
                Layout {
                    scale: 1,
                    x: 1,
                    y: 1
                }
            ),
            want
        );
    }

    #[test]
    fn cut_when_the_window_is_smaller() {
        // Offset -1 at scale 2: the first window column shows the second half of pixel 1.
        #[rustfmt::skip]
        let want = [
            1, 2, 2, 3,
            4, 5, 5, 6,
        ];
        assert_eq!(
            run(
                (4, 2),
                Layout {
                    scale: 2,
                    x: -1,
                    y: -1
                }
            ),
            want
        );
    }
}
