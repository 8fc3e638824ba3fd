# status: 3
# Exit codes, set -e and pipefail, as agents chain commands.
false; echo "false: $?"
true && echo "and ran"
false || echo "or ran"
nosuchcommand 2>/dev/null; echo "not found: $?"
sh -c 'exit 7'; echo "sub exit: $?"
echo data | grep -q nomatch; echo "grep: $?"
false | true; echo "pipe: $?"
set -o pipefail
false | true; echo "pipefail: $?"
set +o pipefail
if ! grep -q x /dev/null; then echo "negated"; fi
( set -e; echo step1; false; echo never ) ; echo "subshell status: $?"
sh -c 'set -e; if false; then :; fi; false && true; echo "set -e survives conditions"'
out=$(sh -c 'echo out; echo err >&2; exit 4' 2>&1); echo "$out / $?"
cat <<EOF2 > script.sh
#!/bin/sh
echo "script args: \$*"
exit 5
EOF2
chmod +x script.sh
./script.sh a b; echo "script: $?"
sh script.sh c; echo "sh script: $?"
set -e
trap 'echo "cleanup ran"' EXIT
echo "before failure"
sh -c 'exit 3'
echo "never printed"
