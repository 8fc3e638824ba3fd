# status: 0
# tar czf and tar xzf round trip; gzip and zcat.
mkdir -p site/css site/js
printf 'body { margin: 0 }\n' > site/css/main.css
printf 'console.log("hi")\n' > site/js/app.js
printf '<html></html>\n' > site/index.html
seq 1 2000 > site/numbers.txt
ln -s index.html site/home.html
tar czf site.tgz site
tar tzf site.tgz | sort
mkdir restore
tar xzf site.tgz -C restore
cd restore
find site -type f | sort | xargs md5sum
readlink site/home.html
cmp site/numbers.txt ../site/numbers.txt && echo "numbers identical"
cd ..
echo "--- gzip"
cp site/numbers.txt n.txt
gzip n.txt
ls n.txt* 
zcat n.txt.gz | tail -2
gunzip n.txt.gz
wc -l < n.txt
printf 'stream\n' | gzip -c | gunzip -c
echo "--- tar c to stdout"
tar cf - site/css | tar tf -
# The archive holds the files' mtimes (the wall clock of this run): remove it so the
# differential check compares only what every run makes the same.
rm site.tgz
