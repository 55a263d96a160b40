//! The application: window events and background threads come in, go through the
//! input mapping, and end up as Varvara events (queued in the [`Runner`]) or as
//! [`Action`]s applied in [`App::perform`]. The 60 Hz tick, redraws, window size,
//! title and sound follow the machine after every loop iteration ([`App::about_to_wait`]).
//!
//! The zoom in use is the one the user chose as far as the monitor allows ([`fit`]); what
//! the machine drew since the last present is presented at the end of each iteration
//! ([`present`]), and everything is redrawn when the window system asks
//! (`RedrawRequested`: an expose, or a new size or layout).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use winit::application::ApplicationHandler;
use winit::event::{ElementState, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoopProxy};
use winit::keyboard::{ModifiersState, PhysicalKey};
use winit::platform::modifier_supplement::KeyEventExtModifierSupplement;
use winit::window::{Window, WindowId};

use crate::action::Action;
use crate::audio::Audio;
use crate::console::Stdin;
use crate::dialog::Dialog;
use crate::input::Input;
use crate::input::keyboard::{KeyPress, Keyboard};
use crate::input::mouse::{self, Wheel};
use crate::loader::{Failure, Loaded, Loader, Purpose, Request};
use crate::measure::Measure;
use crate::platform::WorkArea;
use crate::present::{Change, Frame};
use crate::renderer::Renderer;
use crate::runner::Runner;
use crate::title::Title;
use crate::view::{self, Layout};
use crate::watch::{Stamp, Watcher};
use crate::{console, fit, log, rom, screenshot, window};

/// Events from the app's own threads.
pub enum UserEvent {
    Stdin(Stdin),
    Gamepad(varvara::Event),
    Picked(PathBuf),
    Loaded(Loaded),
    /// The file of the watcher with this number changed (`--watch`).
    Changed(u64),
}

/// What the window starts with.
pub enum Startup {
    /// The runner has the program loaded and booted.
    Running(Program, Stamp),
    /// The loader is still reading the program named on the command line (or
    /// `boot.rom`): the screen stays empty until it is ready.
    Loading(Program),
}

/// What is running.
#[derive(Clone, Debug)]
pub enum Program {
    /// A file, by absolute path, with its command-line arguments.
    File {
        path: PathBuf,
        args: Vec<OsString>,
    },
    Launcher,
}

impl Program {
    fn name(&self) -> String {
        match self {
            Program::File { path, .. } => rom::display_name(path),
            Program::Launcher => "uxnemu".into(),
        }
    }

    fn path(&self) -> Option<&Path> {
        match self {
            Program::File { path, .. } => Some(path),
            Program::Launcher => None,
        }
    }
}

pub struct Settings {
    pub zoom: u8,
    pub fullscreen: bool,
    pub watch: bool,
    /// The working directory at start: the File devices' root and where screenshots
    /// go when the ROM's folder is not writable.
    pub cwd: PathBuf,
}

pub struct App {
    runner: Runner,
    program: Program,
    settings: Settings,
    proxy: EventLoopProxy<UserEvent>,
    window: Option<Rc<Window>>,
    renderer: Option<Renderer>,
    window_size: (u32, u32),
    /// The window size last asked of the window system.
    asked_size: Option<(u32, u32)>,
    /// Once the asked size arrives, move the window back inside its monitor.
    keep_inside: bool,
    /// The screen size the window was last sized for.
    screen: (u16, u16),
    /// The zoom the user chose (`-2x`, F1, Ctrl+=/-).
    chosen_zoom: u8,
    /// The zoom in use: the chosen one, or less where the window would not fit.
    zoom: u8,
    fullscreen: bool,
    layout: Layout,
    /// Where the desktop's panels leave room; known once there is an event loop.
    work_area: Option<WorkArea>,
    /// What the machine drew since the last present.
    damage: Option<Change>,
    measure: Measure,
    keyboard: Keyboard,
    modifiers: ModifiersState,
    wheel: Wheel,
    audio: Audio,
    dialog: Dialog,
    loader: Loader,
    watcher: Option<Watcher>,
    /// The number of the newest watcher, so that a change told by an older one is ignored.
    watchers: u64,
    title: Title,
    shown_title: String,
    next_frame: Instant,
    exit: Option<i32>,
    /// Shared with the stdin reader: Console bytes the machine has taken.
    stdin_taken: Arc<AtomicU64>,
    /// Standard input is read from the start of the first program on.
    reading_stdin: bool,
}

