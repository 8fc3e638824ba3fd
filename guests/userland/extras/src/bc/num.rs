//! The arbitrary-precision decimal number of `bc`: a sign, the base-10 digits of
//! `|value| * 10^scale` (little-endian) and the `scale` (digits after the point). Every operation
//! truncates toward zero as GNU bc's `number.c` does, and the result scales follow POSIX.

use std::cmp::Ordering;

/// The most digits a number may have: beyond this an operation fails instead of running for
/// hours or exhausting memory.
pub const MAX_DIGITS: usize = 2_000_000;

/// The error of an operation whose result would exceed [`MAX_DIGITS`].
pub const TOO_LONG: &str = "number too long";

/// A decimal number: `(-1)^neg * mag / 10^scale`, with `mag` little-endian base-10 digits
/// without high zeros (zero is an empty `mag` and never negative).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Num {
    neg: bool,
    scale: usize,
    mag: Vec<u8>,
}

/// Compares two little-endian magnitudes without high zeros.
fn mag_cmp(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn trim(mut v: Vec<u8>) -> Vec<u8> {
    while v.last() == Some(&0) {
        v.pop();
    }
    v
}

fn mag_add(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut r = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0;
    for i in 0..a.len().max(b.len()) {
        let s = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
        r.push(s % 10);
        carry = s / 10;
    }
    if carry > 0 {
        r.push(carry);
    }
    r
}

/// `a - b` for `a >= b`.
fn mag_sub(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut r = Vec::with_capacity(a.len());
    let mut borrow = 0i8;
    for (i, &x) in a.iter().enumerate() {
        let mut d = x as i8 - b.get(i).copied().unwrap_or(0) as i8 - borrow;
        borrow = 0;
        if d < 0 {
            d += 10;
            borrow = 1;
        }
        r.push(d as u8);
    }
    trim(r)
}

const LIMB: u64 = 1_000_000_000;

/// Digits grouped into base-10^9 limbs (little-endian).
fn to_limbs(a: &[u8]) -> Vec<u64> {
    a.chunks(9).map(|c| c.iter().rev().fold(0u64, |acc, &d| acc * 10 + d as u64)).collect()
}

fn from_limbs(l: &[u64]) -> Vec<u8> {
    let mut r = Vec::with_capacity(l.len() * 9);
    for &x in l {
        let mut x = x;
        for _ in 0..9 {
            r.push((x % 10) as u8);
            x /= 10;
        }
    }
    trim(r)
}

/// Schoolbook multiplication on base-10^9 limbs.
fn mag_mul(a: &[u8], b: &[u8]) -> Vec<u8> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let (x, y) = (to_limbs(a), to_limbs(b));
    let mut r = vec![0u64; x.len() + y.len()];
    for (i, &xi) in x.iter().enumerate() {
        if xi == 0 {
            continue;
        }
        let mut carry = 0u64;
        for (j, &yj) in y.iter().enumerate() {
            let t = r[i + j] + xi * yj + carry;
            r[i + j] = t % LIMB;
            carry = t / LIMB;
        }
        let mut k = i + y.len();
        while carry > 0 {
            let t = r[k] + carry;
            r[k] = t % LIMB;
            carry = t / LIMB;
            k += 1;
        }
    }
    from_limbs(&r)
}

/// `a * 10^k`.
fn shift_up(a: &[u8], k: usize) -> Vec<u8> {
    if a.is_empty() {
        return Vec::new();
    }
    let mut r = vec![0; k];
    r.extend_from_slice(a);
    r
}

/// `r -= q * b` in place (`r >= q * b`), then `r` trimmed.
fn sub_mul_in_place(r: &mut Vec<u8>, b: &[u8], q: u8) {
    let mut borrow = 0i32;
    for (i, x) in r.iter_mut().enumerate() {
        let d = *x as i32 - q as i32 * b.get(i).copied().unwrap_or(0) as i32 - borrow;
        let m = d.rem_euclid(10);
        borrow = (m - d) / 10;
        *x = m as u8;
        if i >= b.len() && borrow == 0 {
            break;
        }
    }
    while r.last() == Some(&0) {
        r.pop();
    }
}

