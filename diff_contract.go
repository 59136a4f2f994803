package schemacheck

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/contracts/kinds"
	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/git"
)

// diffContract compares two versions of a contract of kind k through the
// kind's handler (contracts/kinds). The contract in schemacheck.yaml whose
// path is the new file supplies its settings: external_refs and ref_map
// (what its $refs may read), deprecation_grace, the JSON Schema mode
// (--mode overrides it), strict_content, the earlier versions a transitive
// mode also checks (versions), and the payloads validated against the new
// version (examples).
func (p *Project) diffContract(old, new document, k contracts.Kind, opts DiffOptions) (*Result, error) {
	h, ok := kinds.For(k)
	if !ok {
		return nil, fmt.Errorf("%s: no handler for %s", new.Display, describeKind(k))
	}
	c, configured := p.contractForDocument(new)
	where := "--mode"
	if configured {
		where = fmt.Sprintf("%s: contracts[%s] mode", p.configFile, cmp.Or(c.Name, c.Path))
	}
	do, err := p.contractOptions(c, configured, opts)
	if err != nil {
		return nil, err
	}
	if k == contracts.JSONSchema {
		if _, err := jsonschema.ModeOf(do.Mode, do.Direction); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	lo := p.loadOptions(c)
	res := &Result{}
	keep := func(doc document) {
		if doc.Reread != nil {
			// The text is read again for a code frame: the loaded
			// contract does not share its memory, so it can go.
			res.sources.remember(doc.Display, doc.Source, doc.Reread)
		} else {
			res.addSource(doc.Display, doc.Source)
		}
	}
	load := func(doc document) (contracts.Contract, error) {
		v, err := h.Load(doc, lo)
		if err != nil {
			return nil, err
		}
		keep(doc)
		return v, nil
	}
	if mode, _ := jsonschema.ModeOf(do.Mode, do.Direction); configured && k == contracts.JSONSchema && mode.Transitive() {
		earlier, err := p.contractVersions(c, new, old)
		if err != nil {
			return nil, err
		}
		for _, doc := range earlier {
			v, err := load(doc)
			if err != nil {
				return nil, err
			}
			do.Earlier = append(do.Earlier, v)
		}
	}
	// The two versions are read at once, on two cores where there are:
	// loaders keep no state between documents, and reading is 5 to 10% of
	// a large pair's time (the old version's error, if both fail, is the
	// one reported, as when they were read in turn).
	var versions [2]contracts.Contract
	var errs [2]error
	var wg sync.WaitGroup
	for i, doc := range []document{old, new} {
		wg.Go(func() { versions[i], errs[i] = h.Load(doc, lo) })
	}
	wg.Wait()
	for i, doc := range []document{old, new} {
		if errs[i] != nil {
			return nil, errs[i]
		}
		keep(doc)
	}
	if res.Findings, err = h.Diff(versions[0], versions[1], do); err != nil {
		return nil, err
	}
	return p.finish(res), nil
}

// contractOptions are a configured contract's comparison settings beside
// the command's: its mode (unless --mode), strict_content,
// deprecation_grace and examples.
func (p *Project) contractOptions(c config.Contract, configured bool, opts DiffOptions) (contracts.DiffOptions, error) {
	do := contracts.DiffOptions{Direction: opts.Direction, Mode: cmp.Or(opts.Mode, c.Mode), StrictContent: c.StrictContent, All: opts.All}
	grace, err := openapi.ParseGrace(c.DeprecationGrace)
	if err != nil {
		return do, fmt.Errorf("%s: contracts[%s]: %w", p.configFile, cmp.Or(c.Name, c.Path), err)
	}
	do.DeprecationGrace = grace
	if configured {
		if do.Payloads, err = p.payloads(c); err != nil {
			return do, err
		}
	}
	return do, nil
}

// loadOptions are what a contract's $refs may read: the network with
// external_refs (when a base revision is known, only if its config enables
// it too), and local files for the URL prefixes of ref_map (paths
// relative to the config file, made relative to the repository the
// contract is read from).
func (p *Project) loadOptions(c config.Contract) contracts.LoadOptions {
	lo := contracts.LoadOptions{ExternalRefs: c.ExternalRefs && (p.baseExternal == nil || p.baseExternal[c.Path])}
	prefixes := make([]string, 0, len(c.RefMap))
	for prefix := range c.RefMap {
		prefixes = append(prefixes, prefix)
	}
	slices.Sort(prefixes)
	root := repositoryRoot(p.root)
	for _, prefix := range prefixes {
		rel, err := filepath.Rel(root, p.abs(c.RefMap[prefix]))
		if err != nil || strings.HasPrefix(rel, "..") {
			continue // config validation refuses it
		}
		lo.RefMap = append(lo.RefMap, contracts.RefMapping{Prefix: prefix, Path: filepath.ToSlash(rel)})
	}
	return lo
}

// contractForDocument finds the configured contract a document on disk is.
// A document read from a git revision is not the contract being changed.
func (p *Project) contractForDocument(doc document) (config.Contract, bool) {
	if _, err := os.Stat(doc.Display); err != nil {
		return config.Contract{}, false
	}
	abs, err := filepath.Abs(doc.Display)
	if err != nil {
		return config.Contract{}, false
	}
	if c, ok := p.contractFor(abs); ok {
		return c, true
	}
	// The same file reached through a symbolic link or another spelling.
	for _, c := range p.cfg.Contracts {
		if a, b := evalPath(p.abs(c.Path)), evalPath(abs); a == b {
			return c, true
		}
	}
	return config.Contract{}, false
}

func evalPath(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return path
}

// contractVersions reads the earlier versions a transitive mode checks,
// oldest first: each entry of versions: is a file (relative to the config
// file) or else a git revision at which the contract's path is read.
// Versions with the same bytes as old are left out: old is checked anyway.
func (p *Project) contractVersions(c config.Contract, new, old document) ([]document, error) {
	where := fmt.Sprintf("%s: contracts[%s] versions", p.configFile, cmp.Or(c.Name, c.Path))
	var repo *git.Repo
	defer func() {
		if repo != nil {
			repo.Close()
		}
	}()
	var out []document
	for _, v := range c.Versions {
		var doc document
		if info, err := os.Stat(p.abs(v)); err == nil && !info.IsDir() {
			if doc, err = localDocument(p.display(p.abs(v))); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
		} else {
			if err := git.ValidateRevision(v); err != nil {
				return nil, fmt.Errorf("%s: %q is neither a file nor a git revision: %w", where, v, err)
			}
			if repo == nil {
				if repo, err = git.Open(p.root); err != nil {
					return nil, fmt.Errorf("%s: %q is not a file, and reading it as a git revision needs the repository: %w", where, v, err)
				}
			}
			var ok bool
			doc, ok, err = documentAt(repo, v, p.abs(c.Path))
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a file (paths are relative to the config file), and as a git revision: %w", where, v, err)
			}
			if !ok {
				rel, _ := repoPath(repo.Root(), p.abs(c.Path))
				return nil, fmt.Errorf("%s: %s does not exist at revision %s; remove the version or name the file instead", where, rel, v)
			}
		}
		if bytes.Equal(doc.Source, old.Source) || bytes.Equal(doc.Source, new.Source) {
			continue
		}
		out = append(out, doc)
	}
	return out, nil
}

