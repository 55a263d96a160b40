//! Assembly errors and the exact lines the 2025 reference assembler prints
//! for them; the Uxntal 54K rules keep its texts.

use std::fmt;

/// What went wrong. [`ErrorKind::text`] is the phrase the reference prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    CommentIncomplete,
    TokenSizeExceeded,
    MacrosLimitExceeded,
    MacroInvalid,
    MacroDuplicate,
    MacroNested,
    LabelDuplicate,
    LabelInvalid,
    LabelsLimitExceeded,
    ReferencesLimitExceeded,
    PaddingInvalid,
    WritingZeroPage,
    WritingOutsideMemory,
    HexadecimalInvalid,
    StringInvalid,
    IncludeMissing,
    /// An include that is not a regular file or is too large; the subject names the
    /// reason. The reference has no such check and reads it (or waits on it) forever.
    IncludeRefused,
    /// Includes and macro expansions nested too deeply (an include cycle or a
    /// macro that uses itself). The reference has no such check and crashes.
    NestingTooDeep,
    LabelUnknown,
    ReferenceTooFar,
    FileMissing,
    /// The source file is not a regular file or is too large (see [`IncludeRefused`]).
    ///
    /// [`IncludeRefused`]: ErrorKind::IncludeRefused
    FileRefused,
    OutputEmpty,
}

/// The three line shapes the reference uses.
enum Shape {
    /// `Kind: token in @scope, file:line.`
    Token,
    /// `Kind: name, file:line` (found while resolving references).
    Reference,
    /// `Kind: subject`
    Top,
}

impl ErrorKind {
    /// The phrase printed before the colon.
    pub fn text(self) -> &'static str {
        match self {
            Self::CommentIncomplete => "Comment incomplete",
            Self::TokenSizeExceeded => "Token size exceeded",
            Self::MacrosLimitExceeded => "Macros limit exceeded",
            Self::MacroInvalid => "Macro invalid",
            Self::MacroDuplicate => "Macro duplicate",
            Self::MacroNested => "Macro nested",
            Self::LabelDuplicate => "Label duplicate",
            Self::LabelInvalid => "Label invalid",
            Self::LabelsLimitExceeded => "Labels limit exceeded",
            Self::ReferencesLimitExceeded => "References limit exceeded",
            Self::PaddingInvalid => "Padding invalid",
            Self::WritingZeroPage => "Writing zero-page",
            Self::WritingOutsideMemory => "Writing outside memory",
            Self::HexadecimalInvalid => "Hexadecimal invalid",
            Self::StringInvalid => "String invalid",
            Self::IncludeMissing => "Include missing",
            Self::IncludeRefused => "Include refused",
            Self::NestingTooDeep => "Nesting too deep",
            Self::LabelUnknown => "Label unknown",
            Self::ReferenceTooFar => "Reference too far",
            Self::FileMissing => "File missing",
            Self::FileRefused => "File refused",
            Self::OutputEmpty => "Output empty",
        }
    }

    fn shape(self) -> Shape {
        match self {
            Self::LabelUnknown | Self::ReferenceTooFar | Self::IncludeRefused => Shape::Reference,
            Self::FileMissing | Self::FileRefused | Self::OutputEmpty => Shape::Top,
            _ => Shape::Token,
        }
    }
}

/// An assembly failure. `Display` gives the message line(s) exactly as the
/// reference prints them; [`AsmError::report`] gives everything it prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsmError(Box<Details>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    kind: ErrorKind,
    subject: String,
    scope: String,
    file: String,
    line: usize,
    /// Lines the reference prints just before this one for the same failure
    /// (`File missing: x` before `Include missing`, the write error before
    /// `String invalid`).
    before: Vec<String>,
    /// The reference prints the line twice (a `#` literal whose LIT byte
    /// could not be written fails again on its value byte).
    repeated: bool,
    /// Informational lines printed during assembly before the failure.
    notes: Vec<String>,
}

pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl AsmError {
    /// An error about the token being processed.
    pub(crate) fn token(
        kind: ErrorKind,
        token: &[u8],
        scope: &[u8],
        file: &str,
        line: usize,
    ) -> Self {
        Self::new(kind, lossy(token), lossy(scope), file.to_owned(), line)
    }

    /// An error about a reference found while resolving.
    pub(crate) fn reference(kind: ErrorKind, name: &[u8], file: &str, line: usize) -> Self {
        Self::new(kind, lossy(name), String::new(), file.to_owned(), line)
    }

    /// A top-level error about a file.
    pub(crate) fn top(kind: ErrorKind, subject: &str) -> Self {
        Self::new(
            kind,
            subject.to_owned(),
            String::new(),
            subject.to_owned(),
            0,
        )
    }

    /// A source file refused before reading it.
    pub(crate) fn refused_file(path: &str, reason: &str) -> Self {
        let subject = format!("{path}: {reason}");
        Self::new(
            ErrorKind::FileRefused,
            subject,
            String::new(),
            path.to_owned(),
            0,
        )
    }

    fn new(kind: ErrorKind, subject: String, scope: String, file: String, line: usize) -> Self {
        Self(Box::new(Details {
            kind,
            subject,
            scope,
            file,
            line,
            before: Vec::new(),
            repeated: false,
            notes: Vec::new(),
        }))
    }

    pub(crate) fn after(mut self, line: String) -> Self {
        self.0.before.push(line);
        self
    }

    pub(crate) fn twice(mut self) -> Self {
        self.0.repeated = true;
        self
    }

    pub(crate) fn with_notes(mut self, notes: Vec<String>) -> Self {
        self.0.notes = notes;
        self
    }

    /// `Output empty` names the ROM, which the library does not know; the
    /// library puts the source name there and a front end swaps in the ROM path.
    pub fn with_rom_path(mut self, rom_path: &str) -> Self {
        if self.0.kind == ErrorKind::OutputEmpty {
            self.0.subject = rom_path.to_owned();
        }
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The token, label name or path the message is about (followed by the reason for a
    /// refused file or include).
    pub fn subject(&self) -> &str {
        &self.0.subject
    }

    /// The scope at the time of the error (empty for resolution and file errors).
    pub fn scope(&self) -> &str {
        &self.0.scope
    }

    /// The source file the error was found in.
    pub fn file(&self) -> &str {
        &self.0.file
    }

    /// The 1-based line of the error, or 0 when there is none (file errors).
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// Informational lines (deprecation warnings) printed before the failure.
    pub fn notes(&self) -> &[String] {
        &self.0.notes
    }

    /// Everything the reference prints to stdout for this failure, one line
    /// per message, each ending in a newline.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for line in self.0.notes.iter().chain(&self.0.before) {
            out.push_str(line);
            out.push('\n');
        }
        let main = self.main_line();
        let times = if self.0.repeated { 2 } else { 1 };
        for _ in 0..times {
            out.push_str(&main);
            out.push('\n');
        }
        out
    }

    fn main_line(&self) -> String {
        let kind = self.0.kind.text();
        let subject = &self.0.subject;
        match self.0.kind.shape() {
            Shape::Token => format!(
                "{kind}: {subject} in @{}, {}:{}.",
                self.0.scope, self.0.file, self.0.line
            ),
            Shape::Reference => format!("{kind}: {subject}, {}:{}", self.0.file, self.0.line),
            Shape::Top => format!("{kind}: {subject}"),
        }
    }
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.0.before {
            writeln!(f, "{line}")?;
        }
        f.write_str(&self.main_line())
    }
}

impl std::error::Error for AsmError {}
