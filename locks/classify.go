package locks

import (
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgast"
)

// Effect is what one statement does to one relation, and the table row
// that says so.
type Effect struct {
	Relation catalog.Name
	Touch
	Row *Row
	// Cmd is the ALTER TABLE subcommand the effect comes from; nil for
	// other statements.
	Cmd *pgast.AlterTableCmd
	// Known is false when the relation is not in the catalog (created
	// outside the migrations), so its kind and facts were assumed.
	Known bool
	// Group numbers the statement's parts (each object of DROP INDEX a, b;
	// each subcommand or clause): effects of one part share it.
	Group int
}

// Of returns what stmt does to each relation it touches on PostgreSQL pg,
// given cat, the schema before it, in session sess. A statement PostgreSQL refuses there
// yields one effect whose Row.Rejected is set. Statements outside the
// table (DML, CREATE of new objects) yield none.
func Of(stmt *pgast.Node, cat *catalog.Catalog, pg int, sess Session) []Effect {
	var out []Effect
	for i, m := range classify(stmt, cat, sess) {
		row := Lookup(m.key, pg)
		if row == nil {
			continue
		}
		if row.Rejected != "" {
			out = append(out, Effect{Relation: m.names[Target].first(), Touch: Touch{Role: Target}, Row: row, Cmd: m.cmd, Known: m.known, Group: i})
			continue
		}
		for _, t := range row.Touches {
			rels, ok := m.names[t.Role]
			if !ok {
				rels = env{cat: cat}.related(t.Role, m.names[Target].first())
			}
			for _, n := range rels {
				e := Effect{Relation: n, Touch: t, Row: row, Cmd: m.cmd, Known: m.known, Group: i}
				if t.Role == Target && m.key.On == Foreign {
					e.Work = CatalogOnly // no storage: nothing to scan or rewrite
				}
				out = append(out, e)
			}
		}
	}
	return out
}

// Strongest returns the effect with the strongest lock among effects for
// which keep returns true, and whether there is one.
func Strongest(effects []Effect, keep func(Effect) bool) (Effect, bool) {
	var best Effect
	found := false
	for _, e := range effects {
		if keep(e) && (!found || e.Mode > best.Mode) {
			best, found = e, true
		}
	}
	return best, found
}

// OnIndex reports whether the relation e locks is an index (the index a
// statement names, or indexes it rebuilds or attaches) rather than a table.
func (e Effect) OnIndex() bool {
	switch e.Role {
	case Target:
		return e.Row.On == Index || e.Row.On == PartitionedIndex
	case Indexes, ColumnIndexes, IndexParent, IndexChild:
		return true
	}
	return false
}

// Message describes an effect's lock for a finding: "takes ACCESS EXCLUSIVE
// on public.t: blocks all reads and writes".
func (e Effect) Message() string {
	return "takes " + e.Mode.String() + " on " + e.Relation.String() + ": " + e.Mode.Blocks()
}

type names []catalog.Name

func (n names) first() catalog.Name {
	if len(n) == 0 {
		return catalog.Name{}
	}
	return n[0]
}

// match is one row key a statement (or subcommand) maps to, with the
// relations playing each role.
type match struct {
	key   Key
	cmd   *pgast.AlterTableCmd
	names map[Role]names
	known bool
}

// env resolves names and relation facts against the catalog.
type env struct {
	cat  *catalog.Catalog
	sess Session
}

func (e env) kind(n catalog.Name) (Kind, bool) {
	t := e.cat.Table(n)
	if t == nil {
		if ix := e.cat.Index(n); ix != nil {
			return e.indexKind(ix), true
		}
		return Table, false
	}
	switch {
	case t.Kind == catalog.RelPartitioned:
		return Partitioned, true
	case t.Kind == catalog.RelMatView:
		return MatView, true
	case t.Kind == catalog.RelForeign:
		return Foreign, true
	case t.PartitionOf != (catalog.Name{}):
		return Partition, true
	}
	return Table, true
}

func (e env) indexKind(ix *catalog.Index) Kind {
	if t := e.cat.Table(ix.Table); t != nil && t.Kind == catalog.RelPartitioned {
		return PartitionedIndex
	}
	return Index
}

// roles names the relation a statement names; the roles that follow from
// it (its partitions, indexes, parent, default partition) are found when a
// row touches them (related), so most statements never look them up.
func (e env) roles(n catalog.Name) map[Role]names {
	return map[Role]names{Target: {n}}
}

