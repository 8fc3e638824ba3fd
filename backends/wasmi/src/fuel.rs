//! A process's CPU budget in fuel, handed to the store one slice at a time.

/// The CPU budget of one run, in fuel, and how much of it the store currently holds.
#[derive(Debug)]
pub struct Meter {
    /// Fuel not yet handed to the store (`u64::MAX`: unlimited, never decreases).
    remaining: u64,
    /// Fuel given to the store by the last [`Meter::grant`].
    granted: u64,
    /// Largest grant, so kills are noticed at least this often.
    slice: u64,
    unlimited: bool,
}

impl Meter {
    /// A budget of `cpu_time_ms` at `fuel_per_ms` (`u64::MAX` ms: unlimited), granted in slices
    /// of at most `slice` fuel.
    pub fn new(cpu_time_ms: u64, fuel_per_ms: u64, slice: u64) -> Meter {
        let unlimited = cpu_time_ms == u64::MAX;
        let remaining = if unlimited { u64::MAX } else { cpu_time_ms.saturating_mul(fuel_per_ms) };
        Meter { remaining, granted: 0, slice: slice.max(1), unlimited }
    }

    /// The next slice for the store, at least `required` (what wasmi needs to make progress),
    /// or `None` when the budget cannot cover it: the CPU limit is reached.
    pub fn grant(&mut self, required: u64) -> Option<u64> {
        let want = self.slice.max(required);
        let fuel = if self.unlimited { want } else { want.min(self.remaining) };
        if fuel == 0 || fuel < required {
            self.granted = 0;
            return None;
        }
        if !self.unlimited {
            self.remaining -= fuel;
        }
        self.granted = fuel;
        Some(fuel)
    }

    /// Takes back what the store did not use of the last grant (`left`).
    pub fn settle(&mut self, left: u64) {
        let unused = left.min(self.granted);
        if !self.unlimited {
            self.remaining = self.remaining.saturating_add(unused);
        }
        self.granted = 0;
    }

    /// Fuel still available (including what the store holds), `None` if unlimited.
    #[cfg(test)]
    pub fn remaining(&self) -> Option<u64> {
        (!self.unlimited).then_some(self.remaining)
    }
}

#[cfg(test)]
mod tests {
    use super::Meter;

    #[test]
    fn slices_add_up_to_the_budget() {
        let mut m = Meter::new(10, 100, 300);
        assert_eq!(m.grant(0), Some(300));
        m.settle(0);
        assert_eq!(m.grant(0), Some(300));
        m.settle(50);
        assert_eq!(m.remaining(), Some(450));
        assert_eq!(m.grant(0), Some(300));
        m.settle(0);
        assert_eq!(m.grant(0), Some(150));
        m.settle(0);
        assert_eq!(m.grant(0), None);
    }

    #[test]
    fn a_requirement_beyond_the_budget_is_the_limit() {
        let mut m = Meter::new(1, 100, 30);
        assert_eq!(m.grant(0), Some(30));
        m.settle(10);
        assert_eq!(m.grant(200), None);
        let mut m = Meter::new(10, 100, 30);
        assert_eq!(m.grant(200), Some(200));
    }

    #[test]
    fn unlimited_never_runs_out() {
        let mut m = Meter::new(u64::MAX, 100, 30);
        for _ in 0..1000 {
            assert_eq!(m.grant(0), Some(30));
            m.settle(0);
        }
        assert_eq!(m.grant(1 << 40), Some(1 << 40));
        assert_eq!(m.remaining(), None);
    }

    #[test]
    fn huge_limits_saturate() {
        let mut m = Meter::new(u64::MAX - 1, u64::MAX / 2, 30);
        assert_eq!(m.grant(0), Some(30));
    }
}
