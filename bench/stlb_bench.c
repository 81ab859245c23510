// SPDX-License-Identifier: GPL-2.0
/*
 * stlb_bench: measure what TLB shootdowns and page tables cost in three
 * memory-management paths.
 *
 *   stlb_bench migrate [-p PAGES] [-t READERS] [-i]
 *	move PAGES anon pages from node 0 to node 1 with move_pages(2) while
 *	READERS threads on other CPUs keep reading them
 *
 *   stlb_bench demote [-p PAGES] [-t READERS] [-i]
 *	the same pages, demoted from node 0 to the lower tier (node 2) by
 *	proactive reclaim of a memory cgroup (memory.reclaim)
 *
 *   stlb_bench ptshare [-n PROCS] [-s SIZE_MB]
 *	PROCS processes map the same SIZE_MB MiB memfd at a 1 GiB aligned
 *	address and read every page: how many bytes of page tables does
 *	that take?
 *
 * -i makes the readers stop touching the pages after their first pass and
 * just spin, so that the pages stay in their TLBs without being referenced
 * again (continuously read pages are hot, and reclaim rather activates hot
 * pages than demotes them).
 *
 * One JSON object goes to stdout, diagnostics to stderr.  Counters that the
 * kernel does not have (nr_tlb_* needs CONFIG_DEBUG_TLBFLUSH) are null.
 * Exit status: 0 done, 1 error, 4 (KSFT_SKIP) the NUMA or cgroup setup
 * needed is not there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <numaif.h>

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_SKIP	4

#define NODE_SYSFS	"/sys/devices/system/node"
#define CG_ROOT		"/sys/fs/cgroup"
#define CG_DIR		CG_ROOT "/stlb_bench"

#define SRC_NODE	0
#define MIGRATE_NODE	1
#define DEMOTE_NODE	2
#define MAX_NODES	64

#define READER_START_TIMEOUT_S	300
#define PTSHARE_TIMEOUT_S	1800

static const char *prog = "stlb_bench";
static long page_size;

static void msg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define fail(fmt, ...)	(msg("error: " fmt, ##__VA_ARGS__), KSFT_FAIL)
#define skip(fmt, ...)	(msg("skip: " fmt, ##__VA_ARGS__), KSFT_SKIP)

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * Read a whole (small) file into buf and NUL-terminate it.  Returns the
 * length, or -1 with errno set.  No allocation: this runs between counter
 * snapshots, where the benchmark must not map or unmap anything.
 */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			close(fd);
			errno = err;
			return -1;
		}
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	close(fd);
	return len;
}

/* Write a string to a file in one write(2).  Returns 0 or -errno. */
static int write_file(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Is n in a sysfs list such as "0-1,3"? */
static bool list_has(const char *list, int n)
{
	const char *p = list;
	char *end;
	long a, b;

	while (*p) {
		a = strtol(p, &end, 10);
		if (end == p)
			break;
		b = a;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			if (end == p + 1)
				break;
			p = end;
		}
		if (n >= a && n <= b)
			return true;
		if (*p != ',')
			break;
		p++;
	}
	return false;
}

/*
 * Is node in the sysfs node list state ("has_memory", "has_cpu")?  1 or 0,
 * or -1 if the kernel has no NUMA sysfs.
 */
static int node_state(const char *state, int node)
{
	char path[128], buf[256];

	snprintf(path, sizeof(path), NODE_SYSFS "/%s", state);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	return list_has(buf, node);
}

static bool has_word(const char *s, const char *word)
{
	size_t len = strlen(word);
	const char *p = s;

	while ((p = strstr(p, word))) {
		if ((p == s || p[-1] == ' ' || p[-1] == '\n') &&
		    (p[len] == '\0' || p[len] == ' ' || p[len] == '\n'))
			return true;
		p += len;
	}
	return false;
}

static int pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* ---- counters ---------------------------------------------------------- */

enum {
	C_TLB_IRQS,
	C_REMOTE_FLUSH,
	C_REMOTE_FLUSH_RECEIVED,
	C_LOCAL_FLUSH_ALL,
	C_LOCAL_FLUSH_ONE,
	C_PGMIGRATE_SUCCESS,
	C_PGMIGRATE_FAIL,
	NR_COUNTERS
};

