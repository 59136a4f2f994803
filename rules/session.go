package rules

import (
	"strconv"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// Setting is a session setting as the statements so far have left it. SET
// lasts for the session; SET LOCAL (or set_config(…, true)) only until the
// transaction ends, and outside a transaction block does nothing. For the
// timeouts the value is whether one is in effect (0, the default, also
// after RESET, means none); for TimeZone it is the zone, empty when the
// migrations leave the server's default.
type Setting[T any] struct {
	session T
	local   *T
}

// Value is the setting in effect.
func (s Setting[T]) Value() T {
	if s.local != nil {
		return *s.local
	}
	return s.session
}

func (s *Setting[T]) set(v T, local, inTx bool) {
	switch {
	case local && inTx:
		s.local = &v
	case !local:
		s.session, s.local = v, nil
	}
}

func (s *Setting[T]) endTransaction() { s.local = nil }

// followSetting updates the settings rules read (the timeouts, TimeZone)
// for a SET, RESET or SELECT set_config(…) statement.
func (p *Pass) followSetting() {
	n := p.Stmt.Node
	inTx := p.Stmt.InTransaction()
	// apply sets name to the value v (nil: back to the default).
	apply := func(name string, v *pgast.Node, local bool) {
		switch strings.ToLower(name) {
		case "lock_timeout":
			p.Tx.LockTimeout.set(v != nil && nonZero(v), local, inTx)
		case "statement_timeout":
			p.Tx.StatementTimeout.set(v != nil && nonZero(v), local, inTx)
		case "timezone":
			p.Tx.TimeZone.set(zoneOf(v), local, inTx)
		}
	}
	if v := n.GetVariableSetStmt(); v != nil {
		switch v.Kind {
		case pgast.VariableSetKind_VAR_SET_VALUE:
			if len(v.Args) > 0 {
				apply(v.Name, v.Args[0], v.IsLocal)
			}
		case pgast.VariableSetKind_VAR_SET_DEFAULT, pgast.VariableSetKind_VAR_RESET:
			apply(v.Name, nil, v.IsLocal)
		case pgast.VariableSetKind_VAR_RESET_ALL:
			for _, name := range []string{"lock_timeout", "statement_timeout", "timezone"} {
				apply(name, nil, false)
			}
		}
		return
	}
	for _, t := range n.GetSelectStmt().GetTargetList() {
		fc := t.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || len(fc.Args) != 3 || !strings.EqualFold(stringList(fc.Funcname)[len(fc.Funcname)-1], "set_config") {
			continue
		}
		name := fc.Args[0].GetAConst().GetSval().GetSval()
		local := fc.Args[2].GetAConst().GetBoolval().GetBoolval() || strings.EqualFold(fc.Args[2].GetAConst().GetSval().GetSval(), "true")
		apply(name, fc.Args[1], local)
	}
}

// nonZero reports whether a setting value is a non-zero duration: 0,
// '0', '0s' and '0ms' all mean no timeout.
func nonZero(v *pgast.Node) bool {
	c := v.GetAConst()
	switch {
	case c == nil:
		return true
	case c.GetIval() != nil:
		return c.GetIval().Ival != 0
	case c.GetFval() != nil:
		f, _ := strconv.ParseFloat(c.GetFval().Fval, 64)
		return f != 0
	case c.GetSval() != nil:
		return durationOn(c.GetSval().Sval)
	}
	return true
}

// durationOn reports whether a timeout value ('2s', 3000, '0ms') is a
// timeout: anything but zero or empty. An unreadable value counts, as
// PostgreSQL would refuse it rather than run without a timeout.
func durationOn(v string) bool {
	v = strings.Trim(strings.TrimSpace(v), `'"`)
	if v == "" {
		return false
	}
	end := 0
	for end < len(v) && (v[end] >= '0' && v[end] <= '9' || v[end] == '.') {
		end++
	}
	f, err := strconv.ParseFloat(v[:end], 64)
	return err != nil || f != 0
}

// zoneOf is the zone a SET TimeZone value names: 'UTC', or a number of
// hours (SET TIME ZONE 0); empty for the server's default (SET TIME ZONE
// LOCAL or DEFAULT, RESET) and for what it cannot read.
func zoneOf(v *pgast.Node) string {
	c := v.GetAConst()
	switch {
	case c.GetSval() != nil:
		if z := c.GetSval().Sval; !strings.EqualFold(z, "local") && !strings.EqualFold(z, "default") {
			return z
		}
	case c.GetIval() != nil:
		return strconv.Itoa(int(c.GetIval().Ival))
	case c.GetFval() != nil:
		return c.GetFval().Fval
	}
	return ""
}

// SessionTimeout is the timeout (lock_timeout, statement_timeout) the
// migration tool's connection sets before each file (databases[].session
// in the config), as a session-level SET.
func SessionTimeout(session map[string]string, name string) Setting[bool] {
	v, _ := sessionValue(session, name)
	return Setting[bool]{session: durationOn(v)}
}

// SessionTimeZone is the TimeZone the migration tool's connection sets
// before each file (databases[].session).
func SessionTimeZone(session map[string]string) Setting[string] {
	v, _ := sessionValue(session, "timezone")
	return Setting[string]{session: v}
}

// sessionValue looks a setting up by name in any letter case, as
// PostgreSQL does (Lock_Timeout is lock_timeout).
func sessionValue(session map[string]string, name string) (string, bool) {
	for k, v := range session {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}
