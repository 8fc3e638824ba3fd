'use strict';
// node:path: posix (the default) and win32, compared with Node 20's outputs; each table row
// runs every function on one input.
const assert = require('assert');
const path = require('path');
const util = require('util');
const { C, done } = require('./harness').tableChecks(util);

assert.strictEqual(path, path.posix);
assert.strictEqual(path.win32.posix, path.posix);
assert.strictEqual(path.posix.win32, path.win32);
assert.strictEqual(require('path/posix'), path.posix);
assert.strictEqual(require('path/win32'), path.win32);
assert.strictEqual(require('node:path'), path);

// Every function on one input. resolve, relative and toNamespacedPath get an absolute base first
// so that the working directory does not matter.
function row(p, x, y) {
  const base = p === path.win32 ? 'C:\\base\\dir' : '/base/dir';
  const out = [];
  const rec = (name, fn) => {
    try {
      const r = fn();
      out.push(`${name}=${typeof r === 'object' ? JSON.stringify(r) : JSON.stringify(r)}`);
    } catch (e) {
      out.push(`${name}!${e.code}`);
    }
  };
  rec('normalize', () => p.normalize(x));
  rec('join', () => p.join(x, y));
  rec('resolve', () => p.resolve(base, x, y));
  rec('relative', () => p.relative(p.resolve(base, x), p.resolve(base, y)));
  rec('dirname', () => p.dirname(x));
  rec('basename', () => p.basename(x));
  rec('basenameExt', () => p.basename(x, y));
  rec('extname', () => p.extname(x));
  rec('isAbsolute', () => p.isAbsolute(x));
  rec('parse', () => p.parse(x));
  rec('format', () => p.format(p.parse(x)));
  rec('toNamespacedPath', () => p.toNamespacedPath(p.isAbsolute(x) ? x : p.resolve(base, x)));
  return out.join('\n');
}

