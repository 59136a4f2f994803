package schemacheck

import (
	"cmp"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/contracts/kinds"
	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/crosslayer"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/git"
)

// CrossLayer compares every OpenAPI contract in schemacheck.yaml with the
// tables its database's migrations build: the contract in the working tree
// ("this change") and the contract each supported client version was built
// against (pinned by a git revision or a file). It reports columns dropped
// or renamed while a supported version still exposes them, and type,
// length, nullability and enum mismatches between properties and columns.
// JSON Schema and Swagger 2.0 contracts have no operations and are skipped.
func (p *Project) CrossLayer() (*Result, error) {
	if p.configFile == "" {
		return nil, fmt.Errorf("no schemacheck.yaml found from the current directory up: cross-layer checks need its contracts: and databases: (run 'schemacheck init' or pass --config)")
	}
	res := &Result{}
	if err := p.crossLayer(res); err != nil {
		return nil, err
	}
	return p.finish(res), nil
}

// crossLayer adds the cross-layer findings of every configured contract to
// res, so check can run it beside the linter and report once.
func (p *Project) crossLayer(res *Result) error {
	cl := &crossLoader{p: p, res: res, dbs: map[string]*replayed{}, specs: map[string]*openapi.Model{}}
	defer cl.close()
	for i, c := range p.cfg.Contracts {
		if err := cl.contract(i, c); err != nil {
			return err
		}
	}
	return nil
}

// crossLoader loads what the cross-layer checks compare, each thing once:
// a database's replayed migrations, a contract version's model, the git
// repository client versions are read from.
type crossLoader struct {
	p     *Project
	res   *Result
	dbs   map[string]*replayed
	specs map[string]*openapi.Model // by "ref\x00rev" or "path\x00abs"
	repo  *git.Repo
}

type replayed struct {
	cat  *catalog.Catalog
	hist *crosslayer.History
}

func (cl *crossLoader) close() {
	if cl.repo != nil {
		_ = cl.repo.Close()
	}
}