// related finds the relations playing a role that follows from the
// target: its partitions, indexes, partitioned parent or default partition.
func (e env) related(role Role, n catalog.Name) names {
	var out names
	switch role {
	case Partitions:
		for _, p := range e.cat.Partitions(n) {
			out = append(out, p.Name)
		}
	case Indexes:
		for _, ix := range e.cat.IndexesOn(n) {
			out = append(out, ix.Name)
		}
	case Parent:
		if t := e.cat.Table(n); t != nil && t.PartitionOf != (catalog.Name{}) {
			out = names{t.PartitionOf}
		}
	case DefaultPart:
		if d := e.cat.DefaultPartition(n); d != nil {
			out = names{d.Name}
		}
	}
	return out
}

func (e env) on(family Family, command string, n catalog.Name) match {
	k, known := e.kind(n)
	return match{key: Key{family, command, k}, names: e.roles(n), known: known}
}

func classify(n *pgast.Node, cat *catalog.Catalog, sess Session) []match {
	e := env{cat: cat, sess: sess}
	switch {
	case n.GetAlterTableStmt() != nil:
		return e.alterTable(n.GetAlterTableStmt())
	case n.GetIndexStmt() != nil:
		s := n.GetIndexStmt()
		t := cat.Resolve(s.Relation)
		k, known := e.kind(t)
		cmd := PlainIndex
		switch {
		case s.Concurrent:
			cmd = ConcurrentIndex
		case !s.Relation.GetInh() && (k == Partitioned || !known):
			// ON ONLY is for partitioned tables: one the catalog does not
			// know is one.
			cmd, k = OnlyIndex, Partitioned
		}
		if s.IfNotExists && k == Table && cat.Index(catalog.Name{Schema: t.Schema, Name: s.Idxname}) != nil {
			cmd = pick(s.Concurrent, ConcurrentExists, IndexExists)
		}
		m := e.on(CreateIndex, cmd, t)
		m.key.On = k
		return []match{m}
	case n.GetDropStmt() != nil:
		return e.drop(n.GetDropStmt())
	case n.GetTruncateStmt() != nil:
		s := n.GetTruncateStmt()
		var out []match
		for _, r := range s.Relations {
			t := cat.Resolve(r.GetRangeVar())
			m := e.on(Truncate, TruncatePlain, t)
			if s.Behavior == pgast.DropBehavior_DROP_CASCADE {
				if refs := cat.ReferencedBy(t); len(refs) > 0 {
					m.key.Command = TruncateCascade
					for _, r := range refs {
						m.names[Referencing] = append(m.names[Referencing], r.Name)
					}
				}
			}
			out = append(out, m)
		}
		return out
	case n.GetCreateStmt() != nil:
		return e.createTable(n.GetCreateStmt())
	case n.GetReindexStmt() != nil:
		s := n.GetReindexStmt()
		conc := option(s.Params, "concurrently")
		switch s.Kind {
		case pgast.ReindexObjectType_REINDEX_OBJECT_INDEX:
			return []match{e.index(Reindex, pick(conc, ReindexIndexConc, ReindexIndex), indexNamed(cat, s.Relation))}
		case pgast.ReindexObjectType_REINDEX_OBJECT_TABLE:
			return []match{e.on(Reindex, pick(conc, ReindexTableConc, ReindexTable), cat.Resolve(s.Relation))}
		}
	case n.GetRenameStmt() != nil:
		return e.rename(n.GetRenameStmt())
	case n.GetAlterObjectSchemaStmt() != nil:
		s := n.GetAlterObjectSchemaStmt()
		if s.Relation != nil && s.ObjectType == pgast.ObjectType_OBJECT_TABLE {
			return []match{e.on(Rename, SetSchema, cat.Resolve(s.Relation))}
		}
	case n.GetCreateTrigStmt() != nil:
		s := n.GetCreateTrigStmt()
		return []match{e.on(Trigger, pick(s.Replace, ReplaceTrigger, CreateTrigger), cat.Resolve(s.Relation))}
	case n.GetCreatePolicyStmt() != nil:
		return []match{e.on(Policy, CreatePolicy, cat.Resolve(n.GetCreatePolicyStmt().Table))}
	case n.GetAlterPolicyStmt() != nil:
		return []match{e.on(Policy, AlterPolicy, cat.Resolve(n.GetAlterPolicyStmt().Table))}
	case n.GetCommentStmt() != nil:
		s := n.GetCommentStmt()
		parts := stringItems(s.Object)
		switch s.Objtype {
		case pgast.ObjectType_OBJECT_TABLE:
			return []match{e.on(Comment, CommentOn, qualified(cat, parts))}
		case pgast.ObjectType_OBJECT_COLUMN:
			if len(parts) >= 2 {
				return []match{e.on(Comment, CommentOn, qualified(cat, parts[:len(parts)-1]))}
			}
		}
	case n.GetCreateStatsStmt() != nil:
		for _, r := range n.GetCreateStatsStmt().Relations {
			if rv := r.GetRangeVar(); rv != nil {
				return []match{e.on(Statistics, CreateStats, cat.Resolve(rv))}
			}
		}
	case n.GetRefreshMatViewStmt() != nil:
		s := n.GetRefreshMatViewStmt()
		m := e.on(RefreshMatView, pick(s.Concurrent, RefreshConc, Refresh), cat.Resolve(s.Relation))
		m.key.On = MatView
		return []match{m}
	case n.GetVacuumStmt() != nil:
		return e.vacuum(n.GetVacuumStmt())
	case n.GetClusterStmt() != nil:
		s := n.GetClusterStmt()
		if s.Relation == nil {
			return []match{{key: Key{Maintenance, Cluster, Table}, names: map[Role]names{Target: {{Name: "every clustered table"}}}}}
		}
		return []match{e.on(Maintenance, Cluster, cat.Resolve(s.Relation))}
	case n.GetLockStmt() != nil:
		s := n.GetLockStmt()
		var out []match
		for _, r := range s.Relations {
			m := e.on(LockTable, LockIn(Mode(s.Mode)), cat.Resolve(r.GetRangeVar()))
			m.key.On = Table
			out = append(out, m)
		}
		return out
	}
	return nil
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// index is a match for a statement naming an index.
func (e env) index(family Family, command string, ix *catalog.Index) match {
	m := match{key: Key{family, command, Index}, names: map[Role]names{Target: {ix.Name}, TableOf: {ix.Table}}}
	if e.cat.Index(ix.Name) != nil {
		m.known = true
		m.key.On = e.indexKind(ix)
		for _, p := range e.cat.Partitions(ix.Table) {
			m.names[Partitions] = append(m.names[Partitions], p.Name)
		}
	}
	return m
}

func (e env) alterTable(s *pgast.AlterTableStmt) []match {
	target := e.cat.Resolve(s.Relation)
	isIndex := s.Objtype == pgast.ObjectType_OBJECT_INDEX
	var out []match
	for _, c := range s.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		if isIndex {
			ix := indexNamed(e.cat, s.Relation)
			command := OtherSubcommand
			switch cmd.Subtype {
			case pgast.AlterTableType_AT_SetRelOptions, pgast.AlterTableType_AT_ResetRelOptions:
				command = AlterIndexSet
			case pgast.AlterTableType_AT_SetTableSpace:
				command = AlterIndexSetTS
			case pgast.AlterTableType_AT_AttachPartition:
				command = AlterIndexAttach
			}
			m := e.index(AlterIndex, command, ix)
			if command == OtherSubcommand {
				m.key.Family, m.key.On = AlterTable, Table
			}
			if command == AlterIndexAttach {
				m.names[IndexChild] = names{indexNamed(e.cat, cmd.Def.GetPartitionCmd().GetName()).Name}
			}
			m.cmd = cmd
			out = append(out, m)
			continue
		}
		for _, command := range e.subcommands(target, cmd) {
			m := e.on(AlterTable, command, target)
			if !m.known && partitionedOnly[command] {
				m.key.On = Partitioned // only a partitioned table takes it
			}
			if s.Objtype == pgast.ObjectType_OBJECT_FOREIGN_TABLE {
				m.key.On = Foreign
			}
			m.cmd = cmd
			e.fillAlterRoles(m, target, cmd, command)
			out = append(out, m)
		}
	}
	return out
}

