package catalog

import (
	"sync/atomic"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// applyHook, when set, sees every statement any catalog applies.
var applyHook atomic.Pointer[func(*pgast.Node)]

// OnApply makes every catalog call fn with each statement it applies (the
// statements a DO block runs as well as the block) until stop is called.
// It is for tests that count how often a command replays a migration, so
// that one replay stays one; they must not run in parallel with others.
func OnApply(fn func(*pgast.Node)) (stop func()) {
	applyHook.Store(&fn)
	return func() { applyHook.Store(nil) }
}

func noteApply(stmt *pgast.Node) {
	if fn := applyHook.Load(); fn != nil {
		(*fn)(stmt)
	}
}
