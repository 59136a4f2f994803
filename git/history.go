package git

import (
	"fmt"
	"strings"
)

// Introduced returns the last commit reachable from commit that added
// path under that name (renames count as an addition), or "" when no
// commit did (the history is shallow or rewritten).
func (r *Repo) Introduced(commit, path string) (string, error) {
	if err := ValidateRevision(commit); err != nil {
		return "", err
	}
	out, err := r.git("log", "-1", "--no-renames", "--diff-filter=A", "--format=%H", "--end-of-options", commit, "--", ":(literal)"+path)
	if err != nil {
		return "", fmt.Errorf("finding the commit that added %s: %w", path, err)
	}
	return strings.TrimSpace(out), nil
}

// TagContaining returns the first tag (in version order) matching a glob
// pattern whose commit contains commit, or "" when none does.
func (r *Repo) TagContaining(commit, pattern string) (string, error) {
	if err := ValidateRevision(commit); err != nil {
		return "", err
	}
	if strings.HasPrefix(pattern, "-") || strings.ContainsAny(pattern, "\x00\n") {
		return "", fmt.Errorf("tag pattern %q: must not start with '-' or hold control characters", pattern)
	}
	out, err := r.git("for-each-ref", "--sort=version:refname", "--count=1", "--format=%(refname:strip=2)",
		"--contains="+commit, "refs/tags/"+pattern)
	if err != nil {
		return "", fmt.Errorf("listing tags %q that contain %s: %w", pattern, commit, err)
	}
	return strings.TrimSpace(out), nil
}

// IsAncestor reports whether commit a is an ancestor of (or is) commit b.
func (r *Repo) IsAncestor(a, b string) (bool, error) {
	if err := ValidateRevision(a); err != nil {
		return false, err
	}
	if err := ValidateRevision(b); err != nil {
		return false, err
	}
	_, err := r.git("merge-base", "--is-ancestor", "--end-of-options", a, b)
	if err == nil {
		return true, nil
	}
	if strings.Contains(err.Error(), "exit status 1") {
		return false, nil
	}
	return false, err
}
