//! `cpuwork N`: fixed CPU work for engine comparisons: a sieve of Eratosthenes up to N and a
//! mixing loop over the primes; prints the prime count and a checksum.
fn main() {
    let n: usize = burrow_test_guests::num_arg(1, "N").unwrap_or(1_000_000);
    let mut composite = vec![false; n + 1];
    let mut count = 0u64;
    let mut sum = 0u64;
    for i in 2..=n {
        if !composite[i] {
            count += 1;
            sum = sum.wrapping_mul(31).wrapping_add(i as u64) ^ (sum >> 7);
            let mut j = i.checked_mul(i).unwrap_or(usize::MAX);
            while j <= n {
                composite[j] = true;
                j += i;
            }
        }
    }
    println!("{count} {sum}");
}
