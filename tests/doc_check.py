#!/usr/bin/env python3
"""Checks that the documents agree with the program and with each other.

usage: doc_check.py TOP BINARY USAGE_FILE [PART[,PART...]]

USAGE_FILE holds the usage text BINARY prints (the source of truth for
which flags, IPC types, counter sets, modes and environment values
exist).  The checks, one verdict line each, in four PARTs (default:
all of them):

texts:
  docs-flags-man*     the manual page documents exactly those (options
                      list, SYNOPSIS, ENVIRONMENT), and its HISTORY names
                      every flag the usage text lists as an extension;
  docs-flags-readme*  README.md's flag and mode tables, and its usage
                      block, say the same;
  docs-counter-sets   docs/counters.md's table of sets, likewise;
  docs-exit-codes     README, docs/errors.md and the manual page's EXIT
                      STATUS list the same exit codes;
  docs-flag-spans     every inline `-X ...` in README and docs/ names a
                      flag (and IPC type or counter set) that exists;
  docs-index          every docs/ file is in docs/README.md's index and
                      linked from README.md;
commands:
  docs-commands       every benchmark command line in README, docs/ and
                      the manual page's EXAMPLES is one the program
                      accepts (run with the `describe` operand, which
                      validates every flag and runs nothing);
keys:
  docs-json-keys      every key of a -j run with -g, -s and -V is named
                      in docs/json.md;
blocks:
  docs-block-FILE-N   the Nth transcript (a fenced block whose commands
                      start with "$ ") of README or docs/FILE.md, run
                      from TOP, prints what the block shows (see
                      match_template); blocks marked illustrative
                      (ILLUSTRATIVE, on the line before the fence) are
                      counted, not run (docs-blocks-marked).

Prints "ok NAME[: note]", "FAIL NAME: why" (details indented below) or
"SKIP NAME: why" per case, for tests/t_docs.sh; always exits 0.
"""

import concurrent.futures
import difflib
import glob
import json
import os
import re
import shlex
import subprocess
import sys

ILLUSTRATIVE = re.compile(r'^<!-- illustrative: .+ -->$')
MODES_RUN = ('1thread', '2thread', '2proc')
TIMEOUT = 120


def verdict(ok, name, why='', details=()):
    if ok:
        print('ok %s%s' % (name, ': ' + why if why else ''))
    else:
        print('FAIL %s: %s' % (name, why))
        for d in list(details)[:40]:
            print('    ' + d)


def compare(name, want, got, what):
    """One verdict: the sets WANT (from the usage text) and GOT agree."""
    missing = sorted(want - got)
    stale = sorted(got - want)
    why = []
    if missing:
        why.append('%s lacks %s' % (what, ' '.join(missing)))
    if stale:
        why.append('%s has %s, which the usage text does not'
                   % (what, ' '.join(stale)))
    verdict(not why, name, '; '.join(why))


# --- the usage text -------------------------------------------------------

def parse_usage(text):
    """Flags, -i types, -P sets, modes and environment values, with the
    letters of the original section and of the extensions apart."""
    u = {'flags': set(), 'types': set(), 'sets': set(), 'modes': set(),
         'env': {}, 'orig': set(), 'ext': set(), 'ext_types': set(),
         'synopsis': text.split('\n')[:2]}
    section = None
    for line in text.split('\n'):
        if line.startswith('Modes'):
            section = 'modes'
        elif line.startswith('Optional flags'):
            section = 'orig'
        elif line.startswith('Extensions'):
            section = 'ext'
        elif line.startswith('    ') and section:
            head = re.split(r'\s{2,}', line.strip(), maxsplit=1)
            desc = head[1] if len(head) > 1 else ''
            words = head[0].split(' ')
            if re.fullmatch(r'-[A-Za-z]', words[0]):
                f = words[0][1]
                u['flags'].add(f)
                u[section if section != 'modes' else 'orig'].add(f)
                if f in 'iP' and len(words) > 1:
                    vals = set(words[1].split('|'))
                    u['types' if f == 'i' else 'sets'] |= vals
                    if f == 'i' and section == 'ext':
                        u['ext_types'] |= vals
            elif re.fullmatch(r'[A-Z_]+=\S+', words[0]):
                var = words[0].split('=')[0]
                vals = desc.split(':', 1)[1] if ':' in desc else ''
                u['env'][var] = {v.strip() for v in vals.split(',')
                                 if v.strip()}
            elif re.fullmatch(r'[0-9a-z]+', words[0]):
                u['modes'].add(words[0])
    return u


