package git

import (
	"fmt"
	"strings"
)

// Introduced returns the last commit reachable from commit that added
// path, following it through renames (authelia's V0002.Webauthn.postgres.up.sql
// shipped in v4.34 and became V0002.WebAuthn.postgres.up.sql a year later:
// the same migration, which every database had applied), or "" when no
// commit did (the history is shallow or rewritten). When git cannot follow
// the renames (an object it needs is missing), the commit that added path
// under that name.
func (r *Repo) Introduced(commit, path string) (string, error) {
	if err := ValidateRevision(commit); err != nil {
		return "", err
	}
	out, err := r.git("log", "-1", "--follow", "--diff-filter=A", "--format=%H", "--end-of-options", commit, "--", ":(literal)"+path)
	if err != nil {
		out, err = r.git("log", "-1", "--no-renames", "--diff-filter=A", "--format=%H", "--end-of-options", commit, "--", ":(literal)"+path)
	}
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

// MovedInto returns the files under dir (a repository path) that git's
// rename detection finds moved there since base from a path outside dir:
// each new path and the path it had at base. The new side is the working
// tree, or the index when staged (tracked files only: an untracked file
// is new). A change with more files than git's rename limit
// (diff.renameLimit) finds none, as git diff itself does.
func (r *Repo) MovedInto(base, dir string, staged bool) (map[string]string, error) {
	if err := ValidateRevision(base); err != nil {
		return nil, err
	}
	args := []string{"diff", "--no-ext-diff", "--no-textconv", "-M", "--name-status", "-z", "--diff-filter=R"}
	if staged {
		args = append(args, "--cached")
	}
	out, err := r.git(append(args, "--end-of-options", base, "--")...)
	if err != nil {
		return nil, fmt.Errorf("finding files moved into %s since %s: %w", dir, base, err)
	}
	prefix := strings.TrimSuffix(dir, "/") + "/"
	if dir == "" || dir == "." {
		prefix = ""
	}
	moved := map[string]string{}
	fields := strings.Split(out, "\x00")
	for i := 0; i+2 < len(fields); i += 3 {
		status, from, to := fields[i], fields[i+1], fields[i+2]
		if !strings.HasPrefix(status, "R") {
			break // not the format asked for: trust none of it
		}
		if strings.HasPrefix(to, prefix) && !strings.HasPrefix(from, prefix) {
			moved[to] = from
		}
	}
	return moved, nil
}
