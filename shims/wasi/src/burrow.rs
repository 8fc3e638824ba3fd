//! The `burrow` import module (to be implemented).
