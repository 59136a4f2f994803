package locks

// Commands: the variants the classifier tells apart. A row's Command is one
// of these, so the classifier and the table cannot disagree on spelling.
const (
	// ALTER TABLE
	AddColumn                   = "ADD COLUMN"
	AddColumnDefault            = "ADD COLUMN … DEFAULT constant"
	AddColumnVolatile           = "ADD COLUMN … DEFAULT volatile"
	AddColumnNotNullDefault     = "ADD COLUMN … NOT NULL DEFAULT constant"
	AddColumnSerial             = "ADD COLUMN … serial"
	AddColumnIdentity           = "ADD COLUMN … GENERATED AS IDENTITY"
	AddColumnStored             = "ADD COLUMN … GENERATED ALWAYS AS (…) STORED"
	AddColumnUnique             = "ADD COLUMN … UNIQUE"
	AddColumnPrimaryKey         = "ADD COLUMN … PRIMARY KEY"
	AddColumnCheck              = "ADD COLUMN … CHECK"
	AddColumnDomain             = "ADD COLUMN … of a domain with constraints"
	AddColumnReferences         = "ADD COLUMN … REFERENCES, no default"
	AddColumnReferencesDef      = "ADD COLUMN … DEFAULT … REFERENCES"
	DropColumn                  = "DROP COLUMN"
	AlterTypeCoercible          = "ALTER COLUMN TYPE, binary-coercible"
	AlterTypeRewrite            = "ALTER COLUMN TYPE, not binary-coercible"
	AlterTypeUsingCoercible     = "ALTER COLUMN TYPE … USING col::type, binary-coercible"
	AlterTypeTimeZone           = "ALTER COLUMN TYPE, timestamp ↔ timestamptz"
	AlterTypeTimeZoneUTC        = "ALTER COLUMN TYPE, timestamp ↔ timestamptz, TimeZone UTC"
	AlterTypeTimeZoneUTCIndexed = "ALTER COLUMN TYPE, timestamp ↔ timestamptz, TimeZone UTC, column indexed"
	ColumnDefault               = "ALTER COLUMN SET / DROP DEFAULT"
	SetNotNull                  = "ALTER COLUMN SET NOT NULL"
	SetNotNullProved            = "ALTER COLUMN SET NOT NULL, a validated CHECK (col IS NOT NULL) exists"
	SetNotNullAlready           = "ALTER COLUMN SET NOT NULL, column already NOT NULL"
	DropNotNull                 = "ALTER COLUMN DROP NOT NULL"
	SetStatistics               = "ALTER COLUMN SET STATISTICS"
	SetColumnOptions            = "ALTER COLUMN SET / RESET (attribute_option)"
	SetStorage                  = "ALTER COLUMN SET STORAGE"
	SetCompression              = "ALTER COLUMN SET COMPRESSION"
	AddIdentity                 = "ALTER COLUMN ADD GENERATED AS IDENTITY"
	SetIdentity                 = "ALTER COLUMN SET GENERATED / sequence option"
	DropIdentity                = "ALTER COLUMN DROP IDENTITY"
	DropExpression              = "ALTER COLUMN DROP EXPRESSION"
	SetExpression               = "ALTER COLUMN SET EXPRESSION"
	AddCheck                    = "ADD CONSTRAINT … CHECK"
	AddCheckNotValid            = "ADD CONSTRAINT … CHECK … NOT VALID"
	AddForeignKey               = "ADD CONSTRAINT … FOREIGN KEY"
	AddForeignKeyNotValid       = "ADD CONSTRAINT … FOREIGN KEY … NOT VALID"
	AddUnique                   = "ADD CONSTRAINT … UNIQUE"
	AddPrimaryKey               = "ADD CONSTRAINT … PRIMARY KEY"
	AddUniqueUsingIndex         = "ADD CONSTRAINT … UNIQUE USING INDEX"
	AddPrimaryKeyUsingIndex     = "ADD CONSTRAINT … PRIMARY KEY USING INDEX, columns NOT NULL"
	AddPrimaryKeyUsingIndexNl   = "ADD CONSTRAINT … PRIMARY KEY USING INDEX, a column nullable"
	AddExclusion                = "ADD CONSTRAINT … EXCLUDE"
	ValidateCheck               = "VALIDATE CONSTRAINT (a CHECK)"
	ValidateForeignKey          = "VALIDATE CONSTRAINT (a FOREIGN KEY)"
	DropCheck                   = "DROP CONSTRAINT (a CHECK)"
	DropForeignKey              = "DROP CONSTRAINT (a FOREIGN KEY)"
	DropUnique                  = "DROP CONSTRAINT (a UNIQUE or PRIMARY KEY)"
	AlterConstraint             = "ALTER CONSTRAINT … DEFERRABLE"
	SetStorageParam             = "SET / RESET (storage_parameter)"
	ClusterOn                   = "CLUSTER ON"
	SetWithoutCluster           = "SET WITHOUT CLUSTER"
	EnableTrigger               = "ENABLE / DISABLE TRIGGER"
	EnableRule                  = "ENABLE / DISABLE RULE"
	RowSecurity                 = "ENABLE / DISABLE / FORCE ROW LEVEL SECURITY"
	SetLogged                   = "SET LOGGED / UNLOGGED"
	SetTablespace               = "SET TABLESPACE"
	OwnerTo                     = "OWNER TO"
	ReplicaIdentity             = "REPLICA IDENTITY"
	Inherit                     = "INHERIT"
	NoInherit                   = "NO INHERIT"
	AttachPartition             = "ATTACH PARTITION"
	AttachPartitionDefault      = "ATTACH PARTITION, a default partition exists"
	DetachPartition             = "DETACH PARTITION"
	DetachConcurrently          = "DETACH PARTITION … CONCURRENTLY"
	DetachConcDefault           = "DETACH PARTITION … CONCURRENTLY, a default partition exists"
	AddUniqueAdopts             = "ADD CONSTRAINT … UNIQUE or PRIMARY KEY, every partition has a matching one"
	AddForeignKeyAdopts         = "ADD CONSTRAINT … FOREIGN KEY, every partition has a matching validated one"
	OtherSubcommand             = "any other subcommand"

	// CREATE INDEX, DROP INDEX, REINDEX, ALTER INDEX
	PlainIndex        = "CREATE INDEX"
	ConcurrentIndex   = "CREATE INDEX CONCURRENTLY"
	OnlyIndex         = "CREATE INDEX … ON ONLY"
	IndexExists       = "CREATE INDEX IF NOT EXISTS, the index exists"
	ConcurrentExists  = "CREATE INDEX CONCURRENTLY IF NOT EXISTS, the index exists"
	DropPlain         = "DROP INDEX"
	DropConcurrently  = "DROP INDEX CONCURRENTLY"
	ReindexIndex      = "REINDEX INDEX"
	ReindexTable      = "REINDEX TABLE"
	ReindexIndexConc  = "REINDEX INDEX … CONCURRENTLY"
	ReindexTableConc  = "REINDEX TABLE … CONCURRENTLY"
	AlterIndexSet     = "ALTER INDEX … SET (storage_parameter)"
	AlterIndexSetTS   = "ALTER INDEX … SET TABLESPACE"
	AlterIndexAttach  = "ALTER INDEX … ATTACH PARTITION"
	CreateWithFK      = "CREATE TABLE … REFERENCES"
	CreatePartitionOf = "CREATE TABLE … PARTITION OF"
	CreatePartOfDef   = "CREATE TABLE … PARTITION OF, a default partition exists"

	// DROP TABLE, TRUNCATE
	DropPlainTable   = "DROP TABLE"
	DropTableWithFK  = "DROP TABLE, the table has foreign keys"
	DropReferenced   = "DROP TABLE … CASCADE, other tables reference it"
	TruncatePlain    = "TRUNCATE"
	TruncateCascade  = "TRUNCATE … CASCADE, other tables reference it"
	RenameTable      = "ALTER TABLE … RENAME TO"
	RenameColumn     = "ALTER TABLE … RENAME COLUMN"
	RenameConstraint = "ALTER TABLE … RENAME CONSTRAINT"
	RenameIndex      = "ALTER INDEX … RENAME TO"
	SetSchema        = "ALTER TABLE … SET SCHEMA"
	CreateTrigger    = "CREATE TRIGGER"
	ReplaceTrigger   = "CREATE OR REPLACE TRIGGER"
	DropTrigger      = "DROP TRIGGER"
	RenameTrigger    = "ALTER TRIGGER … RENAME"
	CreatePolicy     = "CREATE POLICY"
	AlterPolicy      = "ALTER POLICY"
	DropPolicy       = "DROP POLICY"
	CommentOn        = "COMMENT ON TABLE / COLUMN"
	CreateStats      = "CREATE STATISTICS"
	Refresh          = "REFRESH MATERIALIZED VIEW"
	RefreshConc      = "REFRESH MATERIALIZED VIEW CONCURRENTLY"
	Vacuum           = "VACUUM"
	VacuumFull       = "VACUUM FULL"
	Cluster          = "CLUSTER"
	Analyze          = "ANALYZE"
)

