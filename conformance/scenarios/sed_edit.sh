# status: 0
# In-place edits with sed, as an agent patches files.
cat > config.ini <<'INI'
[server]
host = localhost
port = 8080
debug = true

[db]
host = localhost
name = app
INI
sed -i 's/port = 8080/port = 9090/' config.ini
sed -i '/^debug/d' config.ini
sed -i -e 's/localhost/127.0.0.1/2' -e 's/^name = .*/name = prod/' config.ini
sed -i '/^\[db\]/a user = admin' config.ini
cat config.ini
echo "--- ranges"
sed -n '/^\[db\]/,/^$/p' config.ini
sed -n '2,3p' config.ini
sed '1!G;h;$!d' config.ini | head -3
echo "--- s flags"
echo "aaa bbb aaa" | sed 's/aaa/X/g'
echo "Hello hello" | sed 's/hello/bye/I'
echo "one two three" | sed -E 's/(\w+) (\w+)/\2 \1/'
printf 'a\nb\nc\n' | sed -n '$p'
printf 'x1\nx2\nx3\n' | sed '2q'
printf 'abc\n' | sed 'y/abc/xyz/'
printf 'l1\nl2\n' | sed '1i\
header'
printf 'l1\nl2\n' | sed '$c\
last'
