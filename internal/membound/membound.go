// Package membound tells the Go collector the memory bound schemacheck
// promises for large inputs: peak memory at most PerInputByte times the
// bytes a command reads (issue 16's resource acceptance, bench/scale.sh).
//
// The collector's default (GOGC=100) lets the heap grow to twice what was
// live at the last collection. On a large OpenAPI pair the live heap peaks
// while the validator compiles a view's schemas, and twice that peak was
// 21× the input. A soft memory limit at the promised bound makes the
// collector run more often only when the heap nears it; below it nothing
// changes. It is a limit, not a fixed setting: small inputs (under
// MinLimit) never get one, and a lower GOMEMLIMIT in the environment wins.
package membound

import (
	"math"
	"runtime/debug"
)

const (
	// PerInputByte is the promised peak memory per byte of input.
	PerInputByte = 20
	// OffHeap is what the process holds besides the collector's memory,
	// the mapped binary and C allocations (bench/README.md: about 25 MB),
	// plus what a soft limit is overshot by while a collection runs.
	OffHeap = 64 << 20
	// MinLimit is the smallest limit set: under it the process's fixed
	// start-up cost dominates, and a tight limit would only cost time.
	MinLimit = 256 << 20
)

// Limit is the soft memory limit for inputs of n bytes, or 0 for none.
func Limit(n int64) int64 {
	if n <= 0 || n > (math.MaxInt64-OffHeap)/PerInputByte {
		return 0
	}
	l := n*PerInputByte - OffHeap
	if l < MinLimit {
		return 0
	}
	return l
}

// Bound sets the collector's soft memory limit for a command reading n
// bytes, unless the limit in force is already lower. It returns the limit
// in force afterwards.
func Bound(n int64) int64 {
	cur := debug.SetMemoryLimit(-1)
	if l := Limit(n); l > 0 && l < cur {
		debug.SetMemoryLimit(l)
		return l
	}
	return cur
}
