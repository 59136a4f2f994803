package schemacheck

import (
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/contracts/kinds"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/git"
	"github.com/schemacheck/schemacheck/matrix"
)

// MatrixOptions configure Matrix.
type MatrixOptions struct {
	// Workers bounds the diffs run at once; 0 means GOMAXPROCS.
	Workers int
	// CurrentOnly makes only the cells against this change findings; the
	// grid still has every cell.
	CurrentOnly bool
	// Base is the git revision the change is compared with, as for check:
	// a cell already broken there is shown as such and fails nothing. Empty:
	// base: from schemacheck.yaml, else the merge-base with the remote
	// default branch; without one, every breaking cell counts.
	Base string
}

// MatrixResult is the grid per contract that has clients, and the findings
// of its cells as a Result: those of supported client versions only (an
// unsupported version is shown but fails nothing), each message naming
// its cell.
type MatrixResult struct {
	Matrices []*matrix.Matrix
	*Result
}

// Matrix builds the compatibility matrix of every contract in
// schemacheck.yaml that clients use: rows are the client versions, each
// with the contract it was built against (a git ref or a file); columns are
// the server versions: the contract at every git tag matching servers.tags,
// each file of servers.paths, and this change (the working tree). A cell is
// the client's contract compared with the server's, as the client's reader
// tolerance allows. Columns older than a client's own contract are the
// rollback direction (new client, old server); newer ones the upgrade
// direction (old client, new server).
func (p *Project) Matrix(opts MatrixOptions) (*MatrixResult, error) {
	if p.configFile == "" {
		return nil, fmt.Errorf("no schemacheck.yaml found from the current directory up: the matrix needs its contracts:, clients: and servers: (run 'schemacheck init' or pass --config)")
	}
	res := &Result{}
	base, err := p.resolveBase(opts.Base)
	if err != nil {
		return nil, err
	}
	if base != nil {
		defer base.repo.Close()
		res.Notes = append(res.Notes, base.notes()...)
	}
	ms, err := p.matrices(res, opts, base)
	if err != nil {
		return nil, err
	}
	return &MatrixResult{Matrices: ms, Result: p.finish(res)}, nil
}

// matrices computes the matrix of each contract with clients, adding the
// findings of supported client versions' cells to res (check calls this).
// With a base, the same matrix is computed as the project is at the base,
// and each cell is judged by what the change does to it (matrix.Judge).
func (p *Project) matrices(res *Result, opts MatrixOptions, base *baseRevision) ([]*matrix.Matrix, error) {
	ld := &versionLoader{p: p, res: res, docCache: &docCache{byHash: map[[32]byte]int{}, diffs: map[diffKey][]finding.Finding{}, revisions: map[string]bool{}}}
	defer ld.close()
	var out []*matrix.Matrix
	used := 0
	for _, c := range p.cfg.Contracts {
		if p.hasClients(c) {
			used++
		}
	}
	for i, c := range p.cfg.Contracts {
		if !p.hasClients(c) {
			continue
		}
		m, err := ld.matrix(i, c, used == 1, opts)
		if err != nil {
			return nil, err
		}
		if base != nil {
			// The base shares the loader's documents and diffs: the cells of
			// released versions are the same documents, compared once.
			bl := &versionLoader{p: p.atRevision(base), res: &Result{}, docCache: ld.docCache}
			bm, err := bl.matrix(i, c, used == 1, opts)
			if err != nil {
				res.Notes = append(res.Notes, fmt.Sprintf("matrix %s: could not be built at %s, so every breaking cell counts: %v", contractName(c), base.name, err))
			} else {
				m.Judge(bm)
			}
		}
		res.Findings = foldCells(res.Findings, m, ld.cellLocations(c), opts.CurrentOnly)
		out = append(out, m)
	}
	if len(out) == 0 {
		res.Notes = append(res.Notes, "no client uses a configured contract: add clients: with the contract they read to get a matrix")
	}
	return out, nil
}