/// The leading `n` digits of a little-endian magnitude, as a number.
fn top(a: &[u8], n: usize) -> u128 {
    a.iter().rev().take(n).fold(0u128, |acc, &d| acc * 10 + d as u128)
}

/// Truncating long division of magnitudes: the quotient (the remainder is not needed). Each
/// quotient digit is estimated from the leading digits, then corrected.
fn mag_div(a: &[u8], b: &[u8]) -> Vec<u8> {
    if mag_cmp(a, b) == Ordering::Less {
        return Vec::new();
    }
    let m = b.len();
    let bt = m.min(18);
    let btop = top(b, bt) + if m > bt { 1 } else { 0 };
    let mut q = vec![0u8; a.len()];
    let mut r: Vec<u8> = Vec::with_capacity(m + 2);
    for i in (0..a.len()).rev() {
        if !(r.is_empty() && a[i] == 0) {
            r.insert(0, a[i]);
        }
        if r.len() < m {
            continue;
        }
        let rtop = top(&r, r.len() - m + bt);
        let mut d = (rtop / btop).min(9) as u8;
        if d > 0 {
            sub_mul_in_place(&mut r, b, d);
        }
        while mag_cmp(&r, b) != Ordering::Less {
            sub_mul_in_place(&mut r, b, 1);
            d += 1;
        }
        q[i] = d;
    }
    trim(q)
}

/// `(a / d, a % d)` for a small divisor.
fn mag_divmod_small(a: &[u8], d: u64) -> (Vec<u8>, u64) {
    let mut q = vec![0u8; a.len()];
    let mut r = 0u64;
    for i in (0..a.len()).rev() {
        r = r * 10 + a[i] as u64;
        q[i] = (r / d) as u8;
        r %= d;
    }
    (trim(q), r)
}

impl Num {
    /// Zero with scale 0.
    pub fn zero() -> Num {
        Num::default()
    }

    /// An integer.
    pub fn from_i64(v: i64) -> Num {
        let mut mag = Vec::new();
        let mut u = v.unsigned_abs();
        while u > 0 {
            mag.push((u % 10) as u8);
            u /= 10;
        }
        Num { neg: v < 0, scale: 0, mag }
    }

    fn make(neg: bool, scale: usize, mag: Vec<u8>) -> Num {
        let mag = trim(mag);
        Num { neg: neg && !mag.is_empty(), scale, mag }
    }

    /// Digits after the point.
    pub fn scale(&self) -> usize {
        self.scale
    }

    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    /// Digits before the point (0 when `|self| < 1`).
    fn int_len(&self) -> usize {
        self.mag.len().saturating_sub(self.scale)
    }

