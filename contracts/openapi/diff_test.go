package openapi

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/finding"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCases diffs every testdata/cases/<name>/{old,new}.yaml pair in each
// direction (and in changelog mode) and compares with the golden files.
func TestCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var b strings.Builder
			tree := os.DirFS(dir)
			o, errO := Load(filepath.Join(dir, "old.yaml"), LoadOptions{FS: tree, Path: "old.yaml"})
			n, errN := Load(filepath.Join(dir, "new.yaml"), LoadOptions{FS: tree, Path: "new.yaml"})
			if errO != nil || errN != nil {
				fmt.Fprintf(&b, "load error: %v %v\n", errO, errN)
			} else {
				extra, _ := caseOptions(t, dir)
				for _, mode := range []Options{
					{Direction: "backward", Now: now},
					{Direction: "forward", Now: now},
					{Direction: "backward", Now: now, UnknownEnumValues: true},
					{Direction: "backward", Now: now, All: true},
					{Direction: "backward", Now: now, RejectUnknownProperties: true, DeprecationGrace: 90 * 24 * time.Hour},
				} {
					fmt.Fprintf(&b, "## direction=%s unknownEnums=%t all=%t", mode.Direction, mode.UnknownEnumValues, mode.All)
					if mode.RejectUnknownProperties || mode.DeprecationGrace > 0 {
						fmt.Fprintf(&b, " rejectUnknownProperties=%t grace=%s", mode.RejectUnknownProperties, mode.DeprecationGrace)
					}
					b.WriteString("\n")
					mode.SunsetNoticeStable, mode.SunsetNoticeBeta = extra.SunsetNoticeStable, extra.SunsetNoticeBeta
					fs := Diff(o, n, mode)
					witnessed(t, fs)
					writeFindings(&b, dir, fs)
				}
			}
			golden := filepath.Join(dir, "findings.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("findings differ from %s:\ngot:\n%s\nwant:\n%s", golden, b.String(), want)
			}
		})
	}
}

// schemaRules are the rules of request and response schema changes: an
// error of one always carries a witness (issue 15 §1), since the engine
// reports an error only when the validator rejects a concrete body.
var schemaRules = map[string]bool{ruleRequiredChanged.ID: true, ruleTypeChanged.ID: true, ruleEnumRemoved.ID: true,
	ruleEnumAdded.ID: true, ruleBoundsChanged.ID: true, ruleNullableChanged.ID: true, ruleAdditionalProps.ID: true,
	ruleBranchChanged.ID: true}

func witnessed(t *testing.T, fs []finding.Finding) {
	t.Helper()
	for _, f := range fs {
		// Checks of the operation walker, not of the engine: a media type's
		// schema added or removed, a parameter that became an array, and
		// x-extensible-enum (an extension no validator asserts).
		apiLevel := strings.Contains(f.Message, "the body was not constrained") || strings.Contains(f.Message, "the body is no longer constrained") ||
			strings.Contains(f.Message, "became an array of at least") || strings.Contains(f.Message, "x-extensible-enum")
		if f.Severity == finding.SeverityError && schemaRules[f.RuleID] && f.Witness == "" && !apiLevel {
			t.Errorf("%s error without a witness: %s", f.RuleID, f.Message)
		}
	}
}

func writeFindings(b *strings.Builder, dir string, fs []finding.Finding) {
	for _, f := range fs {
		rel, _ := filepath.Rel(dir, f.Location.File)
		fmt.Fprintf(b, "%s:%d %s %s %s\n", rel, f.Location.Line, f.Severity, f.RuleID, f.Message)
		for _, r := range f.Related {
			rel, _ := filepath.Rel(dir, r.File)
			fmt.Fprintf(b, "    was at %s:%d\n", rel, r.Line)
		}
		if f.Witness != "" {
			fmt.Fprintf(b, "    witness: %s\n", f.Witness)
		}
		for _, d := range f.Details {
			fmt.Fprintf(b, "    %s\n", d)
		}
	}
}

// TestRulesSymmetric checks that every rule that breaks on one side of the
// wire is defined on the other side too (as breaking or deliberately harmless),
// and that metadata is complete and IDs are unique.
func TestRulesSymmetric(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range allRules {
		if seen[r.ID] || seen[r.Name] {
			t.Errorf("duplicate rule %s %s", r.ID, r.Name)
		}
		seen[r.ID], seen[r.Name] = true, true
		if r.Summary == "" || r.Rationale == "" || r.Bad == "" || r.Good == "" || r.Fix == "" {
			t.Errorf("%s: incomplete metadata", r.ID)
		}
		if r.Request == sevOff && r.Response == sevOff {
			t.Errorf("%s: breaks on neither side", r.ID)
		}
	}
}

func FuzzDiffSelf(f *testing.F) {
	for _, p := range []string{"testdata/cases/shared-component/new.yaml", "testdata/cases/recursive/new.yaml", "testdata/cases/callback-changed/new.yaml", "testdata/cases/parameter-style-changed/new.yaml"} {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("x.yaml", src, LoadOptions{})
		if err != nil {
			return
		}
		if fs := Diff(s, s, Options{Direction: "both"}); len(fs) != 0 {
			t.Errorf("diff of a document with itself: %v", fs)
		}
	})
}

func TestParseGrace(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"", 0, false}, {"90d", 90 * 24 * time.Hour, false}, {"2w", 14 * 24 * time.Hour, false},
		{"36h", 36 * time.Hour, false}, {"0d", 0, false}, {"d", 0, true}, {"-1d", 0, true}, {"5m", 0, true}, {"x", 0, true},
	} {
		got, err := ParseGrace(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseGrace(%q) = %v, %v; want %v, error %t", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// caseOptions reads a case's optional oasdiff-flags file: the flags oasdiff
// needs to report what the case shows, one per line, and the Options that
// say the same to schemacheck.
func caseOptions(t *testing.T, dir string) (Options, []string) {
	t.Helper()
	var opts Options
	src, err := os.ReadFile(filepath.Join(dir, "oasdiff-flags"))
	if os.IsNotExist(err) {
		return opts, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var flags []string
	for _, line := range strings.Fields(string(src)) {
		flags = append(flags, line)
		name, value, _ := strings.Cut(line, "=")
		n, err := strconv.Atoi(value)
		switch {
		case err != nil:
			t.Fatalf("%s/oasdiff-flags: %q: want --flag=NUMBER", dir, line)
		case name == "--deprecation-days-stable":
			opts.SunsetNoticeStable = n
		case name == "--deprecation-days-beta":
			opts.SunsetNoticeBeta = n
		default:
			t.Fatalf("%s/oasdiff-flags: %s: no schemacheck option says the same; add it to caseOptions", dir, name)
		}
	}
	return opts, flags
}