/* JSON names; all but the first are also /proc/vmstat names. */
static const char * const counter_name[NR_COUNTERS] = {
	[C_TLB_IRQS]			= "tlb_shootdown_irqs",
	[C_REMOTE_FLUSH]		= "nr_tlb_remote_flush",
	[C_REMOTE_FLUSH_RECEIVED]	= "nr_tlb_remote_flush_received",
	[C_LOCAL_FLUSH_ALL]		= "nr_tlb_local_flush_all",
	[C_LOCAL_FLUSH_ONE]		= "nr_tlb_local_flush_one",
	[C_PGMIGRATE_SUCCESS]		= "pgmigrate_success",
	[C_PGMIGRATE_FAIL]		= "pgmigrate_fail",
};

#define MAX_DEMOTE	16
#define NAME_LEN	64

struct snapshot {
	long long val[NR_COUNTERS];
	bool have[NR_COUNTERS];
	int nr_demote;
	char demote_name[MAX_DEMOTE][NAME_LEN];
	long long demote_val[MAX_DEMOTE];
};

/* Static, and touched once before measuring: see read_file(). */
static char snap_buf[1 << 20];

/* Sum over CPUs of the "TLB:" row of /proc/interrupts. */
static bool parse_tlb_irqs(char *buf, long long *sum)
{
	char *line, *next, *p, *end;
	long long v;

	for (line = buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p = line;
		while (*p == ' ')
			p++;
		if (strncmp(p, "TLB:", 4))
			continue;
		p += 4;
		*sum = 0;
		for (;;) {
			v = strtoll(p, &end, 10);
			if (end == p)
				break;
			*sum += v;
			p = end;
		}
		return true;
	}
	return false;
}

static int take_snapshot(struct snapshot *s)
{
	char *line, *next, name[NAME_LEN];
	long long v;
	int i;

	memset(s, 0, sizeof(*s));

	if (read_file("/proc/interrupts", snap_buf, sizeof(snap_buf)) < 0)
		return fail("/proc/interrupts: %s", strerror(errno));
	s->have[C_TLB_IRQS] = parse_tlb_irqs(snap_buf, &s->val[C_TLB_IRQS]);

	if (read_file("/proc/vmstat", snap_buf, sizeof(snap_buf)) < 0)
		return fail("/proc/vmstat: %s", strerror(errno));
	for (line = snap_buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sscanf(line, "%63s %lld", name, &v) != 2)
			continue;
		for (i = 1; i < NR_COUNTERS; i++) {
			if (!strcmp(name, counter_name[i])) {
				s->val[i] = v;
				s->have[i] = true;
			}
		}
		if (!strncmp(name, "pgdemote_", 9) && s->nr_demote < MAX_DEMOTE) {
			snprintf(s->demote_name[s->nr_demote], NAME_LEN, "%s",
				 name);
			s->demote_val[s->nr_demote++] = v;
		}
	}
	return KSFT_PASS;
}

/* ---- JSON output ------------------------------------------------------- */

static bool json_started;

static void json_key(const char *key)
{
	printf("%s\"%s\":", json_started ? "," : "{", key);
	json_started = true;
}

static void json_ll(const char *key, long long v)
{
	json_key(key);
	printf("%lld", v);
}

static void json_null(const char *key)
{
	json_key(key);
	printf("null");
}

static void json_bool(const char *key, bool v)
{
	json_key(key);
	printf("%s", v ? "true" : "false");
}

static void json_double(const char *key, double v)
{
	json_key(key);
	printf("%.1f", v);
}

