//! Turns tokens into bytes, labels, references and macros: one pass over the
//! source, then one pass patching the references. The token rules are those
//! of Uxntal 54K; each module says where they differ from the 2025 reference.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::error::{AsmError, ErrorKind, lossy};
use crate::image::Image;
use crate::labels::{self, Labels};
use crate::lambdas::Lambdas;
use crate::macros::{self, Macros};
use crate::references::{self, Form, Reference};
use crate::source::{FileInfo, Source};
use crate::{Assembly, hex, names, opcodes};

/// How deep sources may nest. The reference recurses without a limit, so an
/// include cycle or a macro that expands itself crashes it. Here sources sit
/// on a heap stack, and going deeper is a `Nesting too deep` error: at most
/// 64 files (each holds its text in memory; real programs nest a few), and
/// at most 1024 sources in all, which leaves room for the longest chain of
/// distinct macros (there are at most 256) inside included files.
const MAX_FILES: usize = 64;
const MAX_SOURCES: usize = 1024;

type Step = Result<(), AsmError>;

pub(crate) struct Assembler {
    image: Image,
    labels: Labels,
    macros: Macros,
    refs: Vec<Reference>,
    lambdas: Lambdas,
    scope: Vec<u8>,
    /// Innermost source last.
    sources: Vec<Source>,
    /// Where the files are in `sources`, innermost last: macro bodies report the
    /// place of their call, and finding it must not mean a walk down a deep
    /// chain of expansions for every token.
    files: Vec<usize>,
    /// Informational lines printed while reading (deprecation warnings).
    notes: Vec<String>,
    file_name: String,
}

impl Assembler {
    pub fn new(text: &[u8], file_name: &str) -> Self {
        let dir = Path::new(file_name).parent().map(Path::to_path_buf);
        Self {
            image: Image::default(),
            labels: Labels::default(),
            macros: Macros::default(),
            refs: Vec::new(),
            lambdas: Lambdas::default(),
            scope: b"on-reset".to_vec(),
            sources: vec![Source::file(text.into(), file_name.into(), dir)],
            files: vec![0],
            notes: Vec::new(),
            file_name: file_name.to_owned(),
        }
    }

    pub fn run(mut self) -> Result<Assembly, AsmError> {
        match self.read_all().and_then(|()| self.finish()) {
            Ok(assembly) => Ok(assembly),
            Err(error) => Err(error.with_notes(self.notes)),
        }
    }