// --- posix ---
C('posix empty', () => row(path.posix, '', ''), 'normalize="."\njoin="."\nresolve="/base/dir"\nrelative=""\ndirname="."\nbasename=""\nbasenameExt=""\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"","base":"","ext":"","name":""}\nformat=""\ntoNamespacedPath="/base/dir"');
C('posix root', () => row(path.posix, '/', '/'), 'normalize="/"\njoin="/"\nresolve="/"\nrelative=""\ndirname="/"\nbasename=""\nbasenameExt=""\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/","base":"","ext":"","name":""}\nformat="/"\ntoNamespacedPath="/"');
C('posix double root', () => row(path.posix, '//', '///a'), 'normalize="/"\njoin="/a"\nresolve="/a"\nrelative="a"\ndirname="/"\nbasename=""\nbasenameExt=""\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/","base":"","ext":"","name":""}\nformat="/"\ntoNamespacedPath="//"');
C('posix dots', () => row(path.posix, '.', '..'), 'normalize="."\njoin=".."\nresolve="/base"\nrelative=".."\ndirname="."\nbasename="."\nbasenameExt="."\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"","base":".","ext":"","name":"."}\nformat="."\ntoNamespacedPath="/base/dir"');
C('posix dotdot chain', () => row(path.posix, '../../a/./b/../c', 'a/b'), 'normalize="../../a/c"\njoin="../../a/c/a/b"\nresolve="/a/c/a/b"\nrelative="../../base/dir/a/b"\ndirname="../../a/./b/.."\nbasename="c"\nbasenameExt="c"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"../../a/./b/..","base":"c","ext":"","name":"c"}\nformat="../../a/./b/../c"\ntoNamespacedPath="/a/c"');
C('posix abs', () => row(path.posix, '/foo/bar/baz/asdf/quux.html', '/foo/bar'), 'normalize="/foo/bar/baz/asdf/quux.html"\njoin="/foo/bar/baz/asdf/quux.html/foo/bar"\nresolve="/foo/bar"\nrelative="../../.."\ndirname="/foo/bar/baz/asdf"\nbasename="quux.html"\nbasenameExt="quux.html"\nextname=".html"\nisAbsolute=true\nparse={"root":"/","dir":"/foo/bar/baz/asdf","base":"quux.html","ext":".html","name":"quux"}\nformat="/foo/bar/baz/asdf/quux.html"\ntoNamespacedPath="/foo/bar/baz/asdf/quux.html"');
C('posix trailing', () => row(path.posix, '/foo/bar/', 'bar/'), 'normalize="/foo/bar/"\njoin="/foo/bar/bar/"\nresolve="/foo/bar/bar"\nrelative="../../base/dir/bar"\ndirname="/foo"\nbasename="bar"\nbasenameExt="bar"\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/foo","base":"bar","ext":"","name":"bar"}\nformat="/foo/bar"\ntoNamespacedPath="/foo/bar/"');
C('posix dotfile', () => row(path.posix, '/home/user/.bashrc', '.bashrc'), 'normalize="/home/user/.bashrc"\njoin="/home/user/.bashrc/.bashrc"\nresolve="/home/user/.bashrc/.bashrc"\nrelative="../../../base/dir/.bashrc"\ndirname="/home/user"\nbasename=".bashrc"\nbasenameExt=".bashrc"\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/home/user","base":".bashrc","ext":"","name":".bashrc"}\nformat="/home/user/.bashrc"\ntoNamespacedPath="/home/user/.bashrc"');
C('posix dotfile ext', () => row(path.posix, '.profile.sh', '.sh'), 'normalize=".profile.sh"\njoin=".profile.sh/.sh"\nresolve="/base/dir/.profile.sh/.sh"\nrelative="../.sh"\ndirname="."\nbasename=".profile.sh"\nbasenameExt=".profile"\nextname=".sh"\nisAbsolute=false\nparse={"root":"","dir":"","base":".profile.sh","ext":".sh","name":".profile"}\nformat=".profile.sh"\ntoNamespacedPath="/base/dir/.profile.sh"');
C('posix many dots', () => row(path.posix, 'a/b.c.d', '.d'), 'normalize="a/b.c.d"\njoin="a/b.c.d/.d"\nresolve="/base/dir/a/b.c.d/.d"\nrelative="../../.d"\ndirname="a"\nbasename="b.c.d"\nbasenameExt="b.c"\nextname=".d"\nisAbsolute=false\nparse={"root":"","dir":"a","base":"b.c.d","ext":".d","name":"b.c"}\nformat="a/b.c.d"\ntoNamespacedPath="/base/dir/a/b.c.d"');
C('posix dot end', () => row(path.posix, 'file.', '.'), 'normalize="file."\njoin="file."\nresolve="/base/dir/file."\nrelative=".."\ndirname="."\nbasename="file."\nbasenameExt="file"\nextname="."\nisAbsolute=false\nparse={"root":"","dir":"","base":"file.","ext":".","name":"file"}\nformat="file."\ntoNamespacedPath="/base/dir/file."');
C('posix dotdot name', () => row(path.posix, '/a/..', '..'), 'normalize="/"\njoin="/"\nresolve="/"\nrelative="base"\ndirname="/a"\nbasename=".."\nbasenameExt=".."\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/a","base":"..","ext":"","name":".."}\nformat="/a/.."\ntoNamespacedPath="/a/.."');
C('posix triple dot', () => row(path.posix, '/a/...', '...'), 'normalize="/a/..."\njoin="/a/.../..."\nresolve="/a/.../..."\nrelative="../../base/dir/..."\ndirname="/a"\nbasename="..."\nbasenameExt="..."\nextname="."\nisAbsolute=true\nparse={"root":"/","dir":"/a","base":"...","ext":".","name":".."}\nformat="/a/..."\ntoNamespacedPath="/a/..."');
C('posix above root', () => row(path.posix, '/../../x', '/x/y/../../z'), 'normalize="/x"\njoin="/x/z"\nresolve="/z"\nrelative="../z"\ndirname="/../.."\nbasename="x"\nbasenameExt="x"\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/../..","base":"x","ext":"","name":"x"}\nformat="/../../x"\ntoNamespacedPath="/../../x"');
C('posix relative above', () => row(path.posix, '../x/../../y', './z/'), 'normalize="../../y"\njoin="../../y/z/"\nresolve="/y/z"\nrelative="../base/dir/z"\ndirname="../x/../.."\nbasename="y"\nbasenameExt="y"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"../x/../..","base":"y","ext":"","name":"y"}\nformat="../x/../../y"\ntoNamespacedPath="/y"');
C('posix backslash', () => row(path.posix, 'a\\b\\c.txt', 'c.txt'), 'normalize="a\\\\b\\\\c.txt"\njoin="a\\\\b\\\\c.txt/c.txt"\nresolve="/base/dir/a\\\\b\\\\c.txt/c.txt"\nrelative="../c.txt"\ndirname="."\nbasename="a\\\\b\\\\c.txt"\nbasenameExt="a\\\\b\\\\"\nextname=".txt"\nisAbsolute=false\nparse={"root":"","dir":"","base":"a\\\\b\\\\c.txt","ext":".txt","name":"a\\\\b\\\\c"}\nformat="a\\\\b\\\\c.txt"\ntoNamespacedPath="/base/dir/a\\\\b\\\\c.txt"');
C('posix spaces', () => row(path.posix, ' a / b ', ' b '), 'normalize=" a / b "\njoin=" a / b / b "\nresolve="/base/dir/ a / b / b "\nrelative="../../ b "\ndirname=" a "\nbasename=" b "\nbasenameExt=" b "\nextname=""\nisAbsolute=false\nparse={"root":"","dir":" a ","base":" b ","ext":"","name":" b "}\nformat=" a / b "\ntoNamespacedPath="/base/dir/ a / b "');
C('posix unicode', () => row(path.posix, '/tmp/ünïcødé/файл.тхт', '.тхт'), 'normalize="/tmp/ünïcødé/файл.тхт"\njoin="/tmp/ünïcødé/файл.тхт/.тхт"\nresolve="/tmp/ünïcødé/файл.тхт/.тхт"\nrelative="../../../base/dir/.тхт"\ndirname="/tmp/ünïcødé"\nbasename="файл.тхт"\nbasenameExt="файл"\nextname=".тхт"\nisAbsolute=true\nparse={"root":"/","dir":"/tmp/ünïcødé","base":"файл.тхт","ext":".тхт","name":"файл"}\nformat="/tmp/ünïcødé/файл.тхт"\ntoNamespacedPath="/tmp/ünïcødé/файл.тхт"');
C('posix ext equals name', () => row(path.posix, 'aaa/bbb', 'bbb'), 'normalize="aaa/bbb"\njoin="aaa/bbb/bbb"\nresolve="/base/dir/aaa/bbb/bbb"\nrelative="../../bbb"\ndirname="aaa"\nbasename="bbb"\nbasenameExt="bbb"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"aaa","base":"bbb","ext":"","name":"bbb"}\nformat="aaa/bbb"\ntoNamespacedPath="/base/dir/aaa/bbb"');
C('posix ext longer', () => row(path.posix, 'a/b', 'xb'), 'normalize="a/b"\njoin="a/b/xb"\nresolve="/base/dir/a/b/xb"\nrelative="../../xb"\ndirname="a"\nbasename="b"\nbasenameExt="b"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"a","base":"b","ext":"","name":"b"}\nformat="a/b"\ntoNamespacedPath="/base/dir/a/b"');
C('posix ext trailing slash', () => row(path.posix, 'a/b.js//', '.js'), 'normalize="a/b.js/"\njoin="a/b.js/.js"\nresolve="/base/dir/a/b.js/.js"\nrelative="../../.js"\ndirname="a"\nbasename="b.js"\nbasenameExt="b"\nextname=".js"\nisAbsolute=false\nparse={"root":"","dir":"a","base":"b.js","ext":".js","name":"b"}\nformat="a/b.js"\ntoNamespacedPath="/base/dir/a/b.js"');
C('posix relative siblings', () => row(path.posix, '/data/orandea/test/aaa', '/data/orandea/impl/bbb'), 'normalize="/data/orandea/test/aaa"\njoin="/data/orandea/test/aaa/data/orandea/impl/bbb"\nresolve="/data/orandea/impl/bbb"\nrelative="../../impl/bbb"\ndirname="/data/orandea/test"\nbasename="aaa"\nbasenameExt="aaa"\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/data/orandea/test","base":"aaa","ext":"","name":"aaa"}\nformat="/data/orandea/test/aaa"\ntoNamespacedPath="/data/orandea/test/aaa"');
C('posix relative prefix', () => row(path.posix, '/foo/bar', '/foo/barbaz'), 'normalize="/foo/bar"\njoin="/foo/bar/foo/barbaz"\nresolve="/foo/barbaz"\nrelative="../barbaz"\ndirname="/foo"\nbasename="bar"\nbasenameExt="bar"\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/foo","base":"bar","ext":"","name":"bar"}\nformat="/foo/bar"\ntoNamespacedPath="/foo/bar"');
C('posix relative root', () => row(path.posix, '/', '/foo'), 'normalize="/"\njoin="/foo"\nresolve="/foo"\nrelative="foo"\ndirname="/"\nbasename=""\nbasenameExt=""\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/","base":"","ext":"","name":""}\nformat="/"\ntoNamespacedPath="/"');
C('posix relative child', () => row(path.posix, '/foo/bar/baz', '/foo'), 'normalize="/foo/bar/baz"\njoin="/foo/bar/baz/foo"\nresolve="/foo"\nrelative="../.."\ndirname="/foo/bar"\nbasename="baz"\nbasenameExt="baz"\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/foo/bar","base":"baz","ext":"","name":"baz"}\nformat="/foo/bar/baz"\ntoNamespacedPath="/foo/bar/baz"');
C('posix relative same', () => row(path.posix, '/a/b/', '/a/b'), 'normalize="/a/b/"\njoin="/a/b/a/b"\nresolve="/a/b"\nrelative=""\ndirname="/a"\nbasename="b"\nbasenameExt="b/"\nextname=""\nisAbsolute=true\nparse={"root":"/","dir":"/a","base":"b","ext":"","name":"b"}\nformat="/a/b"\ntoNamespacedPath="/a/b/"');

