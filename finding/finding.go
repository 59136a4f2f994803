// Package finding is schemacheck's shared vocabulary: findings, severities,
// locations and rule metadata. Every other package imports it; it imports
// nothing of ours, so the pipeline stages stay independent of each other.
package finding

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Layer says which part of the system a finding is about.
type Layer string

const (
	LayerDB         Layer = "db"
	LayerOpenAPI    Layer = "openapi"
	LayerJSONSchema Layer = "jsonschema"
	LayerCross      Layer = "cross-layer"
	LayerMatrix     Layer = "matrix"
	LayerConfig     Layer = "config"
)

// Location points into an input file. Lines and columns are 1-based; a zero
// Line means the finding is about the file as a whole. Columns count bytes.
type Location struct {
	File      string `json:"file"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
	EndColumn int    `json:"end_column,omitempty"`
}

func (l Location) String() string {
	switch {
	case l.Line == 0:
		return l.File
	case l.Column == 0:
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
	}
}

// Finding is one problem reported by a rule.
type Finding struct {
	RuleID   string   `json:"rule_id"`   // stable code, e.g. SC-DB101
	RuleName string   `json:"rule_name"` // kebab-case name, e.g. require-concurrent-index
	Severity Severity `json:"severity"`
	Layer    Layer    `json:"layer"`
	Message  string   `json:"message"`
	Location Location `json:"location"`
	// Fix is the concrete safe recipe, in words or SQL.
	Fix string `json:"fix,omitempty"`
	// Details are extra lines shown under the message: affected operations,
	// the lock a statement takes, why a change breaks readers.
	Details []string `json:"details,omitempty"`
	// Operations are the API operations a contract change affects, each as
	// "METHOD /path request" or "METHOD /path response"; the changelog
	// groups findings by them.
	Operations []string `json:"operations,omitempty"`
	// Related are secondary locations: where something removed or changed
	// was in the old version (a base revision's file, "path@rev"), or other
	// places the finding involves. The primary Location is always a line in
	// the head tree, which GitHub can annotate; these never are primary.
	Related []Location `json:"related,omitempty"`
	// Witness is a JSON instance that proves a contract break (accepted by one
	// version, rejected by the other), when one was found and confirmed.
	Witness string `json:"witness,omitempty"`
	// Key identifies what the finding is about independently of its position
	// (e.g. "table public.users column email"). It feeds the fingerprint so
	// baselines survive line shifts. Empty means the message is used.
	Key string `json:"-"`
	// Fingerprint is stable across unrelated edits; see Fingerprint.
	Fingerprint string `json:"fingerprint"`
	// NotChecked: the finding says its input was not checked (see
	// Rule.NotChecked), so no baseline may hide it.
	NotChecked bool `json:"-"`
}

// ComputeFingerprint fills f.Fingerprint from the rule, the file and the
// finding's key (or message). Line and column are deliberately left out so
// that an unrelated edit above the finding does not change it.
func (f *Finding) ComputeFingerprint() { f.fingerprintAs(f.Location.File) }

func (f *Finding) fingerprintAs(file string) {
	key := f.Key
	if key == "" {
		key = f.Message
	}
	sum := sha256.Sum256([]byte(f.RuleID + "\x00" + file + "\x00" + key))
	f.Fingerprint = hex.EncodeToString(sum[:8])
}

// Refingerprint recomputes the fingerprints of sorted findings with each
// file named by name(file) (e.g. relative to the project rather than the
// working directory, so a baseline holds wherever the tool runs), and
// makes them unique as Sort does.
func Refingerprint(fs []Finding, name func(file string) string) {
	for i := range fs {
		fs[i].fingerprintAs(name(fs[i].Location.File))
	}
	unique(fs)
}

// Compare orders findings deterministically: by file, position, rule, then
// message. Reports sort with it so output is byte-identical on re-run.
func Compare(a, b Finding) int { return compare(&a, &b) }

// compare is Compare on pointers, stopping at the first key that
// differs: a sort compares thousands of times, and copying two findings
// and comparing their messages every time was most of what sorting a
// large lint's findings cost.
func compare(a, b *Finding) int {
	if c := strings.Compare(a.Location.File, b.Location.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Location.Line, b.Location.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Location.Column, b.Location.Column); c != 0 {
		return c
	}
	if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
		return c
	}
	if c := strings.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	return strings.Compare(a.Fingerprint, b.Fingerprint)
}

// Sort sorts findings in place with Compare, fills missing fingerprints, and
// makes fingerprints unique where two findings would otherwise collide (the
// same rule on identical statements in one file): the n-th duplicate gets
// "#n" appended before hashing, in position order.
func Sort(fs []Finding) {
	for i := range fs {
		if fs[i].Fingerprint == "" {
			fs[i].ComputeFingerprint()
		}
	}
	// Sorted as indices, then moved into place once: a finding is large,
	// and a stable sort moves its elements many times.
	order := make([]int32, len(fs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return compare(&fs[a], &fs[b]) })
	permute(fs, order)
	unique(fs)
}

// permute rearranges fs so that fs[i] becomes what fs[order[i]] was,
// following each cycle of the permutation.
func permute(fs []Finding, order []int32) {
	for start := range order {
		if order[start] < 0 || int(order[start]) == start {
			continue
		}
		held := fs[start]
		i := start
		for {
			from := int(order[i])
			order[i] = -1 // done
			if from == start {
				fs[i] = held
				break
			}
			fs[i] = fs[from]
			i = from
		}
	}
}

// InOrder reports whether Sort would leave fs as it is: every fingerprint
// set and unique, and fs sorted by Compare. A caller handed findings that
// are already in order can then render them without sorting a copy.
func InOrder(fs []Finding) bool {
	seen := make(map[string]bool, len(fs))
	for i := range fs {
		if fs[i].Fingerprint == "" || seen[fs[i].Fingerprint] || i > 0 && compare(&fs[i-1], &fs[i]) > 0 {
			return false
		}
		seen[fs[i].Fingerprint] = true
	}
	return true
}

// unique appends "#n" to the n-th duplicate fingerprint, in order.
func unique(fs []Finding) {
	seen := map[string]int{}
	for i := range fs {
		n := seen[fs[i].Fingerprint]
		seen[fs[i].Fingerprint] = n + 1
		if n > 0 {
			sum := sha256.Sum256(fmt.Appendf(nil, "%s#%d", fs[i].Fingerprint, n))
			fs[i].Fingerprint = hex.EncodeToString(sum[:8])
		}
	}
}

// Max returns the highest severity among fs (SeverityOff when fs is empty).
func Max(fs []Finding) Severity {
	m := SeverityOff
	for _, f := range fs {
		m = max(m, f.Severity)
	}
	return m
}
