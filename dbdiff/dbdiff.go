// Package dbdiff compares two versions of one migration directory, the base
// (what is merged and deployed) and the head (the change under review), and
// reports what the change does to databases that already run the base:
//
//   - which migration files it adds, edits, deletes or moves; editing or
//     deleting a merged migration rewrites history (SC-DB501, SC-DB502);
//   - the added migrations, linted together with the knowledge of what is
//     new in the change (lint.ScopeChange);
//   - what the added migrations remove, rename or change in the schema the
//     base builds, each located at the statement that does it (SC-DB510–512),
//     except where a lint rule already reports the same object there;
//   - whether each added migration's down script restores the schema
//     (SC-DB520, SC-DB521, per the database's down policy).
//
// The schema after the change is the base's schema with the added
// migrations applied: that is what a deployed database gets, since the
// migration tool never re-runs an edited migration.
package dbdiff

import (
	"bytes"
	"slices"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
)

// DownPolicy says how a missing or lossy down script is reported.
type DownPolicy string

const (
	DownRequire DownPolicy = "require" // an error
	DownWarn    DownPolicy = "warn"    // a warning (the default)
	DownIgnore  DownPolicy = "ignore"  // not reported
)

// Input is the two versions of one migration directory. File paths must be
// comparable: the same file has the same Path in Base and Head.
type Input struct {
	Base *migration.Set // nil when the directory does not exist at the base
	Head *migration.Set
	// PGVersion is the PostgreSQL major version lint rules target; 0 means 16.
	PGVersion  int
	DownPolicy DownPolicy // "" means warn
	// Session is what the migration tool's connection sets before each
	// migration (lint.Input.Session).
	Session map[string]string
	// Released says in which release a migration file of Base (by its
	// Path) shipped; ok is false when none holds it. Editing or deleting a
	// released migration is an error, one merged but never released a
	// warning. nil: releases are unknown, and every rewrite is an error.
	Released func(path string) (release string, ok bool)
	// OldName names a file of Base in a related location, e.g.
	// "db/0003.sql@main"; nil: its path.
	OldName func(path string) string
	// Replays, when not nil, shares the base's replay and the head's (the
	// base's migrations with the added ones, when that is what the head
	// holds) with the run's other checks.
	Replays *catalog.Replays
}

// Result is what Compare found.
type Result struct {
	Findings []finding.Finding
	// Files lists every migration file the change touches, in path order.
	Files []FileChange
	// Linted are the up scripts the change adds, linted as one change. Their
	// schemacheck:ignore comments are not applied yet: the caller applies
	// them (lint.Suppress) once it has every finding of the run.
	Linted []*migration.File
}

// FileKind says what the change did to a migration file.
type FileKind string

const (
	FileAdded   FileKind = "added"
	FileEdited  FileKind = "edited"
	FileDeleted FileKind = "deleted"
	// FileMoved: the same content under another path. Not a history rewrite.
	FileMoved FileKind = "moved"
	// FileReplaced: another file now runs a migration the base has (same
	// version): renamed (popx adding .postgres. or .autocommit.), or a
	// dialect override added beside the generic file. Databases that
	// applied the migration do not run it again; when the statements
	// differ, that is an edit of a merged migration.
	FileReplaced FileKind = "replaced"
)

// FileChange is one migration file the change touches.
type FileChange struct {
	Kind    FileKind
	Path    string // the path in Head (in Base for deleted files)
	OldPath string // for moved and replaced files: the path in Base
	// Edited: a replaced file runs other statements than OldPath did.
	Edited bool
}

