//! Shell variables: scalars, indexed and associative arrays, their attributes, function-local
//! scopes, and the environment children receive.

use std::borrow::Cow;
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
    /// `declare -n`: a name reference. Its value is the name of the variable it stands for
    /// (`name` or `name[subscript]`), and reading, assigning or unsetting it acts on that one.
    pub nameref: bool,
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
    /// Whether a name reference was ever made: until then no lookup needs to follow one.
    namerefs: bool,
}

/// How many name references a lookup follows before it stops (a loop: bash warns of a
/// circular name reference).
const MAX_NAMEREF_HOPS: usize = 8;

impl Vars {
    /// The name `name` stands for: itself, or where the chain of name references starting at
    /// it ends. A reference without a target yet (`declare -n r`) stands for itself, so that
    /// assigning to it sets the target, as in bash. The result may carry a subscript
    /// (`a[1]`), which only the expander and the assignment code can evaluate.
    pub fn resolve<'a>(&self, name: &'a [u8]) -> Cow<'a, [u8]> {
        if !self.namerefs {
            return Cow::Borrowed(name);
        }
        let mut cur: Cow<'a, [u8]> = Cow::Borrowed(name);
        for _ in 0..MAX_NAMEREF_HOPS {
            match self.map.get(&*cur) {
                Some(Var { nameref: true, value: Some(Value::Str(target)), .. }) if !target.is_empty() => {
                    cur = Cow::Owned(target.clone());
                }
                _ => break,
            }
        }
        cur
    }

    /// The variable `name` (following name references).
    pub fn get_var(&self, name: &[u8]) -> Option<&Var> {
        self.map.get(&*self.resolve(name))
    }

    /// The variable `name` itself, a name reference not followed (`declare -p`, `${!ref}`).
    pub fn get_var_raw(&self, name: &[u8]) -> Option<&Var> {
        self.map.get(name)
    }

    /// The scalar value of `name`, if set.
    pub fn get(&self, name: &[u8]) -> Option<&[u8]> {
        self.get_var(name).and_then(|v| v.value.as_ref()).and_then(|v| v.scalar())
    }

    /// Whether `name` has a value.
    pub fn is_set(&self, name: &[u8]) -> bool {
        self.get_var(name).is_some_and(|v| v.value.is_some())
    }

    fn touch(&mut self, exported: bool) {
        if exported {
            self.env_cache = None;
        }
    }

    /// Sets `name` to a scalar (keeping its attributes).
    pub fn set(&mut self, name: &[u8], value: Vec<u8>) -> Result<(), ReadOnly> {
        let resolved = self.resolve(name);
        let name = &*resolved;
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
        let resolved = self.resolve(name);
        let name = &*resolved;
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
        let resolved = self.resolve(name);
        let name = &*resolved;
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

    /// Removes `name` (its value and attributes; a local stays local), following name
    /// references.
    pub fn unset(&mut self, name: &[u8]) -> Result<(), ReadOnly> {
        let resolved = self.resolve(name);
        let name = &*resolved;
        self.unset_raw(name)
    }

    /// Removes `name` itself, a name reference not followed (`unset -n`).
    pub fn unset_raw(&mut self, name: &[u8]) -> Result<(), ReadOnly> {
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
        let resolved = self.resolve(name);
        let name = &*resolved;
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
        let name = self.resolve(name).into_owned();
        let v = self.map.entry(name).or_default();
        v.exported = on;
        self.env_cache = None;
    }

    /// Marks `name` read-only.
    pub fn set_readonly(&mut self, name: &[u8]) {
        let name = self.resolve(name).into_owned();
        self.map.entry(name).or_default().readonly = true;
    }

    /// Mutable access to a variable's attributes (creating it unset), following name
    /// references.
    pub fn entry(&mut self, name: &[u8]) -> &mut Var {
        let name = self.resolve(name).into_owned();
        self.env_cache = None;
        self.map.entry(name).or_default()
    }

    /// Makes `name` itself a name reference (`declare -n name[=target]`): to `target`, or to
    /// what its value already names.
    pub fn set_nameref(&mut self, name: &[u8], target: Option<Vec<u8>>) -> Result<(), ReadOnly> {
        let v = self.map.entry(name.to_vec()).or_default();
        if v.readonly {
            return Err(ReadOnly);
        }
        v.nameref = true;
        if let Some(t) = target {
            v.value = Some(Value::Str(t));
        }
        self.namerefs = true;
        self.env_cache = None;
        Ok(())
    }

    /// Takes the name reference attribute off `name` itself (`declare +n`); its value, the
    /// name it held, stays.
    pub fn clear_nameref(&mut self, name: &[u8]) {
        if let Some(v) = self.map.get_mut(name) {
            v.nameref = false;
        }
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

    /// Makes `name` itself local to the current function (saving the outer variable, a name
    /// reference not followed); the local starts unset, as in bash.
    pub fn make_local(&mut self, name: &[u8]) {
        let Some(frame) = self.frames.last_mut() else { return };
        if frame.iter().any(|(n, _)| n == name) {
            return;
        }
        let old = self.map.get(name).cloned();
        frame.push((name.to_vec(), old.clone()));
        let exported = old.as_ref().is_some_and(|v| v.exported);
        // The local starts unset, keeping the export attribute (as bash does).
        self.map.insert(name.to_vec(), Var { value: None, exported, ..Var::default() });
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
        self.namerefs |= var.nameref;
        self.map.insert(name, var);
    }
}

/// An array subscript, evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArrayIndex {
    Num(i64),
    Key(Vec<u8>),
}
