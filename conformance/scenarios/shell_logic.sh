# status: 0
# Functions, loops, case, arithmetic and parameter expansion.
log() { printf '[%s] %s\n' "$1" "$2"; }
count_to() {
  local i=1 n=$1
  while [ "$i" -le "$n" ]; do
    printf '%d ' "$i"
    i=$((i + 1))
  done
  echo
}
classify() {
  case "$1" in
    *.py) echo python ;;
    *.rs|*.c) echo native ;;
    "") echo empty ;;
    *) echo other ;;
  esac
}
log info "start"
count_to 5
for f in a.py b.rs c.txt ""; do classify "$f"; done
total=0
for n in $(seq 1 10); do
  [ $((n % 2)) -eq 0 ] || continue
  total=$((total + n))
done
echo "even sum: $total"
path=/home/user/project/file.tar.gz
echo "${path##*/} ${path%/*} ${path%%.*} ${path#*.}"
name=${UNSET_VAR:-default}; echo "$name ${#path}"
s="hello world"; echo "${s/world/there}" "${s^^}"
set -- one "two three" four
echo "$# args; second=$2"
for a in "$@"; do echo "<$a>"; done
i=0
until [ $i -ge 3 ]; do i=$((i+1)); done; echo "until: $i"
for x in 1 2 3; do for y in a b; do [ "$y" = b ] && continue 2; echo "$x$y"; done; done
out=$(echo inner $(echo nested))
echo "$out" "`echo back`"
( cd /tmp && echo "in subshell: $(pwd)" ); echo "after: $(basename $(pwd))"
{ echo grouped; echo output; } | wc -l
x=outer; f() { local x=inner; echo $x; }; f; echo $x
echo $(( (3 + 4) * 2 ** 3 % 5 ))
