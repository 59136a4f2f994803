package schemacheck

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/git"
)

// diffJSONSchema compares two versions of a JSON Schema. The contract in
// schemacheck.yaml whose path is the new file supplies the mode, the
// content model (strict_content), the earlier versions a transitive mode
// also checks (versions) and the payload files validated against the new
// version (examples); --mode overrides the configured mode.
func (p *Project) diffJSONSchema(old, new document, opts DiffOptions) (*Result, error) {
	res := &Result{}
	c, configured := p.contractForDocument(new)
	where := "--mode"
	if configured {
		where = fmt.Sprintf("%s: contracts[%s] mode", p.configFile, cmp.Or(c.Name, c.Path))
	}
	mode, err := jsonSchemaMode(opts, c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	load := func(doc document) (*jsonschema.Schema, error) {
		s, err := jsonschema.Load(doc.Display, doc.Source, jsonschema.LoadOptions{FS: doc.FS, Path: doc.Path, AllowRemote: c.ExternalRefs})
		if err != nil {
			return nil, err
		}
		res.addSource(doc.Display, doc.Source)
		return s, nil
	}
	var history []*jsonschema.Schema
	if configured && mode.Transitive() {
		earlier, err := p.contractVersions(c, new, old)
		if err != nil {
			return nil, err
		}
		for _, doc := range earlier {
			s, err := load(doc)
			if err != nil {
				return nil, err
			}
			history = append(history, s)
		}
	}
	for _, doc := range []document{old, new} {
		s, err := load(doc)
		if err != nil {
			return nil, err
		}
		history = append(history, s)
	}
	jsOpts := jsonschema.Options{Strict: c.StrictContent}
	if configured {
		if jsOpts.Payloads, err = p.payloads(c); err != nil {
			return nil, err
		}
	}
	res.Findings = jsonschema.CheckVersions(history, mode, jsOpts)
	return p.finish(res), nil
}

// jsonSchemaMode picks the mode: --mode, else the contract's mode:, else
// the OpenAPI-style --direction translated (both = full; default backward).
func jsonSchemaMode(opts DiffOptions, c config.Contract) (jsonschema.Mode, error) {
	switch {
	case opts.Mode != "":
		return jsonschema.ParseMode(opts.Mode)
	case c.Mode != "":
		return jsonschema.ParseMode(c.Mode)
	case opts.Direction == "forward":
		return jsonschema.ModeForward, nil
	case opts.Direction == "both":
		return jsonschema.ModeFull, nil
	}
	return jsonschema.ModeBackward, nil
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
func (p *Project) payloads(c config.Contract) ([]jsonschema.Payload, error) {
	var out []jsonschema.Payload
	for _, pattern := range c.Examples {
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
			out = append(out, jsonschema.Payload{File: p.display(m)})
		}
	}
	return out, nil
}
