package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/gittest"
)

const gateConfig = `version: 1
databases:
  - migrations: db
contracts:
  - name: api
    path: api/openapi.yaml
clients:
  - name: ios
    contract: api
    versions:
      - {version: "1.0", ref: v1.0.0}
servers:
  tags: v*
`

// gateContract is the shop API; each argument is a property line of Order
// (empty to leave it out).
func gateContract(props ...string) string {
	return `openapi: 3.0.3
info: {title: shop, version: "1"}
paths:
  /orders/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
      responses:
        "200":
          description: an order
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
components:
  schemas:
    Order:
      type: object
      properties:
        id: {type: integer, format: int64}
` + strings.Join(props, "")
}

const (
	propStatus = "        status: {type: string}\n"
	propPhone  = "        phone: {type: string}\n"
	propNote   = "        note: {type: string}\n"
)

// gateRepo is a project whose supported client (ios 1.0, built against
// v1.0.0) is already broken on main: main dropped Order.phone from the
// contract and its column from the table, and left it there.
func gateRepo(t *testing.T) *gittest.Repo {
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml":   gateConfig,
		"README.md":          "shop\n",
		"db/1_orders.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, status text, phone text, note text);\n",
		"api/openapi.yaml":   gateContract(propStatus, propPhone, propNote),
	})
	repo.Commit("1.0")
	repo.Git("tag", "v1.0.0")
	repo.Write(map[string]string{
		"db/2_drop_phone.up.sql": "ALTER TABLE orders DROP COLUMN phone;\n",
		"api/openapi.yaml":       gateContract(propStatus, propNote),
	})
	repo.Commit("drop the phone")
	return repo
}

// jsonFindings runs a command and returns its exit code and findings
// (matrix: the findings of its cells, which its SARIF output lists).
func jsonFindings(t *testing.T, dir string, args ...string) (int, []finding.Finding, string) {
	t.Helper()
	if args[0] == "matrix" {
		code, out, errOut := runIn(t, dir, append(args, "--format", "sarif")...)
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID  string `json:"ruleId"`
					Level   string
					Message struct{ Text string }
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 {
			t.Fatalf("%v: %v\n%s\n%s", args, err, out, errOut)
		}
		var fs []finding.Finding
		for _, r := range log.Runs[0].Results {
			sev, _ := finding.ParseSeverity(strings.Replace(r.Level, "note", "info", 1))
			fs = append(fs, finding.Finding{RuleID: r.RuleID, Severity: sev, Message: strings.SplitN(r.Message.Text, "\n", 2)[0]})
		}
		return code, fs, errOut
	}
	code, out, errOut := runIn(t, dir, append(args, "--format", "json")...)
	var rep struct{ Findings []finding.Finding }
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %v\n%s\n%s", args, err, out, errOut)
	}
	return code, rep.Findings, errOut
}

func severities(fs []finding.Finding) map[finding.Severity][]string {
	out := map[finding.Severity][]string{}
	for _, f := range fs {
		out[f.Severity] = append(out[f.Severity], f.RuleID+" "+f.Message)
	}
	return out
}

