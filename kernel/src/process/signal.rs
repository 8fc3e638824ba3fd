//! Signals: numbers, default actions, and a process's pending and handled sets.

use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};

use crate::error::{Errno, Limit, Result};
use crate::poll::WaitQueue;

/// A signal number (Linux numbering, 1..=64).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signal(u8);

macro_rules! signals {
    ($($name:ident = $num:expr;)*) => {
        impl Signal {
            $(pub const $name: Signal = Signal($num);)*

            /// The name, e.g. `"SIGTERM"`.
            pub fn name(self) -> &'static str {
                match self.0 { $($num => stringify!($name),)* _ => "SIGRT" }
            }
        }
    };
}

signals! {
    SIGHUP = 1; SIGINT = 2; SIGQUIT = 3; SIGILL = 4; SIGTRAP = 5; SIGABRT = 6; SIGBUS = 7;
    SIGFPE = 8; SIGKILL = 9; SIGUSR1 = 10; SIGSEGV = 11; SIGUSR2 = 12; SIGPIPE = 13;
    SIGALRM = 14; SIGTERM = 15; SIGSTKFLT = 16; SIGCHLD = 17; SIGCONT = 18; SIGSTOP = 19;
    SIGTSTP = 20; SIGTTIN = 21; SIGTTOU = 22; SIGURG = 23; SIGXCPU = 24; SIGXFSZ = 25;
    SIGVTALRM = 26; SIGPROF = 27; SIGWINCH = 28; SIGIO = 29; SIGPWR = 30; SIGSYS = 31;
}

/// What a signal does to a process that neither ignores nor catches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultAction {
    Terminate,
    Ignore,
    /// Job-control stop. Burrow does not stop processes; these are ignored (documented gap).
    Stop,
    Continue,
}

impl Signal {
    /// The highest signal number.
    pub const MAX: u8 = 64;

    /// A signal from its number; `EINVAL` outside 1..=64.
    pub fn new(num: u32) -> Result<Signal> {
        if (1..=Self::MAX as u32).contains(&num) {
            Ok(Signal(num as u8))
        } else {
            Err(Errno::EINVAL.into())
        }
    }

    /// The number.
    pub fn number(self) -> u8 {
        self.0
    }

    /// The default action.
    pub fn default_action(self) -> DefaultAction {
        match self {
            Signal::SIGCHLD | Signal::SIGURG | Signal::SIGWINCH => DefaultAction::Ignore,
            Signal::SIGCONT => DefaultAction::Continue,
            Signal::SIGSTOP | Signal::SIGTSTP | Signal::SIGTTIN | Signal::SIGTTOU => DefaultAction::Stop,
            _ => DefaultAction::Terminate,
        }
    }

    /// Whether its disposition can be changed (not for SIGKILL and SIGSTOP).
    pub fn catchable(self) -> bool {
        self != Signal::SIGKILL && self != Signal::SIGSTOP
    }

    fn bit(self) -> u64 {
        1u64 << (self.0 - 1)
    }
}

impl fmt::Debug for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a process handles a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// The signal's default action.
    Default,
    /// Discarded on arrival.
    Ignore,
    /// Queued as pending for the guest to collect (its runtime runs the handler).
    Catch,
}

/// What delivering a signal did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Ignored,
    /// Marked pending; blocked calls were interrupted with `EINTR`.
    Pending,
    /// The process is being terminated by this signal.
    Terminate,
}

/// Per-process signal state; lock-free.
#[derive(Default)]
pub struct Signals {
    pending: AtomicU64,
    ignored: AtomicU64,
    caught: AtomicU64,
    /// The signal that is terminating the process, or 0.
    fatal: AtomicU8,
    /// Why, when a limit is the reason (index into `Limit::ALL` + 1, or 0).
    fatal_limit: AtomicU8,
    queue: WaitQueue,
}

impl Signals {
    /// Signal state inheriting the parent's ignored set (as exec does: caught ones reset).
    pub fn inherit(parent: &Signals) -> Signals {
        let s = Signals::default();
        s.ignored.store(parent.ignored.load(Ordering::Relaxed), Ordering::Relaxed);
        s
    }

