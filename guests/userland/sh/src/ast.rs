//! The syntax tree the parser builds and the executor walks.
//!
//! Text is bytes throughout (`Vec<u8>`): shell data need not be UTF-8. Every node can be printed
//! back to equivalent source by [`crate::unparse`], which is how code crosses into a subshell
//! process.

use std::cell::OnceCell;
use std::rc::Rc;

/// A list of commands: `a; b & c` (the body of a script, a group, a loop...).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct List {
    pub items: Vec<ListItem>,
}

/// One `and_or` of a list and how it is terminated.
#[derive(Clone, Debug, PartialEq)]
pub struct ListItem {
    pub and_or: AndOr,
    /// Terminated by `&`: runs in the background.
    pub background: bool,
}

/// `p1 && p2 || p3`.
#[derive(Clone, Debug, PartialEq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(AndOrOp, Pipeline)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AndOrOp {
    And,
    Or,
}

/// `[!] c1 | c2 | ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub bang: bool,
    pub commands: Vec<Command>,
}

/// One command of a pipeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Simple(SimpleCommand),
    Compound(Box<CompoundCommand>, Vec<Redirect>),
    FunctionDef(Rc<FunctionDef>),
}

/// `NAME=value... word... redirections...`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimpleCommand {
    pub assigns: Vec<Assign>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// Source line of the command (for `$LINENO` and messages).
    pub line: u32,
}

/// `NAME=value`, `NAME+=value` or `NAME=(a b c)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Assign {
    pub name: Vec<u8>,
    /// `NAME[index]=...`.
    pub index: Option<Word>,
    pub append: bool,
    pub value: AssignValue,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AssignValue {
    Scalar(Word),
    /// `NAME=(w1 w2 ...)`.
    Array(Vec<Word>),
}

/// A function: `name() compound-command [redirections]`.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: Vec<u8>,
    pub body: CompoundCommand,
    pub redirects: Vec<Redirect>,
}

/// Compound commands.
#[derive(Clone, Debug, PartialEq)]
pub enum CompoundCommand {
    /// `{ list; }`
    Brace(List),
    /// `( list )`
    Subshell(List),
    /// `for name [in words]; do list; done` (`words: None`: the positional parameters).
    For { var: Vec<u8>, words: Option<Vec<Word>>, body: List },
    /// `for ((init; cond; step)); do list; done`
    ArithFor { init: Word, cond: Word, step: Word, body: List },
    /// `while cond; do body; done` (`until` when `until` is set).
    While { cond: List, body: List, until: bool },
    /// `if c1; then b1; elif c2; then b2; else e; fi`
    If { branches: Vec<(List, List)>, else_: Option<List> },
    /// `case word in arms esac`
    Case { word: Word, arms: Vec<CaseArm> },
    /// `[[ expression ]]`
    Cond(CondExpr),
    /// `(( expression ))`
    Arith(Word),
}

/// `pattern|pattern) list ;;`
#[derive(Clone, Debug, PartialEq)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: List,
    pub term: CaseTerm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseTerm {
    /// `;;`
    Break,
    /// `;&`: run the next arm's body too.
    FallThrough,
    /// `;;&`: go on testing the following patterns.
    Continue,
}

/// A `[[ ]]` expression.
#[derive(Clone, Debug, PartialEq)]
pub enum CondExpr {
    And(Box<CondExpr>, Box<CondExpr>),
    Or(Box<CondExpr>, Box<CondExpr>),
    Not(Box<CondExpr>),
    /// `-f word` etc.
    Unary(Vec<u8>, Word),
    /// `a == b`, `a -lt b`, `a =~ re`... The right side of `==`/`!=` is a pattern.
    Binary(Vec<u8>, Word, Word),
    /// A single word: true if non-empty.
    Word(Word),
}

/// A redirection `[n]op target`.
#[derive(Clone, Debug, PartialEq)]
pub struct Redirect {
    /// Explicit descriptor number (`2>`), or `None` for the operator's default.
    pub fd: Option<u32>,
    pub op: RedirOp,
    pub target: RedirTarget,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `<`
    Read,
    /// `>`
    Write,
    /// `>|`
    Clobber,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `&>` (stdout and stderr to a file)
    WriteBoth,
    /// `&>>`
    AppendBoth,
    /// `<<` or `<<-`
    HereDoc,
    /// `<<<`
    HereString,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RedirTarget {
    Word(Word),
    HereDoc(Rc<HereDoc>),
}

/// A here-document. The body is read after the line holding the operator, so it is filled in
/// once the parser gets there.
#[derive(Clone, Debug, PartialEq)]
pub struct HereDoc {
    /// The delimiter as written, quotes removed.
    pub delim: Vec<u8>,
    /// A quoted delimiter: the body is literal.
    pub quoted: bool,
    /// `<<-`: leading tabs were stripped from the body lines.
    pub strip_tabs: bool,
    /// The body: literal text, or (unquoted delimiter) text with expansions.
    pub body: OnceCell<Word>,
}

/// A word: a sequence of parts concatenated before field splitting. A `~` prefix is kept in
/// the leading [`WordPart::Lit`] and expanded with the word.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Word {
    pub parts: Vec<WordPart>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum WordPart {
    /// Unquoted literal text (subject to globbing, not to field splitting).
    Lit(Vec<u8>),
    /// Quoted literal text: single quotes, `$'...'`, backslash escapes.
    Quoted(Vec<u8>),
    /// `"..."`: its parts are expanded without splitting or globbing.
    DQuoted(Vec<WordPart>),
    /// `$name`, `${...}`.
    Param(Box<ParamExp>),
    /// `$(...)` or backquotes.
    CmdSub(Rc<List>),
    /// `<(...)` (false) or `>(...)` (true): a `/dev/fd/N` path to a pipe from or to the list
    /// running in a subshell.
    ProcSub(bool, Rc<List>),
    /// `$((...))`: the expanded text is evaluated as arithmetic.
    Arith(Box<Word>),
    /// `(w1 w2 ...)` right after `NAME=` in an argument of a declaration builtin
    /// (`local a=(1 2)`).
    ArrayLit(Vec<Word>),
}

/// A parameter expansion.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamExp {
    pub param: Param,
    /// `${!name}`: indirection.
    pub indirect: bool,
    pub op: ParamOp,
}

