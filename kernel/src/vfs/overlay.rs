//! overlay: a writable upper filesystem over a read-only lower one (to be implemented).