// fileRef matches a $ref to another file (not "#/…"), in JSON or YAML.
var fileRef = regexp.MustCompile(`\$ref["']?\s*:\s*["']?[^#"'\s]`)

func contractName(c config.Contract) string { return cmp.Or(c.Name, c.Path) }

func (p *Project) hasClients(c config.Contract) bool {
	for _, cl := range p.cfg.Clients {
		if cl.Contract == contractName(c) {
			return true
		}
	}
	return false
}

// versionLoader reads contract versions and parses each distinct content
// once: the same bytes at a tag, a client pin and the working tree are one
// document.
type versionLoader struct {
	p   *Project
	res *Result
	*docCache
}

// docCache holds the contract versions a run has read and the diffs it
// has made, shared by a change's matrix and its base's.
type docCache struct {
	repo   *git.Repo
	byHash map[[32]byte]int
	docs   []loadedDoc
	mu     sync.Mutex
	diffs  map[diffKey][]finding.Finding
	// revisions are the names of the versions read at a git revision
	// ("api/openapi.yaml@v1.0.0"), which are not files of the head tree.
	revisions map[string]bool
}

type diffKey struct {
	client, server int
	tol            matrix.Tolerance
	opts           optionsKey
}

// optionsKey is what a cell's diff options hold besides the tolerance: the
// contract's settings, which two contracts sharing a document may differ in.
type optionsKey struct {
	mode          string
	strictContent bool
	grace         time.Duration
	stable, beta  int
}

type loadedDoc struct {
	doc     document
	handler contracts.Handler
	load    contracts.LoadOptions // contracts[].external_refs and ref_map
	where   string                // the config entry that first named it, for parse errors
	// Set by parse:
	contract contracts.Contract
	err      error
}

func (ld *versionLoader) close() {
	if ld.repo != nil {
		ld.repo.Close()
	}
}

// add registers a contract version and returns the number of its content;
// the same bytes read from a tag, a client pin and the working tree are one
// document, parsed once by parse. A document whose $refs reach other files
// is the same only at the same revision and path: those files may differ.
func (ld *versionLoader) add(doc document, c config.Contract, kind contracts.Kind, where string) int {
	key := string(kind) + "\x00"
	if fileRef.Match(doc.Source) {
		key += doc.Display + "\x00" + doc.Rev + "\x00"
	}
	h := sha256.Sum256(append([]byte(key), doc.Source...))
	if n, ok := ld.byHash[h]; ok {
		// The contract in the working tree has the bytes of a tag: its
		// findings name the working-tree file, which GitHub can show.
		head := doc.Rev == "" && doc.Display == ld.p.display(ld.p.abs(c.Path))
		if d := &ld.docs[n]; head && d.contract == nil && ld.revisions[d.doc.Display] {
			d.doc = doc
		}
		return n
	}
	handler, _ := kinds.For(kind) // matrix checked the kind
	ld.docs = append(ld.docs, loadedDoc{doc: doc, handler: handler, load: ld.p.loadOptions(c), where: where})
	ld.byHash[h] = len(ld.docs) - 1
	return len(ld.docs) - 1
}

// parse parses the documents added since the last call, in parallel: a
// Stripe-size document takes a noticeable fraction of a second.
func (ld *versionLoader) parse(from, workers int) error {
	todo := ld.docs[from:]
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i := range todo {
		d := &todo[i]
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			d.contract, d.err = d.handler.Load(d.doc, d.load)
		}()
	}
	wg.Wait()
	for i := range todo {
		d := &todo[i]
		if d.err != nil {
			return fmt.Errorf("%s: %w", d.where, d.err)
		}
		ld.res.addSource(d.doc.Display, d.doc.Source)
	}
	return nil
}