# --- the manual page ------------------------------------------------------

def parse_man(text):
    """What the manual page documents, by section."""
    m = {'flags': set(), 'synopsis': set(), 'types': set(), 'sets': set(),
         'modes': set(), 'env': {}, 'codes': set(), 'history': set(),
         'history_types': set(), 'examples': [], 'metavars': set()}
    sh = None
    depth = 0
    kind = {}           # list depth -> 'modes', 'options' or a flag
    item = {}           # list depth -> the .It line's first words
    env = None
    for line in text.split('\n'):
        w = line.split()
        if not w:
            continue
        if w[0] == '.Sh':
            sh = ' '.join(w[1:])
            depth = 0
            continue
        if sh == 'SYNOPSIS' and w[:2] == ['.Op', 'Fl'] and len(w) > 2:
            m['synopsis'] |= set(w[2])
            if len(w) > 4 and w[3] == 'Ar':
                m['metavars'].add(w[4])
        elif sh == 'HISTORY' and w[0] == '.Fl' and len(w) > 1:
            if len(w[1]) > 1:
                m['history'] |= set(w[1].rstrip(','))
            if w[1] == 'i' and len(w) > 3 and w[2] == 'Cm':
                m['history_types'].add(w[3])
        elif sh == 'EXIT STATUS' and w[0] == '.It' and w[1].isdigit():
            m['codes'].add(w[1])
        elif sh == 'EXAMPLES' and line.startswith('$ '):
            m['examples'].append(line[2:])
        elif sh == 'EXAMPLES' and m['examples'] and \
                m['examples'][-1].endswith('\\e'):
            m['examples'][-1] = m['examples'][-1][:-2] + ' ' + line.strip()
        elif sh == 'ENVIRONMENT':
            if w[:2] == ['.It', 'Ev']:
                env = w[2]
                m['env'][env] = set()
            elif w[0] == '.Cm' and env:
                m['env'][env].add(w[1])
        elif sh == 'DESCRIPTION':
            if w[0] == '.Bl':
                depth += 1
                kind[depth] = None
            elif w[0] == '.El':
                depth -= 1
            elif w[0] == '.It' and len(w) > 2:
                if kind[depth] is None:
                    kind[depth] = 'options' if w[1] == 'Fl' else 'modes'
                    if depth > 1 and item.get(depth - 1, [''])[0] == 'Fl':
                        kind[depth] = item[depth - 1][1]
                item[depth] = w[1:]
                if kind[depth] == 'options' and w[1] == 'Fl':
                    m['flags'].add(w[2])
                elif kind[depth] == 'modes' and w[1] == 'Cm':
                    m['modes'].add(w[2])
                elif kind[depth] == 'i' and w[1] == 'Cm':
                    m['types'].add(w[2])
                elif kind[depth] == 'P' and w[1] == 'Cm':
                    m['sets'].add(w[2])
    return m


# --- Markdown -------------------------------------------------------------

def md_files(top):
    return [os.path.join(top, 'README.md')] + \
        sorted(glob.glob(os.path.join(top, 'docs', '*.md')))


def split_md(text):
    """(prose lines with their numbers, fenced blocks): a block is
    (line number of its fence, the line before the fence, its lines)."""
    prose, blocks = [], []
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        if lines[i].startswith('```'):
            start = i
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith('```'):
                body.append(lines[i])
                i += 1
            before = lines[start - 1] if start > 0 else ''
            blocks.append((start + 1, before, body))
        else:
            prose.append((i + 1, lines[i]))
        i += 1
    return prose, blocks


def tables(prose):
    """Each Markdown table as (header cells, rows of cells)."""
    out, cur = [], None
    for _, line in prose:
        if line.startswith('|'):
            cells = [c.strip().replace('\\|', '|') for c in
                     re.split(r'(?<!\\)\|', line.strip())[1:-1]]
            if cur is None:
                cur = (cells, [])
                out.append(cur)
            elif not all(re.fullmatch(r'-+', c) for c in cells):
                cur[1].append(cells)
        else:
            cur = None
    return out