impl App {
    pub fn new(
        runner: Runner,
        startup: Startup,
        loader: Loader,
        settings: Settings,
        proxy: EventLoopProxy<UserEvent>,
        stdin_taken: Arc<AtomicU64>,
    ) -> App {
        let zoom = settings.zoom.clamp(1, view::MAX_ZOOM);
        let fullscreen = settings.fullscreen;
        let mut app = App {
            runner,
            program: Program::Launcher,
            settings,
            proxy,
            window: None,
            renderer: None,
            window_size: (0, 0),
            asked_size: None,
            keep_inside: false,
            screen: (0, 0),
            chosen_zoom: zoom,
            zoom,
            fullscreen,
            layout: Layout {
                scale: u32::from(zoom),
                x: 0,
                y: 0,
            },
            work_area: None,
            damage: None,
            measure: Measure::from_env(),
            keyboard: Keyboard::default(),
            modifiers: ModifiersState::empty(),
            wheel: Wheel::default(),
            audio: Audio::default(),
            dialog: Dialog::default(),
            loader,
            watcher: None,
            watchers: 0,
            title: Title::default(),
            shown_title: String::new(),
            next_frame: Instant::now(),
            exit: None,
            stdin_taken,
            reading_stdin: false,
        };
        match startup {
            Startup::Running(program, stamp) => app.started(program, stamp),
            Startup::Loading(program) => {
                app.title.name = program.name();
                app.title.loading = true;
                app.program = program;
            }
        }
        app
    }

    /// The process exit status once the app has stopped.
    pub fn exit_code(&self) -> i32 {
        self.exit.unwrap_or(0)
    }

    /// The summary line `UXNEMU_SUMMARY=1` asks for, once the app has stopped.
    pub fn summary(&self) -> Option<String> {
        self.measure.summary(&self.audio.summary())
    }

    /// Bookkeeping after a program started: title, watcher, log. A fresh machine is
    /// never paused. `stamp` is that of the file it was read from.
    fn started(&mut self, program: Program, stamp: Stamp) {
        self.title.name = self.runner.vm().title().unwrap_or_else(|| program.name());
        self.title.error = None;
        self.title.loading = false;
        self.title.paused = false;
        self.runner.set_paused(false);
        self.audio.set_paused(false);
        self.watcher = match (&program, self.settings.watch) {
            (Program::File { path, .. }, true) => {
                self.watchers += 1;
                let (proxy, number) = (self.proxy.clone(), self.watchers);
                Some(Watcher::new(path.clone(), stamp, move || {
                    proxy.send_event(UserEvent::Changed(number)).is_ok()
                }))
            }
            _ => None,
        };
        match &program {
            Program::File { path, .. } => log::state(&format!("loaded {}", path.display())),
            Program::Launcher => log::state("loaded launcher"),
        }
        self.program = program;
        if !self.reading_stdin {
            self.reading_stdin = true;
            let proxy = self.proxy.clone();
            console::spawn(self.stdin_taken.clone(), move |stdin| {
                proxy.send_event(UserEvent::Stdin(stdin)).is_ok()
            });
        }
    }

    /// Opens a file as the command line would. It replaces the running ROM once it is
    /// read, on another thread; until then the running ROM keeps running.
    fn open(&mut self, path: PathBuf, args: Vec<OsString>) {
        let path = rom::absolute(&path);
        log::state(&format!("opening {}", path.display()));
        self.loader.open(Request {
            path,
            args,
            purpose: Purpose::Open,
        });
    }

    /// A file was read: it replaces the running ROM, unless a newer open superseded it.
    /// One that cannot run leaves the current one running and says why, or ends the app
    /// if it was named on the command line.
    fn opened(&mut self, loaded: Loaded, event_loop: &ActiveEventLoop) {
        if !self.loader.accept(&loaded) {
            log::state(&format!("superseded {}", loaded.path.display()));
            return;
        }
        let Loaded {
            path,
            purpose,
            result,
            ..
        } = loaded;
        match result.and_then(|opened| opened.start(&mut self.runner)) {
            Ok((program, stamp)) => self.started(program, stamp),
            Err(err) if purpose == Purpose::Argument => {
                say!("uxnemu: cannot open {}: {err}", path.display());
                self.exit = Some(2);
                event_loop.exit();
            }
            Err(err) => self.refused(&path, &err),
        }
    }

    fn refused(&mut self, path: &Path, err: &Failure) {
        let message = format!("cannot open {}: {err}", rom::display_name(path));
        say!("uxnemu: cannot open {}: {err}", path.display());
        log::state(&format!("open failed: {message}"));
        self.title.error = Some(message);
        self.title.loading = false;
    }

