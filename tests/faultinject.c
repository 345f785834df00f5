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
 * faultinject.so: an LD_PRELOAD interposer that makes ipc-dynamic meet
 * the faults a real kernel can produce, for tests/t_inject.sh.  It wraps
 * the public libc symbols the program calls and reaches the real ones
 * with dlsym(RTLD_NEXT).  Configured by the environment:
 *
 *   IPCFI_SOFT=1          soft faults at random on pipe and socket fds
 *                         above 2: short read/write counts, EINTR before
 *                         a read/write, EAGAIN (non-blocking fds only),
 *                         and EINTR from poll
 *   IPCFI_SEED=n          seed of the soft faults (default 1)
 *   IPCFI_FAIL=call[:k]   the k-th call (default 1) of `call' in this
 *                         process fails: read, write, poll (pipe and
 *                         socket fds above 2 only), socket, bind, listen,
 *                         connect, accept, pipe, socketpair, mmap,
 *                         pthread_create, pthread_setaffinity_np (-c's
 *                         pinning), fork, perf_event_open (through
 *                         syscall(2))
 *   IPCFI_ERRNO=name      its errno (default: EIO for read/write/poll,
 *                         a typical one for the others)
 *   IPCFI_WHO=parent|child  count only in the process that loaded us, or
 *                         only in children forked after (default: both;
 *                         a forked child starts counting afresh)
 *   IPCFI_POLL_DIV=d      divide every positive poll timeout by d
 *   IPCFI_CLOCK_MUL=m     the coarse monotonic clock (deadlines) runs m
 *                         times faster than it does; with IPCFI_POLL_DIV=m
 *                         a wait of T s then takes T / m s
 *   IPCFI_CLOCK_SYSCALL=1 every clock_gettime(3) call makes the
 *                         clock_gettime system call, as the C library
 *                         does where its clock has no vDSO (FreeBSD
 *                         without a user-space timecounter, Linux on an
 *                         hpet or acpi_pm clocksource, some emulators)
 *   IPCFI_STRAY_MS=n      after the first successful listen(), connect a
 *                         stray client to it every n ms
 *   IPCFI_CONNECT_DELAY_MS=n  the first TCP connect() returns EINPROGRESS
 *                         at once but reaches the listener only n ms
 *                         later (a slow handshake), from the address
 *                         getsockname() already gives
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -fPIC -shared -o faultinject.so
 * faultinject.c -ldl -lpthread.  Test code, Linux (glibc) only.
 */

#undef _FORTIFY_SOURCE

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <netinet/in.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The calls IPCFI_FAIL can name, in one table with their default errno. */
enum fi_call {
	FI_READ, FI_WRITE, FI_POLL, FI_SOCKET, FI_BIND, FI_LISTEN,
	FI_CONNECT, FI_ACCEPT, FI_PIPE, FI_SOCKETPAIR, FI_MMAP,
	FI_PTHREAD_CREATE, FI_SETAFFINITY, FI_FORK, FI_PERF, FI_NCALLS
};

static const struct {
	const char	*name;		/* for IPCFI_FAIL */
	const char	*symbol;	/* the libc function we wrap */
	int		 error;
} fi_calls[FI_NCALLS] = {
	[FI_READ] =		{ "read", "read", EIO },
	[FI_WRITE] =		{ "write", "write", EIO },
	[FI_POLL] =		{ "poll", "poll", EIO },
	[FI_SOCKET] =		{ "socket", "socket", EMFILE },
	[FI_BIND] =		{ "bind", "bind", EADDRINUSE },
	[FI_LISTEN] =		{ "listen", "listen", EADDRINUSE },
	[FI_CONNECT] =		{ "connect", "connect", ECONNREFUSED },
	[FI_ACCEPT] =		{ "accept", "accept", EMFILE },
	[FI_PIPE] =		{ "pipe", "pipe", EMFILE },
	[FI_SOCKETPAIR] =	{ "socketpair", "socketpair", EMFILE },
	[FI_MMAP] =		{ "mmap", "mmap", ENOMEM },
	[FI_PTHREAD_CREATE] =	{ "pthread_create", "pthread_create",
				    EAGAIN },
	[FI_SETAFFINITY] =	{ "pthread_setaffinity_np",
				    "pthread_setaffinity_np", EINVAL },
	[FI_FORK] =		{ "fork", "fork", EAGAIN },
	[FI_PERF] =		{ "perf_event_open", "syscall", ENOSYS },
};

/* errno names IPCFI_ERRNO understands (a number works too). */
static const struct {
	const char	*name;
	int		 error;
} fi_errnos[] = {
	{ "EIO", EIO }, { "EINTR", EINTR }, { "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM }, { "EMFILE", EMFILE }, { "ENFILE", ENFILE },
	{ "EADDRINUSE", EADDRINUSE }, { "ECONNREFUSED", ECONNREFUSED },
	{ "EINPROGRESS", EINPROGRESS }, { "ENOSYS", ENOSYS },
	{ "EACCES", EACCES }, { "EPERM", EPERM }, { "EPIPE", EPIPE },
	{ "ENOBUFS", ENOBUFS }, { "EBADF", EBADF }, { "ENOSPC", ENOSPC },
	{ NULL, 0 },
};

/* Settings, read once from the environment. */
static struct {
	bool		 soft;
	uint64_t	 seed;
	int		 fail;		/* enum fi_call, or -1 */
	unsigned int	 fail_at;
	int		 error;
	int		 who;		/* 0 any, 1 parent, 2 child */
	int		 poll_div;
	int		 clock_mul;
	bool		 clock_syscall;
	int		 stray_ms;
	int		 connect_delay_ms;
} fi = { .fail = -1 };

/* A delayed connect(): the socket, where to, and how late. */
struct fi_late {
	int		 fl_fd;
	struct sockaddr_in fl_to;
};

static atomic_uint fi_count[FI_NCALLS];
static _Atomic(void *) fi_sym[FI_NCALLS];
static atomic_bool fi_is_child;
static atomic_bool fi_stray_started;
static atomic_bool fi_connect_delayed;
static atomic_uint fi_threads;
static _Thread_local uint64_t fi_rng;

static void	fi_init(void) __attribute__((constructor));
static void	*fi_real(enum fi_call c);
static bool	fi_fail_now(enum fi_call c);
static bool	fi_ipc_fd(int fd);
static uint64_t	fi_rand(void);
static void	*fi_stray(void *arg);
static void	*fi_late_connect(void *arg);

/*
 * Parse the environment, once, as the library is loaded.  Until then
 * (a sanitizer runtime starting up) every call passes straight through.
 */
static void
fi_init(void)
{
	const char *s, *colon;
	size_t i, len;

	fi.fail = -1;
	fi.fail_at = 1;
	fi.seed = 1;
	if ((s = getenv("IPCFI_SOFT")) != NULL && strcmp(s, "1") == 0)
		fi.soft = true;
	if ((s = getenv("IPCFI_SEED")) != NULL)
		fi.seed = strtoull(s, NULL, 10);
	if ((s = getenv("IPCFI_FAIL")) != NULL) {
		colon = strchr(s, ':');
		len = colon != NULL ? (size_t)(colon - s) : strlen(s);
		for (i = 0; i < FI_NCALLS; i++)
			if (strlen(fi_calls[i].name) == len &&
			    strncmp(fi_calls[i].name, s, len) == 0)
				fi.fail = (int)i;
		if (colon != NULL)
			fi.fail_at = (unsigned int)strtoul(colon + 1, NULL, 10);
		if (fi.fail >= 0)
			fi.error = fi_calls[fi.fail].error;
	}
	if ((s = getenv("IPCFI_ERRNO")) != NULL) {
		fi.error = atoi(s);
		for (i = 0; fi_errnos[i].name != NULL; i++)
			if (strcmp(fi_errnos[i].name, s) == 0)
				fi.error = fi_errnos[i].error;
	}
	if ((s = getenv("IPCFI_WHO")) != NULL)
		fi.who = strcmp(s, "parent") == 0 ? 1 :
		    strcmp(s, "child") == 0 ? 2 : 0;
	if ((s = getenv("IPCFI_POLL_DIV")) != NULL)
		fi.poll_div = atoi(s);
	if ((s = getenv("IPCFI_CLOCK_MUL")) != NULL)
		fi.clock_mul = atoi(s);
	if ((s = getenv("IPCFI_CLOCK_SYSCALL")) != NULL &&
	    strcmp(s, "1") == 0)
		fi.clock_syscall = true;
	if ((s = getenv("IPCFI_STRAY_MS")) != NULL)
		fi.stray_ms = atoi(s);
	if ((s = getenv("IPCFI_CONNECT_DELAY_MS")) != NULL)
		fi.connect_delay_ms = atoi(s);
}

/*
 * The next definition of the libc function we wrap for c, looked up
 * once; abort if there is none, which can only be a broken build.
 */
static void *
fi_real(enum fi_call c)
{
	void *p;

	if ((p = atomic_load(&fi_sym[c])) == NULL) {
		if ((p = dlsym(RTLD_NEXT, fi_calls[c].symbol)) == NULL)
			abort();
		atomic_store(&fi_sym[c], p);
	}
	return (p);
}

/*
 * Count one call of c in this process; true if it is the one to fail.
 */
static bool
fi_fail_now(enum fi_call c)
{
	bool child;

	if (fi.fail != (int)c)
		return (false);
	child = atomic_load(&fi_is_child);
	if ((fi.who == 1 && child) || (fi.who == 2 && !child))
		return (false);
	return (atomic_fetch_add(&fi_count[c], 1) + 1 == fi.fail_at);
}

/*
 * Faults go to the IPC objects only: pipes and sockets above stderr.
 */
static bool
fi_ipc_fd(int fd)
{
	struct stat st;

	if (fd <= STDERR_FILENO || fstat(fd, &st) == -1)
		return (false);
	return (S_ISSOCK(st.st_mode) || S_ISFIFO(st.st_mode));
}

/*
 * xorshift64*, one stream per thread, all derived from IPCFI_SEED.
 */
static uint64_t
fi_rand(void)
{
	uint64_t t;

	if (fi_rng == 0) {
		t = atomic_fetch_add(&fi_threads, 1) + 1;
		fi_rng = (fi.seed + 1) * 0x9e3779b97f4a7c15ULL +
		    t * 0xbf58476d1ce4e5b9ULL;
	}
	fi_rng ^= fi_rng >> 12;
	fi_rng ^= fi_rng << 25;
	fi_rng ^= fi_rng >> 27;
	return (fi_rng * 0x2545f4914f6cdd1dULL);
}

/*
 * Soft faults for one read/write of n bytes on fd: -1 with errno EINTR or
 * EAGAIN to fail it at once, or the count to pass on (maybe shortened).
 */
static ssize_t
fi_soft(int fd, size_t n, size_t *count)
{
	unsigned int r;
	int fl;

	*count = n;
	if (!fi.soft || !fi_ipc_fd(fd))
		return (0);
	r = (unsigned int)(fi_rand() % 100);
	if (r < 10) {
		errno = EINTR;
		return (-1);
	}
	if (r < 20 && (fl = fcntl(fd, F_GETFL)) != -1 && (fl & O_NONBLOCK)) {
		errno = EAGAIN;
		return (-1);
	}
	if (r < 50 && n > 1)
		*count = 1 + (size_t)(fi_rand() % (n - 1));
	return (0);
}

ssize_t
read(int fd, void *buf, size_t n)
{
	ssize_t (*real)(int, void *, size_t) = fi_real(FI_READ);
	size_t count;

	if (fi.fail == FI_READ && fi_ipc_fd(fd) && fi_fail_now(FI_READ)) {
		errno = fi.error;
		return (-1);
	}
	if (fi_soft(fd, n, &count) == -1)
		return (-1);
	return (real(fd, buf, count));
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	ssize_t (*real)(int, const void *, size_t) = fi_real(FI_WRITE);
	size_t count;

	if (fi.fail == FI_WRITE && fi_ipc_fd(fd) && fi_fail_now(FI_WRITE)) {
		errno = fi.error;
		return (-1);
	}
	if (fi_soft(fd, n, &count) == -1)
		return (-1);
	return (real(fd, buf, count));
}

int
poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	int (*real)(struct pollfd *, nfds_t, int) = fi_real(FI_POLL);

	if (fi_fail_now(FI_POLL)) {
		errno = fi.error;
		return (-1);
	}
	if (fi.soft && fi_rand() % 100 < 20) {
		errno = EINTR;
		return (-1);
	}
	if (fi.poll_div > 0 && timeout > 0) {
		timeout /= fi.poll_div;
		if (timeout == 0)
			timeout = 1;
	}
	return (real(fds, nfds, timeout));
}

int
socket(int domain, int type, int protocol)
{
	int (*real)(int, int, int) = fi_real(FI_SOCKET);

	if (fi_fail_now(FI_SOCKET)) {
		errno = fi.error;
		return (-1);
	}
	return (real(domain, type, protocol));
}

int
bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	int (*real)(int, const struct sockaddr *, socklen_t) = fi_real(FI_BIND);

	if (fi_fail_now(FI_BIND)) {
		errno = fi.error;
		return (-1);
	}
	return (real(fd, sa, len));
}

/*
 * A stray client: connect to the listener every IPCFI_STRAY_MS ms and
 * hang up at once, for as long as the process lives.
 */
static void *
fi_stray(void *arg)
{
	int (*real_connect)(int, const struct sockaddr *, socklen_t) =
	    fi_real(FI_CONNECT);
	int (*real_socket)(int, int, int) = fi_real(FI_SOCKET);
	struct sockaddr_in *sin = arg;
	struct timespec ts;
	int fd;

	ts.tv_sec = fi.stray_ms / 1000;
	ts.tv_nsec = (long)(fi.stray_ms % 1000) * 1000000L;
	for (;;) {
		(void)nanosleep(&ts, NULL);
		if ((fd = real_socket(AF_INET, SOCK_STREAM, 0)) == -1)
			continue;
		(void)real_connect(fd, (struct sockaddr *)sin, sizeof(*sin));
		(void)close(fd);
	}
	return (NULL);
}

int
listen(int fd, int backlog)
{
	int (*real)(int, int) = fi_real(FI_LISTEN);
	int (*real_create)(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *) = fi_real(FI_PTHREAD_CREATE);
	static struct sockaddr_in sin;
	socklen_t len;
	pthread_t td;
	int rc;

	if (fi_fail_now(FI_LISTEN)) {
		errno = fi.error;
		return (-1);
	}
	rc = real(fd, backlog);
	len = sizeof(sin);
	if (rc == 0 && fi.stray_ms > 0 &&
	    !atomic_exchange(&fi_stray_started, true) &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0 &&
	    real_create(&td, NULL, fi_stray, &sin) == 0)
		(void)pthread_detach(td);
	return (rc);
}

/*
 * The delayed half of connect(): sleep, then connect for real.
 */
static void *
fi_late_connect(void *arg)
{
	int (*real)(int, const struct sockaddr *, socklen_t) =
	    fi_real(FI_CONNECT);
	struct fi_late *fl = arg;
	struct timespec ts;

	ts.tv_sec = fi.connect_delay_ms / 1000;
	ts.tv_nsec = (long)(fi.connect_delay_ms % 1000) * 1000000L;
	(void)nanosleep(&ts, NULL);
	(void)real(fl->fl_fd, (struct sockaddr *)&fl->fl_to,
	    sizeof(fl->fl_to));
	free(fl);
	return (NULL);
}

int
connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	int (*real)(int, const struct sockaddr *, socklen_t) =
	    fi_real(FI_CONNECT);
	int (*real_bind)(int, const struct sockaddr *, socklen_t) =
	    fi_real(FI_BIND);
	int (*real_create)(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *) = fi_real(FI_PTHREAD_CREATE);
	struct sockaddr_in any;
	struct fi_late *fl;
	pthread_t td;

	if (fi_fail_now(FI_CONNECT)) {
		errno = fi.error;
		return (-1);
	}
	if (fi.connect_delay_ms > 0 && sa->sa_family == AF_INET &&
	    len >= sizeof(any) && !atomic_exchange(&fi_connect_delayed, true)) {
		/* Bound now, so that getsockname() names the late socket. */
		memset(&any, 0, sizeof(any));
		any.sin_family = AF_INET;
		any.sin_addr = ((const struct sockaddr_in *)sa)->sin_addr;
		if ((fl = malloc(sizeof(*fl))) == NULL ||
		    real_bind(fd, (struct sockaddr *)&any, sizeof(any)) == -1)
			abort();
		fl->fl_fd = fd;
		memcpy(&fl->fl_to, sa, sizeof(fl->fl_to));
		if (real_create(&td, NULL, fi_late_connect, fl) != 0)
			abort();
		(void)pthread_detach(td);
		errno = EINPROGRESS;
		return (-1);
	}
	return (real(fd, sa, len));
}

/*
 * With IPCFI_CLOCK_SYSCALL, the clock is read by the system call, the
 * clock id unchanged.  With IPCFI_CLOCK_MUL, the coarse monotonic clock
 * (the one deadlines read) runs that many times faster from its first
 * reading on.
 */
int
clock_gettime(clockid_t clk, struct timespec *ts)
{
	static int (*real)(clockid_t, struct timespec *);
	static struct timespec base;
	static atomic_bool have_base;
	long (*sys)(long, ...);
	long long ns;
	int rc;

	if (real == NULL &&
	    (real = (int (*)(clockid_t, struct timespec *))(uintptr_t)
	    dlsym(RTLD_NEXT, "clock_gettime")) == NULL)
		abort();
	if (fi.clock_syscall) {
		sys = fi_real(FI_PERF);
		rc = (int)sys(SYS_clock_gettime, (long)clk, ts);
	} else
		rc = real(clk, ts);
	if (rc != 0 || fi.clock_mul <= 1 || clk != CLOCK_MONOTONIC_COARSE)
		return (rc);
	if (!atomic_exchange(&have_base, true))
		base = *ts;
	ns = ((long long)(ts->tv_sec - base.tv_sec) * 1000000000LL +
	    (ts->tv_nsec - base.tv_nsec)) * fi.clock_mul;
	ts->tv_sec = base.tv_sec + (time_t)(ns / 1000000000LL);
	ts->tv_nsec = base.tv_nsec + (long)(ns % 1000000000LL);
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
	return (0);
}

int
accept(int fd, struct sockaddr *sa, socklen_t *len)
{
	int (*real)(int, struct sockaddr *, socklen_t *) = fi_real(FI_ACCEPT);

	if (fi_fail_now(FI_ACCEPT)) {
		errno = fi.error;
		return (-1);
	}
	return (real(fd, sa, len));
}

int
pipe(int fd[2])
{
	int (*real)(int *) = fi_real(FI_PIPE);

	if (fi_fail_now(FI_PIPE)) {
		errno = fi.error;
		return (-1);
	}
	return (real(fd));
}

int
socketpair(int domain, int type, int protocol, int fd[2])
{
	int (*real)(int, int, int, int *) = fi_real(FI_SOCKETPAIR);

	if (fi_fail_now(FI_SOCKETPAIR)) {
		errno = fi.error;
		return (-1);
	}
	return (real(domain, type, protocol, fd));
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *(*real)(void *, size_t, int, int, int, off_t) = fi_real(FI_MMAP);

	if (fi_fail_now(FI_MMAP)) {
		errno = fi.error;
		return (MAP_FAILED);
	}
	return (real(addr, len, prot, flags, fd, off));
}

int
pthread_create(pthread_t *td, const pthread_attr_t *attr,
    void *(*fn)(void *), void *arg)
{
	int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
	    void *) = fi_real(FI_PTHREAD_CREATE);

	if (fi_fail_now(FI_PTHREAD_CREATE))
		return (fi.error);
	return (real(td, attr, fn, arg));
}

int
pthread_setaffinity_np(pthread_t td, size_t size, const cpu_set_t *set)
{
	int (*real)(pthread_t, size_t, const cpu_set_t *) =
	    fi_real(FI_SETAFFINITY);

	if (fi_fail_now(FI_SETAFFINITY))
		return (fi.error);
	return (real(td, size, set));
}

pid_t
fork(void)
{
	pid_t (*real)(void) = fi_real(FI_FORK);
	pid_t pid;
	size_t i;

	if (fi_fail_now(FI_FORK)) {
		errno = fi.error;
		return (-1);
	}
	pid = real();
	if (pid == 0) {
		/* A child counts its own calls from 1. */
		atomic_store(&fi_is_child, true);
		for (i = 0; i < FI_NCALLS; i++)
			atomic_store(&fi_count[i], 0);
	}
	return (pid);
}

/*
 * syscall(2): only perf_event_open is ever failed; everything else
 * (the raw clock_gettime stamps among them) passes through unchanged.
 */
long
syscall(long number, ...)
{
	long (*real)(long, ...) = fi_real(FI_PERF);
	va_list ap;
	long a[6];
	int i;

	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
#if defined(SYS_perf_event_open)
	if (number == SYS_perf_event_open && fi_fail_now(FI_PERF)) {
		errno = fi.error;
		return (-1);
	}
#endif
	return (real(number, a[0], a[1], a[2], a[3], a[4], a[5]));
}
