package catalog

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"

	"github.com/schemacheck/schemacheck/migration"
)

// Replays lets the checks of one run share their traced replays: each is
// kept under the files it replayed (their paths and text, in order), so a
// check that needs what the same files build (the cross-layer checks after
// the database diff) reads it instead of replaying them again. A nil
// *Replays shares nothing.
type Replays struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]*Replayed
}

// Replayed is the schema some files build and the trace of their replay.
// Neither may be changed by the checks that share it.
type Replayed struct {
	Catalog *Catalog
	Steps   []*Step
}

// NewReplays returns an empty set of shared replays.
func NewReplays() *Replays { return &Replays{m: map[[sha256.Size]byte]*Replayed{}} }

// Get returns the replay of files, if a check has shared one.
func (r *Replays) Get(files []*migration.File) (*Replayed, bool) {
	if r == nil {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	rep, ok := r.m[replayKey(files)]
	return rep, ok
}

// Put shares the replay of files.
func (r *Replays) Put(files []*migration.File, rep *Replayed) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[replayKey(files)] = rep
}

// replayKey identifies files by their paths (steps locate objects there)
// and text, in order.
func replayKey(files []*migration.File) [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	write := func(b []byte) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	for _, f := range files {
		write([]byte(f.Path))
		write(f.Source)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key
}

// Replay returns the shared replay of files, or replays them, traced, and
// shares that.
func (r *Replays) Replay(files []*migration.File) *Replayed {
	if rep, ok := r.Get(files); ok {
		return rep
	}
	cat, trace := Trace(nil, files)
	rep := &Replayed{Catalog: cat, Steps: trace.Steps()}
	r.Put(files, rep)
	return rep
}

// Schema returns the schema files build: shared, or replayed (untraced when
// r is nil, since nothing will read the trace).
func (r *Replays) Schema(files []*migration.File) *Catalog {
	if r == nil {
		return Replay(nil, files, nil)
	}
	return r.Replay(files).Catalog
}
