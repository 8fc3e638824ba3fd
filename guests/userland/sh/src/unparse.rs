//! Printing syntax trees back to shell source that parses to the same tree.
//!
//! This is how code reaches a subshell process (functions and the subshell's body travel as
//! text, compactly on one line), and how `type`, `set` and `declare -f` show functions (laid
//! out as bash's printer does: one command a line, indented by four). Here-document bodies
//! are written after the end of the list item holding their operator, with a delimiter that
//! does not occur in the body.

use std::rc::Rc;

use crate::ast::*;

/// Source of a list (the unit tests' and the sh_parser fuzz target's round trip).
#[allow(dead_code)]
pub fn list(l: &List) -> Vec<u8> {
    let mut p = Printer::default();
    p.list(l);
    p.finish()
}

/// Source of one command.
pub fn command(c: &Command) -> Vec<u8> {
    let mut p = Printer::default();
    p.command(c);
    p.finish()
}

/// Source of a list for a subshell process, and the source line of its first simple command:
/// the subshell parses the code as starting there, so that `$LINENO` and messages name the
/// script's lines (exactly for code on one line; the first line for the rest of a list
/// spanning several, which travels as one line).
pub fn list_for_subshell(l: &List) -> (Vec<u8>, Option<u32>) {
    let mut p = Printer::default();
    p.list(l);
    let line = p.first_line;
    (p.finish(), line)
}

/// A list on one line as bash's `jobs` shows a command (`( exit 3 )`, `sleep 1 | cat`).
pub fn list_one_line(l: &List) -> Vec<u8> {
    let mut p = Printer { pretty: true, ..Printer::default() };
    p.list(l);
    let text = p.finish();
    let mut out: Vec<u8> = Vec::new();
    for line in text.split(|&c| c == b'\n').map(|l| l.trim_ascii()).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            // The layout ends a block's last command with its line; on one line it needs `;`.
            let closes = [&b"}"[..], b"done", b"fi", b"else", b"elif"].iter().any(|k| {
                line.starts_with(k) && line.get(k.len()).is_none_or(|c| matches!(c, b' ' | b';' | b')' | b'&' | b'|' | b'>' | b'<'))
            });
            let open = out.ends_with(b";") || out.ends_with(b"&") || out.ends_with(b"{")
                || [&b" then"[..], b" do", b" else"].iter().any(|k| out.ends_with(k)) || out == b"else";
            if closes && !open {
                out.push(b';');
            }
            out.push(b' ');
        }
        out.extend_from_slice(line);
    }
    out
}

/// [`list_for_subshell`] for one command.
pub fn command_for_subshell(c: &Command) -> (Vec<u8>, Option<u32>) {
    let mut p = Printer::default();
    p.command(c);
    let line = p.first_line;
    (p.finish(), line)
}

/// Source of a function definition.
pub fn function(f: &FunctionDef) -> Vec<u8> {
    let mut p = Printer::default();
    p.function(f);
    p.finish()
}

/// A function definition laid out as bash shows it (`type`, `declare -f`, `set`):
/// `name () ` and the body in braces, one command a line.
pub fn function_pretty(f: &FunctionDef) -> Vec<u8> {
    let mut p = Printer { pretty: true, ..Printer::default() };
    p.function(f);
    p.out
}

/// Source of a word (in an unquoted context).
pub fn word(w: &Word) -> Vec<u8> {
    let mut p = Printer::default();
    p.word(w, WCtx::Plain);
    p.out
}

/// `s` quoted for reuse as shell input, as bash prints values (`set`, `declare -p`, `xtrace`,
/// `printf %q` uses [`quote_backslash`]): bare if nothing in it is special, else in single
/// quotes, or `$'...'` when it holds control characters.
pub fn quote(s: &[u8]) -> Vec<u8> {
    if !s.is_empty() && s.iter().all(|&c| is_safe(c)) {
        return s.to_vec();
    }
    if s.iter().any(|&c| c < 0x20 || c == 0x7f) {
        let mut out = b"$'".to_vec();
        for &c in s {
            match c {
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\r' => out.extend_from_slice(b"\\r"),
                0x1b => out.extend_from_slice(b"\\E"),
                b'\'' => out.extend_from_slice(b"\\'"),
                b'\\' => out.extend_from_slice(b"\\\\"),
                c if c < 0x20 || c == 0x7f => out.extend_from_slice(format!("\\{c:03o}").as_bytes()),
                c => out.push(c),
            }
        }
        out.push(b'\'');
        return out;
    }
    let mut out = vec![b'\''];
    for &c in s {
        if c == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(c);
        }
    }
    out.push(b'\'');
    out
}

/// `s` with every special character backslash-escaped (`printf %q`).
pub fn quote_backslash(s: &[u8]) -> Vec<u8> {
    if s.is_empty() {
        return b"''".to_vec();
    }
    if s.iter().any(|&c| c < 0x20 || c == 0x7f) {
        return quote(s);
    }
    let mut out = Vec::with_capacity(s.len());
    for (i, &c) in s.iter().enumerate() {
        if !is_safe(c) || (c == b'~' && i == 0) {
            out.push(b'\\');
        }
        out.push(c);
    }
    out
}

fn is_safe(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'/' | b',' | b':' | b'@' | b'%' | b'+' | b'=') || c >= 0x80
}

/// What the characters of a literal mean where a word part is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WCtx {
    /// An ordinary word.
    Plain,
    /// Inside `"..."`.
    DQuote,
    /// The word of a `${...}` operator; `in_dq`: inside double quotes.
    Param { in_dq: bool },
    /// An arithmetic expression.
    Arith,
    /// The replacement of `${x/p/r}`, where a backslash quotes any character.
    Replacement,
}

#[derive(Default)]
struct Printer {
    out: Vec<u8>,
    pending: Vec<Rc<HereDoc>>,
    /// Bash's layout (for display) instead of one line (for reparsing).
    pretty: bool,
    /// Indentation level of the pretty layout.
    indent: usize,
    /// For each parenthesis still to print in the literal text of the arithmetic word being
    /// printed, whether it needs a backslash (one without its match, which would end the
    /// expression early or leave it open).
    arith_parens: std::collections::VecDeque<bool>,
    /// Printing a pattern, offset or replacement word of a `${...}` inside double quotes:
    /// quotes in it are printed as outside (single quotes still quote there), but the parser
    /// reads the expansions in it as inside double quotes.
    dq_pattern: bool,
    /// Printing an expansion inside arithmetic: parentheses in the literal text of its
    /// patterns get a backslash (which changes nothing in a pattern) for the parser's scan.
    escape_pattern_parens: bool,
    /// The source line of the first simple command printed.
    first_line: Option<u32>,
}

impl Printer {
    fn finish(mut self) -> Vec<u8> {
        if !self.pending.is_empty() {
            self.out.push(b'\n');
            self.flush_heredocs();
        }
        self.out
    }

    fn s(&mut self, s: &[u8]) {
        self.out.extend_from_slice(s);
    }

