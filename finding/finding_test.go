package finding

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

func TestFingerprintIgnoresPosition(t *testing.T) {
	a := Finding{RuleID: "SC-DB101", Location: Location{File: "a.sql", Line: 3}, Key: "public.t"}
	b := a
	b.Location.Line = 30
	a.ComputeFingerprint()
	b.ComputeFingerprint()
	if a.Fingerprint != b.Fingerprint || len(a.Fingerprint) != 16 {
		t.Fatalf("fingerprints %q, %q: want equal, 16 hex digits", a.Fingerprint, b.Fingerprint)
	}
	c := a
	c.Key = "public.u"
	c.ComputeFingerprint()
	if c.Fingerprint == a.Fingerprint {
		t.Fatal("a different object must give a different fingerprint")
	}
}

func TestSortOrdersAndDeduplicatesFingerprints(t *testing.T) {
	fs := []Finding{
		{RuleID: "SC-DB2", Location: Location{File: "b.sql", Line: 1}, Message: "x"},
		{RuleID: "SC-DB1", Location: Location{File: "a.sql", Line: 9}, Message: "same"},
		{RuleID: "SC-DB1", Location: Location{File: "a.sql", Line: 2}, Message: "same"},
	}
	Sort(fs)
	if fs[0].Location.Line != 2 || fs[1].Location.Line != 9 || fs[2].Location.File != "b.sql" {
		t.Fatalf("order: %+v", fs)
	}
	if fs[0].Fingerprint == fs[1].Fingerprint {
		t.Fatal("two identical findings in one file must get distinct fingerprints")
	}
	again := []Finding{fs[2], fs[1], fs[0]}
	for i := range again {
		again[i].Fingerprint = ""
	}
	Sort(again)
	for i := range fs {
		if fs[i].Fingerprint != again[i].Fingerprint {
			t.Fatal("fingerprints depend on input order")
		}
	}
}

// TestInOrder: InOrder is true exactly when Sort would change nothing, so
// a renderer that skips sorting on it shows what Sort would have.
func TestInOrder(t *testing.T) {
	sorted := []Finding{
		{RuleID: "SC-DB1", Location: Location{File: "a.sql", Line: 2}, Message: "same"},
		{RuleID: "SC-DB1", Location: Location{File: "a.sql", Line: 9}, Message: "same"},
		{RuleID: "SC-DB2", Location: Location{File: "b.sql", Line: 1}, Message: "x"},
	}
	Sort(sorted)
	swapped := []Finding{sorted[1], sorted[0], sorted[2]}
	duplicate := []Finding{sorted[0], sorted[1], sorted[2]}
	duplicate[1].Fingerprint = duplicate[0].Fingerprint
	unset := []Finding{sorted[0], sorted[1], sorted[2]}
	unset[2].Fingerprint = ""
	for name, tc := range map[string]struct {
		fs   []Finding
		want bool
	}{
		"sorted": {sorted, true}, "empty": {nil, true},
		"out of order": {swapped, false}, "duplicate fingerprint": {duplicate, false}, "no fingerprint": {unset, false},
	} {
		if got := InOrder(tc.fs); got != tc.want {
			t.Errorf("%s: InOrder = %v, want %v", name, got, tc.want)
		}
		again := append([]Finding(nil), tc.fs...)
		Sort(again)
		changed := false
		for i := range again {
			changed = changed || again[i].Fingerprint != tc.fs[i].Fingerprint || again[i].Location != tc.fs[i].Location
		}
		if changed == tc.want {
			t.Errorf("%s: Sort changed the findings: %v, but InOrder says %v", name, changed, tc.want)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"error": SeverityError, "WARN": SeverityWarning, "info": SeverityInfo, "off": SeverityOff} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("want an error for an unknown severity")
	}
	if Max(nil) != SeverityOff || Max([]Finding{{Severity: SeverityInfo}, {Severity: SeverityError}}) != SeverityError {
		t.Error("Max")
	}
}

// TestSortIsAStableSortByCompare: Sort, which sorts indices and then moves
// the findings, leaves them as a stable sort of the findings by Compare
// does, on findings that tie on every key but some (and on all of them).
func TestSortIsAStableSortByCompare(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		n := rng.IntN(300)
		fs := make([]Finding, n)
		for i := range fs {
			fs[i] = Finding{RuleID: fmt.Sprintf("SC-DB%d", rng.IntN(3)), Message: fmt.Sprintf("m%d", rng.IntN(3)),
				Location: Location{File: fmt.Sprintf("%d.sql", rng.IntN(4)), Line: rng.IntN(5), Column: rng.IntN(2)},
				Details:  []string{strconv.Itoa(i)}} // which input it was
			if rng.IntN(2) == 0 {
				fs[i].Fingerprint = fmt.Sprintf("%02d", rng.IntN(8))
			}
		}
		want := slices.Clone(fs)
		for i := range want {
			if want[i].Fingerprint == "" {
				want[i].ComputeFingerprint()
			}
		}
		slices.SortStableFunc(want, Compare)
		unique(want)
		Sort(fs)
		for i := range fs {
			if fs[i].Details[0] != want[i].Details[0] || fs[i].Fingerprint != want[i].Fingerprint {
				t.Fatalf("%d findings: position %d holds input %s (%s), want input %s (%s)", n, i,
					fs[i].Details[0], fs[i].Fingerprint, want[i].Details[0], want[i].Fingerprint)
			}
		}
	}
}

// BenchmarkSort sorts as many findings as lint of the corpus migrations
// reports, in many files.
func BenchmarkSort(b *testing.B) {
	base := make([]Finding, 7500)
	for i := range base {
		j := i * 7919 % len(base)
		base[i] = Finding{RuleID: fmt.Sprintf("SC-DB%d", j%40), Message: fmt.Sprintf("a message about table t%d, long as messages are", j),
			Location: Location{File: fmt.Sprintf("migrations/%05d_change/up.sql", j/3), Line: j % 50}, Fingerprint: fmt.Sprintf("%016x", j)}
	}
	fs := make([]Finding, len(base))
	for b.Loop() {
		copy(fs, base)
		Sort(fs)
	}
}
