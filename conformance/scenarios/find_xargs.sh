# status: 0
# find piped into xargs and -exec.
mkdir -p src/a src/b build
for f in src/a/one.c src/a/two.h src/b/three.c src/b/four.txt "src/b/with space.c"; do
  printf 'int x; // %s\n' "$f" > "$f"
done
touch build/old.o
find src -name '*.c' | sort
echo "--- type/depth"
find . -maxdepth 1 -type d | sort
find src -mindepth 2 -type f -name '*.h'
echo "--- print0 | xargs -0"
find src -name '*.c' -print0 | xargs -0 wc -c | sort
echo "--- xargs -n / -I"
printf '1\n2\n3\n4\n5\n' | xargs -n 2 echo
printf 'a\nb\n' | xargs -I{} echo "item={}"
echo "--- exec"
find src -name '*.txt' -exec cat {} \;
find src -type f -name '*.h' -exec grep -l int {} +
echo "--- not/or"
find src -type f ! -name '*.c' | sort
find src -type f \( -name 'one*' -o -name 'four*' \) | sort
echo "--- delete"
find build -name '*.o' -delete
ls build | wc -l
find src -iname 'ONE.C'
find src -path '*b/t*'
