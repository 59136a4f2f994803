package schemacheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/atomicfile"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// baselineFile is the on-disk baseline: the fingerprints of accepted
// findings, with rule and file kept only so a human can review the file.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Message     string `json:"message"`
}

// WriteBaseline records findings' fingerprints in path, atomically, sorted
// so the file diffs cleanly when re-written. Findings that mean "this file
// was not checked" are left out: accepting one would hide every later edit
// to that file.
// It returns how many fingerprints it wrote and how many findings it left out.
func WriteBaseline(path string, findings []finding.Finding) (written, unchecked int, err error) {
	fs := slices.Clone(findings)
	finding.Sort(fs)
	b := baselineFile{Version: 1, Findings: []baselineEntry{}}
	for _, f := range fs {
		if f.NotChecked {
			unchecked++ // never baselined: see finding.Rule.NotChecked
			continue
		}
		b.Findings = append(b.Findings, baselineEntry{f.Fingerprint, f.RuleID, f.Location.File, f.Message})
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return 0, 0, fmt.Errorf("baseline %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return 0, 0, fmt.Errorf("baseline %s: %w", path, err)
	}
	return len(b.Findings), unchecked, nil
}

// maxBaselineSize bounds the baseline read: a fingerprint is about 200
// bytes of JSON, so this holds over half a million findings.
const maxBaselineSize = 128 << 20

// FilterBaseline drops the findings whose fingerprint the baseline at path
// records, so a repository adopts schemacheck without fixing history first.
func (r *Result) FilterBaseline(path string) error {
	data, err := readConfined(path, maxBaselineSize)
	var tooLarge *readlimit.TooLargeError
	switch {
	case errors.As(err, &tooLarge) || errors.Is(err, readlimit.ErrNotRegular):
		return fmt.Errorf("baseline %s: %w; point baseline: at a file written by --write-baseline", path, err)
	case err != nil:
		return fmt.Errorf("baseline %s: %w (create it with --write-baseline)", path, err)
	}
	var b baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return fmt.Errorf("baseline %s: not a schemacheck baseline: %w (re-create it with --write-baseline)", path, err)
	}
	if b.Version != 1 {
		return fmt.Errorf("baseline %s: version %d is not supported (want 1)", path, b.Version)
	}
	known := make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		known[e.Fingerprint] = true
	}
	r.Findings = slices.DeleteFunc(r.Findings, func(f finding.Finding) bool { return known[f.Fingerprint] && !f.NotChecked })
	return nil
}
