# status: 0
# grep -rn across a tree, the way agents search code.
mkdir -p app/lib app/web
printf 'def connect(url):\n    return open_db(url)\n\ndef close(db):\n    db.close()\n' > app/lib/db.py
printf 'import db\n# TODO: retry\nconn = db.connect("sqlite://x")\n' > app/web/server.py
printf 'TODO list\n- write docs\n' > app/TODO.md
printf 'binary\0data TODO\n' > app/blob.bin
grep -rn TODO app | sort
echo "--- include"
grep -rn --include='*.py' 'connect' app | sort
echo "--- files"
grep -rl 'db' app | sort
grep -rL 'TODO' app | sort
echo "--- count"
grep -c '' app/lib/db.py
grep -ci 'todo' app/TODO.md
echo "--- context"
grep -n -A1 'def close' app/lib/db.py
grep -n -B1 'connect(' app/web/server.py
echo "--- flags"
grep -w -o 'db' app/web/server.py
grep -E 'def (connect|close)' -h app/lib/db.py
grep -F '("sqlite' app/web/server.py
grep -x 'TODO list' app/TODO.md
grep -v '^$' app/lib/db.py | wc -l
grep -q nothing-here app; echo "quiet: $?"
grep -rn missing /nonexistent 2>/dev/null; echo "missing: $?"
