//! The window title: the ROM's name, or the last error, plus the run state.

/// Separates the parts of a title.
const DASH: &str = " — ";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Title {
    /// The ROM's metadata name, else its file name.
    pub name: String,
    /// The last failed open, shown until the next ROM starts.
    pub error: Option<String>,
    pub paused: bool,
    /// A vector is running past its budget; the machine is still working on it.
    pub busy: bool,
    /// The first ROM is still being read; the screen stays empty until it is.
    pub loading: bool,
}

impl Title {
    pub fn text(&self) -> String {
        let mut text = match (&self.error, self.name.is_empty()) {
            (Some(error), _) => format!("uxnemu{DASH}{error}"),
            (None, true) => "uxnemu".to_owned(),
            (None, false) => self.name.clone(),
        };
        if self.paused {
            text.push_str(DASH);
            text.push_str("paused");
        }
        if self.busy {
            text.push_str(DASH);
            text.push_str("busy");
        }
        if self.loading {
            text.push_str(DASH);
            text.push_str("loading");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        let mut t = Title {
            name: "Orca".into(),
            ..Title::default()
        };
        assert_eq!(t.text(), "Orca");
        t.paused = true;
        assert_eq!(t.text(), "Orca — paused");
        t.busy = true;
        assert_eq!(t.text(), "Orca — paused — busy");
        t = Title {
            name: "Orca".into(),
            error: Some("cannot open x.rom: empty file".into()),
            ..Title::default()
        };
        assert_eq!(t.text(), "uxnemu — cannot open x.rom: empty file");
        assert_eq!(Title::default().text(), "uxnemu");
        t = Title {
            name: "orca.rom".into(),
            loading: true,
            ..Title::default()
        };
        assert_eq!(t.text(), "orca.rom — loading");
    }
}