    /// The same value with `scale` digits after the point (truncating or padding).
    pub fn with_scale(&self, scale: usize) -> Result<Num, &'static str> {
        if scale > self.scale {
            if self.mag.len() + scale - self.scale > MAX_DIGITS {
                return Err(TOO_LONG);
            }
            Ok(Num { neg: self.neg, scale, mag: shift_up(&self.mag, scale - self.scale) })
        } else {
            let cut = (self.scale - scale).min(self.mag.len());
            Ok(Num::make(self.neg, scale, self.mag[cut..].to_vec()))
        }
    }

    /// Truncated to `scale` digits if it has more.
    fn truncated(self, scale: usize) -> Num {
        if self.scale <= scale {
            return self;
        }
        let cut = (self.scale - scale).min(self.mag.len());
        Num::make(self.neg, scale, self.mag[cut..].to_vec())
    }

    /// The magnitude at scale `s >= self.scale`.
    fn mag_at(&self, s: usize) -> Vec<u8> {
        shift_up(&self.mag, s - self.scale)
    }

    pub fn neg(&self) -> Num {
        Num { neg: !self.neg && !self.is_zero(), ..self.clone() }
    }

    /// Numeric comparison.
    pub fn cmp(&self, other: &Num) -> Ordering {
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (n, _) => {
                let s = self.scale.max(other.scale);
                let o = mag_cmp(&self.mag_at(s), &other.mag_at(s));
                if n {
                    o.reverse()
                } else {
                    o
                }
            }
        }
    }

    /// `self + other` at the larger scale.
    pub fn add(&self, other: &Num) -> Num {
        let s = self.scale.max(other.scale);
        let (a, b) = (self.mag_at(s), other.mag_at(s));
        if self.neg == other.neg {
            return Num::make(self.neg, s, mag_add(&a, &b));
        }
        match mag_cmp(&a, &b) {
            Ordering::Less => Num::make(other.neg, s, mag_sub(&b, &a)),
            _ => Num::make(self.neg, s, mag_sub(&a, &b)),
        }
    }

    pub fn sub(&self, other: &Num) -> Num {
        self.add(&other.neg())
    }

    /// `self * other` at scale `min(a+b, max(scale, a, b))`.
    pub fn mul(&self, other: &Num, scale: usize) -> Num {
        let full = self.scale + other.scale;
        let rs = full.min(scale.max(self.scale).max(other.scale));
        Num::make(self.neg != other.neg, full, mag_mul(&self.mag, &other.mag)).truncated(rs)
    }

    /// `self / other` truncated to `scale` digits.
    pub fn div(&self, other: &Num, scale: usize) -> Result<Num, &'static str> {
        if other.is_zero() {
            return Err("Divide by zero");
        }
        if self.mag.len() + scale + other.scale > MAX_DIGITS {
            return Err(TOO_LONG);
        }
        // a/10^sa / (b/10^sb) * 10^scale = a*10^(sb+scale) / (b*10^sa)
        let (up, down) = (other.scale + scale, self.scale);
        let common = up.min(down);
        let num = shift_up(&self.mag, up - common);
        let den = shift_up(&other.mag, down - common);
        Ok(Num::make(self.neg != other.neg, scale, mag_div(&num, &den)))
    }

    /// `self % other` as GNU bc computes it: `a - (a/b)*b` with the quotient at `scale`, the
    /// result at `max(scale + scale(b), scale(a))`.
    pub fn rem(&self, other: &Num, scale: usize) -> Result<Num, &'static str> {
        if other.is_zero() {
            return Err("Modulo by zero");
        }
        let rscale = self.scale.max(other.scale + scale);
        let q = self.div(other, scale)?;
        let p = q.mul(other, rscale);
        self.sub(&p).with_scale(rscale)
    }

    /// The value truncated to an integer, if it fits in an `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        let digits = &self.mag[self.scale.min(self.mag.len())..];
        if digits.len() > 18 {
            return None;
        }
        let v = digits.iter().rev().fold(0i64, |acc, &d| acc * 10 + d as i64);
        Some(if self.neg { -v } else { v })
    }

    /// An estimate of `log10 |self|` (for refusing results that would be too long).
    fn log10(&self) -> f64 {
        let lead: f64 = self.mag.iter().rev().take(15).fold(0.0, |acc, &d| acc * 10.0 + d as f64);
        let taken = self.mag.len().min(15);
        lead.log10() + (self.mag.len() - taken) as f64 - self.scale as f64
    }

    /// `self ^ exp` as GNU's `bc_raise`: the exponent's fraction is dropped (the caller warns),
    /// the product is exact then truncated to `min(scale(a)*e, max(scale, scale(a)))`; a
    /// negative exponent gives the reciprocal at `scale`.
    pub fn pow(&self, exp: &Num, scale: usize) -> Result<Num, &'static str> {
        let e = exp.to_i64().ok_or("exponent too large in raise")?;
        if e == 0 {
            return Ok(Num::from_i64(1));
        }
        let n = e.unsigned_abs();
        if !self.is_zero() {
            let est = (n as f64) * (self.log10().max(0.0) + self.scale as f64);
            if est > MAX_DIGITS as f64 / 4.0 {
                return Err("exponent too large in raise");
            }
        }
        let mut result = Num::from_i64(1);
        let mut base = self.clone();
        let mut k = n;
        while k > 0 {
            if k & 1 == 1 {
                result = result.mul(&base, usize::MAX);
            }
            k >>= 1;
            if k > 0 {
                base = base.mul(&base, usize::MAX);
            }
        }
        if e < 0 {
            Num::from_i64(1).div(&result, scale)
        } else {
            let rs = (self.scale.saturating_mul(n as usize)).min(scale.max(self.scale));
            Ok(result.truncated(rs))
        }
    }

    /// The square root by GNU's Newton iteration, at `max(scale, scale(self))`.
    pub fn sqrt(&self, scale: usize) -> Result<Num, &'static str> {
        if self.neg {
            return Err("Square root of a negative number");
        }
        let one = Num::from_i64(1);
        if self.is_zero() {
            return Ok(Num::zero());
        }
        let c = self.cmp(&one);
        if c == Ordering::Equal {
            return Ok(one);
        }
        let rscale = scale.max(self.scale);
        if rscale > MAX_DIGITS / 2 {
            return Err(TOO_LONG);
        }
        let point5 = Num { neg: false, scale: 1, mag: vec![5] };
        let (mut guess, mut cscale) = if c == Ordering::Less {
            (one.clone(), self.scale)
        } else {
            let len = self.int_len().max(1) / 2;
            (Num::from_i64(10).pow(&Num::from_i64(len as i64), 0)?, 3)
        };
        loop {
            let prev = guess.clone();
            guess = self.div(&guess, cscale)?;
            guess = guess.add(&prev);
            guess = guess.mul(&point5, cscale);
            let diff = guess.sub(&prev);
            if diff.near_zero(cscale) {
                if cscale < rscale + 1 {
                    cscale = (cscale * 3).min(rscale + 1);
                } else {
                    break;
                }
            }
        }
        guess.with_scale(rscale)
    }

    /// GNU's `bc_is_near_zero`: the value truncated to `scale` digits is 0 or one unit in the
    /// last place.
    fn near_zero(&self, scale: usize) -> bool {
        let t = self.clone().truncated(scale);
        t.mag.is_empty() || t.mag == [1]
    }

    /// Significant digits as bc's `length()` counts them.
    pub fn length(&self) -> usize {
        if self.int_len() == 0 {
            self.scale.max(1)
        } else {
            self.int_len() + self.scale
        }
    }

    /// Parses a constant in `base` as GNU's `push_constant`: digits `0-9A-Z`, each at least
    /// `base` taken as `base-1` unless the number is that single digit; the scale is the number
    /// of digits after the point.
    pub fn parse(text: &str, base: u32) -> Result<Num, &'static str> {
        let val = |c: u8| -> u64 {
            if c.is_ascii_digit() {
                (c - b'0') as u64
            } else {
                (c - b'A' + 10) as u64
            }
        };
        let b = base as u64;
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i.as_bytes(), f.as_bytes()),
            None => (text.as_bytes(), &b""[..]),
        };
        if int.len() + frac.len() > MAX_DIGITS / 2 {
            return Err(TOO_LONG);
        }
        let single = int.len() == 1;
        let digit = |c: u8, clamp: bool| if clamp { val(c).min(b - 1) } else { val(c) };
        let bnum = Num::from_i64(base as i64);
        let ints: Vec<u64> = int.iter().map(|&c| digit(c, !single)).collect();
        let mut build = Num::zero();
        if ints.iter().all(|&d| d < 10) && base == 10 {
            build.mag = ints.iter().rev().map(|&d| d as u8).collect();
        } else {
            for &d in &ints {
                build = build.mul(&bnum, 0).add(&Num::from_i64(d as i64));
            }
        }
        build = Num::make(false, 0, build.mag);
        if frac.is_empty() {
            return Ok(build);
        }
        if base == 10 {
            let mut mag: Vec<u8> = frac.iter().rev().map(|&c| digit(c, true) as u8).collect();
            mag.extend_from_slice(&build.mag);
            return Ok(Num::make(false, frac.len(), mag));
        }
        let mut result = Num::zero();
        let mut divisor = Num::from_i64(1);
        for &c in frac {
            result = result.mul(&bnum, 0).add(&Num::from_i64(digit(c, true) as i64));
            divisor = divisor.mul(&bnum, 0);
        }
        Ok(build.add(&result.div(&divisor, frac.len())?))
    }

    /// The digits in `obase` as GNU's `bc_out_num` writes them (no line wrapping): base 10
    /// directly, bases up to 16 with `0-9A-F`, larger ones as space-separated zero-padded
    /// decimal groups.
    pub fn format(&self, obase: u64) -> String {
        let mut s = String::new();
        if self.neg {
            s.push('-');
        }
        if self.is_zero() {
            s.push('0');
            return s;
        }
        if obase == 10 {
            let il = self.int_len();
            for i in (self.scale..self.scale + il).rev() {
                s.push((b'0' + self.mag[i]) as char);
            }
            if self.scale > 0 {
                s.push('.');
                for i in (0..self.scale).rev() {
                    s.push((b'0' + self.mag.get(i).copied().unwrap_or(0)) as char);
                }
            }
            return s;
        }
        let width = (obase - 1).to_string().len();
        let put = |s: &mut String, d: u64, space: bool| {
            if obase <= 16 {
                s.push(b"0123456789ABCDEF"[d as usize] as char);
            } else {
                if space {
                    s.push(' ');
                }
                s.push_str(&format!("{d:0width$}"));
            }
        };
        let cut = self.scale.min(self.mag.len());
        let mut int = self.mag[cut..].to_vec();
        let mut digits = Vec::new();
        while !int.is_empty() {
            let (q, r) = mag_divmod_small(&int, obase);
            digits.push(r);
            int = q;
        }
        for &d in digits.iter().rev() {
            put(&mut s, d, true);
        }
        if self.scale > 0 {
            s.push('.');
            let mut frac = Num::make(false, self.scale, self.mag[..cut].to_vec());
            let base = Num::from_i64(obase as i64);
            let mut t = Num::from_i64(1);
            let mut first = true;
            while t.int_len() <= self.scale {
                frac = frac.mul(&base, self.scale);
                let d = frac.to_i64().unwrap_or(0).max(0) as u64;
                frac = frac.sub(&Num::from_i64(d as i64));
                put(&mut s, d, !first);
                first = false;
                t = t.mul(&base, 0);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::Num;

    fn n(s: &str) -> Num {
        Num::parse(s, 10).unwrap()
    }

    #[test]
    fn arithmetic_scales() {
        assert_eq!(n("10").div(&n("3"), 2).unwrap().format(10), "3.33");
        assert_eq!(n("1").div(&n("4"), 3).unwrap().format(10), ".250");
        assert_eq!(n("1.5").mul(&n("1.25"), 0).format(10), "1.87");
        assert_eq!(n("5").rem(&n("3"), 2).unwrap().format(10), ".02");
        assert_eq!(n("0").sub(&n("5")).rem(&n("3"), 0).unwrap().format(10), "-2");
        assert_eq!(n("2").pow(&n("100"), 0).unwrap().format(10), "1267650600228229401496703205376");
        assert_eq!(n("2").pow(&n("0").sub(&n("2")), 3).unwrap().format(10), ".250");
        assert_eq!(n("1.5").pow(&n("3"), 0).unwrap().format(10), "3.3");
        assert_eq!(n("1.5").pow(&n("3"), 3).unwrap().format(10), "3.375");
        assert_eq!(n("2").sqrt(5).unwrap().format(10), "1.41421");
        assert_eq!(n("10").sqrt(0).unwrap().format(10), "3");
        assert!(n("1").div(&n("0"), 0).is_err());
        assert!(n("2").pow(&n("99999999999"), 0).is_err());
    }

    #[test]
    fn parse_and_format() {
        assert_eq!(n("0.000").format(10), "0");
        assert_eq!(n("1A").format(10), "19");
        assert_eq!(n("A").format(10), "10");
        assert_eq!(n("ZZ").format(10), "99");
        assert_eq!(Num::parse("1G", 16).unwrap().format(10), "31");
        assert_eq!(Num::parse(".F", 16).unwrap().format(10), ".9");
        assert_eq!(n("255").format(16), "FF");
        assert_eq!(n("255.5").format(20), " 12 15.10");
        assert_eq!(n("3.25").neg().format(20), "- 03.05 00");
        assert_eq!(n("0.001").length(), 3);
        assert_eq!(n("1.000").length(), 4);
    }
}