// Compare compares in.Base with in.Head.
func Compare(in Input) *Result {
	base := in.Base
	if base == nil {
		base = &migration.Set{}
	}
	res := &Result{}
	baseFiles, headFiles := filesOf(base), filesOf(in.Head)
	res.Files = byVersion(classify(baseFiles, headFiles), base, in.Head)
	kind := map[string]FileKind{}
	for _, fc := range res.Files {
		kind[fc.Path] = fc.Kind
	}
	// Traced when the run shares replays: its cross-layer checks read the
	// base's history.
	baseUps := catalog.UpFiles(base)
	baseRep := &catalog.Replayed{}
	if in.Replays != nil {
		baseRep = in.Replays.Replay(baseUps)
	} else {
		baseRep.Catalog = catalog.Replay(nil, baseUps, nil)
	}
	baseCat := baseRep.Catalog
	h := &history{in: in, base: baseFiles, head: headFiles, ups: upPaths(base), repeatable: repeatables(base)}
	squashed := h.squash(res.Files, baseCat)
	res.Findings = append(res.Findings, h.findings(res.Files, squashed)...)
	res.Findings = append(res.Findings, newSetFindings(base, in.Head)...)

	var added []*migration.Migration
	for _, m := range in.Head.Migrations {
		if m.Up != nil && squashed == nil && (kind[m.Up.Path] == FileAdded || kind[m.Up.Path] == FileEdited && h.repeatable[m.Up.Path]) {
			added = append(added, m)
		}
		if m.Down != nil && (kind[m.Down.Path] == FileAdded || kind[m.Down.Path] == FileEdited) && (m.Up == nil || m.Up.Path != m.Down.Path) {
			res.Findings = append(res.Findings, m.Down.Findings...)
		}
	}
	var ups []*migration.File
	for _, m := range added {
		ups = append(ups, m.Up)
	}
	// One replay of the added migrations: lint's, traced, serves the
	// schema findings and the down scripts' checks too.
	l := lint.New(lint.Input{Base: baseCat, Scope: lint.ScopeChange, PGVersion: in.PGVersion, Trace: true, Session: in.Session})
	var linted []finding.Finding
	for _, f := range ups {
		linted = append(linted, l.File(f)...)
	}
	linted = stillThere(linted, ups, l.Trace())
	res.Findings = append(res.Findings, oncePerChange(ups, linted)...)
	res.Linted = ups
	res.Findings = append(res.Findings, schemaFindings(baseCat, l.Catalog(), l.Trace(), ups, lint.Unsuppressed(ups, linted))...)
	res.Findings = append(res.Findings, downFindings(baseCat, added, in.Head, in.DownPolicy, l.Trace())...)
	if len(ups) > 0 {
		// What the base's up scripts and the added ones build, in that
		// order: the head's migrations, unless the change edits or
		// reorders what the base holds (then they are other files).
		in.Replays.Put(append(slices.Clip(baseUps), ups...), &catalog.Replayed{
			Catalog: l.Catalog(),
			Steps:   append(slices.Clip(baseRep.Steps), l.Trace().Steps()...),
		})
	}
	return res
}

// filesOf maps each script's path to its file. A goose or dbmate file holds
// both directions; either half carries the whole file's Source.
func filesOf(set *migration.Set) map[string]*migration.File {
	out := map[string]*migration.File{}
	for _, m := range set.Migrations {
		for _, f := range []*migration.File{m.Up, m.Down} {
			if f != nil {
				if _, ok := out[f.Path]; !ok {
					out[f.Path] = f
				}
			}
		}
	}
	return out
}

// upPaths are the paths of set's up scripts.
func upPaths(set *migration.Set) map[string]bool {
	out := map[string]bool{}
	for _, m := range set.Migrations {
		if m.Up != nil {
			out[m.Up.Path] = true
		}
	}
	return out
}

// classify compares the files by path and content. A file that disappears
// from one path while a file with the same content appears at another was
// moved (renamed), which changes nothing a database has applied.
func classify(base, head map[string]*migration.File) []FileChange {
	var out []FileChange
	gone := map[string][]string{} // content → deleted paths
	for p, f := range base {
		if head[p] == nil {
			gone[string(f.Source)] = append(gone[string(f.Source)], p)
		}
	}
	for _, paths := range gone {
		slices.Sort(paths)
	}
	var addedPaths []string
	for p := range head {
		if base[p] == nil {
			addedPaths = append(addedPaths, p)
		}
	}
	slices.Sort(addedPaths)
	for _, p := range addedPaths {
		src := string(head[p].Source)
		if olds := gone[src]; len(olds) > 0 {
			out = append(out, FileChange{Kind: FileMoved, Path: p, OldPath: olds[0]})
			gone[src] = olds[1:]
			continue
		}
		out = append(out, FileChange{Kind: FileAdded, Path: p})
	}
	for p, f := range head {
		if b := base[p]; b != nil && !bytes.Equal(b.Source, f.Source) {
			out = append(out, FileChange{Kind: FileEdited, Path: p})
		}
	}
	for _, paths := range gone {
		for _, p := range paths {
			out = append(out, FileChange{Kind: FileDeleted, Path: p})
		}
	}
	slices.SortFunc(out, func(a, b FileChange) int {
		if a.Path != b.Path {
			if a.Path < b.Path {
				return -1
			}
			return 1
		}
		return 0
	})
	return out
}

// newSetFindings are the directory findings of Head (duplicate versions,
// unreadable files, atlas.sum) that Base did not already have.
func newSetFindings(base, head *migration.Set) []finding.Finding {
	type key struct{ rule, file, msg string }
	old := map[key]bool{}
	for _, f := range base.Findings {
		old[key{f.RuleID, f.Location.File, f.Message}] = true
	}
	var out []finding.Finding
	for _, f := range head.Findings {
		if !old[key{f.RuleID, f.Location.File, f.Message}] {
			out = append(out, f)
		}
	}
	return out
}