    /// Opens the running file again; not while another file is being opened, which
    /// will replace it anyway.
    fn reload(&mut self) {
        if let Program::File { path, args } = self.program.clone()
            && !self.loader.pending()
        {
            self.open(path, args);
        }
    }

    fn perform(&mut self, action: Action) {
        match action {
            Action::CycleZoom => {
                let room = self.room();
                self.set_zoom(fit::cycle(self.zoom, self.screen, room.as_ref()));
            }
            Action::ZoomIn => {
                let room = self.room();
                match fit::zoom_in(self.zoom, self.screen, room.as_ref()) {
                    Some(zoom) => self.set_zoom(zoom),
                    None => log::state(&format!("zoom {} (no room for more)", self.zoom)),
                }
            }
            Action::ZoomOut => self.set_zoom(view::zoom_out(self.zoom)),
            Action::DebugDump => self.runner.vm().debug_dump(),
            Action::Quit => self.runner.vm().halt(0xff),
            Action::Reboot | Action::SoftReboot => {
                let soft = action == Action::SoftReboot;
                self.runner.reboot(soft);
                // The reference titles a rebooted window "Varvara"; the ROM's own name
                // says more, and the ROM is the same.
                self.title.name = self
                    .runner
                    .vm()
                    .title()
                    .unwrap_or_else(|| self.program.name());
                self.title.error = None;
                log::state(if soft { "soft reboot" } else { "reboot" });
            }
            Action::ToggleFullscreen => {
                self.fullscreen = !self.fullscreen;
                if let Some(w) = &self.window {
                    window::set_fullscreen(w, self.fullscreen);
                    if !self.fullscreen {
                        // The window system restores the size from before.
                        self.asked_size = None;
                        self.refit();
                    }
                }
                self.relayout();
                log::state(if self.fullscreen {
                    "fullscreen on"
                } else {
                    "fullscreen off"
                });
            }
            Action::ToggleDecorations => {
                if let Some(w) = self.window.as_ref().filter(|_| !self.fullscreen) {
                    let on = !w.is_decorated();
                    w.set_decorations(on);
                    log::state(if on {
                        "decorations on"
                    } else {
                        "decorations off"
                    });
                }
            }
            Action::Open => {
                let start_in = self
                    .program
                    .path()
                    .and_then(Path::parent)
                    .map_or_else(|| self.settings.cwd.clone(), Path::to_path_buf);
                let proxy = self.proxy.clone();
                self.dialog.open(start_in, move |path| {
                    let _ = proxy.send_event(UserEvent::Picked(path));
                });
            }
            Action::Screenshot => self.screenshot(),
            Action::TogglePause => {
                let paused = !self.runner.paused();
                self.runner.set_paused(paused);
                self.audio.set_paused(paused);
                self.title.paused = paused;
                log::state(if paused { "paused" } else { "resumed" });
            }
        }
    }

    /// The user chose `zoom`.
    fn set_zoom(&mut self, zoom: u8) {
        self.chosen_zoom = zoom;
        self.refit();
        log::state(&format!("zoom {}", self.zoom));
    }

    /// The room the window has on its monitor, `None` before there is a window or where
    /// the platform names no monitor.
    fn room(&mut self) -> Option<fit::Room> {
        window::room(self.window.as_ref()?, self.work_area.as_mut()?)
    }

    /// Works out the zoom in use for the screen size, the chosen zoom and the room the
    /// window has, and sizes the window for it.
    fn refit(&mut self) {
        let room = self.room();
        self.zoom = fit::usable(self.chosen_zoom, self.screen, room.as_ref());
        let size = Layout::window_size(self.screen, self.zoom);
        if !self.fullscreen
            && self.asked_size != Some(size)
            && let Some(w) = &self.window
        {
            self.asked_size = Some(size);
            self.keep_inside = true;
            if let Some(now) = window::resize(w, size) {
                self.window_size = now;
            }
        }
        self.relayout();
    }

    /// Places the picture in the window; a new place needs a full redraw (as does a new
    /// window size, see `Resized`).
    fn relayout(&mut self) {
        let layout = Layout::new(self.window_size, self.screen, self.zoom, self.fullscreen);
        if layout != self.layout
            && let Some(w) = &self.window
        {
            w.request_redraw();
        }
        self.layout = layout;
    }

    /// Follows the machine's screen size: a new one refits the window and places the
    /// picture again.
    fn track_screen(&mut self) {
        let screen = self.runner.vm().screen_size();
        if screen != self.screen {
            self.screen = screen;
            self.refit();
        }
    }