static void json_str(const char *key, const char *s)
{
	const char *p;

	if (!s) {
		json_null(key);
		return;
	}
	json_key(key);
	putchar('"');
	for (p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if ((unsigned char)*p < 0x20)
			printf("\\u%04x", (unsigned char)*p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void json_end(void)
{
	printf("%s}\n", json_started ? "" : "{");
	fflush(stdout);
}

static void json_counters(const struct snapshot *a, const struct snapshot *b)
{
	long long sum = 0;
	bool have_sum = false;
	int i, j;

	for (i = 0; i < NR_COUNTERS; i++) {
		if (a->have[i] && b->have[i])
			json_ll(counter_name[i], b->val[i] - a->val[i]);
		else
			json_null(counter_name[i]);
	}
	for (i = 0; i < b->nr_demote; i++) {
		for (j = 0; j < a->nr_demote; j++)
			if (!strcmp(a->demote_name[j], b->demote_name[i]))
				break;
		if (j == a->nr_demote) {
			json_null(b->demote_name[i]);
			continue;
		}
		json_ll(b->demote_name[i], b->demote_val[i] - a->demote_val[j]);
		sum += b->demote_val[i] - a->demote_val[j];
		have_sum = true;
	}
	if (have_sum)
		json_ll("pgdemote", sum);
	else
		json_null("pgdemote");
}

/* ---- readers ----------------------------------------------------------- */

struct reader {
	pthread_t thread;
	int cpu;
	atomic_int err;		/* pthread_setaffinity_np() result */
	atomic_ulong passes;
	unsigned long sum;
};

static char *area;
static unsigned long nr_pages;
static bool idle_readers;
static atomic_bool stop_readers;

static void *reader_fn(void *arg)
{
	struct reader *r = arg;
	unsigned char sum = 0;
	unsigned long i;
	int ret;

	ret = pin_self(r->cpu);
	if (ret) {
		atomic_store(&r->err, ret);
		return NULL;
	}
	while (!atomic_load_explicit(&stop_readers, memory_order_relaxed)) {
		if (idle_readers &&
		    atomic_load_explicit(&r->passes, memory_order_relaxed))
			continue;
		for (i = 0; i < nr_pages; i++)
			sum += *(volatile unsigned char *)(area + i * page_size);
		atomic_fetch_add_explicit(&r->passes, 1, memory_order_release);
	}
	r->sum = sum;
	return NULL;
}

static int start_readers(struct reader *readers, int nr, int *started)
{
	long long deadline;
	int i, ncpus, ret;
	bool all;

	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus < 1)
		ncpus = 1;
	if (ncpus < 2)
		msg("warning: one CPU, the readers share it with the main thread");

	atomic_store(&stop_readers, false);
	for (i = 0; i < nr; i++) {
		readers[i].cpu = (i + 1) % ncpus;
		atomic_init(&readers[i].passes, 0);
		atomic_init(&readers[i].err, 0);
		ret = pthread_create(&readers[i].thread, NULL, reader_fn,
				     &readers[i]);
		if (ret)
			return fail("pthread_create: %s", strerror(ret));
		(*started)++;
	}

	deadline = now_us() + READER_START_TIMEOUT_S * 1000000LL;
	do {
		all = true;
		for (i = 0; i < nr; i++) {
			ret = atomic_load(&readers[i].err);
			if (ret)
				return fail("pinning a reader to CPU %d: %s",
					    readers[i].cpu, strerror(ret));
			if (!atomic_load_explicit(&readers[i].passes,
						  memory_order_acquire))
				all = false;
		}
		if (all)
			return KSFT_PASS;
		sleep_ms(1);
	} while (now_us() < deadline);
	return fail("readers did not finish a pass in %d s",
		    READER_START_TIMEOUT_S);
}

static unsigned long stop_all_readers(struct reader *readers, int started)
{
	unsigned long passes = 0;
	int i;

	atomic_store(&stop_readers, true);
	for (i = 0; i < started; i++) {
		pthread_join(readers[i].thread, NULL);
		passes += atomic_load(&readers[i].passes);
	}
	return passes;
}

/* ---- cgroup ------------------------------------------------------------ */

static bool cg_created, cg_entered;

static int cgroup_enter(void)
{
	char buf[4096];
	int ret;

	if (read_file(CG_ROOT "/cgroup.controllers", buf, sizeof(buf)) < 0)
		return skip("no cgroup2 at " CG_ROOT ": %s", strerror(errno));
	if (!has_word(buf, "memory"))
		return skip("no memory controller in " CG_ROOT);
	ret = write_file(CG_ROOT "/cgroup.subtree_control", "+memory");
	if (ret)
		return skip("enabling +memory in " CG_ROOT
			    "/cgroup.subtree_control: %s", strerror(-ret));
	if (mkdir(CG_DIR, 0755)) {
		if (errno != EEXIST)
			return fail("mkdir " CG_DIR ": %s", strerror(errno));
		msg("warning: " CG_DIR " exists, reusing it");
	}
	cg_created = true;
	if (access(CG_DIR "/memory.reclaim", W_OK))
		return skip(CG_DIR "/memory.reclaim: %s", strerror(errno));
	snprintf(buf, sizeof(buf), "%d", getpid());
	ret = write_file(CG_DIR "/cgroup.procs", buf);
	if (ret)
		return fail("joining " CG_DIR ": %s", strerror(-ret));
	cg_entered = true;
	return KSFT_PASS;
}

static void cgroup_leave(void)
{
	char buf[32];
	int ret, i;

	if (cg_entered) {
		snprintf(buf, sizeof(buf), "%d", getpid());
		ret = write_file(CG_ROOT "/cgroup.procs", buf);
		if (ret)
			msg("warning: moving back to " CG_ROOT ": %s",
			    strerror(-ret));
		cg_entered = false;
	}
	if (cg_created) {
		/* Exiting reader threads may leave the cgroup a bit late. */
		for (i = 0; i < 100; i++) {
			ret = rmdir(CG_DIR) ? errno : 0;
			if (ret != EBUSY)
				break;
			sleep_ms(10);
		}
		if (ret)
			msg("warning: rmdir " CG_DIR ": %s", strerror(ret));
		cg_created = false;
	}
}

/* ---- migrate and demote ------------------------------------------------ */

struct placement {
	unsigned long on_node[MAX_NODES];
	unsigned long absent;		/* -ENOENT: not present, e.g. swapped */
	unsigned long other;		/* any other error */
};

static int query_placement(void **pages, int *status, struct placement *pl)
{
	unsigned long i;
	long ret;

	memset(pl, 0, sizeof(*pl));
	ret = move_pages(0, nr_pages, pages, NULL, status, 0);
	if (ret < 0)
		return fail("move_pages (query): %s", strerror(errno));
	for (i = 0; i < nr_pages; i++) {
		if (status[i] >= 0 && status[i] < MAX_NODES)
			pl->on_node[status[i]]++;
		else if (status[i] == -ENOENT)
			pl->absent++;
		else
			pl->other++;
	}
	return KSFT_PASS;
}

static int run_numa(bool demote, unsigned long pages_opt, int nr_readers)
{
	int target = demote ? DEMOTE_NODE : MIGRATE_NODE;
	const char *name = demote ? "demote" : "migrate";
	struct snapshot warm, before, after;
	struct placement pl_before, pl_after;
	struct reader *readers = NULL;
	unsigned long mask, i, passes;
	int ret, started = 0, reclaim_fd = -1, *nodes = NULL, *status = NULL;
	int op_errno = 0, demotion_enabled = -1;
	long long t0, t1, elapsed;
	long move_ret = 0;
	char reclaim_buf[32], buf[32];
	void **pages = NULL;
	size_t len;
	ssize_t n;

	nr_pages = pages_opt;
	len = nr_pages * page_size;

	/* What the workload needs from the machine. */
	ret = node_state("has_memory", SRC_NODE);
	if (ret < 0)
		return skip("no NUMA in this kernel (" NODE_SYSFS ")");
	if (!ret)
		return skip("node %d does not exist or has no memory",
			    SRC_NODE);
	if (node_state("has_memory", target) != 1)
		return skip("node %d does not exist or has no memory", target);
	if (demote) {
		if (geteuid())
			return fail("need root");
		if (node_state("has_cpu", target) == 1)
			msg("warning: node %d has CPUs, is it a lower tier?",
			    target);
		if (read_file("/sys/kernel/mm/numa/demotion_enabled", buf,
			      sizeof(buf)) >= 0)
			demotion_enabled = buf[0] == 'y' || buf[0] == '1' ||
					   !strncmp(buf, "true", 4);
		if (demotion_enabled == 0)
			msg("warning: /sys/kernel/mm/numa/demotion_enabled is off");
	}

	ret = pin_self(0);
	if (ret)
		return fail("pinning the main thread to CPU 0: %s",
			    strerror(ret));

	pages = calloc(nr_pages, sizeof(*pages));
	nodes = calloc(nr_pages, sizeof(*nodes));
	status = calloc(nr_pages, sizeof(*status));
	readers = calloc(nr_readers ? nr_readers : 1, sizeof(*readers));
	if (!pages || !nodes || !status || !readers) {
		ret = fail("out of memory");
		goto out_free;
	}

	if (demote) {
		ret = cgroup_enter();
		if (ret)
			goto out_cgroup;
	}

	/* Fault in snap_buf and check the counters can be read at all. */
	ret = take_snapshot(&warm);
	if (ret)
		goto out_cgroup;
	for (i = 0; i < NR_COUNTERS; i++)
		if (!warm.have[i])
			msg("note: no %s counter, reported as null",
			    counter_name[i]);
	if (demote && !warm.nr_demote)
		msg("note: no pgdemote_* counters, reported as null");

	area = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED) {
		area = NULL;
		ret = fail("mmap %zu bytes: %s", len, strerror(errno));
		goto out_cgroup;
	}
	if (madvise(area, len, MADV_NOHUGEPAGE))
		msg("warning: MADV_NOHUGEPAGE: %s", strerror(errno));

	mask = 1UL << SRC_NODE;
	if (mbind(area, len, MPOL_BIND, &mask, sizeof(mask) * 8, 0)) {
		ret = fail("mbind MPOL_BIND node %d: %s", SRC_NODE,
			   strerror(errno));
		goto out_unmap;
	}
	for (i = 0; i < nr_pages; i++) {
		area[i * page_size] = (char)(i + 1);
		pages[i] = area + i * page_size;
		nodes[i] = target;
	}
	if (mbind(area, len, MPOL_DEFAULT, NULL, 0, 0)) {
		ret = fail("mbind MPOL_DEFAULT: %s", strerror(errno));
		goto out_unmap;
	}
	if (mprotect(area, len, PROT_READ)) {
		ret = fail("mprotect PROT_READ: %s", strerror(errno));
		goto out_unmap;
	}

	ret = query_placement(pages, status, &pl_before);
	if (ret)
		goto out_unmap;
	if (pl_before.on_node[SRC_NODE] != nr_pages)
		msg("warning: only %lu of %lu pages on node %d before",
		    pl_before.on_node[SRC_NODE], nr_pages, SRC_NODE);

	if (demote) {
		snprintf(reclaim_buf, sizeof(reclaim_buf), "%zu", len);
		reclaim_fd = open(CG_DIR "/memory.reclaim",
				  O_WRONLY | O_CLOEXEC);
		if (reclaim_fd < 0) {
			ret = fail(CG_DIR "/memory.reclaim: %s",
				   strerror(errno));
			goto out_unmap;
		}
	}

	ret = start_readers(readers, nr_readers, &started);
	if (ret)
		goto out_readers;

	/* The measurement: nothing may be mapped or unmapped in here. */
	ret = take_snapshot(&before);
	if (ret)
		goto out_readers;
	t0 = now_us();
	if (demote) {
		n = write(reclaim_fd, reclaim_buf, strlen(reclaim_buf));
		if (n < 0)
			op_errno = errno;
	} else {
		move_ret = move_pages(0, nr_pages, pages, nodes, status,
				      MPOL_MF_MOVE);
		if (move_ret < 0)
			op_errno = errno;
	}
	t1 = now_us();
	ret = take_snapshot(&after);
	if (ret)
		goto out_readers;

	passes = stop_all_readers(readers, started);
	started = 0;

	if (!demote && move_ret < 0) {
		ret = fail("move_pages to node %d: %s", target,
			   strerror(op_errno));
		goto out_unmap;
	}
	if (!demote && move_ret > 0)
		msg("warning: move_pages left %ld pages unmigrated", move_ret);
	if (demote && op_errno && op_errno != EAGAIN) {
		ret = fail("writing %s to memory.reclaim: %s", reclaim_buf,
			   strerror(op_errno));
		goto out_unmap;
	}
	if (demote && op_errno)
		msg("note: memory.reclaim: %s (reclaimed less than asked)",
		    strerror(op_errno));

	ret = query_placement(pages, status, &pl_after);
	if (ret)
		goto out_unmap;

	elapsed = t1 - t0;
	json_str("workload", name);
	json_ll("pages", nr_pages);
	json_ll("readers", nr_readers);
	json_bool("idle_readers", idle_readers);
	json_ll("page_size", page_size);
	json_ll("source_node", SRC_NODE);
	json_ll("target_node", target);
	json_counters(&before, &after);
	json_ll("pages_on_source_before", pl_before.on_node[SRC_NODE]);
	json_ll("pages_on_source", pl_after.on_node[SRC_NODE]);
	json_ll("pages_on_target", pl_after.on_node[target]);
	json_ll("pages_elsewhere", nr_pages - pl_after.on_node[SRC_NODE] -
		pl_after.on_node[target] - pl_after.absent - pl_after.other);
	json_ll("pages_absent", pl_after.absent);
	json_ll("pages_error", pl_after.other);
	if (demote) {
		if (demotion_enabled < 0)
			json_null("demotion_enabled");
		else
			json_bool("demotion_enabled", demotion_enabled);
		json_ll("reclaim_bytes", len);
		json_ll("reclaim_errno", op_errno);
	} else {
		json_ll("move_pages_ret", move_ret);
	}
	json_ll("reader_passes", passes);
	json_ll("elapsed_us", elapsed);
	json_double("pages_per_sec", elapsed > 0 ?
		    pl_after.on_node[target] * 1e6 / elapsed : 0);
	json_end();
	ret = KSFT_PASS;

out_readers:
	if (started)
		stop_all_readers(readers, started);
out_unmap:
	if (reclaim_fd >= 0)
		close(reclaim_fd);
	if (munmap(area, len))
		msg("warning: munmap: %s", strerror(errno));
	area = NULL;
out_cgroup:
	cgroup_leave();
out_free:
	free(readers);
	free(status);
	free(nodes);
	free(pages);
	return ret;
}

/* ---- ptshare ----------------------------------------------------------- */

/* A "Field: N kB" line of /proc/meminfo or /proc/self/status, or -1. */
static long long proc_kb(const char *path, const char *field)
{
	size_t len = strlen(field);
	char *p;

	if (read_file(path, snap_buf, sizeof(snap_buf)) < 0)
		return -1;
	for (p = snap_buf; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, field, len) && p[len] == ':')
			return strtoll(p + len + 1, NULL, 10);
	}
	return -1;
}

