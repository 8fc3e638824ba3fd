//! The shell of every VM (`/bin/sh` and `/bin/bash`, `guests/userland/sh`): scenarios covering
//! the POSIX shell language and bash's builtins, each run as `sh -c SCRIPT` in a fresh VM
//! (cwd `/data`, holding [`FILES`]) on every backend, checking stdout, the exit status and,
//! where it is stable, stderr, byte for byte.
//!
//! Every expected output is GNU bash 5.2.15's, run as `bash -c SCRIPT sh` in a copy of the same
//! files (with `sh` on its `PATH` being that bash too); [`same_output_as_the_host_bash`] runs
//! the host's bash again on every scenario, when it is 5.2, and compares. Error messages carry
//! the shell's name (`sh: line 1: nosuch: command not found`), as bash's do.

#[macro_use]
mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use burrow::{BackendKind, Output, Runtime, Stdio, Vm};
use common::text;

/// The fixture, installed under `/data` in the base image: `(path, content, mode)`.
const FILES: &[(&str, &str, u32)] = &[
    ("lines.txt", "one\ntwo\nthree\n", 0o644),
    ("words.txt", "alpha beta\ngamma delta\n", 0o644),
    ("colon.txt", "root:x:0\nuser:y:1000\n", 0o644),
    ("bin/hello.sh", "#!/bin/sh\necho \"hello from $0: $#: $*\"\nexit 3\n", 0o755),
    ("bin/noshebang", "echo \"no shebang: $1\"\n", 0o755),
    ("bin/plain.sh", "#!/bin/sh\necho never\n", 0o644),
    ("script.sh", "echo \"script $0 args: $# [$1] [$2]\"\nnosuch_in_script\necho \"status $?\"\nexit 4\n", 0o644),
    ("lib.sh", "greet() { echo \"hi $1\"; }\nLIBVAR=loaded\n", 0o644),
];

/// A runtime with the userland (`$BURROW_USERLAND_DIR` or `target/guests`) and the fixture.
fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        let mut b = Runtime::builder()
            .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")));
        for (name, content, mode) in FILES {
            b = b.file(format!("/data/{name}"), content.as_bytes().to_vec(), *mode);
        }
        let rt = b.build().expect("runtime");
        let vm = Vm::builder().runtime(&rt).build().expect("vm");
        assert!(
            vm.run(&["/bin/sh", "-c", "exit 0"]).is_ok(),
            "no /bin/sh: build the userland with `cargo xtask guests` (or set BURROW_USERLAND_DIR)"
        );
        rt
    })
    .clone()
}

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    /// A fresh VM in `/data`.
    fn vm(self) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).cwd("/data").build().expect("vm")
    }
}

/// One scenario and bash's answer to it.
struct Case {
    /// Run as `sh -c SCRIPT`.
    script: &'static str,
    stdout: &'static str,
    /// Checked when given (some messages hold process ids or race with stdout).
    stderr: Option<&'static str>,
    status: i32,
}

const fn case(script: &'static str, stdout: &'static str, stderr: Option<&'static str>, status: i32) -> Case {
    Case { script, stdout, stderr, status }
}

/// Runs `argv` in `vm` (cwd `/data`) with `stdin`.
fn run(vm: &Vm, argv: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = vm.command(argv[0]).args(argv[1..].iter().copied()).cwd("/data");
    if let Some(input) = stdin {
        cmd = cmd.stdin(Stdio::Bytes(input.to_vec()));
    }
    cmd.output().unwrap_or_else(|e| panic!("{argv:?}: {e}"))
}