// TestGateJudgesTheChange is issue 17's acceptance: in a repository whose
// supported client is already broken at the base, a docs-only pull
// request passes check and matrix, and one that breaks another field fails
// both with only that field reported; a change that repairs the client is
// said to.
func TestGateJudgesTheChange(t *testing.T) {
	repo := gateRepo(t)
	main := repo.Git("rev-parse", "HEAD")

	// On main itself (no base but itself), ios 1.0 × this change breaks.
	repo.Git("switch", "-q", "-c", "docs")
	repo.Write(map[string]string{"README.md": "shop, with docs\n"})
	repo.Commit("docs")
	for _, cmd := range []string{"check", "matrix"} {
		code, fs, errOut := jsonFindings(t, repo.Dir, cmd, "--base", main)
		if code != 0 {
			t.Errorf("%s of a docs-only change: exit %d, want 0; findings:\n%s", cmd, code, strings.Join(severities(fs)[finding.SeverityError], "\n"))
		}
		info := severities(fs)[finding.SeverityInfo]
		if !containsPrefix(info, "SC-MX001 ios 1.0 × server this change") {
			t.Errorf("%s: the cell already broken at base is not shown as such: %q", cmd, info)
		}
		if cmd == "check" && !strings.Contains(errOut, "cross-layer findings are the same at") {
			t.Errorf("check: no note that the cross-layer finding about phone is already there:\n%s", errOut)
		}
	}

	// Removing another field fails, with only that field reported.
	repo.Git("switch", "-q", "-c", "break", main)
	repo.Write(map[string]string{"api/openapi.yaml": gateContract(propStatus)})
	repo.Commit("drop the note")
	for _, cmd := range []string{"check", "matrix"} {
		code, fs, _ := jsonFindings(t, repo.Dir, cmd, "--base", main)
		errs := severities(fs)[finding.SeverityError]
		if code != 1 || len(errs) != 1 || !strings.Contains(errs[0], "property note removed") {
			t.Errorf("%s of a change that drops note: exit %d with errors %q, want exit 1 with only the note", cmd, code, errs)
		}
		for _, f := range fs {
			if strings.Contains(f.Message, "phone") && f.Severity > finding.SeverityInfo {
				t.Errorf("%s reports what was broken at the base: %s", cmd, f.Message)
			}
		}
	}

	// Restoring the phone fixes the cell, and says so.
	repo.Git("switch", "-q", "-c", "fix", main)
	repo.Write(map[string]string{
		"api/openapi.yaml":  gateContract(propStatus, propPhone, propNote),
		"db/3_phone.up.sql": "ALTER TABLE orders ADD COLUMN phone text;\n",
	})
	repo.Commit("bring the phone back")
	code, fs, _ := jsonFindings(t, repo.Dir, "matrix", "--base", main)
	if code != 0 || !containsPrefix(severities(fs)[finding.SeverityInfo], "SC-MX002 ios 1.0 × server this change") {
		t.Errorf("matrix of a change that fixes ios 1.0: exit %d, findings %q; want 0 and the cell fixed", code, severities(fs))
	}
	code, out, _ := runIn(t, repo.Dir, "matrix", "--base", main)
	if code != 0 || !strings.Contains(out, "fixed (compatible)") || !strings.Contains(out, "1 fixed by this change") {
		t.Errorf("matrix text: exit %d, want the fixed cell marked:\n%s", code, out)
	}
	repo.Git("switch", "-q", "docs")
	code, out, _ = runIn(t, repo.Dir, "matrix", "--base", main)
	if code != 0 || !strings.Contains(out, "broken at base (") || !strings.Contains(out, "1 already broken at the base") {
		t.Errorf("matrix text of the docs change: exit %d, want the cell broken at base marked:\n%s", code, out)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// TestFingerprintsDoNotDependOnTheWorkingDirectory: findings name files
// relative to where the tool runs, but their fingerprints (baselines) name
// them relative to the project.
func TestFingerprintsDoNotDependOnTheWorkingDirectory(t *testing.T) {
	repo := gateRepo(t)
	prints := func(dir string) []string {
		_, fs, _ := jsonFindings(t, dir, "check", "--base", "v1.0.0", "--config", repo.Dir+"/schemacheck.yaml")
		var out []string
		for _, f := range fs {
			out = append(out, f.RuleID+" "+f.Fingerprint)
		}
		slices.Sort(out)
		return out
	}
	root, sub := prints(repo.Dir), prints(repo.Dir+"/api")
	if len(root) == 0 || strings.Join(root, "\n") != strings.Join(sub, "\n") {
		t.Errorf("fingerprints from the root:\n%s\nfrom api/:\n%s", strings.Join(root, "\n"), strings.Join(sub, "\n"))
	}
}

// TestHistoryKnowsWhatShipped: editing a migration a release holds (a tag
// matching servers.tags, or a released: ref) fails check; editing one that
// is merged but in no release yet is a warning. Timeouts the config's
// session sets satisfy the timeout rules.
func TestHistoryKnowsWhatShipped(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml": "version: 1\nservers: {tags: 'v*'}\ndatabases:\n  - migrations: db\n",
		"db/1_a.up.sql":    "CREATE TABLE a (id int);\n",
		"db/2_b.up.sql":    "CREATE TABLE b (id int);\n",
	})
	repo.Commit("1.0")
	repo.Git("tag", "v1.0.0")
	repo.Write(map[string]string{"db/22_v.up.sql": "CREATE TABLE v (id int);\n"})
	repo.Commit("v, merged")
	repo.Git("tag", "nightly") // not a release: servers.tags is v*
	main := repo.Git("rev-parse", "HEAD")
	repo.Write(map[string]string{
		"db/1_a.up.sql":  "CREATE TABLE a (id bigint);\n",
		"db/22_v.up.sql": "CREATE TABLE v (id bigint);\n",
	})
	code, fs, _ := jsonFindings(t, repo.Dir, "check", "--base", main)
	got := map[string]string{}
	for _, f := range fs {
		got[f.Location.File] = f.RuleID + " " + f.Severity.String()
	}
	if code != 1 || got["db/1_a.up.sql"] != "SC-DB501 error" || got["db/22_v.up.sql"] != "SC-DB501 warning" {
		t.Errorf("edits of a released and an unreleased migration: exit %d, %v; want 1 with SC-DB501 error on 1_a and a warning on 22_v", code, got)
	}

	// released: names a ref that shipped: 22_v is then released too.
	repo.Write(map[string]string{"schemacheck.yaml": "version: 1\nservers: {tags: 'v*'}\nreleased: [nightly]\ndatabases:\n  - migrations: db\n"})
	_, fs, _ = jsonFindings(t, repo.Dir, "check", "--base", main)
	for _, f := range fs {
		if f.Location.File == "db/22_v.up.sql" && f.Severity != finding.SeverityError {
			t.Errorf("a migration the released: ref holds: %s %s, want an error", f.RuleID, f.Severity)
		}
	}
	repo.Write(map[string]string{"schemacheck.yaml": "version: 1\nreleased: [nope]\ndatabases:\n  - migrations: db\n"})
	if code, _, errOut := runIn(t, repo.Dir, "check", "--base", main); code != 2 || !strings.Contains(errOut, "released[0]") {
		t.Errorf("an unknown released: ref: exit %d, %s; want 2 naming it", code, errOut)
	}

	// The session's lock_timeout satisfies require-lock-timeout.
	repo.Write(map[string]string{
		"db/1_a.up.sql":  "CREATE TABLE a (id int);\n",
		"db/22_v.up.sql": "CREATE TABLE v (id int);\n",
		"db/23_w.up.sql": "ALTER TABLE a ADD COLUMN w text;\n",
	})
	for _, tc := range []struct {
		config string
		want   bool
	}{
		{"version: 1\ndatabases:\n  - migrations: db\n", true},
		{"version: 1\ndatabases:\n  - migrations: db\n    session: {lock_timeout: 3s}\n", false},
	} {
		repo.Write(map[string]string{"schemacheck.yaml": tc.config})
		_, fs, _ := jsonFindings(t, repo.Dir, "check", "--base", main)
		has := slices.ContainsFunc(fs, func(f finding.Finding) bool { return f.RuleID == "SC-DB110" })
		if has != tc.want {
			t.Errorf("config %q: SC-DB110 reported %v, want %v", tc.config, has, tc.want)
		}
	}
}