// partitionedOnly are the subcommands PostgreSQL accepts only on a
// partitioned table, so a relation the catalog does not know is one.
var partitionedOnly = map[string]bool{AttachPartition: true, AttachPartitionDefault: true, DetachPartition: true,
	DetachConcurrently: true, DetachConcDefault: true}

// fillAlterRoles names the relations other than the target an ALTER TABLE
// subcommand touches.
func (e env) fillAlterRoles(m match, target catalog.Name, cmd *pgast.AlterTableCmd, command string) {
	switch command {
	case AddForeignKey, AddForeignKeyNotValid:
		m.names[Referenced] = names{e.cat.Resolve(cmd.Def.GetConstraint().GetPktable())}
	case AddColumnReferences:
		for _, c := range cmd.Def.GetColumnDef().GetConstraints() {
			if con := c.GetConstraint(); con.GetContype() == pgast.ConstrType_CONSTR_FOREIGN {
				m.names[Referenced] = append(m.names[Referenced], e.cat.Resolve(con.Pktable))
			}
		}
	case AlterTypeTimeZoneUTCIndexed:
		m.names[ColumnIndexes] = e.columnIndexes(e.cat.Table(target), cmd.Name)
	case ValidateForeignKey, DropForeignKey, AlterConstraint:
		if k := constraintOf(e.cat, target, cmd.Name); k != nil && k.Kind == catalog.ForeignKey {
			m.names[Referenced] = names{k.RefTable}
		}
	case AttachPartition, AttachPartitionDefault, DetachPartition, DetachConcurrently:
		m.names[Attached] = names{e.cat.Resolve(cmd.Def.GetPartitionCmd().GetName())}
	case Inherit, NoInherit:
		m.names[InhParent] = names{e.cat.Resolve(cmd.Def.GetRangeVar())}
	}
}