    /// Starts a new line at the current indentation (pretty layout).
    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.indent {
            self.s(b"    ");
        }
    }

    /// Ends a command with `;` unless it already ended (`&`, a here-document), as bash does.
    fn semicolon(&mut self) {
        if !matches!(self.out.last(), Some(b'&' | b'\n' | b';')) {
            self.s(b";");
        }
    }

    /// A list in the pretty layout: `;`-separated items each on a line.
    fn pretty_list(&mut self, l: &List) {
        let n = l.items.len();
        for (i, item) in l.items.iter().enumerate() {
            self.and_or(&item.and_or);
            if item.background {
                self.s(b" &");
            }
            let last = i + 1 == n;
            if !self.pending.is_empty() {
                self.out.push(b'\n');
                self.flush_heredocs();
                if !last {
                    self.newline();
                }
            } else if !last {
                if item.background {
                    self.s(b" ");
                } else {
                    self.s(b";");
                    self.newline();
                }
            }
        }
    }

    /// A compound command's body in the pretty layout: indented on its own lines, ended by `;`.
    fn pretty_body(&mut self, l: &List) {
        self.indent += 1;
        self.newline();
        self.pretty_list(l);
        self.semicolon();
        self.indent -= 1;
    }

    /// `if` with `elif` branches shown as bash does, as `if` commands nested in `else`.
    fn pretty_if(&mut self, branches: &[(List, List)], else_: &Option<List>) {
        let Some(((cond, body), rest)) = branches.split_first() else { return };
        self.s(b"if ");
        self.pretty_list(cond);
        self.semicolon();
        self.s(b" then");
        self.pretty_body(body);
        if !rest.is_empty() {
            self.newline();
            self.s(b"else");
            self.indent += 1;
            self.newline();
            self.pretty_if(rest, else_);
            self.semicolon();
            self.indent -= 1;
        } else if let Some(e) = else_ {
            self.newline();
            self.s(b"else");
            self.pretty_body(e);
        }
        self.newline();
        self.s(b"fi");
    }

    /// A compound command in the pretty layout.
    fn pretty_compound(&mut self, c: &CompoundCommand) {
        match c {
            CompoundCommand::Brace(l) => {
                self.s(b"{ ");
                self.indent += 1;
                self.newline();
                self.pretty_list(l);
                self.indent -= 1;
                self.newline();
                self.s(b"}");
            }
            CompoundCommand::Subshell(l) => {
                self.s(b"( ");
                self.pretty_list(l);
                self.s(b" )");
            }
            CompoundCommand::For { var, words, body } => {
                self.s(b"for ");
                self.s(var);
                self.s(b" in");
                match words {
                    Some(ws) => {
                        for w in ws {
                            self.s(b" ");
                            self.word(w, WCtx::Plain);
                        }
                    }
                    None => self.s(b" \"$@\""),
                }
                self.s(b";");
                self.pretty_do(body);
            }
            CompoundCommand::ArithFor { init, cond, step, body } => {
                self.s(b"for ((");
                self.word(init, WCtx::Arith);
                self.s(b"; ");
                self.word(cond, WCtx::Arith);
                self.s(b"; ");
                self.word(step, WCtx::Arith);
                self.s(b"))");
                self.pretty_do(body);
            }
            CompoundCommand::While { cond, body, until } => {
                self.s(if *until { b"until " } else { b"while " });
                self.pretty_list(cond);
                self.semicolon();
                self.s(b" do");
                self.pretty_body(body);
                self.newline();
                self.s(b"done");
            }
            CompoundCommand::If { branches, else_ } => self.pretty_if(branches, else_),
            CompoundCommand::Case { word, arms } => {
                self.s(b"case ");
                self.word(word, WCtx::Plain);
                self.s(b" in ");
                self.indent += 1;
                for arm in arms {
                    self.newline();
                    for (i, p) in arm.patterns.iter().enumerate() {
                        if i > 0 {
                            self.s(b" | ");
                        }
                        self.word(p, WCtx::Plain);
                    }
                    self.s(b")");
                    if arm.body.items.is_empty() {
                        self.out.push(b'\n');
                    } else {
                        self.indent += 1;
                        self.newline();
                        self.pretty_list(&arm.body);
                        self.indent -= 1;
                    }
                    self.newline();
                    self.s(match arm.term {
                        CaseTerm::Break => b";;",
                        CaseTerm::FallThrough => b";&",
                        CaseTerm::Continue => b";;&",
                    });
                }
                self.indent -= 1;
                self.newline();
                self.s(b"esac");
            }
            CompoundCommand::Cond(e) => {
                self.s(b"[[ ");
                self.cond(e);
                self.s(b" ]]");
            }
            CompoundCommand::Arith(w) => {
                self.s(b"(( ");
                let text = word_in(w, WCtx::Arith);
                self.s(text.trim_ascii());
                self.s(b" ))");
            }
        }
    }

    /// `do`, the body and `done` of a `for` loop, each on its own line.
    fn pretty_do(&mut self, body: &List) {
        self.newline();
        self.s(b"do");
        self.pretty_body(body);
        self.newline();
        self.s(b"done");
    }

    fn list(&mut self, l: &List) {
        if self.pretty {
            self.pretty_list(l);
            return;
        }
        for item in &l.items {
            self.and_or(&item.and_or);
            if item.background {
                self.s(b" &");
            }
            if !self.pending.is_empty() {
                self.out.push(b'\n');
                self.flush_heredocs();
            } else if item.background {
                self.s(b" ");
            } else {
                self.s(b"; ");
            }
        }
    }

    fn flush_heredocs(&mut self) {
        for hd in std::mem::take(&mut self.pending) {
            let (body, delim) = heredoc_text(&hd, self.pretty);
            self.s(&body);
            self.s(&delim);
            self.out.push(b'\n');
        }
    }

    fn and_or(&mut self, a: &AndOr) {
        self.pipeline(&a.first);
        for (op, p) in &a.rest {
            self.s(match op {
                AndOrOp::And => b" && ",
                AndOrOp::Or => b" || ",
            });
            self.pipeline(p);
        }
    }

    fn pipeline(&mut self, p: &Pipeline) {
        if p.bang {
            self.s(b"! ");
        }
        for (i, c) in p.commands.iter().enumerate() {
            if i > 0 {
                self.s(b" | ");
            }
            self.command(c);
        }
    }

    fn command(&mut self, c: &Command) {
        match c {
            Command::Simple(s) => {
                self.first_line.get_or_insert(s.line);
                let mut first = true;
                for a in &s.assigns {
                    if !first {
                        self.s(b" ");
                    }
                    first = false;
                    self.assign(a);
                }
                for w in &s.words {
                    if !first {
                        self.s(b" ");
                    }
                    match w.as_lit() {
                        // A reserved word that was a command name only because a redirection
                        // came first (`<f if`): printed first, it must not read as a keyword.
                        Some(l) if first && is_reserved(l) => self.s(&quote_always(l)),
                        _ => self.word(w, WCtx::Plain),
                    }
                    first = false;
                }
                for r in &s.redirects {
                    if !first {
                        self.s(b" ");
                    }
                    first = false;
                    self.redirect(r);
                }
            }
            Command::Compound(c, rs) => {
                if self.pretty {
                    self.pretty_compound(c);
                } else {
                    self.compound(c);
                }
                for r in rs {
                    self.s(b" ");
                    self.redirect(r);
                }
            }
            Command::FunctionDef(f) => self.function(f),
        }
    }

    fn function(&mut self, f: &FunctionDef) {
        if !f.name.is_empty() && f.name.iter().all(|&c| is_safe(c) && c != b'=') {
            self.s(&f.name);
        } else {
            // Quoted even where `quote` leaves it bare: `a=()` would read as an assignment.
            let q = quote(&f.name);
            self.s(&if q == f.name { quote_always(&f.name) } else { q });
        }
        if self.pretty {
            // Bash always shows the body as a brace group.
            self.s(b" () ");
            self.newline();
            match &f.body {
                CompoundCommand::Brace(_) => self.pretty_compound(&f.body),
                other => {
                    let body = List {
                        items: vec![ListItem {
                            and_or: AndOr {
                                first: Pipeline {
                                    bang: false,
                                    commands: vec![Command::Compound(Box::new(other.clone()), Vec::new())],
                                },
                                rest: Vec::new(),
                            },
                            background: false,
                        }],
                    };
                    self.pretty_compound(&CompoundCommand::Brace(body));
                }
            }
        } else {
            self.s(b"() ");
            self.compound(&f.body);
        }
        for r in &f.redirects {
            self.s(b" ");
            self.redirect(r);
        }
    }

    fn assign(&mut self, a: &Assign) {
        self.s(&a.name);
        if let Some(i) = &a.index {
            self.s(b"[");
            self.word(i, WCtx::Param { in_dq: false });
            self.s(b"]");
        }
        if a.append {
            self.s(b"+");
        }
        self.s(b"=");
        match &a.value {
            AssignValue::Scalar(w) => self.word(w, WCtx::Plain),
            AssignValue::Array(ws) => self.array(ws),
        }
    }

    fn array(&mut self, ws: &[Word]) {
        self.s(b"(");
        for (i, w) in ws.iter().enumerate() {
            if i > 0 {
                self.s(b" ");
            }
            self.word(w, WCtx::Plain);
        }
        self.s(b")");
    }

    fn compound(&mut self, c: &CompoundCommand) {
        match c {
            CompoundCommand::Brace(l) => {
                self.s(b"{ ");
                self.list(l);
                self.s(b"}");
            }
            CompoundCommand::Subshell(l) => {
                self.s(b"( ");
                self.list(l);
                self.s(b")");
            }
            CompoundCommand::For { var, words, body } => {
                self.s(b"for ");
                self.s(var);
                if let Some(ws) = words {
                    self.s(b" in");
                    for w in ws {
                        self.s(b" ");
                        self.word(w, WCtx::Plain);
                    }
                }
                self.s(b"; do ");
                self.list(body);
                self.s(b"done");
            }
            CompoundCommand::ArithFor { init, cond, step, body } => {
                // The parser keeps the blanks after each `;`: none added before blanks.
                self.s(b"for ((");
                self.word(init, WCtx::Arith);
                for w in [cond, step] {
                    let text = word_in(w, WCtx::Arith);
                    self.s(if text.first().is_some_and(u8::is_ascii_whitespace) { b";" } else { b"; " });
                    self.s(&text);
                }
                self.s(b")); do ");
                self.list(body);
                self.s(b"done");
            }
            CompoundCommand::While { cond, body, until } => {
                self.s(if *until { b"until " } else { b"while " });
                self.list(cond);
                self.s(b"do ");
                self.list(body);
                self.s(b"done");
            }
            CompoundCommand::If { branches, else_ } => {
                for (i, (c, b)) in branches.iter().enumerate() {
                    self.s(if i == 0 { b"if " } else { b"elif " });
                    self.list(c);
                    self.s(b"then ");
                    self.list(b);
                }
                if let Some(e) = else_ {
                    self.s(b"else ");
                    self.list(e);
                }
                self.s(b"fi");
            }
            CompoundCommand::Case { word, arms } => {
                self.s(b"case ");
                self.word(word, WCtx::Plain);
                self.s(b" in ");
                for arm in arms {
                    self.s(b"(");
                    for (i, p) in arm.patterns.iter().enumerate() {
                        if i > 0 {
                            self.s(b" | ");
                        }
                        self.word(p, WCtx::Plain);
                    }
                    self.s(b") ");
                    self.list(&arm.body);
                    self.s(match arm.term {
                        CaseTerm::Break => b";; ",
                        CaseTerm::FallThrough => b";& ",
                        CaseTerm::Continue => b";;& ",
                    });
                }
                self.s(b"esac");
            }
            CompoundCommand::Cond(e) => {
                self.s(b"[[ ");
                self.cond(e);
                self.s(b" ]]");
            }
            CompoundCommand::Arith(w) => {
                self.s(b"((");
                self.word(w, WCtx::Arith);
                self.s(b"))");
            }
        }
    }

    /// Prints a `[[ ]]` expression with only the parentheses its shape needs: `||` is the
    /// loosest and `&&` the next, both left-associative, so `a || b || c` (parsed as
    /// `(a || b) || c`) prints back flat. Printing a parenthesis for every nested operator
    /// would make a long chain deeper than the parser accepts.
    fn cond(&mut self, e: &CondExpr) {
        let sub = |p: &mut Printer, e: &CondExpr, bare: bool| {
            if bare {
                p.cond(e);
            } else {
                p.s(b"( ");
                p.cond(e);
                p.s(b" )");
            }
        };
        let is_or = |e: &CondExpr| matches!(e, CondExpr::Or(..));
        let is_binary = |e: &CondExpr| matches!(e, CondExpr::And(..) | CondExpr::Or(..));
        match e {
            CondExpr::And(a, b) => {
                sub(self, a, !is_or(a));
                self.s(b" && ");
                sub(self, b, !is_binary(b));
            }
            CondExpr::Or(a, b) => {
                sub(self, a, true);
                self.s(b" || ");
                sub(self, b, !is_or(b));
            }
            CondExpr::Not(a) => {
                self.s(b"! ");
                sub(self, a, !is_binary(a));
            }
            CondExpr::Unary(op, w) => {
                self.s(op);
                self.s(b" ");
                self.word(w, WCtx::Plain);
            }
            CondExpr::Binary(op, l, r) => {
                self.word(l, WCtx::Plain);
                self.s(b" ");
                self.s(op);
                self.s(b" ");
                self.word(r, WCtx::Plain);
            }
            CondExpr::Word(w) => {
                // A lone word that looks like an operator must stay an operand.
                if matches!(w.as_lit(), Some(b"!" | b"(" | b")" | b"]]")) || is_test_op(w) {
                    let t = w.as_lit().unwrap_or_default().to_vec();
                    self.s(&quote_always(&t));
                } else {
                    self.word(w, WCtx::Plain);
                }
            }
        }
    }

    fn redirect(&mut self, r: &Redirect) {
        if let Some(fd) = r.fd {
            self.s(fd.to_string().as_bytes());
        }
        let op: &[u8] = match r.op {
            RedirOp::Read => b"<",
            RedirOp::Write => b">",
            RedirOp::Clobber => b">|",
            RedirOp::Append => b">>",
            RedirOp::ReadWrite => b"<>",
            RedirOp::DupIn => b"<&",
            RedirOp::DupOut => b">&",
            RedirOp::WriteBoth => b"&>",
            RedirOp::AppendBoth => b"&>>",
            RedirOp::HereDoc if self.pretty && matches!(&r.target, RedirTarget::HereDoc(hd) if hd.strip_tabs) => b"<<-",
            RedirOp::HereDoc => b"<<",
            RedirOp::HereString => b"<<<",
        };
        self.s(op);
        // Bash shows a space between a file redirection's operator and its word; a process
        // substitution needs one (`< <(cmd)`, not `<<(cmd)`).
        let procsub = matches!(&r.target, RedirTarget::Word(w) if matches!(w.parts.first(), Some(WordPart::ProcSub(..))));
        if procsub || self.pretty && !matches!(r.op, RedirOp::DupIn | RedirOp::DupOut | RedirOp::HereDoc) {
            self.s(b" ");
        }
        match &r.target {
            RedirTarget::Word(w) => self.word(w, WCtx::Plain),
            RedirTarget::HereDoc(hd) => {
                let (_, delim) = heredoc_text(hd, self.pretty);
                if hd.quoted {
                    self.s(b"'");
                    self.s(&delim);
                    self.s(b"'");
                } else {
                    self.s(&delim);
                }
                self.pending.push(hd.clone());
            }
        }
    }

    fn word(&mut self, w: &Word, ctx: WCtx) {
        if ctx == WCtx::Plain {
            if let Some(WordPart::Lit(first)) = w.parts.first() {
                // A word that prints as `NAME[...]=` without being an assignment (`echo a[$i]=1`,
                // or `a[\]\=`: `a[` then a quoted `]=`) must not read back as one, nor a
                // subscript left open read on into the next words (`a[']='`): its `[` quoted
                // (as a quoted `[` prints; an unclosed bracket is no pattern either way).
                let name = first.iter().take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_').count();
                if name > 0 && !first[0].is_ascii_digit() && first.get(name) == Some(&b'[') {
                    let mut p = Printer::default();
                    p.parts(&w.parts, ctx);
                    if raw_subscript(&p.out) > 0 || crate::parser::subscript_end(&p.out, name).is_none() {
                        self.s(&first[..name]);
                        self.s(b"'['");
                        let mut rest = w.parts.clone();
                        rest[0] = WordPart::Lit(first[name + 1..].to_vec());
                        if first.len() == name + 1 {
                            rest.remove(0);
                        }
                        self.parts(&rest, ctx);
                        return;
                    }
                }
            }
        }
        if ctx != WCtx::Arith {
            self.parts(&w.parts, ctx);
            return;
        }
        let outer = std::mem::replace(&mut self.arith_parens, arith_parens(&w.parts));
        self.parts(&w.parts, ctx);
        self.arith_parens = outer;
    }

    /// Literal text of an arithmetic expression. The parser removed its quotes, so a quote,
    /// backslash, backquote or `$` in it was quoted in the source: it gets a backslash, and so
    /// does a parenthesis without its match (the parser counts the unquoted ones to find the
    /// closing `))`).
    fn arith_lit(&mut self, s: &[u8]) {
        for &c in s {
            let escape = match c {
                b'"' | b'\'' | b'\\' | b'`' | b'$' => true,
                b'(' | b')' => self.arith_parens.pop_front().unwrap_or(true),
                _ => false,
            };
            if escape {
                self.out.push(b'\\');
            }
            self.out.push(c);
        }
    }

    fn parts(&mut self, parts: &[WordPart], ctx: WCtx) {
        for (i, p) in parts.iter().enumerate() {
            match p {
                WordPart::Param(pe) if self.pretty && bare_param(pe, parts.get(i + 1)) => {
                    self.s(b"$");
                    self.param_name(&pe.param);
                }
                // A literal `$` right before a quote or an expansion would read back as part of
                // it: `$'...'`, `$"..."`, `$$(...)`, `$${x}`.
                WordPart::Lit(s)
                    if !matches!(ctx, WCtx::DQuote | WCtx::Arith)
                        && s.ends_with(b"$")
                        && matches!(
                            parts.get(i + 1),
                            Some(
                                WordPart::Quoted(_)
                                    | WordPart::DQuoted(_)
                                    | WordPart::Param(_)
                                    | WordPart::CmdSub(_)
                                    | WordPart::Arith(_)
                            )
                        ) =>
                {
                    self.part(&WordPart::Lit(s[..s.len() - 1].to_vec()), ctx);
                    self.s(b"\\$");
                }
                // The parser tells `((...))` from a subshell by scanning for the closing `))`
                // with quotes but not expansions in mind: an expansion whose text would unbalance
                // that scan (`${a+(}`) is printed in double quotes, which it skips (and which
                // change nothing in arithmetic).
                WordPart::Param(_) | WordPart::CmdSub(_) if ctx == WCtx::Arith => {
                    let mut first = None;
                    for escape_pattern_parens in [false, true] {
                        let mut p2 = Printer {
                            pretty: self.pretty,
                            indent: self.indent,
                            escape_pattern_parens,
                            ..Printer::default()
                        };
                        p2.part(p, ctx);
                        let text = p2.out;
                        let quoted = [&b"\""[..], &text, b"\""].concat();
                        if crate::parser::arith_scan_balanced(&text) {
                            first = Some(text);
                            break;
                        }
                        if crate::parser::arith_scan_balanced(&quoted) {
                            first = Some(quoted);
                            break;
                        }
                        first.get_or_insert(text);
                    }
                    self.s(&first.unwrap_or_default());
                }
                _ => self.part(p, ctx),
            }
        }
    }

    fn part(&mut self, p: &WordPart, ctx: WCtx) {
        match p {
            WordPart::Lit(s) => match ctx {
                WCtx::DQuote => {
                    for &c in s {
                        if matches!(c, b'$' | b'`' | b'"' | b'\\') {
                            self.out.push(b'\\');
                        }
                        self.out.push(c);
                    }
                }
                WCtx::Arith => self.arith_lit(s),
                _ => {
                    for (i, &c) in s.iter().enumerate() {
                        let next = s.get(i + 1).copied();
                        let escape = match c {
                            // A literal `$` before a character that would start an expansion
                            // (joined by a line continuation in the source: `$\<newline>?`).
                            b'$' => next.is_some_and(starts_expansion),
                            // An unquoted literal backslash (the last character of the source)
                            // must not quote what follows it here. (Inside `${...}` a literal
                            // backslash is one that quotes nothing, `"${x#\a}"`: kept.)
                            b'\\' => ctx == WCtx::Plain,
                            b'(' | b')' => {
                                self.escape_pattern_parens
                                    && self.dq_pattern
                                    && matches!(ctx, WCtx::Param { in_dq: false } | WCtx::Replacement)
                            }
                            _ => false,
                        };
                        if escape {
                            self.out.push(b'\\');
                        }
                        self.out.push(c);
                    }
                }
            },
            WordPart::Quoted(s) => match ctx {
                WCtx::Replacement => {
                    for &c in s {
                        if !c.is_ascii_alphanumeric() {
                            self.out.push(b'\\');
                        }
                        self.out.push(c);
                    }
                }
                WCtx::Param { in_dq: true } | WCtx::DQuote => {
                    for &c in s {
                        if matches!(c, b'$' | b'`' | b'"' | b'\\' | b'}') {
                            self.out.push(b'\\');
                        }
                        self.out.push(c);
                    }
                }
                WCtx::Arith => self.arith_lit(s),
                _ => {
                    if s.is_empty() {
                        self.s(b"''");
                    } else {
                        self.s(&quote_always(s));
                    }
                }
            },
            // In the word of `"${x-...}"` everything is quoted already (the parser quotes its
            // literal text): the inner quotes are left out, as text in them reads the same
            // there, and nested quotes are what the parser's scan for the end of `((...))`
            // cannot follow.
            WordPart::DQuoted(parts) if ctx == (WCtx::Param { in_dq: true }) => {
                let parts: Vec<WordPart> = parts
                    .iter()
                    .map(|p| match p {
                        WordPart::Lit(s) => WordPart::Quoted(s.clone()),
                        other => other.clone(),
                    })
                    .collect();
                self.parts(&parts, ctx);
            }
            WordPart::DQuoted(parts) => {
                let inner = match ctx {
                    WCtx::Arith => WCtx::Arith,
                    _ => WCtx::DQuote,
                };
                if inner == WCtx::DQuote {
                    self.s(b"\"");
                }
                self.parts(parts, inner);
                if inner == WCtx::DQuote {
                    self.s(b"\"");
                }
            }
            // The parser reads an expansion inside arithmetic as inside double quotes.
            WordPart::Param(pe) => {
                let in_dq = match ctx {
                    WCtx::DQuote | WCtx::Param { in_dq: true } | WCtx::Arith => true,
                    WCtx::Param { in_dq: false } | WCtx::Replacement => self.dq_pattern,
                    WCtx::Plain => false,
                };
                let saved = std::mem::replace(&mut self.dq_pattern, false);
                self.param(pe, in_dq);
                self.dq_pattern = saved;
            }
            WordPart::CmdSub(l) => {
                let mut inner = Printer::default();
                inner.list(l);
                let text = inner.finish();
                if self.pretty {
                    let text = text.strip_suffix(b"; ").unwrap_or(&text);
                    self.s(b"$(");
                    self.s(text);
                } else {
                    self.s(b"$( ");
                    self.s(&text);
                }
                self.s(b")");
            }
            WordPart::ProcSub(output, l) => {
                let mut inner = Printer::default();
                inner.list(l);
                let text = inner.finish();
                // As `$(...)`: the list's own ending kept (a here-document's body must end
                // before the parenthesis) unless pretty-printing.
                self.s(if *output { b">(" } else { b"<(" });
                if self.pretty {
                    self.s(text.strip_suffix(b"; ").unwrap_or(&text));
                } else {
                    self.s(b" ");
                    self.s(&text);
                }
                self.s(b")");
            }
            WordPart::Arith(w) => {
                self.s(b"$((");
                self.word(w, WCtx::Arith);
                self.s(b"))");
            }
            WordPart::ArrayLit(ws) => self.array(ws),
        }
    }

    fn param(&mut self, pe: &ParamExp, in_dq: bool) {
        self.s(b"${");
        let pw = WCtx::Param { in_dq };
        match &pe.op {
            ParamOp::Length => {
                self.s(b"#");
                self.param_name(&pe.param);
                self.s(b"}");
                return;
            }
            ParamOp::Names(star) => {
                self.s(b"!");
                self.param_name(&pe.param);
                self.s(if *star { b"*}" } else { b"@}" });
                return;
            }
            ParamOp::Keys(_) => {
                self.s(b"!");
                self.param_name(&pe.param);
                self.s(b"}");
                return;
            }
            _ => {}
        }
        if pe.indirect {
            self.s(b"!");
        }
        self.param_name(&pe.param);
        match &pe.op {
            ParamOp::Plain | ParamOp::Length | ParamOp::Names(_) | ParamOp::Keys(_) => {}
            ParamOp::Transform(t) => {
                self.s(b"@");
                self.s(&[*t]);
            }
            ParamOp::Default(c, w) => self.op_word(*c, b"-", w, pw),
            ParamOp::Assign(c, w) => self.op_word(*c, b"=", w, pw),
            ParamOp::Error(c, w) => self.op_word(*c, b"?", w, pw),
            ParamOp::Alt(c, w) => self.op_word(*c, b"+", w, pw),
            ParamOp::TrimPrefix(l, w) => {
                self.s(if *l { b"##" } else { b"#" });
                self.pattern_word(w, WCtx::Param { in_dq: false }, in_dq);
            }
            ParamOp::TrimSuffix(l, w) => {
                self.s(if *l { b"%%" } else { b"%" });
                self.pattern_word(w, WCtx::Param { in_dq: false }, in_dq);
            }
            ParamOp::Substring(off, len) => {
                self.s(b":");
                let mut p = Printer { dq_pattern: in_dq, ..Printer::default() };
                p.word(off, WCtx::Param { in_dq: false });
                let text = p.out;
                if text.first().is_some_and(|c| matches!(c, b'-' | b'=' | b'?' | b'+')) {
                    self.s(b" ");
                }
                self.s(&text);
                if let Some(l) = len {
                    self.s(b":");
                    self.pattern_word(l, WCtx::Param { in_dq: false }, in_dq);
                }
            }
            ParamOp::Replace(kind, pat, rep) => {
                self.s(match kind {
                    ReplaceKind::First => b"/",
                    ReplaceKind::All => b"//",
                    ReplaceKind::Prefix => b"/#",
                    ReplaceKind::Suffix => b"/%",
                });
                self.pattern_word(pat, WCtx::Param { in_dq: false }, in_dq);
                self.s(b"/");
                self.pattern_word(rep, WCtx::Replacement, in_dq);
            }
            ParamOp::Case(m, pat) => {
                self.s(match m {
                    CaseMod::UpperFirst => b"^",
                    CaseMod::UpperAll => b"^^",
                    CaseMod::LowerFirst => b",",
                    CaseMod::LowerAll => b",,",
                    CaseMod::ToggleFirst => b"~",
                    CaseMod::ToggleAll => b"~~",
                });
                self.pattern_word(pat, WCtx::Param { in_dq: false }, in_dq);
            }
        }
        self.s(b"}");
    }

    /// A pattern, offset or replacement word of a `${...}` (`in_dq`: inside double quotes).
    fn pattern_word(&mut self, w: &Word, ctx: WCtx, in_dq: bool) {
        let saved = std::mem::replace(&mut self.dq_pattern, in_dq);
        self.word(w, ctx);
        self.dq_pattern = saved;
    }

    fn op_word(&mut self, colon: bool, op: &[u8], w: &Word, ctx: WCtx) {
        if colon {
            self.s(b":");
        }
        self.s(op);
        self.word(w, ctx);
    }

    fn param_name(&mut self, p: &Param) {
        match p {
            Param::Var(n) => self.s(n),
            Param::Index(n, i) => {
                self.s(n);
                self.s(b"[");
                self.word(i, WCtx::Param { in_dq: false });
                self.s(b"]");
            }
            Param::Positional(n) => self.s(n.to_string().as_bytes()),
            Param::Special(c) => self.out.push(*c),
        }
    }
}

