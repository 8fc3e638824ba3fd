//! The embedding API's error type: one enum whose kinds a caller can match on.

use std::time::Duration;

use burrow_backend::BackendError;
use burrow_kernel::{Errno, Limit};

/// Everything that can go wrong when building a VM or running a program in it.
// The variants' fields are named for what they hold; each variant says when it happens.
#[allow(missing_docs)]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The program (or another named path) does not exist in the VM.
    #[error("{path}: not found in the VM")]
    NotFound { path: String },
    /// The program exists but may not be executed.
    #[error("{path}: permission denied")]
    NotExecutable { path: String },
    /// The bytes are not a module the backend can run.
    #[error("invalid module: {0}")]
    InvalidModule(String),
    /// The module imports functions Burrow does not provide.
    #[error("the module imports `{module}::{name}`, which Burrow does not provide")]
    UnknownImport { module: String, name: String },
    /// The chosen backend is not available in this build or on this machine.
    #[error("backend `{name}` is unavailable: {reason}")]
    BackendUnavailable { name: String, reason: String },
    /// A configured limit was reached.
    #[error("limit `{limit}` exceeded (max {max}); raise it with `--limit {limit}=VALUE`")]
    LimitExceeded { limit: Limit, max: u64 },
    /// A host path given for a mount or a module cannot be used.
    #[error("{path}: {message}")]
    HostPath { path: String, message: String },
    /// A setting is malformed.
    #[error("invalid setting: {0}")]
    InvalidSetting(String),
    /// A kernel call failed.
    #[error("{context}: {errno}")]
    Kernel { context: String, errno: Errno },
    /// Nothing in the VM listens on the port the host connected to.
    #[error("connection refused: nothing listens on port {port} in the VM")]
    ConnectionRefused { port: u16 },
    /// A wait ran out of time.
    #[error("timed out after {timeout:?} waiting for {what}")]
    Timeout { what: String, timeout: Duration },
    /// Reading or writing a connection into the VM failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A server in the VM answered with something that is not an HTTP/1.1 response the
    /// client accepts, or closed the connection.
    #[error("HTTP: {0}")]
    Http(String),
    /// A snapshot archive or directory is malformed or hostile (`entry` names the part at
    /// fault: a path in it, or a manifest line), or a VM's files cannot be saved in a format.
    #[error("snapshot: {entry}: {reason}")]
    InvalidSnapshot { entry: String, reason: String },
    /// A host port cannot be used (to publish a guest port on it).
    #[error("host port {port}: {message}")]
    HostPort { port: u16, message: String },
    /// The program ran but did not succeed (see [`crate::Output::check`]): its status, the
    /// limit it was stopped for, if any, and the last line it wrote to stderr.
    #[error("the program {}{}{}", describe(status), limit.map(|l| format!(" (limit `{l}`)")).unwrap_or_default(), if stderr.is_empty() { String::new() } else { format!(": {stderr}") })]
    Exited { status: burrow_kernel::ExitStatus, limit: Option<Limit>, stderr: String },
}

fn describe(status: &burrow_kernel::ExitStatus) -> String {
    match status {
        burrow_kernel::ExitStatus::Code(code) => format!("exited with status {code}"),
        burrow_kernel::ExitStatus::Signaled(sig) => format!("was killed by {}", sig.name()),
    }
}

impl Error {
    /// The exit status a shell-like caller reports for this error: 127 when the program is not
    /// found, 126 when it cannot be run (not executable, not a module Burrow runs, a limit such
    /// as `arg_bytes` or `module_bytes` refused it), 125 for everything else (setup, usage).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::NotFound { .. } => 127,
            Error::NotExecutable { .. }
            | Error::InvalidModule(_)
            | Error::UnknownImport { .. }
            | Error::LimitExceeded { .. } => 126,
            Error::Exited { status, .. } => status.shell_code().clamp(0, 255) as u8,
            _ => 125,
        }
    }

    pub(crate) fn kernel(context: impl Into<String>, e: burrow_kernel::Error) -> Error {
        match e {
            burrow_kernel::Error::LimitExceeded { limit, max } => Error::LimitExceeded { limit, max },
            burrow_kernel::Error::Errno(errno) => Error::Kernel { context: context.into(), errno },
        }
    }
}

impl From<BackendError> for Error {
    fn from(e: BackendError) -> Error {
        match e {
            BackendError::InvalidModule(m) => Error::InvalidModule(m),
            BackendError::UnknownImport { module, name } => Error::UnknownImport { module, name },
            BackendError::Unavailable { name, reason } => Error::BackendUnavailable { name, reason },
            BackendError::Start(m) => Error::InvalidModule(m),
        }
    }
}

/// Result of the embedding API.
pub type Result<T, E = Error> = std::result::Result<T, E>;
