package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestStripeDiffTextIsReadable: the Stripe pair's 69 findings each affect
// up to 388 operations; the text report must stay something a person
// reads (under 1,500 lines, none wider than the 80 columns of a pipe) and
// be byte-identical on a re-run.
func TestStripeDiffTextIsReadable(t *testing.T) {
	dir := filepath.Join(testenv.Corpus(t), "openapi", "stripe")
	code, out, errOut := runIn(t, dir, "diff", "old.json", "new.json")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) >= 1500 {
		t.Errorf("%d lines of text, want under 1,500", len(lines))
	}
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line %d has %d characters (want at most 80): %q", i+1, n, l)
		}
	}
	if !strings.Contains(out, "and 380 more (the json and sarif formats list all 385)") {
		t.Error("the operation lists are not capped")
	}
	if _, again, _ := runIn(t, dir, "diff", "old.json", "new.json"); again != out {
		t.Error("the text report differs between two runs")
	}
}

// TestMinifiedStripeDiffIsBounded: minified, each document is one line of
// about 2 MB; a code frame that printed the whole line made 294 MB of
// text. The frame is a window around the column now.
func TestMinifiedStripeDiffIsBounded(t *testing.T) {
	src := filepath.Join(testenv.Corpus(t), "openapi", "stripe")
	dir := t.TempDir()
	for _, name := range []string{"old.json", "new.json"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		var min bytes.Buffer
		if err := json.Compact(&min, data); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), min.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"text", "compact"} {
		code, out, errOut := runIn(t, dir, "diff", "--format", format, "old.json", "new.json")
		if code != 1 {
			t.Fatalf("%s: exit %d, want 1\n%s", format, code, errOut)
		}
		if len(out) >= 2<<20 {
			t.Errorf("%s: %d bytes of output for a minified pair, want under 2 MB", format, len(out))
		}
		_, pretty, _ := runIn(t, src, "diff", "--format", format, "old.json", "new.json")
		if got, want := strings.Count(out, "SC-API"), strings.Count(pretty, "SC-API"); got < want {
			t.Errorf("%s: %d findings, fewer than the %d of the pretty-printed pair:\n%s", format, got, want, out)
		}
	}
}

// TestCompactFormat: one line per finding, file:line:col: severity: ID
// name: message, then the totals.
func TestCompactFormat(t *testing.T) {
	dir := writeFiles(t, map[string]string{"db/1_init.up.sql": risky, "db/2_index.up.sql": riskyChange})
	code, out, _ := runIn(t, dir, "lint", "--format", "compact", "db")
	want := "db/2_index.up.sql:1:1: error: SC-DB101 require-concurrent-index: "
	if code != 1 || !strings.Contains(out, "\n"+want) && !strings.HasPrefix(out, want) {
		t.Errorf("exit %d, want 1 and a line starting %q:\n%s", code, want, out)
	}
}