// LockIn is the Command of LOCK TABLE … IN mode MODE.
func LockIn(m Mode) string { return "IN " + m.String() + " MODE" }

const (
	whyVolatile   = "its volatile default is computed for every row"
	whySequence   = "every row gets a value from a sequence"
	whyStored     = "the generated value is computed and stored for every row"
	whyIndexBuild = "it builds an index over every row"
	whyValidate   = "it checks every row against the constraint"
	whyNotNull    = "it checks every row for NULLs"
	whyTypeChange = "every value is converted and the indexes are rebuilt"
	whyTimeZone   = "every value is converted and the indexes are rebuilt (unless the session's TimeZone is UTC)"
	whyColumnIdx  = "the column's indexes are rebuilt (their operator class changes)"
	whyCopy       = "the whole relation is copied"
	whyPartBound  = "it checks every row of the partition against the partition bound"
	whyDefaultPar = "it checks that no row of the default partition belongs to the new partition"
)

// tsColumn gives the fixture's table t a timestamp column with a value in
// every row.
const tsColumn = "ALTER TABLE t ADD COLUMN ts timestamp DEFAULT '2024-01-01 12:00'"

// self is a touch of the relation the statement names, rel one of another role.
func self(m Mode, w Work) Touch           { return Touch{Role: Target, Mode: m, Work: w} }
func rel(role Role, m Mode, w Work) Touch { return Touch{Role: role, Mode: m, Work: w} }

const (
	AE  = AccessExclusive
	SUE = ShareUpdateExclusive
	SRE = ShareRowExclusive
)

