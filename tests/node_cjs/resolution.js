'use strict';
// CommonJS resolution edge cases, on a fixture this script builds in a fresh temporary
// directory: which candidate wins (the file as named, then each extension in order, then the
// directory), package.json `main`, `index` without an extension, symlinks (modules are keyed
// and named by their real paths), non-ASCII names, a byte order mark, module.parent, and
// requires of files written after the process started. Prints one line per case; its output
// on Node 20 is the expectation.
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'resolution-')));
const write = (name, text) => {
  const file = path.join(root, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
const rel = (p) => path.relative(root, p);
const load = (request) => {
  try {
    return JSON.stringify(require(path.join(root, request)));
  } catch (e) {
    return e.code;
  }
};
const show = (label, value) => console.log(`${label}: ${value}`);

write('bare', 'module.exports = "bare";');
write('bare.js', 'module.exports = "bare.js";');
show('the file as named wins', load('bare'));

write('order.json', '"order.json"');
write('order.js', 'module.exports = "order.js";');
write('order.cjs', 'module.exports = "order.cjs";');
show('.js before .json and .cjs', load('order'));
write('onlyjson.json', '{"kind": "json"}');
show('.json by extension', load('onlyjson'));
write('onlycjs.cjs', 'module.exports = "cjs";');
show('.cjs by extension', load('onlycjs'));

write('both/index.js', 'module.exports = "both/index.js";');
write('both.js', 'module.exports = "both.js";');
show('a file with an extension before a directory', load('both'));

write('pkg/package.json', '{"main": "lib"}');
write('pkg/lib/index.js', 'module.exports = "pkg/lib/index.js";');
show('main naming a directory', load('pkg'));
write('pkg2/package.json', '{"main": "./entry"}');
write('pkg2/entry.js', 'module.exports = "pkg2/entry.js";');
write('pkg2/index.js', 'module.exports = "pkg2/index.js";');
show('main without an extension', load('pkg2'));

write('noext/index', 'module.exports = "noext/index";');
show('index without an extension is no module', load('noext'));
show('a missing file', load('missing'));

write('real/target.js', 'module.exports = { file: __filename, id: module.id };');
fs.symlinkSync(path.join(root, 'real/target.js'), path.join(root, 'link.js'));
fs.symlinkSync('real', path.join(root, 'linkdir'));
const viaLink = require(path.join(root, 'link'));
show('a symlink loads its target', `${rel(viaLink.file)} ${rel(viaLink.id)}`);
show('one module through every name', viaLink === require(path.join(root, 'linkdir/target')) && viaLink === require(path.join(root, 'real/target.js')));
show('require.resolve gives the real path', rel(require.resolve(path.join(root, 'linkdir/target'))));

write('ünï/cödé.js', 'module.exports = __filename;');
show('non-ASCII names', rel(require(path.join(root, 'ünï/cödé'))));
write('bom.js', '\ufeffmodule.exports = "bom";');
show('a byte order mark', load('bom'));
write('big.js', `module.exports = ${JSON.stringify('x'.repeat(100000))}.length;`);
show('a module larger than 64 KiB', load('big'));
show('readFileSync of a large file', fs.readFileSync(path.join(root, 'big.js'), 'utf8').length);
show('readFileSync of a non-ASCII path', fs.readFileSync(path.join(root, 'ünï/cödé.js'), 'utf-8'));

write('child.js', 'module.exports = { parent: module.parent && module.parent.id, keys: Object.keys(module).join() };');
const child = require(path.join(root, 'child'));
show('module.parent', child.parent === module.id);
show('module keys', child.keys);
show('require.extensions', Object.keys(require.extensions).join());

show('a file written later', load('later'));
write('later.js', 'module.exports = "later";');
show('a file written later, once it exists', load('later'));

fs.rmSync(root, { recursive: true });