// atRevision reads the contract at abs (a working-tree path) at a git
// revision, opening the repository on first use.
func (ld *versionLoader) atRevision(rev, abs string) (document, error) {
	if err := git.ValidateRevision(rev); err != nil {
		return document{}, err
	}
	if _, err := ld.openRepo(); err != nil {
		return document{}, fmt.Errorf("revision %s: %w", rev, err)
	}
	doc, ok, err := documentAt(ld.repo, rev, abs)
	if err != nil {
		return document{}, err
	}
	ld.mu.Lock()
	ld.revisions[doc.Display] = true
	ld.mu.Unlock()
	if !ok {
		rel, _ := repoPath(ld.repo.Root(), abs)
		return document{}, fmt.Errorf("%s does not exist at %s (if the contract lived elsewhere then, pin the version with path: instead): %w", rel, rev, fs.ErrNotExist)
	}
	return doc, nil
}

func (ld *versionLoader) matrix(i int, c config.Contract, ownsServerPaths bool, opts MatrixOptions) (*matrix.Matrix, error) {
	p := ld.p
	name := contractName(c)
	where := fmt.Sprintf("%s: contracts[%d] (%s)", p.configFile, i, name)
	abs := p.abs(c.Path)
	head, err := p.readContract(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	kind, err := contracts.Sniff(head.Source)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", where, head.Display, err)
	}
	if c.Kind == "jsonschema" {
		kind = contracts.JSONSchema
	}
	if _, ok := kinds.For(kind); !ok {
		return nil, fmt.Errorf("%s: %s is %s, which the matrix cannot compare", where, head.Display, describeKind(kind))
	}
	// Each cell is a diff with the contract's settings (mode, strict_content,
	// deprecation_grace) and the client's reader tolerance.
	base, err := ld.p.contractOptions(c, false, DiffOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	if kind == contracts.JSONSchema {
		mode, err := jsonschema.ModeOf(c.Mode, "")
		if err != nil {
			return nil, fmt.Errorf("%s: mode: %w", where, err)
		}
		base.Mode = strings.TrimSuffix(string(mode), "_transitive") // a cell compares two versions
	}
	first := len(ld.docs)
	load := func(doc document, where string) int { return ld.add(doc, c, kind, where) }
	cols, err := ld.columns(c, abs, ownsServerPaths, load)
	if err != nil {
		return nil, err
	}
	cols = append(cols, matrix.Column{Version: "this change", Pin: "working tree", Current: true, Doc: load(head, where)})
	rows, err := ld.rows(name, abs, cols[len(cols)-1].Doc, load)
	if err != nil {
		return nil, err
	}
	if err := ld.parse(first, opts.Workers); err != nil {
		return nil, err
	}
	diff := func(client, server int, tol matrix.Tolerance) []finding.Finding {
		k := diffKey{client, server, tol, optionsKey{base.Mode, base.StrictContent, base.DeprecationGrace, base.SunsetNoticeStable, base.SunsetNoticeBeta}}
		ld.mu.Lock()
		fs, ok := ld.diffs[k]
		ld.mu.Unlock()
		if !ok {
			fs = ld.diff(client, server, tol, base, kind)
			ld.mu.Lock()
			ld.diffs[k] = fs
			ld.mu.Unlock()
		}
		return fs
	}
	return matrix.Compute(name, rows, cols, diff, opts.Workers), nil
}

// foldCells adds the findings of the cells of supported released client
// versions to fs, one per change: a change that breaks several cells is one
// finding at its first location, whose details list the cells, and a change
// fs already reports (check's diff against the base) gets the cells as a
// detail instead of a second finding. With currentOnly, only cells against
// this change count (check: the change is what a pull request can fix;
// older cells are history the matrix shows).
//
// A judged cell (matrix.Judge) contributes only what the change brings: a
// cell already broken at the base is one information finding at its client
// version, with its findings as details; a cell the change fixes is said
// so; in the others, findings the base's cell has too are left out.
func foldCells(fs []finding.Finding, m *matrix.Matrix, at cellPlaces, currentOnly bool) []finding.Finding {
	type group struct {
		f     finding.Finding
		cells []string
	}
	var order []string
	groups := map[string]*group{}
	for ri, r := range m.Rows {
		if !r.Gates() {
			continue
		}
		for ci, cell := range m.Cells[ri] {
			col := m.Columns[ci]
			if currentOnly && !col.Current {
				continue
			}
			name := fmt.Sprintf("%s %s × server %s (%s)", r.Client, r.Version, col.Version, cell.Direction)
			switch cell.Change {
			case matrix.AlreadyBroken:
				fs = append(fs, cellFinding(matrix.RuleBrokenAtBase, at.row(r), cell,
					"%s is already broken at the base of this change (%d findings there); the change does not make it worse", name, len(cell.AtBase)))
				continue
			case matrix.Fixed:
				fs = append(fs, cellFinding(matrix.RuleFixed, at.row(r), cell,
					"%s was breaking at the base of this change and is %s now", name, cell.Status))
			}
			for _, f := range cell.New() {
				key := f.RuleID + "\x00" + f.Message
				g, ok := groups[key]
				if !ok {
					g = &group{f: at.relocate(f, r)}
					groups[key] = g
					order = append(order, key)
				}
				g.cells = append(g.cells, name)
			}
		}
	}
	known := map[string]int{}
	for i, f := range fs {
		known[f.RuleID+"\x00"+f.Message] = i
	}
	for _, key := range order {
		g := groups[key]
		if i, ok := known[key]; ok {
			fs[i].Details = append(slices.Clip(fs[i].Details), "breaks: "+strings.Join(g.cells, "; "))
			continue
		}
		f := g.f
		who := g.cells[0]
		if len(g.cells) > 1 {
			who = fmt.Sprintf("%d client-version × server cells of %s", len(g.cells), m.Contract)
		}
		f.Message = fmt.Sprintf("%s: %s", who, f.Message)
		f.Details = append(slices.Clip(f.Details), "breaks: "+strings.Join(g.cells, "; "))
		f.Fingerprint = ""
		fs = append(fs, f)
	}
	return fs
}

// cellDetailLimit bounds the findings a cell's information finding lists:
// the matrix (text, JSON, HTML) lists every one.
const cellDetailLimit = 10

// cellFinding is a matrix rule's finding about a whole cell, with the
// cell's findings as details.
func cellFinding(r finding.Rule, at finding.Location, cell matrix.Cell, format string, args ...any) finding.Finding {
	f := r.New(at, format, args...)
	for i, cf := range cell.Findings {
		if i == cellDetailLimit {
			f.Details = append(f.Details, fmt.Sprintf("and %d more (schemacheck matrix lists every one)", len(cell.Findings)-i))
			break
		}
		f.Details = append(f.Details, fmt.Sprintf("%s %s: %s", cf.Severity, cf.RuleID, cf.Message))
	}
	f.Key = fmt.Sprint(args[0])
	return f
}

// cellPlaces says where a contract's cell findings go in the head tree.
type cellPlaces struct {
	config string                      // schemacheck.yaml, as findings name it
	rows   map[string]finding.Location // client version (row label) → its entry in schemacheck.yaml
	// inHead says whether a file name is a file of the working tree (not
	// a contract version read at a git revision).
	inHead func(file string) bool
}

// cellLocations is where the findings of contract c's cells go.
func (ld *versionLoader) cellLocations(c config.Contract) cellPlaces {
	p := ld.p
	at := cellPlaces{config: p.display(p.configFile), rows: map[string]finding.Location{}, inHead: func(file string) bool {
		ld.mu.Lock()
		defer ld.mu.Unlock()
		return !ld.revisions[file]
	}}
	for _, cl := range p.cfg.Clients {
		if cl.Contract != contractName(c) {
			continue
		}
		for _, v := range cl.Versions {
			at.rows[matrix.Row{Client: cl.Name, Version: v.Version}.Label()] = finding.Location{File: at.config, Line: v.Line, Column: v.Column}
		}
	}
	return at
}

// row is the line in schemacheck.yaml of the client version r.
func (at cellPlaces) row(r matrix.Row) finding.Location {
	if loc, ok := at.rows[r.Label()]; ok {
		return loc
	}
	return finding.Location{File: at.config}
}

// relocate moves a cell finding located in a contract version read at a
// git revision (a tag, a client's ref) to a line of the head tree, keeping
// the old place as a related location: to its related place in the head
// tree when it has one (the contract engine relates the other side's
// place: a client version that is this change), else to the client
// version's entry in schemacheck.yaml.
func (at cellPlaces) relocate(f finding.Finding, r matrix.Row) finding.Finding {
	if f.Location.File == "" || at.inHead(f.Location.File) {
		return f
	}
	if g, ok := headward(f, at.inHead); ok {
		return g
	}
	f.Related = append([]finding.Location{f.Location}, f.Related...)
	f.Location = at.row(r)
	return f
}

// headward moves a finding located in a contract version read at a git
// revision to its first related location in the head tree, keeping the
// old place as a related location; ok is false when it has none.
func headward(f finding.Finding, inHead func(file string) bool) (_ finding.Finding, ok bool) {
	for i, loc := range f.Related {
		if loc.File != "" && loc.Line > 0 && inHead(loc.File) {
			related := append([]finding.Location{f.Location}, f.Related[:i]...)
			f.Related = append(related, f.Related[i+1:]...)
			f.Location = loc
			return f, true
		}
	}
	return f, false
}

// columns are the released server versions of contract c, oldest first:
// the tags in version order, then the files of servers.paths.
func (ld *versionLoader) columns(c config.Contract, abs string, ownsServerPaths bool, load func(document, string) int) ([]matrix.Column, error) {
	p := ld.p
	name := contractName(c)
	var cols []matrix.Column
	if pattern := p.cfg.Servers.Tags; pattern != "" {
		if _, err := ld.openRepo(); err != nil {
			return nil, fmt.Errorf("%s: servers.tags %q: %w", p.configFile, pattern, err)
		}
		tags, err := ld.repo.Tags(pattern)
		if err != nil {
			return nil, fmt.Errorf("%s: servers.tags: %w", p.configFile, err)
		}
		for _, t := range tags {
			doc, err := ld.atRevision(t.Name, abs)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: servers.tags: tag %s: %w", p.configFile, t.Name, err)
			}
			if err != nil {
				// A release before the contract existed serves no version of it.
				ld.res.Notes = append(ld.res.Notes, fmt.Sprintf("matrix %s: tag %s has no %s; column left out", name, t.Name, c.Path))
				continue
			}
			n := load(doc, fmt.Sprintf("%s: servers.tags: tag %s", p.configFile, t.Name))
			cols = append(cols, matrix.Column{Version: t.Name, Pin: "tag " + t.Name, Doc: n})
		}
	}
	if ownsServerPaths {
		for si, s := range p.cfg.Servers.Paths {
			swhere := fmt.Sprintf("%s: servers.paths[%d] (%s)", p.configFile, si, s.Version)
			doc, err := p.readContract(p.abs(s.Path))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", swhere, err)
			}
			cols = append(cols, matrix.Column{Version: s.Version, Pin: "path " + s.Path, Doc: load(doc, swhere)})
		}
	} else if len(p.cfg.Servers.Paths) > 0 {
		ld.res.Notes = append(ld.res.Notes, fmt.Sprintf("matrix %s: servers.paths are left out: several contracts have clients and a server path names one file", name))
	}
	return cols, nil
}