    /// Presents `change`, with whatever else the machine drew since the last present.
    fn draw(&mut self, change: Option<Change>) {
        let both = [self.damage.take(), change];
        let Some(change) = both.into_iter().flatten().reduce(Change::and) else {
            return;
        };
        // A reboot or a new ROM may have resized the screen since the machine was last
        // followed; the pixels are of the new size.
        self.track_screen();
        let (Some(renderer), Some(_)) = (&mut self.renderer, &self.window) else {
            return;
        };
        let frame = Frame {
            window: self.window_size,
            screen: self.screen,
            layout: self.layout,
        };
        let pixels = self.runner.vm().pixels();
        match renderer.draw(frame, pixels, change) {
            Ok(Some(drawn)) => self.measure.presented(&drawn),
            Ok(None) => {}
            Err(err) => say!("uxnemu: cannot draw: {err}"),
        }
    }

    fn screenshot(&mut self) {
        let (w, h) = self.runner.vm().screen_size();
        let png = match screenshot::encode(self.runner.vm().pixels(), w, h) {
            Ok(png) => png,
            Err(err) => {
                say!("screenshot: {err}");
                return;
            }
        };
        let (stem, mut dirs) = match &self.program {
            Program::File { path, .. } => {
                let stem = path
                    .file_stem()
                    .map_or("uxnemu".into(), |s| s.to_string_lossy().into_owned());
                (
                    stem,
                    path.parent()
                        .map(Path::to_path_buf)
                        .into_iter()
                        .collect::<Vec<_>>(),
                )
            }
            Program::Launcher => ("uxnemu".to_owned(), Vec::new()),
        };
        dirs.push(self.settings.cwd.clone());
        match screenshot::save(&png, &stem, &dirs, chrono::Local::now().naive_local()) {
            Ok(path) => say!("screenshot {}", path.display()),
            Err(err) => say!("screenshot: cannot save ({err})"),
        }
    }

    fn dispatch(&mut self, input: Input) {
        match input {
            Input::Machine(event) => self.runner.push(event),
            Input::Action(action) => self.perform(action),
        }
    }

    /// Follows the machine after it ran: launch requests, halting, screen size,
    /// redraws, sound, title.
    fn follow(&mut self, event_loop: &ActiveEventLoop) {
        if self.exit.is_some() {
            return;
        }
        if let Some(name) = self.runner.take_launch() {
            self.open(self.settings.cwd.join(name), Vec::new());
        }
        if let Some(code) = self.runner.exit_code() {
            say!("Run: Ended.");
            self.exit = Some(code);
            event_loop.exit();
            return;
        }
        self.track_screen();
        if let Some(rect) = self.runner.vm().take_dirty() {
            self.damage = Some(Change::add(self.damage, Change::Screen(rect)));
        }
        self.audio.update(self.runner.vm());
        self.title.busy = self.runner.busy();
        self.stdin_taken
            .store(self.runner.console_done(), Ordering::Relaxed);
        let text = self.title.text();
        if text != self.shown_title
            && let Some(w) = &self.window
        {
            w.set_title(&text);
            self.shown_title = text;
        }
    }
}

