package schemacheck

import (
	"strings"
	"testing"
)

// TestLintDeepStatementInDirectory: a statement nested past what the C
// parser survives (30,000 IS NULL links killed the process with SIGSEGV)
// is one located SC-DB001 finding; the statements after it in its file and
// the other files of the directory are still checked, against a catalog
// that holds what the rest of the file created.
func TestLintDeepStatementInDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"1_deep.up.sql": "CREATE TABLE t (a int);\nSELECT 1" + strings.Repeat(" IS NULL", 30000) + ";\n" +
			"CREATE TABLE u (id bigint PRIMARY KEY, email text);\n",
		"2_index.up.sql": "CREATE INDEX u_email_idx ON u (email);\n",
	})
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Lint([]string{"."})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.RuleID == "SC-DB001" || f.RuleID == "SC-DB101" {
			got = append(got, f.Location.String()+" "+f.RuleID)
		}
	}
	// At the 1,250th IS: SELECT, IS and NULL each count one level.
	want := []string{"1_deep.up.sql:2:10002 SC-DB001", "2_index.up.sql:1:1 SC-DB101"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