// rows are the versions of every client of the contract, each followed by
// the client's next release, built against this change (document current).
func (ld *versionLoader) rows(name, abs string, current int, load func(document, string) int) ([]matrix.Row, error) {
	p := ld.p
	var rows []matrix.Row
	for ci, client := range p.cfg.Clients {
		if client.Contract != name {
			continue
		}
		for vi, v := range client.Versions {
			vwhere := fmt.Sprintf("%s: clients[%d].versions[%d] (%s %s)", p.configFile, ci, vi, client.Name, v.Version)
			var doc document
			var pin string
			var err error
			if v.Path != "" {
				pin = "path " + v.Path
				doc, err = p.readContract(p.abs(v.Path))
			} else {
				pin = "ref " + v.Ref
				doc, err = ld.atRevision(v.Ref, abs)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", vwhere, err)
			}
			n := load(doc, vwhere)
			rows = append(rows, matrix.Row{Client: client.Name, Platform: client.Platform, Version: v.Version, Pin: pin,
				Supported: v.IsSupported(), Doc: n, Tolerance: tolerance(client.Tolerance)})
		}
		// The client's next release, built against this change, against
		// the servers in the field: a staged rollout that ships it first.
		// It fails nothing, so the base's matrix, which only judges what
		// fails, leaves it out (its diffs would be the base's alone).
		if p.at != nil {
			continue
		}
		rows = append(rows, matrix.Row{Client: client.Name, Platform: client.Platform, Version: "next", Pin: "working tree",
			Supported: true, Next: true, Doc: current, Tolerance: tolerance(client.Tolerance)})
	}
	return rows, nil
}

