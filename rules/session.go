package rules

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Setting is a timeout as the statements so far have left it. SET lasts
// for the session; SET LOCAL (or set_config(…, true)) only until the
// transaction ends, and outside a transaction block does nothing; a value
// of 0 (the default, also after RESET) means no timeout.
type Setting struct {
	session bool
	local   *bool
}

// On reports whether a non-zero timeout is in effect.
func (s Setting) On() bool {
	if s.local != nil {
		return *s.local
	}
	return s.session
}

func (s *Setting) set(on, local, inTx bool) {
	switch {
	case local && inTx:
		s.local = &on
	case !local:
		s.session, s.local = on, nil
	}
}

// followSetting updates the timeout settings for a SET, RESET or
// SELECT set_config(…) statement.
func (p *Pass) followSetting() {
	n := p.Stmt.Node
	inTx := p.Stmt.InTransaction()
	apply := func(name string, on, local bool) {
		switch strings.ToLower(name) {
		case "lock_timeout":
			p.Tx.LockTimeout.set(on, local, inTx)
		case "statement_timeout":
			p.Tx.StatementTimeout.set(on, local, inTx)
		}
	}
	if v := n.GetVariableSetStmt(); v != nil {
		switch v.Kind {
		case pg_query.VariableSetKind_VAR_SET_VALUE:
			if len(v.Args) > 0 {
				apply(v.Name, nonZero(v.Args[0]), v.IsLocal)
			}
		case pg_query.VariableSetKind_VAR_SET_DEFAULT, pg_query.VariableSetKind_VAR_RESET:
			apply(v.Name, false, v.IsLocal)
		case pg_query.VariableSetKind_VAR_RESET_ALL:
			apply("lock_timeout", false, false)
			apply("statement_timeout", false, false)
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
		apply(name, nonZero(fc.Args[1]), local)
	}
}

// nonZero reports whether a setting value is a non-zero duration: 0,
// '0', '0s' and '0ms' all mean no timeout.
func nonZero(v *pg_query.Node) bool {
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

// SessionSetting is a timeout the migration tool's connection sets before
// each file (databases[].session in the config), as a session-level SET.
func SessionSetting(value string) Setting { return Setting{session: durationOn(value)} }
