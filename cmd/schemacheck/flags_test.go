package main

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestFlagValuesAreValidated: every flag value is checked before anything
// runs; a bad one exits 2, names the flag and suggests the closest value.
func TestFlagValuesAreValidated(t *testing.T) {
	openapi := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
	dir := writeFiles(t, map[string]string{
		"db/1_init.up.sql": risky, "db/2_index.up.sql": riskyChange,
		"old.yaml": openapi, "new.yaml": openapi,
	})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", "--color", "sometimes", "db"}, `--color "sometimes": want one of auto, always, never`},
		{[]string{"lint", "--format", "jsn", "db"}, `did you mean "json"?`},
		{[]string{"lint", "--format", "compakt", "db"}, `did you mean "compact"?`},
		{[]string{"lint", "--fail-on", "warnin", "db"}, `--fail-on "warnin"`},
		{[]string{"lint", "--min-severity", "critical", "db"}, `--min-severity "critical": want one of info, warning, error`},
		{[]string{"lint", "--min-severity", "off", "db"}, `--min-severity "off"`},
		{[]string{"lint", "--exclude", "SC-DB10", "db"}, `--exclude: unknown rule or category "SC-DB10"; did you mean "SC-DB101"?`},
		{[]string{"lint", "--only", "conventons", "db"}, `did you mean "conventions"?`},
		{[]string{"diff", "--direction", "backwards", "old.yaml", "new.yaml"}, `did you mean "backward"?`},
		{[]string{"diff", "--mode", "ful", "old.yaml", "new.yaml"}, `did you mean "full"?`},
		{[]string{"diff", "--mode", "full", "old.yaml", "new.yaml"}, "--mode applies to JSON Schema contracts only"},
		{[]string{"check", "--color", "sometimes", "--format", "yaml"}, "bad flag values:"},
	} {
		code, out, errOut := runIn(t, dir, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q\n%s", tc.args, code, errOut, tc.want, out)
		}
	}
	// Aliases the parsers accept stay accepted.
	if code, _, errOut := runIn(t, dir, "lint", "--fail-on", "warn", "--min-severity", "warn", "--color", "never", "db"); code != 1 {
		t.Errorf("aliases: exit %d %s", code, errOut)
	}
}

// TestRuleSelection: --exclude and --only take IDs, names and categories,
// exclude:/only: in the config do the same, --min-severity hides findings
// below it, and the summary counts what each left out.
func TestRuleSelection(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"db/1_init.up.sql":  "CREATE TABLE t (id bigint PRIMARY KEY, v varchar(10));\n",
		"db/2_index.up.sql": riskyChange,
		"bad/1.up.sql":      "CREATE TABLE (;\n",
	})
	for _, tc := range []struct {
		args       []string
		code       int
		want, lack []string
	}{
		{[]string{"lint", "db"}, 1, []string{"SC-DB101", "SC-DB304"}, nil},
		{[]string{"lint", "--exclude", "SC-DB101", "--exclude", "require-lock-timeout", "db"}, 0,
			[]string{"SC-DB304", "left out by rule selection"}, []string{"SC-DB101 ", "SC-DB110 "}},
		{[]string{"lint", "--exclude", "safety,SC-DB101", "db"}, 0, []string{"SC-DB304"}, []string{"SC-DB101 ", "SC-DB110 "}},
		{[]string{"lint", "--only", "conventions", "db"}, 0, []string{"SC-DB304", "left out by rule selection"}, []string{"SC-DB101 "}},
		{[]string{"lint", "--only", "require-concurrent-index", "db"}, 1, []string{"SC-DB101 "}, []string{"SC-DB304", "SC-DB110 "}},
		{[]string{"lint", "--min-severity", "warning", "db"}, 1, []string{"SC-DB101", "below --min-severity warning"}, []string{"SC-DB304"}},
		// a file that does not parse is reported whatever --only says
		{[]string{"lint", "--only", "conventions", "bad"}, 1, []string{"SC-DB001"}, nil},
		{[]string{"lint", "--exclude", "input", "bad"}, 0, []string{"1 left out by rule selection"}, []string{"SC-DB001 "}},
	} {
		code, out, errOut := runIn(t, dir, append(slices.Clone(tc.args), "--format", "compact")...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q\n%s", tc.args, w, out)
			}
		}
		for _, l := range tc.lack {
			if strings.Contains(out, l) {
				t.Errorf("%v: output has %q\n%s", tc.args, l, out)
			}
		}
	}

	// The config's exclude: and only:, validated at their line.
	cfg := writeFiles(t, map[string]string{
		"schemacheck.yaml":  "version: 1\nexclude:\n  - SC-DB101\n  - safety\n",
		"db/1_init.up.sql":  risky,
		"db/2_index.up.sql": riskyChange,
	})
	if code, out, errOut := runIn(t, cfg, "lint", "db"); code != 0 || !strings.Contains(out, "left out by rule selection") {
		t.Errorf("exclude: in the config: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := runIn(t, cfg, "lint", "--only", "SC-DB101", "db"); code != 0 || strings.Contains(out, "SC-DB101 ") {
		t.Errorf("--only does not bring back what exclude: drops: exit %d\n%s", code, out)
	}
	bad := writeFiles(t, map[string]string{"schemacheck.yaml": "version: 1\nonly:\n  - safty\n", "db/1.up.sql": risky})
	code, _, errOut := runIn(t, bad, "lint", "db")
	if want := `schemacheck.yaml:3:5: only[0]: unknown rule or category "safty"; did you mean "safety"?`; code != 2 || !strings.Contains(errOut, want) {
		t.Errorf("bad only: entry: exit %d, stderr %q; want 2 and %q", code, errOut, want)
	}
}

