package openapi

import (
	"fmt"
	"slices"
	"time"

	"github.com/schemacheck/schemacheck/internal/doctree"
)

// Lifecycle extensions as oasdiff defines them: x-stability-level on an
// operation or property (draft < alpha < beta < stable; absent means
// stable), and deprecated: true with an x-sunset date (YYYY-MM-DD or
// RFC 3339) after which the element may be removed.

var stabilityLevels = []string{"draft", "alpha", "beta", "stable"}

// minStability is the lowest stability level whose operations are
// compared, as oasdiff's default (--stability-level beta): draft and alpha
// operations promise nothing, so changing or removing them breaks no one.
const minStability = "beta"

// stability returns n's x-stability-level ("stable" when absent) and
// whether it is one of the four levels.
func stability(n *Node) (string, bool) {
	v := get(n, "x-stability-level")
	if v == nil {
		return "stable", true
	}
	if v.Kind != doctree.Scalar || v.ShortTag() != "!!str" || !slices.Contains(stabilityLevels, v.Value()) {
		return v.Value(), false
	}
	return v.Value(), true
}

func stabilityRank(level string) int { return slices.Index(stabilityLevels, level) }

// exempt reports whether operation op is below minStability: its changes
// are not compared. An invalid level counts as in scope, as in oasdiff.
func exempt(op *Node) bool {
	level, ok := stability(op)
	return ok && stabilityRank(level) < stabilityRank(minStability)
}

// stabilityChanged reports an x-stability-level lowered, or written as
// something that is not a level, on an operation or property present in
// both versions. An invalid level the old version had and the new one
// keeps, or fixes to a level that is still compared, is no change this
// diff makes; fixed to draft or alpha it is a lowering: an invalid level
// counts as in scope (exempt), so the element leaves the comparison.
func (w *walker) stabilityChanged(o, n *Node, s side, what string, ign []*Node) {
	ol, oOK := stability(o)
	nl, nOK := stability(n)
	at := get(n, "x-stability-level")
	if at == nil {
		at = n
	}
	switch {
	case !nOK && (oOK || ol != nl):
		w.emit(ruleStabilityDecreased, s, true, at, false, ign, "%s: x-stability-level %q is not draft, alpha, beta or stable", what, nl)
	case oOK && nOK && stabilityRank(nl) < stabilityRank(ol) && stabilityRank(ol) >= stabilityRank(minStability):
		w.emit(ruleStabilityDecreased, s, true, at, false, ign, "%s: x-stability-level lowered from %s to %s", what, ol, nl)
	case !oOK && nOK && stabilityRank(nl) < stabilityRank(minStability):
		w.emit(ruleStabilityDecreased, s, true, at, false, ign, "%s: x-stability-level lowered from %q (not a level, compared as in scope) to %s", what, ol, nl)
	}
}

// sunsetOf reads n's x-sunset: has says it is written, ok that it is a date.
func sunsetOf(n *Node) (date time.Time, has, ok bool) {
	v := get(n, "x-sunset")
	if v == nil {
		return time.Time{}, false, false
	}
	if v.Kind != doctree.Scalar {
		return time.Time{}, true, false
	}
	if d, err := time.Parse(time.DateOnly, v.Value()); err == nil {
		return d, true, true
	}
	if d, err := time.Parse(time.RFC3339, v.Value()); err == nil {
		y, m, day := d.Date()
		return time.Date(y, m, day, 0, 0, 0, 0, time.UTC), true, true
	}
	return time.Time{}, true, false
}

func deprecated(n *Node) bool { return str(n, "deprecated") == "true" }

// removal says what removing n (an operation, parameter, property or
// header of the old version) breaks, as oasdiff judges it: nothing when
// n was deprecated without an x-sunset date, or its x-sunset date (plus
// Options.DeprecationGrace) has passed; else a promise when n was
// deprecated with a sunset still ahead or unreadable; else an undeclared
// removal. note ends the message.
func (w *walker) removal(n *Node) (r removalKind, note string) {
	if !deprecated(n) {
		return removedUndeclared, " without being deprecated first"
	}
	date, has, ok := sunsetOf(n)
	switch {
	case !has:
		return removedAllowed, ""
	case !ok:
		return removedBeforeSunset, fmt.Sprintf(" while deprecated with an x-sunset %q that is not a date", str(n, "x-sunset"))
	case w.opts.Now.Before(date.Add(w.opts.DeprecationGrace)):
		if w.opts.DeprecationGrace > 0 {
			return removedBeforeSunset, fmt.Sprintf(" before its x-sunset date %s plus the %s grace period", str(n, "x-sunset"), graceString(w.opts.DeprecationGrace))
		}
		return removedBeforeSunset, " before its x-sunset date " + str(n, "x-sunset")
	}
	return removedAllowed, ""
}

type removalKind int

const (
	removedAllowed removalKind = iota
	removedUndeclared
	removedBeforeSunset
)