    /// Sets how `sig` is handled; returns the previous disposition.
    pub fn set_disposition(&self, sig: Signal, d: Disposition) -> Result<Disposition> {
        if !sig.catchable() {
            return Err(Errno::EINVAL.into());
        }
        let prev = self.disposition(sig);
        let bit = sig.bit();
        match d {
            Disposition::Default => {
                self.ignored.fetch_and(!bit, Ordering::AcqRel);
                self.caught.fetch_and(!bit, Ordering::AcqRel);
            }
            Disposition::Ignore => {
                self.caught.fetch_and(!bit, Ordering::AcqRel);
                self.ignored.fetch_or(bit, Ordering::AcqRel);
                self.pending.fetch_and(!bit, Ordering::AcqRel);
            }
            Disposition::Catch => {
                self.ignored.fetch_and(!bit, Ordering::AcqRel);
                self.caught.fetch_or(bit, Ordering::AcqRel);
            }
        }
        Ok(prev)
    }

    /// The current disposition of `sig`.
    pub fn disposition(&self, sig: Signal) -> Disposition {
        let bit = sig.bit();
        if self.caught.load(Ordering::Acquire) & bit != 0 {
            Disposition::Catch
        } else if self.ignored.load(Ordering::Acquire) & bit != 0 {
            Disposition::Ignore
        } else {
            Disposition::Default
        }
    }

    /// Terminates the process with `sig` because it passed `limit` (uncatchable, like SIGKILL).
    pub fn terminate_for(&self, limit: Limit, sig: Signal) -> bool {
        let index = Limit::ALL.iter().position(|&l| l == limit).map_or(0, |i| i as u8 + 1);
        if self.fatal.compare_exchange(0, sig.0, Ordering::AcqRel, Ordering::Acquire).is_err() {
            return false;
        }
        self.fatal_limit.store(index, Ordering::Release);
        self.queue.notify(crate::poll::Readiness::ALL);
        true
    }

    /// The limit whose breach is terminating the process, if that is why it dies.
    pub fn fatal_limit(&self) -> Option<Limit> {
        match self.fatal_limit.load(Ordering::Acquire) {
            0 => None,
            i => Limit::ALL.get(i as usize - 1).copied(),
        }
    }

    /// Applies `sig`: ignore it, queue it, or mark the process as terminating.
    pub fn deliver(&self, sig: Signal) -> Delivery {
        let outcome = if sig == Signal::SIGKILL {
            Delivery::Terminate
        } else {
            match self.disposition(sig) {
                Disposition::Ignore => Delivery::Ignored,
                Disposition::Catch => {
                    self.pending.fetch_or(sig.bit(), Ordering::AcqRel);
                    Delivery::Pending
                }
                Disposition::Default => match sig.default_action() {
                    DefaultAction::Terminate => Delivery::Terminate,
                    _ => Delivery::Ignored,
                },
            }
        };
        if outcome == Delivery::Terminate {
            let first = self.fatal.compare_exchange(0, sig.0, Ordering::AcqRel, Ordering::Acquire).is_ok();
            if !first {
                return Delivery::Ignored;
            }
        }
        if outcome != Delivery::Ignored {
            self.queue.notify(crate::poll::Readiness::ALL);
        }
        outcome
    }

    /// Takes the set of pending caught signals (bit n-1 for signal n).
    pub fn take_pending(&self) -> u64 {
        self.pending.swap(0, Ordering::AcqRel)
    }

    /// Pending caught signals, without taking them.
    pub fn pending(&self) -> u64 {
        self.pending.load(Ordering::Acquire)
    }

    /// The signal terminating the process, if one is.
    pub fn fatal(&self) -> Option<Signal> {
        match self.fatal.load(Ordering::Acquire) {
            0 => None,
            n => Some(Signal(n)),
        }
    }

    /// Notified on every delivery that interrupts.
    pub fn queue(&self) -> &WaitQueue {
        &self.queue
    }
}
