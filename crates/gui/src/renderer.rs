//! The window's pixel surface (softbuffer), presented as [`crate::present`] plans:
//! integer nearest-neighbour scaling, black around the picture, only the change copied.

use std::num::NonZeroU32;
use std::rc::Rc;
use std::time::{Duration, Instant};

use winit::window::Window;

use crate::present::{self, BackBuffer, Change, Frame, Plan, Presenter, Region};

type Buffer<'a> = softbuffer::Buffer<'a, Rc<Window>, Rc<Window>>;

impl BackBuffer for Buffer<'_> {
    type Error = softbuffer::SoftBufferError;

    fn age(&self) -> u8 {
        softbuffer::Buffer::age(self)
    }

    fn pixels_mut(&mut self) -> &mut [u32] {
        self
    }

    fn present(self, damage: Region) -> Result<(), Self::Error> {
        // A region is never empty, so both sides are non-zero.
        let rect = softbuffer::Rect {
            x: damage.x0,
            y: damage.y0,
            width: NonZeroU32::new(damage.width()).unwrap_or(NonZeroU32::MIN),
            height: NonZeroU32::new(damage.height()).unwrap_or(NonZeroU32::MIN),
        };
        self.present_with_damage(&[rect])
    }
}

/// One present, and where its time went.
pub struct Drawn {
    pub plan: Plan,
    /// Waiting for a back buffer: the window system still reading the previous one.
    pub waited: Duration,
    /// Scaling the change into the buffer and handing it over.
    pub worked: Duration,
}

pub struct Renderer {
    window: Rc<Window>,
    // The context must outlive the surface; kept together.
    context: softbuffer::Context<Rc<Window>>,
    surface: softbuffer::Surface<Rc<Window>, Rc<Window>>,
    size: (u32, u32),
    /// Pixels of the largest size the surface has had.
    largest: u64,
    presenter: Presenter,
}

impl Renderer {
    pub fn new(window: Rc<Window>) -> Result<Renderer, softbuffer::SoftBufferError> {
        let context = softbuffer::Context::new(window.clone())?;
        let surface = softbuffer::Surface::new(&context, window.clone())?;
        Ok(Renderer {
            window,
            context,
            surface,
            size: (0, 0),
            largest: 0,
            presenter: Presenter::default(),
        })
    }

    /// Shows `change` of `pixels` (the composited screen) as `frame` places it. Returns
    /// what was drawn, `None` if nothing visible changed or the window is minimised.
    pub fn draw(
        &mut self,
        frame: Frame,
        pixels: &[u32],
        change: Change,
    ) -> Result<Option<Drawn>, softbuffer::SoftBufferError> {
        let (Some(w), Some(h)) = (
            NonZeroU32::new(frame.window.0),
            NonZeroU32::new(frame.window.1),
        ) else {
            return Ok(None);
        };
        if self.size != frame.window {
            // A surface's buffer only ever grows (softbuffer keeps the largest, and on X11
            // it stays resident in shared memory): after leaving fullscreen or zooming
            // out, a new surface gives the memory back.
            let pixels = u64::from(w.get()) * u64::from(h.get());
            if pixels * 2 < self.largest {
                self.surface = softbuffer::Surface::new(&self.context, self.window.clone())?;
                self.largest = 0;
            }
            self.surface.resize(w, h)?;
            self.size = frame.window;
            self.largest = self.largest.max(pixels);
        }
        let start = Instant::now();
        let buffer = self.surface.buffer_mut()?;
        let got = Instant::now();
        let plan = present::present(&mut self.presenter, buffer, frame, change, pixels)?;
        Ok(plan.map(|plan| Drawn {
            plan,
            waited: got - start,
            worked: got.elapsed(),
        }))
    }
}
