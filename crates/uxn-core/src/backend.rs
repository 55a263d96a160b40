use core::fmt;
use core::str::FromStr;

/// Which interpreter executes the instructions. Both behave identically.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Threaded interpreter: every handler tail-calls the next one (`become`).
    #[default]
    TailCall,
    /// The readable `loop { match }` baseline.
    Match,
}

impl Backend {
    /// Every backend, in the order speed tables list them.
    pub const ALL: [Backend; 2] = [Backend::TailCall, Backend::Match];

    /// The name used on command lines (`--backend tailcall|match`).
    pub fn name(self) -> &'static str {
        match self {
            Backend::TailCall => "tailcall",
            Backend::Match => "match",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A backend name that is neither `tailcall` nor `match`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownBackend;

impl fmt::Display for UnknownBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown backend (expected `tailcall` or `match`)")
    }
}

impl FromStr for Backend {
    type Err = UnknownBackend;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "tailcall" | "tail-call" => Ok(Backend::TailCall),
            "match" => Ok(Backend::Match),
            _ => Err(UnknownBackend),
        }
    }
}
