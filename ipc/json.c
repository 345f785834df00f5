/*-
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Copyright (c) 2026 The ipc-static developers
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions
 * are met:
 * 1. Redistributions of source code must retain the above copyright
 *    notice, this list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright
 *    notice, this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 *
 * THIS SOFTWARE IS PROVIDED BY THE AUTHOR AND CONTRIBUTORS ``AS IS'' AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
 * IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
 * ARE DISCLAIMED.  IN NO EVENT SHALL THE AUTHOR OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS
 * OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
 * HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT
 * LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY
 * OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF
 * SUCH DAMAGE.
 */

/*
 * A minimal JSON writer for report_json.c: objects and arrays pretty-printed
 * two spaces per level, as libxo's pretty style prints them, with keys
 * in the order the caller writes them.  Numbers are written as the caller
 * formats them, so JSON carries the same precision as the text report.
 */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "json.h"

static void	json_indent(const struct json *js);
static void	json_key(struct json *js, const char *key);
static void	json_string(const char *s);

/*
 * Two spaces per level, as libxo's pretty style.
 */
static void
json_indent(const struct json *js)
{
	int i;

	for (i = 0; i < js->js_depth; i++)
		fputs("  ", stdout);
}

/*
 * Start a member: separator, newline, indent and (in objects) the key.
 */
static void
json_key(struct json *js, const char *key)
{

	if (!js->js_first)
		putchar(',');
	putchar('\n');
	js->js_first = false;
	json_indent(js);
	if (key != NULL) {
		json_string(key);
		fputs(": ", stdout);
	}
}

/*
 * Open an object ('{') or array ('['), as a member named key (or an
 * array element when key is NULL; the top level uses depth 0).
 */
void
json_open(struct json *js, const char *key, char bracket)
{

	if (js->js_depth > 0)
		json_key(js, key);
	putchar(bracket);
	js->js_depth++;
	js->js_first = true;
}

/*
 * Close the innermost object or array.
 */
void
json_close(struct json *js, char bracket)
{

	js->js_depth--;
	if (!js->js_first) {
		putchar('\n');
		json_indent(js);
	}
	putchar(bracket == '{' ? '}' : ']');
	js->js_first = false;
}

/*
 * A JSON string literal with the escapes RFC 8259 requires.
 */
static void
json_string(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/*
 * A member whose value is a string.
 */
void
json_str(struct json *js, const char *key, const char *value)
{

	json_key(js, key);
	json_string(value);
}

/*
 * A member whose value is already valid JSON text (a number, true, false).
 */
void
json_raw(struct json *js, const char *key, const char *value)
{

	json_key(js, key);
	fputs(value, stdout);
}

/*
 * Members whose value is an integer, or a double with a fixed number of
 * decimals.
 */
void
json_int(struct json *js, const char *key, intmax_t value)
{

	json_key(js, key);
	printf("%jd", value);
}

void
json_u64(struct json *js, const char *key, uint64_t value)
{

	json_key(js, key);
	printf("%" PRIu64, value);
}

void
json_double(struct json *js, const char *key, double value, int decimals)
{

	json_key(js, key);
	printf("%.*f", decimals, value);
}

/*
 * Start the one top-level object of a document.
 */
void
json_begin(struct json *js)
{

	memset(js, 0, sizeof(*js));
	json_open(js, NULL, '{');
}

/*
 * Close the top-level object and end the document with a newline.
 */
void
json_end(struct json *js)
{

	json_close(js, '{');
	putchar('\n');
}
