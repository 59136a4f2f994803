package preflight_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/drift"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
)

// TestBookkeepingQueries runs each layout's bookkeeping query on its tool's
// table, created as the tool creates it (its DDL) and filled as the tool
// fills it, through the read-only session preflight uses.
func TestBookkeepingQueries(t *testing.T) {
	url := testenv.Database(t)
	ctx := context.Background()
	conn := testenv.Connect(t, url)
	for _, tc := range []struct {
		layout migration.Layout
		setup  string
		want   string // version:state, sorted
	}{
		{migration.LayoutGolangMigrate,
			`CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
			 INSERT INTO schema_migrations VALUES (20240102, true)`,
			"20240102:failed"},
		{migration.LayoutGoose,
			`CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NULL default now(), PRIMARY KEY(id));
			 INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), (3, true), (3, false)`,
			"1:applied 2:applied"},
		{migration.LayoutFlyway,
			`CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL,
			   type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INTEGER, installed_by VARCHAR(100) NOT NULL,
			   installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INTEGER NOT NULL, success BOOLEAN NOT NULL);
			 INSERT INTO flyway_schema_history VALUES
			   (1, '1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'u', now(), 0, true),
			   (2, '1.1', 'more', 'SQL', 'V1_1__more.sql', 1, 'u', now(), 5, true),
			   (3, NULL, 'views', 'SQL', 'R__views.sql', 2, 'u', now(), 5, true),
			   (4, '2', 'x', 'SQL', 'V2__x.sql', 3, 'u', now(), 5, false)`,
			"1.1:applied 1:through 2:failed R__views.sql:applied"},
		{migration.LayoutDbmate,
			`CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY);
			 INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240102000000')`,
			"20240101000000:applied 20240102000000:applied"},
		{migration.LayoutPrisma,
			`CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
			   migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
			   applied_steps_count INTEGER NOT NULL DEFAULT 0);
			 INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at) VALUES
			   ('a', 'x', now(), '20240101000000_init', NULL), ('b', 'x', NULL, '20240201000000_users', NULL), ('c', 'x', NULL, '20240301000000_gone', now())`,
			"20240101000000_init:applied 20240201000000_users:failed"},
		{migration.LayoutAtlas,
			`CREATE SCHEMA atlas_schema_revisions;
			 CREATE TABLE atlas_schema_revisions.atlas_schema_revisions (version character varying NOT NULL, description character varying NOT NULL,
			   type bigint NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0, total bigint NOT NULL DEFAULT 0, executed_at timestamptz NOT NULL,
			   execution_time bigint NOT NULL, error text NULL, error_stmt text NULL, hash character varying NOT NULL, partial_hashes jsonb NULL,
			   operator_version character varying NOT NULL, PRIMARY KEY (version));
			 INSERT INTO atlas_schema_revisions.atlas_schema_revisions (version, description, type, applied, total, executed_at, execution_time, error, hash, operator_version) VALUES
			   ('.atlas_cloud_identifiers', 'x', 0, 0, 0, now(), 0, NULL, 'h', 'v'),
			   ('20240101', 'base', 1, 0, 0, now(), 0, NULL, 'h', 'v'),
			   ('20240102', 'a', 2, 3, 3, now(), 0, NULL, 'h', 'v'),
			   ('20240103', 'b', 2, 1, 3, now(), 0, 'boom', 'h', 'v')`,
			"20240101:through 20240102:applied 20240103:failed"},
		{migration.LayoutDiesel,
			`CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
			 INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000000')`,
			"20240101000000:applied"},
		{migration.LayoutSqitch,
			`CREATE SCHEMA sqitch;
			 CREATE TABLE sqitch.changes (change_id TEXT PRIMARY KEY, script_hash TEXT NULL, change TEXT NOT NULL, project TEXT NOT NULL,
			   note TEXT NOT NULL DEFAULT '', committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), committer_name TEXT NOT NULL,
			   committer_email TEXT NOT NULL, planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL, planner_email TEXT NOT NULL);
			 INSERT INTO sqitch.changes (change_id, change, project, committer_name, committer_email, planned_at, planner_name, planner_email)
			   VALUES ('a1', 'users', 'shop', 'n', 'e', now(), 'n', 'e')`,
			"users:applied"},
		{migration.LayoutPopx,
			`CREATE TABLE schema_migration (version VARCHAR(48) NOT NULL, version_self INT NOT NULL DEFAULT 0);
			 INSERT INTO schema_migration (version) VALUES ('20240101000000000000')`,
			"20240101000000000000:applied"},
		{migration.LayoutSQLMigrate,
			// gorp's table for sql-migrate's MigrationRecord; the id is the file name.
			`CREATE TABLE IF NOT EXISTS gorp_migrations (id text NOT NULL PRIMARY KEY, applied_at timestamp with time zone);
			 INSERT INTO gorp_migrations VALUES ('1677078479.sql', now()), ('2_users.sql', now())`,
			"1677078479.sql:applied 2_users.sql:applied"},
		{migration.LayoutPGMigrations,
			// postgres-migrations' own migration 0 creates the table.
			`CREATE TABLE IF NOT EXISTS migrations (id integer PRIMARY KEY, name varchar(100) UNIQUE NOT NULL, hash varchar(40) NOT NULL,
			   executed_at timestamp DEFAULT current_timestamp);
			 INSERT INTO migrations (id, name, hash) VALUES (0, 'create-migrations-table', 'h'), (1, '0001-init', 'h'), (10, '00010-search', 'h')`,
			"10:applied 1:applied"},
		{migration.LayoutDrizzle,
			// As drizzle-orm's PgDialect.migrate creates and fills it.
			`CREATE SCHEMA IF NOT EXISTS "drizzle";
			 CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
			 INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ('17db4fd3', 1736548699659), ('9a2b', 1736555146970)`,
			"17db4fd3:applied 9a2b:applied"},
		{migration.LayoutSqlx,
			// As sqlx-postgres's ensure_migrations_table creates it and
			// execute_migration fills it (success = false: older sqlx's failed run).
			`CREATE TABLE IF NOT EXISTS _sqlx_migrations (
			     version BIGINT PRIMARY KEY, description TEXT NOT NULL, installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
			     success BOOLEAN NOT NULL, checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL);
			 INSERT INTO _sqlx_migrations ( version, description, success, checksum, execution_time )
			   VALUES (20210425153745, 'create history', TRUE, sha384('create table history ();'), -1), (20240702094825, 'idx cache index', FALSE, '\x00', 12)`,
			"20210425153745:applied 20240702094825:failed"},
		{migration.LayoutTemporal,
			`CREATE TABLE schema_version (version_partition INT NOT NULL, db_name VARCHAR(255) NOT NULL, creation_time TIMESTAMP,
			   curr_version VARCHAR(64), min_compatible_version VARCHAR(64), PRIMARY KEY (version_partition, db_name));
			 INSERT INTO schema_version VALUES (0, 'temporal', now(), '1.12', '1.0')`,
			"1.12:applied"},
	} {
		t.Run(string(tc.layout), func(t *testing.T) {
			schema := "t_" + strings.ReplaceAll(string(tc.layout), "-", "_")
			if _, err := conn.Exec(ctx, fmt.Sprintf("DROP SCHEMA IF EXISTS atlas_schema_revisions, sqitch, drizzle CASCADE; CREATE SCHEMA %s; SET search_path = %s", schema, schema)); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.Exec(ctx, tc.setup); err != nil {
				t.Fatal(err)
			}
			b, _ := migration.BookkeepingOf(tc.layout)
			s, err := drift.Open(ctx, strings.Replace(url, "?", "?search_path="+schema+"&", 1), drift.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			exists, err := s.Query(ctx, 0, 1, "SELECT to_regclass($1) IS NOT NULL", b.Table())
			if err != nil || exists[0][0] != true {
				t.Fatalf("%s: table not found (%v)", b.Table(), err)
			}
			rows, err := s.Query(ctx, 0, 1000, b.Applied)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, fmt.Sprintf("%v:%v", r[0], r[1]))
			}
			slices.Sort(got)
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, " "), tc.want)
			}
		})
	}
}