/// What a parameter expansion names.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    /// A variable.
    Var(Vec<u8>),
    /// `name[index]` (`@` and `*` are indexes too).
    Index(Vec<u8>, Box<Word>),
    /// `$1`...
    Positional(usize),
    /// `$@ $* $# $? $- $$ $! $0`
    Special(u8),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamOp {
    /// `$x`, `${x}`
    Plain,
    /// `${#x}`
    Length,
    /// `${x-w}`, `${x:-w}`
    Default(bool, Word),
    /// `${x=w}`, `${x:=w}`
    Assign(bool, Word),
    /// `${x?w}`, `${x:?w}`
    Error(bool, Word),
    /// `${x+w}`, `${x:+w}`
    Alt(bool, Word),
    /// `${x#p}` (`true`: `##`)
    TrimPrefix(bool, Word),
    /// `${x%p}` (`true`: `%%`)
    TrimSuffix(bool, Word),
    /// `${x:off}`, `${x:off:len}`
    Substring(Word, Option<Word>),
    /// `${x/p/r}`, `${x//p/r}`, `${x/#p/r}`, `${x/%p/r}`
    Replace(ReplaceKind, Word, Word),
    /// `${x^}`, `${x^^}`, `${x,}`, `${x,,}` (pattern unsupported beyond `?`-like all)
    /// `${x^pattern}` and friends: the pattern (empty: every character) limits which
    /// characters change.
    Case(CaseMod, Word),
    /// `${!prefix*}`, `${!prefix@}`
    Names(bool),
    /// `${!name[@]}`: the indexes of an array.
    Keys(bool),
    /// `${x@Q}`, `${x@E}`, `${x@U}`, `${x@u}`, `${x@L}`: the value quoted for reuse as input,
    /// with backslash escapes expanded, upper-cased, first letter upper-cased, lower-cased.
    Transform(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplaceKind {
    First,
    All,
    Prefix,
    Suffix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseMod {
    UpperFirst,
    UpperAll,
    LowerFirst,
    LowerAll,
    /// `${x~}`: the first character's case swapped.
    ToggleFirst,
    /// `${x~~}`: every character's case swapped.
    ToggleAll,
}

impl Word {
    /// A word of one literal part.
    pub fn lit(text: &[u8]) -> Word {
        Word { parts: vec![WordPart::Lit(text.to_vec())] }
    }

    /// A word of one quoted part (expands to exactly `text`).
    pub fn quoted(text: &[u8]) -> Word {
        Word { parts: vec![WordPart::Quoted(text.to_vec())] }
    }

    /// The text if the word is a single unquoted literal (reserved words, function names...).
    pub fn as_lit(&self) -> Option<&[u8]> {
        match self.parts.as_slice() {
            [WordPart::Lit(s)] => Some(s),
            _ => None,
        }
    }

    /// The word's text with quotes removed, if it has no expansions (here-doc delimiters,
    /// alias names...).
    pub fn static_text(&self) -> Option<Vec<u8>> {
        fn walk(parts: &[WordPart], out: &mut Vec<u8>) -> bool {
            for p in parts {
                match p {
                    WordPart::Lit(s) | WordPart::Quoted(s) => out.extend_from_slice(s),
                    WordPart::DQuoted(inner) => {
                        if !walk(inner, out) {
                            return false;
                        }
                    }
                    _ => return false,
                }
            }
            true
        }
        let mut out = Vec::new();
        walk(&self.parts, &mut out).then_some(out)
    }

    /// Whether any part is quoted.
    pub fn has_quotes(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, WordPart::Quoted(_) | WordPart::DQuoted(_)))
    }
}

impl Pipeline {
    /// A pipeline of one command.
    pub fn single(c: Command) -> Pipeline {
        Pipeline { bang: false, commands: vec![c] }
    }
}

impl List {
    /// A list of one command.
    pub fn single(c: Command) -> List {
        List {
            items: vec![ListItem {
                and_or: AndOr { first: Pipeline::single(c), rest: Vec::new() },
                background: false,
            }],
        }
    }
}