// subcommands maps one ALTER TABLE subcommand onto the table's commands:
// usually one, but a column definition with several clauses (a default, a
// CHECK, a UNIQUE) is each of them.
func (e env) subcommands(target catalog.Name, cmd *pgast.AlterTableCmd) []string {
	table := e.cat.Table(target)
	known := table != nil && !table.Uncertain
	var col *catalog.Column
	if table != nil {
		col = table.Column(cmd.Name)
	}
	switch cmd.Subtype {
	case pgast.AlterTableType_AT_AddColumn:
		return e.addColumn(cmd.Def.GetColumnDef())
	case pgast.AlterTableType_AT_DropColumn:
		return []string{DropColumn}
	case pgast.AlterTableType_AT_AlterColumnType:
		return []string{e.typeChange(table, col, known, cmd)}
	case pgast.AlterTableType_AT_ColumnDefault:
		return []string{ColumnDefault}
	case pgast.AlterTableType_AT_SetNotNull:
		switch {
		case known && col != nil && col.NotNull:
			return []string{SetNotNullAlready}
		case known && hasValidatedNotNullCheck(table, cmd.Name):
			return []string{SetNotNullProved}
		}
		return []string{SetNotNull}
	case pgast.AlterTableType_AT_DropNotNull:
		return []string{DropNotNull}
	case pgast.AlterTableType_AT_SetStatistics:
		return []string{SetStatistics}
	case pgast.AlterTableType_AT_SetOptions, pgast.AlterTableType_AT_ResetOptions:
		return []string{SetColumnOptions}
	case pgast.AlterTableType_AT_SetStorage:
		return []string{SetStorage}
	case pgast.AlterTableType_AT_SetCompression:
		return []string{SetCompression}
	case pgast.AlterTableType_AT_AddIdentity:
		return []string{AddIdentity}
	case pgast.AlterTableType_AT_SetIdentity:
		return []string{SetIdentity}
	case pgast.AlterTableType_AT_DropIdentity:
		return []string{DropIdentity}
	case pgast.AlterTableType_AT_DropExpression:
		return []string{DropExpression}
	case pgast.AlterTableType_AT_SetExpression:
		return []string{SetExpression}
	case pgast.AlterTableType_AT_AddConstraint:
		con := cmd.Def.GetConstraint()
		command := e.addConstraint(table, con)
		if (command == AddUnique || command == AddPrimaryKey || command == AddForeignKey) && e.partitionsHaveMatching(table, con) {
			command = pick(command == AddForeignKey, AddForeignKeyAdopts, AddUniqueAdopts)
		}
		return []string{command}
	case pgast.AlterTableType_AT_ValidateConstraint:
		if k := constraintOf(e.cat, target, cmd.Name); k != nil && k.Kind == catalog.ForeignKey {
			return []string{ValidateForeignKey}
		}
		return []string{ValidateCheck}
	case pgast.AlterTableType_AT_DropConstraint:
		k := constraintOf(e.cat, target, cmd.Name)
		switch {
		case k == nil || k.Kind == catalog.Check || k.Kind == catalog.NotNull:
			return []string{DropCheck}
		case k.Kind == catalog.ForeignKey:
			return []string{DropForeignKey}
		}
		return []string{DropUnique}
	case pgast.AlterTableType_AT_AlterConstraint:
		return []string{AlterConstraint}
	case pgast.AlterTableType_AT_SetRelOptions, pgast.AlterTableType_AT_ResetRelOptions, pgast.AlterTableType_AT_ReplaceRelOptions:
		return []string{SetStorageParam}
	case pgast.AlterTableType_AT_ClusterOn:
		return []string{ClusterOn}
	case pgast.AlterTableType_AT_DropCluster:
		return []string{SetWithoutCluster}
	case pgast.AlterTableType_AT_EnableTrig, pgast.AlterTableType_AT_EnableAlwaysTrig, pgast.AlterTableType_AT_EnableReplicaTrig,
		pgast.AlterTableType_AT_DisableTrig, pgast.AlterTableType_AT_EnableTrigAll, pgast.AlterTableType_AT_DisableTrigAll,
		pgast.AlterTableType_AT_EnableTrigUser, pgast.AlterTableType_AT_DisableTrigUser:
		return []string{EnableTrigger}
	case pgast.AlterTableType_AT_EnableRule, pgast.AlterTableType_AT_EnableAlwaysRule, pgast.AlterTableType_AT_EnableReplicaRule,
		pgast.AlterTableType_AT_DisableRule:
		return []string{EnableRule}
	case pgast.AlterTableType_AT_EnableRowSecurity, pgast.AlterTableType_AT_DisableRowSecurity,
		pgast.AlterTableType_AT_ForceRowSecurity, pgast.AlterTableType_AT_NoForceRowSecurity:
		return []string{RowSecurity}
	case pgast.AlterTableType_AT_SetLogged, pgast.AlterTableType_AT_SetUnLogged:
		return []string{SetLogged}
	case pgast.AlterTableType_AT_SetTableSpace:
		return []string{SetTablespace}
	case pgast.AlterTableType_AT_ChangeOwner:
		return []string{OwnerTo}
	case pgast.AlterTableType_AT_ReplicaIdentity:
		return []string{ReplicaIdentity}
	case pgast.AlterTableType_AT_AddInherit:
		return []string{Inherit}
	case pgast.AlterTableType_AT_DropInherit:
		return []string{NoInherit}
	case pgast.AlterTableType_AT_AttachPartition:
		if e.cat.DefaultPartition(target) != nil {
			return []string{AttachPartitionDefault}
		}
		return []string{AttachPartition}
	case pgast.AlterTableType_AT_DetachPartition:
		if cmd.Def.GetPartitionCmd().GetConcurrent() {
			if e.cat.DefaultPartition(target) != nil {
				return []string{DetachConcDefault}
			}
			return []string{DetachConcurrently}
		}
		return []string{DetachPartition}
	}
	return []string{OtherSubcommand}
}