// --- win32 ---
C('win32 empty', () => row(path.win32, '', ''), 'normalize="."\njoin="."\nresolve="C:\\\\base\\\\dir"\nrelative=""\ndirname="."\nbasename=""\nbasenameExt=""\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"","base":"","ext":"","name":""}\nformat=""\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir"');
C('win32 drive', () => row(path.win32, 'C:', 'c:'), 'normalize="C:."\njoin="C:\\\\c:"\nresolve="c:\\\\base\\\\dir"\nrelative=""\ndirname="C:"\nbasename=""\nbasenameExt=""\nextname=""\nisAbsolute=false\nparse={"root":"C:","dir":"C:","base":"","ext":"","name":""}\nformat="C:"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir"');
C('win32 drive root', () => row(path.win32, 'C:\\', 'C:/'), 'normalize="C:\\\\"\njoin="C:\\\\C:\\\\"\nresolve="C:\\\\"\nrelative=""\ndirname="C:\\\\"\nbasename=""\nbasenameExt="\\\\"\nextname=""\nisAbsolute=true\nparse={"root":"C:\\\\","dir":"C:\\\\","base":"","ext":"","name":""}\nformat="C:\\\\"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\"');
C('win32 drive relative', () => row(path.win32, 'C:foo\\bar', 'C:baz'), 'normalize="C:foo\\\\bar"\njoin="C:foo\\\\bar\\\\C:baz"\nresolve="C:\\\\base\\\\dir\\\\foo\\\\bar\\\\baz"\nrelative="..\\\\..\\\\baz"\ndirname="C:foo"\nbasename="bar"\nbasenameExt="bar"\nextname=""\nisAbsolute=false\nparse={"root":"C:","dir":"C:foo","base":"bar","ext":"","name":"bar"}\nformat="C:foo\\\\bar"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir\\\\foo\\\\bar"');
C('win32 drive path', () => row(path.win32, 'C:\\path\\dir\\file.txt', 'C:\\path'), 'normalize="C:\\\\path\\\\dir\\\\file.txt"\njoin="C:\\\\path\\\\dir\\\\file.txt\\\\C:\\\\path"\nresolve="C:\\\\path"\nrelative="..\\\\.."\ndirname="C:\\\\path\\\\dir"\nbasename="file.txt"\nbasenameExt="file.txt"\nextname=".txt"\nisAbsolute=true\nparse={"root":"C:\\\\","dir":"C:\\\\path\\\\dir","base":"file.txt","ext":".txt","name":"file"}\nformat="C:\\\\path\\\\dir\\\\file.txt"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\path\\\\dir\\\\file.txt"');
C('win32 mixed separators', () => row(path.win32, 'C:/a\\b//c/../d', 'e'), 'normalize="C:\\\\a\\\\b\\\\d"\njoin="C:\\\\a\\\\b\\\\d\\\\e"\nresolve="C:\\\\a\\\\b\\\\d\\\\e"\nrelative="..\\\\..\\\\..\\\\base\\\\dir\\\\e"\ndirname="C:/a\\\\b//c/.."\nbasename="d"\nbasenameExt="d"\nextname=""\nisAbsolute=true\nparse={"root":"C:/","dir":"C:/a\\\\b//c/..","base":"d","ext":"","name":"d"}\nformat="C:/a\\\\b//c/..\\\\d"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\a\\\\b\\\\d"');
C('win32 other drives', () => row(path.win32, 'C:\\a', 'D:\\b'), 'normalize="C:\\\\a"\njoin="C:\\\\a\\\\D:\\\\b"\nresolve="D:\\\\b"\nrelative="D:\\\\b"\ndirname="C:\\\\"\nbasename="a"\nbasenameExt="a"\nextname=""\nisAbsolute=true\nparse={"root":"C:\\\\","dir":"C:\\\\","base":"a","ext":"","name":"a"}\nformat="C:\\\\a"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\a"');
C('win32 case', () => row(path.win32, 'C:\\Foo\\BAR', 'c:\\foo\\bar\\baz'), 'normalize="C:\\\\Foo\\\\BAR"\njoin="C:\\\\Foo\\\\BAR\\\\c:\\\\foo\\\\bar\\\\baz"\nresolve="c:\\\\foo\\\\bar\\\\baz"\nrelative="baz"\ndirname="C:\\\\Foo"\nbasename="BAR"\nbasenameExt="BAR"\nextname=""\nisAbsolute=true\nparse={"root":"C:\\\\","dir":"C:\\\\Foo","base":"BAR","ext":"","name":"BAR"}\nformat="C:\\\\Foo\\\\BAR"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\Foo\\\\BAR"');
C('win32 unc', () => row(path.win32, '\\\\server\\share\\dir\\file.ext', '\\\\server\\share'), 'normalize="\\\\\\\\server\\\\share\\\\dir\\\\file.ext"\njoin="\\\\\\\\server\\\\share\\\\dir\\\\file.ext\\\\server\\\\share"\nresolve="\\\\\\\\server\\\\share\\\\"\nrelative="..\\\\.."\ndirname="\\\\\\\\server\\\\share\\\\dir"\nbasename="file.ext"\nbasenameExt="file.ext"\nextname=".ext"\nisAbsolute=true\nparse={"root":"\\\\\\\\server\\\\share\\\\","dir":"\\\\\\\\server\\\\share\\\\dir","base":"file.ext","ext":".ext","name":"file"}\nformat="\\\\\\\\server\\\\share\\\\dir\\\\file.ext"\ntoNamespacedPath="\\\\\\\\?\\\\UNC\\\\server\\\\share\\\\dir\\\\file.ext"');
C('win32 unc root', () => row(path.win32, '\\\\server\\share', '//server/share/'), 'normalize="\\\\\\\\server\\\\share\\\\"\njoin="\\\\\\\\server\\\\share\\\\server\\\\share\\\\"\nresolve="\\\\\\\\server\\\\share\\\\"\nrelative=""\ndirname="\\\\\\\\server\\\\share"\nbasename="share"\nbasenameExt="share"\nextname=""\nisAbsolute=true\nparse={"root":"\\\\\\\\server\\\\share","dir":"\\\\\\\\server\\\\share","base":"","ext":"","name":""}\nformat="\\\\\\\\server\\\\share"\ntoNamespacedPath="\\\\\\\\?\\\\UNC\\\\server\\\\share\\\\"');
C('win32 unc incomplete', () => row(path.win32, '\\\\server', '\\\\server\\'), 'normalize="\\\\server"\njoin="\\\\\\\\server\\\\server\\\\"\nresolve="C:\\\\server"\nrelative=""\ndirname="\\\\"\nbasename="server"\nbasenameExt="server"\nextname=""\nisAbsolute=true\nparse={"root":"\\\\","dir":"\\\\","base":"server","ext":"","name":"server"}\nformat="\\\\server"\ntoNamespacedPath="\\\\server"');
C('win32 unc relative', () => row(path.win32, '\\\\a\\b\\c', '\\\\a\\b\\d\\e'), 'normalize="\\\\\\\\a\\\\b\\\\c"\njoin="\\\\\\\\a\\\\b\\\\c\\\\a\\\\b\\\\d\\\\e"\nresolve="\\\\\\\\a\\\\b\\\\d\\\\e"\nrelative="..\\\\d\\\\e"\ndirname="\\\\\\\\a\\\\b\\\\"\nbasename="c"\nbasenameExt="c"\nextname=""\nisAbsolute=true\nparse={"root":"\\\\\\\\a\\\\b\\\\","dir":"\\\\\\\\a\\\\b\\\\","base":"c","ext":"","name":"c"}\nformat="\\\\\\\\a\\\\b\\\\c"\ntoNamespacedPath="\\\\\\\\?\\\\UNC\\\\a\\\\b\\\\c"');
C('win32 long path', () => row(path.win32, '\\\\?\\C:\\x\\..\\y', '\\\\?\\C:'), 'normalize="\\\\\\\\?\\\\C:\\\\y"\njoin="\\\\\\\\?\\\\C:\\\\y\\\\?\\\\C:"\nresolve="\\\\\\\\?\\\\C:"\nrelative=".."\ndirname="\\\\\\\\?\\\\C:\\\\x\\\\.."\nbasename="y"\nbasenameExt="y"\nextname=""\nisAbsolute=true\nparse={"root":"\\\\\\\\?\\\\C:\\\\","dir":"\\\\\\\\?\\\\C:\\\\x\\\\..","base":"y","ext":"","name":"y"}\nformat="\\\\\\\\?\\\\C:\\\\x\\\\..\\\\y"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\y"');
C('win32 device namespace', () => row(path.win32, '\\\\.\\pipe\\name', '//./COM1'), 'normalize="\\\\\\\\.\\\\pipe\\\\name"\njoin="\\\\\\\\.\\\\pipe\\\\name\\\\COM1"\nresolve="\\\\\\\\.\\\\COM1"\nrelative="..\\\\..\\\\COM1"\ndirname="\\\\\\\\.\\\\pipe\\\\"\nbasename="name"\nbasenameExt="name"\nextname=""\nisAbsolute=true\nparse={"root":"\\\\\\\\.\\\\pipe\\\\","dir":"\\\\\\\\.\\\\pipe\\\\","base":"name","ext":"","name":"name"}\nformat="\\\\\\\\.\\\\pipe\\\\name"\ntoNamespacedPath="\\\\\\\\.\\\\pipe\\\\name"');
C('win32 rooted', () => row(path.win32, '\\foo\\bar', '/baz'), 'normalize="\\\\foo\\\\bar"\njoin="\\\\foo\\\\bar\\\\baz"\nresolve="C:\\\\baz"\nrelative="..\\\\..\\\\baz"\ndirname="\\\\foo"\nbasename="bar"\nbasenameExt="bar"\nextname=""\nisAbsolute=true\nparse={"root":"\\\\","dir":"\\\\foo","base":"bar","ext":"","name":"bar"}\nformat="\\\\foo\\\\bar"\ntoNamespacedPath="\\\\foo\\\\bar"');
C('win32 relative', () => row(path.win32, 'foo\\..\\..\\bar', '.\\x'), 'normalize="..\\\\bar"\njoin="..\\\\bar\\\\x"\nresolve="C:\\\\base\\\\bar\\\\x"\nrelative="..\\\\dir\\\\x"\ndirname="foo\\\\..\\\\.."\nbasename="bar"\nbasenameExt="bar"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"foo\\\\..\\\\..","base":"bar","ext":"","name":"bar"}\nformat="foo\\\\..\\\\..\\\\bar"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\bar"');
C('win32 trailing', () => row(path.win32, 'a\\b\\', 'b\\'), 'normalize="a\\\\b\\\\"\njoin="a\\\\b\\\\b\\\\"\nresolve="C:\\\\base\\\\dir\\\\a\\\\b\\\\b"\nrelative="..\\\\..\\\\b"\ndirname="a"\nbasename="b"\nbasenameExt="b"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"a","base":"b","ext":"","name":"b"}\nformat="a\\\\b"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir\\\\a\\\\b"');
C('win32 dots', () => row(path.win32, '..', '.'), 'normalize=".."\njoin=".."\nresolve="C:\\\\base"\nrelative="dir"\ndirname="."\nbasename=".."\nbasenameExt="."\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"","base":"..","ext":"","name":".."}\nformat=".."\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base"');
C('win32 colon in name', () => row(path.win32, '1:b', 'c/d:'), 'normalize="1:b"\njoin=".\\\\1:b\\\\c\\\\d:"\nresolve="C:\\\\base\\\\dir\\\\1:b\\\\c\\\\d:"\nrelative="..\\\\c\\\\d:"\ndirname="."\nbasename="1:b"\nbasenameExt="1:b"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"","base":"1:b","ext":"","name":"1:b"}\nformat="1:b"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir\\\\1:b"');
C('win32 colon at end', () => row(path.win32, 'foo:', 'x/y:/z'), 'normalize=".\\\\foo:"\njoin=".\\\\foo:\\\\x\\\\y:\\\\z"\nresolve="C:\\\\base\\\\dir\\\\foo:\\\\x\\\\y:\\\\z"\nrelative="..\\\\x\\\\y:\\\\z"\ndirname="."\nbasename="foo:"\nbasenameExt="foo:"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"","base":"foo:","ext":"","name":"foo:"}\nformat="foo:"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir\\\\foo:"');
C('win32 reserved', () => row(path.win32, 'CON:', 'NUL:x'), 'normalize=".\\\\CON:."\njoin=".\\\\CON:NUL:x"\nresolve="C:\\\\base\\\\dir\\\\CON:\\\\NUL:x"\nrelative="..\\\\NUL:x"\ndirname="."\nbasename="CON:"\nbasenameExt="CON:"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"","base":"CON:","ext":"","name":"CON:"}\nformat="CON:"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir\\\\CON:"');
C('win32 reserved path', () => row(path.win32, 'COM1:\\..\\x', 'lpt3:y'), 'normalize=".\\\\COM1:..\\\\x"\njoin=".\\\\COM1:..\\\\x\\\\lpt3:y"\nresolve="C:\\\\base\\\\dir\\\\x\\\\lpt3:y"\nrelative="..\\\\lpt3:y"\ndirname="COM1:\\\\.."\nbasename="x"\nbasenameExt="x"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"COM1:\\\\..","base":"x","ext":"","name":"x"}\nformat="COM1:\\\\..\\\\x"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir\\\\x"');
C('win32 reserved no colon', () => row(path.win32, 'CONx', 'aux'), 'normalize=".\\\\CONx"\njoin="CONx\\\\aux"\nresolve="C:\\\\base\\\\dir\\\\CONx\\\\aux"\nrelative="..\\\\aux"\ndirname="."\nbasename="CONx"\nbasenameExt="CONx"\nextname=""\nisAbsolute=false\nparse={"root":"","dir":"","base":"CONx","ext":"","name":"CONx"}\nformat="CONx"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir\\\\CONx"');
C('win32 ext', () => row(path.win32, 'C:\\a.b\\c.d.e', '.e'), 'normalize="C:\\\\a.b\\\\c.d.e"\njoin="C:\\\\a.b\\\\c.d.e\\\\.e"\nresolve="C:\\\\a.b\\\\c.d.e\\\\.e"\nrelative="..\\\\..\\\\base\\\\dir\\\\.e"\ndirname="C:\\\\a.b"\nbasename="c.d.e"\nbasenameExt="c.d"\nextname=".e"\nisAbsolute=true\nparse={"root":"C:\\\\","dir":"C:\\\\a.b","base":"c.d.e","ext":".e","name":"c.d"}\nformat="C:\\\\a.b\\\\c.d.e"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\a.b\\\\c.d.e"');
C('win32 drive basename', () => row(path.win32, 'C:file.txt', 'file.txt'), 'normalize="C:file.txt"\njoin="C:file.txt\\\\file.txt"\nresolve="C:\\\\base\\\\dir\\\\file.txt\\\\file.txt"\nrelative=""\ndirname="C:"\nbasename="file.txt"\nbasenameExt="file.txt"\nextname=".txt"\nisAbsolute=false\nparse={"root":"C:","dir":"C:","base":"file.txt","ext":".txt","name":"file"}\nformat="C:file.txt"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\base\\\\dir\\\\file.txt"');
C('win32 forward slashes', () => row(path.win32, '//foo//bar', '/x/'), 'normalize="\\\\\\\\foo\\\\bar\\\\"\njoin="\\\\\\\\foo\\\\bar\\\\x\\\\"\nresolve="\\\\\\\\foo\\\\bar\\\\x"\nrelative="C:\\\\x"\ndirname="//foo//bar"\nbasename="bar"\nbasenameExt="bar"\nextname=""\nisAbsolute=true\nparse={"root":"//foo//bar","dir":"//foo//bar","base":"","ext":"","name":""}\nformat="//foo//bar"\ntoNamespacedPath="\\\\\\\\?\\\\UNC\\\\foo\\\\bar\\\\"');
C('win32 single separators', () => row(path.win32, '\\', '/'), 'normalize="\\\\"\njoin="\\\\"\nresolve="C:\\\\"\nrelative=""\ndirname="\\\\"\nbasename=""\nbasenameExt="\\\\"\nextname=""\nisAbsolute=true\nparse={"root":"\\\\","dir":"\\\\","base":"","ext":"","name":""}\nformat="\\\\"\ntoNamespacedPath="\\\\"');
C('win32 relative drive root', () => row(path.win32, 'C:\\', 'C:\\foo'), 'normalize="C:\\\\"\njoin="C:\\\\C:\\\\foo"\nresolve="C:\\\\foo"\nrelative="foo"\ndirname="C:\\\\"\nbasename=""\nbasenameExt=""\nextname=""\nisAbsolute=true\nparse={"root":"C:\\\\","dir":"C:\\\\","base":"","ext":"","name":""}\nformat="C:\\\\"\ntoNamespacedPath="\\\\\\\\?\\\\C:\\\\"');
C('win32 relative unc same', () => row(path.win32, '\\\\foo\\bar\\baz', '\\\\foo\\bar\\baz-quux'), 'normalize="\\\\\\\\foo\\\\bar\\\\baz"\njoin="\\\\\\\\foo\\\\bar\\\\baz\\\\foo\\\\bar\\\\baz-quux"\nresolve="\\\\\\\\foo\\\\bar\\\\baz-quux"\nrelative="..\\\\baz-quux"\ndirname="\\\\\\\\foo\\\\bar\\\\"\nbasename="baz"\nbasenameExt="baz"\nextname=""\nisAbsolute=true\nparse={"root":"\\\\\\\\foo\\\\bar\\\\","dir":"\\\\\\\\foo\\\\bar\\\\","base":"baz","ext":"","name":"baz"}\nformat="\\\\\\\\foo\\\\bar\\\\baz"\ntoNamespacedPath="\\\\\\\\?\\\\UNC\\\\foo\\\\bar\\\\baz"');