    fn read_all(&mut self) -> Step {
        while let Some(source) = self.sources.last_mut() {
            match source.next_token() {
                Ok(Some(token)) => self.parse(&token)?,
                Ok(None) => {
                    self.sources.pop();
                    if self.files.last() == Some(&self.sources.len()) {
                        self.files.pop();
                    }
                }
                Err(partial) => return Err(self.fail(ErrorKind::TokenSizeExceeded, &partial)),
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<Assembly, AsmError> {
        if self.image.is_empty() {
            return Err(AsmError::top(ErrorKind::OutputEmpty, &self.file_name));
        }
        references::resolve(&self.refs, &mut self.labels, &mut self.image)?;
        let mut messages = std::mem::take(&mut self.notes);
        messages.extend(
            self.labels
                .unused()
                .map(|name| format!("-- Unused label: {}", lossy(name))),
        );
        Ok(Assembly {
            rom: self.image.rom().to_vec(),
            symbols: self.labels.sym_file(),
            messages,
            labels: self.labels.len(),
            macros: self.macros.len(),
        })
    }

    /// Handles one token; the first character decides what it is.
    fn parse(&mut self, token: &[u8]) -> Step {
        let rest = &token[1..];
        match token[0] {
            b'(' => self.comment(token),
            b'%' => self.define_macro(token),
            b'@' => {
                self.define_label(rest.to_vec(), token)?;
                self.scope = names::scope_of(rest).to_vec();
                Ok(())
            }
            b'&' => self.define_label(names::join(&self.scope, rest), token),
            b'}' => {
                let name = self.lambdas.close();
                self.define_label(name, token)
            }
            b'#' => self.literal(token),
            rune @ (b'_' | b',' | b'-' | b'.' | b':' | b'=' | b';' | b'?' | b'!') => {
                self.reference(Some(rune), rest, token)
            }
            b'"' => self.string(token),
            b'~' => self.include(token),
            b'$' | b'|' => self.pad(token),
            b'[' | b']' => Ok(()),
            _ if hex::is_hex(token) => self.raw_hex(token),
            _ => {
                if let Some(byte) = opcodes::byte(token) {
                    self.emit(byte, token)
                } else if let Some(body) = self.macros.find_call(token, &self.scope) {
                    self.push_source(Source::macro_body(body), token)
                } else {
                    self.reference(None, token, token)
                }
            }
        }
    }

    /// The innermost file being read: macro bodies report their call site.
    fn current_file(&self) -> Option<&FileInfo> {
        let &innermost = self.files.last()?;
        self.sources[innermost].file_info()
    }

    /// An error about `token`, placed at the current file and line.
    fn fail(&self, kind: ErrorKind, token: &[u8]) -> AsmError {
        let (path, line) = self.current_file().map_or(("", 0), |f| (&*f.path, f.line));
        AsmError::token(kind, token, &self.scope, path, line)
    }

    fn emit(&mut self, byte: u8, token: &[u8]) -> Step {
        self.image
            .write(byte)
            .map_err(|kind| self.fail(kind, token))
    }

    fn push_source(&mut self, source: Source, token: &[u8]) -> Step {
        let is_file = source.file_info().is_some();
        if self.sources.len() >= MAX_SOURCES || (is_file && self.files.len() >= MAX_FILES) {
            return Err(self.fail(ErrorKind::NestingTooDeep, token));
        }
        if is_file {
            self.files.push(self.sources.len());
        }
        self.sources.push(source);
        Ok(())
    }

    /// Any token starting with `(` opens a comment (see `comments`), in a
    /// file or in a macro body; it must close within the same source.
    fn comment(&mut self, token: &[u8]) -> Step {
        let closed = self.sources.last_mut().is_some_and(Source::skip_comment);
        if closed {
            Ok(())
        } else {
            Err(self.fail(ErrorKind::CommentIncomplete, token))
        }
    }

    fn define_macro(&mut self, token: &[u8]) -> Step {
        let name = &token[1..];
        let problem = if self.macros.len() >= macros::LIMIT {
            Some(ErrorKind::MacrosLimitExceeded)
        } else if !names::is_valid(name) {
            Some(ErrorKind::MacroInvalid)
        } else if self.macros.find(name).is_some() {
            Some(ErrorKind::MacroDuplicate)
        } else if self.labels.find(name).is_some() {
            Some(ErrorKind::LabelDuplicate)
        } else {
            None
        };
        if let Some(kind) = problem {
            return Err(self.fail(kind, token));
        }
        // Bodies holding a definition are refused when defined, so this
        // only guards against reading one from a body being expanded.
        let Some(source) = self.sources.last_mut().filter(|s| s.file_info().is_some()) else {
            return Err(self.fail(ErrorKind::MacroNested, token));
        };
        let body = source.read_macro_body();
        if macros::defines_a_macro(&body) {
            return Err(self.fail(ErrorKind::MacroNested, token));
        }
        self.macros.define(name, body);
        Ok(())
    }

    fn define_label(&mut self, name: Vec<u8>, token: &[u8]) -> Step {
        let problem = if self.labels.len() >= labels::LIMIT {
            Some(ErrorKind::LabelsLimitExceeded)
        } else if !names::is_valid(&name) {
            Some(ErrorKind::LabelInvalid)
        } else if self.labels.find(&name).is_some() || self.macros.find(&name).is_some() {
            Some(ErrorKind::LabelDuplicate)
        } else {
            None
        };
        if let Some(kind) = problem {
            return Err(self.fail(kind, token));
        }
        self.labels.define(name, self.image.addr());
        Ok(())
    }

    /// `#hh` and `#hhhh`: LIT or LIT2 and the value.
    fn literal(&mut self, token: &[u8]) -> Step {
        let digits = &token[1..];
        let well_formed = matches!(digits.len(), 2 | 4) && hex::is_hex(digits);
        if !well_formed {
            return Err(self.fail(ErrorKind::HexadecimalInvalid, token));
        }
        let lit = if digits.len() == 4 {
            opcodes::LIT2
        } else {
            opcodes::LIT
        };
        // The reference ignores a failed LIT write and then fails again on
        // the value byte, so the message comes out twice.
        if let Err(kind) = self.image.write(lit) {
            return Err(self.fail(kind, token).twice());
        }
        self.raw_hex(digits).map_err(|e| self.fail(e.kind(), token))
    }

    /// A bare 2- or 4-digit number written as is.
    fn raw_hex(&mut self, token: &[u8]) -> Step {
        let value = hex::value(token).unwrap_or(0) as u16;
        match token.len() {
            2 => self.emit(value as u8, token),
            4 => {
                let [hi, lo] = value.to_be_bytes();
                self.emit(hi, token)?;
                self.emit(lo, token)
            }
            _ => Err(self.fail(ErrorKind::HexadecimalInvalid, token)),
        }
    }

    /// A label reference: record it, then write the opcode and placeholder.
    fn reference(&mut self, rune: Option<u8>, name: &[u8], token: &[u8]) -> Step {
        if rune == Some(b':') {
            let (token, name) = (lossy(token), lossy(name));
            self.notes
                .push(format!("Deprecated rune {token}, use ={name}"));
        }
        if self.refs.len() >= references::LIMIT {
            return Err(self.fail(ErrorKind::ReferencesLimitExceeded, token));
        }
        let full = match name.first() {
            Some(b'{') if name.len() > 1 => {
                return Err(self.fail(ErrorKind::LabelInvalid, token));
            }
            Some(b'{') => self.lambdas.open(),
            Some(b'&' | b'/') => names::join(&self.scope, &name[1..]),
            _ => name.to_vec(),
        };
        let form = Form::of(rune);
        let start = self.image.ptr();
        let addr = start.wrapping_add(i32::from(form.opcode.is_some())) as u16;
        let (file, line) = self
            .current_file()
            .map_or_else(|| ("".into(), 0), |f| (Rc::clone(&f.path), f.line));
        self.refs.push(Reference {
            name: full,
            patch: form.patch,
            addr,
            file,
            line,
        });
        if let Some(opcode) = form.opcode {
            self.emit(opcode, token)?;
        }
        for _ in 0..form.width {
            self.image
                .write_placeholder()
                .map_err(|kind| self.fail(kind, token))?;
        }
        Ok(())
    }

    /// `"text`: the bytes after the quote, as they are.
    fn string(&mut self, token: &[u8]) -> Step {
        for &byte in &token[1..] {
            if let Err(kind) = self.image.write(byte) {
                let first = self.fail(kind, token).to_string();
                return Err(self.fail(ErrorKind::StringInvalid, token).after(first));
            }
        }
        Ok(())
    }

    /// `|x` moves the write address to x, `$x` moves it forward by x, where x
    /// is a hex number or the address of an already defined label (`name`,
    /// or `&name` / `/name` in the current scope).
    fn pad(&mut self, token: &[u8]) -> Step {
        let arg = &token[1..];
        let base = if token[0] == b'$' {
            self.image.ptr()
        } else {
            0
        };
        let amount = match hex::value(arg).filter(|v| *v >= 0) {
            Some(value) => value,
            None => match self.find_label(arg) {
                Some(id) => i32::from(self.labels.addr(id)),
                None => return Err(self.fail(ErrorKind::PaddingInvalid, token)),
            },
        };
        self.image.set_ptr(base.wrapping_add(amount));
        Ok(())
    }

    /// Looks a padding label up: `&x` and `/x` mean `<scope>/x`, as in a
    /// reference. The 2025 reference took `/x` literally (finding only a
    /// label named `/x`, else `Padding invalid`), so that exact name is
    /// still tried first.
    fn find_label(&self, name: &[u8]) -> Option<usize> {
        match name.split_first() {
            Some((b'&', sub)) => self.labels.find(&names::join(&self.scope, sub)),
            Some((b'/', sub)) => self
                .labels
                .find(name)
                .or_else(|| self.labels.find(&names::join(&self.scope, sub))),
            _ => self.labels.find(name),
        }
    }

    /// `~path`: read the file and assemble it in place. The path is relative
    /// to the working directory, as in the reference; when that fails, it is
    /// tried relative to the including file.
    fn include(&mut self, token: &[u8]) -> Step {
        let raw = &token[1..];
        let dir = self.current_file().and_then(|f| f.dir.clone());
        let (text, found) = match read_include(raw, dir.as_deref()) {
            Ok(found) => found,
            Err(None) => {
                let missing = format!("{}: {}", ErrorKind::FileMissing.text(), lossy(raw));
                return Err(self.fail(ErrorKind::IncludeMissing, token).after(missing));
            }
            Err(Some(refused)) => {
                let subject = [token, b": ", refused.to_string().as_bytes()].concat();
                let (path, line) = self.current_file().map_or(("", 0), |f| (&*f.path, f.line));
                return Err(AsmError::reference(
                    ErrorKind::IncludeRefused,
                    &subject,
                    path,
                    line,
                ));
            }
        };
        let source = Source::file(
            text.into(),
            lossy(raw).into(),
            found.parent().map(Path::to_path_buf),
        );
        self.push_source(source, token)
    }
}

/// The text of an include and where it was found. `Err(None)` when it cannot be opened
/// at either place; a file that opens but is refused (not a regular file, too large)
/// ends the search with its reason.
fn read_include(
    raw: &[u8],
    dir: Option<&Path>,
) -> Result<(Vec<u8>, PathBuf), Option<userfile::Error>> {
    let path = bytes_to_path(raw);
    let beside = dir
        .filter(|_| path.is_relative())
        .map(|dir| dir.join(&path));
    for place in std::iter::once(path).chain(beside) {
        match crate::read_source(&place) {
            Ok(text) => return Ok((text, place)),
            Err(userfile::Error::Open(_)) => {}
            Err(refused) => return Err(Some(refused)),
        }
    }
    Err(None)
}

#[cfg(unix)]
fn bytes_to_path(raw: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(raw).into()
}

#[cfg(not(unix))]
fn bytes_to_path(raw: &[u8]) -> PathBuf {
    lossy(raw).into()
}
