//! A private Xvfb server for one test, and the X requests the tests make on it: finding the
//! app's window, its geometry and title, grabbing its pixels, giving it the keyboard focus.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use x11rb::connection::Connection;
use x11rb::protocol::xfixes::ConnectionExt as _;
use x11rb::protocol::xproto::{
    AtomEnum, ChangeWindowAttributesAux, ConnectionExt as _, CreateWindowAux, ImageFormat,
    ImageOrder, InputFocus, MapState, PropMode, Window, WindowClass,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;
use x11rb::{COPY_DEPTH_FROM_PARENT, COPY_FROM_PARENT, CURRENT_TIME};

use super::image::Image;
use super::poll::poll;

/// An Xvfb process with a connection to it; dropping it ends the server.
pub struct Xvfb {
    child: Child,
    number: u32,
    conn: RustConnection,
    root: Window,
    openbox: Option<Child>,
}

impl Xvfb {
    /// Starts a server with one screen of `width`×`height` at depth 24 on a display number it
    /// picks itself (`-displayfd`), so tests running at the same time never collide.
    pub fn start(width: u16, height: u16) -> Xvfb {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-noreset",
                "-screen",
                "0",
            ])
            .arg(format!("{width}x{height}x24"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Xvfb ({e}); scripts/gui-deps installs it"));
        // Xvfb writes the display number once it accepts connections. The reader keeps
        // draining the pipe afterwards so the server never blocks on or dies from it.
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = sender.send(line);
            let _ = reader.read_to_end(&mut Vec::new());
        });
        let line = match receiver.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("Xvfb did not report a display number within 20 s");
            }
        };
        let number: u32 = match line.trim().parse() {
            Ok(n) => n,
            Err(_) => {
                let status = child.wait();
                panic!("Xvfb failed to start (said {line:?}, {status:?})");
            }
        };
        let display = format!(":{number}");
        let connected = poll(Duration::from_secs(10), || {
            x11rb::connect(Some(&display)).map_err(|e| e.to_string())
        });
        let (conn, screen_num) = match connected {
            Ok(c) => c,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("cannot connect to Xvfb on {display}: {e}");
            }
        };
        let root = conn.setup().roots[screen_num].root;
        Xvfb {
            child,
            number,
            conn,
            root,
            openbox: None,
        }
    }

    /// The DISPLAY value for clients of this server.
    pub fn display(&self) -> String {
        format!(":{}", self.number)
    }

    /// Starts openbox on this server and waits until it manages windows. It ends with the
    /// server.
    pub fn start_window_manager(&mut self) {
        let child = Command::new("openbox")
            .arg("--sm-disable")
            .env("DISPLAY", self.display())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start openbox ({e}); scripts/gui-deps installs it"));
        self.openbox = Some(child);
        let check = self.atom("_NET_SUPPORTING_WM_CHECK");
        poll(Duration::from_secs(20), || {
            let reply = self
                .conn
                .get_property(false, self.root, check, AtomEnum::WINDOW, 0, 1)
                .map_err(|e| e.to_string())?
                .reply()
                .map_err(|e| e.to_string())?;
            match reply.value32().and_then(|mut v| v.next()) {
                Some(w) if w != 0 => Ok(()),
                _ => Err("openbox has not set _NET_SUPPORTING_WM_CHECK".into()),
            }
        })
        .unwrap_or_else(|e| panic!("the window manager did not start: {e}"));
        // Openbox announces itself before it handles map requests, and a window mapped in
        // between is never shown: wait until a window of our own is managed (gets a
        // WM_STATE), trying a new one now and then.
        let wm_state = self.atom("WM_STATE");
        poll(Duration::from_secs(20), || {
            let probe = self.conn.generate_id().map_err(err)?;
            self.conn
                .create_window(
                    COPY_DEPTH_FROM_PARENT,
                    probe,
                    self.root,
                    0,
                    0,
                    1,
                    1,
                    0,
                    WindowClass::INPUT_OUTPUT,
                    COPY_FROM_PARENT,
                    &CreateWindowAux::new(),
                )
                .map_err(err)?;
            self.conn.map_window(probe).map_err(err)?;
            let managed = poll(Duration::from_millis(500), || {
                let reply = self
                    .conn
                    .get_property(false, probe, wm_state, AtomEnum::ANY, 0, 2)
                    .map_err(err)?
                    .reply()
                    .map_err(err)?;
                if reply.value_len > 0 {
                    Ok(())
                } else {
                    Err("openbox has not managed a test window".to_string())
                }
            });
            self.conn.destroy_window(probe).map_err(err)?;
            self.conn.flush().map_err(err)?;
            managed
        })
        .unwrap_or_else(|e| panic!("the window manager does not manage windows: {e}"));
    }

    pub fn atom(&self, name: &str) -> u32 {
        self.conn
            .intern_atom(false, name.as_bytes())
            .expect("intern_atom")
            .reply()
            .expect("intern_atom reply")
            .atom
    }

    /// The viewable windows whose WM_CLASS instance or class is `class`, searched through
    /// the whole tree (a window manager reparents clients into frames).
    pub fn windows_with_class(&self, class: &str) -> Result<Vec<Window>, String> {
        let mut found = Vec::new();
        let mut stack = vec![self.root];
        while let Some(window) = stack.pop() {
            let Ok(tree) = self
                .conn
                .query_tree(window)
                .map_err(err)
                .and_then(|c| c.reply().map_err(err))
            else {
                // The window went away while the tree was walked.
                continue;
            };
            stack.extend(tree.children);
            if window == self.root {
                continue;
            }
            let Ok(prop) = self
                .conn
                .get_property(false, window, AtomEnum::WM_CLASS, AtomEnum::STRING, 0, 256)
                .map_err(err)
                .and_then(|c| c.reply().map_err(err))
            else {
                continue;
            };
            let matches = prop
                .value
                .split(|&b| b == 0)
                .any(|part| part == class.as_bytes());
            if !matches {
                continue;
            }
            let viewable = self
                .conn
                .get_window_attributes(window)
                .map_err(err)
                .and_then(|c| c.reply().map_err(err))
                .is_ok_and(|a| a.map_state == MapState::VIEWABLE);
            if viewable {
                found.push(window);
            }
        }
        Ok(found)
    }

    /// The one viewable window of class `uxnemu`.
    pub fn app_window(&self) -> Result<Window, String> {
        match self.windows_with_class("uxnemu")?.as_slice() {
            [] => Err("no viewable window with WM_CLASS \"uxnemu\"".into()),
            [one] => Ok(*one),
            many => Err(format!(
                "{} viewable windows with WM_CLASS \"uxnemu\"",
                many.len()
            )),
        }
    }

    /// Position (in root coordinates) and size of a window's inside.
    pub fn geometry(&self, window: Window) -> Result<(i16, i16, u16, u16), String> {
        let geometry = self
            .conn
            .get_geometry(window)
            .map_err(err)?
            .reply()
            .map_err(err)?;
        let origin = self
            .conn
            .translate_coordinates(window, self.root, 0, 0)
            .map_err(err)?
            .reply()
            .map_err(err)?;
        Ok((origin.dst_x, origin.dst_y, geometry.width, geometry.height))
    }

    /// The size of the server's screen.
    pub fn screen_size(&self) -> (u16, u16) {
        let screen = self
            .conn
            .setup()
            .roots
            .iter()
            .find(|s| s.root == self.root)
            .expect("the root window's screen");
        (screen.width_in_pixels, screen.height_in_pixels)
    }

    /// `Ok` if the window and its decorations (the window manager's `_NET_FRAME_EXTENTS`)
    /// lie within the screen, else where they stick out.
    pub fn within_screen(&self, window: Window) -> Result<(), String> {
        let (x, y, width, height) = self.geometry(window)?;
        let extents = self.cardinals(window, "_NET_FRAME_EXTENTS")?;
        let [left, right, top, bottom] = extents[..] else {
            return Err(format!("_NET_FRAME_EXTENTS is {extents:?}"));
        };
        let outer = (
            i64::from(x) - i64::from(left),
            i64::from(y) - i64::from(top),
            i64::from(x) + i64::from(width) + i64::from(right),
            i64::from(y) + i64::from(height) + i64::from(bottom),
        );
        let (sw, sh) = self.screen_size();
        if outer.0 >= 0 && outer.1 >= 0 && outer.2 <= i64::from(sw) && outer.3 <= i64::from(sh) {
            Ok(())
        } else {
            Err(format!(
                "the window with its frame spans {},{} to {},{} on a {sw}x{sh} screen",
                outer.0, outer.1, outer.2, outer.3
            ))
        }
    }

    /// Paints the window's inside with `colour` and sends it an Expose event, as when a
    /// window that covered it goes away: the app must draw all of it again.
    pub fn expose(&self, window: Window, colour: u32) {
        self.conn
            .change_window_attributes(
                window,
                &ChangeWindowAttributesAux::new().background_pixel(colour),
            )
            .expect("change_window_attributes");
        self.conn
            .clear_area(true, window, 0, 0, 0, 0)
            .expect("clear_area");
        self.conn.flush().expect("flush");
    }

    /// Size of a window's inside.
    pub fn size(&self, window: Window) -> Result<(u16, u16), String> {
        self.geometry(window).map(|(_, _, w, h)| (w, h))
    }

    /// The window's title: `_NET_WM_NAME` (UTF-8) if set, else `WM_NAME`.
    pub fn title(&self, window: Window) -> Result<String, String> {
        let utf8 = self.atom("UTF8_STRING");
        let net_name = self.atom("_NET_WM_NAME");
        for (property, kind) in [
            (net_name, utf8),
            (AtomEnum::WM_NAME.into(), AtomEnum::ANY.into()),
        ] {
            let reply = self
                .conn
                .get_property(false, window, property, kind, 0, 1024)
                .map_err(err)?
                .reply()
                .map_err(err)?;
            if reply.value_len > 0 {
                return Ok(String::from_utf8_lossy(&reply.value).into_owned());
            }
        }
        Ok(String::new())
    }

    /// A property of 32-bit values (CARDINAL), empty if the window has none.
    pub fn cardinals(&self, window: Window, name: &str) -> Result<Vec<u32>, String> {
        let property = self.atom(name);
        let reply = self
            .conn
            .get_property(false, window, property, AtomEnum::CARDINAL, 0, u32::MAX / 4)
            .map_err(err)?
            .reply()
            .map_err(err)?;
        Ok(reply.value32().map(|v| v.collect()).unwrap_or_default())
    }

    /// Sets a property of 32-bit values (CARDINAL) on the root window, as a window
    /// manager sets `_NET_WORKAREA`.
    pub fn set_root_cardinals(&self, name: &str, values: &[u32]) {
        let property = self.atom(name);
        self.conn
            .change_property32(
                PropMode::REPLACE,
                self.root,
                property,
                AtomEnum::CARDINAL,
                values,
            )
            .expect("change_property");
        // A round trip, so the property is in place before the app starts.
        self.conn
            .get_input_focus()
            .expect("get_input_focus")
            .reply()
            .expect("get_input_focus reply");
    }

    /// The process id the window's owner recorded in `_NET_WM_PID`.
    pub fn window_pid(&self, window: Window) -> Option<u32> {
        let pid = self.atom("_NET_WM_PID");
        let reply = self
            .conn
            .get_property(false, window, pid, AtomEnum::CARDINAL, 0, 1)
            .ok()?
            .reply()
            .ok()?;
        reply.value32()?.next()
    }

    /// The pixels of the window's inside as 0xRRGGBB.
    pub fn grab(&self, window: Window) -> Result<Image, String> {
        let (_, _, width, height) = self.geometry(window)?;
        let reply = self
            .conn
            .get_image(ImageFormat::Z_PIXMAP, window, 0, 0, width, height, !0)
            .map_err(err)?
            .reply()
            .map_err(|e| format!("GetImage failed: {e}"))?;
        let setup = self.conn.setup();
        let format = setup
            .pixmap_formats
            .iter()
            .find(|f| f.depth == reply.depth)
            .ok_or_else(|| format!("no pixmap format for depth {}", reply.depth))?;
        if format.bits_per_pixel != 32 || reply.depth != 24 {
            return Err(format!(
                "unexpected visual: depth {} at {} bits per pixel",
                reply.depth, format.bits_per_pixel
            ));
        }
        let stride = (width as usize * 32).div_ceil(format.scanline_pad as usize)
            * format.scanline_pad as usize
            / 8;
        let mut image = Image::new(width as usize, height as usize, 0);
        for y in 0..height as usize {
            for x in 0..width as usize {
                let at = y * stride + x * 4;
                let b: [u8; 4] = reply.data[at..at + 4].try_into().expect("4 bytes");
                let value = match setup.image_byte_order {
                    ImageOrder::LSB_FIRST => u32::from_le_bytes(b),
                    _ => u32::from_be_bytes(b),
                };
                image.set(x, y, value & 0xff_ffff);
            }
        }
        Ok(image)
    }

    /// Whether the pointer, where it is now, shows a cursor with any visible pixel
    /// (XFixes reports the cursor image the server currently displays).
    pub fn cursor_visible(&self) -> Result<bool, String> {
        // The extension has to be announced once per connection before its first use.
        self.conn
            .xfixes_query_version(4, 0)
            .map_err(err)?
            .reply()
            .map_err(|e| format!("XFixes missing: {e}"))?;
        let reply = self
            .conn
            .xfixes_get_cursor_image()
            .map_err(err)?
            .reply()
            .map_err(|e| format!("GetCursorImage failed: {e}"))?;
        // ARGB pixels: any alpha means something is drawn.
        Ok(reply.cursor_image.iter().any(|p| p >> 24 != 0))
    }

    /// Gives the keyboard focus to `window`, as a click or a window manager would.
    pub fn focus(&self, window: Window) {
        self.conn
            .set_input_focus(InputFocus::PARENT, window, CURRENT_TIME)
            .expect("set_input_focus");
        // A round trip, so the focus is in place before the caller sends input.
        self.conn
            .get_input_focus()
            .expect("get_input_focus")
            .reply()
            .expect("get_input_focus reply");
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        if let Some(openbox) = &mut self.openbox {
            let _ = openbox.kill();
            let _ = openbox.wait();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