func (cl *crossLoader) contract(i int, c config.Contract) error {
	p := cl.p
	name := cmp.Or(c.Name, c.Path)
	where := fmt.Sprintf("%s: contracts[%d] (%s)", p.configFile, i, name)
	if c.Kind == "jsonschema" {
		return nil
	}
	db, ok, err := cl.database(where, c)
	if err != nil || !ok {
		return err
	}
	abs := p.abs(c.Path)
	head, err := cl.model("path\x00"+abs, func() (string, []byte, error) {
		doc, err := p.readContract(abs)
		return doc.Display, doc.Source, err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if head == nil {
		return nil // not an OpenAPI 3 document
	}
	versions := []crosslayer.Contract{{Name: name, Label: "this change", Model: head, Current: true,
		UnknownEnumValues: cl.tolerant(name)}}
	for ci, client := range p.cfg.Clients {
		if client.Contract != name {
			continue
		}
		for vi, v := range client.Versions {
			if !v.IsSupported() {
				continue // nobody runs it any more: it constrains nothing
			}
			label, m, err := cl.clientVersion(abs, client, v)
			if err != nil {
				return fmt.Errorf("%s: clients[%d].versions[%d] (%s %s): %w", p.configFile, ci, vi, client.Name, v.Version, err)
			}
			if m == nil {
				continue
			}
			versions = append(versions, crosslayer.Contract{Name: name, Label: label, Model: m, Supported: true,
				UnknownEnumValues: client.Tolerance.ToleratesUnknownEnumValues()})
		}
	}
	var mappings []crosslayer.Mapping
	for _, m := range p.cfg.Mappings {
		if m.Contract == "" && len(p.cfg.Contracts) == 1 || m.Contract == name {
			mappings = append(mappings, crosslayer.Mapping{Contract: name, Schema: m.Schema, Table: m.Table, Columns: m.Columns,
				At: finding.Location{File: p.display(p.configFile), Line: m.Line, Column: m.Column}})
		}
	}
	cl.res.Findings = append(cl.res.Findings, crosslayer.Check(crosslayer.Input{
		Catalog: db.cat, History: db.hist, Contracts: versions, Mappings: mappings,
		Infer: p.cfg.InferMappings == nil || *p.cfg.InferMappings,
	})...)
	return nil
}

// tolerant says whether the contract in this change may return enum values
// its readers do not know: only when every client of it says it tolerates them.
func (cl *crossLoader) tolerant(contract string) bool {
	some := false
	for _, c := range cl.p.cfg.Clients {
		if c.Contract != contract {
			continue
		}
		if !c.Tolerance.ToleratesUnknownEnumValues() {
			return false
		}
		some = true
	}
	return some
}

// database returns the replayed migrations of the contract's database: the
// one it names, or the only one configured. ok is false when there is none.
func (cl *crossLoader) database(where string, c config.Contract) (*replayed, bool, error) {
	dbs := cl.p.cfg.Databases
	var db config.Database
	switch {
	case c.Database != "":
		for _, d := range dbs {
			if cmp.Or(d.Name, d.Migrations) == c.Database {
				db = d
			}
		}
	case len(dbs) == 1:
		db = dbs[0]
	case len(dbs) == 0:
		return nil, false, nil
	default:
		return nil, false, fmt.Errorf("%s: several databases are configured; set database: to the one whose tables this contract's schemas are stored in", where)
	}
	key := cmp.Or(db.Name, db.Migrations)
	if r := cl.dbs[key]; r != nil {
		return r, true, nil
	}
	dir := cl.p.abs(db.Migrations)
	fsys, err := cl.p.migrationDir(dir)
	if err != nil {
		return nil, false, err
	}
	set, err := cl.p.loadSet(fsys, ".", db)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", dir, err)
	}
	relocate(set, filepath.ToSlash(cl.p.display(dir)))
	files := catalog.UpFiles(set)
	for _, f := range files {
		cl.res.addSource(f.Path, f.Source)
	}
	rep := cl.p.replays.Replay(files)
	r := &replayed{cat: rep.Catalog, hist: crosslayer.Fold(rep.Steps)}
	cl.dbs[key] = r
	return r, true, nil
}

// clientVersion loads the contract a client version was built against.
func (cl *crossLoader) clientVersion(headPath string, client config.Client, v config.ClientVersion) (string, *openapi.Model, error) {
	p := cl.p
	if v.Path != "" {
		abs := p.abs(v.Path)
		m, err := cl.model("path\x00"+abs, func() (string, []byte, error) {
			doc, err := p.readContract(abs)
			return doc.Display, doc.Source, err
		})
		return fmt.Sprintf("client %s %s (path %s)", client.Name, v.Version, v.Path), m, err
	}
	label := fmt.Sprintf("client %s %s (ref %s)", client.Name, v.Version, v.Ref)
	m, err := cl.model("ref\x00"+v.Ref, func() (string, []byte, error) {
		if err := git.ValidateRevision(v.Ref); err != nil {
			return "", nil, err
		}
		if cl.repo == nil {
			repo, err := git.Open(p.root)
			if err != nil {
				return "", nil, fmt.Errorf("ref %s needs the git repository: %w", v.Ref, err)
			}
			cl.repo = repo
		}
		doc, ok, err := documentAt(cl.repo, v.Ref, headPath)
		if err != nil {
			return "", nil, err
		}
		if !ok {
			rel, _ := repoPath(cl.repo.Root(), headPath)
			return "", nil, fmt.Errorf("reading %s at %s: %w", rel, v.Ref, fs.ErrNotExist)
		}
		return p.display(headPath) + "@" + v.Ref, doc.Source, nil
	})
	return label, m, err
}

// repoPath is abs relative to the repository root, slash-separated.
func repoPath(root, abs string) (string, error) {
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(d, filepath.Base(abs))
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("%s is outside the git repository at %s", abs, root)
	}
	return filepath.ToSlash(rel), nil
}

// model reads and parses a contract version once; nil when the document is
// a JSON Schema (only API operations map to tables).
func (cl *crossLoader) model(key string, read func() (string, []byte, error)) (*openapi.Model, error) {
	if m, ok := cl.specs[key]; ok {
		return m, nil
	}
	display, src, err := read()
	if err != nil {
		return nil, err
	}
	var m *openapi.Model
	kind, err := contracts.Sniff(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	// Read through the contract kind's handler, as diff, check and the
	// matrix do: a Swagger 2.0 document maps like its OpenAPI 3 conversion.
	if h, ok := kinds.For(kind); ok && kind != contracts.JSONSchema {
		v, err := h.Load(document{Display: display, Source: src}, contracts.LoadOptions{})
		if err != nil {
			return nil, err
		}
		if spec, ok := v.(*openapi.Spec); ok {
			m = spec.Model()
			cl.res.addSource(display, src)
		}
	}
	cl.specs[key] = m
	return m, nil
}