// removed reports the removal of old (an element of the old version): by
// r when it was not deprecated, by promise (r itself when nil) when it was
// removed before its sunset, and only in changelog mode when the removal
// was announced and its time has come.
func (w *walker) removed(r ruleDef, promise *ruleDef, s side, old *Node, ign []*Node, format string, args ...any) {
	kind, note := w.removal(w.old.derefNode(old))
	switch kind {
	case removedAllowed:
		w.emit(r, s, false, old, true, ign, format, args...)
		return
	case removedBeforeSunset:
		if promise != nil {
			r = *promise
		}
	case removedUndeclared:
		if r.ID != ruleOperationRemoved.ID {
			note = "" // said of operations only, as it always was
		}
	}
	w.emit(r, s, true, old, true, ign, format+"%s", append(args, note)...)
}

// sunsetNotice is the minimum number of days between deprecating an
// element and its x-sunset date, by the operation's stability level
// (oasdiff's --deprecation-days-beta and --deprecation-days-stable).
func (w *walker) sunsetNotice(op *Node) int {
	switch level, _ := stability(op); level {
	case "beta":
		return w.opts.SunsetNoticeBeta
	case "stable":
		return w.opts.SunsetNoticeStable
	}
	return 0
}

// deprecation checks the x-sunset promise of an element present in both
// versions and deprecated in the new one: newly deprecated, it needs a
// readable x-sunset at least notice days away (or none when notice is 0);
// already deprecated, its x-sunset may not be removed, made unreadable or
// moved earlier to less than notice days away.
func (w *walker) deprecation(o, n *Node, s side, notice int, what string, ign []*Node) {
	if !deprecated(n) {
		return
	}
	at := get(n, "x-sunset")
	if at == nil {
		at = get(n, "deprecated")
	}
	today := w.opts.Now.UTC().Truncate(24 * time.Hour)
	nd, nHas, nOK := sunsetOf(n)
	od, oHas, oOK := sunsetOf(o)
	days := int(nd.Sub(today).Hours() / 24)
	if !deprecated(o) {
		switch {
		case !nHas && notice > 0:
			w.emit(ruleDeprecationPolicy, s, true, at, false, ign, "%s: deprecated without an x-sunset date (at least %d days' notice is required)", what, notice)
		case nHas && !nOK:
			w.emit(ruleDeprecationPolicy, s, true, at, false, ign, "%s: deprecated with an x-sunset %q that is not a date (YYYY-MM-DD)", what, str(n, "x-sunset"))
		case nHas && days < notice:
			w.emit(ruleDeprecationPolicy, s, true, at, false, ign, "%s: deprecated with x-sunset %s, %s", what, str(n, "x-sunset"), noticeGiven(days, notice))
		}
		return
	}
	switch {
	case oHas && !nHas:
		w.emit(ruleDeprecationPolicy, s, true, at, false, ign, "%s: x-sunset %s removed while still deprecated", what, str(o, "x-sunset"))
	case !oHas || str(o, "x-sunset") == str(n, "x-sunset"):
	case !nOK:
		w.emit(ruleDeprecationPolicy, s, true, at, false, ign, "%s: x-sunset changed to %q, which is not a date (YYYY-MM-DD)", what, str(n, "x-sunset"))
	case !oOK:
		w.emit(ruleDeprecationPolicy, s, true, at, false, ign, "%s: x-sunset changed from %q, which is not a date, to %s", what, str(o, "x-sunset"), str(n, "x-sunset"))
	case nd.Before(od) && days < notice:
		w.emit(ruleDeprecationPolicy, s, true, at, false, ign, "%s: x-sunset moved earlier from %s to %s, %s", what, str(o, "x-sunset"), str(n, "x-sunset"), noticeGiven(days, notice))
	}
}

func noticeGiven(days, notice int) string {
	if days < 0 {
		return "a date already past"
	}
	return fmt.Sprintf("%d days away (at least %d days' notice is required)", days, notice)
}

// schemaExtensions compares what the OpenAPI extensions oasdiff defines
// say about a schema present in both versions (a property, a parameter's
// or a body's schema): its x-stability-level, its deprecation's x-sunset
// promise, and x-extensible-enum (an enum readers must keep open, so only
// removing a value breaks, and only writers).
func (w *walker) schemaExtensions(o, n *Node, s side, where string, ign []*Node) {
	if get(o, "x-stability-level") != nil || get(n, "x-stability-level") != nil {
		w.stabilityChanged(o, n, s, where, ign)
	}
	w.deprecation(o, n, s, w.notice, where, ign)
	oe, ne := get(o, "x-extensible-enum"), get(n, "x-extensible-enum")
	if oe == nil || ne == nil || oe.Kind != doctree.Sequence || ne.Kind != doctree.Sequence {
		return
	}
	kept := scalars(ne)
	for _, v := range oe.Items() {
		if !kept[v.Value()] {
			w.emit(ruleEnumRemoved, s, s == request, ne, false, ign, "%s: x-extensible-enum value %q removed", where, v.Value())
		}
	}
}
