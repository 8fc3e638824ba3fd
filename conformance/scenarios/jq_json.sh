# status: 0
# jq over a JSON file.
cat > data.json <<'JSON'
{"users": [
  {"name": "ada", "age": 36, "tags": ["math", "code"]},
  {"name": "bob", "age": 25, "tags": []},
  {"name": "cy", "age": 41, "tags": ["ops"]}
], "version": 2}
JSON
jq '.version' data.json
jq -r '.users[].name' data.json
jq -c '.users[] | select(.age > 30) | {name, n: (.tags | length)}' data.json
jq '[.users[].age] | add' data.json
jq -r '.users | map(.name) | join(",")' data.json
jq -c '.users | sort_by(.age) | map(.name)' data.json
jq -r --arg who bob '.users[] | select(.name == $who) | "\(.name) is \(.age)"' data.json
jq '.users[0]' data.json
jq -e '.missing' data.json > /dev/null; echo "exit: $?"
echo '{"a":1}' | jq -c '. + {b: 2}'
jq -n '[1,2,3] | map(. * 2)' -c
