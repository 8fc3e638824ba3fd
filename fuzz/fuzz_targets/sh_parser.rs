//! The shell's parser (`guests/userland/sh`), natively: its lexer and parser, the unparser
//! that carries code into subshells (`sh --burrow-sub`), and the arithmetic evaluator, built
//! from the guest's own source files.
//!
//! Checked: parsing any bytes gives a tree or an error, never a panic, and so do unparsing
//! and arithmetic on any text; and that a tree unparses to code that parses again, twice over
//! (what a subshell runs must parse, and the code it unparses for its own subshells too).
//! Source the parser warns about (a here-document ended by the end of the input) is left out
//! of the round trip.

#![no_main]

#[allow(dead_code)]
#[path = "../../guests/userland/sh/src/arith.rs"]
mod arith;
#[allow(dead_code)]
#[path = "../../guests/userland/sh/src/ast.rs"]
mod ast;
#[allow(dead_code)]
#[path = "../../guests/userland/sh/src/parser.rs"]
mod parser;
#[allow(dead_code)]
#[path = "../../guests/userland/sh/src/unparse.rs"]
mod unparse;

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;

/// Variables for arithmetic, in a map.
struct Vars(HashMap<Vec<u8>, i64>);

impl arith::ArithEnv for Vars {
    fn get(&mut self, name: &[u8], _index: Option<i64>) -> Option<Vec<u8>> {
        self.0.get(name).map(|v| v.to_string().into_bytes())
    }

    fn set(&mut self, name: &[u8], _index: Option<i64>, value: i64) -> Result<(), String> {
        if self.0.len() < 64 {
            self.0.insert(name.to_vec(), value);
        }
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, src)) = data.split_first() else { return };
    if mode % 4 == 0 {
        let mut vars = Vars(HashMap::from([(b"x".to_vec(), 3), (b"y".to_vec(), -1)]));
        let _ = arith::eval(src, &mut vars);
        return;
    }
    let mut p = parser::Parser::input(src.to_vec(), 1);
    let mut tree = ast::List::default();
    loop {
        match p.parse_next() {
            Ok(Some(l)) => tree.items.extend(l.items),
            Ok(None) => break,
            Err(_) => return,
        }
    }
    let code = unparse::list(&tree);
    if !p.take_warnings().is_empty() {
        return;
    }
    let again = match parser::Parser::parse_program(&code) {
        Ok(t) => t,
        Err(e) => panic!(
            "unparsed code does not parse: {e:?}\nsource:   {:?}\nunparsed: {:?}",
            String::from_utf8_lossy(src),
            String::from_utf8_lossy(&code)
        ),
    };
    let code2 = unparse::list(&again);
    if let Err(e) = parser::Parser::parse_program(&code2) {
        panic!(
            "unparsed code does not parse in the second round: {e:?}\nsource: {:?}\nfirst:  {:?}\nsecond: {:?}",
            String::from_utf8_lossy(src),
            String::from_utf8_lossy(&code),
            String::from_utf8_lossy(&code2)
        );
    }
});