// addColumn maps a column definition onto the commands of its clauses.
func (e env) addColumn(def *pgast.ColumnDef) []string {
	if def == nil {
		return []string{AddColumn}
	}
	base := AddColumn
	notNull := def.IsNotNull
	defaults := []*pgast.Node{def.RawDefault}
	var extra []string
	for _, c := range def.Constraints {
		con := c.GetConstraint()
		switch con.GetContype() {
		case pgast.ConstrType_CONSTR_NOTNULL:
			notNull = true
		case pgast.ConstrType_CONSTR_DEFAULT:
			defaults = append(defaults, con.RawExpr)
		case pgast.ConstrType_CONSTR_IDENTITY:
			base = AddColumnIdentity
		case pgast.ConstrType_CONSTR_GENERATED:
			base = AddColumnStored
		case pgast.ConstrType_CONSTR_UNIQUE:
			extra = append(extra, AddColumnUnique)
		case pgast.ConstrType_CONSTR_PRIMARY:
			extra = append(extra, AddColumnPrimaryKey)
		case pgast.ConstrType_CONSTR_CHECK:
			extra = append(extra, AddColumnCheck)
		case pgast.ConstrType_CONSTR_FOREIGN:
			extra = append(extra, AddColumnReferences)
		}
	}
	if catalog.IsSerial(def.TypeName) {
		base = AddColumnSerial
	}
	if d := e.domain(def.TypeName); d != nil && (len(d.Checks) > 0 || d.NotNull) && base == AddColumn {
		base = AddColumnDomain
	}
	if base == AddColumn {
		for _, d := range defaults {
			switch {
			case d == nil:
			case e.cat.Volatile(d):
				base = AddColumnVolatile
			case base == AddColumn && notNull:
				base = AddColumnNotNullDefault
			case base == AddColumn:
				base = AddColumnDefault
			}
		}
	}
	for i, x := range extra {
		if x == AddColumnReferences && base != AddColumn && base != AddColumnDomain {
			extra[i] = AddColumnReferencesDef // existing rows get a value to check
		}
	}
	return append([]string{base}, extra...)
}

// domain returns the catalog domain a column type names, or nil.
func (e env) domain(tn *pgast.TypeName) *catalog.Domain {
	var parts []string
	for _, n := range tn.GetNames() {
		parts = append(parts, n.GetString_().GetSval())
	}
	if len(parts) == 0 {
		return nil
	}
	if len(parts) > 1 {
		return e.cat.Domain(catalog.Name{Schema: parts[len(parts)-2], Name: parts[len(parts)-1]})
	}
	for _, schema := range []string{"public", ""} {
		if d := e.cat.Domain(catalog.Name{Schema: schema, Name: parts[0]}); d != nil {
			return d
		}
	}
	return nil
}

