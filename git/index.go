package git

import (
	"bytes"
	"fmt"
	"io/fs"
	"os/exec"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Index returns the files staged in the index, what the next commit will
// hold, as a read-only fs.FS like a commit's Tree: a pre-commit hook
// checks exactly what is being committed, whatever else sits in the
// working tree. Entries in a merge conflict are left out.
func (r *Repo) Index() (*Tree, error) {
	out, err := r.git("ls-files", "--stage", "-z")
	if err != nil {
		return nil, fmt.Errorf("listing the staged files: %w", err)
	}
	t := &Tree{repo: r, commit: "the index", entries: map[string]*entry{".": {name: ".", mode: fs.ModeDir | 0o555}}}
	var blobs []string
	for _, rec := range strings.Split(out, "\x00") {
		if rec == "" {
			continue
		}
		// <mode> SP <object> SP <stage> TAB <path>
		meta, name, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || !fs.ValidPath(name) {
			return nil, fmt.Errorf("listing the staged files: unexpected ls-files record %q", rec)
		}
		if f[2] != "0" {
			continue // a conflict: no one staged version
		}
		e := &entry{name: path.Base(name), object: f[1], mode: 0o444}
		switch f[0] {
		case "160000": // a submodule, shown as an empty directory
			e.mode, e.object = fs.ModeDir|0o555, ""
		case "100755":
			e.mode = 0o555
		case "120000":
			e.symlink = true
		}
		if e.object != "" {
			blobs = append(blobs, e.object)
		}
		t.entries[name] = e
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if t.entries[d] != nil {
				break
			}
			t.entries[d] = &entry{name: path.Base(d), mode: fs.ModeDir | 0o555}
		}
	}
	sizes, err := r.sizes(blobs)
	if err != nil {
		return nil, err
	}
	for name, e := range t.entries {
		e.size = sizes[e.object]
		if name != "." {
			parent := t.entries[path.Dir(name)]
			parent.kids = append(parent.kids, e)
		}
	}
	for _, e := range t.entries {
		slices.SortFunc(e.kids, func(a, b *entry) int { return strings.Compare(a.name, b.name) })
	}
	return t, nil
}

// sizes returns the size of each blob, read with one `git cat-file
// --batch-check`, so limits are checked before a blob is read.
func (r *Repo) sizes(ids []string) (map[string]int64, error) {
	out := map[string]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	cmd := exec.Command("git", "cat-file", "--batch-check=%(objectname) %(objectsize)")
	cmd.Dir = r.root
	cmd.Env = environment()
	cmd.Stdin = strings.NewReader(strings.Join(ids, "\n") + "\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git cat-file: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		id, size, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(size, 10, 64); err == nil {
			out[id] = n
		}
	}
	return out, nil
}

// EmptyTree is the tree before the first commit: a repository's history
// compared with nothing.
func (r *Repo) EmptyTree() *Tree {
	return &Tree{repo: r, commit: "the empty tree", entries: map[string]*entry{".": {name: ".", mode: fs.ModeDir | 0o555}}}
}
