package catalog_test

import (
	"fmt"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// TestDoWrites: the tables a DO block may change rows of, read from its
// body; unknown (ok false) where the body runs code that cannot be read.
func TestDoWrites(t *testing.T) {
	c := catalog.New()
	for _, sql := range []string{
		"CREATE TABLE a (id int)", "CREATE TABLE b (id int)",
		"CREATE FUNCTION backfill() RETURNS void LANGUAGE sql AS 'UPDATE a SET id = 1'",
	} {
		res, err := pgtree.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.Apply(res.Stmts[0].Stmt)
	}
	for _, tc := range []struct{ do, want string }{
		{"DO $$ BEGIN UPDATE a SET id = 2; END $$", "[public.a] true"},
		{"DO $$ DECLARE n int; r record; BEGIN n := 0; FOR r IN SELECT id FROM b LOOP n := n + 1; END LOOP; IF n > 0 THEN DELETE FROM b WHERE id < 0; END IF; END $$", "[public.b] true"},
		{"DO $$ BEGIN INSERT INTO a VALUES (1); TRUNCATE b; END $$", "[public.a public.b] true"},
		{"DO $$ BEGIN RAISE NOTICE 'x'; END $$", "[] true"},
		{"DO $$ BEGIN EXECUTE 'UPDATE b SET id = 3'; END $$", "[] false"},
		{"DO $$ BEGIN PERFORM backfill(); END $$", "[] false"},
		{"DO LANGUAGE plpython3u $$ plpy.execute('UPDATE a SET id = 1') $$", "[] false"},
		{"SELECT 1", "[] true"},
	} {
		res, err := pgtree.Parse(tc.do)
		if err != nil {
			t.Fatal(err)
		}
		tables, ok := c.DoWrites(res.Stmts[0].Stmt)
		names := []string{}
		for _, n := range tables {
			names = append(names, n.String())
		}
		if got := fmt.Sprintf("%v %v", names, ok); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.do, got, tc.want)
		}
	}
}
