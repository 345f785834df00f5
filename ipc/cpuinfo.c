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
 * The one reader of Linux's /proc/cpuinfo, for the host description
 * (hw.model) and for the choice of counter events (a Cortex-A8 gets the
 * raw events of the 2017–18 reference version).  The text comes in
 * blank-line-separated blocks: one per processor ("processor",
 * "model name", "CPU implementer", "CPU part", ...), and on Arm a last
 * block for the board ("Hardware", "Model").  The parser works on a
 * string, so that the unit tests can feed it canned listings.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"
#include "cpuinfo.h"

#define	CPUINFO_PATH	"/proc/cpuinfo"

/* Never read more of the file than this. */
#define	CPUINFO_MAXLEN	(4 * 1024 * 1024)

static void	copy_field(char *dst, const char *src, size_t len);
static void	cpu_finish(struct ipc_cpuinfo *ci, struct ipc_cpuinfo_cpu *cur,
		    bool *open, bool *numbered);

/*
 * Copy len bytes of a value into a field, cut to fit and trimmed.
 */
static void
copy_field(char *dst, const char *src, size_t len)
{

	while (len > 0 && isspace((unsigned char)src[len - 1]))
		len--;
	if (len > IPC_CPUINFO_FIELDLEN - 1)
		len = IPC_CPUINFO_FIELDLEN - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/*
 * Keep the processor record being read, if there is one, and start afresh.
 */
static void
cpu_finish(struct ipc_cpuinfo *ci, struct ipc_cpuinfo_cpu *cur, bool *open,
    bool *numbered)
{

	if (*open && ci->ci_count < IPC_CPUINFO_MAX)
		ci->ci_cpu[ci->ci_count++] = *cur;
	memset(cur, 0, sizeof(*cur));
	*open = *numbered = false;
}

/*
 * Parse cpuinfo text into per-processor records and the board fields.
 * A block is a processor's when it has "processor", "model name",
 * "CPU implementer" or "CPU part"; a "processor" line also starts a new
 * record where a listing has no blank lines between processors.
 */
void
cpuinfo_parse(const char *text, struct ipc_cpuinfo *ci)
{
	struct ipc_cpuinfo_cpu cur;
	const char *line, *eol, *colon, *v;
	size_t klen;
	bool open, numbered;

	memset(ci, 0, sizeof(*ci));
	memset(&cur, 0, sizeof(cur));
	open = numbered = false;
	for (line = text; *line != '\0'; line = *eol == '\0' ? eol : eol + 1) {
		eol = line + strcspn(line, "\n");
		colon = memchr(line, ':', (size_t)(eol - line));
		if (colon == NULL) {
			/* A blank line (or junk) ends a block. */
			if (strspn(line, " \t\r") == (size_t)(eol - line))
				cpu_finish(ci, &cur, &open, &numbered);
			continue;
		}
		klen = (size_t)(colon - line);
		while (klen > 0 && (line[klen - 1] == ' ' ||
		    line[klen - 1] == '\t'))
			klen--;
		v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
#define	KEY_IS(k)	(klen == strlen(k) && strncmp(line, (k), klen) == 0)
		if (KEY_IS("processor")) {
			if (numbered)
				cpu_finish(ci, &cur, &open, &numbered);
			open = numbered = true;
		} else if (KEY_IS("model name")) {
			copy_field(cur.cc_model_name, v, (size_t)(eol - v));
			open = true;
		} else if (KEY_IS("CPU implementer")) {
			copy_field(cur.cc_implementer, v, (size_t)(eol - v));
			open = true;
		} else if (KEY_IS("CPU part")) {
			copy_field(cur.cc_part, v, (size_t)(eol - v));
			open = true;
		} else if (KEY_IS("Model") && ci->ci_model[0] == '\0')
			copy_field(ci->ci_model, v, (size_t)(eol - v));
		else if (KEY_IS("Hardware") && ci->ci_hardware[0] == '\0')
			copy_field(ci->ci_hardware, v, (size_t)(eol - v));
#undef KEY_IS
	}
	cpu_finish(ci, &cur, &open, &numbered);
}

/*
 * Read and parse /proc/cpuinfo.  Returns 0, or -1 (with *ci empty) where
 * there is no such file, as on FreeBSD.
 */
int
cpuinfo_read(struct ipc_cpuinfo *ci)
{
	char *text, *p;
	size_t len, cap, n;
	FILE *fp;

	memset(ci, 0, sizeof(*ci));
	if ((fp = fopen(CPUINFO_PATH, "re")) == NULL)
		return (-1);
	text = NULL;
	len = cap = 0;
	do {
		if (cap - len < 4096) {
			cap = cap == 0 ? 16384 : cap * 2;
			if (cap > CPUINFO_MAXLEN ||
			    (p = realloc(text, cap + 1)) == NULL)
				break;
			text = p;
		}
		n = fread(text + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	(void)fclose(fp);
	if (text == NULL)
		return (-1);
	text[len] = '\0';
	cpuinfo_parse(text, ci);
	free(text);
	return (0);
}

/*
 * True if there is at least one processor record and every one names
 * this implementer and part ("0x41" and "0xc08" for a Cortex-A8), each
 * processor matched on its own two lines.
 */
bool
cpuinfo_all_match(const struct ipc_cpuinfo *ci, unsigned long implementer,
    unsigned long part)
{
	const struct ipc_cpuinfo_cpu *c;
	char *end;
	size_t i;

	if (ci->ci_count == 0)
		return (false);
	for (i = 0; i < ci->ci_count; i++) {
		c = &ci->ci_cpu[i];
		if (c->cc_implementer[0] == '\0' ||
		    strtoul(c->cc_implementer, &end, 0) != implementer ||
		    *end != '\0')
			return (false);
		if (c->cc_part[0] == '\0' ||
		    strtoul(c->cc_part, &end, 0) != part || *end != '\0')
			return (false);
	}
	return (true);
}

/*
 * The CPU's name for hw.model: the first processor's "model name" (x86);
 * many Arm kernels have none, so the board's "Model" (as on a Raspberry
 * Pi), then "Hardware".  NULL if there is none of them.
 */
const char *
cpuinfo_model(const struct ipc_cpuinfo *ci)
{
	size_t i;

	for (i = 0; i < ci->ci_count; i++)
		if (ci->ci_cpu[i].cc_model_name[0] != '\0')
			return (ci->ci_cpu[i].cc_model_name);
	if (ci->ci_model[0] != '\0')
		return (ci->ci_model);
	if (ci->ci_hardware[0] != '\0')
		return (ci->ci_hardware);
	return (NULL);
}
