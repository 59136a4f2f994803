// Package git reads a repository's files at a revision with the git
// executable: `git ls-tree` lists a commit's tree once and a long-running
// `git cat-file --batch` streams blob contents. A commit's tree is an
// fs.FS, so everything that reads files (migration discovery, contract
// loaders) reads a past revision exactly as it reads the working tree.
//
// Revisions come from users and CI configuration. They are validated
// before use and always passed after --end-of-options, so a revision can
// never be read as an option. Nothing here writes to the repository:
// commands run with GIT_OPTIONAL_LOCKS=0 and no command that changes refs,
// the index or the working tree is ever run.
package git

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// Repo is a git repository on disk.
type Repo struct {
	root string // top level of the working tree

	mu    sync.Mutex
	batch *catFile         // started on first use
	trees map[string]*Tree // by commit id
}

// ErrNotRepository is returned by Open outside a git working tree.
var ErrNotRepository = errors.New("not inside a git repository")

// Open finds the repository whose working tree holds dir.
func Open(dir string) (*Repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("the git executable is needed to read revisions and was not found on PATH: %w", err)
	}
	out, err := run(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		if strings.Contains(err.Error(), "not a git repository") {
			return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
		}
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return &Repo{root: filepath.Clean(strings.TrimSpace(out)), trees: map[string]*Tree{}}, nil
}

// Root is the top level of the working tree.
func (r *Repo) Root() string { return r.root }

// Close stops the helper process. The Repo may not be used afterwards.
func (r *Repo) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.batch == nil {
		return nil
	}
	err := r.batch.close()
	r.batch = nil
	return err
}

// git runs a git command in the repository and returns its standard output.
func (r *Repo) git(args ...string) (string, error) { return run(r.root, args...) }

// run runs git in dir. Errors carry git's own message (its first lines of
// standard error), which names the problem better than an exit status.
func run(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = environment()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		if msg == "" {
			msg = err.Error()
		}
		return stdout.String(), fmt.Errorf("git %s: %s", args[0], strings.TrimPrefix(msg, "fatal: "))
	}
	return stdout.String(), nil
}

// environment is the process environment with what makes git predictable:
// messages in English (they are matched), no prompts, no optional locks
// (reading must never take the index lock a concurrent git command needs).
func environment() []string {
	env := os.Environ()
	return append(env, "LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_PAGER=cat")
}
