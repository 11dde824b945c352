//! Exit codes, in one place.

/// What the process tells its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything worked.
    Success = 0,
    /// The command ran, but some inputs failed (the batch went on).
    Partial = 1,
    /// The command could not run (bad arguments, unreadable store, ...).
    Error = 2,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(c: ExitCode) -> Self {
        std::process::ExitCode::from(c as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(ExitCode::Success as u8, 0);
        assert_eq!(ExitCode::Partial as u8, 1);
        assert_eq!(ExitCode::Error as u8, 2);
    }
}
