//! Lexer and recursive-descent parser: shell source (bytes) to the syntax tree of [`crate::ast`].
//!
//! The lexer runs on demand, one token of lookahead, because tokenizing depends on where the
//! parser is: reserved words count only in command position, here-document bodies start after
//! the next newline token, `[[ ]]` reads `<` and `>` as operands, `$(...)` recursively parses a
//! whole program. [`Parser::parse_next`] returns one complete command (a line's list) at a time,
//! so a script runs command by command and aliases defined by one line apply to the next.
//!
//! Errors never panic: they are [`ParseError`]s (`eof` set when the input ended inside a
//! construct, which tells an incremental reader to fetch more input), and nesting is bounded.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::ast::*;

/// Deepest nesting of compound commands, substitutions and expansions the parser accepts.
const MAX_DEPTH: usize = 200;

/// A syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub msg: String,
    pub line: u32,
    /// The input ended inside a construct: more input could complete it.
    pub eof: bool,
    /// The source line the error is in, which bash prints on a second line after
    /// `syntax error near unexpected token`.
    pub context: Option<Vec<u8>>,
}

/// Alias definitions the parser expands in command position.
pub type Aliases = HashMap<Vec<u8>, Vec<u8>>;

type PResult<T> = Result<T, ParseError>;

/// Operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Semi,
    DSemi,
    SemiAmp,
    DSemiAmp,
    Amp,
    AndAnd,
    Pipe,
    PipeAmp,
    OrOr,
    LParen,
    RParen,
    Less,
    Great,
    DGreat,
    Clobber,
    LessGreat,
    LessAnd,
    GreatAnd,
    AndGreat,
    AndDGreat,
    DLess,
    DLessDash,
    TLess,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Op::Semi => ";",
            Op::DSemi => ";;",
            Op::SemiAmp => ";&",
            Op::DSemiAmp => ";;&",
            Op::Amp => "&",
            Op::AndAnd => "&&",
            Op::Pipe => "|",
            Op::PipeAmp => "|&",
            Op::OrOr => "||",
            Op::LParen => "(",
            Op::RParen => ")",
            Op::Less => "<",
            Op::Great => ">",
            Op::DGreat => ">>",
            Op::Clobber => ">|",
            Op::LessGreat => "<>",
            Op::LessAnd => "<&",
            Op::GreatAnd => ">&",
            Op::AndGreat => "&>",
            Op::AndDGreat => "&>>",
            Op::DLess => "<<",
            Op::DLessDash => "<<-",
            Op::TLess => "<<<",
        }
    }

    fn redir(self) -> Option<RedirOp> {
        Some(match self {
            Op::Less => RedirOp::Read,
            Op::Great => RedirOp::Write,
            Op::DGreat => RedirOp::Append,
            Op::Clobber => RedirOp::Clobber,
            Op::LessGreat => RedirOp::ReadWrite,
            Op::LessAnd => RedirOp::DupIn,
            Op::GreatAnd => RedirOp::DupOut,
            Op::AndGreat => RedirOp::WriteBoth,
            Op::AndDGreat => RedirOp::AppendBoth,
            Op::DLess | Op::DLessDash => RedirOp::HereDoc,
            Op::TLess => RedirOp::HereString,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(Word),
    IoNumber(u32),
    Op(Op),
    Newline,
    Eof,
}

#[derive(Clone)]
struct Peeked {
    tok: Tok,
    start: usize,
    /// The assignment a `NAME[subscript]=value` word stands for where it is one (the lexer
    /// reads the subscript whole, blanks and quotes included, as bash does).
    assign: Option<Assign>,
}

/// Where a word is being read: decides which characters are special.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// An ordinary word.
    Unquoted,
    /// Inside `"..."`.
    DQuote,
    /// The word of `${x:-word}` (etc.); `in_dq`: the expansion is inside double quotes.
    ParamWord { in_dq: bool },
    /// An unquoted here-document body.
    HereDoc,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether `s` is a valid variable name.
pub fn is_name(s: &[u8]) -> bool {
    !s.is_empty() && is_name_start(s[0]) && s.iter().all(|&c| is_name_char(c))
}

/// The offset of the character closing the quote that opens at `i`: `'...'` (no escapes),
/// `"..."`, a backquote, or `$'...'` (at its `$`); a backslash quotes the next character in all
/// but the first. `None` if the input ends first.
fn quote_end(src: &[u8], i: usize) -> Option<usize> {
    let (close, escapes, mut j) = match src[i] {
        b'$' => (b'\'', true, i + 2),
        q => (q, q != b'\'', i + 1),
    };
    while let Some(&c) = src.get(j) {
        if c == close {
            return Some(j);
        }
        j += if c == b'\\' && escapes { 2 } else { 1 };
    }
    None
}

/// The offset of the `]` closing the subscript whose `[` is at `open`, as bash matches it:
/// quoted text, `$(...)`, `${...}` and backquotes are skipped and brackets nest, so
/// `a[$(echo ']')]` and `m['x y']` are whole. `None` if the end of the input or a newline
/// outside single quotes comes first (bash reads on; such a subscript is left a plain word
/// here, as no here-document can start in it).
pub(crate) fn subscript_end(src: &[u8], open: usize) -> Option<usize> {
    let mut closers = vec![b']'];
    let mut i = open + 1;
    while let Some(&c) = src.get(i) {
        let top = *closers.last()?;
        match c {
            b'\n' => return None,
            b'\\' => i += 1,
            // Single quotes hold no commands, so no here-document: a newline may be quoted there.
            b'\'' => i = quote_end(src, i)?,
            b'$' if src.get(i + 1) == Some(&b'\'') => i = quote_end(src, i)?,
            b'"' | b'`' => i = quote_end(src, i).filter(|&e| !src[i..e].contains(&b'\n'))?,
            b'$' if matches!(src.get(i + 1), Some(b'(' | b'{')) => {
                i += 1;
                closers.push(if src[i] == b'(' { b')' } else { b'}' });
            }
            b'[' if top == b']' => closers.push(b']'),
            b'(' if top == b')' => closers.push(b')'),
            _ if c == top => {
                closers.pop();
                if closers.is_empty() {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the scan for the end of an arithmetic `((...))` (at `from`, after the parentheses)
/// stops: the offset of a `)` closing no parenthesis opened in the scan, or `None` at the end
/// of the input. Quoted and backquoted text is skipped, and `$'...'` inside `$(...)` (in the
/// arithmetic itself `$` is literal there and `'...'` a quote). `balanced`: at the end of the
/// input, no quote is left open and no parenthesis.
fn arith_scan(src: &[u8], from: usize) -> (Option<usize>, bool) {
    // For each open parenthesis, whether it holds commands (`$(`, or any inside one).
    let mut open: Vec<bool> = Vec::new();
    let mut i = from;
    while let Some(&c) = src.get(i) {
        let commands = open.last().copied().unwrap_or(false);
        match c {
            b'\\' => i += 1,
            b'\'' | b'"' | b'`' => match quote_end(src, i) {
                Some(end) => i = end,
                None => return (None, false),
            },
            b'$' if commands && src.get(i + 1) == Some(&b'\'') => match quote_end(src, i) {
                Some(end) => i = end,
                None => return (None, false),
            },
            b'$' if src.get(i + 1) == Some(&b'(') => {
                i += 1;
                open.push(true);
            }
            b'(' => open.push(commands),
            b')' => {
                if open.pop().is_none() {
                    return (Some(i), true);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (None, open.is_empty() && i == src.len())
}

/// Whether `text` leaves the scan for the end of `((...))` as it found it: no quote left
/// open, no `)` closing a parenthesis opened before it, none left open.
pub(crate) fn arith_scan_balanced(text: &[u8]) -> bool {
    arith_scan(text, 0) == (None, true)
}

fn is_meta(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')')
}

const RESERVED_TERMINATORS: &[&[u8]] = &[b"}", b"then", b"else", b"elif", b"fi", b"do", b"done", b"esac"];

/// The parser; see the module documentation.
pub struct Parser {
    src: Vec<u8>,
    pos: usize,
    line: u32,
    peeked: Option<Peeked>,
    /// Here-documents whose bodies follow the current line, with the line of each operator.
    heredocs: Vec<(Rc<HereDoc>, u32)>,
    /// More input may follow the source (a script read from stdin a line at a time): an
    /// unterminated here-document asks for it instead of ending at the end of the input.
    partial: bool,
    /// Warnings to report: `(line, message)`.
    warnings: Vec<(u32, String)>,
    dbracket: bool,
    depth: usize,
    aliases: Option<Rc<Aliases>>,
    /// Aliases being expanded, with the end of their text in `src`.
    alias_active: Vec<(Vec<u8>, usize)>,
    /// The previous alias ended with a blank: check the next word too.
    alias_next: bool,
}

impl Parser {
    /// A parser of shell input `src` (a script, a `-c` command, `eval` text), counting lines
    /// from `line`. Like bash, it reads a last line without a newline as if it had one (which
    /// is where errors at the end of the input are).
    pub fn input(mut src: Vec<u8>, line: u32) -> Parser {
        if src.last().is_some_and(|&c| c != b'\n') {
            src.push(b'\n');
        }
        Parser::new(src, line)
    }

    /// A parser of `src` as it is, counting lines from `line`.
    pub fn new(src: Vec<u8>, line: u32) -> Parser {
        Parser {
            src,
            pos: 0,
            line,
            peeked: None,
            heredocs: Vec::new(),
            partial: false,
            warnings: Vec::new(),
            dbracket: false,
            depth: 0,
            aliases: None,
            alias_active: Vec::new(),
            alias_next: false,
        }
    }

    /// Parses a whole program (a `-c` string, `eval` text, a subshell's code).
    pub fn parse_program(src: &[u8]) -> PResult<List> {
        let mut p = Parser::input(src.to_vec(), 1);
        let mut list = List::default();
        while let Some(l) = p.parse_next()? {
            list.items.extend(l.items);
        }
        Ok(list)
    }

    /// Marks the source as possibly incomplete (see `partial`).
    pub fn set_partial(&mut self, partial: bool) {
        self.partial = partial;
    }

    /// Takes the warnings found so far: `(line, message)`.
    pub fn take_warnings(&mut self) -> Vec<(u32, String)> {
        std::mem::take(&mut self.warnings)
    }

    /// Sets the aliases to expand.
    pub fn set_aliases(&mut self, aliases: Option<Rc<Aliases>>) {
        self.aliases = aliases.filter(|a| !a.is_empty());
    }

    /// The current line.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Bytes consumed so far (everything before the next unparsed token).
    pub fn offset(&self) -> usize {
        match &self.peeked {
            Some(p) => p.start,
            None => self.pos,
        }
    }

    /// The source text given so far.
    pub fn source(&self) -> &[u8] {
        &self.src
    }

    /// Parses the next complete command (a list ending at a newline or the end of the input);
    /// `None` at the end of the input.
    pub fn parse_next(&mut self) -> PResult<Option<List>> {
        loop {
            match self.peek()? {
                Tok::Newline => {
                    self.take()?;
                }
                Tok::Eof => return Ok(None),
                _ => break,
            }
        }
        let mut list = List::default();
        loop {
            let and_or = self.parse_and_or()?;
            let mut item = ListItem { and_or, background: false };
            match self.peek()? {
                Tok::Op(Op::Semi) => {
                    self.take()?;
                }
                Tok::Op(Op::Amp) => {
                    self.take()?;
                    item.background = true;
                }
                Tok::Newline => {
                    self.take()?;
                    list.items.push(item);
                    break;
                }
                Tok::Eof => {
                    list.items.push(item);
                    break;
                }
                _ => return Err(self.unexpected()),
            }
            list.items.push(item);
            match self.peek()? {
                Tok::Newline => {
                    self.take()?;
                    break;
                }
                Tok::Eof => break,
                _ => {}
            }
        }
        Ok(Some(list))
    }

    // ---- errors ----

    fn err(&self, msg: impl Into<String>) -> ParseError {
        ParseError { msg: msg.into(), line: self.line, eof: false, context: None }
    }

    fn eof_err(&self, msg: impl Into<String>) -> ParseError {
        ParseError { msg: msg.into(), line: self.line, eof: true, context: None }
    }

    fn unexpected_eof(&self) -> ParseError {
        self.eof_err("syntax error: unexpected end of file")
    }

    /// The input ended inside a quoted token that started on line `start`, which bash names.
    fn unterminated(&self, closer: &str, start: u32) -> ParseError {
        let mut e = self.eof_err(format!("unexpected EOF while looking for matching `{closer}'"));
        e.line = start;
        e
    }

    /// `syntax error near unexpected token `TOKEN'`, with the source line around `at`.
    fn near(&self, token: &[u8], at: usize) -> ParseError {
        let at = at.min(self.src.len());
        let start = self.src[..at].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        let end = self.src[at..].iter().position(|&c| c == b'\n').map_or(self.src.len(), |i| at + i);
        // The line of `at`: the lexer may have counted newlines past it.
        let line = self.line - self.src[at..self.pos.max(at)].iter().filter(|&&c| c == b'\n').count() as u32;
        ParseError {
            msg: format!("syntax error near unexpected token `{}'", String::from_utf8_lossy(token)),
            line,
            eof: false,
            context: Some(self.src[start..end].to_vec()),
        }
    }

    /// `syntax error near unexpected token` for the peeked token.
    fn unexpected(&mut self) -> ParseError {
        let tok = match self.peek() {
            Ok(t) => t,
            Err(e) => return e,
        };
        let at = self.offset();
        match tok {
            Tok::Eof => self.unexpected_eof(),
            Tok::Newline => self.near(b"newline", at),
            Tok::Op(op) => self.near(op.text().as_bytes(), at),
            Tok::IoNumber(n) => self.near(n.to_string().as_bytes(), at),
            Tok::Word(w) => self.near(&crate::unparse::word(&w), at),
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("syntax error: nesting too deep"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- bytes ----

    fn cur(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn at(&self, off: usize) -> Option<u8> {
        self.src.get(self.pos + off).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.cur()?;
        self.pos += 1;
        if c == b'\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.src[self.pos.min(self.src.len())..].starts_with(s)
    }

    /// Skips blanks and line continuations (not comments).
    fn skip_blanks(&mut self) {
        loop {
            match self.cur() {
                Some(b' ' | b'\t' | b'\r') => {
                    self.pos += 1;
                }
                Some(b'\\') if self.at(1) == Some(b'\n') => {
                    self.bump();
                    self.bump();
                }
                _ => break,
            }
        }
    }

    // ---- tokens ----

    fn peek(&mut self) -> PResult<Tok> {
        if self.peeked.is_none() {
            let (tok, start, assign) = self.lex()?;
            self.peeked = Some(Peeked { tok, start, assign });
        }
        Ok(self.peeked.as_ref().map(|p| p.tok.clone()).unwrap_or(Tok::Eof))
    }

    fn take(&mut self) -> PResult<Tok> {
        self.peek()?;
        Ok(self.peeked.take().map(|p| p.tok).unwrap_or(Tok::Eof))
    }

    fn peek_is_op(&mut self, op: Op) -> PResult<bool> {
        Ok(self.peek()? == Tok::Op(op))
    }

    /// Whether the peeked token is the unquoted word `w`.
    fn peek_is_word(&mut self, w: &[u8]) -> PResult<bool> {
        Ok(matches!(self.peek()?, Tok::Word(ref x) if x.as_lit() == Some(w)))
    }

    fn expect_word(&mut self, w: &[u8]) -> PResult<()> {
        if self.peek_is_word(w)? {
            self.take()?;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn skip_newlines(&mut self) -> PResult<()> {
        while self.peek()? == Tok::Newline {
            self.take()?;
        }
        Ok(())
    }

    /// Reads one token; returns it with its start offset and, for a `NAME[subscript]=value`
    /// word, the assignment it stands for.
    fn lex(&mut self) -> PResult<(Tok, usize, Option<Assign>)> {
        loop {
            self.skip_blanks();
            let start = self.pos;
            let Some(c) = self.cur() else {
                if !self.heredocs.is_empty() {
                    self.read_heredocs()?;
                }
                return Ok((Tok::Eof, start, None));
            };
            if c == b'#' {
                while let Some(c) = self.cur() {
                    if c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
                continue;
            }
            if c == b'\n' {
                self.bump();
                if !self.heredocs.is_empty() {
                    self.read_heredocs()?;
                }
                return Ok((Tok::Newline, start, None));
            }
            if self.dbracket && (c == b'<' || c == b'>') {
                self.pos += 1;
                return Ok((Tok::Word(Word::lit(&[c])), start, None));
            }
            if self.at_process_subst() {
                let w = self.lex_word()?;
                return Ok((Tok::Word(w), start, None));
            }
            if let Some(op) = self.lex_op() {
                return Ok((Tok::Op(op), start, None));
            }
            if c.is_ascii_digit() {
                let mut end = self.pos;
                while self.src.get(end).is_some_and(u8::is_ascii_digit) {
                    end += 1;
                }
                if matches!(self.src.get(end), Some(b'<' | b'>')) && !self.dbracket {
                    let n = std::str::from_utf8(&self.src[self.pos..end]).ok().and_then(|s| s.parse::<u32>().ok());
                    if let Some(n) = n {
                        self.pos = end;
                        return Ok((Tok::IoNumber(n), start, None));
                    }
                }
            }
            let (w, assign) = self.lex_word_assign()?;
            return Ok((Tok::Word(w), start, assign));
        }
    }

    /// At `<(` or `>(`: a process substitution (not in `[[ ]]`, where `<` compares).
    fn at_process_subst(&self) -> bool {
        matches!(self.cur(), Some(b'<' | b'>')) && self.at(1) == Some(b'(') && !self.dbracket
    }

    fn lex_op(&mut self) -> Option<Op> {
        const OPS: &[(&[u8], Op)] = &[
            (b";;&", Op::DSemiAmp),
            (b";;", Op::DSemi),
            (b";&", Op::SemiAmp),
            (b";", Op::Semi),
            (b"&&", Op::AndAnd),
            (b"&>>", Op::AndDGreat),
            (b"&>", Op::AndGreat),
            (b"&", Op::Amp),
            (b"||", Op::OrOr),
            (b"|&", Op::PipeAmp),
            (b"|", Op::Pipe),
            (b"<<<", Op::TLess),
            (b"<<-", Op::DLessDash),
            (b"<<", Op::DLess),
            (b"<&", Op::LessAnd),
            (b"<>", Op::LessGreat),
            (b"<", Op::Less),
            (b">>", Op::DGreat),
            (b">&", Op::GreatAnd),
            (b">|", Op::Clobber),
            (b">", Op::Great),
            (b"(", Op::LParen),
            (b")", Op::RParen),
        ];
        let c = self.cur()?;
        if !matches!(c, b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')') {
            return None;
        }
        for (text, op) in OPS {
            if self.starts_with(text) {
                self.pos += text.len();
                return Some(*op);
            }
        }
        None
    }

    // ---- words ----

    /// Reads an ordinary word (the current byte is not a metacharacter).
    fn lex_word(&mut self) -> PResult<Word> {
        Ok(self.lex_word_assign()?.0)
    }

    /// Reads an ordinary word; with the assignment it stands for in a command's assignment
    /// position when it is `NAME[subscript]=value` or `NAME[subscript]+=value`. Elsewhere
    /// such a word is one word, the subscript expanded in it (`echo a[$i]=1`, as bash).
    fn lex_word_assign(&mut self) -> PResult<(Word, Option<Assign>)> {
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let subscripted = self.lex_subscript(&mut parts)?;
        if let Some((.., op)) = subscripted {
            lit.extend_from_slice(op);
        }
        loop {
            let Some(c) = self.cur() else { break };
            if c == b'(' && parts.is_empty() && is_assign_prefix(&lit) {
                // NAME=( ... ): an array literal.
                self.bump();
                let words = self.lex_array_words()?;
                parts.push(WordPart::Lit(std::mem::take(&mut lit)));
                parts.push(WordPart::ArrayLit(words));
                break;
            }
            if self.at_process_subst() {
                let output = c == b'>';
                self.pos += 2;
                flush(&mut lit, &mut parts);
                let list = self.read_cmdsub()?;
                parts.push(WordPart::ProcSub(output, Rc::new(list)));
                continue;
            }
            if is_meta(c) {
                break;
            }
            match c {
                b'\\' => {
                    self.bump();
                    match self.cur() {
                        Some(b'\n') => {
                            self.bump();
                        }
                        None => lit.push(b'\\'),
                        Some(n) => {
                            self.bump();
                            flush(&mut lit, &mut parts);
                            push_quoted(&mut parts, &[n]);
                        }
                    }
                }
                b'\'' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let s = self.read_single_quoted()?;
                    parts.push(WordPart::Quoted(s));
                }
                b'"' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let inner = self.read_dquoted()?;
                    parts.push(WordPart::DQuoted(inner));
                }
                b'$' => {
                    if let Some(p) = self.lex_dollar(Ctx::Unquoted)? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push(b'$');
                    }
                }
                b'`' => {
                    flush(&mut lit, &mut parts);
                    let p = self.read_backquote(false)?;
                    parts.push(p);
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        flush(&mut lit, &mut parts);
        let assign = subscripted.map(|(name, index, at, op)| {
            let mut value = parts[at..].to_vec();
            if let Some(WordPart::Lit(first)) = value.first_mut() {
                first.drain(..op.len());
                if first.is_empty() {
                    value.remove(0);
                }
            }
            Assign { name, index: Some(index), append: op.len() == 3, value: AssignValue::Scalar(Word { parts: value }) }
        });
        Ok((Word { parts }, assign))
    }

    /// At a word starting `NAME[subscript]=` or `NAME[subscript]+=`: reads it through the
    /// operator's `=` into `parts` (`NAME[`, then the subscript's parts, its blanks and operators
    /// quoted as the literal text they are there); returns the name, the subscript's word, where
    /// the value starts in `parts`, and the operator's text (`]=` or `]+=`) that starts it.
    fn lex_subscript(&mut self, parts: &mut Vec<WordPart>) -> PResult<Option<(Vec<u8>, Word, usize, &'static [u8])>> {
        if !self.cur().is_some_and(is_name_start) {
            return Ok(None);
        }
        let open = self.pos + self.src[self.pos..].iter().take_while(|&&c| is_name_char(c)).count();
        if self.src.get(open) != Some(&b'[') {
            return Ok(None);
        }
        let Some(close) = subscript_end(&self.src, open) else { return Ok(None) };
        let after = &self.src[close + 1..];
        let op: &'static [u8] = if after.starts_with(b"=") {
            b"]="
        } else if after.starts_with(b"+=") {
            b"]+="
        } else {
            return Ok(None);
        };
        let Some(index) = self.subscript_word(open + 1, close)? else { return Ok(None) };
        let name = self.src[self.pos..open].to_vec();
        parts.push(WordPart::Lit([&name[..], b"["].concat()));
        for p in &index.parts {
            match p {
                WordPart::Lit(text) => {
                    for run in text.chunk_by(|a, b| is_meta(*a) == is_meta(*b)) {
                        if is_meta(run[0]) {
                            push_quoted(parts, run);
                        } else {
                            parts.push(WordPart::Lit(run.to_vec()));
                        }
                    }
                }
                other => parts.push(other.clone()),
            }
        }
        self.pos = close + op.len();
        Ok(Some((name, index, parts.len(), op)))
    }

    /// The word of the subscript between `open` and `close` (exclusive): read like the word
    /// of `${x-word}`, its quotes removed and its expansions kept. `None` if it starts a
    /// here-document (whose body, on the lines below, no one-line subscript can hold): the
    /// word is read as a plain one then.
    fn subscript_word(&mut self, open: usize, close: usize) -> PResult<Option<Word>> {
        let text = self.src[open..close].to_vec();
        let mut sub = Parser::new(text, self.line);
        sub.depth = self.depth;
        sub.enter()?;
        let word = sub.read_param_word(b"", Ctx::ParamWord { in_dq: false }, false, false)?;
        if !sub.heredocs.is_empty() {
            return Ok(None);
        }
        self.warnings.append(&mut sub.warnings);
        // Newlines quoted in it are lines of the source.
        self.line += self.src[open..close].iter().filter(|&&c| c == b'\n').count() as u32;
        Ok(Some(word))
    }

    /// The words of `( ... )` after `NAME=` (the `(` consumed).
    fn lex_array_words(&mut self) -> PResult<Vec<Word>> {
        let mut words = Vec::new();
        loop {
            self.skip_blanks();
            match self.cur() {
                None => return Err(self.unexpected_eof()),
                Some(b')') => {
                    self.bump();
                    return Ok(words);
                }
                Some(b'\n') => {
                    self.bump();
                }
                Some(b'#') => {
                    while self.cur().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                Some(c) if is_meta(c) => {
                    return Err(self.near(&[c], self.pos));
                }
                Some(_) => words.push(self.lex_word()?),
            }
        }
    }

    /// Reads to the closing `'` (the opening one consumed).
    fn read_single_quoted(&mut self) -> PResult<Vec<u8>> {
        let mut s = Vec::new();
        let start = self.line;
        loop {
            match self.bump() {
                None => return Err(self.unterminated("'", start)),
                Some(b'\'') => return Ok(s),
                Some(c) => s.push(c),
            }
        }
    }

    /// Reads the parts of `"..."` (the opening quote consumed).
    fn read_dquoted(&mut self) -> PResult<Vec<WordPart>> {
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let start = self.line;
        loop {
            let Some(c) = self.cur() else {
                return Err(self.unterminated("\"", start));
            };
            match c {
                b'"' => {
                    self.bump();
                    break;
                }
                b'\\' => {
                    self.bump();
                    match self.cur() {
                        Some(b'\n') => {
                            self.bump();
                        }
                        Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                            self.bump();
                            lit.push(n);
                        }
                        _ => lit.push(b'\\'),
                    }
                }
                b'$' => {
                    if let Some(p) = self.lex_dollar(Ctx::DQuote)? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push(b'$');
                    }
                }
                b'`' => {
                    flush(&mut lit, &mut parts);
                    let p = self.read_backquote(true)?;
                    parts.push(p);
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        flush(&mut lit, &mut parts);
        Ok(parts)
    }

    /// At a `$`: reads the expansion it starts, or returns `None` (the `$` consumed) when it
    /// is a literal dollar sign.
    fn lex_dollar(&mut self, ctx: Ctx) -> PResult<Option<WordPart>> {
        let next = self.at(1);
        match next {
            Some(b'{') => {
                self.pos += 2;
                self.enter()?;
                let p = self.read_braced_param(ctx);
                self.leave();
                Ok(Some(WordPart::Param(Box::new(p?))))
            }
            Some(b'(') => {
                if self.at(2) == Some(b'(') && self.arith_ahead(self.pos + 3) {
                    self.pos += 3;
                    let w = self.read_arith_body()?;
                    Ok(Some(WordPart::Arith(Box::new(w))))
                } else {
                    self.pos += 2;
                    let list = self.read_cmdsub()?;
                    Ok(Some(WordPart::CmdSub(Rc::new(list))))
                }
            }
            Some(b'\'') if ctx == Ctx::Unquoted || ctx == Ctx::ParamWord { in_dq: false } => {
                self.pos += 2;
                let s = self.read_ansi_c()?;
                Ok(Some(WordPart::Quoted(s)))
            }
            Some(b'"') if ctx == Ctx::Unquoted || ctx == Ctx::ParamWord { in_dq: false } => {
                self.pos += 2;
                let inner = self.read_dquoted()?;
                Ok(Some(WordPart::DQuoted(inner)))
            }
            Some(c) if is_name_start(c) => {
                self.pos += 1;
                let start = self.pos;
                while self.cur().is_some_and(is_name_char) {
                    self.pos += 1;
                }
                let name = self.src[start..self.pos].to_vec();
                Ok(Some(param_part(Param::Var(name), ParamOp::Plain)))
            }
            Some(c) if c.is_ascii_digit() => {
                self.pos += 2;
                let p = if c == b'0' { Param::Special(b'0') } else { Param::Positional((c - b'0') as usize) };
                Ok(Some(param_part(p, ParamOp::Plain)))
            }
            Some(c @ (b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!')) => {
                self.pos += 2;
                Ok(Some(param_part(Param::Special(c), ParamOp::Plain)))
            }
            _ => {
                self.pos += 1;
                Ok(None)
            }
        }
    }

    /// Whether `$((` / `((` starting its body at `from` is arithmetic (its parentheses close
    /// with `))`, or never close: bash then reports an unterminated arithmetic expression)
    /// rather than a command substitution or subshell starting with `(`.
    fn arith_ahead(&self, from: usize) -> bool {
        match arith_scan(&self.src, from).0 {
            Some(close) => self.src.get(close + 1) == Some(&b')'),
            None => true,
        }
    }

    /// Reads an arithmetic body up to the closing `))` (both consumed).
    fn read_arith_body(&mut self) -> PResult<Word> {
        self.enter()?;
        let r = self.read_arith_body_inner();
        self.leave();
        r
    }

    fn read_arith_body_inner(&mut self) -> PResult<Word> {
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let mut depth = 0usize;
        let start = self.line;
        loop {
            let Some(c) = self.cur() else {
                return Err(self.unterminated(")", start));
            };
            match c {
                b'(' => {
                    depth += 1;
                    self.bump();
                    lit.push(c);
                }
                b')' => {
                    if depth == 0 {
                        if self.at(1) == Some(b')') {
                            self.pos += 2;
                            break;
                        }
                        return Err(self.err("syntax error: missing `))'"));
                    }
                    depth -= 1;
                    self.bump();
                    lit.push(c);
                }
                b'\\' => {
                    self.bump();
                    match self.bump() {
                        Some(b'\n') => {}
                        Some(n) => lit.push(n),
                        None => lit.push(b'\\'),
                    }
                }
                b'\'' => {
                    self.bump();
                    let s = self.read_single_quoted()?;
                    lit.extend_from_slice(&s);
                }
                b'"' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let inner = self.read_dquoted()?;
                    parts.extend(inner);
                }
                b'$' => {
                    if let Some(p) = self.lex_dollar(Ctx::DQuote)? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push(b'$');
                    }
                }
                b'`' => {
                    flush(&mut lit, &mut parts);
                    let p = self.read_backquote(true)?;
                    parts.push(p);
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        flush(&mut lit, &mut parts);
        Ok(Word { parts })
    }

    /// Reads the program of `$(...)` (the `$(` consumed) through its `)`.
    fn read_cmdsub(&mut self) -> PResult<List> {
        self.enter()?;
        let saved_peek = self.peeked.take();
        let saved_db = std::mem::replace(&mut self.dbracket, false);
        // Here-documents pending outside are read after the line the substitution ends on, not
        // at a newline inside it (bash, dash); the substitution's own still unread ones follow
        // them.
        let outer_heredocs = std::mem::take(&mut self.heredocs);
        let r = self.read_cmdsub_inner();
        let inner_heredocs = std::mem::replace(&mut self.heredocs, outer_heredocs);
        self.heredocs.extend(inner_heredocs);
        self.dbracket = saved_db;
        self.peeked = saved_peek;
        self.leave();
        r
    }

    fn read_cmdsub_inner(&mut self) -> PResult<List> {
        let list = self.parse_compound_list()?;
        match self.peek()? {
            Tok::Op(Op::RParen) => {
                // Consume the `)` without reading a token after it.
                self.peeked = None;
                Ok(list)
            }
            Tok::Eof => Err(self.eof_err("unexpected EOF while looking for matching `)'")),
            _ => Err(self.unexpected()),
        }
    }

    /// Reads a backquoted command substitution (at the opening backquote).
    fn read_backquote(&mut self, in_dq: bool) -> PResult<WordPart> {
        self.bump();
        let mut raw = Vec::new();
        let line = self.line;
        loop {
            match self.bump() {
                None => return Err(self.unterminated("`", line)),
                Some(b'`') => break,
                Some(b'\\') => match self.cur() {
                    Some(n @ (b'$' | b'`' | b'\\')) => {
                        self.bump();
                        raw.push(n);
                    }
                    Some(b'"') if in_dq => {
                        self.bump();
                        raw.push(b'"');
                    }
                    _ => raw.push(b'\\'),
                },
                Some(c) => raw.push(c),
            }
        }
        self.enter()?;
        let mut sub = Parser::new(raw, line);
        sub.depth = self.depth;
        sub.aliases = self.aliases.clone();
        let mut list = List::default();
        let r = loop {
            match sub.parse_next() {
                Ok(Some(l)) => list.items.extend(l.items),
                Ok(None) => break Ok(()),
                Err(mut e) => {
                    e.eof = false;
                    break Err(e);
                }
            }
        };
        self.leave();
        r?;
        // A here-document the end of the backquoted text ended is warned about, as bash does.
        self.warnings.append(&mut sub.warnings);
        Ok(WordPart::CmdSub(Rc::new(list)))
    }

    /// `s` with its backslash escapes expanded as inside `$'...'` (`${x@E}`).
    pub fn expand_escapes(s: &[u8]) -> Vec<u8> {
        let mut src = Vec::with_capacity(s.len() + 1);
        let mut i = 0;
        while i < s.len() {
            match s[i] {
                b'\\' if i + 1 < s.len() => {
                    src.extend_from_slice(&s[i..i + 2]);
                    i += 2;
                    continue;
                }
                b'\'' => src.extend_from_slice(b"\\'"),
                c => src.push(c),
            }
            i += 1;
        }
        src.push(b'\'');
        Parser::new(src, 1).read_ansi_c().unwrap_or_default()
    }

    /// Reads `$'...'` (the `$'` consumed).
    fn read_ansi_c(&mut self) -> PResult<Vec<u8>> {
        let mut out = Vec::new();
        let start = self.line;
        loop {
            let Some(c) = self.bump() else {
                return Err(self.unterminated("'", start));
            };
            match c {
                b'\'' => return Ok(out),
                b'\\' => {
                    let Some(e) = self.bump() else { continue };
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'a' => out.push(7),
                        b'b' => out.push(8),
                        b'e' | b'E' => out.push(27),
                        b'f' => out.push(12),
                        b'v' => out.push(11),
                        b'\\' | b'\'' | b'"' | b'?' => out.push(e),
                        b'c' => {
                            if let Some(x) = self.bump() {
                                out.push(x.to_ascii_uppercase() ^ 0x40);
                            }
                        }
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.cur() {
                                    Some(d @ b'0'..=b'7') => {
                                        self.bump();
                                        v = v * 8 + (d - b'0') as u32;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'x' => {
                            let v = self.hex_digits(2);
                            match v {
                                Some(v) => out.push(v as u8),
                                None => out.extend_from_slice(b"\\x"),
                            }
                        }
                        b'u' | b'U' => {
                            let n = if e == b'u' { 4 } else { 8 };
                            match self.hex_digits(n).and_then(char::from_u32) {
                                Some(ch) => {
                                    let mut b = [0; 4];
                                    out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                                }
                                None => {
                                    out.push(b'\\');
                                    out.push(e);
                                }
                            }
                        }
                        _ => {
                            out.push(b'\\');
                            out.push(e);
                        }
                    }
                }
                _ => out.push(c),
            }
        }
    }

    fn hex_digits(&mut self, max: usize) -> Option<u32> {
        let mut v = 0u32;
        let mut n = 0;
        while n < max {
            match self.cur().and_then(|c| (c as char).to_digit(16)) {
                Some(d) => {
                    self.bump();
                    v = v * 16 + d;
                    n += 1;
                }
                None => break,
            }
        }
        (n > 0).then_some(v)
    }

    /// Reads `${...}` (the `${` consumed).
    fn read_braced_param(&mut self, ctx: Ctx) -> PResult<ParamExp> {
        let in_dq = matches!(ctx, Ctx::DQuote | Ctx::HereDoc | Ctx::ParamWord { in_dq: true });
        let bad = |p: &Parser| p.err("bad substitution");
        // ${#...}: length, unless it is ${#} or ${#op...}.
        if self.cur() == Some(b'#') {
            match self.at(1) {
                Some(b'}') => {
                    self.pos += 2;
                    return Ok(ParamExp { param: Param::Special(b'#'), indirect: false, op: ParamOp::Plain });
                }
                Some(c) if is_name_start(c) || c.is_ascii_digit() || matches!(c, b'@' | b'*' | b'?' | b'$' | b'!') => {
                    self.pos += 1;
                    let param = self.read_param_name()?.ok_or_else(|| bad(self))?;
                    if self.bump() != Some(b'}') {
                        return Err(bad(self));
                    }
                    return Ok(ParamExp { param, indirect: false, op: ParamOp::Length });
                }
                Some(b'-') if self.at(2) == Some(b'}') => {
                    self.pos += 3;
                    return Ok(ParamExp { param: Param::Special(b'-'), indirect: false, op: ParamOp::Length });
                }
                _ => {}
            }
        }
        let mut indirect = false;
        if self.cur() == Some(b'!') && self.at(1).is_some_and(|c| is_name_start(c) || c.is_ascii_digit() || c == b'@')
        {
            self.pos += 1;
            indirect = true;
        }
        let param = self.read_param_name()?.ok_or_else(|| bad(self))?;
        if indirect {
            if let Param::Var(_) = param {
                if matches!(self.cur(), Some(b'*' | b'@')) && self.at(1) == Some(b'}') {
                    let star = self.cur() == Some(b'*');
                    self.pos += 2;
                    return Ok(ParamExp { param, indirect: false, op: ParamOp::Names(star) });
                }
            }
            if let Param::Index(_, ref idx) = param {
                if let Some(i @ (b"@" | b"*")) = idx.as_lit() {
                    let star = i == b"*";
                    if self.cur() == Some(b'}') {
                        self.pos += 1;
                        return Ok(ParamExp { param, indirect: false, op: ParamOp::Keys(star) });
                    }
                }
            }
        }
        let Some(c) = self.bump() else { return Err(self.eof_err("unexpected EOF while looking for matching `}'")) };
        let pw = Ctx::ParamWord { in_dq };
        let op = match c {
            b'}' => ParamOp::Plain,
            b':' => match self.cur() {
                Some(o @ (b'-' | b'=' | b'?' | b'+')) => {
                    self.bump();
                    let w = self.read_param_word(b"}", pw, in_dq, in_dq)?;
                    self.bump();
                    match o {
                        b'-' => ParamOp::Default(true, w),
                        b'=' => ParamOp::Assign(true, w),
                        b'?' => ParamOp::Error(true, w),
                        _ => ParamOp::Alt(true, w),
                    }
                }
                _ => {
                    let off = self.read_param_word(b":}", pw, false, false)?;
                    let len = if self.bump() == Some(b':') {
                        let l = self.read_param_word(b"}", pw, false, false)?;
                        self.bump();
                        Some(l)
                    } else {
                        None
                    };
                    ParamOp::Substring(off, len)
                }
            },
            b'-' | b'=' | b'?' | b'+' => {
                let w = self.read_param_word(b"}", pw, in_dq, in_dq)?;
                self.bump();
                match c {
                    b'-' => ParamOp::Default(false, w),
                    b'=' => ParamOp::Assign(false, w),
                    b'?' => ParamOp::Error(false, w),
                    _ => ParamOp::Alt(false, w),
                }
            }
            b'#' | b'%' => {
                let longest = self.cur() == Some(c);
                if longest {
                    self.bump();
                }
                let w = self.read_param_word(b"}", pw, false, false)?;
                self.bump();
                if c == b'#' {
                    ParamOp::TrimPrefix(longest, w)
                } else {
                    ParamOp::TrimSuffix(longest, w)
                }
            }
            b'/' => {
                let kind = match self.cur() {
                    Some(b'/') => {
                        self.bump();
                        ReplaceKind::All
                    }
                    Some(b'#') => {
                        self.bump();
                        ReplaceKind::Prefix
                    }
                    Some(b'%') => {
                        self.bump();
                        ReplaceKind::Suffix
                    }
                    _ => ReplaceKind::First,
                };
                let pat = self.read_param_word(b"/}", pw, false, false)?;
                let rep = if self.bump() == Some(b'/') {
                    let r = self.read_param_word_as(b"}", pw, false, false, true)?;
                    self.bump();
                    r
                } else {
                    Word::default()
                };
                ParamOp::Replace(kind, pat, rep)
            }
            b'^' | b',' | b'~' => {
                let all = self.cur() == Some(c);
                if all {
                    self.bump();
                }
                let pat = self.read_param_word(b"}", pw, false, false)?;
                self.bump();
                let m = match (c, all) {
                    (b'^', false) => CaseMod::UpperFirst,
                    (b'^', true) => CaseMod::UpperAll,
                    (b'~', false) => CaseMod::ToggleFirst,
                    (b'~', true) => CaseMod::ToggleAll,
                    (_, false) => CaseMod::LowerFirst,
                    (_, true) => CaseMod::LowerAll,
                };
                ParamOp::Case(m, pat)
            }
            b'@' => match (self.cur(), self.at(1)) {
                (Some(t @ (b'Q' | b'E' | b'U' | b'u' | b'L')), Some(b'}')) => {
                    self.pos += 2;
                    ParamOp::Transform(t)
                }
                _ => return Err(bad(self)),
            },
            _ => return Err(bad(self)),
        };
        Ok(ParamExp { param, indirect, op })
    }

    /// Reads a parameter name inside `${`: a variable (optionally subscripted), a positional
    /// number, or a special parameter.
    fn read_param_name(&mut self) -> PResult<Option<Param>> {
        let Some(c) = self.cur() else { return Ok(None) };
        if is_name_start(c) {
            let start = self.pos;
            while self.cur().is_some_and(is_name_char) {
                self.pos += 1;
            }
            let name = self.src[start..self.pos].to_vec();
            if self.cur() == Some(b'[') {
                self.bump();
                let idx = self.read_param_word(b"]", Ctx::ParamWord { in_dq: false }, false, false)?;
                if self.bump() != Some(b']') {
                    return Err(self.eof_err("unexpected EOF while looking for matching `]'"));
                }
                return Ok(Some(Param::Index(name, Box::new(idx))));
            }
            return Ok(Some(Param::Var(name)));
        }
        if c.is_ascii_digit() {
            let start = self.pos;
            while self.cur().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
            let text = &self.src[start..self.pos];
            if text == b"0" {
                return Ok(Some(Param::Special(b'0')));
            }
            let n = std::str::from_utf8(text).ok().and_then(|s| s.parse::<usize>().ok()).unwrap_or(usize::MAX);
            return Ok(Some(Param::Positional(n)));
        }
        if matches!(c, b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!') {
            self.pos += 1;
            return Ok(Some(Param::Special(c)));
        }
        Ok(None)
    }

    /// Reads a word inside `${...}` up to (not consuming) the first unquoted byte of `stops`.
    /// `sq_literal`: single quotes are ordinary characters (the `-=?+` words of an expansion
    /// inside double quotes).
    fn read_param_word(&mut self, stops: &[u8], ctx: Ctx, sq_literal: bool, quote_lits: bool) -> PResult<Word> {
        self.read_param_word_as(stops, ctx, sq_literal, quote_lits, false)
    }

    /// [`Parser::read_param_word`]; `replacement`: the replacement of `${x/p/r}`, where a
    /// backslash quotes any character even inside double quotes, and the text is not quoted
    /// as a whole (an unquoted `&` there stands for the match).
    fn read_param_word_as(
        &mut self,
        stops: &[u8],
        ctx: Ctx,
        sq_literal: bool,
        quote_lits: bool,
        replacement: bool,
    ) -> PResult<Word> {
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let in_dq = matches!(ctx, Ctx::ParamWord { in_dq: true });
        loop {
            let Some(c) = self.cur() else {
                if stops.is_empty() {
                    break;
                }
                return Err(self.eof_err("unexpected EOF while looking for matching `}'"));
            };
            // Braces do not nest: the first unquoted `}` ends the expansion, as in bash and dash
            // (`${a-{x}y}` is `{x` then `y}`).
            if stops.contains(&c) {
                break;
            }
            match c {
                b'\\' => {
                    self.bump();
                    match self.cur() {
                        Some(b'\n') => {
                            self.bump();
                        }
                        Some(n) => {
                            self.bump();
                            if in_dq && !replacement && !matches!(n, b'$' | b'`' | b'"' | b'\\' | b'}') {
                                lit.push(b'\\');
                                lit.push(n);
                            } else {
                                flush(&mut lit, &mut parts);
                                push_quoted(&mut parts, &[n]);
                            }
                        }
                        None => lit.push(b'\\'),
                    }
                }
                b'\'' if !sq_literal && !in_dq => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let s = self.read_single_quoted()?;
                    parts.push(WordPart::Quoted(s));
                }
                b'\'' if !sq_literal && in_dq => {
                    // Inside "${x#'p'}" single quotes still quote (bash).
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let s = self.read_single_quoted()?;
                    parts.push(WordPart::Quoted(s));
                }
                b'"' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let inner = self.read_dquoted()?;
                    parts.push(WordPart::DQuoted(inner));
                }
                b'$' => {
                    if let Some(p) = self.lex_dollar(ctx)? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push(b'$');
                    }
                }
                b'`' => {
                    flush(&mut lit, &mut parts);
                    let p = self.read_backquote(in_dq)?;
                    parts.push(p);
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        flush(&mut lit, &mut parts);
        if quote_lits {
            // Unquoted text inside a double-quoted expansion is quoted.
            parts = parts
                .into_iter()
                .map(|p| match p {
                    WordPart::Lit(s) => WordPart::Quoted(s),
                    other => match other {
                        WordPart::Param(_) | WordPart::CmdSub(_) | WordPart::Arith(_) => WordPart::DQuoted(vec![other]),
                        other => other,
                    },
                })
                .collect();
        }
        Ok(Word { parts })
    }

    // ---- here-documents ----

    /// Reads the bodies of the pending here-documents (at the start of the line after their
    /// operators).
    fn read_heredocs(&mut self) -> PResult<()> {
        let pending = std::mem::take(&mut self.heredocs);
        for (hd, op_line) in pending {
            let mut body = Vec::new();
            let body_line = self.line;
            loop {
                if self.pos >= self.src.len() {
                    if self.partial {
                        return Err(self.eof_err("here-document not terminated"));
                    }
                    // Bash names the line of the body's last line.
                    let line = if self.src.last() == Some(&b'\n') { self.line - 1 } else { self.line };
                    let delim = String::from_utf8_lossy(&hd.delim);
                    self.warnings.push((
                        line,
                        format!("here-document at line {op_line} delimited by end-of-file (wanted `{delim}')"),
                    ));
                    break;
                }
                let start = self.pos;
                let end = self.src[start..].iter().position(|&c| c == b'\n').map_or(self.src.len(), |i| start + i);
                let mut line = &self.src[start..end];
                if hd.strip_tabs {
                    while let [b'\t', rest @ ..] = line {
                        line = rest;
                    }
                }
                let done = line == hd.delim.as_slice();
                if !done {
                    body.extend_from_slice(line);
                    body.push(b'\n');
                }
                self.pos = (end + 1).min(self.src.len());
                if end < self.src.len() {
                    self.line += 1;
                }
                if done {
                    break;
                }
            }
            let word = if hd.quoted {
                Word { parts: if body.is_empty() { vec![] } else { vec![WordPart::Quoted(body)] } }
            } else {
                let mut sub = Parser::new(body, body_line);
                sub.depth = self.depth;
                let word = sub.read_heredoc_parts().map_err(|mut e| {
                    e.eof = false;
                    e
                })?;
                self.warnings.append(&mut sub.warnings);
                word
            };
            let _ = hd.body.set(word);
        }
        Ok(())
    }

    /// Parses an unquoted here-document body (the whole source of this parser).
    fn read_heredoc_parts(&mut self) -> PResult<Word> {
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        while let Some(c) = self.cur() {
            match c {
                b'\\' => {
                    self.bump();
                    match self.cur() {
                        Some(b'\n') => {
                            self.bump();
                        }
                        Some(n @ (b'$' | b'`' | b'\\')) => {
                            self.bump();
                            lit.push(n);
                        }
                        _ => lit.push(b'\\'),
                    }
                }
                b'$' => {
                    if let Some(p) = self.lex_dollar(Ctx::HereDoc)? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push(b'$');
                    }
                }
                b'`' => {
                    flush(&mut lit, &mut parts);
                    let p = self.read_backquote(false)?;
                    parts.push(p);
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        flush(&mut lit, &mut parts);
        // The body is quoted text: no globbing or splitting.
        Ok(Word { parts: vec![WordPart::DQuoted(parts)] })
    }

    // ---- grammar ----

    /// Whether the peeked token ends a compound list.
    fn at_list_end(&mut self) -> PResult<bool> {
        Ok(match self.peek()? {
            Tok::Eof => true,
            Tok::Op(Op::RParen | Op::DSemi | Op::SemiAmp | Op::DSemiAmp) => true,
            Tok::Word(w) => w.as_lit().is_some_and(|l| RESERVED_TERMINATORS.contains(&l)),
            _ => false,
        })
    }

    /// A list of and-ors separated by `;`, `&` or newlines, up to a terminator (which is not
    /// consumed). May be empty.
    fn parse_compound_list(&mut self) -> PResult<List> {
        let mut list = List::default();
        self.skip_newlines()?;
        loop {
            if self.at_list_end()? {
                break;
            }
            let and_or = self.parse_and_or()?;
            let mut item = ListItem { and_or, background: false };
            let more = match self.peek()? {
                Tok::Op(Op::Semi) => {
                    self.take()?;
                    true
                }
                Tok::Op(Op::Amp) => {
                    self.take()?;
                    item.background = true;
                    true
                }
                Tok::Newline => {
                    self.take()?;
                    true
                }
                _ => false,
            };
            list.items.push(item);
            self.skip_newlines()?;
            if !more {
                break;
            }
        }
        Ok(list)
    }

    /// A compound list that must not be empty.
    fn parse_body(&mut self) -> PResult<List> {
        let list = self.parse_compound_list()?;
        if list.items.is_empty() {
            return Err(self.unexpected());
        }
        Ok(list)
    }

    fn parse_and_or(&mut self) -> PResult<AndOr> {
        let first = self.parse_pipeline()?;
        let mut rest = Vec::new();
        loop {
            let op = match self.peek()? {
                Tok::Op(Op::AndAnd) => AndOrOp::And,
                Tok::Op(Op::OrOr) => AndOrOp::Or,
                _ => break,
            };
            self.take()?;
            self.skip_newlines()?;
            rest.push((op, self.parse_pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn parse_pipeline(&mut self) -> PResult<Pipeline> {
        let mut bang = false;
        loop {
            if self.peek_is_word(b"!")? {
                self.take()?;
                bang = !bang;
            } else if self.peek_is_word(b"time")? {
                self.take()?;
                if self.peek_is_word(b"-p")? {
                    self.take()?;
                }
            } else {
                break;
            }
        }
        let mut commands = vec![self.parse_command()?];
        loop {
            let both = match self.peek()? {
                Tok::Op(Op::Pipe) => false,
                Tok::Op(Op::PipeAmp) => true,
                _ => break,
            };
            self.take()?;
            if both {
                let r = Redirect { fd: Some(2), op: RedirOp::DupOut, target: RedirTarget::Word(Word::lit(b"1")) };
                if let Some(last) = commands.last_mut() {
                    match last {
                        Command::Simple(s) => s.redirects.push(r),
                        Command::Compound(_, rs) => rs.push(r),
                        Command::FunctionDef(_) => {}
                    }
                }
            }
            self.skip_newlines()?;
            commands.push(self.parse_command()?);
        }
        Ok(Pipeline { bang, commands })
    }

    fn parse_command(&mut self) -> PResult<Command> {
        self.maybe_expand_alias()?;
        let tok = self.peek()?;
        match tok {
            Tok::Word(ref w) => {
                if let Some(l) = w.as_lit() {
                    let compound = match l {
                        b"{" | b"if" | b"for" | b"while" | b"until" | b"case" | b"[[" => true,
                        b"function" => {
                            self.take()?;
                            return self.parse_function_keyword();
                        }
                        b"}" | b"then" | b"else" | b"elif" | b"fi" | b"do" | b"done" | b"esac" | b"]]" => {
                            return Err(self.unexpected());
                        }
                        _ => false,
                    };
                    if compound {
                        self.enter()?;
                        let c = self.parse_compound();
                        self.leave();
                        let c = c?;
                        let redirects = self.parse_trailing_redirects()?;
                        return Ok(Command::Compound(Box::new(c), redirects));
                    }
                }
                self.parse_simple()
            }
            Tok::Op(Op::LParen) => {
                self.enter()?;
                let c = self.parse_paren_command();
                self.leave();
                let c = c?;
                let redirects = self.parse_trailing_redirects()?;
                Ok(Command::Compound(Box::new(c), redirects))
            }
            Tok::IoNumber(_) => self.parse_simple(),
            Tok::Op(op) if op.redir().is_some() => self.parse_simple(),
            _ => Err(self.unexpected()),
        }
    }

    /// Expands an alias at the peeked word (command position).
    fn maybe_expand_alias(&mut self) -> PResult<()> {
        let Some(aliases) = self.aliases.clone() else { return Ok(()) };
        loop {
            let tok = self.peek()?;
            let Tok::Word(w) = tok else { return Ok(()) };
            let Some(name) = w.as_lit() else { return Ok(()) };
            let Some(value) = aliases.get(name) else { return Ok(()) };
            let Some(start) = self.peeked.as_ref().map(|p| p.start) else { return Ok(()) };
            self.alias_active.retain(|(_, end)| *end > start);
            if self.alias_active.iter().any(|(n, _)| n == name) {
                return Ok(());
            }
            let name = name.to_vec();
            let end = self.pos;
            let mut src = Vec::with_capacity(self.src.len() + value.len());
            src.extend_from_slice(&self.src[..start]);
            src.extend_from_slice(value);
            src.extend_from_slice(&self.src[end..]);
            let delta = value.len() as isize - (end - start) as isize;
            for (_, e) in self.alias_active.iter_mut() {
                *e = (*e as isize + delta) as usize;
            }
            self.alias_active.push((name, start + value.len()));
            self.src = src;
            self.pos = start;
            self.peeked = None;
            self.alias_next = value.last().is_some_and(|c| *c == b' ' || *c == b'\t');
        }
    }

    /// `(` at command start: a subshell, or `((` arithmetic.
    fn parse_paren_command(&mut self) -> PResult<CompoundCommand> {
        let start = self.peeked.as_ref().map_or(self.pos, |p| p.start);
        if self.src.get(start + 1) == Some(&b'(') && self.arith_ahead(start + 2) {
            self.peeked = None;
            self.pos = start + 2;
            let w = self.read_arith_body()?;
            return Ok(CompoundCommand::Arith(w));
        }
        self.take()?;
        let body = self.parse_body()?;
        if !self.peek_is_op(Op::RParen)? {
            return Err(self.unexpected());
        }
        self.take()?;
        Ok(CompoundCommand::Subshell(body))
    }

    fn parse_compound(&mut self) -> PResult<CompoundCommand> {
        let Tok::Word(w) = self.take()? else { return Err(self.err("syntax error")) };
        let kw = w.as_lit().unwrap_or_default().to_vec();
        match kw.as_slice() {
            b"{" => {
                let body = self.parse_body()?;
                self.expect_word(b"}")?;
                Ok(CompoundCommand::Brace(body))
            }
            b"if" => {
                let mut branches = Vec::new();
                let cond = self.parse_body()?;
                self.expect_word(b"then")?;
                let body = self.parse_body()?;
                branches.push((cond, body));
                let mut else_ = None;
                loop {
                    if self.peek_is_word(b"elif")? {
                        self.take()?;
                        let c = self.parse_body()?;
                        self.expect_word(b"then")?;
                        let b = self.parse_body()?;
                        branches.push((c, b));
                    } else if self.peek_is_word(b"else")? {
                        self.take()?;
                        else_ = Some(self.parse_body()?);
                        self.expect_word(b"fi")?;
                        break;
                    } else {
                        self.expect_word(b"fi")?;
                        break;
                    }
                }
                Ok(CompoundCommand::If { branches, else_ })
            }
            b"while" | b"until" => {
                let cond = self.parse_body()?;
                let body = self.parse_do_group()?;
                Ok(CompoundCommand::While { cond, body, until: kw == b"until" })
            }
            b"for" => self.parse_for(),
            b"case" => self.parse_case(),
            b"[[" => {
                self.dbracket = true;
                let r = self.parse_cond_or();
                let r = r.and_then(|e| {
                    if self.peek_is_word(b"]]")? {
                        self.peeked = None;
                        Ok(e)
                    } else {
                        Err(self.unexpected())
                    }
                });
                self.dbracket = false;
                Ok(CompoundCommand::Cond(r?))
            }
            _ => Err(self.err("syntax error")),
        }
    }

    /// `do list done` (or `{ list }`).
    fn parse_do_group(&mut self) -> PResult<List> {
        if self.peek_is_word(b"{")? {
            self.take()?;
            let body = self.parse_body()?;
            self.expect_word(b"}")?;
            return Ok(body);
        }
        self.expect_word(b"do")?;
        let body = self.parse_body()?;
        self.expect_word(b"done")?;
        Ok(body)
    }

    fn parse_for(&mut self) -> PResult<CompoundCommand> {
        // for (( init; cond; step ))
        self.skip_blanks();
        if self.peeked.is_none() && self.starts_with(b"((") {
            self.pos += 2;
            let body = self.read_arith_body()?;
            let (init, cond, step) = split_arith_for(body).ok_or_else(|| self.err("syntax error: bad for loop"))?;
            if self.peek_is_op(Op::Semi)? {
                self.take()?;
            }
            self.skip_newlines()?;
            let body = self.parse_do_group()?;
            return Ok(CompoundCommand::ArithFor { init, cond, step, body });
        }
        if !matches!(self.peek()?, Tok::Word(_)) {
            return Err(self.unexpected());
        }
        let var = match self.take()? {
            Tok::Word(w) => match w.as_lit() {
                Some(n) if is_name(n) => n.to_vec(),
                _ => {
                    let t = crate::unparse::word(&w);
                    return Err(self.err(format!("`{}': not a valid identifier", String::from_utf8_lossy(&t))));
                }
            },
            _ => unreachable!("peeked a word"),
        };
        self.skip_newlines()?;
        let mut words = None;
        if self.peek_is_word(b"in")? {
            self.take()?;
            let mut ws = Vec::new();
            loop {
                match self.peek()? {
                    Tok::Word(w) => {
                        self.take()?;
                        ws.push(w);
                    }
                    Tok::Op(Op::Semi) | Tok::Newline => {
                        self.take()?;
                        break;
                    }
                    _ => return Err(self.unexpected()),
                }
            }
            words = Some(ws);
        } else if self.peek_is_op(Op::Semi)? {
            self.take()?;
        }
        self.skip_newlines()?;
        let body = self.parse_do_group()?;
        Ok(CompoundCommand::For { var, words, body })
    }

    fn parse_case(&mut self) -> PResult<CompoundCommand> {
        if !matches!(self.peek()?, Tok::Word(_)) {
            return Err(self.unexpected());
        }
        let word = match self.take()? {
            Tok::Word(w) => w,
            _ => unreachable!("peeked a word"),
        };
        self.skip_newlines()?;
        self.expect_word(b"in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.peek_is_word(b"esac")? {
                self.take()?;
                break;
            }
            if self.peek_is_op(Op::LParen)? {
                self.take()?;
            }
            let mut patterns = Vec::new();
            loop {
                match self.take()? {
                    Tok::Word(w) => patterns.push(w),
                    Tok::Eof => return Err(self.unexpected_eof()),
                    _ => return Err(self.err("syntax error in case pattern")),
                }
                match self.peek()? {
                    Tok::Op(Op::Pipe) => {
                        self.take()?;
                    }
                    Tok::Op(Op::RParen) => {
                        self.take()?;
                        break;
                    }
                    _ => return Err(self.unexpected()),
                }
            }
            let body = self.parse_compound_list()?;
            let term = match self.peek()? {
                Tok::Op(Op::DSemi) => CaseTerm::Break,
                Tok::Op(Op::SemiAmp) => CaseTerm::FallThrough,
                Tok::Op(Op::DSemiAmp) => CaseTerm::Continue,
                Tok::Word(ref w) if w.as_lit() == Some(b"esac") => {
                    arms.push(CaseArm { patterns, body, term: CaseTerm::Break });
                    continue;
                }
                _ => return Err(self.unexpected()),
            };
            self.take()?;
            arms.push(CaseArm { patterns, body, term });
        }
        Ok(CompoundCommand::Case { word, arms })
    }

    /// `function name [()] compound-command`.
    fn parse_function_keyword(&mut self) -> PResult<Command> {
        let name = match self.take()? {
            Tok::Word(w) => w.static_text().ok_or_else(|| self.err("syntax error: bad function name"))?,
            _ => return Err(self.unexpected()),
        };
        if self.peek_is_op(Op::LParen)? {
            self.take()?;
            if !self.peek_is_op(Op::RParen)? {
                return Err(self.unexpected());
            }
            self.take()?;
        }
        self.parse_function_body(name)
    }

    fn parse_function_body(&mut self, name: Vec<u8>) -> PResult<Command> {
        self.skip_newlines()?;
        let body = match self.peek()? {
            Tok::Word(ref w) if matches!(w.as_lit(), Some(b"{" | b"if" | b"for" | b"while" | b"until" | b"case" | b"[[")) => {
                self.enter()?;
                let c = self.parse_compound();
                self.leave();
                c?
            }
            Tok::Op(Op::LParen) => {
                self.enter()?;
                let c = self.parse_paren_command();
                self.leave();
                c?
            }
            _ => return Err(self.unexpected()),
        };
        let redirects = self.parse_trailing_redirects()?;
        Ok(Command::FunctionDef(Rc::new(FunctionDef { name, body, redirects })))
    }

    /// Redirections after a compound command.
    fn parse_trailing_redirects(&mut self) -> PResult<Vec<Redirect>> {
        let mut rs = Vec::new();
        loop {
            match self.peek()? {
                Tok::IoNumber(n) => {
                    self.take()?;
                    rs.push(self.parse_redirect(Some(n))?);
                }
                Tok::Op(op) if op.redir().is_some() => rs.push(self.parse_redirect(None)?),
                _ => return Ok(rs),
            }
        }
    }

    /// A redirection; the peeked token is its operator (after any `IoNumber`).
    fn parse_redirect(&mut self, fd: Option<u32>) -> PResult<Redirect> {
        let Tok::Op(op) = self.take()? else { return Err(self.err("syntax error")) };
        let Some(rop) = op.redir() else { return Err(self.err("syntax error")) };
        let word = match self.peek()? {
            Tok::Word(w) => {
                self.take()?;
                w
            }
            _ => return Err(self.unexpected()),
        };
        if rop == RedirOp::HereDoc {
            let delim = match word.static_text() {
                Some(d) => d,
                None => crate::unparse::word(&word),
            };
            let hd = Rc::new(HereDoc {
                delim,
                quoted: word.has_quotes(),
                strip_tabs: op == Op::DLessDash,
                body: OnceCell::new(),
            });
            self.heredocs.push((hd.clone(), self.line));
            return Ok(Redirect { fd, op: rop, target: RedirTarget::HereDoc(hd) });
        }
        Ok(Redirect { fd, op: rop, target: RedirTarget::Word(word) })
    }

    fn parse_simple(&mut self) -> PResult<Command> {
        let mut cmd = SimpleCommand { line: self.line, ..Default::default() };
        loop {
            match self.peek()? {
                Tok::Word(w) => {
                    if cmd.words.is_empty() {
                        let subscripted = self.peeked.as_ref().and_then(|p| p.assign.clone());
                        if let Some(a) = subscripted.or_else(|| word_to_assign(&w)) {
                            self.take()?;
                            cmd.assigns.push(a);
                            continue;
                        }
                    }
                    self.take()?;
                    if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirects.is_empty() {
                        cmd.line = self.line;
                        if self.peek_is_op(Op::LParen)? {
                            // name ( ) body: a function definition.
                            let name = w.static_text().ok_or_else(|| self.err("syntax error: bad function name"))?;
                            self.take()?;
                            if !self.peek_is_op(Op::RParen)? {
                                return Err(self.unexpected());
                            }
                            self.take()?;
                            return self.parse_function_body(name);
                        }
                    }
                    cmd.words.push(w);
                    if self.alias_next {
                        self.alias_next = false;
                        self.maybe_expand_alias()?;
                    }
                }
                Tok::IoNumber(n) => {
                    self.take()?;
                    let r = self.parse_redirect(Some(n))?;
                    cmd.redirects.push(r);
                }
                Tok::Op(op) if op.redir().is_some() => {
                    let r = self.parse_redirect(None)?;
                    cmd.redirects.push(r);
                }
                _ => break,
            }
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirects.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Command::Simple(cmd))
    }

    // ---- [[ ]] ----

    fn parse_cond_or(&mut self) -> PResult<CondExpr> {
        let mut left = self.parse_cond_and()?;
        loop {
            self.skip_newlines()?;
            if !self.peek_is_op(Op::OrOr)? {
                return Ok(left);
            }
            self.take()?;
            self.skip_newlines()?;
            let right = self.parse_cond_and()?;
            left = CondExpr::Or(Box::new(left), Box::new(right));
        }
    }

    fn parse_cond_and(&mut self) -> PResult<CondExpr> {
        let mut left = self.parse_cond_not()?;
        loop {
            self.skip_newlines()?;
            if !self.peek_is_op(Op::AndAnd)? {
                return Ok(left);
            }
            self.take()?;
            self.skip_newlines()?;
            let right = self.parse_cond_not()?;
            left = CondExpr::And(Box::new(left), Box::new(right));
        }
    }

    fn parse_cond_not(&mut self) -> PResult<CondExpr> {
        self.skip_newlines()?;
        if self.peek_is_word(b"!")? {
            self.take()?;
            self.enter()?;
            let e = self.parse_cond_not();
            self.leave();
            return Ok(CondExpr::Not(Box::new(e?)));
        }
        self.parse_cond_primary()
    }

    fn parse_cond_primary(&mut self) -> PResult<CondExpr> {
        match self.peek()? {
            Tok::Op(Op::LParen) => {
                self.take()?;
                self.enter()?;
                let e = self.parse_cond_or();
                self.leave();
                let e = e?;
                if !self.peek_is_op(Op::RParen)? {
                    return Err(self.unexpected());
                }
                self.take()?;
                Ok(e)
            }
            Tok::Word(w) => {
                if w.as_lit() == Some(b"]]") {
                    return Err(self.unexpected());
                }
                self.take()?;
                if let Some(op) = w.as_lit().filter(|l| is_unary_test(l)) {
                    if let Tok::Word(arg) = self.peek()? {
                        if arg.as_lit() != Some(b"]]") {
                            self.take()?;
                            return Ok(CondExpr::Unary(op.to_vec(), arg));
                        }
                    }
                }
                if let Tok::Word(opw) = self.peek()? {
                    if let Some(op) = opw.as_lit().filter(|l| is_binary_test(l)) {
                        let op = op.to_vec();
                        self.take()?;
                        let right = if op == b"=~" {
                            self.lex_regex_word()?
                        } else {
                            match self.take()? {
                                Tok::Word(r) => r,
                                Tok::Eof => return Err(self.eof_err("unexpected EOF in conditional")),
                                _ => return Err(self.err("syntax error in conditional expression")),
                            }
                        };
                        return Ok(CondExpr::Binary(op, w, right));
                    }
                }
                Ok(CondExpr::Word(w))
            }
            Tok::Eof => Err(self.eof_err("unexpected EOF in conditional")),
            _ => Err(self.unexpected()),
        }
    }

    /// The right side of `=~`: up to a blank outside parentheses; `(`, `)` and `|` are part of
    /// it.
    fn lex_regex_word(&mut self) -> PResult<Word> {
        self.skip_blanks();
        let mut parts = Vec::new();
        let mut lit = Vec::new();
        let mut depth = 0usize;
        loop {
            let Some(c) = self.cur() else { break };
            match c {
                b' ' | b'\t' | b'\n' if depth == 0 => break,
                b'&' | b';' if depth == 0 => break,
                b'|' if depth == 0 && self.at(1) == Some(b'|') => break,
                b'(' => {
                    depth += 1;
                    self.bump();
                    lit.push(c);
                }
                b')' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    self.bump();
                    lit.push(c);
                }
                b'\\' => {
                    self.bump();
                    if let Some(n) = self.bump() {
                        flush(&mut lit, &mut parts);
                        push_quoted(&mut parts, &[n]);
                    }
                }
                b'\'' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let s = self.read_single_quoted()?;
                    parts.push(WordPart::Quoted(s));
                }
                b'"' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let inner = self.read_dquoted()?;
                    parts.push(WordPart::DQuoted(inner));
                }
                b'$' => {
                    if let Some(p) = self.lex_dollar(Ctx::Unquoted)? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push(b'$');
                    }
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        flush(&mut lit, &mut parts);
        if parts.is_empty() {
            return Err(self.err("syntax error in conditional expression"));
        }
        Ok(Word { parts })
    }
}

fn is_unary_test(op: &[u8]) -> bool {
    matches!(
        op,
        b"-a" | b"-b"
            | b"-c"
            | b"-d"
            | b"-e"
            | b"-f"
            | b"-g"
            | b"-h"
            | b"-k"
            | b"-p"
            | b"-r"
            | b"-s"
            | b"-t"
            | b"-u"
            | b"-w"
            | b"-x"
            | b"-G"
            | b"-L"
            | b"-N"
            | b"-O"
            | b"-S"
            | b"-z"
            | b"-n"
            | b"-v"
            | b"-o"
    )
}

fn is_binary_test(op: &[u8]) -> bool {
    matches!(
        op,
        b"=" | b"=="
            | b"!="
            | b"=~"
            | b"<"
            | b">"
            | b"-eq"
            | b"-ne"
            | b"-lt"
            | b"-le"
            | b"-gt"
            | b"-ge"
            | b"-nt"
            | b"-ot"
            | b"-ef"
    )
}

/// Whether `lit` is `NAME=` or `NAME+=`, before an array literal's `(`. Not `NAME[i]=`: an array
/// element holds no list (bash: "cannot assign list to array member").
fn is_assign_prefix(lit: &[u8]) -> bool {
    let Some(lhs) = lit.strip_suffix(b"=") else { return false };
    is_name(lhs.strip_suffix(b"+").unwrap_or(lhs))
}

/// The assignment a word stands for, if it is one (`NAME=...`, `NAME+=...`,
/// `NAME=(...)`; the lexer reads `NAME[i]=...` into the peeked token).
fn word_to_assign(w: &Word) -> Option<Assign> {
    let Some(WordPart::Lit(first)) = w.parts.first() else { return None };
    let Some(eq) = first.iter().position(|&c| c == b'=') else { return None };
    let mut name = &first[..eq];
    let append = name.last() == Some(&b'+');
    if append {
        name = &name[..name.len() - 1];
    }
    if !is_name(name) {
        return None;
    }
    let rest_lit = &first[eq + 1..];
    let mut parts = Vec::new();
    if !rest_lit.is_empty() {
        parts.push(WordPart::Lit(rest_lit.to_vec()));
    }
    parts.extend(w.parts[1..].iter().cloned());
    let value = match parts.as_slice() {
        [WordPart::ArrayLit(words)] => AssignValue::Array(words.clone()),
        _ => AssignValue::Scalar(Word { parts }),
    };
    Some(Assign { name: name.to_vec(), index: None, append, value })
}

fn flush(lit: &mut Vec<u8>, parts: &mut Vec<WordPart>) {
    if !lit.is_empty() {
        parts.push(WordPart::Lit(std::mem::take(lit)));
    }
}

/// Appends quoted text, merging with a preceding quoted part.
fn push_quoted(parts: &mut Vec<WordPart>, s: &[u8]) {
    if let Some(WordPart::Quoted(prev)) = parts.last_mut() {
        prev.extend_from_slice(s);
    } else {
        parts.push(WordPart::Quoted(s.to_vec()));
    }
}

fn param_part(param: Param, op: ParamOp) -> WordPart {
    WordPart::Param(Box::new(ParamExp { param, indirect: false, op }))
}

/// Splits the body of `for ((a; b; c))` at its two top-level `;`.
fn split_arith_for(w: Word) -> Option<(Word, Word, Word)> {
    let mut words = vec![Word::default()];
    for part in w.parts {
        match part {
            WordPart::Lit(s) => {
                let mut cur = Vec::new();
                for c in s {
                    if c == b';' {
                        if !cur.is_empty() {
                            words.last_mut()?.parts.push(WordPart::Lit(std::mem::take(&mut cur)));
                        }
                        words.push(Word::default());
                    } else {
                        cur.push(c);
                    }
                }
                if !cur.is_empty() {
                    words.last_mut()?.parts.push(WordPart::Lit(cur));
                }
            }
            other => words.last_mut()?.parts.push(other),
        }
    }
    if words.len() != 3 {
        return None;
    }
    let step = words.pop()?;
    let cond = words.pop()?;
    let init = words.pop()?;
    Some((init, cond, step))
}