// table is the lock table. The oracle (oracle_test.go) runs every row's
// example on PostgreSQL 12 to 18 on the fixture it describes; rows for 10
// and 11 come from the PostgreSQL documentation of those versions.
var table = []Row{
	// ALTER TABLE on a plain table.
	{Family: AlterTable, Command: AddColumn, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int"}},
	{Family: AlterTable, Command: AddColumnDefault, On: Table, PG: before(11), Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)},
		Why: "before PostgreSQL 11 every default is written into every row"},
	{Family: AlterTable, Command: AddColumnDefault, On: Table, PG: since(11), Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int DEFAULT 1"}},
	{Family: AlterTable, Command: AddColumnNotNullDefault, On: Table, PG: before(11), Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)},
		Why: "before PostgreSQL 11 every default is written into every row"},
	{Family: AlterTable, Command: AddColumnNotNullDefault, On: Table, PG: since(11), Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int NOT NULL DEFAULT 1"}},
	{Family: AlterTable, Command: AddColumnVolatile, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyVolatile,
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x double precision DEFAULT random()"}},
	{Family: AlterTable, Command: AddColumnSerial, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whySequence,
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x serial"}},
	{Family: AlterTable, Command: AddColumnIdentity, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whySequence,
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int GENERATED ALWAYS AS IDENTITY"}},
	{Family: AlterTable, Command: AddColumnStored, On: Table, PG: since(12), Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyStored,
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int GENERATED ALWAYS AS (c * 2) STORED"}},
	{Family: AlterTable, Command: AddColumnUnique, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyIndexBuild,
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int UNIQUE"}},
	{Family: AlterTable, Command: AddColumnPrimaryKey, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyIndexBuild,
		Example: Example{Setup: "CREATE TABLE e (a int)", Target: "e", SQL: "ALTER TABLE e ADD COLUMN x int PRIMARY KEY",
			Note: "the table is empty: a new key column of a table with rows is NULL, which PRIMARY KEY rejects"}},
	{Family: AlterTable, Command: AddColumnDomain, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: "every row's value is checked against the domain's constraints as the table is rewritten",
		Example: Example{Setup: "CREATE DOMAIN positive AS int CHECK (VALUE > 0)", SQL: "ALTER TABLE t ADD COLUMN x positive"}},
	{Family: AlterTable, Command: AddColumnCheck, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyValidate,
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int CHECK (x > 0)"}},
	{Family: AlterTable, Command: AddColumnReferences, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Referenced, SRE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int REFERENCES r (id)"}},
	{Family: AlterTable, Command: AddColumnReferencesDef, On: Table, PG: always, Touches: []Touch{self(AE, Scan), rel(Referenced, SRE, Scan)}, Why: whyValidate,
		Example: Example{SQL: "ALTER TABLE t ADD COLUMN x int DEFAULT 1 REFERENCES r (id)"}},
	{Family: AlterTable, Command: DropColumn, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t DROP COLUMN v"}},
	{Family: AlterTable, Command: AlterTypeCoercible, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN v TYPE varchar(40)"}},
	{Family: AlterTable, Command: AlterTypeUsingCoercible, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN v TYPE text USING v::text"}},
	{Family: AlterTable, Command: AlterTypeRewrite, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyTypeChange,
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN c TYPE bigint"}},
	// Between timestamp and timestamptz, PostgreSQL 12 keeps the stored
	// values when the session's TimeZone is UTC (the oracle's servers run
	// in UTC, so the examples set the zone).
	{Family: AlterTable, Command: AlterTypeTimeZone, On: Table, PG: before(12), Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyTypeChange},
	{Family: AlterTable, Command: AlterTypeTimeZone, On: Table, PG: since(12), Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyTimeZone,
		Example: Example{Setup: tsColumn, SQL: "ALTER TABLE t ALTER COLUMN ts TYPE timestamptz", Session: Session{TimeZone: "America/New_York"}}},
	{Family: AlterTable, Command: AlterTypeTimeZoneUTC, On: Table, PG: before(12), Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyTypeChange},
	{Family: AlterTable, Command: AlterTypeTimeZoneUTC, On: Table, PG: since(12), Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: tsColumn, SQL: "ALTER TABLE t ALTER COLUMN ts TYPE timestamptz", Session: Session{TimeZone: "UTC"}}},
	{Family: AlterTable, Command: AlterTypeTimeZoneUTCIndexed, On: Table, PG: before(12), Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyTypeChange},
	{Family: AlterTable, Command: AlterTypeTimeZoneUTCIndexed, On: Table, PG: since(12), Touches: []Touch{self(AE, Scan), {Role: ColumnIndexes, Mode: AE, Work: Rewrite, Rel: "t_ts_idx"}}, Why: whyColumnIdx,
		Example: Example{Setup: tsColumn + "; CREATE INDEX t_ts_idx ON t (ts)", SQL: "ALTER TABLE t ALTER COLUMN ts TYPE timestamptz", Session: Session{TimeZone: "UTC"}}},
	{Family: AlterTable, Command: ColumnDefault, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN c SET DEFAULT 0"}},
	{Family: AlterTable, Command: SetNotNull, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyNotNull,
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN c SET NOT NULL"}},
	{Family: AlterTable, Command: SetNotNullProved, On: Table, PG: before(12), Touches: []Touch{self(AE, Scan)}, Why: whyNotNull},
	{Family: AlterTable, Command: SetNotNullProved, On: Table, PG: since(12), Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_c_nn CHECK (c IS NOT NULL)", SQL: "ALTER TABLE t ALTER COLUMN c SET NOT NULL"}},
	{Family: AlterTable, Command: SetNotNullAlready, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN nn SET NOT NULL"}},
	{Family: AlterTable, Command: DropNotNull, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN nn DROP NOT NULL"}},
	{Family: AlterTable, Command: SetStatistics, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN c SET STATISTICS 500"}},
	{Family: AlterTable, Command: SetColumnOptions, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN c SET (n_distinct = 10)"}},
	{Family: AlterTable, Command: SetStorage, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN v SET STORAGE EXTERNAL"}},
	{Family: AlterTable, Command: SetCompression, On: Table, PG: since(14), Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN v SET COMPRESSION pglz"}},
	{Family: AlterTable, Command: AddIdentity, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ALTER COLUMN ident ADD GENERATED BY DEFAULT AS IDENTITY"}},
	{Family: AlterTable, Command: SetIdentity, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ALTER COLUMN ident ADD GENERATED BY DEFAULT AS IDENTITY", SQL: "ALTER TABLE t ALTER COLUMN ident SET GENERATED ALWAYS"}},
	{Family: AlterTable, Command: DropIdentity, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ALTER COLUMN ident ADD GENERATED BY DEFAULT AS IDENTITY", SQL: "ALTER TABLE t ALTER COLUMN ident DROP IDENTITY"}},
	{Family: AlterTable, Command: DropExpression, On: Table, PG: since(13), Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (c * 2) STORED", SQL: "ALTER TABLE t ALTER COLUMN g DROP EXPRESSION"}},
	{Family: AlterTable, Command: SetExpression, On: Table, PG: since(17), Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyStored,
		Example: Example{Setup: "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (c * 2) STORED", SQL: "ALTER TABLE t ALTER COLUMN g SET EXPRESSION AS (c * 3)"}},
	{Family: AlterTable, Command: AddCheck, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyValidate,
		Example: Example{SQL: "ALTER TABLE t ADD CONSTRAINT t_c_pos CHECK (c > 0)"}},
	{Family: AlterTable, Command: AddCheckNotValid, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ADD CONSTRAINT t_c_pos CHECK (c > 0) NOT VALID"}},
	{Family: AlterTable, Command: AddForeignKey, On: Table, PG: always, Touches: []Touch{self(SRE, Scan), rel(Referenced, SRE, Scan)}, Why: whyValidate,
		Example: Example{SQL: "ALTER TABLE t ADD CONSTRAINT t_rid_fk FOREIGN KEY (rid) REFERENCES r (id)"}},
	{Family: AlterTable, Command: AddForeignKeyNotValid, On: Table, PG: always, Touches: []Touch{self(SRE, CatalogOnly), rel(Referenced, SRE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ADD CONSTRAINT t_rid_fk FOREIGN KEY (rid) REFERENCES r (id) NOT VALID"}},
	{Family: AlterTable, Command: AddUnique, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyIndexBuild,
		Example: Example{SQL: "ALTER TABLE t ADD CONSTRAINT t_c_key UNIQUE (c)"}},
	{Family: AlterTable, Command: AddPrimaryKey, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyIndexBuild,
		Example: Example{Setup: "CREATE TABLE k (id int, c int); INSERT INTO k SELECT g, g FROM generate_series(1, 100) g", Target: "k",
			SQL: "ALTER TABLE k ADD CONSTRAINT k_pkey PRIMARY KEY (id)"}},
	{Family: AlterTable, Command: AddUniqueUsingIndex, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "CREATE UNIQUE INDEX t_c_uidx ON t (c)", SQL: "ALTER TABLE t ADD CONSTRAINT t_c_key UNIQUE USING INDEX t_c_uidx"}},
	{Family: AlterTable, Command: AddPrimaryKeyUsingIndex, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "CREATE TABLE k (id int NOT NULL, c int); INSERT INTO k SELECT g, g FROM generate_series(1, 100) g; CREATE UNIQUE INDEX k_id_idx ON k (id)",
			Target: "k", SQL: "ALTER TABLE k ADD CONSTRAINT k_pkey PRIMARY KEY USING INDEX k_id_idx"}},
	{Family: AlterTable, Command: AddPrimaryKeyUsingIndexNl, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyNotNull,
		Example: Example{Setup: "CREATE TABLE k (id int, c int); INSERT INTO k SELECT g, g FROM generate_series(1, 100) g; CREATE UNIQUE INDEX k_id_idx ON k (id)",
			Target: "k", SQL: "ALTER TABLE k ADD CONSTRAINT k_pkey PRIMARY KEY USING INDEX k_id_idx"}},
	{Family: AlterTable, Command: AddExclusion, On: Table, PG: always, Touches: []Touch{self(AE, Scan)}, Why: whyIndexBuild,
		Example: Example{SQL: "ALTER TABLE t ADD CONSTRAINT t_c_excl EXCLUDE USING btree (c WITH =)"}},
	{Family: AlterTable, Command: ValidateCheck, On: Table, PG: always, Touches: []Touch{self(SUE, Scan)}, Why: whyValidate,
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_c_pos CHECK (c > 0) NOT VALID", SQL: "ALTER TABLE t VALIDATE CONSTRAINT t_c_pos"}},
	{Family: AlterTable, Command: ValidateForeignKey, On: Table, PG: always, Touches: []Touch{self(SUE, Scan), rel(Referenced, RowShare, Scan)}, Why: whyValidate,
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_rid_fk FOREIGN KEY (rid) REFERENCES r (id) NOT VALID", SQL: "ALTER TABLE t VALIDATE CONSTRAINT t_rid_fk"}},
	{Family: AlterTable, Command: DropCheck, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_c_pos CHECK (c > 0)", SQL: "ALTER TABLE t DROP CONSTRAINT t_c_pos"}},
	{Family: AlterTable, Command: DropForeignKey, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Referenced, AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_rid_fk FOREIGN KEY (rid) REFERENCES r (id)", SQL: "ALTER TABLE t DROP CONSTRAINT t_rid_fk"}},
	{Family: AlterTable, Command: DropUnique, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_c_key UNIQUE (c)", SQL: "ALTER TABLE t DROP CONSTRAINT t_c_key"}},
	{Family: AlterTable, Command: AlterConstraint, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_rid_fk FOREIGN KEY (rid) REFERENCES r (id)", SQL: "ALTER TABLE t ALTER CONSTRAINT t_rid_fk DEFERRABLE"}},
	{Family: AlterTable, Command: SetStorageParam, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t SET (fillfactor = 70)"}},
	{Family: AlterTable, Command: ClusterOn, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t CLUSTER ON t_c_idx"}},
	{Family: AlterTable, Command: SetWithoutCluster, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t CLUSTER ON t_c_idx", SQL: "ALTER TABLE t SET WITHOUT CLUSTER"}},
	{Family: AlterTable, Command: EnableTrigger, On: Table, PG: always, Touches: []Touch{self(SRE, CatalogOnly)},
		Example: Example{Setup: fixtureTrigger, SQL: "ALTER TABLE t DISABLE TRIGGER t_trg"}},
	{Family: AlterTable, Command: EnableRule, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "CREATE RULE t_rule AS ON INSERT TO t WHERE false DO INSTEAD NOTHING", SQL: "ALTER TABLE t DISABLE RULE t_rule"}},
	{Family: AlterTable, Command: RowSecurity, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t ENABLE ROW LEVEL SECURITY"}},
	{Family: AlterTable, Command: SetLogged, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyCopy,
		Example: Example{SQL: "ALTER TABLE t SET UNLOGGED"}},
	{Family: AlterTable, Command: SetTablespace, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite)}, Why: whyCopy,
		Example: Example{SQL: "ALTER TABLE t SET TABLESPACE oracle_ts"}},
	{Family: AlterTable, Command: OwnerTo, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t OWNER TO oracle_owner"}},
	{Family: AlterTable, Command: ReplicaIdentity, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t REPLICA IDENTITY FULL"}},
	{Family: AlterTable, Command: Inherit, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(InhParent, SUE, CatalogOnly)},
		Example: Example{Setup: "CREATE TABLE ip (id int, c int); CREATE TABLE ic (id int, c int)", Target: "ic", SQL: "ALTER TABLE ic INHERIT ip"}},
	{Family: AlterTable, Command: NoInherit, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(InhParent, AccessShare, CatalogOnly)},
		Example: Example{Setup: "CREATE TABLE ip (id int, c int); CREATE TABLE ic () INHERITS (ip)", Target: "ic", SQL: "ALTER TABLE ic NO INHERIT ip"}},
	{Family: AlterTable, Command: OtherSubcommand, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "CREATE TYPE tt AS (id int, c int); CREATE TABLE ot (id int, c int)", Target: "ot", SQL: "ALTER TABLE ot OF tt"}},

	// ALTER TABLE on a partitioned table: most subcommands recurse to every
	// partition with the same lock.
	{Family: AlterTable, Command: AddColumn, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, CatalogOnly)},
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD COLUMN x int"}},
	{Family: AlterTable, Command: AddColumnVolatile, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, Rewrite)}, Why: whyVolatile,
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD COLUMN x double precision DEFAULT random()"}},
	{Family: AlterTable, Command: AlterTypeRewrite, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, Rewrite)}, Why: whyTypeChange,
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ALTER COLUMN c TYPE bigint"}},
	{Family: AlterTable, Command: AlterTypeTimeZone, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, Rewrite)}, Why: whyTimeZone,
		Example: Example{Setup: "ALTER TABLE pt ADD COLUMN ts timestamp DEFAULT '2024-01-01 12:00'", SQL: "ALTER TABLE pt ALTER COLUMN ts TYPE timestamptz", Target: "pt", Session: Session{TimeZone: "America/New_York"}}},
	{Family: AlterTable, Command: SetNotNull, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, Scan)}, Why: whyNotNull,
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ALTER COLUMN c SET NOT NULL"}},
	{Family: AlterTable, Command: AddCheck, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, Scan)}, Why: whyValidate,
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_c_pos CHECK (c > 0)"}},
	{Family: AlterTable, Command: AddForeignKey, On: Partitioned, PG: since(11), Touches: []Touch{self(SRE, CatalogOnly), rel(Partitions, SRE, Scan), rel(Referenced, SRE, Scan)}, Why: whyValidate,
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_c_fk FOREIGN KEY (c) REFERENCES r (id)"}},
	{Family: AlterTable, Command: AddForeignKeyNotValid, On: Partitioned, PG: before(18), Rejected: "cannot add NOT VALID foreign key on partitioned table",
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_c_fk FOREIGN KEY (c) REFERENCES r (id) NOT VALID"}},
	{Family: AlterTable, Command: AddForeignKeyNotValid, On: Partitioned, PG: since(18), Touches: []Touch{self(SRE, CatalogOnly), rel(Partitions, SRE, CatalogOnly), rel(Referenced, SRE, CatalogOnly)},
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_c_fk FOREIGN KEY (c) REFERENCES r (id) NOT VALID"}},
	{Family: AlterTable, Command: AddCheckNotValid, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, CatalogOnly)},
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_c_pos CHECK (c > 0) NOT VALID"}},
	{Family: AlterTable, Command: ValidateCheck, On: Partitioned, PG: always, Touches: []Touch{self(SUE, CatalogOnly), rel(Partitions, SUE, Scan)}, Why: whyValidate,
		Example: Example{Target: "pt", Setup: "ALTER TABLE pt ADD CONSTRAINT pt_c_pos CHECK (c > 0) NOT VALID", SQL: "ALTER TABLE pt VALIDATE CONSTRAINT pt_c_pos"}},
	{Family: AlterTable, Command: SetNotNullProved, On: Partitioned, PG: since(12), Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, CatalogOnly)},
		Example: Example{Target: "pt", Setup: "ALTER TABLE pt ADD CONSTRAINT pt_c_nn CHECK (c IS NOT NULL)", SQL: "ALTER TABLE pt ALTER COLUMN c SET NOT NULL"}},
	{Family: AlterTable, Command: AddUnique, On: Partitioned, PG: Versions{11, 17}, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, Share, Scan)}, Why: whyIndexBuild,
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_id_k_key UNIQUE (id, k)"}},
	{Family: AlterTable, Command: AddUnique, On: Partitioned, PG: since(18), Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, Scan)}, Why: whyIndexBuild,
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_id_k_key UNIQUE (id, k)"}},
	{Family: AlterTable, Command: AddUniqueAdopts, On: Partitioned, PG: Versions{11, 17}, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, Share, CatalogOnly)},
		Example: Example{Target: "pt", Setup: fixtureUniquePartition, SQL: "ALTER TABLE pt ADD CONSTRAINT pt_id_k_key UNIQUE (id, k)"}},
	{Family: AlterTable, Command: AddUniqueAdopts, On: Partitioned, PG: since(18), Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, CatalogOnly)},
		Example: Example{Target: "pt", Setup: fixtureUniquePartition, SQL: "ALTER TABLE pt ADD CONSTRAINT pt_id_k_key UNIQUE (id, k)"}},
	{Family: AlterTable, Command: AddUniqueUsingIndex, On: Partitioned, PG: always, Rejected: "not supported on partitioned tables",
		Example: Example{Target: "pt", Setup: "CREATE UNIQUE INDEX pt_id_k_idx ON pt (id, k)", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_id_k_key UNIQUE USING INDEX pt_id_k_idx"}},
	{Family: AlterTable, Command: AddForeignKeyAdopts, On: Partitioned, PG: since(12), Touches: []Touch{self(SRE, CatalogOnly), rel(Partitions, SRE, CatalogOnly), rel(Referenced, AE, CatalogOnly)},
		Example: Example{Target: "pt", Setup: "ALTER TABLE pt_1 ADD CONSTRAINT pt_c_fk FOREIGN KEY (c) REFERENCES r (id)", SQL: "ALTER TABLE pt ADD CONSTRAINT pt_c_fk FOREIGN KEY (c) REFERENCES r (id)"}},
	{Family: AlterTable, Command: AttachPartition, On: Partitioned, PG: before(12), Touches: []Touch{self(AE, CatalogOnly), rel(Attached, AE, Scan)}, Why: whyPartBound},
	{Family: AlterTable, Command: AttachPartition, On: Partitioned, PG: since(12), Touches: []Touch{self(SUE, CatalogOnly), rel(Attached, AE, Scan)}, Why: whyPartBound,
		Example: Example{Target: "pt", Setup: fixtureNewPartition, SQL: "ALTER TABLE pt ATTACH PARTITION pt_new FOR VALUES FROM (1000) TO (2000)"}},
	{Family: AlterTable, Command: AttachPartitionDefault, On: Partitioned, PG: before(12), Touches: []Touch{self(AE, CatalogOnly), rel(Attached, AE, Scan), rel(DefaultPart, AE, Scan)}, Why: whyDefaultPar},
	{Family: AlterTable, Command: AttachPartitionDefault, On: Partitioned, PG: since(12), Touches: []Touch{self(SUE, CatalogOnly), rel(Attached, AE, Scan), rel(DefaultPart, AE, Scan)}, Why: whyDefaultPar,
		Example: Example{Target: "pt", Setup: fixtureNewPartition + "; " + fixtureDefaultPartition, SQL: "ALTER TABLE pt ATTACH PARTITION pt_new FOR VALUES FROM (1000) TO (2000)"}},
	{Family: AlterTable, Command: DetachPartition, On: Partitioned, PG: before(14), Touches: []Touch{self(AE, CatalogOnly), rel(Attached, SUE, CatalogOnly).as("pt_1")},
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt DETACH PARTITION pt_1"}},
	{Family: AlterTable, Command: DetachPartition, On: Partitioned, PG: since(14), Touches: []Touch{self(AE, CatalogOnly), rel(Attached, AE, CatalogOnly).as("pt_1")},
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt DETACH PARTITION pt_1"}},
	{Family: AlterTable, Command: DetachConcurrently, On: Partitioned, PG: before(14), Rejected: "syntax error",
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt DETACH PARTITION pt_1 CONCURRENTLY", NoTx: true}},
	{Family: AlterTable, Command: DetachConcurrently, On: Partitioned, PG: since(14), Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{Target: "pt", SQL: "ALTER TABLE pt DETACH PARTITION pt_1 CONCURRENTLY", NoTx: true}},
	{Family: AlterTable, Command: DetachConcDefault, On: Partitioned, PG: before(14), Rejected: "syntax error",
		Example: Example{Target: "pt", Setup: fixtureDefaultPartition, SQL: "ALTER TABLE pt DETACH PARTITION pt_1 CONCURRENTLY", NoTx: true}},
	{Family: AlterTable, Command: DetachConcDefault, On: Partitioned, PG: since(14), Rejected: "cannot detach partitions concurrently when a default partition exists",
		Example: Example{Target: "pt", Setup: fixtureDefaultPartition, SQL: "ALTER TABLE pt DETACH PARTITION pt_1 CONCURRENTLY", NoTx: true}},

	// ALTER TABLE on a foreign table: no storage, so nothing is rewritten or
	// scanned.
	{Family: AlterTable, Command: AddColumnVolatile, On: Foreign, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Target: "ft", SQL: "ALTER FOREIGN TABLE ft ADD COLUMN x double precision DEFAULT random()"}},
	{Family: AlterTable, Command: AlterTypeRewrite, On: Foreign, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Target: "ft", SQL: "ALTER FOREIGN TABLE ft ALTER COLUMN c TYPE bigint"}},
	{Family: AlterTable, Command: AddCheck, On: Foreign, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Target: "ft", SQL: "ALTER FOREIGN TABLE ft ADD CONSTRAINT ft_c_pos CHECK (c > 0)"}},
	{Family: AlterTable, Command: SetNotNull, On: Foreign, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Target: "ft", SQL: "ALTER FOREIGN TABLE ft ALTER COLUMN c SET NOT NULL"}},

	// CREATE INDEX.
	{Family: CreateIndex, Command: PlainIndex, On: Table, PG: always, Touches: []Touch{self(Share, Scan)}, Why: whyIndexBuild,
		Example: Example{SQL: "CREATE INDEX t_v_idx ON t (v)"}},
	{Family: CreateIndex, Command: ConcurrentIndex, On: Table, PG: always, Touches: []Touch{self(SUE, Scan)}, Why: whyIndexBuild,
		Example: Example{SQL: "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)", NoTx: true}},
	// IF NOT EXISTS naming an index the table has: PostgreSQL takes the
	// lock, finds the name taken and builds nothing (openmeter's repair
	// migration repeats its index statements so).
	{Family: CreateIndex, Command: IndexExists, On: Table, PG: always, Touches: []Touch{self(Share, CatalogOnly)},
		Example: Example{Setup: "CREATE INDEX t_v_idx ON t (v)", SQL: "CREATE INDEX IF NOT EXISTS t_v_idx ON t (v)"}},
	{Family: CreateIndex, Command: ConcurrentExists, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{Setup: "CREATE INDEX t_v_idx ON t (v)", SQL: "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_v_idx ON t (v)", NoTx: true}},
	{Family: CreateIndex, Command: PlainIndex, On: Partitioned, PG: since(11), Touches: []Touch{self(Share, CatalogOnly), rel(Partitions, Share, Scan)}, Why: whyIndexBuild,
		Example: Example{Target: "pt", SQL: "CREATE INDEX pt_c_idx ON pt (c)"}},
	{Family: CreateIndex, Command: ConcurrentIndex, On: Partitioned, PG: always, Rejected: "cannot create index on partitioned table",
		Example: Example{Target: "pt", SQL: "CREATE INDEX CONCURRENTLY pt_c_idx ON pt (c)", NoTx: true}},
	{Family: CreateIndex, Command: OnlyIndex, On: Partitioned, PG: since(11), Touches: []Touch{self(Share, CatalogOnly)},
		Example: Example{Target: "pt", SQL: "CREATE INDEX pt_c_idx ON ONLY pt (c)"}},
	{Family: CreateIndex, Command: ConcurrentIndex, On: Partition, PG: always, Touches: []Touch{self(SUE, Scan)}, Why: whyIndexBuild,
		Example: Example{Target: "pt_1", SQL: "CREATE INDEX CONCURRENTLY pt_1_c_idx ON pt_1 (c)", NoTx: true}},
	{Family: CreateIndex, Command: PlainIndex, On: MatView, PG: always, Touches: []Touch{self(Share, Scan)}, Why: whyIndexBuild,
		Example: Example{Target: "mv", SQL: "CREATE INDEX mv_c_idx ON mv (c)"}},

	// DROP INDEX: the lock is on the index's table as well as the index.
	{Family: DropIndex, Command: DropPlain, On: Index, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(TableOf, AE, CatalogOnly)},
		Example: Example{Target: "t_c_idx", SQL: "DROP INDEX t_c_idx"}},
	{Family: DropIndex, Command: DropConcurrently, On: Index, PG: always, Touches: []Touch{rel(TableOf, SUE, CatalogOnly)},
		Example: Example{Target: "t_c_idx", SQL: "DROP INDEX CONCURRENTLY t_c_idx", NoTx: true}},
	{Family: DropIndex, Command: DropPlain, On: PartitionedIndex, PG: since(11), Touches: []Touch{self(AE, CatalogOnly), rel(TableOf, AE, CatalogOnly), rel(Partitions, AE, CatalogOnly)},
		Example: Example{Target: "pt_c_idx", Setup: "CREATE INDEX pt_c_idx ON pt (c)", SQL: "DROP INDEX pt_c_idx"}},
	{Family: DropIndex, Command: DropConcurrently, On: PartitionedIndex, PG: since(11), Rejected: "cannot drop partitioned index",
		Example: Example{Target: "pt_c_idx", Setup: "CREATE INDEX pt_c_idx ON pt (c)", SQL: "DROP INDEX CONCURRENTLY pt_c_idx", NoTx: true}},

	// ALTER INDEX.
	{Family: AlterIndex, Command: AlterIndexSet, On: Index, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{Target: "t_c_idx", SQL: "ALTER INDEX t_c_idx SET (fillfactor = 70)"}},
	{Family: AlterIndex, Command: AlterIndexSetTS, On: Index, PG: always, Touches: []Touch{self(AE, Rewrite)}, Why: whyCopy,
		Example: Example{Target: "t_c_idx", SQL: "ALTER INDEX t_c_idx SET TABLESPACE oracle_ts"}},
	{Family: AlterIndex, Command: AlterIndexAttach, On: PartitionedIndex, PG: since(11), Touches: []Touch{self(SUE, CatalogOnly), rel(IndexChild, AE, CatalogOnly)},
		Example: Example{Target: "pt_c_idx", Setup: "CREATE INDEX pt_c_idx ON ONLY pt (c); CREATE INDEX pt_1_c_idx ON pt_1 (c)", SQL: "ALTER INDEX pt_c_idx ATTACH PARTITION pt_1_c_idx"}},

	// REINDEX.
	{Family: Reindex, Command: ReindexIndex, On: Index, PG: always, Touches: []Touch{self(AE, Rewrite), rel(TableOf, Share, Scan)}, Why: "it rebuilds the index from every row",
		Example: Example{Target: "t_c_idx", SQL: "REINDEX INDEX t_c_idx"}},
	{Family: Reindex, Command: ReindexTable, On: Table, PG: always, Touches: []Touch{self(Share, Scan), rel(Indexes, AE, Rewrite)}, Why: "it rebuilds every index from every row",
		Example: Example{SQL: "REINDEX TABLE t"}},
	{Family: Reindex, Command: ReindexIndexConc, On: Index, PG: before(12), Rejected: "syntax error"},
	{Family: Reindex, Command: ReindexIndexConc, On: Index, PG: since(12), Touches: []Touch{self(SUE, Rewrite), rel(TableOf, SUE, Scan)}, Why: "it builds a new index from every row",
		Example: Example{Target: "t_c_idx", SQL: "REINDEX INDEX CONCURRENTLY t_c_idx", NoTx: true}},
	{Family: Reindex, Command: ReindexTableConc, On: Table, PG: before(12), Rejected: "syntax error"},
	{Family: Reindex, Command: ReindexTableConc, On: Table, PG: since(12), Touches: []Touch{self(SUE, Scan), rel(Indexes, SUE, Rewrite)}, Why: "it builds new indexes from every row",
		Example: Example{SQL: "REINDEX TABLE CONCURRENTLY t", NoTx: true}},

	// CREATE TABLE.
	{Family: CreateTable, Command: CreateWithFK, On: Table, PG: always, Touches: []Touch{rel(Referenced, SRE, CatalogOnly)},
		Example: Example{Target: "n", SQL: "CREATE TABLE n (id int, rid int REFERENCES r (id))"}},
	{Family: CreateTable, Command: CreatePartitionOf, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Target: "pt", SQL: "CREATE TABLE pt_2 PARTITION OF pt FOR VALUES FROM (1000) TO (2000)"}},
	{Family: CreateTable, Command: CreatePartOfDef, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(DefaultPart, AE, Scan)}, Why: whyDefaultPar,
		Example: Example{Target: "pt", Setup: fixtureDefaultPartition, SQL: "CREATE TABLE pt_2 PARTITION OF pt FOR VALUES FROM (1000) TO (2000)"}},

	// DROP TABLE.
	{Family: DropTable, Command: DropPlainTable, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "DROP TABLE t"}},
	{Family: DropTable, Command: DropTableWithFK, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Referenced, AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_rid_fk FOREIGN KEY (rid) REFERENCES r (id)", SQL: "DROP TABLE t"}},
	{Family: DropTable, Command: DropReferenced, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Referencing, AE, CatalogOnly)},
		Example: Example{Target: "r", Setup: "ALTER TABLE t ADD CONSTRAINT t_rid_fk FOREIGN KEY (rid) REFERENCES r (id)", SQL: "DROP TABLE r CASCADE"}},
	{Family: DropTable, Command: DropPlainTable, On: Partition, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Parent, AE, CatalogOnly)},
		Example: Example{Target: "pt_1", SQL: "DROP TABLE pt_1"}},
	{Family: DropTable, Command: DropPlainTable, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, CatalogOnly)},
		Example: Example{Target: "pt", SQL: "DROP TABLE pt"}},

	// TRUNCATE.
	{Family: Truncate, Command: TruncatePlain, On: Table, PG: always, Touches: []Touch{self(AE, Empty)},
		Example: Example{SQL: "TRUNCATE t"}},
	{Family: Truncate, Command: TruncatePlain, On: Partitioned, PG: always, Touches: []Touch{self(AE, CatalogOnly), rel(Partitions, AE, Empty)},
		Example: Example{Target: "pt", SQL: "TRUNCATE pt"}},
	{Family: Truncate, Command: TruncateCascade, On: Table, PG: always, Touches: []Touch{self(AE, Empty), rel(Referencing, AE, Empty)},
		Example: Example{Target: "r", Setup: "ALTER TABLE t ADD CONSTRAINT t_rid_fk FOREIGN KEY (rid) REFERENCES r (id)", SQL: "TRUNCATE r CASCADE"}},

	// RENAME and SET SCHEMA.
	{Family: Rename, Command: RenameTable, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t RENAME TO t2"}},
	{Family: Rename, Command: RenameColumn, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "ALTER TABLE t RENAME COLUMN c TO c2"}},
	{Family: Rename, Command: RenameConstraint, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "ALTER TABLE t ADD CONSTRAINT t_c_pos CHECK (c > 0)", SQL: "ALTER TABLE t RENAME CONSTRAINT t_c_pos TO t_c_positive"}},
	{Family: Rename, Command: RenameIndex, On: Index, PG: before(12), Touches: []Touch{self(AE, CatalogOnly)}},
	{Family: Rename, Command: RenameIndex, On: Index, PG: since(12), Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{Target: "t_c_idx", SQL: "ALTER INDEX t_c_idx RENAME TO t_c_index"}},
	{Family: Rename, Command: SetSchema, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "CREATE SCHEMA {schema}_2", SQL: "ALTER TABLE t SET SCHEMA {schema}_2"}},

	// Triggers.
	{Family: Trigger, Command: CreateTrigger, On: Table, PG: always, Touches: []Touch{self(SRE, CatalogOnly)},
		Example: Example{Setup: fixtureTriggerFunction, SQL: "CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg_f()"}},
	{Family: Trigger, Command: ReplaceTrigger, On: Table, PG: since(14), Touches: []Touch{self(SRE, CatalogOnly)},
		Example: Example{Setup: fixtureTrigger, SQL: "CREATE OR REPLACE TRIGGER t_trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION trg_f()"}},
	{Family: Trigger, Command: DropTrigger, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: fixtureTrigger, SQL: "DROP TRIGGER t_trg ON t"}},
	{Family: Trigger, Command: RenameTrigger, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: fixtureTrigger, SQL: "ALTER TRIGGER t_trg ON t RENAME TO t_trigger"}},

	// Row-level security policies.
	{Family: Policy, Command: CreatePolicy, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{SQL: "CREATE POLICY t_pol ON t USING (true)"}},
	{Family: Policy, Command: AlterPolicy, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "CREATE POLICY t_pol ON t USING (true)", SQL: "ALTER POLICY t_pol ON t USING (false)"}},
	{Family: Policy, Command: DropPolicy, On: Table, PG: always, Touches: []Touch{self(AE, CatalogOnly)},
		Example: Example{Setup: "CREATE POLICY t_pol ON t USING (true)", SQL: "DROP POLICY t_pol ON t"}},

	// Comments and statistics.
	{Family: Comment, Command: CommentOn, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{SQL: "COMMENT ON COLUMN t.c IS 'the c'"}},
	{Family: Statistics, Command: CreateStats, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{SQL: "CREATE STATISTICS t_stats ON c, rid FROM t"}},

	// Materialized views.
	{Family: RefreshMatView, Command: Refresh, On: MatView, PG: always, Touches: []Touch{self(AE, Rewrite)}, Why: "the view's query runs again and its result replaces the stored rows",
		Example: Example{Target: "mv", SQL: "REFRESH MATERIALIZED VIEW mv"}},
	{Family: RefreshMatView, Command: RefreshConc, On: MatView, PG: always, Touches: []Touch{self(Exclusive, Scan)}, Why: "the view's query runs again and is compared with every stored row",
		Example: Example{Target: "mv", SQL: "REFRESH MATERIALIZED VIEW CONCURRENTLY mv"}},

	// Maintenance.
	{Family: Maintenance, Command: Vacuum, On: Table, PG: always, Touches: []Touch{self(SUE, Scan)}, Why: "it reads every page",
		Example: Example{SQL: "VACUUM t", NoTx: true, ScanUncounted: true}},
	{Family: Maintenance, Command: VacuumFull, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite)}, Why: whyCopy,
		Example: Example{SQL: "VACUUM FULL t", NoTx: true}},
	{Family: Maintenance, Command: Cluster, On: Table, PG: always, Touches: []Touch{self(AE, Rewrite), rel(Indexes, AE, Rewrite)}, Why: whyCopy,
		Example: Example{SQL: "CLUSTER t USING t_c_idx"}},
	{Family: Maintenance, Command: Analyze, On: Table, PG: always, Touches: []Touch{self(SUE, CatalogOnly)},
		Example: Example{SQL: "ANALYZE t", ScanUncounted: true}},
}

// Fixture snippets rows add to the standard fixture.
const (
	fixtureTriggerFunction  = "CREATE FUNCTION trg_f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"
	fixtureTrigger          = fixtureTriggerFunction + "; CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg_f()"
	fixtureNewPartition     = "CREATE TABLE pt_new (id int NOT NULL, k int NOT NULL, c int); INSERT INTO pt_new SELECT g, 1000 + g, g FROM generate_series(1, 100) g"
	fixtureUniquePartition  = "CREATE UNIQUE INDEX pt_1_id_k_key ON pt_1 (id, k); ALTER TABLE pt_1 ADD CONSTRAINT pt_1_id_k_key UNIQUE USING INDEX pt_1_id_k_key"
	fixtureDefaultPartition = "CREATE TABLE pt_def PARTITION OF pt DEFAULT; INSERT INTO pt_def SELECT g, 5000 + g, g FROM generate_series(1, 100) g"
)

func init() {
	for m := AccessShare; m <= AccessExclusive; m++ {
		table = append(table, Row{Family: LockTable, Command: LockIn(m), On: Table, PG: always, Touches: []Touch{self(m, CatalogOnly)},
			Example: Example{SQL: "LOCK TABLE t IN " + m.String() + " MODE"}})
	}
}