func tolerance(t config.Tolerance) matrix.Tolerance {
	return matrix.Tolerance{UnknownProperties: t.IgnoresUnknownProperties(), UnknownEnumValues: t.ToleratesUnknownEnumValues()}
}

// openRepo opens the git repository once, for tags and client refs.
func (ld *versionLoader) openRepo() (*git.Repo, error) {
	if ld.repo == nil {
		repo, err := git.Open(ld.p.root)
		if err != nil {
			return nil, fmt.Errorf("reading contract versions from git needs the repository: %w", err)
		}
		ld.repo = repo
	}
	return ld.repo, nil
}

// diff compares the contract a client was built against with a server's:
// the client's contract is the old side of a backward diff (requests it
// sends must be accepted, responses it reads must parse), whichever is
// older in time. For JSON Schema the client reads what the server writes:
// the client's schema must read data valid under the server's.
func (ld *versionLoader) diff(client, server int, tol matrix.Tolerance, o contracts.DiffOptions, kind contracts.Kind) []finding.Finding {
	c, s := ld.docs[client], ld.docs[server]
	o.UnknownEnumValues, o.RejectUnknownProperties = tol.UnknownEnumValues, !tol.UnknownProperties
	old, new := c.contract, s.contract
	if kind == contracts.JSONSchema {
		// The client reads what the server writes (in forward or full
		// mode also the reverse): the server's schema is the old side.
		old, new = s.contract, c.contract
	} else {
		o.Direction = "backward"
	}
	fs, err := c.handler.Diff(old, new, o)
	if err != nil {
		// The mode was checked when the matrix was set up; a handler
		// error here is a contract it cannot compare, shown in the cell.
		return []finding.Finding{jsonschema.RuleIncomplete().New(finding.Location{File: s.doc.Display}, "%v", err)}
	}
	// A finding is at the new side's place, its old place related; when
	// only the old side is this change (an unreleased client against a
	// release), the place in the head tree is the one to show.
	ld.mu.Lock()
	inHead := map[string]bool{c.doc.Display: !ld.revisions[c.doc.Display], s.doc.Display: !ld.revisions[s.doc.Display]}
	ld.mu.Unlock()
	for i, f := range fs {
		if !inHead[f.Location.File] {
			fs[i], _ = headward(f, func(file string) bool { return inHead[file] })
		}
	}
	return fs
}
