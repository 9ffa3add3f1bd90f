//! What can go wrong in the window, as one error type for the ui layer.

use crate::io::IoError;

/// Why the window could not do what was asked. Shown to the user as its message.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    /// A graph file could not be read, parsed or validated.
    #[error("Could not open the file: {0}")]
    Open(#[from] IoError),
    /// The thread opening a file ended without an answer.
    #[error("the loader stopped unexpectedly")]
    LoaderStopped,
    /// The native window could not be created (no display, no GL driver). eframe's
    /// error is kept as its message: it is not `Send`, and this error crosses threads.
    #[error("{0}")]
    Window(String),
}