/* PageTables in kB, per-CPU vmstat deltas folded in first if we may. */
static long long pagetables_kb(void)
{
	/* Root only; without it the figure can lag by a few pages per CPU. */
	write_file("/proc/sys/vm/stat_refresh", "1");
	return proc_kb("/proc/meminfo", "PageTables");
}

/* What a child tells its parent: one write, so atomic on the pipe. */
struct child_report {
	long long ok;			/* 1 mapped and touched, 0 failed */
	long long vmpte_before_kb;	/* its VmPTE before mapping */
	long long vmpte_after_kb;	/* and after touching every page */
};

static void child_report(int ready_fd, struct child_report *rep)
{
	if (write(ready_fd, rep, sizeof(*rep)) != sizeof(*rep))
		msg("child: writing to the parent: %s", strerror(errno));
}

static int ptshare_child(int fd, size_t size, int ready_fd, int release_fd)
{
	const size_t align = 1UL << 30;
	struct child_report rep = { 0 };
	size_t resv_len, head, tail, off;
	unsigned char sum = 0;
	char *resv, *p, c;
	uintptr_t aligned;
	ssize_t n;

	rep.vmpte_before_kb = proc_kb("/proc/self/status", "VmPTE");
	resv_len = ((size + align - 1) & ~(align - 1)) + align;
	resv = mmap(NULL, resv_len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (resv == MAP_FAILED) {
		msg("child: reserving %zu bytes: %s", resv_len,
		    strerror(errno));
		goto err;
	}
	aligned = ((uintptr_t)resv + align - 1) & ~(uintptr_t)(align - 1);
	p = mmap((void *)aligned, size, PROT_READ, MAP_SHARED | MAP_FIXED,
		 fd, 0);
	if (p == MAP_FAILED) {
		msg("child: mapping the memfd: %s", strerror(errno));
		goto err;
	}
	head = aligned - (uintptr_t)resv;
	tail = resv_len - head - size;
	if (head && munmap(resv, head))
		msg("child: warning: munmap: %s", strerror(errno));
	if (tail && munmap(p + size, tail))
		msg("child: warning: munmap: %s", strerror(errno));

	for (off = 0; off < size; off += page_size)
		sum += *(volatile unsigned char *)(p + off);
	(void)sum;

	rep.vmpte_after_kb = proc_kb("/proc/self/status", "VmPTE");
	rep.ok = 1;
	child_report(ready_fd, &rep);
	/* Wait for EOF: the parent closing its end is the signal to exit. */
	do {
		n = read(release_fd, &c, 1);
	} while (n > 0 || (n < 0 && errno == EINTR));
	return 0;
err:
	child_report(ready_fd, &rep);
	return 1;
}

static int fill_memfd(int fd, size_t size)
{
	const size_t chunk = 1 << 20;
	size_t off = 0, len;
	ssize_t n;
	char *buf;

	buf = malloc(chunk);
	if (!buf)
		return fail("out of memory");
	memset(buf, 0x5a, chunk);
	while (off < size) {
		len = size - off < chunk ? size - off : chunk;
		n = pwrite(fd, buf, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return fail("filling the memfd at %zu: %s", off,
				    n < 0 ? strerror(errno) : "short write");
		}
		off += n;
	}
	free(buf);
	return KSFT_PASS;
}

/* Reap a child that exited early; true if one did. */
static bool reap_early(pid_t *pids, int nr, int *st)
{
	pid_t pid;
	int i;

	pid = waitpid(-1, st, WNOHANG);
	if (pid <= 0)
		return false;
	for (i = 0; i < nr; i++)
		if (pids[i] == pid)
			pids[i] = 0;
	return true;
}

static int run_ptshare(int procs, long size_mb)
{
	size_t size = (size_t)size_mb << 20;
	long long pt0, pt1, pt2, pmd_mapped, t0, t1, t2, deadline;
	int ready[2] = { -1, -1 }, release[2] = { -1, -1 };
	int fd, i, ret, st, nr_ready = 0, forked = 0;
	long long vmpte_sum = 0;
	bool have_vmpte = true;
	struct child_report rep;
	char thp[128], *thp_mode = NULL, *q;
	pid_t *pids;
	struct pollfd pfd;
	ssize_t n;

	pids = calloc(procs, sizeof(*pids));
	if (!pids)
		return fail("out of memory");

	if (read_file("/sys/kernel/mm/transparent_hugepage/shmem_enabled",
		      thp, sizeof(thp)) >= 0) {
		thp_mode = strchr(thp, '[');
		q = thp_mode ? strchr(thp_mode, ']') : NULL;
		if (q) {
			*q = '\0';
			thp_mode++;
		} else {
			thp_mode = NULL;
		}
	}

	fd = memfd_create("stlb_bench", MFD_CLOEXEC);
	if (fd < 0) {
		ret = fail("memfd_create: %s", strerror(errno));
		goto out_free;
	}
	if (ftruncate(fd, size)) {
		ret = fail("ftruncate %zu: %s", size, strerror(errno));
		goto out_close;
	}
	t0 = now_us();
	ret = fill_memfd(fd, size);
	if (ret)
		goto out_close;

	pt0 = pagetables_kb();
	if (pt0 < 0) {
		ret = fail("no PageTables in /proc/meminfo");
		goto out_close;
	}

	if (pipe2(ready, O_CLOEXEC) || pipe2(release, O_CLOEXEC)) {
		ret = fail("pipe2: %s", strerror(errno));
		goto out_pipes;
	}

	fflush(stdout);
	fflush(stderr);
	t1 = now_us();
	for (i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			pids[i] = 0;
			ret = fail("fork: %s", strerror(errno));
			goto out_children;
		}
		if (!pids[i]) {
			close(ready[0]);
			close(release[1]);
			_exit(ptshare_child(fd, size, ready[1], release[0]));
		}
		forked++;
	}
	close(ready[1]);
	ready[1] = -1;
	close(release[0]);
	release[0] = -1;

	/* Wait until every child has mapped and touched the whole file. */
	pfd.fd = ready[0];
	pfd.events = POLLIN;
	deadline = now_us() + PTSHARE_TIMEOUT_S * 1000000LL;
	while (nr_ready < procs) {
		if (reap_early(pids, procs, &st)) {
			ret = fail("a child exited before the measurement (status %#x)",
				   st);
			goto out_children;
		}
		if (now_us() > deadline) {
			ret = fail("children not ready after %d s",
				   PTSHARE_TIMEOUT_S);
			goto out_children;
		}
		ret = poll(&pfd, 1, 1000);
		if (ret < 0 && errno != EINTR) {
			ret = fail("poll: %s", strerror(errno));
			goto out_children;
		}
		if (ret <= 0)
			continue;
		n = read(ready[0], &rep, sizeof(rep));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(rep)) {
			ret = fail("reading from the children: %s",
				   n < 0 ? strerror(errno) :
				   n ? "short read" : "EOF");
			goto out_children;
		}
		if (rep.ok != 1) {
			ret = fail("a child failed to map the memfd");
			goto out_children;
		}
		if (rep.vmpte_before_kb < 0 || rep.vmpte_after_kb < 0)
			have_vmpte = false;
		vmpte_sum += rep.vmpte_after_kb - rep.vmpte_before_kb;
		nr_ready++;
	}
	t2 = now_us();

	pt1 = pagetables_kb();
	pmd_mapped = proc_kb("/proc/meminfo", "ShmemPmdMapped");

	/* Let them go and check how they went. */
	close(release[1]);
	release[1] = -1;
	ret = KSFT_PASS;
	for (i = 0; i < procs; i++) {
		if (!pids[i])
			continue;
		while (waitpid(pids[i], &st, 0) < 0) {
			if (errno != EINTR) {
				st = -1;
				break;
			}
		}
		pids[i] = 0;
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			ret = fail("child exited with status %#x", st);
	}
	if (ret)
		goto out_pipes;
	/* Page tables may be freed after an RCU grace period: let them go. */
	sleep_ms(200);
	pt2 = pagetables_kb();

	json_str("workload", "ptshare");
	json_ll("procs", procs);
	json_ll("size_mb", size_mb);
	json_ll("page_size", page_size);
	json_str("thp_shmem_enabled", thp_mode);
	json_ll("pagetables_before_kb", pt0);
	json_ll("pagetables_mapped_kb", pt1);
	json_ll("pagetables_after_kb", pt2);
	json_ll("pt_bytes_total", (pt1 - pt0) * 1024);
	json_ll("pt_bytes_per_proc", (pt1 - pt0) * 1024 / procs);
	json_ll("pt_bytes_freed", (pt1 - pt2) * 1024);
	json_ll("expected_pte_bytes_per_proc", size / 4096 * 8);
	if (have_vmpte)
		json_ll("vmpte_bytes_per_proc", vmpte_sum * 1024 / procs);
	else
		json_null("vmpte_bytes_per_proc");
	if (pmd_mapped < 0)
		json_null("shmem_pmd_mapped_kb");
	else
		json_ll("shmem_pmd_mapped_kb", pmd_mapped);
	json_ll("fill_us", t1 - t0);
	json_ll("map_us", t2 - t1);
	json_ll("elapsed_us", t2 - t1);
	json_end();
	goto out_pipes;