/// Whether `$NAME` (no braces) shows parameter `pe` followed by `next`, as the pretty layout
/// writes it: a plain parameter not followed by a character that would extend its name.
fn bare_param(pe: &ParamExp, next: Option<&WordPart>) -> bool {
    if pe.indirect || !matches!(pe.op, ParamOp::Plain) {
        return false;
    }
    let name_char = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    let extends = match next {
        Some(WordPart::Lit(s) | WordPart::Quoted(s)) => s.first().is_some_and(name_char),
        _ => false,
    };
    match &pe.param {
        Param::Var(_) => !extends,
        Param::Positional(n) => *n < 10 && !extends,
        Param::Special(_) => true,
        Param::Index(..) => false,
    }
}

/// The length of the `NAME[...]` at the start of `s` when `=` or `+=` follows it, which the
/// lexer reads as a subscript (`subscript_end`); else 0.
fn raw_subscript(s: &[u8]) -> usize {
    let name = s.iter().take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_').count();
    if name == 0 || s[0].is_ascii_digit() || s.get(name) != Some(&b'[') {
        return 0;
    }
    match crate::parser::subscript_end(s, name) {
        Some(close) if s[close + 1..].starts_with(b"=") || s[close + 1..].starts_with(b"+=") => close + 1,
        _ => 0,
    }
}

