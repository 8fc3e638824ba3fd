# status: 0
# An agent scaffolds a project with here-docs and inspects it.
mkdir -p proj/src/util proj/tests proj/docs
cd proj
cat > README.md <<'MD'
# Demo
A small project. Run `make test`.
MD
cat > src/main.py <<'PY'
import sys
from util.helpers import greet

def main():
    # TODO: parse arguments
    print(greet(sys.argv[1] if len(sys.argv) > 1 else "world"))

if __name__ == "__main__":
    main()
PY
cat > src/util/helpers.py <<'PY'
def greet(name):
    # TODO: localize
    return f"Hello, {name}!"
PY
touch src/util/__init__.py
name=demo
cat > tests/test_main.py <<PY
# tests for $name
def test_greet():
    assert True
PY
cat > docs/notes.txt <<-TXT
	indented with tabs
	project: $name
	TXT
find . -type f | sort
echo "--- counts"
find . -type f -name '*.py' | wc -l
wc -l src/main.py src/util/helpers.py | tail -1
echo "--- notes"
cat docs/notes.txt
cat tests/test_main.py | head -1
ls src
ls -a src/util | head -3
test -s src/util/__init__.py || echo "empty init"