impl ApplicationHandler<UserEvent> for App {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.window.is_some() {
            return;
        }
        self.screen = self.runner.vm().screen_size();
        let mut work_area = WorkArea::new(event_loop);
        let room = window::first_room(event_loop, &mut work_area);
        self.work_area = Some(work_area);
        self.zoom = fit::usable(self.chosen_zoom, self.screen, room.as_ref());
        let text = self.title.text();
        let size = Layout::window_size(self.screen, self.zoom);
        self.asked_size = Some(size);
        let created = window::create(event_loop, &text, size, self.fullscreen)
            .map_err(|e| e.to_string())
            .and_then(|w| {
                Renderer::new(w.clone())
                    .map(|r| (w, r))
                    .map_err(|e| e.to_string())
            });
        match created {
            Ok((w, renderer)) => {
                self.window_size = window::inner_size(&w);
                self.shown_title = text;
                w.request_redraw();
                self.window = Some(w);
                self.renderer = Some(renderer);
                self.relayout();
            }
            Err(err) => {
                say!("uxnemu: cannot open a window: {err}");
                self.exit = Some(1);
                event_loop.exit();
            }
        }
        self.next_frame = Instant::now();
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        match event {
            WindowEvent::CloseRequested => {
                self.exit = Some(self.runner.exit_code().unwrap_or(0));
                event_loop.exit();
            }
            WindowEvent::Resized(size) => {
                if (size.width, size.height) != self.window_size
                    && let Some(w) = &self.window
                {
                    w.request_redraw();
                }
                self.window_size = (size.width, size.height);
                if self.keep_inside && !self.fullscreen && self.asked_size == Some(self.window_size)
                {
                    self.keep_inside = false;
                    if let (Some(room), Some(w)) = (self.room(), &self.window) {
                        window::move_inside(w, &room);
                    }
                }
                // The decorations are known once the window is shown.
                self.refit();
            }
            // Maybe onto another monitor, or the decorations changed.
            WindowEvent::Moved(_) => self.refit(),
            WindowEvent::ScaleFactorChanged {
                mut inner_size_writer,
                ..
            } => {
                // Sizes are in physical pixels, so a new scale factor changes nothing:
                // keep the size instead of the one winit would scale to.
                let (w, h) = self.window_size;
                let _ = inner_size_writer.request_inner_size(winit::dpi::PhysicalSize::new(w, h));
            }
            WindowEvent::RedrawRequested => self.draw(Some(Change::Everything)),
            WindowEvent::ModifiersChanged(m) => self.modifiers = m.state(),
            WindowEvent::Focused(false) => {
                for input in self.keyboard.release_all() {
                    self.dispatch(input);
                }
            }
            WindowEvent::KeyboardInput {
                event,
                is_synthetic,
                ..
            } => {
                // X11 reports keys already held when the window gains focus as
                // synthetic presses; they were not pressed for this window.
                if is_synthetic && event.state == ElementState::Pressed {
                    return;
                }
                let code = match event.physical_key {
                    PhysicalKey::Code(code) => Some(code),
                    PhysicalKey::Unidentified(_) => None,
                };
                let inputs = match event.state {
                    ElementState::Pressed => {
                        let key = event.key_without_modifiers();
                        self.keyboard.press(&KeyPress {
                            code,
                            key: &key,
                            text: event.text.as_deref(),
                            ctrl: self.modifiers.control_key(),
                            shift: self.modifiers.shift_key(),
                        })
                    }
                    ElementState::Released => self.keyboard.release(code).into_iter().collect(),
                };
                for input in inputs {
                    self.dispatch(input);
                }
            }
            WindowEvent::CursorMoved { position, .. } => {
                let (x, y) = self.layout.screen_pixel(position.x, position.y);
                self.runner.push(varvara::Event::MouseMove { x, y });
            }
            WindowEvent::MouseInput { state, button, .. } => {
                if let Some(bit) = mouse::button_bit(button) {
                    self.runner.push(match state {
                        ElementState::Pressed => varvara::Event::MouseDown(bit),
                        ElementState::Released => varvara::Event::MouseUp(bit),
                    });
                }
            }
            WindowEvent::MouseWheel { delta, .. } => {
                if let Some(event) = self.wheel.scroll(delta) {
                    self.runner.push(event);
                }
            }
            WindowEvent::DroppedFile(path) => self.open(path, Vec::new()),
            _ => {}
        }
    }

    fn user_event(&mut self, event_loop: &ActiveEventLoop, event: UserEvent) {
        match event {
            UserEvent::Stdin(Stdin::Bytes(bytes)) => {
                for b in bytes {
                    self.runner.push(varvara::Event::ConsoleByte(b));
                }
            }
            UserEvent::Stdin(Stdin::End) => self.runner.push(varvara::Event::ConsoleEnd),
            UserEvent::Gamepad(event) => self.runner.push(event),
            UserEvent::Picked(path) => self.open(path, Vec::new()),
            UserEvent::Loaded(loaded) => self.opened(loaded, event_loop),
            UserEvent::Changed(number) => {
                if self.watcher.is_some() && number == self.watchers {
                    self.reload();
                }
            }
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        if self.exit.is_some() {
            return;
        }
        self.runner.run_pending();
        self.follow(event_loop);
        let now = Instant::now();
        if self.exit.is_none() && self.audio.frame_due(now, &mut self.next_frame) {
            if !self.runner.paused() && !self.runner.busy() {
                self.measure.frame(now);
            }
            self.runner.frame();
            self.follow(event_loop);
        }
        if self.exit.is_some() {
            return;
        }
        self.draw(None);
        if self.measure.finished() {
            self.exit = Some(0);
            event_loop.exit();
            return;
        }
        event_loop.set_control_flow(if self.runner.busy() {
            ControlFlow::Poll
        } else {
            ControlFlow::WaitUntil(self.audio.wake_at(now, self.next_frame))
        });
    }
}