// payloads expands the contract's examples: globs (relative to the config
// file) into the sample payloads validated against the new version. A glob
// that matches nothing is a configuration error: the check would be silently empty.
func (p *Project) payloads(c config.Contract) ([]contracts.Payload, error) {
	var out []contracts.Payload
	repo := repositoryRoot(p.root)
	for j, pattern := range c.Examples {
		if rel, err := filepath.Rel(repo, p.abs(pattern)); filepath.IsAbs(pattern) || err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			e := &config.Error{File: p.configFile, KeyPath: fmt.Sprintf("contracts[%s].examples[%d]", cmp.Or(c.Name, c.Path), j),
				Message: fmt.Sprintf("%q is absolute or leads out of the repository: examples are read only from inside it", pattern),
				Hint:    "give a pattern relative to the config file, inside the repository"}
			if j < len(c.ExampleLines) {
				e.Line, e.Column = c.ExampleLines[j][0], c.ExampleLines[j][1]
			}
			return nil, e
		}
		matches, err := filepath.Glob(p.abs(pattern))
		if err != nil {
			return nil, fmt.Errorf("%s: contracts[%s] examples: %q: %w", p.configFile, cmp.Or(c.Name, c.Path), pattern, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("%s: contracts[%s] examples: %q matches no file; fix the pattern (relative to the config file) or remove it",
				p.configFile, cmp.Or(c.Name, c.Path), pattern)
		}
		slices.Sort(matches)
		for _, m := range matches {
			data, err := readConfined(m, maxContractSize)
			if err != nil {
				return nil, fmt.Errorf("%s: contracts[%s] examples: %q: %s: %w", p.configFile, cmp.Or(c.Name, c.Path), pattern, p.display(m), err)
			}
			out = append(out, contracts.Payload{File: p.display(m), Data: data})
		}
	}
	return out, nil
}