// TestRulesExplainsSuppression: `rules ID` says how to silence one finding
// and how to turn the rule off.
func TestRulesExplainsSuppression(t *testing.T) {
	for id, want := range map[string][]string{
		"SC-DB101":  {"-- schemacheck:ignore SC-DB101 reason", "rules: {SC-DB101: off}", "--exclude SC-DB101"},
		"SC-API007": {"x-schemacheck-ignore: [SC-API007]", "exclude: [SC-API007]"},
		"SC-JS001":  {"--write-baseline", "--exclude SC-JS001"},
	} {
		code, out, _ := runIn(t, t.TempDir(), "rules", id)
		for _, w := range want {
			if code != 0 || !strings.Contains(out, w) {
				t.Errorf("rules %s: exit %d, output lacks %q\n%s", id, code, w, out)
			}
		}
	}
}

// countingReader yields n bytes of filler and counts how many were read.
type countingReader struct{ n, read int }

func (r *countingReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	k := min(len(p), r.n-r.read)
	for i := range k {
		p[i] = ' '
	}
	r.read += k
	return k, nil
}

// TestLintStdin: `lint -` lints standard input as one migration, named by
// --stdin-filename, and reads no more of it than of a file.
func TestLintStdin(t *testing.T) {
	dir := t.TempDir()
	stdin := func(in io.Reader, args ...string) (int, string, string) {
		t.Helper()
		t.Chdir(dir)
		var out, errb bytes.Buffer
		code := run(args, in, &out, &errb)
		return code, out.String(), errb.String()
	}
	const sql = "CREATE INDEX i ON t (c);"
	code, out, errOut := stdin(strings.NewReader(sql), "lint", "-")
	if code != 1 || !strings.Contains(out, "<stdin>\n  1:1 error[SC-DB101 require-concurrent-index]") {
		t.Errorf("lint -: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := stdin(strings.NewReader(sql), "lint", "--exclude", "SC-DB101", "-"); code != 0 || strings.Contains(out, "SC-DB101 ") {
		t.Errorf("lint --exclude SC-DB101 -: exit %d\n%s", code, out)
	}
	code, out, _ = stdin(strings.NewReader(sql), "lint", "--format", "compact", "--stdin-filename", "db/3_index.up.sql", "-")
	if code != 1 || !strings.HasPrefix(out, "db/3_index.up.sql:1:1: error: SC-DB101") {
		t.Errorf("--stdin-filename: exit %d\n%s", code, out)
	}
	if code, _, errOut := stdin(strings.NewReader(sql), "lint", "-", "db"); code != 2 || !strings.Contains(errOut, "standard input is linted alone") {
		t.Errorf("lint - db: exit %d %s", code, errOut)
	}
	if code, _, errOut := stdin(strings.NewReader(sql), "lint", "--stdin-filename", "x.sql", "db"); code != 2 || !strings.Contains(errOut, "read only with '-'") {
		t.Errorf("--stdin-filename without -: exit %d %s", code, errOut)
	}
	big := &countingReader{n: 64 << 20}
	code, out, _ = stdin(big, "lint", "--format", "compact", "-")
	if code != 1 || !strings.Contains(out, "SC-DB003") || big.read > 16<<20+1 {
		t.Errorf("64 MiB on standard input: exit %d, read %d bytes\n%s", code, big.read, out)
	}
}
