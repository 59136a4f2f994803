package main

import (
	"os"

	"github.com/schemacheck/schemacheck/internal/membound"
)

// boundMemory gives the collector the promised memory bound for a diff of
// the files (or directories) paths name: their regular files' total size
// (internal/membound). Paths it cannot read count for nothing; the diff
// reports them.
func boundMemory(paths []string) {
	var n int64
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
	}
	membound.Bound(n)
}
