package jsonschema

import (
	"fmt"
	"strings"
)

// Mode is a compatibility mode, named and defined as in Confluent Schema
// Registry, in a reader/writer model:
//
//   - backward: readers using the new schema accept all data valid under the
//     old one (new ⊇ old), so consumers can upgrade first;
//   - forward: readers still on the old schema accept data written with the
//     new one (old ⊇ new), so producers can upgrade first;
//   - full: both;
//   - *_transitive: the same against every earlier version, not only the
//     previous one (see CheckVersions);
//   - none: no compatibility check (example and payload checks still run).
type Mode string

const (
	ModeNone               Mode = "none"
	ModeBackward           Mode = "backward"
	ModeForward            Mode = "forward"
	ModeFull               Mode = "full"
	ModeBackwardTransitive Mode = "backward_transitive"
	ModeForwardTransitive  Mode = "forward_transitive"
	ModeFullTransitive     Mode = "full_transitive"
)

// Modes lists every mode in a stable order (for help texts and config validation).
func Modes() []Mode {
	return []Mode{ModeBackward, ModeBackwardTransitive, ModeForward, ModeForwardTransitive, ModeFull, ModeFullTransitive, ModeNone}
}

// ParseMode accepts a mode name in any case, with '-' or '_' (BACKWARD_TRANSITIVE, full-transitive).
func ParseMode(s string) (Mode, error) {
	m := Mode(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_"))
	for _, k := range Modes() {
		if m == k {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown compatibility mode %q (want backward, forward, full, their _transitive forms, or none)", s)
}

// Transitive reports whether the mode compares against every earlier version.
func (m Mode) Transitive() bool { return strings.HasSuffix(string(m), "_transitive") }

func (m Mode) base() Mode { return Mode(strings.TrimSuffix(string(m), "_transitive")) }

func (m Mode) backward() bool { b := m.base(); return b == ModeBackward || b == ModeFull }
func (m Mode) forward() bool  { b := m.base(); return b == ModeForward || b == ModeFull }
