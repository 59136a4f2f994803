package git

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// maxRevisionLength bounds a revision; real ones are far shorter.
const maxRevisionLength = 256

// ValidateRevision rejects what cannot be a single revision: the empty
// string, anything starting with '-' (git would read it as an option),
// ranges, whitespace and control characters. Everything else (commit ids,
// branches, tags, remote branches, HEAD~2, v1.2^{commit}, @{upstream}) is
// left for git to resolve.
func ValidateRevision(rev string) error {
	switch {
	case rev == "":
		return fmt.Errorf("empty revision")
	case len(rev) > maxRevisionLength:
		return fmt.Errorf("revision %.40q…: longer than %d bytes", rev, maxRevisionLength)
	case strings.HasPrefix(rev, "-"):
		return fmt.Errorf("revision %q starts with '-' and would be read as an option: give a branch, tag or commit", rev)
	case strings.Contains(rev, ".."):
		return fmt.Errorf("revision %q is a range: give one revision (the base), e.g. origin/main", rev)
	}
	for _, c := range rev {
		if c <= ' ' || c == 0x7f {
			return fmt.Errorf("revision %q holds whitespace or a control character", rev)
		}
	}
	return nil
}

// ErrShallow marks a revision that may exist but is missing from a
// shallow clone.
var ErrShallow = errors.New("missing from this shallow clone")

// shallowHint says how to get the history a shallow clone lacks.
const shallowHint = "fetch the history: in GitHub Actions set `fetch-depth: 0` on actions/checkout; locally run `git fetch --unshallow`"

// Resolve returns the commit id that rev names.
func (r *Repo) Resolve(rev string) (string, error) {
	if err := ValidateRevision(rev); err != nil {
		return "", err
	}
	out, err := r.git("rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		if r.IsShallow() {
			return "", fmt.Errorf("revision %q not found; the repository is a shallow clone and the revision may be %w: %s", rev, ErrShallow, shallowHint)
		}
		return "", fmt.Errorf("revision %q not found in %s: check the name (git branch -a, git tag) or fetch it", rev, r.root)
	}
	return strings.TrimSpace(out), nil
}

// IsShallow reports whether the repository is a shallow clone.
func (r *Repo) IsShallow() bool {
	out, err := r.git("rev-parse", "--is-shallow-repository")
	return err == nil && strings.TrimSpace(out) == "true"
}

// MergeBase returns the best common ancestor of two commits.
func (r *Repo) MergeBase(a, b string) (string, error) {
	ca, err := r.Resolve(a)
	if err != nil {
		return "", err
	}
	cb, err := r.Resolve(b)
	if err != nil {
		return "", err
	}
	out, err := r.git("merge-base", "--end-of-options", ca, cb)
	if err != nil {
		if r.IsShallow() {
			return "", fmt.Errorf("no common ancestor of %s and %s: the repository is a shallow clone and the merge-base is %w: %s", a, b, ErrShallow, shallowHint)
		}
		return "", fmt.Errorf("%s and %s have no common ancestor: give the base with --base", a, b)
	}
	return strings.TrimSpace(out), nil
}

// DefaultBase returns the commit a change is compared with when no base is
// given, and the branch it was found from: the merge-base of HEAD with the
// default branch. The default branch is the pull request's base branch in
// GitHub Actions (GITHUB_BASE_REF), and only that one when it is set: a
// base branch missing from the clone is an error, never a silent fallback
// to another branch. Otherwise it is, in order, the remote's HEAD
// (origin/HEAD), origin/main, origin/master, main and master.
func (r *Repo) DefaultBase() (branch, commit string, err error) {
	if branch, err = r.defaultBranch(); err != nil {
		return "", "", err
	}
	commit, err = r.MergeBase(branch, "HEAD")
	return branch, commit, err
}

// ErrBaseBranchMissing marks a pull request whose base branch
// (GITHUB_BASE_REF) is not in the clone.
var ErrBaseBranchMissing = errors.New("the pull request's base branch is not in the clone")

func (r *Repo) defaultBranch() (string, error) {
	if ref := os.Getenv("GITHUB_BASE_REF"); ref != "" {
		c := "origin/" + ref
		if err := ValidateRevision(c); err != nil {
			return "", fmt.Errorf("GITHUB_BASE_REF: %w (%w)", err, ErrBaseBranchMissing)
		}
		if _, err := r.git("rev-parse", "--verify", "--quiet", "--end-of-options", c+"^{commit}"); err == nil {
			return c, nil
		}
		if r.IsShallow() {
			return "", fmt.Errorf("GITHUB_BASE_REF names the branch %q, but %s is %w; %s, or give --base REV", ref, c, ErrShallow, shallowHint)
		}
		return "", fmt.Errorf("GITHUB_BASE_REF names the branch %q, but %s is not in the clone (%w): fetch it with `git fetch origin %s:refs/remotes/%s` (in GitHub Actions set `fetch-depth: 0` on actions/checkout), or give --base REV",
			ref, c, ErrBaseBranchMissing, ref, c)
	}
	var candidates []string
	if out, err := r.git("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"); err == nil {
		candidates = append(candidates, strings.TrimPrefix(strings.TrimSpace(out), "refs/remotes/"))
	}
	candidates = append(candidates, "origin/main", "origin/master", "main", "master")
	for _, c := range candidates {
		if ValidateRevision(c) != nil {
			continue
		}
		if _, err := r.git("rev-parse", "--verify", "--quiet", "--end-of-options", c+"^{commit}"); err == nil {
			return c, nil
		}
	}
	if r.IsShallow() {
		return "", fmt.Errorf("cannot find the default branch to compare with: the repository is a shallow clone (%w); %s, or give --base REV", ErrShallow, shallowHint)
	}
	return "", fmt.Errorf("cannot find the default branch to compare with (tried %s): give the base with --base REV or base: in schemacheck.yaml", strings.Join(candidates, ", "))
}

// Tag is a tag and the commit it points at.
type Tag struct {
	Name   string
	Commit string
}

// Tags returns the tags matching a glob pattern (as in `git tag --list`,
// e.g. "v*"), in version order (v1.9 before v1.10).
func (r *Repo) Tags(pattern string) ([]Tag, error) {
	if strings.HasPrefix(pattern, "-") || strings.ContainsAny(pattern, "\x00\n") {
		return nil, fmt.Errorf("tag pattern %q: must not start with '-' or hold control characters", pattern)
	}
	out, err := r.git("for-each-ref", "--sort=version:refname",
		"--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)", "refs/tags/"+pattern)
	if err != nil {
		return nil, fmt.Errorf("listing tags %q: %w", pattern, err)
	}
	var tags []Tag
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "\x00")
		if len(f) != 3 {
			continue
		}
		commit := f[1]
		if f[2] != "" { // an annotated tag: the commit it peels to
			commit = f[2]
		}
		tags = append(tags, Tag{Name: f[0], Commit: commit})
	}
	return tags, nil
}