/// Whether a `$` followed by `c` starts an expansion.
fn starts_expansion(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, b'_' | b'{' | b'(' | b'\'' | b'"' | b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!')
}

/// For each parenthesis in the literal text of an arithmetic word (`parts`, in printing
/// order), whether it lacks its match.
fn arith_parens(parts: &[WordPart]) -> std::collections::VecDeque<bool> {
    fn walk(parts: &[WordPart], out: &mut Vec<u8>) {
        for p in parts {
            match p {
                WordPart::Lit(s) | WordPart::Quoted(s) => out.extend(s.iter().filter(|c| matches!(c, b'(' | b')'))),
                WordPart::DQuoted(inner) => walk(inner, out),
                _ => {}
            }
        }
    }
    let mut parens = Vec::new();
    walk(parts, &mut parens);
    let mut unmatched = vec![true; parens.len()];
    let mut open = Vec::new();
    for (i, &c) in parens.iter().enumerate() {
        if c == b'(' {
            open.push(i);
        } else if let Some(j) = open.pop() {
            unmatched[i] = false;
            unmatched[j] = false;
        }
    }
    unmatched.into()
}

fn word_in(w: &Word, ctx: WCtx) -> Vec<u8> {
    let mut p = Printer::default();
    p.word(w, ctx);
    p.out
}