// typeChange classifies ALTER COLUMN TYPE: no rewrite when the catalog
// knows the old type and the new one is binary-coercible from it, with no
// USING expression or one that only casts the column to the new type.
// Between timestamp and timestamptz the values are kept only when the
// session's TimeZone is UTC, and the column's indexes are rebuilt anyway
// (their operator class changes).
func (e env) typeChange(table *catalog.Table, col *catalog.Column, known bool, cmd *pgast.AlterTableCmd) string {
	def := cmd.Def.GetColumnDef()
	if !known || col == nil || def == nil {
		return AlterTypeRewrite
	}
	to := catalog.TypeOf(def.TypeName)
	switch {
	case !usingOnlyColumn(def.RawDefault, cmd.Name, to):
		return AlterTypeRewrite
	case TimeZoneSwap(col.Type, to) && !e.sess.UTC():
		return AlterTypeTimeZone
	case TimeZoneSwap(col.Type, to) && len(e.columnIndexes(table, col.Name)) > 0:
		return AlterTypeTimeZoneUTCIndexed
	case TimeZoneSwap(col.Type, to):
		return AlterTypeTimeZoneUTC
	case !BinaryCoercible(col.Type, to):
		return AlterTypeRewrite
	case def.RawDefault == nil:
		return AlterTypeCoercible
	}
	return AlterTypeUsingCoercible
}

// usingOnlyColumn reports whether a USING expression is the column itself,
// bare or cast to the new type: PostgreSQL then converts as it does
// without USING (an absent expression counts too).
func usingOnlyColumn(using *pgast.Node, column string, to catalog.Type) bool {
	if using == nil {
		return true
	}
	if tc := using.GetTypeCast(); tc != nil {
		if catalog.TypeOf(tc.TypeName).String() != to.String() {
			return false
		}
		using = tc.Arg
	}
	ref := using.GetColumnRef().GetFields()
	return len(ref) > 0 && ref[len(ref)-1].GetString_().GetSval() == column
}

// columnIndexes lists the table's indexes that read the column.
func (e env) columnIndexes(table *catalog.Table, column string) names {
	var out names
	for _, ix := range e.cat.IndexesOn(table.Name) {
		if slices.Contains(ix.Columns, column) || slices.Contains(ix.Uses, column) {
			out = append(out, ix.Name)
		}
	}
	return out
}

func (e env) addConstraint(table *catalog.Table, con *pgast.Constraint) string {
	switch con.GetContype() {
	case pgast.ConstrType_CONSTR_CHECK:
		return pick(con.SkipValidation, AddCheckNotValid, AddCheck)
	case pgast.ConstrType_CONSTR_FOREIGN:
		return pick(con.SkipValidation, AddForeignKeyNotValid, AddForeignKey)
	case pgast.ConstrType_CONSTR_UNIQUE:
		return pick(con.Indexname != "", AddUniqueUsingIndex, AddUnique)
	case pgast.ConstrType_CONSTR_PRIMARY:
		if con.Indexname == "" {
			return AddPrimaryKey
		}
		ix := e.cat.Index(catalog.Name{Schema: schemaOf(table), Name: con.Indexname})
		if table == nil || table.Uncertain || ix == nil {
			return AddPrimaryKeyUsingIndexNl
		}
		for _, c := range ix.Columns {
			if col := table.Column(c); col == nil || !col.NotNull {
				return AddPrimaryKeyUsingIndexNl
			}
		}
		return AddPrimaryKeyUsingIndex
	case pgast.ConstrType_CONSTR_EXCLUSION:
		return AddExclusion
	case pgast.ConstrType_CONSTR_NOTNULL:
		return SetNotNull
	}
	return OtherSubcommand
}

// partitionsHaveMatching reports whether table is partitioned and each of
// its (known) partitions already has a constraint the new one on the
// parent adopts instead of building or validating its own: the same kind
// on the same columns (and, for a foreign key, validated and to the same
// table).
func (e env) partitionsHaveMatching(table *catalog.Table, con *pgast.Constraint) bool {
	if table == nil || table.Kind != catalog.RelPartitioned || table.Uncertain {
		return false
	}
	parts := e.cat.Partitions(table.Name)
	kind := map[pgast.ConstrType]catalog.ConstraintKind{pgast.ConstrType_CONSTR_UNIQUE: catalog.Unique,
		pgast.ConstrType_CONSTR_PRIMARY: catalog.PrimaryKey, pgast.ConstrType_CONSTR_FOREIGN: catalog.ForeignKey}[con.Contype]
	cols := con.Keys
	if kind == catalog.ForeignKey {
		cols = con.FkAttrs
	}
	var want []string
	for _, c := range cols {
		want = append(want, c.GetString_().GetSval())
	}
	for _, part := range parts {
		found := false
		for _, k := range part.Constraints {
			same := k.Kind == kind && strings.Join(k.Columns, ",") == strings.Join(want, ",")
			if kind == catalog.ForeignKey {
				same = same && !k.NotValid && k.RefTable == e.cat.Resolve(con.Pktable)
			}
			found = found || same
		}
		if !found || part.Uncertain {
			return false
		}
	}
	return len(parts) > 0
}

