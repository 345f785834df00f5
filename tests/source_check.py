#!/usr/bin/env python3
"""Checks the shape of the C sources in ipc/.

usage: source_check.py TOP CHECK

CHECK is one of:
  length      no ipc/*.c or ipc/*.h is over 600 lines;
  opening     every ipc/*.c and ipc/*.h opens, after its licence, with a
              comment that says what the file holds (not how long it is);
  deps        ipc/Makefile gives every object exactly the headers it
              includes, directly or through another header, so that a
              header change rebuilds its users and nothing else (every
              "#include" counts, whatever #if surrounds it: the
              Makefile serves every OS);
  headers     ipc/Makefile's HEADERS, which check-headers compiles one
              by one, lists every ipc/*.h;
  cycles      no project header includes itself, directly or not.

Exits 0 when the check holds; otherwise prints why and exits 1.
Standard library only.
"""

import glob
import os
import re
import sys

MAX_LINES = 600
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(top):
    """The C files the check covers: ipc/*.c and ipc/*.h."""
    return sorted(glob.glob(os.path.join(top, 'ipc', '*.[ch]')))


def rel(top, path):
    return os.path.relpath(path, top)


def check_length(top):
    bad = []
    for f in sources(top):
        with open(f, encoding='utf-8', errors='replace') as fh:
            n = sum(1 for _ in fh)
        if n > MAX_LINES:
            bad.append('%s: %d lines' % (rel(top, f), n))
    return ['over %d lines: %s' % (MAX_LINES, ', '.join(bad))] if bad else []


def opening_comment(text):
    """The first block comment after the licence ("/*-"), if nothing but
    blank lines stands between them; else None."""
    m = re.match(r'\s*/\*-.*?\*/\s*(/\*.*?\*/)', text, re.S)
    if m is None:
        return None
    return re.sub(r'^\s*\*?\s?', '', m.group(1)[2:-2], flags=re.M).strip()


def check_opening(top):
    why = []
    for f in sources(top):
        with open(f, encoding='utf-8', errors='replace') as fh:
            c = opening_comment(fh.read())
        if c is None or len(c) < 40:
            why.append('%s: no opening comment after the licence' %
                rel(top, f))
        elif re.search(r'\b\d+ lines\b|\b(is|too|so) long\b', c):
            why.append('%s: its opening comment speaks of its length' %
                rel(top, f))
    return why


def includes(path, ipcdir):
    """The project headers path includes, resolved as the compiler does
    (the including file's folder, then -I. in ipc/)."""
    with open(path, encoding='utf-8', errors='replace') as fh:
        names = INCLUDE.findall(fh.read())
    out = []
    for n in names:
        for d in (os.path.dirname(path), ipcdir):
            p = os.path.normpath(os.path.join(d, n))
            if os.path.exists(p):
                out.append(p)
                break
        else:
            raise SystemExit('%s: cannot find "%s"' % (path, n))
    return out


def closure(path, ipcdir):
    seen, todo = set(), list(includes(path, ipcdir))
    while todo:
        h = todo.pop()
        if h not in seen:
            seen.add(h)
            todo.extend(includes(h, ipcdir))
    return seen


def makefile(ipcdir):
    """ipc/Makefile's variables and its rules' prerequisites, per target,
    with variables expanded."""
    with open(os.path.join(ipcdir, 'Makefile')) as fh:
        text = fh.read().replace('\\\n', ' ')
    var, rules = {}, []
    for line in text.split('\n'):
        if line.startswith('\t') or line.lstrip().startswith('#'):
            continue
        m = re.match(r'^(\w+)\s*(\?|!)?=\s*(.*)$', line)
        if m:
            if m.group(2) != '!':
                var[m.group(1)] = m.group(3)
            continue
        m = re.match(r'^([^:=]+):(?!=)\s*(.*)$', line)
        if m:
            rules.append((m.group(1), m.group(2)))

    def expand(s, depth=0):
        if depth > 10:
            raise SystemExit('Makefile: variables nest too deep')
        return re.sub(r'\$\((\w+)\)',
            lambda m: expand(var.get(m.group(1), ''), depth + 1), s)

    prereq = {}
    for t, p in rules:
        for target in expand(t).split():
            prereq.setdefault(target, []).extend(expand(p).split())
    return var, expand, prereq


def check_deps(top):
    ipcdir = os.path.join(top, 'ipc')
    _, _, prereq = makefile(ipcdir)
    objs = {}
    for c in glob.glob(os.path.join(ipcdir, '*.c')):
        objs[os.path.basename(c)[:-2] + '.o'] = c
    for c in glob.glob(os.path.join(top, 'tests', 'unit*.c')):
        objs[os.path.basename(c)[:-2] + '.o'] = c
    why = []
    for o in sorted(objs):
        listed = {os.path.normpath(os.path.join(ipcdir, p))
            for p in prereq.get(o, []) if p.endswith('.h')}
        srcs = [p for p in prereq.get(o, []) if p.endswith('.c')]
        src = (os.path.normpath(os.path.join(ipcdir, srcs[0])) if srcs
            else objs[o])
        want = closure(src, ipcdir)
        for h in sorted(want - listed):
            why.append('%s: includes %s, which the Makefile does not list'
                % (o, rel(ipcdir, h)))
        for h in sorted(listed - want):
            why.append('%s: the Makefile lists %s, which it does not '
                'include' % (o, rel(ipcdir, h)))
    return why


def check_headers(top):
    ipcdir = os.path.join(top, 'ipc')
    var, expand, _ = makefile(ipcdir)
    listed = set(expand(var.get('HEADERS', '')).split())
    have = {os.path.basename(h)
        for h in glob.glob(os.path.join(ipcdir, '*.h'))}
    why = ['HEADERS misses %s' % h for h in sorted(have - listed)]
    why += ['HEADERS names %s, which does not exist' % h
        for h in sorted(listed - have)]
    return why


def check_cycles(top):
    ipcdir = os.path.join(top, 'ipc')
    why = []
    for h in sorted(glob.glob(os.path.join(ipcdir, '*.h'))):
        if os.path.normpath(h) in closure(h, ipcdir):
            why.append('%s includes itself through another header' %
                rel(top, h))
    return why


CHECKS = {
    'length': check_length,
    'opening': check_opening,
    'deps': check_deps,
    'headers': check_headers,
    'cycles': check_cycles,
}


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in CHECKS:
        sys.stderr.write('usage: source_check.py TOP %s\n' %
            '|'.join(CHECKS))
        return 64
    why = CHECKS[sys.argv[2]](os.path.abspath(sys.argv[1]))
    for w in why:
        print(w)
    return 1 if why else 0


if __name__ == '__main__':
    sys.exit(main())
