// Package oasdiffrun runs the oasdiff peer for the tests that compare
// schemacheck with it (the coverage fixtures and the differential test on
// oasdiff's own data), and matches its changes with schemacheck findings.
package oasdiffrun

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
)

// Levels of an oasdiff change.
const (
	LevelInfo  = 1
	LevelWarn  = 2
	LevelError = 3
)

// Change is one change `oasdiff breaking --format json` reports.
type Change struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Level     int    `json:"level"`
	Operation string `json:"operation"` // HTTP method; "" for a component change
	Path      string `json:"path"`
	Section   string `json:"section"`
}

// Op is the change's operation as "METHOD /path" with path parameter
// names left out, or "" when the change belongs to no operation.
func (c Change) Op() string {
	if c.Operation == "" {
		return ""
	}
	return OperationKey(c.Operation, c.Path)
}

var pathParam = regexp.MustCompile(`\{[^}/]*\}`)

// OperationKey names an operation independently of its path parameters'
// names: /books/{bookId} and /books/{id} are the same operation.
func OperationKey(method, path string) string {
	return strings.ToUpper(method) + " " + pathParam.ReplaceAllString(path, "{}")
}

// Runner runs one oasdiff binary, caching its output by the content of the
// two documents (so a rerun, or the same pair in two tests, costs nothing).
type Runner struct {
	Bin string
	// Cache is the directory of cached outputs; "" disables caching.
	Cache string
}

// NewRunner caches under the user cache directory (or the temporary one),
// in a subdirectory per oasdiff version.
func NewRunner(bin, version string) *Runner {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return &Runner{Bin: bin, Cache: filepath.Join(dir, "schemacheck-test", "oasdiff-"+version)}
}

// Breaking runs `oasdiff breaking base revision --format json [flags]` in
// dir (the paths are relative to it) and returns its changes. The
// documents' own $refs to other files are not part of the cache key: the
// callers' pairs are single files or an immutable module's data.
func (r *Runner) Breaking(dir, base, revision string, flags ...string) ([]Change, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%q\x00", flags)
	for _, p := range []string{base, revision} {
		src, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(src))
		h.Write(src)
	}
	key := hex.EncodeToString(h.Sum(nil))
	cached := filepath.Join(r.Cache, key[:2], key+".json")
	out, err := os.ReadFile(cached)
	if r.Cache == "" || err != nil {
		cmd := exec.Command(r.Bin, append([]string{"breaking", base, revision, "--format", "json"}, flags...)...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err = cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("oasdiff breaking %s %s: %v: %s", base, revision, err, bytes.TrimSpace(stderr.Bytes()))
		}
		if r.Cache != "" {
			if err := writeCache(cached, out); err != nil {
				return nil, err
			}
		}
	}
	var changes []Change
	if err := json.Unmarshal(out, &changes); err != nil {
		return nil, fmt.Errorf("oasdiff breaking %s %s: output is not JSON: %v", base, revision, err)
	}
	return changes, nil
}

// writeCache writes through a temporary file so parallel tests never read
// half an entry.
func writeCache(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Found reports whether a schemacheck finding at severity sev or above
// reports change c: its rule is one of rules, and it affects c's operation,
// in the part (request or response) the check's ID names (any finding of
// the rule counts for a change outside operations).
func Found(c Change, rules []string, sev finding.Severity, fs []finding.Finding) bool {
	op := c.Op()
	part := Part(c.ID)
	for _, f := range fs {
		if f.Severity < sev || !slices.Contains(rules, f.RuleID) {
			continue
		}
		if op == "" || slices.ContainsFunc(f.Operations, func(o string) bool {
			fop, fpart := operationPart(o)
			return fop == op && (part == "" || fpart == part)
		}) {
			return true
		}
	}
	return false
}

// Part is the part of an operation an oasdiff check is about, by its ID:
// "request" (request-…, new-request-…, new-required-request-…),
// "response" (response-…, required-response-…), or "" (the operation).
func Part(check string) string {
	for _, p := range []string{"request", "response"} {
		for _, prefix := range []string{"", "new-", "new-required-", "required-"} {
			if strings.HasPrefix(check, prefix+p+"-") {
				return p
			}
		}
	}
	return ""
}

// operationPart splits a finding's operation ("GET /books/{id} request")
// into OperationKey's form and the part.
func operationPart(o string) (op, part string) {
	for _, p := range []string{"request", "response"} {
		if rest, ok := strings.CutSuffix(o, " "+p); ok {
			o, part = rest, p
			break
		}
	}
	method, path, _ := strings.Cut(o, " ")
	return OperationKey(method, path), part
}