func schemaOf(t *catalog.Table) string {
	if t == nil {
		return ""
	}
	return t.Name.Schema
}

func (e env) createTable(s *pgast.CreateStmt) []match {
	var out []match
	if s.Partbound != nil && len(s.InhRelations) == 1 {
		parent := e.cat.Resolve(s.InhRelations[0].GetRangeVar())
		m := e.on(CreateTable, CreatePartitionOf, parent)
		m.key.On = Partitioned
		if e.cat.DefaultPartition(parent) != nil && !s.Partbound.IsDefault {
			m.key.Command = CreatePartOfDef
		}
		out = append(out, m)
	}
	var refs names
	addRef := func(con *pgast.Constraint) {
		if con.GetContype() == pgast.ConstrType_CONSTR_FOREIGN {
			refs = append(refs, e.cat.Resolve(con.Pktable))
		}
	}
	for _, el := range s.TableElts {
		addRef(el.GetConstraint())
		for _, c := range el.GetColumnDef().GetConstraints() {
			addRef(c.GetConstraint())
		}
	}
	if len(refs) > 0 {
		out = append(out, match{key: Key{CreateTable, CreateWithFK, Table}, names: map[Role]names{Referenced: refs}, known: true})
	}
	return out
}

func (e env) drop(s *pgast.DropStmt) []match {
	var out []match
	switch s.RemoveType {
	case pgast.ObjectType_OBJECT_INDEX:
		for _, obj := range s.Objects {
			rv := rangeVarOf(stringItems(obj))
			if s.MissingOk && e.cat.IndexRemoved(rv.Schemaname, rv.Relname) {
				continue // the history dropped it: IF EXISTS finds nothing to lock
			}
			ix := indexNamed(e.cat, rv)
			out = append(out, e.index(DropIndex, pick(s.Concurrent, DropConcurrently, DropPlain), ix))
		}
	case pgast.ObjectType_OBJECT_TABLE:
		for _, obj := range s.Objects {
			t := qualified(e.cat, stringItems(obj))
			if s.MissingOk && e.cat.Table(t) == nil {
				continue
			}
			m := e.on(DropTable, DropPlainTable, t)
			if tab := e.cat.Table(t); tab != nil {
				for _, k := range tab.Constraints {
					if k.Kind == catalog.ForeignKey && k.RefTable != t {
						m.key.Command = DropTableWithFK
						m.names[Referenced] = append(m.names[Referenced], k.RefTable)
					}
				}
			}
			out = append(out, m)
			if refs := e.cat.ReferencedBy(t); len(refs) > 0 && s.Behavior == pgast.DropBehavior_DROP_CASCADE {
				c := e.on(DropTable, DropReferenced, t)
				for _, r := range refs {
					c.names[Referencing] = append(c.names[Referencing], r.Name)
				}
				out = append(out, c)
			}
		}
	case pgast.ObjectType_OBJECT_TRIGGER, pgast.ObjectType_OBJECT_POLICY:
		command := pick(s.RemoveType == pgast.ObjectType_OBJECT_TRIGGER, DropTrigger, DropPolicy)
		family := map[bool]Family{true: Trigger, false: Policy}[command == DropTrigger]
		for _, obj := range s.Objects {
			parts := stringItems(obj)
			if len(parts) < 2 {
				continue
			}
			t := qualified(e.cat, parts[:len(parts)-1])
			if s.MissingOk && e.cat.Table(t) == nil {
				continue
			}
			out = append(out, e.on(family, command, t))
		}
	}
	return out
}

func (e env) rename(s *pgast.RenameStmt) []match {
	if s.Relation == nil {
		return nil
	}
	switch s.RenameType {
	case pgast.ObjectType_OBJECT_TABLE, pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW, pgast.ObjectType_OBJECT_FOREIGN_TABLE:
		return []match{e.on(Rename, RenameTable, e.cat.Resolve(s.Relation))}
	case pgast.ObjectType_OBJECT_COLUMN:
		return []match{e.on(Rename, RenameColumn, e.cat.Resolve(s.Relation))}
	case pgast.ObjectType_OBJECT_TABCONSTRAINT:
		return []match{e.on(Rename, RenameConstraint, e.cat.Resolve(s.Relation))}
	case pgast.ObjectType_OBJECT_INDEX:
		m := e.index(Rename, RenameIndex, indexNamed(e.cat, s.Relation))
		m.key.On = Index
		return []match{m}
	case pgast.ObjectType_OBJECT_TRIGGER:
		return []match{e.on(Trigger, RenameTrigger, e.cat.Resolve(s.Relation))}
	}
	return nil
}

