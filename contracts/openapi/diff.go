package openapi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schemacheck/schemacheck/finding"
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
	// RejectUnknownProperties says clients fail on response properties they
	// do not know (config clients[].tolerance.unknown_properties: false);
	// then adding a response property breaks them (SC-API021). The zero
	// value is the config default: unknown properties are ignored.
	RejectUnknownProperties bool
	// DeprecationGrace is how long after its x-sunset date a deprecated
	// operation, parameter or property must stay (contracts[].deprecation_grace).
	DeprecationGrace time.Duration
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
func (w *walker) emit(r ruleDef, s side, breaking bool, at *Node, inOld bool, ignore []*Node, format string, args ...any) {
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
			a.f.Operations = append(a.f.Operations, op)
		}
		slices.Sort(a.f.Operations)
		a.f.Details = append(a.f.Details, a.f.Operations...)
		out = append(out, a.f)
	}
	return out
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func (w *walker) operations() {
	newPaths := get(w.new.root, "paths")
	pairs(get(w.old.root, "paths"), func(path string, oItem *Node) {
		oItem, _ = w.old.deref(oItem)
		nItem, _ := w.new.deref(w.new.get(newPaths, path))
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
					w.emit(ruleOperationRemoved, request, true, oOp, true, []*Node{oOp}, "%s removed%s", name, w.sunsetNote(oOp))
				}
				continue
			}
			w.operation(name, oItem, nItem, oOp, nOp)
		}
	})
}

// sunsetPassed reports whether n (an operation, parameter or property) is
// deprecated and its x-sunset date plus the grace period has passed, so it
// may be removed.
func (w *walker) sunsetPassed(n *Node) bool {
	if str(n, "deprecated") != "true" {
		return false
	}
	d, err := time.Parse("2006-01-02", str(n, "x-sunset"))
	return err == nil && !w.opts.Now.Before(d.Add(w.opts.DeprecationGrace))
}

// ParseGrace reads a deprecation grace period as config writes it: a
// whole number of days (90d), weeks (12w) or hours (36h).
func ParseGrace(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	unit := map[byte]time.Duration{'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
	if err != nil || n < 0 || unit == 0 {
		return 0, fmt.Errorf("deprecation grace %q: want a whole number of days, weeks or hours, e.g. 90d", s)
	}
	return time.Duration(n) * unit, nil
}

func (w *walker) sunsetNote(op *Node) string {
	switch {
	case str(op, "deprecated") != "true":
		return " without being deprecated first"
	case str(op, "x-sunset") == "":
		return " (deprecated, but with no x-sunset date)"
	case w.opts.DeprecationGrace > 0:
		return fmt.Sprintf(" before its x-sunset date %s plus the %s grace period", str(op, "x-sunset"), graceString(w.opts.DeprecationGrace))
	default:
		return " before its x-sunset date " + str(op, "x-sunset")
	}
}

func graceString(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}