def first_span(cell):
    m = re.search(r'`([^`]+)`', cell)
    return m.group(1) if m else ''


def parse_readme(text):
    d = {'flags': set(), 'types': set(), 'sets': set(), 'modes': set(),
         'env': {}, 'codes': set(), 'synopsis': None}
    prose, blocks = split_md(text)
    for head, rows in tables(prose):
        for r in rows:
            span = first_span(r[0])
            words = span.split(' ')
            if head[0] == 'flag':
                if re.fullmatch(r'-[A-Za-z]', words[0]):
                    d['flags'].add(words[0][1])
                    if words[0][1] in 'iP' and len(words) > 1 and \
                            re.fullmatch(r'[a-z0-9|]+', words[1]):
                        d['types' if words[0] == '-i' else 'sets'] |= \
                            set(words[1].split('|'))
                elif re.fullmatch(r'[A-Z_]+=\S+', span):
                    var, vals = span.split('=', 1)
                    d['env'][var] = set(vals.split('|'))
                elif '(mode)' in r[0]:
                    d['modes'].add(span)
            elif head[0] == 'mode':
                d['modes'].add(span)
            elif head[0] == 'code':
                d['codes'].add(r[0].split()[0])

    for _, _, body in blocks:
        if body and body[0].startswith('ipc-static ['):
            d['synopsis'] = body
    return d


def code_table_column(text, header, span=True):
    """The first spans (or the first words) of the first column of every
    table headed HEADER."""
    prose, _ = split_md(text)
    return {first_span(r[0]) if span else r[0].split()[0]
            for h, rows in tables(prose) if h[0] == header for r in rows}


# --- command lines in the documents ---------------------------------------

INVOCATION = re.compile(
    r'((?:\b[A-Z_]+=[^\s`]*\s+)*)(?:\S*/)?ipc-(?:static|dynamic|benchmark)'
    r'(?=\s|$)((?:[ \t]+[^\s\'"|;&()`\\<>]+)*)')


def doc_commands(top, man):
    """(where, environment, argv) of every benchmark command line in
    README, docs/ and the manual page's EXAMPLES that ends in a mode."""
    found = []
    for path in md_files(top):
        text = open(path, encoding='utf-8').read()
        name = os.path.relpath(path, top)
        prose, blocks = split_md(text)
        chunks = [(n, s) for n, line in prose
                  for s in re.findall(r'`([^`]+)`', line)]
        for n, _, body in blocks:
            joined = '\n'.join(body).replace('\\\n', ' ').split('\n')
            chunks += [(n, s[2:] if s.startswith('$ ') else s)
                       for s in joined]
        found += [('%s:%d' % (name, n), s) for n, s in chunks]
    found += [('ipc/ipc-static.1 EXAMPLES', s) for s in man['examples']]
    out = []
    for where, s in found:
        for m in INVOCATION.finditer(s):
            env = dict(a.split('=', 1) for a in m.group(1).split())
            args = m.group(2).split()
            if args and args[-1] in MODES_RUN + ('describe',):
                env = {k: v for k, v in env.items()
                       if k.startswith('IPC_')}
                out.append((where, env, args))
    return out