/// Runs every case in a fresh VM; fails listing every scenario that differs from bash.
fn check(b: Backend, cases: &[Case]) {
    let mut failures = Vec::new();
    for c in cases {
        let out = run(&b.vm(), &["sh", "-c", c.script], None);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        if stdout != c.stdout || out.code() != c.status || c.stderr.is_some_and(|e| e != stderr) {
            failures.push(format!(
                "--- script:\n{}\n--- stdout: {stdout:?}\n  expected: {:?}\n--- stderr: {stderr:?}\n  expected: {:?}\n--- status: {} (expected {})",
                c.script,
                c.stdout,
                c.stderr.unwrap_or("(not checked)"),
                out.code(),
                c.status
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios differ from bash:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Asserts stdout, stderr and status of `argv` run with `stdin`.
fn expect_all(vm: &Vm, argv: &[&str], stdin: Option<&[u8]>, stdout: &str, stderr: &str, status: i32) {
    let out = run(vm, argv, stdin);
    assert_eq!(
        (text(&out.stdout).as_str(), text(&out.stderr).as_str(), out.code()),
        (stdout, stderr, status),
        "{argv:?}"
    );
}

every_backend!(
    pipelines_and_lists,
    redirections,
    here_documents,
    variables_and_parameters,
    parameter_expansion,
    command_substitution_and_arithmetic,
    globbing,
    quoting,
    control_flow,
    functions,
    subshells_and_groups,
    builtins_cd_pwd_echo_printf_test,
    builtins_variables,
    builtins_eval_exec_source,
    traps_and_signals,
    background_jobs,
    command_type_alias_umask,
    invocation_and_exit_codes,
    errexit_nounset_pipefail_xtrace,
    builtin_stages_in_pipelines,
    long_outputs,
    syntax_errors,
    arrays_and_bash_extensions,
    process_substitution,
    multi_line_scripts,
    other_invocations,
    aliases_expand_in_sh_only,
);

/// Every scenario, for [`same_output_as_the_host_bash`].
const ALL: &[&[Case]] = &[
    PIPELINES_AND_LISTS,
    REDIRECTIONS,
    HERE_DOCUMENTS,
    VARIABLES_AND_PARAMETERS,
    PARAMETER_EXPANSION,
    COMMAND_SUBSTITUTION_AND_ARITHMETIC,
    GLOBBING,
    QUOTING,
    CONTROL_FLOW,
    FUNCTIONS,
    SUBSHELLS_AND_GROUPS,
    BUILTINS_CD_PWD_ECHO_PRINTF_TEST,
    BUILTINS_VARIABLES,
    BUILTINS_EVAL_EXEC_SOURCE,
    TRAPS_AND_SIGNALS,
    BACKGROUND_JOBS,
    COMMAND_TYPE_ALIAS_UMASK,
    INVOCATION_AND_EXIT_CODES,
    ERREXIT_NOUNSET_PIPEFAIL_XTRACE,
    BUILTIN_STAGES_IN_PIPELINES,
    LONG_OUTPUTS,
    SYNTAX_ERRORS,
    ARRAYS_AND_BASH_EXTENSIONS,
    PROCESS_SUBSTITUTION,
    MULTI_LINE_SCRIPTS,
];

/// Pipelines, `;`, `&&`, `||`, `!` and their statuses.
fn pipelines_and_lists(b: Backend) {
    check(b, PIPELINES_AND_LISTS);
}

const PIPELINES_AND_LISTS: &[Case] = &[
    case(r#"echo hi | tr a-z A-Z"#, "HI\n", None, 0),
    case(r#"printf 'b\na\nc\n' | sort | head -2"#, "a\nb\n", None, 0),
    case(r#"echo x | cat | cat | cat | cat | tr x y"#, "y\n", None, 0),
    case(r#"true; echo $?; false; echo $?"#, "0\n1\n", None, 0),
    case(r#"true && echo yes || echo no; false && echo yes || echo no"#, "yes\nno\n", None, 0),
    case(r#"false || false || echo third; true && false && echo never; echo $?"#, "third\n1\n", None, 0),
    case(r#"false; true | false; echo $?; false | true; echo $?"#, "1\n0\n", None, 0),
    case(r#"! false; echo $?; ! true; echo $?; ! echo a | grep -q b; echo $?"#, "0\n1\n0\n", None, 0),
    case(
        r#"true | false | true; echo "${PIPESTATUS[@]}"; (exit 3) | (exit 4); echo "${PIPESTATUS[*]}""#,
        "0 1 0\n3 4\n",
        None,
        0,
    ),
    case(r#"echo a; echo b;echo c"#, "a\nb\nc\n", None, 0),
    case(r#"seq 5 | { head -2; cat; }"#, "1\n2\n", None, 0),
    case(r#"echo one two | while read a b; do echo "$b $a"; done"#, "two one\n", None, 0),
    case(r#"printf 'a\nb\n' | while read x; do echo "<$x>"; done | sort -r"#, "<b>\n<a>\n", None, 0),
    case(r#"cat lines.txt | grep -v two | wc -l"#, "2\n", None, 0),
];

/// `<` `>` `>>` `>|` `2>&1` `2>/dev/null` `&>` `<>`, `exec` redirections and descriptors.
fn redirections(b: Backend) {
    check(b, REDIRECTIONS);
}

const REDIRECTIONS: &[Case] = &[
    case(r#"echo one > f; echo two >> f; cat f; cat < f | wc -l"#, "one\ntwo\n2\n", None, 0),
    case(r#"ls /nonexistent 2>/dev/null; echo rc=$?"#, "rc=2\n", None, 0),
    case(r#"{ echo out; echo err >&2; } 2>&1 | cat -n"#, "     1\tout\n     2\terr\n", None, 0),
    case(r#"{ echo out; echo err >&2; } 2>/dev/null"#, "out\n", Some(""), 0),
    case(r#"echo to-stderr >&2"#, "", Some("to-stderr\n"), 0),
    case(r#"echo x 2>&1 >/dev/null; echo y >/dev/null 2>&1"#, "", Some(""), 0),
    case(r#"{ echo a; echo b >&2; } > out 2> err; cat out err"#, "a\nb\n", None, 0),
    case(r#"echo both &> f; cat f; echo more >> f 2>&1; cat f"#, "both\nboth\nmore\n", None, 0),
    case(
        r#"echo a > f; echo b >| f; cat f; set -C; echo c > f; echo $?; cat f"#,
        "b\n1\nb\n",
        Some("sh: line 1: f: cannot overwrite existing file\n"),
        0,
    ),
    case(r#"cat < nosuch; echo $?"#, "1\n", Some("sh: line 1: nosuch: No such file or directory\n"), 0),
    case(
        r#"echo x > /nonexistent/f; echo $?"#,
        "1\n",
        Some("sh: line 1: /nonexistent/f: No such file or directory\n"),
        0,
    ),
    case(r#"exec 3>f; echo to3 >&3; exec 3>&-; cat f"#, "to3\n", None, 0),
    case(r#"exec 3<lines.txt; read a <&3; read b <&3; exec 3<&-; echo "$b $a""#, "two one\n", None, 0),
    case(r#"echo a > f; exec 5>>f; echo b >&5; exec 5>&-; cat f"#, "a\nb\n", None, 0),
    case(r#"exec > out; echo hidden; exec >&2; cat out >&2"#, "", Some("hidden\n"), 0),
    case(r#"echo hi 3>&1 >&3 | cat"#, "hi\n", None, 0),
    case(
        r#"echo 12345 > f; exec 4<>f; read -n 2 x <&4; echo X >&4; exec 4>&-; echo $x; cat f"#,
        "12\n12X\n5\n",
        None,
        0,
    ),
    case(
        r#"f() { echo out; echo err >&2; }; f 2>&1 >/dev/null; f > /dev/null 2>&1; echo quiet"#,
        "err\nquiet\n",
        None,
        0,
    ),
    case(
        r#"for i in 1 2 3; do echo $i; done > out; cat out; while read l; do echo "<$l>"; done < out"#,
        "1\n2\n3\n<1>\n<2>\n<3>\n",
        None,
        0,
    ),
    case(r#"echo data > in; cat < in > out2; cat out2"#, "data\n", None, 0),
    case(r#"nosuch 2>/dev/null; echo $?; nosuch 2>&1 | cat"#, "127\nsh: line 1: nosuch: command not found\n", None, 0),
    case(r#"./nosuch 2>&1; echo $?"#, "sh: line 1: ./nosuch: No such file or directory\n127\n", None, 0),
];

/// Here-documents: `<<EOF` (expanding), `<<'EOF'` (literal), `<<-` (tabs stripped), here-strings.
fn here_documents(b: Backend) {
    check(b, HERE_DOCUMENTS);
}

const HERE_DOCUMENTS: &[Case] = &[
    case(
        r#"x=5; cat <<EOF
a $x $((1+2)) `echo bt` $(echo cs)
  \$x \\ \`
EOF"#,
        "a 5 3 bt cs\n  $x \\ `\n",
        None,
        0,
    ),
    case(
        r#"x=5; cat <<'EOF'
no $x expansion `here` \n
EOF"#,
        "no $x expansion `here` \\n\n",
        None,
        0,
    ),
    case(
        r#"cat <<"EOF"
quoted "delim" $HOME
EOF"#,
        "quoted \"delim\" $HOME\n",
        None,
        0,
    ),
    case(
        r#"cat <<-EOF
	tab stripped
		two tabs
	EOF
echo after"#,
        "tab stripped\ntwo tabs\nafter\n",
        None,
        0,
    ),
    case(
        r#"cat <<EOF | tr a-z A-Z
piped heredoc
EOF"#,
        "PIPED HEREDOC\n",
        None,
        0,
    ),
    case(
        r#"cat <<A; cat <<B
first
A
second
B"#,
        "first\nsecond\n",
        None,
        0,
    ),
    case(
        r#"f() { cat <<EOF
in func $1
EOF
}; f arg"#,
        "in func arg\n",
        None,
        0,
    ),
    case(
        r#"x=$(cat <<EOF
sub heredoc
EOF
); echo "$x""#,
        "sub heredoc\n",
        None,
        0,
    ),
    case(
        r#"if cat <<EOF; then echo yes; fi
body
EOF"#,
        "body\nyes\n",
        None,
        0,
    ),
    case(
        r#"while read l; do echo "[$l]"; done <<EOF
  lead space
trail  
EOF"#,
        "[lead space]\n[trail]\n",
        None,
        0,
    ),
    case(
        r#"while IFS= read -r l; do echo "[$l]"; done <<EOF
  lead space\\x
EOF"#,
        "[  lead space\\x]\n",
        None,
        0,
    ),
    case(r#"cat <<< "here string $((1+1))"; read a b <<< 'x y'; echo $b$a"#, "here string 2\nyx\n", None, 0),
    case(
        r#"cat <<EOF
unterminated $((6*7))"#,
        "unterminated 42\n",
        Some("sh: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n"),
        0,
    ),
    case(
        r#"v=val; cat <<EOF
"$v" '$v' ${v:-d} ${u:-def}
EOF"#,
        "\"val\" 'val' val def\n",
        None,
        0,
    ),
];

/// Assignments, `export`, and `$?` `$#` `$@` `$*` `$$` `$0` `$1`...
fn variables_and_parameters(b: Backend) {
    check(b, VARIABLES_AND_PARAMETERS);
}

const VARIABLES_AND_PARAMETERS: &[Case] = &[
    case(r#"x=hello; echo $x ${x} "$x" '$x'"#, "hello hello hello $x\n", None, 0),
    case(r#"a=1 b=2; echo $a$b "${a}x${b}""#, "12 1x2\n", None, 0),
    case(r#"x=10; x+=5; echo $x; y=a; y+=b; echo $y"#, "105\nab\n", None, 0),
    case(r#"export A=1; sh -c 'echo $A'; B=2 sh -c 'echo $B'; echo "[$B]""#, "1\n2\n[]\n", None, 0),
    case(r#"X=1; export X; sh -c 'echo $X'; export -n X; sh -c 'echo "[$X]"'"#, "1\n[]\n", None, 0),
    case(r#"export A=1 B; B=2; sh -c 'echo $A $B'; unset A; sh -c 'echo "[$A]"'"#, "1 2\n[]\n", None, 0),
    case(r#"x=1; unset x; echo "[${x-unset}]"; x=1; unset -v x; echo ${x-gone}"#, "[unset]\ngone\n", None, 0),
    case(r#"readonly R=1; R=2; echo $R"#, "", Some("sh: line 1: R: readonly variable\n"), 1),
    case(
        r#"readonly R=1; for R in 1; do echo in; done; echo out $?"#,
        "out 1\n",
        Some("sh: line 1: R: readonly variable\n"),
        0,
    ),
    case(r#"set -- a b c; echo $# $1 $2 $3; echo "$@"; echo "$*""#, "3 a b c\na b c\na b c\n", None, 0),
    case(r#"set -- 1 2 3 4 5 6 7 8 9 10 11; echo $10 ${10} ${11}"#, "10 10 11\n", None, 0),
    case(r#"echo $0"#, "sh\n", None, 0),
    case(
        r#"echo $$ | grep -q '^[0-9][0-9]*$' && echo num; [ "$$" = "$(echo $$)" ] && echo same; (echo $$) > a; [ "$(cat a)" = "$$" ] && echo subsame"#,
        "num\nsame\nsubsame\n",
        None,
        0,
    ),
    case(r#"true; echo $?; false; echo $?; (exit 7); echo $?; nosuch 2>/dev/null; echo $?"#, "0\n1\n7\n127\n", None, 0),
    case(r#"echo "$#" "$@"; shift; echo $?"#, "0\n1\n", None, 0),
    case(r#"f() { echo $#; }; set -- "x y" z; f "$@"; f $*; f "$*"; f $@"#, "2\n3\n1\n3\n", None, 0),
    case(r#"echo $BASH_VERSION | cut -c1-3; echo ${PATH:+set}; echo $HOME"#, "5.2\nset\n/home/user\n", None, 0),
    case(r#"x=5; (( x > 3 )) && echo big; let y=x*2; echo $y"#, "big\n10\n", None, 0),
    case(r#"declare -x Y=2; sh -c 'echo $Y'; declare -p Y"#, "2\ndeclare -x Y=\"2\"\n", None, 0),
    case(r#"f() { local a=1; g; }; g() { echo "g sees $a"; }; f; echo "[$a]""#, "g sees 1\n[]\n", None, 0),
    case(r#"f() { local x; x=inner; }; x=outer; f; echo $x"#, "outer\n", None, 0),
    case(
        r#"arr=(x y z); echo ${arr[1]} ${#arr[@]}; for e in "${arr[@]}"; do echo $e; done; echo ${!arr[@]}"#,
        "y 3\nx\ny\nz\n0 1 2\n",
        None,
        0,
    ),
];

/// `${x:-d}` `${x:=d}` `${x:+a}` `${x#p}` `${x##p}` `${x%p}` `${x%%p}` `${#x}` `${x/a/b}` and friends.
fn parameter_expansion(b: Backend) {
    check(b, PARAMETER_EXPANSION);
}

const PARAMETER_EXPANSION: &[Case] = &[
    case(r#"unset x; echo ${x:-d} ${x-e}; x=; echo ${x:-d} "${x-e}""#, "d e\nd \n", None, 0),
    case(r#"unset x; echo ${x:=dflt}; echo $x; echo ${x:=other}"#, "dflt\ndflt\ndflt\n", None, 0),
    case(
        r#"x=v; echo ${x:+alt} "${y:+alt}"; u=; echo "${u:-empty}" "${u-unset}" "${u:+alt}" "${u+set}""#,
        "alt \nempty   set\n",
        None,
        0,
    ),
    case(
        r#"x=a/b/c.tar.gz; echo ${x#*/} ${x##*/} ${x%.*} ${x%%.*} ${#x}"#,
        "b/c.tar.gz c.tar.gz a/b/c.tar a/b/c 12\n",
        None,
        0,
    ),
    case(r#"f=file.tar.gz; echo ${f%.gz} ${f%%.*} ${f#*.} ${f##*.}"#, "file.tar file tar.gz gz\n", None, 0),
    case(r#"x=/a/b/c; echo ${x%/*} ${x##*/} ${x#/} ${x%%/*}x"#, "/a/b c a/b/c x\n", None, 0),
    case(r#"x='a*b'; echo ${x#a\*} ${x#"a*"} ${x%'*b'}"#, "b b a\n", None, 0),
    case(r#"x=aXbXc; echo ${x/X/-} ${x//X/-} ${x/#a/S} ${x/%c/E} ${x/X}"#, "a-bXc a-b-c SXbXc aXbXE abXc\n", None, 0),
    case(r#"x="path/to/file"; echo ${x//\//_}"#, "path_to_file\n", None, 0),
    case(r#"x=abc; echo "${x/b/[&]}" ${x/b/\&} ${x//[ac]/<&>}"#, "a[b]c a&c <a>b<c>\n", None, 0),
    case(r#"x=hello; echo ${x:1:3} ${x: -3:2} "[${x:10}]" ${x:0:1}"#, "ell ll [] h\n", None, 0),
    case(r#"set -- a b c d e; echo ${@:2} ${@:2:2} ${*: -1}"#, "b c d e b c e\n", None, 0),
    case(r#"x=HeLLo; echo ${x,,} ${x^^} ${x^} ${x~~}"#, "hello HELLO HeLLo hEllO\n", None, 0),
    case(r#"echo ${#undefined}; x=hello; echo ${#x}; set -- a b c; echo ${#}"#, "0\n5\n3\n", None, 0),
    case(
        r#"x=5; echo ${x:?}; unset x; echo ${x:?custom msg}; echo no"#,
        "5\n",
        Some("sh: line 1: x: custom msg\n"),
        127,
    ),
    case(r#"(echo ${x:?}); echo $?"#, "1\n", Some("sh: line 1: x: parameter null or not set\n"), 0),
    case(r#"a=1; b=a; echo ${!b}"#, "1\n", None, 0),
    case(
        r#"x=5; echo ${x:+"has $x"}; echo "${x:+a b}"; echo "${x:-"default value"}" ${y:-'single'}"#,
        "has 5\na b\n5 single\n",
        None,
        0,
    ),
    // Transformations: @Q quotes for reuse as input, @E expands escapes, @U @u @L change case.
    case(
        r#"v="it's"; w=abc; t=$'a\tb'; echo "${v@Q} ${w@Q} ${t@Q}"; a=(x "y z"); echo "${a[@]@Q}"; echo "${unset@Q}|""#,
        "'it'\\''s' 'abc' $'a\\tb'\n'x' 'y z'\n|\n",
        None,
        0,
    ),
    case(
        r#"s='a\tb\x41'; echo "${s@E}"; n="hello world"; echo "${n@U} ${n@u} ${n@L}"; set -- "ab" "cd"; echo "${@@U}""#,
        "a\tbA\nHELLO WORLD Hello world hello world\nAB CD\n",
        None,
        0,
    ),
];

/// `$(...)` (nested), backticks, `$((...))` and `((...))`.
fn command_substitution_and_arithmetic(b: Backend) {
    check(b, COMMAND_SUBSTITUTION_AND_ARITHMETIC);
}

const COMMAND_SUBSTITUTION_AND_ARITHMETIC: &[Case] = &[
    case(r#"echo $(echo a $(echo b $(echo c)))"#, "a b c\n", None, 0),
    case(r#"echo `echo bt` "`echo q`"; echo `echo \`echo inner\``"#, "bt q\ninner\n", None, 0),
    case(r#"echo "$(echo "$(echo "$(echo deep)")")""#, "deep\n", None, 0),
    case(r#"v=$(printf 'a\n\n\n'); echo "[$v]"; v=$(printf 'x\n\ny\n\n'); echo "$v" | wc -l"#, "[a]\n3\n", None, 0),
    case(r#"x=$(exit 3); echo $?; x=$(echo a; exit 3); echo "$x $?""#, "3\na 3\n", None, 0),
    case(r#"out=$(echo err >&2; echo out); echo "[$out]""#, "[out]\n", Some("err\n"), 0),
    case(r#"echo $(for i in 1 2; do echo $i; done) "$(case x in x) echo incase;; esac)""#, "1 2 incase\n", None, 0),
    case(r#"echo $(echo ')'); echo $( (echo nested sub) )"#, ")\nnested sub\n", None, 0),
    case(r#"echo $(printf '%s\n' a b c); echo "$(printf '%s' "a  b")""#, "a b c\na  b\n", None, 0),
    case(r#"echo $((1+2*3)) $((10/3)) $((10%3)) $((2**10)) $(( (1+2)*3 )) $((-5/2))"#, "7 3 1 1024 9 -2\n", None, 0),
    case(
        r#"echo $(( 5 > 3 && 2 < 1 )) $(( 1 << 4 )) $(( 7 & 3 )) $(( 7 ^ 2 )) $(( ~0 )) $(( !0 ))"#,
        "0 16 3 5 -1 1\n",
        None,
        0,
    ),
    case(
        r#"echo $((16#ff)) $((2#101)) $((0x1F)) $((077)) $(( 9223372036854775807 + 1 ))"#,
        "255 5 31 63 -9223372036854775808\n",
        None,
        0,
    ),
    case(
        r#"echo $(( 10 > 5 ? 1 : 0 )) $(( 3 , 4 )) $(( a = 5 )) $a $(( a += 2 )) $(( a++ )) $a $(( --a ))"#,
        "1 4 5 5 7 7 8 7\n",
        None,
        0,
    ),
    case(
        r#"x=3; echo $((x+1)) $((x*x)) $((x<5)) $((x==3?10:20)); ((x++)); echo $x; y=x; echo $((y+1))"#,
        "4 9 1 10\n4\n5\n",
        None,
        0,
    ),
    case(r#"i=5; (( i-- )); echo $i $?; (( i = 0 )); echo $?"#, "4 0\n1\n", None, 0),
    case(r#"echo $(( $(echo 2) ** $(echo 3) )) $((1+1))x x$((2))y"#, "8 2x x2y\n", None, 0),
    case(r#"echo $((1/0)); echo after"#, "", Some("sh: line 1: 1/0: division by 0 (error token is \"0\")\n"), 1),
    case(
        r#"echo $(( 1 + )); echo after"#,
        "",
        Some("sh: line 1: 1 + : syntax error: operand expected (error token is \"+ \")\n"),
        1,
    ),
    case(
        r#"echo $(( 2 * * 3 ))"#,
        "",
        Some("sh: line 1: 2 * * 3 : syntax error: operand expected (error token is \"* 3 \")\n"),
        1,
    ),
];

/// Pathname expansion; a pattern that matches nothing stays literal.
fn globbing(b: Backend) {
    check(b, GLOBBING);
}

const GLOBBING: &[Case] = &[
    case(r#"touch a.txt b.txt c.log; echo *.txt; echo *.none; echo ?.log"#, "a.txt b.txt colon.txt lines.txt words.txt\n*.none\nc.log\n", None, 0),
    case(r#"touch a b c; echo *; echo [ab]; echo [!a]; echo ?"#, "a b bin c colon.txt lib.sh lines.txt script.sh words.txt\na b\nb c\na b c\n", None, 0),
    case(r#"mkdir -p d/e; touch d/x d/e/y; echo d/*; echo d/*/y; echo */e"#, "d/e d/x\nd/e/y\nd/e\n", None, 0),
    case(r#"echo nomatch*; echo /nonexistent/*; echo "quoted*" '*'"#, "nomatch*\n/nonexistent/*\nquoted* *\n", None, 0),
    case(r#"touch .hidden vis; echo *; echo .*; shopt -s dotglob; echo *"#, "bin colon.txt lib.sh lines.txt script.sh vis words.txt\n.hidden\n.hidden bin colon.txt lib.sh lines.txt script.sh vis words.txt\n", None, 0),
    case(r#"shopt -s nullglob; echo x* [z] end; shopt -u nullglob; echo x*"#, "end\nx*\n", None, 0),
    case(r#"a='*.txt'; touch 1.txt 2.txt; echo $a; echo "$a"; set -f; echo *; set +f; echo *.txt"#, "1.txt 2.txt colon.txt lines.txt words.txt\n*.txt\n*\n1.txt 2.txt colon.txt lines.txt words.txt\n", None, 0),
    case(r#"touch 'a b'; for f in a*; do echo "[$f]"; done"#, "[a b]\n", None, 0),
    case(r#"mkdir -p g/h; touch g/h/i.txt g/j.txt top.txt; echo **/*.txt; shopt -s globstar; echo **; echo g/**; echo **/*.txt; echo g/**/; echo **/h; echo **/nomatch*"#, "g/j.txt\nbin bin/hello.sh bin/noshebang bin/plain.sh colon.txt g g/h g/h/i.txt g/j.txt lib.sh lines.txt script.sh top.txt words.txt\ng/ g/h g/h/i.txt g/j.txt\ncolon.txt g/h/i.txt g/j.txt lines.txt top.txt words.txt\ng/ g/h/\ng/h\n**/nomatch*\n", None, 0),
    case(r#"mkdir -p a/.hid/b; touch a/.hid/b/x.txt a/y.txt; shopt -s globstar; echo **/*.txt; shopt -s dotglob; echo **/*.txt"#, "a/y.txt colon.txt lines.txt words.txt\na/.hid/b/x.txt a/y.txt colon.txt lines.txt words.txt\n", None, 0),
    case(r#"case abc in a*c) echo m1;; esac; v='*'; case abc in $v) echo from-var;; esac; case abc in "$v") echo no;; *) echo quoted-literal;; esac"#, "m1\nfrom-var\nquoted-literal\n", None, 0),
];

/// Single quotes, double quotes, backslashes, `$'...'`, `"$@"` against `$*`, field splitting.
fn quoting(b: Backend) {
    check(b, QUOTING);
}

const QUOTING: &[Case] = &[
    case(
        r#"echo 'single $x \n' "double \$x \\ \"q\"" back\ slash"#,
        "single $x \\n double $x \\ \"q\" back slash\n",
        None,
        0,
    ),
    case(r#"echo '\\' "\\" "\a" "\$" "\`"; echo \$ \\ \' \" \a"#, "\\\\ \\ \\a $ `\n$ \\ ' \" a\n", None, 0),
    case(r#"echo 'it'\''s'; echo "it's"; echo $'it\'s\tTAB'"#, "it's\nit's\nit's\tTAB\n", None, 0),
    case(r#"echo "a"'b'c"d"; echo a\ b "c\ d" 'e\ f'"#, "abcd\na b c\\ d e\\ f\n", None, 0),
    case(
        r#"echo a\
b; echo "line1
line2""#,
        "ab\nline1\nline2\n",
        None,
        0,
    ),
    case(r#"echo \* \? \[ \] \{ \} \( \) \< \> \| \& \;"#, "* ? [ ] { } ( ) < > | & ;\n", None, 0),
    case(
        r#"echo "\$(not a sub)" '$(neither)' "`echo "inner quotes"`""#,
        "$(not a sub) $(neither) inner quotes\n",
        None,
        0,
    ),
    case(
        r#"set -- "a b" c; for i in "$@"; do echo "<$i>"; done; for i in "$*"; do echo "[$i]"; done; for i in $*; do echo "{$i}"; done"#,
        "<a b>\n<c>\n[a b c]\n{a}\n{b}\n{c}\n",
        None,
        0,
    ),
    case(
        r#"set -- "a b" "c d"; printf '[%s]' $@; echo; printf '[%s]' "$@"; echo; printf '[%s]' $*; echo; printf '[%s]' "$*"; echo"#,
        "[a][b][c][d]\n[a b][c d]\n[a][b][c][d]\n[a b c d]\n",
        None,
        0,
    ),
    case(r#"set -- 1 2 3; IFS=-; echo "$*"; echo $*; IFS=; echo "$*""#, "1-2-3\n1 2 3\n123\n", None, 0),
    case(
        r#"f() { printf '<%s>' "$@"; echo; }; f; f ""; f "" ""; set -- a b; f "$*" "$@""#,
        "<>\n<>\n<><>\n<a b><a><b>\n",
        None,
        0,
    ),
    case(
        r#"x='  spaced  out  '; echo [$x]; echo "[$x]"; x='a b  c'; printf '[%s]' $x; echo"#,
        "[ spaced out ]\n[  spaced  out  ]\n[a][b][c]\n",
        None,
        0,
    ),
    case(r#"IFS=,; x='a,b,,c'; for i in $x; do echo "<$i>"; done"#, "<a>\n<b>\n<>\n<c>\n", None, 0),
    case(r#"IFS=' :'; x='a : b:c'; set -- $x; echo $#; for i; do echo "<$i>"; done"#, "3\n<a>\n<b>\n<c>\n", None, 0),
    case(
        r#"x=''; set -- $x; echo $#; set -- "$x"; echo $#; set -- "" ""; echo $#; set -- $@; echo $#"#,
        "0\n1\n2\n0\n",
        None,
        0,
    ),
    case(r#"echo {1..5} {a..e..2} {x,y}{1,2} a{,b}c "{1..3}""#, "1 2 3 4 5 a c e x1 x2 y1 y2 ac abc {1..3}\n", None, 0),
    case(
        r#"echo a # comment
# full comment
echo b#notcomment"#,
        "a\nb#notcomment\n",
        None,
        0,
    ),
    case(r#"x=1; echo "$x" "${x}" "\$x" '\$x' \$x"#, "1 1 $x \\$x $x\n", None, 0),
];

/// `if` `for` `while` `until` `case`, `break`/`continue` (with levels).
fn control_flow(b: Backend) {
    check(b, CONTROL_FLOW);
}

const CONTROL_FLOW: &[Case] = &[
    case(
        r#"if true; then echo t; else echo f; fi; if false; then echo t; elif true; then echo e; fi"#,
        "t\ne\n",
        None,
        0,
    ),
    case(
        r#"if [ 1 = 2 ]; then echo a; elif [ 2 = 2 ]; then echo b; else echo c; fi; if false; then :; fi; echo $?"#,
        "b\n0\n",
        None,
        0,
    ),
    case(r#"if (exit 4); then :; else echo $?; fi"#, "4\n", None, 0),
    case(
        r#"for i in a b c; do echo $i; done; for i; do echo never; done; for x in; do echo never; done; echo ok"#,
        "a\nb\nc\nok\n",
        None,
        0,
    ),
    case(
        r#"set -- p q; for i; do echo $i; done; for i in $(seq 3); do echo -n $i; done; echo"#,
        "p\nq\n123\n",
        None,
        0,
    ),
    case(r#"for ((i=0; i<3; i++)); do echo $i; done; for ((;;)); do break; done; echo out"#, "0\n1\n2\nout\n", None, 0),
    case(
        r#"i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done; while false; do :; done; echo $?"#,
        "0\n1\n2\n0\n",
        None,
        0,
    ),
    case(r#"i=0; until [ $i -ge 3 ]; do echo $i; i=$((i+1)); done"#, "0\n1\n2\n", None, 0),
    case(r#"i=0; while :; do i=$((i+1)); [ $i -ge 5 ] && break; done; echo $i"#, "5\n", None, 0),
    case(
        r#"for w in apple banana cherry x; do case $w in a*) echo A;; b*|c*) echo BC;; *) echo other;; esac; done"#,
        "A\nBC\nBC\nother\n",
        None,
        0,
    ),
    case(
        r#"case x in y) echo y;; esac; echo $?; case "" in "") echo empty;; esac; case x in (x) echo paren;; esac"#,
        "0\nempty\nparen\n",
        None,
        0,
    ),
    case(
        r#"case "a b" in "a b") echo space;; esac; case abc in [a-c]bc) echo range;; esac; case Abc in [!a-z]*) echo notlower;; esac"#,
        "space\nrange\nnotlower\n",
        None,
        0,
    ),
    case(
        r#"case x in x) echo one;& y) echo fall;; z) echo no;; esac; case 1 in 1) echo a;;& 1) echo b;; esac"#,
        "one\nfall\na\nb\n",
        None,
        0,
    ),
    case(
        r#"for i in 1 2 3 4; do if [ $i = 2 ]; then continue; fi; if [ $i = 4 ]; then break; fi; echo $i; done"#,
        "1\n3\n",
        None,
        0,
    ),
    case(
        r#"for i in 1 2; do for j in a b c; do [ $j = b ] && break 2; echo $i$j; done; done; echo done"#,
        "1a\ndone\n",
        None,
        0,
    ),
    case(
        r#"for i in 1 2; do for j in a b; do [ $j = a ] && continue 2; echo $i$j; done; done; echo done"#,
        "done\n",
        None,
        0,
    ),
    case(
        r#"for i in a b; do for j in 1 2; do for k in x y; do [ $k = y ] && continue 3; echo $i$j$k; done; done; done"#,
        "a1x\nb1x\n",
        None,
        0,
    ),
    case(
        r#"for i in 1 2; do break 5; done; echo ok; i=0; while true; do i=$((i+1)); if [ $i -gt 2 ]; then break; fi; echo $i; done"#,
        "ok\n1\n2\n",
        None,
        0,
    ),
    case(
        r#"for i in 1 2 3; do echo $i; done | tail -1; n=0; while read l; do n=$((n+1)); done < lines.txt; echo $n"#,
        "3\n3\n",
        None,
        0,
    ),
];

/// Definitions, arguments, `return`, `local`, recursion, `FUNCNAME`.
fn functions(b: Backend) {
    check(b, FUNCTIONS);
}

const FUNCTIONS: &[Case] = &[
    case(r#"f() { echo "f:$1"; return 3; }; f arg; echo $?"#, "f:arg\n3\n", None, 0),
    case(r#"f() { return 2; echo no; }; f; echo $?; g() { echo in g; return; }; g; echo $?"#, "2\nin g\n0\n", None, 0),
    case(r#"f() { echo $#; shift; echo $1; }; f x y z; echo $#"#, "3\ny\n0\n", None, 0),
    case(r#"f() { echo "[$1]" "[$2]"; }; f "a b" 'c  d'"#, "[a b] [c  d]\n", None, 0),
    case(r#"x=1; f() { x=2; }; f; echo $x"#, "2\n", None, 0),
    case(r#"function fn { echo kw $1; }; fn a; function fn2() { echo both; }; fn2"#, "kw a\nboth\n", None, 0),
    case(r#"f() { g() { echo inner def; }; }; f; g"#, "inner def\n", None, 0),
    case(r#"f() { local IFS=,; echo "$*"; }; f a b c"#, "a,b,c\n", None, 0),
    case(r#"f() { (return 4); echo $?; }; f"#, "4\n", None, 0),
    case(
        r#"fact() { [ $1 -le 1 ] && echo 1 && return; echo $(( $1 * $(fact $(( $1 - 1 ))) )); }; fact 6"#,
        "720\n",
        None,
        0,
    ),
    case(
        r#"r() { if [ $1 -le 0 ]; then echo 0; else echo $(( $1 + $(r $(( $1 - 1 ))) )); fi; }; r 5"#,
        "15\n",
        None,
        0,
    ),
    case(
        r#"f() { echo "${FUNCNAME[@]}|$FUNCNAME"; g; }; g() { echo "${FUNCNAME[@]}"; (echo sub $FUNCNAME); }; f; echo "[$FUNCNAME]""#,
        "f|f\ng f\nsub g\n[]\n",
        None,
        0,
    ),
    case(r#"f() { case $1 in a) return 1;; *) return 0;; esac; }; f a; echo $?; f b; echo $?"#, "1\n0\n", None, 0),
    case(r#"f() { cat; }; echo piped | f; f <<< herestr; f < /dev/null; echo end"#, "piped\nherestr\nend\n", None, 0),
    case(r#"f() { echo hi; } > out; f; cat out"#, "hi\n", None, 0),
    case(
        r#"return; echo $?"#,
        "2\n",
        Some("sh: line 1: return: can only `return' from a function or sourced script\n"),
        0,
    ),
];

/// `( )` isolates variables and the directory; `{ }` does not.
fn subshells_and_groups(b: Backend) {
    check(b, SUBSHELLS_AND_GROUPS);
}

const SUBSHELLS_AND_GROUPS: &[Case] = &[
    case(r#"x=1; (x=2; echo in $x); echo out $x"#, "in 2\nout 1\n", None, 0),
    case(r#"cd /tmp; (cd /; pwd); pwd"#, "/\n/tmp\n", None, 0),
    case(r#"(cd /tmp; echo $PWD); echo $PWD = $(pwd)"#, "/tmp\n/data = /data\n", None, 0),
    case(r#"x=1; { x=2; }; echo $x; { y=changed; }; (z=changed); echo "$y [$z]""#, "2\nchanged []\n", None, 0),
    case(r#"{ echo a; echo b; } | wc -l; (echo c; echo d) | sort -r"#, "2\nd\nc\n", None, 0),
    case(r#"( exit 2 ) || echo failed $?; (exit 3); echo $?"#, "failed 2\n3\n", None, 0),
    case(r#"( ( echo deep ) ); x=$( (echo inside) ); echo $x"#, "deep\ninside\n", None, 0),
    case(r#"echo $BASH_SUBSHELL; (echo $BASH_SUBSHELL; (echo $BASH_SUBSHELL))"#, "0\n1\n2\n", None, 0),
    case(r#"f() { echo fn; }; (f); (unset -f f; f 2>/dev/null || echo gone); f"#, "fn\ngone\nfn\n", None, 0),
    case(r#"set -- a b; (set -- c; echo $@); echo $@"#, "c\na b\n", None, 0),
    case(r#"(trap 'echo sub exit' EXIT; echo sub); echo main"#, "sub\nsub exit\nmain\n", None, 0),
    case(r#"umask 022; (umask 077; umask); umask"#, "0077\n0022\n", None, 0),
];

/// `cd`, `pwd`, `echo`, `printf`, `test`/`[`, `true`, `false`, `:`.
fn builtins_cd_pwd_echo_printf_test(b: Backend) {
    check(b, BUILTINS_CD_PWD_ECHO_PRINTF_TEST);
}

const BUILTINS_CD_PWD_ECHO_PRINTF_TEST: &[Case] = &[
    case(r#"cd / && pwd && cd tmp && pwd && cd .. && pwd"#, "/\n/tmp\n/\n", None, 0),
    case(r#"cd /tmp; cd -; cd - >/dev/null; pwd; echo $OLDPWD"#, "/data\n/tmp\n/data\n", None, 0),
    case(r#"mkdir -p a/b; cd a/b; pwd; cd ../..; pwd; cd; pwd"#, "/data/a/b\n/data\n/home/user\n", None, 0),
    case(
        r#"cd /nonexistent; echo $?; cd lines.txt; echo $?"#,
        "1\n1\n",
        Some("sh: line 1: cd: /nonexistent: No such file or directory\nsh: line 1: cd: lines.txt: Not a directory\n"),
        0,
    ),
    case(r#"mkdir d; cd d; echo $PWD; pwd -L; pwd -P"#, "/data/d\n/data/d\n/data/d\n", None, 0),
    case(
        r#"echo -n no; echo; echo -e 'a\tb\nc'; echo -E 'a\tb'; echo -ne 'q\n'; echo -- -n; echo -x"#,
        "no\na\tb\nc\na\\tb\nq\n-- -n\n-x\n",
        None,
        0,
    ),
    case(r#"printf '%s-%d-%5.2f|%x|%o|%c\n' str 42 3.14159 255 8 xyz"#, "str-42- 3.14|ff|10|x\n", None, 0),
    case(
        r#"printf '%s\n' a b c; printf '%-5s|%5s|%.1s\n' ab cd xyz; printf '%5d|%-5d|%05d\n' 42 42 42"#,
        "a\nb\nc\nab   |   cd|x\n   42|42   |00042\n",
        None,
        0,
    ),
    case(
        r#"printf '%s %s\n' a b c; printf '%%\n'; printf '%b\n' 'a\nb'; printf '\x41\101\n'; printf '%i %u %X %e %g\n' 10 20 255 1.5 0.5"#,
        "a b\nc \n%\na\nb\nAA\n10 20 FF 1.500000e+00 0.5\n",
        None,
        0,
    ),
    case(
        r#"printf '%q %q %q\n' 'a b' "it's" ''; printf -v var '%03d' 7; echo $var"#,
        "a\\ b it\\'s ''\n007\n",
        None,
        0,
    ),
    case(r#"printf '%d\n' abc; echo $?"#, "0\n1\n", Some("sh: line 1: printf: abc: invalid number\n"), 0),
    case(
        r#"test 1 -eq 1 && echo eq; [ a = b ] || echo ne; [ -z "" ] && echo z; [ -n x ] && echo n"#,
        "eq\nne\nz\nn\n",
        None,
        0,
    ),
    case(
        r#"test 2 -gt 1; echo $?; test 2 -lt 1; echo $?; [ abc ]; echo $?; [ ]; echo $?; [ "a" != "a" ]; echo $?"#,
        "0\n1\n0\n1\n1\n",
        None,
        0,
    ),
    case(
        r#"[ 1 -eq 1 -a 2 -eq 2 ] && echo and; [ 1 -eq 2 -o 2 -eq 2 ] && echo or; [ \( 1 -eq 1 \) ] && echo paren; [ ! 1 -eq 2 ] && echo not"#,
        "and\nor\nparen\nnot\n",
        None,
        0,
    ),
    case(
        r#"[ "a" \< "b" ] && echo lt; [ 5 -ge 5 ] && echo ge; [ 3 -ne 4 ] && echo ne; [ -s /dev/null ] || echo empty"#,
        "lt\nge\nne\nempty\n",
        None,
        0,
    ),
    case(
        r#"touch f; mkdir d; [ -f f ] && echo file; [ -d d ] && echo dir; [ -e nope ] || echo none; [ ! -f d ] && echo notf; [ -s lines.txt ] && echo nonempty"#,
        "file\ndir\nnone\nnotf\nnonempty\n",
        None,
        0,
    ),
    case(
        r#"[ -x bin/hello.sh ] && echo x; [ -x bin/plain.sh ] || echo notx; [ -r lines.txt ] && echo r; ln -s lines.txt l; [ -L l ] && echo link; [ -h lines.txt ] || echo nolink"#,
        "x\nnotx\nr\nlink\nnolink\n",
        None,
        0,
    ),
    case(
        r#"[[ abc == a* ]] && echo glob; [[ abc =~ ^a.c$ ]] && echo re; [[ -n x && 1 -lt 2 ]] && echo both; [[ a < b ]] && echo lt"#,
        "glob\nre\nboth\nlt\n",
        None,
        0,
    ),
    case(
        r#"[ 1 -eq x ]; echo $?; [ 1 = 1 ]]; echo $?"#,
        "2\n2\n",
        Some("sh: line 1: [: x: integer expression expected\nsh: line 1: [: missing `]'\n"),
        0,
    ),
    case(r#"true; echo $?; false; echo $?; : ; echo $?; : ignored args; echo $?"#, "0\n1\n0\n0\n", None, 0),
];

/// `export`, `unset`, `set`, `shift`, `read` (with `IFS`, `-r`, loops over files).
fn builtins_variables(b: Backend) {
    check(b, BUILTINS_VARIABLES);
}

const BUILTINS_VARIABLES: &[Case] = &[
    case(r#"export X=1; export -p | grep ' X='; env | grep '^X='"#, "declare -x X=\"1\"\nX=1\n", None, 0),
    case(r#"unset v; v=1; unset v; echo ${v-gone}; f() { :; }; unset -f f; type f 2>&1 | head -1"#, "gone\nsh: line 1: type: f: not found\n", None, 0),
    case(r#"set -- a b c; shift; echo $@; shift 2; echo $#; shift; echo $?"#, "b c\n0\n1\n", None, 0),
    case(r#"set -- a b c d; shift 3; echo "$@"; set -- a; shift 2; echo $?"#, "d\n1\n", None, 0),
    case(r#"set -- a b c; echo $#; set --; echo $#; set -- 'x y'; echo $1; set a b; echo $2"#, "3\n0\nx y\nb\n", None, 0),
    case(r#"set -o | grep -E '^(errexit|nounset|pipefail|xtrace|noglob)'; set -eu; set -o | grep -E '^(errexit|nounset)'"#, "errexit        \toff\nnoglob         \toff\nnounset        \toff\npipefail       \toff\nxtrace         \toff\nerrexit        \ton\nnounset        \ton\n", None, 0),
    case(r#"echo $-; set -f; echo $-; set +f; echo $-"#, "hBc\nfhBc\nhBc\n", None, 0),
    case(r#"echo 'a b c' | { read x y; echo "$x|$y"; }; printf 'a b c d\n' | { read x y; echo "[$x][$y]"; }"#, "a|b c\n[a][b c d]\n", None, 0),
    case(r#"while read line; do echo "got $line"; done < lines.txt"#, "got one\ngot two\ngot three\n", None, 0),
    case(r#"echo 'a:b:c' | { IFS=: read a b; echo "$a|$b"; }; while IFS=: read user pass uid; do echo "$user=$uid"; done < colon.txt"#, "a|b:c\nroot=0\nuser=1000\n", None, 0),
    case(r#"read -r a <<< 'x\y'; echo "$a"; read a <<< 'x\y'; echo "$a"; printf 'a\\\nb\n' | { read x; echo "$x"; }"#, "x\\y\nxy\nab\n", None, 0),
    case(r#"printf 'no newline' | { read x; echo "$? [$x]"; }; read x < /dev/null; echo $?"#, "1 [no newline]\n1\n", None, 0),
    case(r#"read a b c <<< "1 2 3 4 5"; echo "$a|$b|$c"; IFS=, read -a arr <<< "x,y,z"; echo ${arr[1]} ${#arr[@]}"#, "1|2|3 4 5\ny 3\n", None, 0),
    case(r#"read -n 3 x <<< abcdef; echo $x; read -d , y <<< 'ab,cd'; echo $y"#, "abc\nab\n", None, 0),
    case(r#"printf '1\n2\n3\n' | while read n; do s=$((s+n)); echo $s; done"#, "1\n3\n6\n", None, 0),
    case(r#"n=0; while read l; do n=$((n+1)); done <<EOF
a
b
EOF
echo $n"#, "2\n", None, 0),
    case(r#"x=1; echo a | { read x; }; echo $x; echo b | (read y; echo "sub:$y")"#, "1\nsub:b\n", None, 0),
    case(r#"seq 3 > f; exec < f; read a; read b; echo $a$b; cat"#, "12\n3\n", None, 0),
];

/// `eval`, `exec`, `source`/`.`.
fn builtins_eval_exec_source(b: Backend) {
    check(b, BUILTINS_EVAL_EXEC_SOURCE);
}

const BUILTINS_EVAL_EXEC_SOURCE: &[Case] = &[
    case(
        r#"eval 'x=5; echo $x'; cmd='echo evaled'; eval $cmd; eval 'for i in 1 2; do echo $i; done'"#,
        "5\nevaled\n1\n2\n",
        None,
        0,
    ),
    case(r#"eval 'a=1; b=2'; echo $a$b; eval "echo \$a"; x='$a'; eval echo $x"#, "12\n1\n1\n", None, 0),
    case(r#"eval false; echo $?; eval; echo $?"#, "1\n0\n", None, 0),
    case(
        r#"eval 'echo a; fi'; echo $?"#,
        "2\n",
        Some("sh: eval: line 1: syntax error near unexpected token `fi'\nsh: eval: line 1: `echo a; fi'\n"),
        0,
    ),
    case(r#"echo 'echo sourced $1' > s.sh; . ./s.sh; source ./s.sh x"#, "sourced\nsourced x\n", None, 0),
    case(
        r#"echo 'echo sourced $#; return 5; echo no' > s.sh; . ./s.sh a b; echo "rc $?""#,
        "sourced 2\nrc 5\n",
        None,
        0,
    ),
    case(r#". ./lib.sh; greet you; echo $LIBVAR"#, "hi you\nloaded\n", None, 0),
    case(r#"echo 'echo found in path' > mycmd.sh; PATH=.:$PATH; . mycmd.sh"#, "found in path\n", None, 0),
    case(r#". /nonexistent; echo $?"#, "1\n", Some("sh: line 1: /nonexistent: No such file or directory\n"), 0),
    case(r#"exec echo replaced; echo never"#, "replaced\n", None, 0),
    case(r#"(exec echo sub exec); echo main"#, "sub exec\nmain\n", None, 0),
    case(r#"exec sh -c 'echo replaced $0' newname"#, "replaced newname\n", None, 0),
    case(r#"exec nosuch; echo no"#, "", Some("sh: line 1: exec: nosuch: not found\n"), 127),
];

/// `trap` on EXIT, INT, TERM and USR1; `kill`; a signal without a trap kills the shell.
fn traps_and_signals(b: Backend) {
    check(b, TRAPS_AND_SIGNALS);
}

const TRAPS_AND_SIGNALS: &[Case] = &[
    case(r#"trap 'echo bye' EXIT; echo main"#, "main\nbye\n", None, 0),
    case(r#"trap 'echo bye $?' EXIT; exit 4"#, "bye 4\n", None, 4),
    case(r#"trap 'echo bye $?' EXIT; false"#, "bye 1\n", None, 1),
    case(r#"trap 'echo got TERM' TERM; kill -TERM $$; echo after $?"#, "got TERM\nafter 0\n", None, 0),
    case(r#"trap 'echo got INT; exit 5' INT; kill -INT $$; echo never"#, "got INT\n", None, 5),
    case(r#"trap 'echo usr1' USR1; kill -USR1 $$; kill -s USR1 $$; echo done"#, "usr1\nusr1\ndone\n", None, 0),
    case(r#"trap '' TERM; kill -TERM $$; echo ignored"#, "ignored\n", None, 0),
    case(r#"kill -TERM $$; echo not reached"#, "", None, 143),
    case(r#"trap 'echo T' TERM; (kill -TERM $$); echo after"#, "T\nafter\n", None, 0),
    case(r#"trap 'echo in trap' EXIT; (echo sub); echo main"#, "sub\nmain\nin trap\n", None, 0),
    case(r#"f() { trap 'echo fexit' EXIT; }; f; echo after"#, "after\nfexit\n", None, 0),
    case(
        r#"trap 'echo x' EXIT INT; trap -p EXIT; trap - INT; trap -p INT; trap - EXIT; echo ."#,
        "trap -- 'echo x' EXIT\n.\n",
        None,
        0,
    ),
    case(r#"set -e; trap 'echo trapped $?' EXIT; false; echo no"#, "trapped 1\n", None, 1),
    case(
        r#"kill -l TERM; kill -l 9; kill -0 $$ && echo alive; kill -s 0 $$; echo $?"#,
        "15\nKILL\nalive\n0\n",
        None,
        0,
    ),
    case(r#"kill 99999; echo $?"#, "1\n", Some("sh: line 1: kill: (99999) - No such process\n"), 0),
];

/// `&`, `$!` and `wait`.
fn background_jobs(b: Backend) {
    check(b, BACKGROUND_JOBS);
}

const BACKGROUND_JOBS: &[Case] = &[
    case(r#"sleep 0.1 & p=$!; wait $p; echo waited $?"#, "waited 0\n", None, 0),
    case(r#"(sleep 0.2; echo bg) & echo fg; wait; echo end"#, "fg\nbg\nend\n", None, 0),
    case(
        r#"for i in 1 2 3; do (echo job $i) > out$i & done; wait; cat out1 out2 out3"#,
        "job 1\njob 2\njob 3\n",
        None,
        0,
    ),
    case(
        r#"(exit 5) & p=$!; wait $p; echo $?; true & wait $!; echo $?; false & wait $!; echo $?"#,
        "5\n0\n1\n",
        None,
        0,
    ),
    case(r#"[ -n "$!" ] || echo empty; true & [ -n "$!" ] && echo set; wait"#, "empty\nset\n", None, 0),
    case(r#"sleep 5 & pid=$!; kill $pid; wait $pid; echo "status $?""#, "status 143\n", None, 0),
    case(r#"{ sleep 0.1; echo later; } & wait $!; echo $?"#, "later\n0\n", None, 0),
    case(
        r#"wait; echo $?; wait 99999; echo $?"#,
        "0\n127\n",
        Some("sh: line 1: wait: pid 99999 is not a child of this shell\n"),
        0,
    ),
    case(r#"x=1; { x=2; } & wait; echo $x"#, "1\n", None, 0),
    // `jobs`: stable numbers, `+` newest and `-` the one before, the command; `jobs -p` in a
    // pipeline stage or substitution (a subshell) lists the same jobs.
    case(
        r#"sleep 5 & sleep 6 & jobs; jobs -p | wc -l; kill $(jobs -p); wait; echo end"#,
        "[1]-  Running                 sleep 5 &\n[2]+  Running                 sleep 6 &\n2\nend\n",
        None,
        0,
    ),
];

/// `command` (-v, -V), `type`, `alias`/`unalias`, `umask`, `hash`.
fn command_type_alias_umask(b: Backend) {
    check(b, COMMAND_TYPE_ALIAS_UMASK);
}

const COMMAND_TYPE_ALIAS_UMASK: &[Case] = &[
    case(r#"command -v echo; command -v ls; command -v nosuch; echo $?; command -V echo"#, "echo\n/usr/bin/ls\n1\necho is a shell builtin\n", None, 0),
    case(r#"command echo hi; f() { echo func; }; command -v f; echo() { builtin echo wrapped $@; }; echo x; command echo y"#, "hi\nf\nwrapped x\ny\n", None, 0),
    case(r#"command nosuch; echo $?"#, "127\n", Some("sh: line 1: nosuch: command not found\n"), 0),
    case(r#"type echo; type cd; type ls; type -t echo; type -t ls; type -t if; type nosuch; echo $?"#, "echo is a shell builtin\ncd is a shell builtin\nls is /usr/bin/ls\nbuiltin\nfile\nkeyword\n1\n", Some("sh: line 1: type: nosuch: not found\n"), 0),
    case(r#"type -a echo | head -1; type -p ls; type -P ls; type -p echo; echo $?"#, "echo is a shell builtin\n/usr/bin/ls\n/usr/bin/ls\n0\n", None, 0),
    case(r#"f() { echo a; echo b | cat; }; type f; declare -f f"#, "f is a function\nf () \n{ \n    echo a;\n    echo b | cat\n}\nf () \n{ \n    echo a;\n    echo b | cat\n}\n", None, 0),
    case(r#"f() { if true; then echo t; else echo e; fi; for i in 1 2; do echo $i; done; case $x in a|b) echo ab;; *) ;; esac; }; type f"#, "f is a function\nf () \n{ \n    if true; then\n        echo t;\n    else\n        echo e;\n    fi;\n    for i in 1 2;\n    do\n        echo $i;\n    done;\n    case $x in \n        a | b)\n            echo ab\n        ;;\n        *)\n\n        ;;\n    esac\n}\n", None, 0),
    case(r#"shopt -s expand_aliases; alias ll='echo aliased'
ll x; alias ll; unalias ll; ll 2>/dev/null; echo $?"#, "aliased x\nalias ll='echo aliased'\naliased\n0\n", None, 0),
    case(r#"alias a1='echo one' a2='echo two'; alias; unalias -a; alias; unalias nosuch; echo $?"#, "alias a1='echo one'\nalias a2='echo two'\n1\n", Some("sh: line 1: unalias: nosuch: not found\n"), 0),
    case(r#"umask 022; umask; umask 077; umask; umask -S; umask u=rwx,g=rx,o=; umask"#, "0022\n0077\nu=rwx,g=,o=\n0027\n", None, 0),
    case(r#"hash; echo $?; hash nosuch; echo $?"#, "hash: hash table empty\n0\n1\n", Some("sh: line 1: hash: nosuch: not found\n"), 0),
];

/// `sh -c` with a name and arguments, scripts by name and by path, scripts on stdin, 126 and 127.
fn invocation_and_exit_codes(b: Backend) {
    check(b, INVOCATION_AND_EXIT_CODES);
}

const INVOCATION_AND_EXIT_CODES: &[Case] = &[
    case(r#"sh -c 'echo $0 $1 $2 $#' name x y"#, "name x y 2\n", None, 0),
    case(r#"sh -c 'echo "$@"' x 'a b' c; sh -c 'exit 42'; echo $?"#, "a b c\n42\n", None, 0),
    case(
        r#"sh script.sh one two; echo "rc $?""#,
        "script script.sh args: 2 [one] [two]\nstatus 127\nrc 4\n",
        Some("script.sh: line 2: nosuch_in_script: command not found\n"),
        0,
    ),
    case(
        r#"./bin/hello.sh a b; echo "rc $?"; bin/hello.sh; echo "rc $?""#,
        "hello from ./bin/hello.sh: 2: a b\nrc 3\nhello from bin/hello.sh: 0: \nrc 3\n",
        None,
        0,
    ),
    case(r#"PATH=$PWD/bin:$PATH; hello.sh x; echo "rc $?""#, "hello from /data/bin/hello.sh: 1: x\nrc 3\n", None, 0),
    case(r#"./bin/noshebang arg; echo "rc $?""#, "no shebang: arg\nrc 0\n", None, 0),
    case(r#"./bin/plain.sh; echo $?"#, "126\n", Some("sh: line 1: ./bin/plain.sh: Permission denied\n"), 0),
    case(r#"mkdir d; ./d; echo $?"#, "126\n", Some("sh: line 1: ./d: Is a directory\n"), 0),
    case(r#"nosuch; echo $?"#, "127\n", Some("sh: line 1: nosuch: command not found\n"), 0),
    case(
        r#"nosuch arg; echo $?; echo
nosuch"#,
        "127\n\n",
        Some("sh: line 1: nosuch: command not found\nsh: line 2: nosuch: command not found\n"),
        127,
    ),
    case(
        r#"./nosuch; echo $?; /nosuch/x; echo $?"#,
        "127\n127\n",
        Some("sh: line 1: ./nosuch: No such file or directory\nsh: line 1: /nosuch/x: No such file or directory\n"),
        0,
    ),
    case(r#"bash nosuchfile; echo $?"#, "127\n", Some("bash: nosuchfile: No such file or directory\n"), 0),
    case(r#"printf 'echo one\necho two\nexit 3\necho no\n' > s; sh < s; echo $?"#, "one\ntwo\n3\n", None, 0),
    case(r#"echo 'echo hi' | sh; echo 'echo $#: $1 $2' | sh -s a b"#, "hi\n2: a b\n", None, 0),
    case(
        r#"printf 'x=1\nif [ $x = 1 ]; then\n  echo multi\nfi\nfor i in a b; do\n echo $i\ndone\n' | sh"#,
        "multi\na\nb\n",
        None,
        0,
    ),
    case(r#"printf 'cat <<E\nheredoc via stdin\nE\necho after\n' | sh"#, "heredoc via stdin\nafter\n", None, 0),
    case(
        r#"printf 'echo in script\nread line\necho "read: $line"\n' > s; printf 'data\n' | sh s"#,
        "in script\nread: data\n",
        None,
        0,
    ),
    case(r#"exit 7"#, "", None, 7),
    case(r#"echo a; exit; echo b"#, "a\n", None, 0),
    case(r#"false; exit"#, "", None, 1),
    case(r#"exit 256"#, "", None, 0),
    case(r#"(exit 300); echo $?; f() { return 300; }; f; echo $?"#, "44\n44\n", None, 0),
    case(r#"exit foo"#, "", Some("sh: line 1: exit: foo: numeric argument required\n"), 2),
    case(r#"exit 3 4; echo $?"#, "", Some("sh: line 1: exit: too many arguments\n"), 1),
];

/// `set -e` (and where it does not apply), `set -u`, `set -o pipefail`, `set -x`.
fn errexit_nounset_pipefail_xtrace(b: Backend) {
    check(b, ERREXIT_NOUNSET_PIPEFAIL_XTRACE);
}

const ERREXIT_NOUNSET_PIPEFAIL_XTRACE: &[Case] = &[
    case(r#"set -e; echo a; false; echo b"#, "a\n", None, 1),
    case(r#"set -e; if false; then echo no; fi; false && echo no; echo survived"#, "survived\n", None, 0),
    case(
        r#"set -e; false || true; ! true; echo ok; f() { false; echo "continued in f"; }; f || echo failed"#,
        "ok\ncontinued in f\n",
        None,
        0,
    ),
    case(r#"set -e; f() { false; echo "continued in f"; }; if f; then echo ok; fi"#, "continued in f\nok\n", None, 0),
    case(
        r#"set -e; x=1; while [ $x -lt 3 ]; do x=$((x+1)); done; echo $x; until true; do :; done; true && false; echo reached"#,
        "3\n",
        None,
        1,
    ),
    case(r#"set -e; x=$(false); echo no"#, "", None, 1),
    case(r#"set -e; (false); echo no"#, "", None, 1),
    case(r#"set -e; (false; echo no); echo after"#, "", None, 1),
    case(r#"set -e; false | true; echo yes"#, "yes\n", None, 0),
    case(r#"set -e; cmd_fail() { return 3; }; cmd_fail; echo no"#, "", None, 3),
    case(r#"set -e; echo a | grep -q b; echo no"#, "", None, 1),
    case(r#"printf 'set -e\necho one\nfalse\necho two\n' > s.sh; sh s.sh; echo $?"#, "one\n1\n", None, 0),
    case(
        r#"set -o pipefail; false | true; echo $?; true | false | true; echo $?; (exit 3) | (exit 4) | true; echo $?; set +o pipefail; false | true; echo $?"#,
        "1\n1\n4\n0\n",
        None,
        0,
    ),
    case(r#"set -eo pipefail; false | true; echo no"#, "", None, 1),
    case(r#"set -u; echo ${nope}; echo after"#, "", Some("sh: line 1: nope: unbound variable\n"), 127),
    case(
        r#"set -u; set -- a; echo $1; shift; echo $1; echo after"#,
        "a\n",
        Some("sh: line 1: $1: unbound variable\n"),
        127,
    ),
    case(r#"set -u; x=1; echo $x; echo ${y:-ok}; echo $#; echo "$@" end"#, "1\nok\n0\nend\n", None, 0),
    case(
        r#"set -x; echo "a b" 'c'; x=$((1+1)); f() { echo fn; }; f; set +x"#,
        "a b c\nfn\n",
        Some("+ echo 'a b' c\n+ x=2\n+ f\n+ echo fn\n+ set +x\n"),
        0,
    ),
    case(
        r#"set -x; for i in 1; do echo $i; done; if true; then :; fi; [ a = a ]; [[ b == b ]]; (( 1 )); set +x"#,
        "1\n",
        Some("+ for i in 1\n+ echo 1\n+ true\n+ :\n+ '[' a = a ']'\n+ [[ b == b ]]\n+ ((  1  ))\n+ set +x\n"),
        0,
    ),
    case(r#"set -o errexit; set -o nounset; echo $-; set +eu; echo $-"#, "ehuBc\nhBc\n", None, 0),
];

/// Builtins, compound commands and functions as pipeline stages (run as subshell processes).
fn builtin_stages_in_pipelines(b: Backend) {
    check(b, BUILTIN_STAGES_IN_PIPELINES);
}

const BUILTIN_STAGES_IN_PIPELINES: &[Case] = &[
    case(r#"echo a | while read x; do echo "<$x>"; done"#, "<a>\n", None, 0),
    case(r#"f() { tr a-z A-Z; }; echo hello | f"#, "HELLO\n", None, 0),
    case(r#"f() { while read l; do echo "f:$l"; done; }; printf '1\n2\n' | f | cat"#, "f:1\nf:2\n", None, 0),
    case(r#"x=outer; f() { echo $x; }; f | cat; (f)"#, "outer\nouter\n", None, 0),
    case(r#"count=0; seq 3 | while read n; do count=$((count+n)); done; echo $count"#, "0\n", None, 0),
    case(r#"echo "a b" | { read -r x y; echo "$y$x"; } | tr a-z A-Z"#, "BA\n", None, 0),
    case(
        r#"echo start | { cat; echo mid; } | if read first; then echo "first=$first"; cat; fi"#,
        "first=start\nmid\n",
        None,
        0,
    ),
    case(
        r#"for i in 1 2 3; do echo $i; done | while read n; do echo $((n*n)); done | paste -sd+ | tr -d '\n'; echo"#,
        "1+4+9\n",
        None,
        0,
    ),
    case(r#"printf 'b\na\n' | sort | while read l; do echo "[$l]"; done"#, "[a]\n[b]\n", None, 0),
    case(r#"seq 1000 | while read n; do echo $n; done | tail -1"#, "1000\n", None, 0),
    case(r#"echo x | echo y; echo piped | cd /; pwd"#, "y\n/data\n", None, 0),
];

/// Large outputs through pipelines arrive intact.
fn long_outputs(b: Backend) {
    check(b, LONG_OUTPUTS);
}

const LONG_OUTPUTS: &[Case] = &[
    case(r#"seq 100000 | cat | wc -l"#, "100000\n", None, 0),
    case(r#"seq 100000 | sort -n | tail -1; seq 100000 | tr -d 0 | wc -c"#, "100000\n550001\n", None, 0),
    case(
        r#"seq 100000 > big; wc -l < big; n=0; while read l; do n=$((n+1)); done < big; echo $n"#,
        "100000\n100000\n",
        None,
        0,
    ),
    case(
        r#"yes abcdefghij | head -n 200000 | tail -1; yes | head -c 1000000 | wc -c"#,
        "abcdefghij\n1000000\n",
        None,
        0,
    ),
    case(r#"for i in $(seq 20000); do echo $i; done | tail -1"#, "20000\n", None, 0),
    case(
        r#"seq 100000 | md5sum; x=$(seq 100000); echo ${#x}"#,
        "dea9193b768319cbb4ff1a137ac03113  -\n588894\n",
        None,
        0,
    ),
];

/// Syntax errors are reported as bash reports them and stop the shell with status 2.
fn syntax_errors(b: Backend) {
    check(b, SYNTAX_ERRORS);
}

const SYNTAX_ERRORS: &[Case] = &[
    case(r#"if"#, "", Some("sh: -c: line 2: syntax error: unexpected end of file\n"), 2),
    case(r#"echo a; fi"#, "", Some("sh: -c: line 1: syntax error near unexpected token `fi'\nsh: -c: line 1: `echo a; fi'\n"), 2),
    case(r#"echo ("#, "", Some("sh: -c: line 1: syntax error near unexpected token `newline'\nsh: -c: line 1: `echo ('\n"), 2),
    case(r#"echo "unterminated"#, "", Some("sh: -c: line 1: unexpected EOF while looking for matching `\"'\n"), 2),
    case(r#"echo a
(( "#, "a\n", Some("sh: -c: line 2: unexpected EOF while looking for matching `)'\n"), 2),
    case(r#"echo one; echo two;; echo three"#, "", Some("sh: -c: line 1: syntax error near unexpected token `;;'\nsh: -c: line 1: `echo one; echo two;; echo three'\n"), 2),
    case(r#"echo a && && echo b"#, "", Some("sh: -c: line 1: syntax error near unexpected token `&&'\nsh: -c: line 1: `echo a && && echo b'\n"), 2),
    case(r#"for"#, "", Some("sh: -c: line 1: syntax error near unexpected token `newline'\nsh: -c: line 1: `for'\n"), 2),
    case(r#"case x in"#, "", Some("sh: -c: line 2: syntax error: unexpected end of file\n"), 2),
    case(r#"f() {"#, "", Some("sh: -c: line 2: syntax error: unexpected end of file\n"), 2),
    case(r#"echo if > s.sh; sh s.sh; echo $?; bash < s.sh; echo $?"#, "2\n2\n", Some("s.sh: line 2: syntax error: unexpected end of file\nbash: line 2: syntax error: unexpected end of file\n"), 0),
];

/// Arrays, `declare`, `[[ =~ ]]` with `BASH_REMATCH`, `getopts`, `mapfile`, `let`, case modification with a pattern, `dirs`.
fn arrays_and_bash_extensions(b: Backend) {
    check(b, ARRAYS_AND_BASH_EXTENSIONS);
}

/// `<(...)` and `>(...)`: a `/dev/fd/N` path to a pipe from or to a subshell.
fn process_substitution(b: Backend) {
    check(b, PROCESS_SUBSTITUTION);
}

const PROCESS_SUBSTITUTION: &[Case] = &[
    case(r#"diff <(printf 'a\nb\n') <(printf 'a\nc\n'); echo rc=$?"#, "2c2\n< b\n---\n> c\nrc=1\n", None, 0),
    case(r#"comm -12 <(printf 'a\nb\nc\n') <(printf 'b\nc\nd\n')"#, "b\nc\n", None, 0),
    case(r#"n=0; while read -r l; do n=$((n+1)); done < <(seq 3); echo $n"#, "3\n", None, 0),
    case(r#"cat <(echo one) <(echo two); paste <(seq 2) <(seq 3 4)"#, "one\ntwo\n1\t3\n2\t4\n", None, 0),
    case(r#"echo <(true) | grep -c '^/dev/fd/[0-9]*$'"#, "1\n", None, 0),
    case(r#"f() { cat "$1"; }; f <(echo in a function); x=$(cat <(echo in a substitution)); echo $x"#,
        "in a function\nin a substitution\n", None, 0),
    case(r#"cat <(cat <(echo nested)); wc -c < <(head -c 300000 /dev/zero)"#, "nested\n300000\n", None, 0),
    case(r#"echo data | tee >(tr a-z A-Z > up.txt) > /dev/null; sleep 0.3; cat up.txt"#, "DATA\n", None, 0),
    case(r#"for i in $(seq 300); do cat <(echo $i) > /dev/null; done; echo done"#, "done\n", None, 0),
    case(r#"cat <(exit 3); echo $?; cat <(echo x) < nosuch 2>/dev/null; echo $?"#, "0\n1\n", None, 0),
];

const ARRAYS_AND_BASH_EXTENSIONS: &[Case] = &[
    // Name references (`declare -n`, `local -n`): reading, assigning, appending and unsetting
    // act on the target; `${!ref}` and `declare -p` show the reference itself.
    case(
        r#"f() { local -n ref=$1; ref=42; }; f v; echo $v; declare -n r=v; r=7; echo $v ${!r}; declare -p r; unset r; echo ${v-unset}; unset -n r; declare -p r 2>/dev/null || echo gone"#,
        "42\n7 v\ndeclare -n r=\"v\"\nunset\ngone\n",
        None,
        0,
    ),
    case(
        r#"add() { local -n arr=$1; arr+=("$2"); }; l=(a); add l b; add l c; echo ${l[*]} ${#l[@]}; put() { local -n m=$1; m[$2]=$3; }; declare -A h; put h k v; echo ${h[k]}; declare -n e='l[1]'; e=B; echo $e ${l[*]}"#,
        "a b c 3\nv\nB a B c\n",
        None,
        0,
    ),
    case(
        r#"declare -n n; n=t; t=T; echo $n; x1=a x2=b; declare -n lv; for lv in x1 x2; do echo $lv; done; q=o; declare -n qr=q; qr=tmp env | grep '^q='; echo $q; (echo $qr)"#,
        "T\na\nb\nq=tmp\no\no\n",
        None,
        0,
    ),
    case(r#"declare -n s=s; echo $?; declare -n b=1x; echo $?"#, "1\n1\n", Some("sh: line 1: declare: s: nameref variable self references not allowed\nsh: line 1: declare: `1x': invalid variable name for name reference\n"), 0),
    // Subscripts are words, read whole as bash reads them: expansions, quotes, blanks.
    case(
        r#"declare -A m; k=foo; m[$k]=1; m[$k-x]+=2; m['x y']=3; m["p q"]=4; m[z\ w]=5; m[a=b]=6; for k in "${!m[@]}"; do echo "<$k>=${m[$k]}"; done | sort"#,
        "<a=b>=6\n<foo-x>=2\n<foo>=1\n<p q>=4\n<x y>=3\n<z w>=5\n",
        None,
        0,
    ),
    case(
        r#"i=2; a[$i]=x; a[i+1]=y; a[1 + 3]=z; a[$(echo 0)]=w; a[j=5]=v; echo ${!a[@]} ${a[@]} $j; a[b[0]=7]=u; echo ${a[7]} ${b[0]}"#,
        "0 2 3 4 5 w x y z v 5\nu 7\n",
        None,
        0,
    ),
    case(r#"x=5; echo a[$x]=1 a[x y]=2 a[$(echo "]")]=3; f() { local -a arr; arr[$1]=w; echo ${!arr[@]}; }; f 3"#, "a[5]=1 a[x y]=2 a[]]=3\n3\n", None, 0),
    case(
        r#"declare -a a=(1 2 3); a+=(4); echo ${a[@]} ${#a[@]}; unset 'a[1]'; echo ${a[@]} ${!a[@]}"#,
        "1 2 3 4 4\n1 3 4 0 2 3\n",
        None,
        0,
    ),
    case(
        r#"declare -A m; m[x]=1; m[y]=2; echo ${m[x]} ${#m[@]}; for k in "${!m[@]}"; do echo $k; done | sort"#,
        "1 2\nx\ny\n",
        None,
        0,
    ),
    case(
        r#"declare -i n=5; n+=3; echo $n; n='2*4'; echo $n; a[0]=1 a[5]=6; echo ${#a[@]} ${a[@]} ${a[5]}"#,
        "8\n8\n2 1 6 6\n",
        None,
        0,
    ),
    case(
        r#"x=(a b c); echo ${x[-1]} ${x[@]: -2}; f() { local -a arr=(1 2); echo ${arr[1]}; }; f"#,
        "c b c\n2\n",
        None,
        0,
    ),
    case(
        r#"[[ abc123 =~ ([a-z]+)([0-9]+) ]] && echo "${BASH_REMATCH[0]} ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}""#,
        "abc123 abc 123\n",
        None,
        0,
    ),
    case(
        r#"[[ "a b" == "a b" ]] && echo eq; [[ x != y ]] && echo ne; [[ -z "" && ! -n "" ]] && echo z; [[ 10 -gt 9 ]] && echo gt"#,
        "eq\nne\nz\ngt\n",
        None,
        0,
    ),
    case(
        r#"getopts "ab:c" opt -a; echo "$opt $OPTIND"; while getopts ":ab:" o -a -b val -c; do echo "$o ${OPTARG-}"; done"#,
        "a 2\nb val\n? c\n",
        None,
        0,
    ),
    case(
        r#"set -- -a -b val x y; while getopts ab: o; do echo "$o ${OPTARG-}"; done; shift $((OPTIND-1)); echo "$@""#,
        "a \nb val\nx y\n",
        None,
        0,
    ),
    case(
        r#"mapfile -t arr < lines.txt; echo ${#arr[@]} ${arr[2]}; read -r -a parts <<< "1 2 3"; echo ${parts[2]}"#,
        "3 three\n3\n",
        None,
        0,
    ),
    case(r#"let 'x = 5 + 3' y=2; echo $x $y; let 0; echo $?"#, "8 2\n1\n", None, 0),
    case(
        r#"s="hello world"; echo ${s^^[lo]} ${s,,[LO]} ${s^[h]}; x=HeLLo; echo ${x~}"#,
        "heLLO wOrLd hello world Hello world\nheLLo\n",
        None,
        0,
    ),
    case(
        r#"printf 'a\0b\0' | while IFS= read -r -d '' x; do echo "<$x>"; done; printf 'a:b:' | while read -d : x; do echo "[$x]"; done"#,
        "<a>\n<b>\n[a]\n[b]\n",
        None,
        0,
    ),
    case(
        r#"dirs; pushd /tmp >/dev/null; dirs; popd >/dev/null; pwd; cd; dirs"#,
        "/data\n/tmp /data\n/data\n~\n",
        None,
        0,
    ),
    case(
        r#"echo $SHELLOPTS; set -o pipefail -u; echo $SHELLOPTS"#,
        "braceexpand:hashall:interactive-comments\nbraceexpand:hashall:interactive-comments:nounset:pipefail\n",
        None,
        0,
    ),
    case(
        r#"x=$(printf '%0100000d' 0); cat <<EOF | wc -c
$x
EOF
head -c 100000 /dev/zero | tr '\0' a | { read -r l; echo ${#l}; }"#,
        "100001\n100000\n",
        None,
        0,
    ),
    case(
        r#"printf '%*d|%-*s|\n' 5 42 4 ab; echo {a,b}{c,d} {1..3}{x,y} x{}y"#,
        "   42|ab  |\nac ad bc bd 1x 1y 2x 2y 3x 3y x{}y\n",
        None,
        0,
    ),
];

/// Scripts spread over lines: compound commands, continuation lines, comments.
fn multi_line_scripts(b: Backend) {
    check(b, MULTI_LINE_SCRIPTS);
}

const MULTI_LINE_SCRIPTS: &[Case] = &[
    case(
        r#"for i in 1 2 3; do
  case $i in
    1) echo one ;;
    2) continue ;;
    *) break ;;
  esac
  echo after $i
done"#,
        "one\nafter 1\n",
        None,
        0,
    ),
    case(
        r#"i=0
while [ $i -lt 2 ]
do
  i=$((i+1))
  echo $i
done
if [ -n "x" ]
then
  echo yes
fi"#,
        "1\n2\nyes\n",
        None,
        0,
    ),
    case(
        r#"f()
{
  echo multi-line fn
}
f"#,
        "multi-line fn\n",
        None,
        0,
    ),
    case(
        r#"echo a |
  cat |
  tr a b
true &&
  echo and ||
  echo or"#,
        "b\nand\n",
        None,
        0,
    ),
    case(
        r#"cat <<EOF; echo same-line
x
EOF
echo $(( 1 +
2 ))"#,
        "x\nsame-line\n3\n",
        None,
        0,
    ),
    case(
        r#"# leading comment
echo one # trailing


echo two \
  continued"#,
        "one\ntwo continued\n",
        None,
        0,
    ),
    case(
        r#"echo $LINENO; echo
echo $LINENO
f() {
  echo $LINENO
}
f"#,
        "1\n\n2\n4\n",
        None,
        0,
    ),
    // $LINENO in code a subshell process runs: ( ), pipelines, background, a multi-line ( ).
    case(
        r#"echo top $LINENO
( echo sub $LINENO )
echo pipe $LINENO | cat
{ echo group $LINENO; } | cat
echo bg $LINENO &
wait
(
  echo inner $LINENO
)"#,
        "top 1\nsub 2\npipe 3\ngroup 4\nbg 5\ninner 8\n",
        None,
        0,
    ),
    // The ERR trap: at the failing call's line; not inside functions unless `set -E`.
    case(
        r#"trap 'echo "err at $LINENO"' ERR
g() {
  false
}
g
set -E
g
echo $- | grep -c E"#,
        "err at 5\nerr at 3\nerr at 7\n1\n",
        None,
        0,
    ),
];

/// The shell started other ways than `sh -c`: a script on stdin, `-s` with arguments, a script
/// file, a script run by the kernel through its `#!` line, `bash`, a missing `-c` argument.
fn other_invocations(b: Backend) {
    let vm = b.vm();
    expect_all(&vm, &["sh"], Some(b"echo hi\nx=2\necho $((x*3))\n"), "hi\n6\n", "", 0);
    expect_all(&vm, &["sh", "-s", "a", "b"], Some(b"echo $# $1 $2\n"), "2 a b\n", "", 0);
    expect_all(&vm, &["sh"], Some(b"echo one\nexit 5\necho two\n"), "one\n", "", 5);
    expect_all(
        &vm,
        &["sh", "/data/script.sh", "x"],
        None,
        "script /data/script.sh args: 1 [x] []\nstatus 127\n",
        "/data/script.sh: line 2: nosuch_in_script: command not found\n",
        4,
    );
    expect_all(&vm, &["/data/bin/hello.sh", "a", "b c"], None, "hello from /data/bin/hello.sh: 2: a b c\n", "", 3);
    expect_all(&vm, &["bash", "-c", "echo $0 ${BASH_VERSION%.*}"], None, "bash 5.2\n", "", 0);
    expect_all(&vm, &["sh", "-c"], None, "", "sh: -c: option requires an argument\n", 2);
}

/// Aliases expand in `sh` (bash in its POSIX mode does) and not in `bash` unless
/// `shopt -s expand_aliases` (a non-interactive bash does not).
fn aliases_expand_in_sh_only(b: Backend) {
    let vm = b.vm();
    let script = "alias ll='echo aliased'\nll";
    expect_all(&vm, &["sh", "-c", script], None, "aliased\n", "", 0);
    expect_all(&vm, &["bash", "-c", script], None, "", "bash: line 2: ll: command not found\n", 127);
}

/// Runs the host's bash on every scenario and checks that it still gives the expected output
/// (the expectations are bash's, not the VM's). Skipped unless the host has GNU bash 5.2.
#[test]
fn same_output_as_the_host_bash() {
    let version = std::process::Command::new("bash").arg("--version").output();
    if !version.is_ok_and(|v| text(&v.stdout).starts_with("GNU bash, version 5.2.")) {
        eprintln!("no GNU bash 5.2 on the host: skipped");
        return;
    }
    let mut failures = Vec::new();
    let mut n = 0;
    for cases in ALL {
        for c in *cases {
            n += 1;
            let (stdout, stderr, status) = host_bash(c.script);
            if stdout != c.stdout || status != c.status || c.stderr.is_some_and(|e| e != stderr) {
                failures.push(format!("{:?}: bash gives {stdout:?} {stderr:?} {status}", c.script));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {n} expectations are not bash's:\n{}", failures.len(), failures.join("\n"));
}

/// Runs `bash -c script sh` in a fresh copy of [`FILES`], as the VM would: `/data` and
/// `/home/user` stand for the copy's directories in what it prints.
fn host_bash(script: &str) -> (String, String, i32) {
    use std::os::unix::fs::PermissionsExt;
    static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let root = std::env::temp_dir().join(format!("burrow-shell-test-{}-{n}", std::process::id()));
    let (data, home, wrap) = (root.join("data"), root.join("home/user"), root.join("wrap"));
    let write = |path: &Path, content: &str, mode: u32| {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    };
    for (name, content, mode) in FILES {
        write(&data.join(name), content, *mode);
    }
    std::fs::create_dir_all(&home).expect("mkdir");
    // `sh` is bash here too (the host's /bin/sh may be another shell).
    write(&wrap.join("sh"), "#!/bin/bash\nexec /bin/bash \"$@\"\n", 0o755);
    // Signals ignored when bash starts cannot be trapped, and a test run in the background of a
    // non-interactive shell starts with SIGINT and SIGQUIT ignored: restore their defaults
    // (GNU env), as a VM's shell has them.
    let out = std::process::Command::new("env")
        .args(["--default-signal=INT,QUIT", "bash", "-c", script, "sh"])
        .current_dir(&data)
        .env_clear()
        .env("PATH", format!("{}:/usr/local/bin:/usr/bin:/bin", wrap.display()))
        .env("HOME", &home)
        .env("USER", "user")
        .env("LOGNAME", "user")
        .env("SHELL", "/bin/sh")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("bash");
    let fix = |b: &[u8]| {
        text(b)
            .replace(&data.display().to_string(), "/data")
            .replace(&home.display().to_string(), "/home/user")
            .replace(&format!("{}:", wrap.display()), "")
    };
    let status = out.status.code().unwrap_or_else(|| {
        use std::os::unix::process::ExitStatusExt;
        128 + out.status.signal().unwrap_or(0)
    });
    let _ = std::fs::remove_dir_all(&root);
    (fix(&out.stdout), fix(&out.stderr), status)
}
