# status: 0
# Text pipelines: sort | uniq -c, awk reports, cut/tr/head.
cat > access.log <<'LOG'
10.0.0.1 GET /index.html 200 512
10.0.0.2 GET /api/users 200 1024
10.0.0.1 POST /api/users 201 64
10.0.0.3 GET /index.html 404 0
10.0.0.2 GET /index.html 200 512
10.0.0.1 GET /api/users 500 12
LOG
cut -d' ' -f1 access.log | sort | uniq -c | sort -rn
awk '{ bytes[$3] += $5 } END { for (p in bytes) print p, bytes[p] }' access.log | sort
awk '$4 >= 400 { n++ } END { printf "errors: %d of %d\n", n, NR }' access.log
awk -F' ' 'NR==2 { print toupper($2), length($3) }' access.log
tr 'a-z' 'A-Z' < access.log | head -2
sort -k5,5n access.log | tail -1 | cut -d' ' -f3
grep -c ' 200 ' access.log
seq 1 100000 | awk '{ s += $1 } END { print s }'
seq 1 50000 | sort -rn | head -3 | tr '\n' ' '; echo
printf 'b\na\nc\na\n' | sort -u | paste -sd, -
echo "a:b:c" | awk -F: '{ print NF, $2 }'
printf 'x\ny\n' > f1; printf 'x\nz\n' > f2
diff f1 f2; echo "diff: $?"
diff -u f1 f2 | tail -3
