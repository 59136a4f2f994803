package git

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Tree is the tree of one commit as a read-only fs.FS. Listing is done
// once, up front; file contents are read from git when a file is opened.
// Symbolic links are followed inside the tree (never out of it);
// submodules appear as empty directories.
type Tree struct {
	repo    *Repo
	commit  string
	entries map[string]*entry // by slash path; "." is the root
}

type entry struct {
	name    string
	mode    fs.FileMode
	object  string // blob id; "" for directories
	size    int64
	symlink bool
	kids    []*entry // directories: children sorted by name
}

// Tree returns the tree of the commit that rev names.
func (r *Repo) Tree(rev string) (*Tree, error) {
	commit, err := r.Resolve(rev)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	t := r.trees[commit]
	r.mu.Unlock()
	if t != nil {
		return t, nil
	}
	out, err := r.git("ls-tree", "-r", "-t", "-z", "-l", "--full-tree", "--end-of-options", commit)
	if err != nil {
		return nil, fmt.Errorf("listing the files of %s: %w", rev, err)
	}
	t = &Tree{repo: r, commit: commit, entries: map[string]*entry{".": {name: ".", mode: fs.ModeDir | 0o555}}}
	for _, rec := range strings.Split(out, "\x00") {
		if rec == "" {
			continue
		}
		// <mode> SP <type> SP <object> SP+ <size> TAB <path>
		meta, name, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 || !fs.ValidPath(name) {
			return nil, fmt.Errorf("listing the files of %s: unexpected ls-tree record %q", rev, rec)
		}
		e := &entry{name: path.Base(name), object: f[2]}
		switch f[1] {
		case "tree", "commit": // a directory, or a submodule shown as one
			e.mode, e.object = fs.ModeDir|0o555, ""
		case "blob":
			e.size, _ = strconv.ParseInt(f[3], 10, 64)
			e.mode = 0o444
			if f[0] == "100755" {
				e.mode = 0o555
			}
			e.symlink = f[0] == "120000"
		default:
			continue
		}
		t.entries[name] = e
	}
	for name, e := range t.entries {
		if name == "." {
			continue
		}
		parent := t.entries[path.Dir(name)]
		if parent == nil || !parent.mode.IsDir() {
			return nil, fmt.Errorf("listing the files of %s: %s has no directory", rev, name)
		}
		parent.kids = append(parent.kids, e)
	}
	for _, e := range t.entries {
		slices.SortFunc(e.kids, func(a, b *entry) int { return strings.Compare(a.name, b.name) })
	}
	r.mu.Lock()
	r.trees[commit] = t
	r.mu.Unlock()
	return t, nil
}

// Commit is the commit id the tree belongs to.
func (t *Tree) Commit() string { return t.commit }

// maxLinks bounds how many symbolic links one lookup follows (as ELOOP).
const maxLinks = 40

// lookup finds name, following symbolic links in every component.
func (t *Tree) lookup(op, name string) (*entry, string, error) {
	if !fs.ValidPath(name) {
		return nil, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	links := 0
	resolved := "."
	rest := strings.Split(name, "/")
	if name == "." {
		rest = nil
	}
	e := t.entries["."]
	for len(rest) > 0 {
		next := path.Join(resolved, rest[0])
		rest = rest[1:]
		e = t.entries[next]
		if e == nil {
			return nil, "", &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		if !e.symlink {
			resolved = next
			continue
		}
		if links++; links > maxLinks {
			return nil, "", &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("too many levels of symbolic links")}
		}
		target, err := t.repo.blob(e.object)
		if err != nil {
			return nil, "", &fs.PathError{Op: op, Path: name, Err: err}
		}
		dest := string(target)
		if !path.IsAbs(dest) {
			dest = path.Join(resolved, dest)
		}
		if path.IsAbs(dest) || !fs.ValidPath(dest) {
			return nil, "", &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("symbolic link to %q leaves the repository", target)}
		}
		// Start again from the root with the link's target in front of what is left.
		resolved, e = ".", t.entries["."]
		if dest != "." {
			rest = append(strings.Split(dest, "/"), rest...)
		}
	}
	return e, resolved, nil
}

// Open implements fs.FS.
func (t *Tree) Open(name string) (fs.File, error) {
	e, _, err := t.lookup("open", name)
	if err != nil {
		return nil, err
	}
	if e.mode.IsDir() {
		return &dir{info: info{e, path.Base(name)}, kids: e.kids}, nil
	}
	return &file{info: info{e, path.Base(name)}, repo: t.repo}, nil
}

// ReadFile implements fs.ReadFileFS.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	e, _, err := t.lookup("read", name)
	if err != nil {
		return nil, err
	}
	if e.mode.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("is a directory")}
	}
	data, err := t.repo.blob(e.object)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

// Stat implements fs.StatFS without reading contents. Like os.Stat, it
// follows symbolic links.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	e, _, err := t.lookup("stat", name)
	if err != nil {
		return nil, err
	}
	return info{e, path.Base(name)}, nil
}

// ReadDir implements fs.ReadDirFS.
func (t *Tree) ReadDir(name string) ([]fs.DirEntry, error) {
	e, _, err := t.lookup("readdir", name)
	if err != nil {
		return nil, err
	}
	if !e.mode.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fmt.Errorf("not a directory")}
	}
	out := make([]fs.DirEntry, len(e.kids))
	for i, k := range e.kids {
		out[i] = dirEntry{info{k, k.name}}
	}
	return out, nil
}

// info describes an entry. Symbolic links are reported as what they
// point at only after lookup; in a directory listing they keep ModeSymlink,
// as os.DirFS does.
type info struct {
	e    *entry
	name string
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.e.size }
func (i info) Mode() fs.FileMode  { return i.e.mode }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.e.mode.IsDir() }
func (i info) Sys() any           { return nil }

type dirEntry struct{ info }

func (d dirEntry) Type() fs.FileMode {
	if d.e.symlink {
		return fs.ModeSymlink
	}
	return d.e.mode.Type()
}
func (d dirEntry) Info() (fs.FileInfo, error) {
	if d.e.symlink {
		return symlinkInfo(d), nil
	}
	return d.info, nil
}

type symlinkInfo struct{ info }

func (s symlinkInfo) Mode() fs.FileMode { return fs.ModeSymlink | 0o777 }

// file reads its blob on the first Read, not on Open: a reader checks the
// size Stat reports (ls-tree's) against its limit before any byte is read.
type file struct {
	info
	repo *Repo
	r    *bytes.Reader
}

func (f *file) Read(p []byte) (int, error) {
	if f.r == nil {
		data, err := f.repo.blob(f.e.object)
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		}
		f.r = bytes.NewReader(data)
	}
	return f.r.Read(p)
}

func (f *file) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *file) Close() error               { return nil }

type dir struct {
	info
	kids []*entry
	next int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Close() error               { return nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: fmt.Errorf("is a directory")}
}

// ReadDir implements fs.ReadDirFile.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	left := d.kids[d.next:]
	if n > 0 && len(left) == 0 {
		return nil, io.EOF
	}
	if n > 0 && len(left) > n {
		left = left[:n]
	}
	d.next += len(left)
	out := make([]fs.DirEntry, len(left))
	for i, k := range left {
		out[i] = dirEntry{info{k, k.name}}
	}
	return out, nil
}
