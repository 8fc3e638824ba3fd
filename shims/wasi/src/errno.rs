//! The one place kernel errnos become WASI errnos (to be completed).
