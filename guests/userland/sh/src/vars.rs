//! Shell variables: scalars, indexed and associative arrays, their attributes, function-local
//! scopes, and the environment children receive.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// FNV-1a: deterministic and cheap for short keys (no random seed to fetch at start-up).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

/// A `HashMap` keyed by bytes with [`Fnv`].
pub type Map<V> = HashMap<Vec<u8>, V, BuildHasherDefault<Fnv>>;

/// A variable's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(Vec<u8>),
    /// Indexed array (sparse).
    Indexed(BTreeMap<i64, Vec<u8>>),
    /// Associative array.
    Assoc(BTreeMap<Vec<u8>, Vec<u8>>),
}

impl Value {
    /// The scalar view: a string, or element 0 of an indexed array (bash's `$arr`).
    pub fn scalar(&self) -> Option<&[u8]> {
        match self {
            Value::Str(s) => Some(s),
            Value::Indexed(m) => m.get(&0).map(|v| v.as_slice()),
            Value::Assoc(m) => m.get(&b"0"[..]).map(|v| v.as_slice()),
        }
    }
}

/// A variable: a value (or none: declared but unset) and attributes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Var {
    pub value: Option<Value>,
    pub exported: bool,
    pub readonly: bool,
    /// `declare -i`: assignments are evaluated arithmetically.
    pub integer: bool,
}

/// Why an assignment failed.
#[derive(Debug)]
pub struct ReadOnly;

/// All variables, with the saved outer values of function locals.
#[derive(Default)]
pub struct Vars {
    map: Map<Var>,
    /// One frame per running function: the variables it made local and their outer values.
    frames: Vec<Vec<(Vec<u8>, Option<Var>)>>,
    /// Environment entries of exported variables, rebuilt after a change.
    env_cache: Option<Rc<Vec<Vec<u8>>>>,
    /// `set -a`: every assigned variable is exported.
    pub allexport: bool,
}

impl Vars {
    /// The variable `name`.
    pub fn get_var(&self, name: &[u8]) -> Option<&Var> {
        self.map.get(name)
    }

    /// The scalar value of `name`, if set.
    pub fn get(&self, name: &[u8]) -> Option<&[u8]> {
        self.map.get(name).and_then(|v| v.value.as_ref()).and_then(|v| v.scalar())
    }

    /// Whether `name` has a value.
    pub fn is_set(&self, name: &[u8]) -> bool {
        self.map.get(name).is_some_and(|v| v.value.is_some())
    }

    fn touch(&mut self, exported: bool) {
        if exported {
            self.env_cache = None;
        }
    }

    /// Sets `name` to a scalar (keeping its attributes).
    pub fn set(&mut self, name: &[u8], value: Vec<u8>) -> Result<(), ReadOnly> {
        let allexport = self.allexport;
        let v = self.map.entry(name.to_vec()).or_default();
        if v.readonly {
            return Err(ReadOnly);
        }
        if allexport {
            v.exported = true;
        }
        match &mut v.value {
            Some(Value::Indexed(m)) => {
                m.insert(0, value);
            }
            Some(Value::Assoc(m)) => {
                m.insert(b"0".to_vec(), value);
            }
            slot => *slot = Some(Value::Str(value)),
        }
        let exported = v.exported;
        self.touch(exported);
        Ok(())
    }

    /// Sets `name` to a whole value (array assignment).
    pub fn set_value(&mut self, name: &[u8], value: Value) -> Result<(), ReadOnly> {
        let allexport = self.allexport;
        let v = self.map.entry(name.to_vec()).or_default();
        if v.readonly {
            return Err(ReadOnly);
        }
        if allexport {
            v.exported = true;
        }
        v.value = Some(value);
        let exported = v.exported;
        self.touch(exported);
        Ok(())
    }

    /// Sets element `index` of array `name` (making it an array).
    pub fn set_index(&mut self, name: &[u8], index: ArrayIndex, value: Vec<u8>) -> Result<(), ReadOnly> {
        let v = self.map.entry(name.to_vec()).or_default();
        if v.readonly {
            return Err(ReadOnly);
        }
        match (&mut v.value, index) {
            (Some(Value::Assoc(m)), ArrayIndex::Key(k)) => {
                m.insert(k, value);
            }
            (Some(Value::Assoc(m)), ArrayIndex::Num(i)) => {
                m.insert(i.to_string().into_bytes(), value);
            }
            (Some(Value::Indexed(m)), ArrayIndex::Num(i)) => {
                m.insert(i, value);
            }
            (slot, index) => {
                let mut m = BTreeMap::new();
                if let Some(Value::Str(s)) = slot.take() {
                    m.insert(0, s);
                }
                let i = match index {
                    ArrayIndex::Num(i) => i,
                    ArrayIndex::Key(_) => 0,
                };
                m.insert(i, value);
                *slot = Some(Value::Indexed(m));
            }
        }
        let exported = v.exported;
        self.touch(exported);
        Ok(())
    }

