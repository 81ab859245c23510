# SPDX-License-Identifier: GPL-2.0
# The front door.  'make test' and 'make run' do everything from a fresh
# Debian 12 machine: install packages, prepare the tree, build, boot, test.
#
#   make test      build (debug config) and run tests/mm.list in the guest
#   make run       build and run the benchmark suite in the guest
#   make ops       the cost of the series to common mm operations against
#                  the unpatched base, deterministic (QEMU -icount, 1 vCPU)
#   make shell     boot the same kernel into a shell on the serial console;
#                  CMD='...' runs one command there instead and exits with
#                  its status
#   make tree      prepare build/linux: base + patches/ (FORCE=1 to reset)
#   make export    regenerate patches/ from build/linux
#   make check     checkpatch.pl --strict on every patch
#   make build     configure and build the kernel and the mm selftests
#   make gru       compile-test drivers/misc/sgi-gru (SGI UV config, W=1)
#
# Variables: DEBUG=0|1 (default 1), KASAN=1, SMP=4, NODE_MEM=2G, FILTER=regex
# (tests by name), TIMEOUT=seconds (whole guest run), VERBOSE=1 (console),
# ICOUNT=1 (deterministic: -icount, single-threaded TCG; with SMP=1 for
# one vCPU), BASE=1 (build and boot the unpatched base instead).

SHELL := /bin/bash
DEBUG_ORIGIN := $(origin DEBUG)
DEBUG ?= 1
KASAN ?= 0
# CMD (make shell) is bash for the guest: keep its $ signs from make.
ifdef CMD
override CMD := $(value CMD)
endif
export DEBUG KASAN SMP NODE_MEM FILTER TIMEOUT VERBOSE FORCE APPEND CMD ICOUNT ICOUNT_SHIFT BASE

.PHONY: all deps tree export check build kernel selftests test run ops shell gru clean help

all: help

help:
	@sed -n '2,/^$$/s/^# \{0,1\}//p' Makefile

deps:
	@scripts/deps.sh

tree: deps
	@scripts/tree.sh

export:
	@scripts/export.sh

check: tree
	@scripts/check.sh

build: tree
	@scripts/build.sh all

kernel: tree
	@scripts/build.sh kernel

selftests: tree
	@scripts/build.sh selftests

test: build
	@scripts/test.sh

run: build
	@scripts/bench.sh

# The non-debug kernels unless DEBUG is given
ops: tree
	@DEBUG=$(if $(filter undefined,$(DEBUG_ORIGIN)),0,$(DEBUG)) scripts/ops.sh

shell: build
	@scripts/qemu.sh shell

gru: tree
	@scripts/gru-build.sh

clean:
	rm -rf build/obj-* build/kselftest-* build/results* build/*.log
