package openapi

import (
	"fmt"
	"regexp"
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
	// SunsetNoticeStable and SunsetNoticeBeta are the minimum number of
	// days between deprecating an element of a stable (or beta) operation
	// and its x-sunset date, as oasdiff's --deprecation-days-stable and
	// --deprecation-days-beta; 0 (the default) only asks that the date is
	// not already past.
	SunsetNoticeStable, SunsetNoticeBeta int
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

type agg struct {
	f   finding.Finding
	ops map[string]bool
}

type walker struct {
	old, new *Spec
	// calledBack are the callbacks being compared (callbacks).
	calledBack map[*Node]bool
	opts       Options
	label      string // "" or "forward"
	found      map[string]*agg
	op         string // "GET /pets request" being compared
	notice     int    // the operation's x-sunset notice in days (sunsetNotice)
	// path is the new version's path (template) being compared; renamed
	// maps its old template parameter names to new ones, when they differ.
	path    string
	renamed map[string]string
	// text is set while a parameter serialized by its style (not by a
	// content media type) is compared: its values travel as text, so a
	// request value that became a string accepts whatever was sent.
	text bool
	// uses are the schemas to compare once every operation is walked.
	uses []schemaUse
	// ctx are the enclosing objects (old, new) of what is being compared,
	// innermost last: where a finding about something removed is shown.
	ctx [][2]*Node
}

func newWalker(old, new *Spec, opts Options, label string) *walker {
	return &walker{old: old, new: new, opts: opts, label: label,
		found: map[string]*agg{}}
}

// emit records a change. breaking says whether it breaks on this side;
// otherwise it is reported only in changelog mode, as info.
func (w *walker) emit(r ruleDef, s side, breaking bool, at *Node, inOld bool, ignore []*Node, format string, args ...any) {
	w.emitAt(r, s, breaking, sevErr, at, inOld, ignore, format, args...)
}

// warn is emit for a change that may break, or not, depending on what
// the document cannot say: it is reported at most as a warning.
func (w *walker) warn(r ruleDef, s side, at *Node, inOld bool, ignore []*Node, format string, args ...any) {
	w.emitAt(r, s, true, sevWarn, at, inOld, ignore, format, args...)
}

// emitAt is emit with the severity capped at limit.
func (w *walker) emitAt(r ruleDef, s side, breaking bool, limit finding.Severity, at *Node, inOld bool, ignore []*Node, format string, args ...any) {
	sev := r.Request
	if s == response {
		sev = r.Response
	}
	sev = min(sev, limit)
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
	loc, related := w.place(at, inOld)
	msg := fmt.Sprintf(format, args...)
	if w.label != "" {
		msg = w.label + ": " + msg
	}
	key := r.ID + "\x00" + loc.File + "\x00" + msg
	a := w.found[key]
	if a == nil {
		f := r.New(loc, "%s", msg)
		f.Severity = sev
		f.Key = msg
		f.Related = related
		a = &agg{f: f, ops: map[string]bool{}}
		w.found[key] = a
	}
	if w.op != "" {
		a.ops[w.op] = true
	}
}

// place locates a finding about node at (of the walker's old version when
// inOld) in the head document, the pull request's version, which is what
// annotations can show: at itself when it is there, else the innermost
// enclosing object that still exists there (the operation, its responses,
// the content), with at's own place as a related location. In forward
// direction the walker's sides are swapped and the head is its old side.
func (w *walker) place(at *Node, inOld bool) (finding.Location, []finding.Location) {
	headOld := w.label == "forward"
	spec, head := w.new, w.new
	if inOld {
		spec = w.old
	}
	if headOld {
		head = w.old
	}
	if inOld == headOld {
		return spec.location(at), nil
	}
	var enclosing *Node
	for i := len(w.ctx) - 1; i >= 0 && enclosing == nil; i-- {
		enclosing = w.ctx[i][1]
		if headOld {
			enclosing = w.ctx[i][0]
		}
	}
	if enclosing == nil {
		if enclosing = get(head.root, "paths"); enclosing == nil {
			enclosing = head.root
		}
	}
	return head.location(enclosing), []finding.Location{spec.location(at)}
}

// enter records a pair of enclosing objects (old, new; either may be
// nil) for place until the returned function is called.
func (w *walker) enter(o, n *Node) func() {
	w.ctx = append(w.ctx, [2]*Node{o, n})
	return func() { w.ctx = w.ctx[:len(w.ctx)-1] }
}

func (w *walker) run() []finding.Finding {
	w.operations()
	w.compareSchemas()
	w.securitySchemes()
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

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace", "query"}

type methodOp struct {
	method string // upper case: "GET", or an OpenAPI 3.2 additional operation's method
	node   *Node
	// ref is the $ref the operation was written as, resolved ("" when it
	// is written in the path item).
	ref string
}

// operationsOf lists a path item's operations: the fixed methods (query
// is OpenAPI 3.2's), then the additionalOperations of OpenAPI 3.2. An
// operation written as a $ref is followed: OpenAPI allows $ref only for
// the whole path item, but specs split one file per operation (such as
// DigitalOcean's), and bundlers and code generators resolve it. Left
// unresolved, every such operation would compare as empty: silence.
func (s *Spec) operationsOf(item *Node) []methodOp {
	var out []methodOp
	add := func(m string, op *Node) {
		target, ref := s.deref(op)
		out = append(out, methodOp{strings.ToUpper(m), target, ref})
	}
	for _, m := range methods {
		if op := get(item, m); op != nil {
			add(m, op)
		}
	}
	pairs(get(item, "additionalOperations"), func(m string, op *Node) {
		if !slices.Contains(methods, strings.ToLower(m)) {
			add(m, op)
		}
	})
	return out
}

// operationOf returns the operation of item for method (upper case).
func (s *Spec) operationOf(item *Node, method string) *Node {
	for _, o := range s.operationsOf(item) {
		if o.method == method {
			return o.node
		}
	}
	return nil
}

// operations compares every operation under paths, then every webhook
// operation (3.1), which is named "METHOD webhook:NAME" as oasdiff names it
// and compared with the sides swapped: the server writes a webhook's
// request and the client reads it, the client writes its response.
func (w *walker) operations() {
	w.pathItems(get(w.old.root, "paths"), get(w.new.root, "paths"), "", false, "")
	w.pathItems(get(w.old.root, "webhooks"), get(w.new.root, "webhooks"), "webhook:", true, "")
}

// pathItems compares path items by path (or webhook name, or callback
// expression), naming each operation METHOD prefix+path+suffix.
func (w *walker) pathItems(oldItems, newItems *Node, prefix string, webhook bool, suffix string) {
	// A path whose template parameters were only renamed (/books/{bookId}
	// and /books/{id}) is the same path: clients send the same URLs.
	byTemplate := map[string]string{}
	if !webhook {
		pairs(newItems, func(path string, _ *Node) {
			t := pathTemplate.ReplaceAllString(path, "{}")
			if _, dup := byTemplate[t]; dup {
				byTemplate[t] = ""
			} else {
				byTemplate[t] = path
			}
		})
	}
	pairs(oldItems, func(path string, oItem *Node) {
		oItem, _ = w.old.deref(oItem)
		newPath := path
		if w.new.get(newItems, path) == nil && !webhook {
			if p := byTemplate[pathTemplate.ReplaceAllString(path, "{}")]; p != "" && w.old.get(oldItems, p) == nil {
				newPath = p
			}
		}
		w.path, w.renamed = newPath, renamedParams(path, newPath)
		nItem, _ := w.new.deref(w.new.get(newItems, newPath))
		defer w.enter(oItem, nItem)()
		for _, oo := range w.old.operationsOf(oItem) {
			m, oOp := oo.method, oo.node
			name := m + " " + prefix + newPath + suffix
			nOp := w.new.operationOf(nItem, m)
			if nOp == nil {
				if exempt(oOp) {
					continue
				}
				w.op = name + " request"
				what := name
				if webhook && prefix == "webhook:" {
					what = "webhook " + path + " (" + m + ")"
				}
				w.removed(ruleOperationRemoved, nil, request, oOp, []*Node{oOp}, "%s removed", what)
				w.op = ""
				continue
			}
			w.op = name + " request"
			w.stabilityChanged(oOp, nOp, request, name, []*Node{nOp})
			w.op = ""
			if exempt(nOp) {
				continue
			}
			w.operation(name, oItem, nItem, oOp, nOp, webhook)
			w.callbacks(name, oOp, nOp)
		}
	})
	w.path, w.renamed = "", nil
}

// callbacks compares the callbacks an operation declares in both
// versions: requests the server sends to a URL the client gave, compared
// like webhooks (the server writes their requests, clients read them),
// each named "METHOD callback:NAME EXPRESSION of OPERATION".
func (w *walker) callbacks(op string, oOp, nOp *Node) {
	oc, nc := get(oOp, "callbacks"), get(nOp, "callbacks")
	if oc == nil || nc == nil {
		return
	}
	path, renamed := w.path, w.renamed
	defer func() { w.path, w.renamed = path, renamed }()
	pairs(oc, func(name string, ocb *Node) {
		ocb, _ = w.old.deref(ocb)
		ncb, _ := w.new.deref(w.new.get(nc, name))
		if ncb == nil {
			return // the server no longer calls back: nothing comes that clients cannot read
		}
		// A callback's operations may declare callbacks in turn, and a
		// $ref may name one being compared: each is compared once.
		if w.calledBack[ocb] || len(w.calledBack) >= maxCallbackNesting {
			return
		}
		if w.calledBack == nil {
			w.calledBack = map[*Node]bool{}
		}
		w.calledBack[ocb] = true
		defer delete(w.calledBack, ocb)
		w.pathItems(ocb, ncb, "callback:"+name+" ", true, " of "+op)
	})
}

// maxCallbackNesting bounds callbacks declared by callbacks' operations.
const maxCallbackNesting = 8

var pathTemplate = regexp.MustCompile(`\{[^{}/]*\}`)

// renamedParams maps the template parameters of old path to those of new
// path, position by position, where their names differ; nil when none do.
func renamedParams(oldPath, newPath string) map[string]string {
	if oldPath == newPath {
		return nil
	}
	o, n := pathTemplate.FindAllString(oldPath, -1), pathTemplate.FindAllString(newPath, -1)
	m := map[string]string{}
	for i := range min(len(o), len(n)) {
		if o[i] != n[i] {
			m[o[i][1:len(o[i])-1]] = n[i][1 : len(n[i])-1]
		}
	}
	return m
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

func graceString(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}
