// Package introspect reads a live PostgreSQL database into the catalog
// model, with read-only queries on pg_catalog. The oracle tests compare it
// with the catalog that replaying the migrations builds, and so does drift.
package introspect

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/schemacheck/schemacheck/catalog"
)

// userObjects excludes system schemas and objects that extensions own.
const userObjects = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')`

// Read introspects the database conn is connected to.
func Read(ctx context.Context, conn *pgx.Conn) (*catalog.Catalog, error) {
	b := catalog.NewBuilder()
	steps := []struct {
		what string
		fn   func(context.Context, *pgx.Conn, *catalog.Builder) error
	}{
		{"relations", readRelations}, {"columns", readColumns}, {"constraints", readConstraints},
		{"indexes", readIndexes}, {"enums", readEnums}, {"domains", readDomains}, {"sequences", readSequences},
	}
	for _, s := range steps {
		if err := s.fn(ctx, conn, b); err != nil {
			return nil, fmt.Errorf("introspect %s: %w", s.what, err)
		}
	}
	return b.Catalog(), nil
}

var relKinds = map[string]catalog.RelKind{"r": catalog.RelTable, "p": catalog.RelPartitioned, "v": catalog.RelView, "m": catalog.RelMatView, "f": catalog.RelForeign}

func readRelations(ctx context.Context, conn *pgx.Conn, b *catalog.Builder) error {
	rows, err := conn.Query(ctx, `SELECT n.nspname, c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND `+userObjects)
	if err != nil {
		return err
	}
	return forEach(rows, func(r pgx.Rows) error {
		var schema, name, kind string
		if err := r.Scan(&schema, &name, &kind); err != nil {
			return err
		}
		b.AddTable(&catalog.Table{Name: catalog.Name{Schema: schema, Name: name}, Kind: relKinds[kind]})
		return nil
	})
}

func readColumns(ctx context.Context, conn *pgx.Conn, b *catalog.Builder) error {
	rows, err := conn.Query(ctx, `SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
			pg_get_expr(ad.adbin, ad.adrelid), a.attidentity::text, a.attgenerated::text
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
		WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND `+userObjects+`
		ORDER BY n.nspname, c.relname, a.attnum`)
	if err != nil {
		return err
	}
	return forEach(rows, func(r pgx.Rows) error {
		var schema, table, name, typ, identity, generated string
		var notNull bool
		var def *string
		if err := r.Scan(&schema, &table, &name, &typ, &notNull, &def, &identity, &generated); err != nil {
			return err
		}
		col := &catalog.Column{Name: name, Type: ParseFormatType(typ), NotNull: notNull}
		if def != nil {
			if generated == "s" {
				col.Generated = *def
			} else {
				col.Default = &catalog.Default{Expr: *def}
			}
		}
		switch identity {
		case "a":
			col.Identity = "always"
		case "d":
			col.Identity = "by default"
		}
		b.AddColumn(catalog.Name{Schema: schema, Name: table}, col)
		return nil
	})
}

var constraintKinds = map[string]catalog.ConstraintKind{"p": catalog.PrimaryKey, "u": catalog.Unique, "c": catalog.Check, "f": catalog.ForeignKey, "x": catalog.Exclusion}

func readConstraints(ctx context.Context, conn *pgx.Conn, b *catalog.Builder) error {
	rows, err := conn.Query(ctx, `SELECT n.nspname, c.relname, k.conname, k.contype::text, NOT k.convalidated,
			coalesce((SELECT array_agg(a.attname ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
				JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum), '{}')
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND `+userObjects)
	if err != nil {
		return err
	}
	return forEach(rows, func(r pgx.Rows) error {
		var schema, table, name, kind string
		var notValid bool
		var cols []string
		if err := r.Scan(&schema, &table, &name, &kind, &notValid, &cols); err != nil {
			return err
		}
		b.AddConstraint(catalog.Name{Schema: schema, Name: table}, &catalog.Constraint{Name: name, Kind: constraintKinds[kind], NotValid: notValid, Columns: cols})
		return nil
	})
}

