package main

/*
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// fixMmapThreshold keeps glibc's mmap threshold at its initial 128 KiB.
static void fixMmapThreshold(void) {
#if defined(__GLIBC__)
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}
*/
import "C"

// The PostgreSQL parser (pg_query_go, in C) allocates each parse in memory
// blocks that double up to 8 MiB and frees them when the parse ends. glibc
// raises its mmap threshold to the largest block freed that way, so the
// blocks of later parses come from its heaps and stay resident, one heap per
// OS thread that parsed: lint of PostgreSQL's regression SQL kept ~15 MB of
// C memory it no longer used. A fixed threshold (which also fixes the trim
// threshold) hands big blocks back to the kernel when they are freed.
func init() { C.fixMmapThreshold() }
