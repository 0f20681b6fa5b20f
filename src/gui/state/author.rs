//! Who is writing: the "Your name…" setting (saved in the preferences), its dialog, and the
//! author the notes are stamped with, worked out by the core's rule
//! ([`crate::core::notes::author::current`]) when it is first needed after the setting
//! changes: not at start-up, where asking git for its `user.name` (a process or two) cost
//! 10 to 20 ms of the first frame (`bench report`'s start-up went from 1.19× to 1.26× the
//! bare window's, 7 December).

use crate::core::notes::Author;
use crate::core::notes::author::{cleaned, current};
use crate::gui::command::{AuthorCommand, Effects, Status};

#[derive(Debug)]
pub struct AuthorState {
    /// The reader's own setting, if any (saved).
    pub setting: Option<Author>,
    /// Who is writing now: the setting, else git's name, else the login name (see
    /// [`AuthorState::current`]).
    current: std::cell::OnceCell<Author>,
    /// The dialog's fields (name, email or ORCID), while it is open.
    pub dialog: Option<(String, String)>,
}

impl AuthorState {
    pub fn new(setting: Option<&Author>) -> Self {
        let setting = setting.and_then(cleaned);
        Self { current: std::cell::OnceCell::new(), setting, dialog: None }
    }

    /// Who is writing now, worked out the first time it is asked.
    pub fn current(&self) -> &Author {
        self.current.get_or_init(|| current(self.setting.as_ref()))
    }

    pub fn apply(&mut self, command: AuthorCommand) -> Effects {
        match command {
            AuthorCommand::Edit => {
                let (name, id) = self.setting.as_ref().map_or_else(
                    || (String::new(), String::new()),
                    |a| (a.name.clone(), a.id.clone().unwrap_or_default()),
                );
                self.dialog = Some((name, id));
            }
            AuthorCommand::SetName(text) => {
                if let Some((name, _)) = &mut self.dialog {
                    *name = text;
                }
            }
            AuthorCommand::SetId(text) => {
                if let Some((_, id)) = &mut self.dialog {
                    *id = text;
                }
            }
            AuthorCommand::Save => {
                let Some((name, id)) = self.dialog.take() else { return Effects::none() };
                self.setting = cleaned(&Author { name, id: Some(id) });
                self.current = std::cell::OnceCell::new();
                let message = match &self.setting {
                    Some(a) => format!("Your notes will be signed {}", a.name),
                    None => format!("No name set: your notes will be signed {}", self.current().name),
                };
                return Effects::status(Status::Info(message));
            }
            AuthorCommand::Close => self.dialog = None,
        }
        Effects::none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_sets_the_name_notes_are_signed_with() {
        let mut state = AuthorState::new(None);
        assert!(!state.current().name.is_empty());
        let _ = state.apply(AuthorCommand::Edit);
        assert_eq!(state.dialog, Some((String::new(), String::new())));
        let _ = state.apply(AuthorCommand::SetName(" Ada Lovelace ".into()));
        let _ = state.apply(AuthorCommand::SetId("0000-0002-1825-0097".into()));
        let effects = state.apply(AuthorCommand::Save);
        let ada = Author { name: "Ada Lovelace".into(), id: Some("0000-0002-1825-0097".into()) };
        assert_eq!((state.setting.as_ref(), state.current()), (Some(&ada), &ada));
        assert!(state.dialog.is_none());
        assert_eq!(effects, Effects::status(Status::Info("Your notes will be signed Ada Lovelace".into())));
        // Cancel keeps the setting; a blank name clears it.
        let _ = state.apply(AuthorCommand::Edit);
        let _ = state.apply(AuthorCommand::SetName("Other".into()));
        let _ = state.apply(AuthorCommand::Close);
        assert_eq!(state.current(), &ada);
        let _ = state.apply(AuthorCommand::Edit);
        assert_eq!(state.dialog, Some(("Ada Lovelace".into(), "0000-0002-1825-0097".into())));
        let _ = state.apply(AuthorCommand::SetName("  ".into()));
        let _ = state.apply(AuthorCommand::Save);
        assert_eq!(state.setting, None);
        assert_eq!(state.current(), &current(None));
    }
}