// --- join/resolve with several arguments ---
C('posix join many', () => path.posix.join('/foo', 'bar', 'baz/asdf', 'quux', '..'), '/foo/bar/baz/asdf');
C('posix join empty parts', () => path.posix.join('', '', 'a', '', 'b'), 'a/b');
C('posix join none', () => path.posix.join(), '.');
C('posix join all empty', () => path.posix.join('', ''), '.');
C('posix resolve abs in middle', () => path.posix.resolve('/foo/bar', './baz', '/tmp/file/', '..', 'a/../subfile'), '/tmp/subfile');
C('posix resolve none', () => path.posix.resolve() === path.posix.resolve('.'), true);
C('posix resolve cwd', () => path.posix.resolve('a/b', '../c') === `${path.posix.resolve()}/a/c`, true);
C('posix relative cwd', () => path.posix.relative('', 'x/y'), 'x/y');
C('win32 resolve cwd', () => path.win32.resolve('x') === `${path.win32.resolve()}\\x`, true);
C('win32 join unc', () => path.win32.join('//server', 'share'), '\\\\server\\share\\');
C('win32 join unc 3 slashes', () => path.win32.join('///server', 'share'), '\\server\\share');
C('win32 join leading slashes', () => path.win32.join('\\\\', 'foo'), '\\foo');
C('win32 join drive', () => path.win32.join('c:', 'foo'), 'c:\\foo');
C('win32 join many', () => path.win32.join('C:\\foo', 'bar', '..\\baz', './qux/'), 'C:\\foo\\baz\\qux\\');
C('win32 resolve drives', () => path.win32.resolve('c:/ignore', 'd:\\a/b\\c/d', '\\e.exe'), 'd:\\e.exe');
C('win32 resolve drive relative', () => path.win32.resolve('C:\\x', 'C:y', 'z'), 'C:\\x\\y\\z');
C('win32 resolve unc', () => path.win32.resolve('\\\\server\\share', '..', 'relative\\'), '\\\\server\\share\\relative');