def refused(binary, cmd):
    """None if BINARY accepts the command line CMD with the operand
    `describe` in place of its mode, else why not."""
    where, env, args = cmd
    e = dict(os.environ)
    e.update(env)
    p = subprocess.run([binary] + args[:-1] + ['describe'], env=e,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    if p.returncode == 0:
        return None
    return '%s: %s%s: exit %d: %s' % (
        where, ''.join('%s=%s ' % kv for kv in env.items()), ' '.join(args),
        p.returncode, p.stderr.decode('utf-8', 'replace').split('\n')[0])


def check_commands(binary, cmds):
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        bad = [r for r in pool.map(lambda c: refused(binary, c), cmds) if r]
    verdict(cmds and not bad, 'docs-commands',
            '%d command lines accepted' % len(cmds) if not bad else
            '%d of %d command lines refused' % (len(bad), len(cmds))
            if cmds else 'no command lines found', bad)


def check_spans(top, u, metavars):
    """Inline `-X ...` spans name flags, types and sets that exist (or
    the manual page's placeholder for one, as in `-P set`)."""
    bad = []
    n = 0
    for path in md_files(top):
        prose, _ = split_md(open(path, encoding='utf-8').read())
        for ln, line in prose:
            for span in re.findall(r'`([^`]+)`', line):
                words = span.replace('\\|', '|').split()
                if not words or not re.fullmatch(r'-[A-Za-z]', words[0]):
                    continue
                n += 1
                for i, w in enumerate(words):
                    if not re.fullmatch(r'-[A-Za-z]', w):
                        continue
                    f = w[1]
                    if f not in u['flags']:
                        bad.append('%s:%d: `%s`: no flag -%s' % (
                            os.path.relpath(path, top), ln, span, f))
                    elif f in 'iP' and i + 1 < len(words) and \
                            re.fullmatch(r'[a-z0-9|]+', words[i + 1]):
                        known = u['types' if f == 'i' else 'sets']
                        for v in words[i + 1].split('|'):
                            if v not in known and v not in metavars:
                                bad.append('%s:%d: `%s`: no -%s %s' % (
                                    os.path.relpath(path, top), ln, span,
                                    f, v))
    verdict(n and not bad, 'docs-flag-spans',
            '%d spans' % n if not bad else 'stale flags', bad)


README_MAX_LINES = 300


def check_index(top):
    """Every docs/ file is indexed in docs/README.md and linked from the
    README's front door."""
    index = open(os.path.join(top, 'docs', 'README.md'),
                 encoding='utf-8').read()
    readme = open(os.path.join(top, 'README.md'), encoding='utf-8').read()
    bad = []
    for path in md_files(top)[1:]:
        f = os.path.basename(path)
        if f == 'README.md':
            continue
        if '](%s)' % f not in index:
            bad.append('docs/README.md does not list %s' % f)
        if '](docs/%s)' % f not in readme:
            bad.append('README.md does not link docs/%s' % f)
    verdict(not bad, 'docs-index', '; '.join(bad))
    # The front door stays a page a newcomer finishes; the rest is docs/.
    n = readme.count('\n')
    verdict(n <= README_MAX_LINES, 'docs-readme-length',
            '%d lines (at most %d)' % (n, README_MAX_LINES))


def json_keys(o, keys):
    if isinstance(o, dict):
        for k, v in o.items():
            keys.add(k)
            json_keys(v, keys)
    elif isinstance(o, list):
        for v in o:
            json_keys(v, keys)
    return keys


def check_json_keys(top, binary):
    """Every key of a -j run with the flags that add keys (but -P, which
    needs a PMU or a permission; docs/counters.md names its keys) is
    written in docs/json.md: as `key`, as "key" in an example, or under
    a `prefix_*`."""
    argv = [binary, '-B', '-j', '-g', '-s', '-V', '-i', 'local', '-n', '3',
            '-w', '1', '-b', '4096', '-t', '65536', '2thread']
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    try:
        keys = json_keys(json.loads(p.stdout.decode('utf-8')), set())
    except ValueError:
        verdict(False, 'docs-json-keys', '%s: exit %d, no JSON: %s' % (
            ' '.join(argv[1:]), p.returncode,
            p.stderr.decode('utf-8', 'replace').strip()))
        return
    doc = open(os.path.join(top, 'docs', 'json.md'), encoding='utf-8').read()
    spans = set(re.findall(r'`([^`]+)`', doc))
    prefixes = [sp[:-1] for sp in spans if sp.endswith('*')]
    quoted = set(re.findall(r'"([^"]+)"', ' '.join(spans)))
    missing = sorted(k for k in keys if k not in spans and
                     k not in quoted and
                     not any(k.startswith(pf) for pf in prefixes))
    verdict(not missing, 'docs-json-keys', '%d keys' % len(keys) if
            not missing else 'not in docs/json.md: ' + ' '.join(missing))


# --- transcripts ----------------------------------------------------------

NUMBER = r'(?<![\w.])-?[0-9]+(?:\.[0-9]+)?(?![\w.])'


def line_regex(t):
    """A template line as a regular expression: a number stands for any
    number, <placeholder> for any text, a run of blanks after the
    indentation for any run of blanks; the rest is literal."""
    lead = len(t) - len(t.lstrip(' '))
    out = re.escape(t[:lead])
    for tok in re.split(r'(<[^<>]+>|%s| +)' % NUMBER, t[lead:]):
        if not tok:
            continue
        if re.fullmatch(r'<[^<>]+>', tok):
            out += '.+?'
        elif re.fullmatch(NUMBER, tok):
            out += r'-?[0-9]+(?:\.[0-9]+)?'
        elif tok.isspace():
            out += ' +'
        else:
            out += re.escape(tok)
    return out


def match_template(template, output):
    """OUTPUT matches TEMPLATE line by line (see line_regex); a template
    line that is "..." alone (indented or not) stands for any number of
    lines, none included."""
    rx = ''
    for t in template:
        rx += r'(?:.*\n)*?' if t.strip() == '...' else line_regex(t) + r'\n'
    return re.fullmatch(rx, output) is not None


def transcripts(top):
    """(case name, where, [(command, template lines)]) per checked block,
    and the number of illustrative blocks."""
    out, illustrative, stray = [], 0, []
    for path in md_files(top):
        text = open(path, encoding='utf-8').read()
        stem = os.path.basename(path)[:-3]
        name = os.path.relpath(path, top)
        prose, blocks = split_md(text)
        nblock = 0
        for n, before, body in blocks:
            marked = ILLUSTRATIVE.match(before) is not None
            if not any(b.startswith('$ ') for b in body):
                if marked:
                    stray.append('%s:%d: marked illustrative, but shows no '
                                 '"$ " command' % (name, n))
                continue
            if marked:
                illustrative += 1
                continue
            nblock += 1
            steps = []
            for b in body:
                if b.startswith('$ '):
                    steps.append([b[2:], []])
                elif steps and steps[-1][0].endswith('\\') and \
                        not steps[-1][1]:
                    steps[-1][0] = steps[-1][0][:-1] + ' ' + b.strip()
                elif steps:
                    steps[-1][1].append(b)
                else:
                    stray.append('%s:%d: output before the first "$ " '
                                 'command' % (name, n))
            out.append(('docs-block-%s-%d' % (stem, nblock),
                        '%s:%d' % (name, n), steps))
        for ln, line in prose:
            if ILLUSTRATIVE.match(line) and not any(
                    b[0] == ln + 1 for b in blocks):
                stray.append('%s:%d: an illustrative mark not on the line '
                             'before a fence' % (name, ln))
    return out, illustrative, stray


def run_block(top, steps):
    """Run a block's commands in order: None, or why it failed as (why,
    details), or ('SKIP', why) when a command exits 69 or 71, saying
    that this machine cannot run it (no PMU, no permission)."""
    for cmd, template in steps:
        try:
            p = subprocess.run(['sh', '-c', cmd], cwd=top,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return ('`%s` ran longer than %d s' % (cmd, TIMEOUT), [])
        got = p.stdout.decode('utf-8', 'replace')
        if p.returncode in (69, 71):
            return ('SKIP', '`%s` cannot run here: %s' % (
                cmd, got.strip().split('\n')[-1]))
        if p.returncode != 0:
            return ('`%s` exited %d' % (cmd, p.returncode),
                    got.split('\n'))
        if not match_template(template, got):
            diff = difflib.unified_diff(template, got.rstrip('\n').split('\n'),
                                        'document', 'output', lineterm='')
            return ('`%s` printed something else' % cmd, list(diff)[2:])
    return None


def check_blocks(top):
    blocks, illustrative, stray = transcripts(top)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda b: run_block(top, b[2]), blocks))
    for (name, where, _), res in zip(blocks, results):
        if res is None:
            verdict(True, name, where)
        elif res[0] == 'SKIP':
            print('SKIP %s: %s: %s' % (name, where, res[1]))
        else:
            verdict(False, name, '%s: %s' % (where, res[0]), res[1])
    verdict(not stray and blocks, 'docs-blocks-marked',
            '%d checked, %d illustrative' % (len(blocks), illustrative)
            if not stray else 'misplaced marks or output', stray)


