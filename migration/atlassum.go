package migration

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// atlasDirective is Atlas's file directive pattern (reDirective in its
// sql/migrate): it is matched at the very start of the file only, so a
// directive counts only on the first line.
var atlasDirective = regexp.MustCompile(`^([ -~]*)atlas:(\w+)(?: +(.+))*`)

// atlasSumIgnored reports whether Atlas leaves the file's contents out of
// the checksum: its first line is an `atlas:sum ignore` directive.
func atlasSumIgnored(content []byte) bool {
	m := atlasDirective.FindSubmatch(content)
	return len(m) == 4 && string(m[2]) == "sum" && string(m[3]) == "ignore"
}

// verifyAtlasSum checks dir/atlas.sum the way Atlas does: one running
// SHA-256 over each migration file's name and contents, in name order, with
// the running sum recorded after each file, and a first line that hashes
// the recorded names and sums. Atlas's own format sums every .sql file of
// the directory, its golang-migrate format only the .up.sql files; the
// format is Atlas configuration, not visible here, so the file set whose
// names atlas.sum records is the one checked. Each mismatch is a finding
// at the sum file's line.
func verifyAtlasSum(fsys fs.FS, dir string, files []string) []finding.Finding {
	sumPath := path.Join(dir, "atlas.sum")
	data, err := readlimit.ReadFile(fsys, sumPath, MaxFileSize)
	if err != nil {
		return nil
	}
	var all, ups []string
	for _, f := range files {
		if !strings.Contains(f, "/") && strings.HasSuffix(f, ".sql") {
			all = append(all, f)
			if strings.HasSuffix(f, ".up.sql") {
				ups = append(ups, f)
			}
		}
	}
	migrations := all
	if len(ups) > 0 && !sameNames(recordedNames(data), all) {
		migrations = ups
	}
	type entry struct{ name, hash string }
	var want []entry
	h := sha256.New()
	for _, name := range migrations {
		content, err := ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			continue
		}
		h.Write([]byte(name))
		if atlasSumIgnored(content) {
			continue
		}
		h.Write(content)
		want = append(want, entry{name, base64.StdEncoding.EncodeToString(h.Sum(nil))})
	}
	total := sha256.New()
	for _, e := range want {
		total.Write([]byte(e.name))
		total.Write([]byte(e.hash))
	}

	at := func(line int) finding.Location { return finding.Location{File: sumPath, Line: line, Column: 1} }
	var out []finding.Finding
	recorded := map[string]int{} // file name → line in atlas.sum
	got := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	var totalLine string
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			totalLine = strings.TrimPrefix(text, "h1:")
			continue
		}
		name, hash, ok := strings.Cut(text, " h1:")
		if !ok {
			out = append(out, RuleAtlasSum.New(at(line), "atlas.sum line is not `<file> h1:<hash>`: the sum file is corrupt"))
			continue
		}
		recorded[name], got[name] = line, hash
	}
	for _, e := range want {
		switch l, ok := recorded[e.name]; {
		case !ok:
			out = append(out, RuleAtlasSum.New(finding.Location{File: sumPath}, "%s is not recorded in atlas.sum", e.name))
		case got[e.name] != e.hash:
			out = append(out, RuleAtlasSum.New(at(l), "%s does not match its atlas.sum entry (the file, or one before it, was edited after hashing)", e.name))
		}
	}
	for name, l := range recorded {
		if !slices.ContainsFunc(want, func(e entry) bool { return e.name == name }) {
			out = append(out, RuleAtlasSum.New(at(l), "atlas.sum records %s, which is not in the directory", name))
		}
	}
	if len(out) == 0 && totalLine != base64.StdEncoding.EncodeToString(total.Sum(nil)) {
		out = append(out, RuleAtlasSum.New(at(1), "the total on the first line of atlas.sum does not match its entries"))
	}
	for i := range out {
		out[i].Key = fmt.Sprint(out[i].Message)
	}
	return out
}

// recordedNames returns the file names atlas.sum records, in its order.
func recordedNames(data []byte) []string {
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for first := true; sc.Scan(); first = false {
		if name, _, ok := strings.Cut(sc.Text(), " h1:"); ok && !first {
			names = append(names, name)
		}
	}
	return names
}

// sameNames reports whether a and b hold the same names, in any order.
func sameNames(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