// --- format ---
C('format posix', () => [
  path.posix.format({ root: '/', dir: '/home/user/dir', base: 'file.txt' }),
  path.posix.format({ root: '/', base: 'file.txt', ext: 'ignored' }),
  path.posix.format({ root: '/', name: 'file', ext: '.txt' }),
  path.posix.format({ name: 'file', ext: 'txt' }),
  path.posix.format({ dir: 'd', name: 'n' }),
  path.posix.format({ root: '/x' }),
  path.posix.format({}),
].join('|'),
  '/home/user/dir/file.txt|/file.txt|/file.txt|file.txt|d/n|/x|');
C('format win32', () => [
  path.win32.format({ root: 'C:\\', dir: 'C:\\path\\dir', base: 'file.txt' }),
  path.win32.format({ root: 'C:\\', name: 'x', ext: 'y' }),
  path.win32.format({ dir: 'a', base: 'b' }),
].join('|'),
  'C:\\path\\dir\\file.txt|C:\\x.y|a\\b');

// --- validation ---
C('join non-string', () => path.join('a', 1), 'THROW TypeError ERR_INVALID_ARG_TYPE The "path" argument must be of type string. Received type number (1)');
C('resolve non-string', () => path.resolve('a', null), 'THROW TypeError ERR_INVALID_ARG_TYPE The "paths[1]" argument must be of type string. Received null');
C('normalize non-string', () => path.normalize({}), 'THROW TypeError ERR_INVALID_ARG_TYPE The "path" argument must be of type string. Received an instance of Object');
C('basename non-string suffix', () => path.basename('a', 1), 'THROW TypeError ERR_INVALID_ARG_TYPE The "suffix" argument must be of type string. Received type number (1)');
C('relative non-string', () => path.win32.relative('a', 2), 'THROW TypeError ERR_INVALID_ARG_TYPE The "to" argument must be of type string. Received type number (2)');
C('format non-object', () => path.format('x'), 'THROW TypeError ERR_INVALID_ARG_TYPE The "pathObject" argument must be of type object. Received type string (\'x\')');
C('format null', () => path.win32.format(null), 'THROW TypeError ERR_INVALID_ARG_TYPE The "pathObject" argument must be of type object. Received null');
C('parse non-string', () => path.parse(1), 'THROW TypeError ERR_INVALID_ARG_TYPE The "path" argument must be of type string. Received type number (1)');
C('dirname non-string', () => path.win32.dirname(undefined), 'THROW TypeError ERR_INVALID_ARG_TYPE The "path" argument must be of type string. Received undefined');
C('toNamespacedPath non-string', () => [path.toNamespacedPath(5), path.win32.toNamespacedPath(5), path.win32.toNamespacedPath('')].join(), '5,5,');
C('keys', () => Object.keys(path).join(), 'resolve,normalize,isAbsolute,join,relative,toNamespacedPath,dirname,basename,extname,format,parse,matchesGlob,sep,delimiter,win32,posix,_makeLong');
C('separators', () => path.posix.sep + path.posix.delimiter + path.win32.sep + path.win32.delimiter, '/:\\;');
C('_makeLong', () => path._makeLong === path.toNamespacedPath && path.win32._makeLong === path.win32.toNamespacedPath, true);

