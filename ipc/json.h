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
 * The minimal pretty-printing JSON writer (json.c) the JSON report and
 * its summary write with: its state, and one call per kind of member.
 */

#ifndef JSON_H
#define	JSON_H

#include <stdbool.h>
#include <stdint.h>

struct json {
	int		 js_depth;
	bool		 js_first;	/* no member written yet at this depth */
};

void	json_begin(struct json *js);
void	json_end(struct json *js);
void	json_open(struct json *js, const char *key, char bracket);
void	json_close(struct json *js, char bracket);
void	json_str(struct json *js, const char *key, const char *value);
void	json_raw(struct json *js, const char *key, const char *value);
void	json_int(struct json *js, const char *key, intmax_t value);
void	json_u64(struct json *js, const char *key, uint64_t value);
void	json_double(struct json *js, const char *key, double value,
	    int decimals);

#endif /* !JSON_H */
