package membound

import (
	"runtime/debug"
	"testing"
)

func TestLimit(t *testing.T) {
	for _, c := range []struct {
		n, want int64
	}{
		{0, 0},
		{-1, 0},
		{8 << 20, 0}, // Stripe's pair: 160 MB, under MinLimit: no limit
		{50 << 20, 50<<20*PerInputByte - OffHeap},
		{1 << 62, 0}, // would overflow
	} {
		if got := Limit(c.n); got != c.want {
			t.Errorf("Limit(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

// A lower limit already in force (GOMEMLIMIT) is kept.
func TestBoundKeepsALowerLimit(t *testing.T) {
	saved := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(saved)
	debug.SetMemoryLimit(300 << 20)
	if got := Bound(50 << 20); got != 300<<20 {
		t.Errorf("Bound kept %d, want the lower 300 MiB in force", got)
	}
	debug.SetMemoryLimit(saved)
	if got, want := Bound(50<<20), Limit(50<<20); got != want || debug.SetMemoryLimit(-1) != want {
		t.Errorf("Bound set %d (in force %d), want %d", got, debug.SetMemoryLimit(-1), want)
	}
	if got := Bound(1 << 20); got != Limit(50<<20) {
		t.Errorf("a small input changed the limit to %d", got)
	}
}
