package openapi

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/schemacheck/schemacheck/finding"
	"gopkg.in/yaml.v3"
)

// Options controls what Diff reports.
type Options struct {
	// Direction: "backward" (default: old clients against the new server),
	// "forward" (new clients against the old server, for staged rollouts and
	// rollbacks) or "both".
	Direction string
	// UnknownEnumValues says clients tolerate enum values they do not know;
	// when false (generated Dart/Swift clients) adding a response enum value breaks them.
	UnknownEnumValues bool
	// All also reports non-breaking changes the rules see, at severity info (changelog mode).
	All bool
	// Now is the time x-sunset dates are compared with; zero means time.Now().
	Now time.Time
}

type side int

const (
	request side = iota
	response
)

func (s side) String() string { return [...]string{"request", "response"}[s] }

// Diff compares two documents and returns one finding per change, sorted.
func Diff(old, new *Spec, opts Options) []finding.Finding {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	var out []finding.Finding
	switch opts.Direction {
	case "forward":
		out = newWalker(new, old, opts, "forward").run()
	case "both":
		out = append(newWalker(old, new, opts, "").run(), newWalker(new, old, opts, "forward").run()...)
	default:
		out = newWalker(old, new, opts, "").run()
	}
	finding.Sort(out)
	return out
}

type visitKey struct {
	old, new string
	side     side
}

// visit is one comparison of a pair of referenced schemas; keys lists every
// finding produced inside it (nested components too), so later operations
// reaching the same pair are added to those findings instead of repeating them.
type visit struct {
	keys map[string]bool
}

type agg struct {
	f   finding.Finding
	ops map[string]bool
}

type walker struct {
	old, new *Spec
	opts     Options
	label    string // "" or "forward"
	found    map[string]*agg
	visits   map[visitKey]*visit
	stack    []*visit
	op       string // "GET /pets request" being compared
}

func newWalker(old, new *Spec, opts Options, label string) *walker {
	return &walker{old: old, new: new, opts: opts, label: label,
		found: map[string]*agg{}, visits: map[visitKey]*visit{}}
}

// emit records a change. breaking says whether it breaks on this side;
// otherwise it is reported only in changelog mode, as info.
func (w *walker) emit(r ruleDef, s side, breaking bool, at *yaml.Node, inOld bool, ignore []*yaml.Node, format string, args ...any) {
	sev := r.Request
	if s == response {
		sev = r.Response
	}
	if !breaking || sev == sevOff {
		if !w.opts.All {
			return
		}
		sev = sevInfo
	}
	for _, n := range ignore {
		if ignored(n, r) {
			return
		}
	}
	spec := w.new
	if inOld {
		spec = w.old
	}
	file := spec.File
	msg := fmt.Sprintf(format, args...)
	if w.label != "" {
		msg = w.label + ": " + msg
	}
	key := r.ID + "\x00" + file + "\x00" + msg
	a := w.found[key]
	if a == nil {
		f := r.New(spec.location(at), "%s", msg)
		f.Severity = sev
		f.Key = msg
		a = &agg{f: f, ops: map[string]bool{}}
		w.found[key] = a
	}
	if w.op != "" {
		a.ops[w.op] = true
	}
	for _, v := range w.stack {
		v.keys[key] = true
	}
}

func (w *walker) run() []finding.Finding {
	w.operations()
	keys := make([]string, 0, len(w.found))
	for k := range w.found {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]finding.Finding, 0, len(keys))
	for _, k := range keys {
		a := w.found[k]
		for op := range a.ops {
			a.f.Details = append(a.f.Details, op)
		}
		slices.Sort(a.f.Details)
		out = append(out, a.f)
	}
	return out
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func (w *walker) operations() {
	newPaths := get(w.new.root, "paths")
	pairs(get(w.old.root, "paths"), func(path string, oItem *yaml.Node) {
		oItem, _ = w.old.deref(oItem)
		nItem, _ := w.new.deref(get(newPaths, path))
		for _, m := range methods {
			oOp := get(oItem, m)
			if oOp == nil {
				continue
			}
			name := strings.ToUpper(m) + " " + path
			nOp := get(nItem, m)
			if nOp == nil {
				if !w.sunsetPassed(oOp) {
					w.op = ""
					w.emit(ruleOperationRemoved, request, true, oOp, true, []*yaml.Node{oOp}, "%s removed%s", name, sunsetNote(oOp))
				}
				continue
			}
			w.operation(name, oItem, nItem, oOp, nOp)
		}
	})
}

func (w *walker) sunsetPassed(op *yaml.Node) bool {
	if str(op, "deprecated") != "true" {
		return false
	}
	d, err := time.Parse("2006-01-02", str(op, "x-sunset"))
	return err == nil && !w.opts.Now.Before(d)
}

func sunsetNote(op *yaml.Node) string {
	switch {
	case str(op, "deprecated") != "true":
		return " without being deprecated first"
	case str(op, "x-sunset") == "":
		return " (deprecated, but with no x-sunset date)"
	default:
		return " before its x-sunset date " + str(op, "x-sunset")
	}
}