out_children:
	if (release[1] >= 0) {
		close(release[1]);
		release[1] = -1;
	}
	for (i = 0; i < procs; i++) {
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
		}
	}
	if (forked < procs)
		msg("%d of %d children had been started", forked, procs);
out_pipes:
	for (i = 0; i < 2; i++) {
		if (ready[i] >= 0)
			close(ready[i]);
		if (release[i] >= 0)
			close(release[i]);
	}
out_close:
	close(fd);
out_free:
	free(pids);
	return ret;
}

/* ---- main -------------------------------------------------------------- */

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: %s migrate [-p PAGES] [-t READERS] [-i]\n"
		"       %s demote  [-p PAGES] [-t READERS] [-i]\n"
		"       %s ptshare [-n PROCS] [-s SIZE_MB]\n"
		"  -p PAGES    4 KiB pages to move (default 512)\n"
		"  -t READERS  reader threads on CPUs 1.. (default 3)\n"
		"  -i          readers stop touching the pages after one pass\n"
		"  -n PROCS    processes mapping the memfd (default 8)\n"
		"  -s SIZE_MB  memfd size in MiB (default 1024)\n",
		prog, prog, prog);
}

static bool parse_num(const char *s, long min, long max, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return !errno && end != s && !*end && *v >= min && *v <= max;
}

