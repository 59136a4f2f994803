package openapi

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
)

// TestStripeMutations changes the type of one string value at a time in
// Stripe's newest corpus version (to boolean: no value of one is a value
// of the other) and diffs the result against the version itself. Every
// such change reachable from an operation breaks some reader, so each
// must be an error located near the change (at the property or the union
// that holds it). Strings with an enum are left out: their type changed alone admits no
// value at all, which is not a type change.
// The sample takes every stride-th string type in the document, and
// every fourth of those whose property is named like a keyword
// (description, title, example, default…), which raw sameness once took
// for annotations: all of those changes were silent.
func TestStripeMutations(t *testing.T) {
	path := filepath.Join(corpusDir(t), "openapi", "stripe", "new.json")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base, err := Parse("new.json", src, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(src, []byte("\n"))
	stringType := regexp.MustCompile(`^\s*"type": "string",?$`)
	keywordNamed := regexp.MustCompile(`^\s*"(description|title|example|summary|default|enum|value|const|x-[a-z_]+)": \{$`)
	var sample []int // 0-based line numbers
	var all, named int
	for i, l := range lines {
		if !stringType.Match(l) || sibling(lines, i, "enum") {
			continue
		}
		all++
		if all%211 == 0 {
			sample = append(sample, i)
			continue
		}
		if owner := ownerLine(lines, i); owner >= 0 && keywordNamed.Match(lines[owner]) {
			if named++; named%4 == 0 {
				sample = append(sample, i)
			}
		}
	}
	found := 0
	for _, i := range sample {
		mutated := bytes.Join(append(append(append([][]byte{}, lines[:i]...), bytes.Replace(lines[i], []byte(`"string"`), []byte(`"boolean"`), 1)), lines[i+1:]...), []byte("\n"))
		spec, err := Parse("m.json", mutated, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		line := i + 1
		near := false
		var errs []string
		for _, f := range Diff(base, spec, Options{}) {
			if f.Severity != finding.SeverityError {
				continue
			}
			errs = append(errs, fmt.Sprintf("%d: %s", f.Location.Line, f.Message))
			if f.Location.Line >= line-40 && f.Location.Line <= line {
				near = true
			}
		}
		if !near {
			t.Errorf("line %d (%s): the type changed to boolean and no error is near it; errors: %q", line, bytes.TrimSpace(lines[ownerLine(lines, i)]), errs)
			continue
		}
		found++
	}
	t.Logf("%d mutations, %d found", len(sample), found)
	if len(sample) < 30 {
		t.Errorf("only %d mutations sampled", len(sample))
	}
}

// ownerLine is the line of the key whose object holds line i: the
// nearest earlier line, less indented, that opens an object.
func ownerLine(lines [][]byte, i int) int {
	indent := len(lines[i]) - len(bytes.TrimLeft(lines[i], " "))
	for j := i - 1; j >= 0; j-- {
		l := lines[j]
		if in := len(l) - len(bytes.TrimLeft(l, " ")); in < indent && bytes.HasSuffix(l, []byte("{")) {
			return j
		}
	}
	return -1
}

// sibling reports whether the object holding line i also has key k, at
// line i's indentation.
func sibling(lines [][]byte, i int, k string) bool {
	indent := len(lines[i]) - len(bytes.TrimLeft(lines[i], " "))
	key := []byte(`"` + k + `":`)
	for _, step := range []int{-1, 1} {
		for j := i + step; j >= 0 && j < len(lines); j += step {
			l := lines[j]
			in := len(l) - len(bytes.TrimLeft(l, " "))
			if in < indent {
				break
			}
			if in == indent && bytes.HasPrefix(bytes.TrimLeft(l, " "), key) {
				return true
			}
		}
	}
	return false
}