    /// Removes `name` (its value and attributes; a local stays local).
    pub fn unset(&mut self, name: &[u8]) -> Result<(), ReadOnly> {
        if let Some(v) = self.map.get(name) {
            if v.readonly {
                return Err(ReadOnly);
            }
            let exported = v.exported;
            self.map.remove(name);
            self.touch(exported);
        }
        Ok(())
    }

    /// Removes element `index` of array `name`.
    pub fn unset_index(&mut self, name: &[u8], index: ArrayIndex) -> Result<(), ReadOnly> {
        if let Some(v) = self.map.get_mut(name) {
            if v.readonly {
                return Err(ReadOnly);
            }
            match (&mut v.value, index) {
                (Some(Value::Indexed(m)), ArrayIndex::Num(i)) => {
                    m.remove(&i);
                }
                (Some(Value::Assoc(m)), ArrayIndex::Key(k)) => {
                    m.remove(&k);
                }
                (Some(Value::Str(_)), ArrayIndex::Num(0)) => v.value = None,
                _ => {}
            }
        }
        Ok(())
    }

    /// Marks `name` exported (creating it unset if needed).
    pub fn export(&mut self, name: &[u8], on: bool) {
        let v = self.map.entry(name.to_vec()).or_default();
        v.exported = on;
        self.env_cache = None;
    }

    /// Marks `name` read-only.
    pub fn set_readonly(&mut self, name: &[u8]) {
        self.map.entry(name.to_vec()).or_default().readonly = true;
    }

    /// Mutable access to a variable's attributes (creating it unset).
    pub fn entry(&mut self, name: &[u8]) -> &mut Var {
        self.env_cache = None;
        self.map.entry(name.to_vec()).or_default()
    }

    /// Enters a function: a new frame of locals.
    pub fn push_frame(&mut self) {
        self.frames.push(Vec::new());
    }

    /// Leaves a function: restores the variables its locals shadowed.
    pub fn pop_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            for (name, old) in frame.into_iter().rev() {
                let exported = old.as_ref().is_some_and(|v| v.exported)
                    || self.map.get(&name).is_some_and(|v| v.exported);
                match old {
                    Some(v) => {
                        self.map.insert(name, v);
                    }
                    None => {
                        self.map.remove(&name);
                    }
                }
                self.touch(exported);
            }
        }
    }

    /// Whether a function is running (so `local` is allowed).
    pub fn in_function(&self) -> bool {
        !self.frames.is_empty()
    }

    /// Makes `name` local to the current function (saving the outer variable); the new local
    /// starts unset unless `inherit` (then it keeps the outer value, as `local x` does in
    /// bash for... no: bash starts it unset; `inherit` is for `declare` of an existing name).
    pub fn make_local(&mut self, name: &[u8]) {
        let Some(frame) = self.frames.last_mut() else { return };
        if frame.iter().any(|(n, _)| n == name) {
            return;
        }
        let old = self.map.get(name).cloned();
        frame.push((name.to_vec(), old.clone()));
        let exported = old.as_ref().is_some_and(|v| v.exported);
        // The local starts unset, keeping the export attribute (as bash does).
        self.map.insert(name.to_vec(), Var { value: None, exported, readonly: false, integer: false });
        self.touch(exported);
    }

    /// Environment entries (`NAME=value`) of the exported variables that have values.
    pub fn environ(&mut self) -> Rc<Vec<Vec<u8>>> {
        if let Some(e) = &self.env_cache {
            return e.clone();
        }
        let mut env: Vec<Vec<u8>> = self
            .map
            .iter()
            .filter(|(_, v)| v.exported)
            .filter_map(|(k, v)| {
                let val = v.value.as_ref()?;
                let s = match val {
                    Value::Str(s) => s.as_slice(),
                    _ => return None,
                };
                let mut e = Vec::with_capacity(k.len() + 1 + s.len());
                e.extend_from_slice(k);
                e.push(b'=');
                e.extend_from_slice(s);
                Some(e)
            })
            .collect();
        env.sort();
        let rc = Rc::new(env);
        self.env_cache = Some(rc.clone());
        rc
    }

    /// Every variable, sorted by name.
    pub fn sorted(&self) -> Vec<(&Vec<u8>, &Var)> {
        let mut v: Vec<_> = self.map.iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// Names starting with `prefix`, sorted.
    pub fn names_with_prefix(&self, prefix: &[u8]) -> Vec<Vec<u8>> {
        let mut v: Vec<Vec<u8>> =
            self.map.iter().filter(|(k, v)| k.starts_with(prefix) && v.value.is_some()).map(|(k, _)| k.clone()).collect();
        v.sort();
        v
    }

    /// Every variable (for passing state to a subshell).
    pub fn iter(&self) -> impl Iterator<Item = (&Vec<u8>, &Var)> {
        self.map.iter()
    }

    /// Inserts a variable as is (restoring state in a subshell).
    pub fn insert_raw(&mut self, name: Vec<u8>, var: Var) {
        self.env_cache = None;
        self.map.insert(name, var);
    }
}

/// An array subscript, evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArrayIndex {
    Num(i64),
    Key(Vec<u8>),
}