int main(int argc, char **argv)
{
	long pages = 512, readers = 3, procs = 8, size_mb = 1024;
	const char *workload;
	int opt;

	page_size = sysconf(_SC_PAGESIZE);
	if (argc < 2) {
		print_usage(stderr);
		return KSFT_FAIL;
	}
	workload = argv[1];
	if (!strcmp(workload, "-h") || !strcmp(workload, "--help")) {
		print_usage(stdout);
		return KSFT_PASS;
	}

	optind = 2;
	while ((opt = getopt(argc, argv, "p:t:n:s:ih")) != -1) {
		switch (opt) {
		case 'p':
			if (!parse_num(optarg, 1, 1L << 24, &pages))
				return fail("bad -p %s", optarg);
			break;
		case 't':
			if (!parse_num(optarg, 0, 1024, &readers))
				return fail("bad -t %s", optarg);
			break;
		case 'n':
			if (!parse_num(optarg, 1, 4096, &procs))
				return fail("bad -n %s", optarg);
			break;
		case 's':
			if (!parse_num(optarg, 1, 1L << 20, &size_mb))
				return fail("bad -s %s", optarg);
			break;
		case 'i':
			idle_readers = true;
			break;
		case 'h':
			print_usage(stdout);
			return KSFT_PASS;
		default:
			print_usage(stderr);
			return KSFT_FAIL;
		}
	}
	if (optind != argc) {
		print_usage(stderr);
		return KSFT_FAIL;
	}

	if (!strcmp(workload, "migrate"))
		return run_numa(false, pages, readers);
	if (!strcmp(workload, "demote"))
		return run_numa(true, pages, readers);
	if (!strcmp(workload, "ptshare"))
		return run_ptshare(procs, size_mb);
	msg("unknown workload '%s'", workload);
	print_usage(stderr);
	return KSFT_FAIL;
}