# --- main -------------------------------------------------------------------

def main():
    top, binary, usage_file = sys.argv[1:4]
    parts = sys.argv[4].split(',') if len(sys.argv) > 4 else \
        ['texts', 'commands', 'keys', 'blocks']
    u = parse_usage(open(usage_file, encoding='utf-8').read())
    man = parse_man(open(os.path.join(top, 'ipc', 'ipc-static.1'),
                         encoding='utf-8').read())
    if 'texts' in parts:
        check_texts(top, u, man)
    if 'commands' in parts:
        check_commands(binary, doc_commands(top, man))
    if 'keys' in parts:
        check_json_keys(top, binary)
    if 'blocks' in parts:
        check_blocks(top)


def env_set(env):
    """{VAR: {values}} as {"VAR=value"}."""
    return {'%s=%s' % (k, v) for k, vs in env.items() for v in vs}


def check_texts(top, u, man):
    """The flags, types, sets, modes and exit codes of the usage text,
    the manual page and the Markdown documents agree."""
    readme = open(os.path.join(top, 'README.md'), encoding='utf-8').read()
    rd = parse_readme(readme)
    u = dict(u, env=env_set(u['env']))
    man = dict(man, env=env_set(man['env']))
    rd = dict(rd, env=env_set(rd['env']))
    # (case, the usage text's key, the text, its key, where in the text)
    pairs = (
        ('docs-flags-man', 'flags', man, 'flags', 'the options list'),
        ('docs-flags-man-synopsis', 'flags', man, 'synopsis',
         'the SYNOPSIS'),
        ('docs-flags-man-types', 'types', man, 'types', 'the -i list'),
        ('docs-flags-man-sets', 'sets', man, 'sets', 'the -P list'),
        ('docs-flags-man-modes', 'modes', man, 'modes', 'the mode list'),
        ('docs-flags-man-environment', 'env', man, 'env',
         'the ENVIRONMENT'),
        ('docs-flags-readme', 'flags', rd, 'flags', 'the flag tables'),
        ('docs-flags-readme-types', 'types', rd, 'types', 'the -i rows'),
        ('docs-flags-readme-sets', 'sets', rd, 'sets', 'the -P rows'),
        ('docs-flags-readme-modes', 'modes', rd, 'modes',
         'the mode table and (mode) rows'),
        ('docs-flags-readme-environment', 'env', rd, 'env',
         'the environment row'))
    for case, ukey, text, key, where in pairs:
        compare(case, u[ukey], text[key], '%s of %s' % (
            where, 'ipc/ipc-static.1' if text is man else 'README.md'))
    compare('docs-flags-man-history', (u['ext'] - u['orig']) |
            {'-i ' + t for t in u['ext_types']},
            man['history'] | {'-i ' + t for t in man['history_types']},
            'the HISTORY of ipc/ipc-static.1')
    verdict(rd['synopsis'] == u['synopsis'], 'docs-flags-readme-synopsis',
            '' if rd['synopsis'] == u['synopsis'] else
            "README.md's usage block is not the usage text's first lines",
            difflib.unified_diff(rd['synopsis'] or [], u['synopsis'],
                                 'README.md', 'usage', lineterm=''))
    counters = open(os.path.join(top, 'docs', 'counters.md'),
                    encoding='utf-8').read()
    compare('docs-counter-sets', u['sets'],
            code_table_column(counters, 'set'),
            "docs/counters.md's table of sets")
    errors = open(os.path.join(top, 'docs', 'errors.md'),
                  encoding='utf-8').read()
    codes = man['codes']
    why = []
    for what, got in (('README.md', rd['codes']),
                      ('docs/errors.md',
                       code_table_column(errors, 'code', False))):
        if got != codes:
            why.append('%s lists %s, the manual page %s' % (
                what, ' '.join(sorted(got)), ' '.join(sorted(codes))))
    verdict(codes and not why, 'docs-exit-codes', '; '.join(why))
    check_spans(top, u, man['metavars'])
    check_index(top)


if __name__ == '__main__':
    main()