/// Whether the parser reads `w` as a reserved word in command position.
fn is_reserved(w: &[u8]) -> bool {
    matches!(
        w,
        b"!" | b"{"
            | b"}"
            | b"[["
            | b"]]"
            | b"case"
            | b"coproc"
            | b"do"
            | b"done"
            | b"elif"
            | b"else"
            | b"esac"
            | b"fi"
            | b"for"
            | b"function"
            | b"if"
            | b"in"
            | b"select"
            | b"then"
            | b"time"
            | b"until"
            | b"while"
    )
}

fn quote_always(s: &[u8]) -> Vec<u8> {
    let mut out = vec![b'\''];
    for &c in s {
        if c == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(c);
        }
    }
    out.push(b'\'');
    out
}

fn is_test_op(w: &Word) -> bool {
    matches!(w.as_lit(), Some(l) if l.len() == 2 && l[0] == b'-' && l[1].is_ascii_alphabetic())
}

/// The printed body of a here-document and a delimiter that is not one of its lines.
fn heredoc_text(hd: &HereDoc, pretty: bool) -> (Vec<u8>, Vec<u8>) {
    let mut body = Vec::new();
    if let Some(w) = hd.body.get() {
        for (i, p) in w.parts.iter().enumerate() {
            heredoc_part(p, w.parts.get(i + 1), hd.quoted, pretty, &mut body);
        }
    }
    if !body.is_empty() && body.last() != Some(&b'\n') {
        body.push(b'\n');
    }
    let mut delim = if !hd.delim.is_empty() && hd.delim.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_') {
        hd.delim.clone()
    } else {
        b"EOF".to_vec()
    };
    let mut n = 0;
    while body.split(|&c| c == b'\n').any(|l| l == delim.as_slice()) {
        n += 1;
        delim = format!("EOF_{n}").into_bytes();
    }
    (body, delim)
}

