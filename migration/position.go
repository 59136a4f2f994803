package migration

import (
	"regexp"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
)

// At is the position in the file of a parse-tree location (a node's
// Location, counted in the text the parser read); the statement's own
// position when loc is unknown (-1) or outside the statement.
func (s *Statement) At(loc int32) finding.Location {
	k := int(loc) - s.sqlStart
	if loc < 0 || k < 0 || k >= len(s.SQL) {
		return s.Pos
	}
	at := finding.Location{File: s.Pos.File, Line: s.Pos.Line, Column: s.Pos.Column + k}
	if nl := strings.LastIndexByte(s.SQL[:k], '\n'); nl >= 0 {
		at.Line += strings.Count(s.SQL[:k], "\n")
		at.Column = k - nl
	}
	return at
}

// Within returns the statement sql (parsed as node) that is written at
// byte k of s's text, as a statement a DO block runs: it keeps s's place
// in the file's order and transaction, and is positioned where it is
// written, its parse tree's locations (counted in sql) resolving there
// too. A k outside s's text leaves it at s's position.
func (s *Statement) Within(node *pgast.Node, sql string, k int) *Statement {
	in := *s
	in.Node, in.SQL, in.Do = node, sql, ReadDo(node)
	if k < 0 || k+len(sql) > len(s.SQL) || s.SQL[k:k+len(sql)] != sql {
		return &in
	}
	start, end := s.At(int32(s.sqlStart+k)), s.At(int32(s.sqlStart+k+max(len(sql)-1, 0)))
	in.Pos = start
	in.Pos.EndLine, in.Pos.EndColumn = end.Line, end.Column
	in.sqlStart = 0
	return &in
}

// ColumnPos is where the statement defines or changes the column name:
// its definition in CREATE TABLE, or its ADD, ALTER or DROP COLUMN clause
// in ALTER TABLE; the statement's own position otherwise. Column-level
// findings point there, not at the first line of a long CREATE TABLE.
func (s *Statement) ColumnPos(name string) finding.Location {
	switch {
	case s.Node.GetCreateStmt() != nil:
		for _, el := range s.Node.GetCreateStmt().TableElts {
			if cd := el.GetColumnDef(); cd != nil && cd.Colname == name {
				return s.At(cd.Location)
			}
		}
	case s.Node.GetAlterTableStmt() != nil:
		for _, c := range s.Node.GetAlterTableStmt().Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd == nil {
				continue
			}
			if cd := cmd.GetDef().GetColumnDef(); cd != nil && (cd.Colname == name || cmd.Name == name) && cd.Location >= 0 {
				return s.At(cd.Location)
			}
			if cmd.Name == name && cmd.Subtype != pgast.AlterTableType_AT_AddConstraint {
				if i := columnClause(s.SQL, name); i >= 0 {
					return s.At(int32(s.sqlStart + i))
				}
			}
		}
	}
	return s.Pos
}

// columnClause finds "ALTER [COLUMN] name" or "DROP [COLUMN] [IF EXISTS]
// name" in sql (the parser keeps no location for those clauses) and
// returns the offset of the name.
func columnClause(sql, name string) int {
	ident := regexp.QuoteMeta(name)
	if strings.ToLower(name) != name {
		ident = `"` + ident + `"`
	}
	re := regexp.MustCompile(`(?is)\b(?:ALTER|DROP)\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?("?` + ident + `"?)(?:\s|,|;|$)`)
	m := re.FindStringSubmatchIndex(sql)
	if m == nil {
		return -1
	}
	return m[2]
}
