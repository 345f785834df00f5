#!/usr/bin/env python3
"""Check D scripts for variables read before they exist.

Usage: d_check.py FILE...

D resolves every identifier when it compiles a script: a variable must
be declared (at the top level: "int run;", "self uint64_t ts;") or
assigned before its first use in program order, or the compiler stops
with "failed to resolve NAME: Unknown variable name".  Program order is
the order of the clauses in the file; within a clause the predicate
comes before the body, and within a statement the right-hand side before
the assignment.  Globals and thread-locals (self->) count across the
whole file, clause-locals (this->) within their clause.  x++, x-- and
x += y read x as well as write it.  Aggregations (@x), macro variables
($target), kernel symbols (`x), built-in variables and functions are not
variables here.

Nobody here can run DTrace, so this is the check the .d scripts get: it
prints "FILE:LINE: NAME is read before it is declared or assigned" for
each first offence and exits 1 if there is any (2 if a file cannot be
read or parsed).
"""

import re
import sys

# D's keywords and type names, and the built-in variables of FreeBSD's
# DTrace: never user variables.
RESERVED = set("""
auto break case char const continue counter default do double else enum
extern float for goto if import inline int int8_t int16_t int32_t int64_t
long offsetof probe provider register restrict return self short signed
sizeof static string stringof struct switch this translator typedef union
unsigned void volatile while xlate uint uint8_t uint16_t uint32_t uint64_t
uintptr_t intptr_t size_t ssize_t off_t pid_t id_t uid_t gid_t
arg0 arg1 arg2 arg3 arg4 arg5 arg6 arg7 arg8 arg9 args caller chip cpu
curcpu curlwpsinfo curpsinfo curthread cwd epid errno execargs execname
gid id ipl jailname jid lgrp pid ppid probefunc probemod probename
probeprov pset root stackdepth tid timestamp ucaller uid uregs ustackdepth
vtimestamp walltimestamp zonename NULL
""".split())

IDENT = r"[A-Za-z_]\w*"
ASSIGN = r"(?:<<=|>>=|[-+*/%&|^]=|=(?!=))"


class ParseError(Exception):
    pass


def blank(text):
    """Comments, strings and preprocessor lines become blanks; newlines
    stay, so offsets still give line numbers."""
    out = list(text)
    i, n = 0, len(text)

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise ParseError("unterminated comment")
            wipe(i, j + 2)
            i = j + 2
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise ParseError("unterminated string")
            wipe(i + 1, j)
            i = j + 1
            line_start = False
            continue
        if c == "\n":
            line_start = True
        elif not c.isspace():
            line_start = False
        i += 1
    return "".join(out)


def closing(text, i):
    """Index of the brace that closes the one at text[i]."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise ParseError("unbalanced braces")


def uses(expr, base):
    """(offset, name, kind) for each variable use in expr, in order;
    kind is "read", "write" or "update" (x++, x += 1)."""
    found = []
    pat = re.compile(r"(?<![\w@$`.>])(?:(self|this)\s*->\s*(%s)|(%s))"
                     % (IDENT, IDENT))
    for m in pat.finditer(expr):
        if m.group(1):
            name = m.group(1) + "->" + m.group(2)
        else:
            name = m.group(3)
            if name in RESERVED or name in ("self", "this"):
                continue
            if re.match(r"\s*\(", expr[m.end():]):
                continue                        # a function call
            if re.match(r"\s*->", expr[m.end():]):
                continue                        # a struct pointer's member
            if re.search(r"\b(?:struct|union|enum)\s*$", expr[:m.start()]):
                continue                        # a tag name
        after = expr[m.end():]
        sub = re.match(r"\s*(\[[^\]]*\])?\s*", after)
        rest = after[sub.end():]
        if re.match(r"(\+\+|--)", rest) or \
                re.search(r"(\+\+|--)\s*$", expr[:m.start()]):
            kind = "update"
        elif re.match(ASSIGN, rest):
            kind = "update" if rest[0] != "=" else "write"
        else:
            kind = "read"
        found.append((base + m.start(), name, kind))
    return found


def statements(body, base):
    """The statements of a clause body, as (offset, text), in order."""
    out = []
    start = 0
    for i, c in enumerate(body):
        if c in ";{}":
            if body[start:i].strip():
                out.append((base + start, body[start:i]))
            start = i + 1
    if body[start:].strip():
        out.append((base + start, body[start:]))
    return out


def check(path):
    with open(path) as f:
        raw = f.read()
    text = blank(raw)
    known = set()
    bad = []

    def line(off):
        return raw.count("\n", 0, off) + 1

    reported = set()

    def judge(expr, base, local):
        # The right-hand side is read before the target is written.
        found = uses(expr, base)
        for off, name, kind in found:
            scope = local if name.startswith("this->") else known
            if kind != "write" and name not in scope and \
                    name not in reported:
                bad.append((line(off), name))
                reported.add(name)
        for off, name, kind in found:
            (local if name.startswith("this->") else known).add(name)

    i, n = 0, len(text)
    while i < n:
        m = re.compile(r"\s*").match(text, i)
        i = m.end()
        if i >= n:
            break
        semi = text.find(";", i)
        brace = text.find("{", i)
        head_end = min(x for x in (semi, brace, n) if x >= 0)
        head = text[i:head_end]
        if head_end == semi and "/" not in head:
            # A top-level declaration: TYPE [self|this] NAME [...];
            decl = re.search(r"(?:\b(self|this)\b.*?)?(%s)\s*(\[[^\]]*\])?"
                             r"\s*(=.*)?$" % IDENT, head, re.S)
            if decl is None:
                raise ParseError("line %d: cannot read %r" % (
                    line(i), head.strip()))
            scope = decl.group(1)
            known.add((scope + "->" if scope else "") + decl.group(2))
            i = semi + 1
            continue
        if brace < 0:
            raise ParseError("line %d: a clause without a body" % line(i))
        if re.match(r"\s*(struct|union|enum|typedef)\b", head):
            end = closing(text, brace)
            i = text.find(";", end)
            i = n if i < 0 else i + 1
            continue
        local = set()
        first = head.find("/")
        if first >= 0:
            last = head.rfind("/")
            if last == first:
                raise ParseError("line %d: unclosed predicate" %
                                 line(i + first))
            judge(head[first + 1:last], i + first + 1, local)
        end = closing(text, brace)
        for off, stmt in statements(text[brace + 1:end], brace + 1):
            judge(stmt, off, local)
        i = end + 1
    return bad


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    status = 0
    for path in sys.argv[1:]:
        try:
            bad = check(path)
        except (OSError, ParseError) as e:
            print("%s: %s" % (path, e))
            status = 2
            continue
        for ln, name in bad:
            print("%s:%d: %s is read before it is declared or assigned"
                  % (path, ln, name))
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main())