func (e env) vacuum(s *pgast.VacuumStmt) []match {
	command := Analyze
	if s.IsVacuumcmd {
		command = pick(option(s.Options, "full"), VacuumFull, Vacuum)
	}
	var out []match
	for _, r := range s.Rels {
		if rv := r.GetVacuumRelation().GetRelation(); rv != nil {
			out = append(out, e.on(Maintenance, command, e.cat.Resolve(rv)))
		}
	}
	if len(s.Rels) == 0 {
		out = append(out, match{key: Key{Maintenance, command, Table}, names: map[Role]names{Target: {{Name: "every table of the database"}}}})
	}
	return out
}

// option reports whether a statement's option list turns the option on:
// `(CONCURRENTLY)`, `(CONCURRENTLY true)` and `(FULL 1)` do, `(FULL false)`
// and `(CONCURRENTLY off)` do not.
func option(opts []*pgast.Node, name string) bool {
	on := false
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil || !strings.EqualFold(d.Defname, name) {
			continue
		}
		on = true
		switch {
		case d.Arg == nil:
		case d.Arg.GetString_() != nil:
			switch strings.ToLower(d.Arg.GetString_().Sval) {
			case "false", "off", "0", "no":
				on = false
			}
		case d.Arg.GetInteger() != nil:
			on = d.Arg.GetInteger().Ival != 0
		case d.Arg.GetBoolean() != nil:
			on = d.Arg.GetBoolean().Boolval
		case d.Arg.GetAConst() != nil:
			c := d.Arg.GetAConst()
			switch {
			case c.GetBoolval() != nil:
				on = c.GetBoolval().Boolval
			case c.GetIval() != nil:
				on = c.GetIval().Ival != 0
			case c.GetSval() != nil:
				switch strings.ToLower(c.GetSval().Sval) {
				case "false", "off", "0", "no":
					on = false
				}
			}
		}
	}
	return on
}

// Option is option for rules: whether a statement's option list (REINDEX
// (CONCURRENTLY false), VACUUM (FULL false)) turns name on.
func Option(opts []*pgast.Node, name string) bool { return option(opts, name) }

func constraintOf(cat *catalog.Catalog, t catalog.Name, name string) *catalog.Constraint {
	tab := cat.Table(t)
	if tab == nil || tab.Uncertain {
		return nil
	}
	for _, k := range tab.Constraints {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// hasValidatedNotNullCheck reports whether t has a validated CHECK
// constraint of the form `col IS NOT NULL`.
func hasValidatedNotNullCheck(t *catalog.Table, col string) bool {
	for _, k := range t.Constraints {
		if k.Kind == catalog.Check && !k.NotValid && (k.Expr == col+" IS NOT NULL" || k.Expr == `"`+col+`" IS NOT NULL`) {
			return true
		}
	}
	return false
}

// indexNamed finds the index a statement names; an index the catalog does
// not know is on a table it cannot name, which findings call "the table of
// index s.i" (not "s.(table of i)", which reads as a table named s).
func indexNamed(cat *catalog.Catalog, rv *pgast.RangeVar) *catalog.Index {
	if rv == nil {
		return &catalog.Index{}
	}
	if rv.Schemaname != "" {
		if ix := cat.Index(catalog.Name{Schema: rv.Schemaname, Name: rv.Relname}); ix != nil {
			return ix
		}
	} else if ix := cat.IndexNamed(rv.Relname); ix != nil {
		return ix
	}
	name := catalog.Name{Schema: rv.Schemaname, Name: rv.Relname}
	return &catalog.Index{Name: name, Table: catalog.Name{Name: "the table of index " + name.String()}}
}

func stringItems(obj *pgast.Node) []string {
	var out []string
	for _, it := range obj.GetList().GetItems() {
		out = append(out, it.GetString_().GetSval())
	}
	return out
}

func rangeVarOf(parts []string) *pgast.RangeVar {
	if len(parts) == 0 {
		return &pgast.RangeVar{}
	}
	rv := &pgast.RangeVar{Relname: parts[len(parts)-1], Inh: true}
	if len(parts) > 1 {
		rv.Schemaname = parts[len(parts)-2]
	}
	return rv
}

func qualified(cat *catalog.Catalog, parts []string) catalog.Name {
	return cat.Resolve(rangeVarOf(parts))
}
