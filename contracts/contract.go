package contracts

import (
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/schemacheck/schemacheck/finding"
)

// Handler is one kind of contract behind the interface every command uses
// (diff, check, matrix, the cross-layer checks): it loads a version and
// compares two, so each command accepts the same documents with the same
// options. contracts/kinds lists the handlers.
type Handler interface {
	// Kinds are the kinds Sniff returns that the handler reads (the
	// OpenAPI handler also reads Swagger 2.0, through its conversion).
	Kinds() []Kind
	Load(doc Document, opts LoadOptions) (Contract, error)
	// Diff compares two versions of a contract loaded by this handler.
	Diff(old, new Contract, opts DiffOptions) ([]finding.Finding, error)
}

// Contract is one loaded version of a contract.
type Contract interface {
	// Name is the name findings use for the document.
	Name() string
}

// Document is one version of a contract file: its bytes, the name findings
// show, and the tree it was read from. Loaders resolve the file's local
// $refs in FS (relative to Path), so a reference can never leave the tree:
// the repository at a git revision, or the repository on disk.
type Document struct {
	Display string // the name findings use, e.g. api/openapi.yaml
	Source  []byte // loaders only read it and keep none of it
	FS      fs.FS
	Path    string // slash-separated path of the file within FS
	// Rev is the commit the file was read at when its Display is a
	// working-tree name (a project at its base revision); "" otherwise.
	Rev string
	// Reread reads Source again (set for a file on disk), so a run need
	// not hold a large document's text until its report shows a code
	// frame; nil when it cannot.
	Reread func() ([]byte, error)
}

// LoadOptions controls what a loader may read besides the document.
type LoadOptions struct {
	// ExternalRefs allows $refs to http(s) URLs (contracts[].external_refs).
	ExternalRefs bool
	// RefMap reads a $ref to a URL below a prefix from a file in the
	// document's tree instead of the network (contracts[].ref_map): schemas
	// from a catalog such as SchemaStore resolve against their $id.
	RefMap []RefMapping
}

// RefMapping maps the URLs that start with Prefix to the files below Path,
// a slash-separated path in the document's tree.
type RefMapping struct {
	Prefix, Path string
}

// MapRef finds the local file (a slash path in the tree) that the URL u,
// without its fragment, is mapped to; the longest matching prefix wins. A
// mapping that would climb out of the tree maps nothing.
func MapRef(u string, m []RefMapping) (string, bool) {
	u, _, _ = strings.Cut(u, "#")
	best := -1
	for i, r := range m {
		if strings.HasPrefix(u, r.Prefix) && (best < 0 || len(r.Prefix) > len(m[best].Prefix)) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	p := path.Join(m[best].Path, strings.TrimPrefix(u, m[best].Prefix))
	return p, fs.ValidPath(p)
}

// DiffOptions controls a comparison. Each handler reads the options that
// mean something for its kind.
type DiffOptions struct {
	// Direction is backward (old clients or readers against the new
	// version; the default), forward, or both.
	Direction string
	// Mode is a JSON Schema compatibility mode (backward, forward, full,
	// their _transitive forms, none); empty: the one Direction names.
	Mode string
	// StrictContent reads an open content model as "unknown properties may
	// hold anything" (contracts[].strict_content).
	StrictContent bool
	// Earlier versions, oldest first, that a transitive mode also checks
	// the new version against.
	Earlier []Contract
	// Payloads are sample messages validated against the new version.
	Payloads []Payload
	// UnknownEnumValues and RejectUnknownProperties are a client's reader
	// tolerance (clients[].tolerance).
	UnknownEnumValues       bool
	RejectUnknownProperties bool
	// DeprecationGrace is contracts[].deprecation_grace; SunsetNotice* the
	// minimum days between deprecation and x-sunset by stability level.
	DeprecationGrace                     time.Duration
	SunsetNoticeStable, SunsetNoticeBeta int
	// All also lists changes that break nothing (changelog mode).
	All bool
	// Now is the time x-sunset dates are compared with; zero: time.Now().
	Now time.Time
}

// Payload is a sample message; when Data is nil it is read from File.
type Payload struct {
	File string
	Data []byte
}