/// One part of a here-document body (`next`: the part after it; `pretty`: the display layout).
fn heredoc_part(p: &WordPart, next: Option<&WordPart>, quoted: bool, pretty: bool, out: &mut Vec<u8>) {
    match p {
        WordPart::Lit(s) | WordPart::Quoted(s) => {
            if quoted {
                out.extend_from_slice(s);
            } else {
                for &c in s {
                    if matches!(c, b'$' | b'`' | b'\\') {
                        out.push(b'\\');
                    }
                    out.push(c);
                }
            }
        }
        WordPart::DQuoted(parts) => {
            for (i, p) in parts.iter().enumerate() {
                heredoc_part(p, parts.get(i + 1), quoted, pretty, out);
            }
        }
        other => {
            let mut pr = Printer { pretty, ..Printer::default() };
            match other {
                WordPart::Param(pe) if pretty && bare_param(pe, next) => {
                    pr.s(b"$");
                    pr.param_name(&pe.param);
                }
                _ => pr.part(other, WCtx::DQuote),
            }
            out.extend_from_slice(&pr.out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::{Command, List, Word};
    use crate::parser::Parser;

    /// The words of the first command of `l`.
    fn words(l: &List) -> Vec<Word> {
        match &l.items[0].and_or.first.commands[0] {
            Command::Simple(c) => c.words.clone(),
            _ => panic!("not a simple command"),
        }
    }

    /// Unparses `src` and checks the code reads back to words of the same text; returns the
    /// code.
    fn carried(src: &[u8]) -> Vec<u8> {
        let tree = Parser::parse_program(src).unwrap();
        let code = super::list(&tree);
        let again = Parser::parse_program(&code).unwrap();
        let text = |l: &List| words(l).iter().map(Word::static_text).collect::<Vec<_>>();
        assert_eq!(
            text(&again),
            text(&tree),
            "{:?} unparsed as {:?}",
            String::from_utf8_lossy(src),
            String::from_utf8_lossy(&code)
        );
        code
    }

    #[test]
    fn a_dollar_before_a_quote_stays_a_literal_dollar() {
        // Found by the sh_parser fuzz target: `$` then `'\0'` read back as `$'\0'`.
        carried(b"echo $\\\0");
        carried(b"echo $\\'");
        carried(b"echo a$\"b\"");
        // `$` then a backquoted substitution must not print as `$$(...)`.
        let code = super::list(&Parser::parse_program(b"echo $`true` a$`true` ${x/$`true`/$}").unwrap());
        Parser::parse_program(&code).unwrap();
        let code = String::from_utf8(code).unwrap();
        assert!(!code.replace("\\$", "").contains("$$("), "{code:?}");
    }

    /// Unparses `src` and checks the code parses again and unparses to the same code (the
    /// trees can differ in where literal text is split); returns the code.
    fn round_trip(src: &[u8]) -> Vec<u8> {
        let tree = Parser::parse_program(src).unwrap();
        let code = super::list(&tree);
        let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let again = Parser::parse_program(&code)
            .unwrap_or_else(|e| panic!("{:?} unparsed as {:?}, which does not parse: {e:?}", show(src), show(&code)));
        assert_eq!(show(&super::list(&again)), show(&code), "{:?} unparsed as {:?}", show(src), show(&code));
        code
    }

    #[test]
    fn transformations_round_trip() {
        assert_eq!(round_trip(b"echo ${x@Q} \"${a[@]@U}\" ${1@E} ${x@u}${x@L}"), b"echo ${x@Q} \"${a[@]@U}\" ${1@E} ${x@u}${x@L}; ");
        assert!(Parser::parse_program(b"echo ${x@Z}").is_err());
        assert!(Parser::parse_program(b"echo ${x@Qx}").is_err());
    }

    #[test]
    fn process_substitutions_parse_and_round_trip() {
        let tree = Parser::parse_program(b"diff <(sort a) >(cat -n)x < <(echo in)").unwrap();
        let w = &words(&tree)[1];
        assert!(matches!(&w.parts[..], [crate::ast::WordPart::ProcSub(false, _)]), "{w:?}");
        let w = &words(&tree)[2];
        assert!(matches!(&w.parts[..], [crate::ast::WordPart::ProcSub(true, _), crate::ast::WordPart::Lit(x)] if x == b"x"), "{w:?}");
        assert_eq!(round_trip(b"diff <(sort a) >(cat -n)x < <(echo in)"), b"diff <( sort a; ) >( cat -n; )x < <( echo in; ); ");
        round_trip(b"cat <(cat <<EOF\nbody\nEOF\n) <((echo sub)) <(echo a; echo b &)");
        // Not in `[[ ]]`, where `<` compares; `< (` is a redirection then a syntax error.
        round_trip(b"[[ a < b ]] && cat <(echo \"(x)\" )");
        assert!(Parser::parse_program(b"cat < (echo x)").is_err());
    }

    #[test]
    fn a_brace_in_a_parameter_word_does_not_nest() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/dquote-in-param-word`):
        // the parser counted braces in the word of `${a-...}`, so `"${a-{}}"` held the word
        // `{}`, printed `"${a-{\}}"`, which does not parse. Bash and dash end the expansion at
        // the first unquoted `}`: `${a-{}` then a literal `}`.
        assert_eq!(round_trip(b"echo \"${a-{}}\""), b"echo \"${a-{}}\"; ");
        let tree = Parser::parse_program(b"echo ${a-{x}y}").unwrap();
        let w = &words(&tree)[1];
        assert_eq!(w.parts.len(), 2, "{w:?}");
        assert_eq!(w.parts[1], crate::ast::WordPart::Lit(b"y}".to_vec()));
        round_trip(b"echo ${a-{x}y} \"${a:+{x}y}\" ${a#{} ${a/{/\\}}");
    }

    #[test]
    fn a_here_document_in_a_command_substitution_round_trips() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/heredoc-in-cmdsub`): the
        // same brace counting, in a here-document body inside backquotes.
        round_trip(b"echo `cat <<a\n${a={}}\na\n` $(cat <<-'b'\n\t${a={}}\n\tb\n)");
        // A `$` joined to a name by a line continuation stays a literal dollar sign.
        let code = super::list(&Parser::parse_program(b"echo $\\\n? ${x-$\\\n?}").unwrap());
        assert_eq!(String::from_utf8(code).unwrap(), "echo \\$? ${x-\\$?}; ");
    }

    #[test]
    fn quotes_in_arithmetic_stay_quoted() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/quotes-in-arith-min`;
        // the kept `quotes-in-arith` does not parse, so never reached the round trip): the
        // parser removes quotes inside `$((...))` and `((...))`, and the unparser printed the
        // text they quoted bare: `$(( "\"" ))` as `$(( " ))`, `$(( ")" ))` closing early.
        assert_eq!(round_trip(b"echo $(( \"\\\"\" ))"), b"echo $(( \\\" )); ");
        assert_eq!(round_trip(b"(( ')' + x ))"), b"(( \\) + x )); ");
        round_trip(b"echo $(( ( '(' ) + \")\" + (1) )) $(( '$x' \\` \"'\" \\\\ ))");
        round_trip(b"for ((i='(';i<')';i++)); do :; done");
        // Parentheses that match are printed bare.
        assert_eq!(round_trip(b"echo $((1+(2*(3))))"), b"echo $((1+(2*(3)))); ");
    }

    #[test]
    fn a_backslash_at_the_end_of_the_source_stays_literal() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/backslash-at-end-in-cmdsub`):
        // the last character of `` `<<a <\\` `` is a literal backslash, printed bare before the
        // newline of the here-document: a line continuation, and the `$(...)` never ended.
        let code = super::list(&Parser::parse_program(b"echo `<<a <\\\\`").unwrap());
        assert_eq!(String::from_utf8(code.clone()).unwrap(), "echo $( <<a <\\\\\na\n); ");
        Parser::parse_program(&code).unwrap();
        // A backslash that quotes nothing inside `${...}` is kept as it was.
        assert_eq!(round_trip(b"echo \"${x#\\a}\""), b"echo \"${x#\\a}\"; ");
    }

    #[test]
    fn an_assignment_subscript_round_trips() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/dollars-in-subscript`):
        // `d[$$(x)]=` printed as `d[\$\$(x)]=`, then `d[\$\\$(x)]=`. The subscript is a word
        // now, its expansions printed as expansions.
        assert_eq!(
            String::from_utf8(round_trip(b"d[$$(x)]= a[$i+1]=2 b[`echo 1`]+=3 m['k y']=4")).unwrap(),
            "d[${$}(x)]= a[${i}+1]=2 b[$( echo 1; )]+=3 m['k y']=4; "
        );
    }

    #[test]
    fn a_here_document_pending_outside_a_command_substitution_waits_for_it() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/heredoc-pending-across-cmdsub`):
        // the body of `<<EOF` was read at the first newline inside a later `$(...)`, which then
        // never ended (what the unparser prints for a here-document inside `$(...)`). Bash and
        // dash read it after the line the substitution ends on.
        let src = b"cat <<EOF; echo $(cat <<a\nin-a\na\n)\nin-EOF\nEOF\necho next\n";
        let code = round_trip(src);
        assert_eq!(
            String::from_utf8(code).unwrap(),
            "cat <<EOF\nin-EOF\nEOF\necho $( cat <<a\nin-a\na\n); echo next; "
        );
        round_trip(b"<<= >`\"\"<<a`\"\"\n=");
    }

    #[test]
    fn a_subscripted_word_that_is_no_assignment_stays_one_word() {
        // `NAME[...]=` starting a word that is no assignment is one word, the subscript
        // expanded in it (bash: `echo a[$x y]=1` prints `a[5 y]=1`); its `[` is quoted when
        // printed, so that it cannot read back as an assignment.
        assert_eq!(round_trip(b"echo a[$x y]=1 >f[\"$_\"]=2"), b"echo a'['${x}' 'y]=1 >f'['\"${_}\"]=2; ");
        // An unterminated quote in a subscript is one, as in bash.
        assert!(Parser::parse_program(b"echo >f[\"$_]=2").is_err());
    }

    #[test]
    fn subscripts_are_read_whole_as_bash_reads_them() {
        // Quotes (`$'...'` with its escaped quote too), expansions, blanks and nested brackets
        // stay inside the subscript; an unquoted newline or an open quote ends the scan.
        let tree = Parser::parse_program(b"a[$'\\'']=1 m['k y']+=2 b[$(echo ']')]=3 c[d[1]]=4 e[1 + 1]=5 x").unwrap();
        let Command::Simple(c) = &tree.items[0].and_or.first.commands[0] else { panic!("not a simple command") };
        let names: Vec<_> = c.assigns.iter().map(|a| (String::from_utf8_lossy(&a.name).into_owned(), a.append)).collect();
        let want = [("a", false), ("m", true), ("b", false), ("c", false), ("e", false)];
        assert_eq!(names, want.map(|(n, a)| (n.to_string(), a)));
        assert!(matches!(&c.assigns[1].index.as_ref().unwrap().parts[..], [crate::ast::WordPart::Quoted(k)] if k == b"k y"));
        assert_eq!(words(&tree).len(), 1);
        round_trip(b"m['k y']+=2 b[$(echo ']')]=3 c[d[1]]=4 e[1 + 1]=5 x");
        let code = super::list(&tree);
        Parser::parse_program(&super::list(&Parser::parse_program(&code).unwrap())).unwrap();
        assert_eq!(words(&Parser::parse_program(b"a[1\n]=2").unwrap())[0].as_lit(), Some(&b"a[1"[..]));
        assert!(Parser::parse_program(b"a['1]=2").is_err());
    }

    #[test]
    fn a_word_that_was_no_subscript_does_not_print_as_one() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/quoted-bracket-end-then-equals`):
        // `a[\]\=` is `a[` then a quoted `]=`, printed `a[']='`, which the lexer reads as
        // `a[...]=` with the subscript `'`, leaving a quote open.
        assert_eq!(round_trip(b"echo a[\\]\\= x[\\]]="), b"echo a'['']=' x'['']']=; ");
        round_trip(b"echo a'['']=' x[']']=");
    }

    #[test]
    fn an_expansion_in_a_pattern_inside_double_quotes_stays_inside_them() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/param-in-dquoted-pattern`):
        // the parser reads `${a=\"}` inside the pattern of `"${x,...}"` as inside double
        // quotes, where the unparser printed it as outside: `${a='"'}`, whose `'` is literal
        // there and whose `"` opens a string.
        let src = b"echo \"${x,${a=\\\"}}\" \"${x#${y-\\\"}}\" \"${x/${y-\\\"}/${z-\\\"}}\" \"${x:${y-\\\"}:${y-\\\"}}\"";
        assert_eq!(
            String::from_utf8(round_trip(src)).unwrap(),
            "echo \"${x,${a=\\\"}}\" \"${x#${y-\\\"}}\" \"${x/${y-\\\"}/${z-\\\"}}\" \"${x:${y-\\\"}:${y-\\\"}}\"; "
        );
        // Outside double quotes they are printed as before.
        assert_eq!(round_trip(b"echo ${x#${y-\\\"}} ${x#'*'}"), b"echo ${x#${y-'\"'}} ${x#'*'}; ");
    }

    #[test]
    fn a_literal_dollar_before_a_brace_stays_literal_before_a_quote() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/dollar-brace-then-dollar-quote`):
        // `$\<newline>{$\a` is the literal text `${$` then a quoted `a`; the final `$` got its
        // backslash, but the text before it was printed bare, `${\$'a'`: a bad substitution.
        let code = super::list(&Parser::parse_program(b"echo $\\\n{$\\a").unwrap());
        assert_eq!(String::from_utf8(code.clone()).unwrap(), "echo \\${\\$'a'; ");
        assert_eq!(super::list(&Parser::parse_program(&code).unwrap()), b"echo '$'{'$''a'; ");
    }

    #[test]
    fn an_expansion_with_a_parenthesis_in_arithmetic_stays_in_it() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/paren-in-param-in-arith`):
        // `((#"${a+(}"))` printed as `((#${a+(}))`, whose `(` the parser's scan for the closing
        // `))` counts: read as a subshell, then a comment.
        assert_eq!(round_trip(b"((#\"${a+(}\"))"), b"((#\"${a+(}\")); ");
        assert_eq!(round_trip(b"echo $(( ${a-1} + $(echo \")\") ))"), b"echo $(( ${a-1} + $( echo \")\"; ) )); ");
    }

    #[test]
    fn quotes_nested_in_a_quoted_expansion_word_are_left_out() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/nested-dquotes-in-param-in-arith`):
        // `((#""${a=${a=(}(}""))` printed `${a="${a=(}"(}` inside `((...))`, whose nested
        // quotes the parser's scan for the closing `))` does not follow, quoted or not.
        assert_eq!(round_trip(b"((#\"\"${a=${a=(}(}\"\"))"), b"((#\"${a=${a=(}(}\")); ");
        // In `"${x-...}"` text in quotes reads the same without them.
        assert_eq!(
            round_trip(b"echo \"${a-\"x\"}\" \"${a:+\"$b}\"}\" \"${a-\"'\"}\""),
            b"echo \"${a-x}\" \"${a:+${b}\\}}\" \"${a-'}\"; "
        );
    }

    #[test]
    fn a_parenthesis_in_a_pattern_in_arithmetic_gets_a_backslash() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/paren-in-dquoted-pattern-in-arith`):
        // the `)` of the pattern in `${a,""${a}'')\"}` inside `((...))` ended the parser's scan
        // for the closing `))`, with or without double quotes around it; `\)` matches the same.
        assert_eq!(round_trip(b"((\"\"(\"\")\"\"\"${a,\"\"${a}'')\\\"}\"))"), b"((()${a,\"\"${a}''\\)'\"'})); ");
    }

    #[test]
    fn a_function_name_with_an_equals_sign_is_quoted() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/function-name-with-equals`):
        // the function `aaa=` (defined as `aa\a=()`) printed bare, `aaa=() ...`: an empty array
        // assignment, then a syntax error.
        assert_eq!(round_trip(b"aa\\a=() (a); b() (a)"), b"'aaa='() ( a; ); b() ( a; ); ");
    }

    #[test]
    fn a_reserved_word_after_a_redirection_stays_a_command_name() {
        // Found by the sh_parser fuzz target: `<f if` printed as `if <f`, an unfinished `if`.
        assert_eq!(carried(b"<f if x"), b"'if' x <f; ");
    }

    #[test]
    fn a_long_test_chain_prints_back_flat() {
        // Found by the sh_parser fuzz target (`regressions/sh_parser/long-cond-chain`): every
        // nested `||` printed in parentheses, so a chain of 200 read back deeper than the
        // parser's nesting limit.
        let chain = vec!["x"; 300].join(" || ");
        let src = format!("[[ {chain} ]]");
        assert_eq!(String::from_utf8(round_trip(src.as_bytes())).unwrap(), format!("{src}; "));
        // Parentheses the shape needs stay; the others go.
        assert_eq!(
            round_trip(b"[[ a || b && c || ( d || e ) && ! ( f && g ) || ( h && i ) ]]"),
            b"[[ a || b && c || ( d || e ) && ! ( f && g ) || h && i ]]; "
        );
        assert_eq!(round_trip(b"[[ a && ( b && c ) && ! ! d ]]"), b"[[ a && ( b && c ) && ! ! d ]]; ");
    }
}
