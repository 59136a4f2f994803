package main

/*
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// oneArena makes every thread allocate from glibc's main arena unless
// MALLOC_ARENA_MAX says otherwise. It is a constructor: glibc fixes the
// arena limit when the first extra arena is made, which happens on the Go
// runtime's threads before any Go init runs.
__attribute__((constructor)) static void oneArena(void) {
#if defined(__GLIBC__)
	if (getenv("MALLOC_ARENA_MAX") == NULL) {
		mallopt(M_ARENA_MAX, 1);
	}
#endif
}

// fixThresholds keeps glibc's mmap threshold at its initial 128 KiB and
// sets its trim threshold to 2 MiB, unless the environment sets it.
static void fixThresholds(void) {
#if defined(__GLIBC__)
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	if (getenv("MALLOC_TRIM_THRESHOLD_") == NULL) {
		mallopt(M_TRIM_THRESHOLD, 2 * 1024 * 1024);
	}
#endif
}
*/
import "C"

// The PostgreSQL parser (pg_query_go, in C) allocates each parse in memory
// blocks that double up to 8 MiB and frees them when the parse ends. glibc
// raises its mmap threshold to the largest block freed that way, so the
// blocks of later parses come from its heaps and stay resident: lint of
// PostgreSQL's regression SQL kept ~15 MB of C memory it no longer used. A
// fixed threshold hands big blocks back to the kernel when they are freed.
//
// The smaller blocks of a parse come from glibc's heap, whose top glibc
// hands back to the kernel once 128 KiB of it is free: after every parse,
// so the next one faulted the same pages in again. A 2 MiB trim threshold
// keeps them for the next parse: on PostgreSQL's regression SQL lint took
// 13% less time (a third less system time), on the corpus migrations 5%,
// for at most 2 MiB kept (peak memory +0.4 MB on the corpus, none
// measurable on the regression SQL; bench/README.md).
//
// glibc also gives each OS thread that calls malloc an arena of its own
// (up to 8 per core), and each keeps its own freed blocks: the parse
// runs on whichever of the Go runtime's threads the worker is on, and on
// a busy machine (more threads, as cgo calls block) five or six arenas
// each held a parse's small blocks: 7–10 MB more on the regression SQL at
// load 12, nothing measurable at load 5 (bench/README.md). The parser
// allocates through its memory contexts, which take memory from malloc in
// blocks, so the parsing threads sharing one arena's lock costs no
// measurable time.
func init() { C.fixThresholds() }