func readIndexes(ctx context.Context, conn *pgx.Conn, b *catalog.Builder) error {
	rows, err := conn.Query(ctx, `SELECT n.nspname, t.relname, c.relname, i.indisunique,
			(SELECT array_agg(CASE WHEN k.attnum = 0 THEN '(expr)' ELSE a.attname END ORDER BY k.ord)
				FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
				LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
				WHERE k.ord <= i.indnkeyatts)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE `+strings.ReplaceAll(userObjects, "c.oid", "t.oid"))
	if err != nil {
		return err
	}
	return forEach(rows, func(r pgx.Rows) error {
		var schema, table, name string
		var unique bool
		var cols []string
		if err := r.Scan(&schema, &table, &name, &unique, &cols); err != nil {
			return err
		}
		b.AddIndex(&catalog.Index{Name: catalog.Name{Schema: schema, Name: name}, Table: catalog.Name{Schema: schema, Name: table}, Unique: unique, Columns: cols})
		return nil
	})
}

func readEnums(ctx context.Context, conn *pgx.Conn, b *catalog.Builder) error {
	rows, err := conn.Query(ctx, `SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
		FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
		WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
		GROUP BY n.nspname, t.typname`)
	if err != nil {
		return err
	}
	return forEach(rows, func(r pgx.Rows) error {
		var schema, name string
		var labels []string
		if err := r.Scan(&schema, &name, &labels); err != nil {
			return err
		}
		b.AddEnum(&catalog.Enum{Name: catalog.Name{Schema: schema, Name: name}, Labels: labels})
		return nil
	})
}

func readDomains(ctx context.Context, conn *pgx.Conn, b *catalog.Builder) error {
	rows, err := conn.Query(ctx, `SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
			coalesce((SELECT array_agg(pg_get_constraintdef(k.oid) ORDER BY k.conname) FROM pg_constraint k
				WHERE k.contypid = t.oid AND k.contype = 'c'), '{}')
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
		WHERE t.typtype = 'd' AND `+strings.ReplaceAll(userObjects, "c.oid", "t.oid"))
	if err != nil {
		return err
	}
	return forEach(rows, func(r pgx.Rows) error {
		var schema, name, base string
		var notNull bool
		var checks []string
		if err := r.Scan(&schema, &name, &base, &notNull, &checks); err != nil {
			return err
		}
		for i, c := range checks { // pg_get_constraintdef: "CHECK ((VALUE > 0))"
			checks[i] = strings.TrimSuffix(strings.TrimPrefix(c, "CHECK ("), ")")
		}
		b.AddDomain(&catalog.Domain{Name: catalog.Name{Schema: schema, Name: name}, Base: ParseFormatType(base), NotNull: notNull, Checks: checks})
		return nil
	})
}

// readSequences reads every sequence, with the column it belongs to for
// serial (auto dependency) and identity (internal dependency) sequences.
func readSequences(ctx context.Context, conn *pgx.Conn, b *catalog.Builder) error {
	rows, err := conn.Query(ctx, `SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), tn.nspname, t.relname, a.attname
		FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
			AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
		LEFT JOIN pg_class t ON t.oid = d.refobjid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
		LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
		WHERE `+userObjects)
	if err != nil {
		return err
	}
	return forEach(rows, func(r pgx.Rows) error {
		var schema, name, typ string
		var tschema, table, column *string
		if err := r.Scan(&schema, &name, &typ, &tschema, &table, &column); err != nil {
			return err
		}
		seq := &catalog.Sequence{Name: catalog.Name{Schema: schema, Name: name}, Type: typ}
		if tschema != nil && table != nil && column != nil {
			seq.OwnedBy = &catalog.ColumnRef{Table: catalog.Name{Schema: *tschema, Name: *table}, Column: *column}
		}
		b.AddSequence(seq)
		return nil
	})
}

func forEach(rows pgx.Rows, fn func(pgx.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

var formatTypeMods = regexp.MustCompile(`^(.*?)\(([\d,]+)\)(.*)$`)

// ParseFormatType turns format_type() output ("character varying(20)",
// "timestamp(3) with time zone", "numeric(10,2)[]") into a catalog.Type.
func ParseFormatType(s string) catalog.Type {
	t := catalog.Type{}
	for strings.HasSuffix(s, "[]") {
		s = strings.TrimSuffix(s, "[]")
		t.ArrayDims++
	}
	if m := formatTypeMods.FindStringSubmatch(s); m != nil {
		s = m[1] + m[3]
		for _, p := range strings.Split(m[2], ",") {
			n, _ := strconv.Atoi(p)
			t.Mods = append(t.Mods, n)
		}
	}
	t.Name = strings.TrimSpace(s)
	return t
}
