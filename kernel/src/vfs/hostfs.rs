//! hostfs: a confined host directory (to be implemented).