// --- matchesGlob ---
const globs = [
  ['a.js', '*.js'], ['.a.js', '*.js'], ['.a.js', '.*'], ['a/b/c.js', '**/*.js'], ['c.js', '**/*.js'],
  ['a/.b/c.js', '**/*.js'], ['a/b/c', 'a/*/c'], ['a/b/b/c', 'a/*/c'], ['a/b/b/c', 'a/**/c'], ['a/c', 'a/**/c'],
  ['a', 'a/**'], ['a/b', 'a/**'], ['x.txt', '?.txt'], ['xy.txt', '?.txt'], ['b.txt', '[abc].txt'], ['d.txt', '[!abc].txt'],
  ['src/lib/x/y.ts', 'src/{lib,test}/**/*.{js,ts}'], ['src/other/y.js', 'src/{lib,test}/**/*.{js,ts}'],
  ['x2', 'x{1..3}'], ['a/b/', 'a/b'], ['a/b', 'a/b/'], ['/abs/x', '/abs/*'], ['abs/x', '/abs/*'], ['a.js', '\\*.js'],
  ['A.JS', '*.js'], ['a/b', 'a\\b'],
];
C('matchesGlob posix', () => globs.map(([p, g]) => `${p} ${g} ${path.posix.matchesGlob(p, g)}`).join('\n'), 'a.js *.js true\n.a.js *.js false\n.a.js .* true\na/b/c.js **/*.js true\nc.js **/*.js true\na/.b/c.js **/*.js false\na/b/c a/*/c true\na/b/b/c a/*/c false\na/b/b/c a/**/c true\na/c a/**/c true\na a/** false\na/b a/** true\nx.txt ?.txt true\nxy.txt ?.txt false\nb.txt [abc].txt true\nd.txt [!abc].txt true\nsrc/lib/x/y.ts src/{lib,test}/**/*.{js,ts} true\nsrc/other/y.js src/{lib,test}/**/*.{js,ts} false\nx2 x{1..3} true\na/b/ a/b true\na/b a/b/ false\n/abs/x /abs/* true\nabs/x /abs/* false\na.js \\*.js false\nA.JS *.js false\na/b a\\b true');
C('matchesGlob win32', () => globs.map(([p, g]) => `${p} ${g} ${path.win32.matchesGlob(p, g)}`).join('\n'), 'a.js *.js true\n.a.js *.js false\n.a.js .* true\na/b/c.js **/*.js true\nc.js **/*.js true\na/.b/c.js **/*.js false\na/b/c a/*/c true\na/b/b/c a/*/c false\na/b/b/c a/**/c true\na/c a/**/c true\na a/** false\na/b a/** true\nx.txt ?.txt true\nxy.txt ?.txt false\nb.txt [abc].txt true\nd.txt [!abc].txt true\nsrc/lib/x/y.ts src/{lib,test}/**/*.{js,ts} true\nsrc/other/y.js src/{lib,test}/**/*.{js,ts} false\nx2 x{1..3} true\na/b/ a/b true\na/b a/b/ false\n/abs/x /abs/* true\nabs/x /abs/* false\na.js \\*.js false\nA.JS *.js false\na/b a\\b true');
C('matchesGlob win32 backslash path', () => path.win32.matchesGlob('a\\b\\c.js', 'a/**/*.js'), true);
C('matchesGlob non-string', () => path.matchesGlob(1, '*'), 'THROW TypeError ERR_INVALID_ARG_TYPE The "path" argument must be of type string. Received type number (1)');
done();
